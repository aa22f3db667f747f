//! Materials (資料): reports, plans, pamphlets and guidebooks handed out at meetings. Chapters
//! (`第１章` with the title on the next line) and their text, the issue date (`令和７年３月発行`),
//! and the facts in the text.

use std::sync::LazyLock;

use regex::Regex;

use super::{dates, facts};
use crate::ingest::Document;
use crate::normalize::{CleanLine, compact, fold_width, heal_join};
use crate::record::{DocumentKind, MaterialSection, Meeting, Record, SCHEMA_VERSION, Source};

/// Example: `第１章`, `第 2 章`, `第三章`
static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[0-9一二三四五六七八九十]+章$").unwrap());

/// Example: `令和７年３月発行`, `2025年3月 発行`
static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?P<era>令和|平成)(?P<ey>\d{1,2}|元)|(?P<wy>\d{4}))年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?:発行|作成|改訂|策定)")
        .unwrap()
});

/// Parses clean lines as a material.
pub fn parse_lines(doc: &Document, lines: Vec<CleanLine>) -> Record {
    let mut sections: Vec<MaterialSection> = Vec::new();
    let mut issued = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let c = compact(&line.text);
        if issued.is_none()
            && let Some(caps) = ISSUED.captures(&dates::kanji_numerals(&c))
        {
            let year = match caps.name("era") {
                Some(era) => {
                    let ey = caps["ey"].replace('元', "1");
                    ey.parse()
                        .ok()
                        .and_then(|y| dates::era_year(era.as_str(), y))
                }
                None => caps["wy"].parse().ok(),
            };
            if let (Some(y), Ok(m)) = (year, caps["m"].parse::<u32>()) {
                issued = Some(match caps.name("d") {
                    Some(d) => format!(
                        "{y:04}-{m:02}-{:02}",
                        d.as_str().parse::<u32>().unwrap_or(1)
                    ),
                    None => format!("{y:04}-{m:02}"),
                });
            }
        }
        if CHAPTER.is_match(&fold_width(&c)) {
            // The chapter's title is printed on the next line.
            let title = lines
                .get(i + 1)
                .map(|l| l.text.trim().to_string())
                .unwrap_or_default();
            sections.push(MaterialSection {
                level: 1,
                number: Some(line.text.trim().to_string()),
                title,
                text: String::new(),
                line: line.no,
            });
            i += 2;
            continue;
        }
        if sections.is_empty() {
            sections.push(MaterialSection {
                level: 1,
                number: None,
                title: line.text.trim().to_string(),
                text: String::new(),
                line: line.no,
            });
        } else {
            let s = sections.last_mut().unwrap();
            if s.text.ends_with('。') {
                s.text.push('\n');
            }
            heal_join(&mut s.text, &line.text);
        }
        i += 1;
    }
    let fact_list = sections
        .iter()
        .flat_map(|s| facts::find(&s.text, None, s.line))
        .collect();
    let title = sections.first().map(|s| s.title.clone());
    Record {
        schema_version: SCHEMA_VERSION,
        kind: DocumentKind::Material,
        source: Source {
            path: doc.path.display().to_string(),
            sha256: doc.sha256.clone(),
            format: doc.format,
            encoding: doc.encoding.clone(),
            pages: doc.pages,
        },
        meeting: Meeting::default(),
        attendance: Default::default(),
        agenda: Vec::new(),
        materials: Vec::new(),
        proceedings: Vec::new(),
        aliases: Vec::new(),
        facts: fact_list,
        header_notes: Vec::new(),
        title,
        issuer: None,
        issued,
        sections,
        organizations: Vec::new(),
        programmes: Vec::new(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Line;
    use crate::record::Format;

    fn doc(text: &str) -> Document {
        Document {
            path: "m.txt".into(),
            format: Format::Txt,
            encoding: "UTF-8".into(),
            sha256: String::new(),
            pages: None,
            lines: text
                .lines()
                .enumerate()
                .map(|(i, t)| Line {
                    text: t.into(),
                    no: i + 1,
                    page: None,
                })
                .collect(),
        }
    }

    #[test]
    fn chapters_and_issue_date() {
        let d = doc(
            "相談支援ガイド\n第１章\n地域で暮らす\n相談窓口は市内に\n12カ所あります。\n第２章\n窓口の一覧\n令和７年３月発行",
        );
        let r = parse_lines(&d, crate::normalize::clean(&d));
        let titles: Vec<&str> = r.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["相談支援ガイド", "地域で暮らす", "窓口の一覧"]);
        assert_eq!(r.sections[1].text, "相談窓口は市内に12カ所あります。");
        assert_eq!(r.issued.as_deref(), Some("2025-03"));
        assert_eq!((r.facts[0].value, r.facts[0].unit.as_str()), (12.0, "カ所"));
    }
}
