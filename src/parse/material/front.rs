//! Front matter and colophon: the id printed above the title (`資料２`), the title and a date
//! flattened onto it, the issue date (`令和７年３月発行`) and the issuer printed with it.

use std::sync::LazyLock;

use regex::Regex;

use super::directory::is_complete_name;
use super::lines::Kind;
use super::{NAME_MAX, Parser, Role};
use crate::parse::dates;
use crate::text::compact;
use crate::text::era::{ERA_YEAR, ERAS, WEEKDAYS, western_year, year_number};

/// Example: `令和７年３月発行`, `2025年3月 発行`, `令和6年4月1日作成`
pub(super) static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:(?P<era>{ERAS})(?P<ey>{ERA_YEAR})|(?P<wy>\d{{4}}))年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?(?P<kw>発行|作成|改訂|策定)"))
        .unwrap()
});

/// A line that is only a date (front matter of a report). Example: `令和７年２月`, `2025年2月17日`
pub(super) static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:(?P<era>{ERAS})(?P<ey>{ERA_YEAR})|(?P<wy>\d{{4}}))年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?(?:\([{WEEKDAYS}]\))?(?:現在|時点)?$"))
        .unwrap()
});

/// A date printed at the end of the title line (a right-aligned date flattened onto it).
/// Example: `活動状況報告 令和７年２月１７日`
pub(super) static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let n = "[0-9０-９]";
    Regex::new(&format!(
        r"[\s　]+(?P<d>(?:(?:{ERAS})[\s　]*(?:{n}{{1,2}}|元)|{n}{{4}})[\s　]*年[\s　]*{n}{{1,2}}[\s　]*月(?:[\s　]*{n}{{1,2}}[\s　]*日)?)$"
    ))
    .unwrap()
});

/// The issuer named on a line. Example: `発行：さくら台市福祉部障害福祉課`, `編集・発行 さくら台市`
pub(super) static ISSUER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:編集[・、]?)?発行(?:者|元)?[\s　]*[:：][\s　]*(?P<x>\S.*)$").unwrap()
});

/// An id printed above the title. Example: `資料２`, `資料 1-2`, `参考資料`, `別紙`
pub(super) static MATERIAL_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:参考)?資料(?:\d{1,2}(?:-\d{1,2})?)?|別紙\d*|別添\d*)$").unwrap()
});

pub(super) fn iso_month(caps: &regex::Captures) -> Option<String> {
    let year = match caps.name("era") {
        Some(era) => year_number(&caps["ey"]).and_then(|y| western_year(era.as_str(), y)),
        None => caps["wy"].parse().ok(),
    }?;
    let m: u32 = caps["m"].parse().ok()?;
    if !(1..=12).contains(&m) {
        return None;
    }
    Some(
        match caps.name("d").and_then(|d| d.as_str().parse::<u32>().ok()) {
            Some(d) => format!("{year:04}-{m:02}-{d:02}"),
            None => format!("{year:04}-{m:02}"),
        },
    )
}

impl Parser<'_> {
    /// The issue date, and the issuer printed with it.
    pub(super) fn find_issue(&mut self) {
        for i in 0..self.lines.len() {
            let text = &self.lines[i].text;
            if self.issuer.is_none()
                && let Some(caps) = ISSUER_LABEL.captures(text.trim())
            {
                self.issuer = Some(caps["x"].trim().to_string());
            }
            if self.issued.is_some() {
                continue;
            }
            let c = dates::kanji_numerals(&compact(text));
            let Some(caps) = ISSUED.captures(&c) else {
                continue;
            };
            self.issued = iso_month(&caps);
            if self.kinds[i] == Kind::Text && self.roles[i] == Role::Free {
                self.kinds[i] = Kind::Issue;
            }
            // `令和７年３月発行　さくら台市福祉部` names the issuer after the date.
            let kw = &caps["kw"];
            if self.issuer.is_none()
                && let Some(at) = text.find(kw)
            {
                let rest = text[at + kw.len()..].trim_matches([' ', '　', ':', '：']);
                if rest.chars().count() >= 2 && !rest.contains(['。', '、']) {
                    self.issuer = Some(rest.to_string());
                }
            }
            if self.issuer.is_none() {
                self.issuer = self.colophon_issuer(i);
            }
        }
    }

    /// The names printed right after (or, failing that, right before) the issue line.
    pub(super) fn colophon_issuer(&mut self, issue: usize) -> Option<String> {
        let mut parts = Vec::new();
        let mut prev = issue;
        for j in issue + 1..self.lines.len() {
            if parts.len() == 3 || self.lines_apart(prev, j) > 2 {
                break;
            }
            match self.roles[j] {
                Role::Free if self.name_like(j) => {
                    self.roles[j] = Role::Meta;
                    parts.push(j);
                }
                Role::NamePart(_) => parts.push(j),
                _ => break,
            }
            prev = j;
        }
        if parts.is_empty() {
            for j in (issue.saturating_sub(2)..issue).rev() {
                if self.lines_apart(j, issue) <= 2
                    && self.name_like(j)
                    && is_complete_name(&self.lines[j].text)
                {
                    self.roles[j] = Role::Meta;
                    parts.insert(0, j);
                } else {
                    break;
                }
            }
        }
        (!parts.is_empty()).then(|| {
            parts
                .iter()
                .map(|&j| self.lines[j].text.trim())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// The title, id, date and issuer printed before the first heading or body text.
    pub(super) fn find_front_matter(&mut self) {
        let mut issuer = None;
        for i in 0..self.lines.len() {
            let shape = self.shapes[i];
            // A title may be as wide as the page; body text ends the front matter.
            if !self.is_free_text(i)
                || shape.ends_period
                || shape.bullet
                || (shape.full && self.title.is_some())
            {
                break;
            }
            let c = dates::kanji_numerals(&compact(&self.lines[i].text));
            if MATERIAL_ID.is_match(&c) {
                self.roles[i] = Role::Meta;
                if self.material_id.is_none() && c.chars().any(|ch| ch.is_ascii_digit()) {
                    self.material_id = Some(crate::parse::distribution::normalize_id(&c));
                }
            } else if let Some(caps) = DATE_ONLY.captures(&c) {
                self.roles[i] = Role::Meta;
                if self.issued.is_none() {
                    self.issued = iso_month(&caps);
                }
            } else if self.title.is_none() {
                if self.shapes[i].ends_sentence || self.shapes[i].len > NAME_MAX * 2 {
                    break;
                }
                let mut title = self.lines[i].text.trim();
                if let Some(caps) = TRAILING_DATE.captures(title) {
                    let printed = caps["d"].to_string();
                    if let Some(date) =
                        DATE_ONLY.captures(&dates::kanji_numerals(&compact(&printed)))
                    {
                        if self.issued.is_none() {
                            self.issued = iso_month(&date);
                        }
                        title = title[..caps.get(0).unwrap().start()].trim_end();
                        self.title_date = Some((i, printed));
                    }
                }
                self.title = Some(title.to_string());
                self.roles[i] = Role::Title;
            } else if self.name_like(i) && is_complete_name(&self.lines[i].text) {
                self.roles[i] = Role::Meta;
                issuer = Some(self.lines[i].text.trim().to_string());
            }
        }
        if self.issuer.is_none() {
            self.issuer = issuer;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn chapters_and_issue_date() {
        let r = parse(
            "相談支援ガイド\n第１章\n地域で暮らす\n相談窓口は市内に\n12カ所あります。\n第２章\n窓口の一覧\n令和７年３月発行",
        );
        assert_eq!(titles(&r), ["相談支援ガイド", "地域で暮らす", "窓口の一覧"]);
        assert_eq!(r.title.as_deref(), Some("相談支援ガイド"));
        assert_eq!(r.sections[1].number.as_deref(), Some("第１章"));
        assert_eq!(r.sections[1].text, "相談窓口は市内に12カ所あります。");
        assert_eq!(r.issued.as_deref(), Some("2025-03"));
        assert_eq!((r.facts[0].value, r.facts[0].unit.as_str()), (12.0, "カ所"));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn colophon_issuer_and_its_contact() {
        let r = parse(
            "ガイド\n相談はこちらへ。\n令和７年３月発行\n\nさくら台市福祉部障害福祉課\n☎ 0120-000-601",
        );
        assert_eq!(r.issued.as_deref(), Some("2025-03"));
        assert_eq!(r.issuer.as_deref(), Some("さくら台市福祉部障害福祉課"));
        assert_eq!(r.organizations[0].name, "さくら台市福祉部障害福祉課");
        assert_eq!(r.organizations[0].category, None);
    }

    #[test]
    fn issuer_on_the_issue_line() {
        let r = parse("ガイド\n相談はこちらへ。\n令和６年４月改訂　さくら台市障害福祉課");
        assert_eq!(r.issued.as_deref(), Some("2024-04"));
        assert_eq!(r.issuer.as_deref(), Some("さくら台市障害福祉課"));
        let r = parse("ガイド\n編集・発行：さくら台市障害者支援協議会");
        assert_eq!(r.issuer.as_deref(), Some("さくら台市障害者支援協議会"));
    }

    #[test]
    fn front_matter_of_a_report() {
        let r = parse(
            "資料３\n相談支援事業の実施状況\n令和７年２月17日\nさくら台市福祉部障害福祉課\n１．概要\n相談は増えています。",
        );
        assert_eq!(r.title.as_deref(), Some("相談支援事業の実施状況"));
        assert_eq!(r.issued.as_deref(), Some("2025-02-17"));
        assert_eq!(r.issuer.as_deref(), Some("さくら台市福祉部障害福祉課"));
        assert_eq!(titles(&r), ["相談支援事業の実施状況", "概要"]);
        assert!(r.sections[0].text.starts_with("資料３"));
    }

    #[test]
    fn date_flattened_onto_the_title_line() {
        let r = parse(
            "資料２\n活動状況報告（１月末現在） 令和７年２月１７日\n１．ケース\n１１件である。",
        );
        assert_eq!(r.title.as_deref(), Some("活動状況報告（１月末現在）"));
        assert_eq!(r.issued.as_deref(), Some("2025-02-17"));
        assert_eq!(r.sections[0].text, "資料２\n令和７年２月１７日");
        assert_eq!(r.sections[1].title, "ケース");
    }
}
