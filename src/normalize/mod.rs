//! Clean-up between extraction and parsing: drop page furniture (running headers, page numbers,
//! web page stamps), split documents whose line breaks were lost, merge labels broken one
//! character per line.
//!
//! Every [`CleanLine`] keeps the line number and page of its origin, so warnings and search hits
//! point back into the source.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::Document;
use crate::text::compact;
use crate::text::era::{ERA_YEAR, ERAS};

pub mod breaks;

/// A line of text after clean-up, with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanLine {
    /// The printed text, trimmed.
    pub text: String,
    /// 1-based line number in the extracted text.
    pub no: usize,
    /// 1-based page, for PDF.
    pub page: Option<usize>,
}

/// A page number alone on a line: `4`, `- 4 -`, `－４－`, `4/12`, `P.4`, `4ページ`.
/// Example: `- 3 -`
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?: [-‐]?\s*\d{1,3}\s*[-‐]?          # 4, - 4 -
          | \d{1,3}\s*/\s*\d{1,3}            # 4/12
          | [Pp]\.?\s*\d{1,3}                # P.4
          | \d{1,3}\s*ページ                  # 4ページ
        )$",
    )
    .unwrap()
});

/// Web page stamps that may stand anywhere in a line: `更新日:2024年6月3日`, `ページ番号:1234`,
/// `1ページ目終わり 2ページ目はじめ`.
static WEB_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?: (?:更新日|掲載日|最終更新日|公開日)\s*[:：]?\s*
            (?: \d{{4}} | (?:{ERAS})\s*{ERA_YEAR}\s*(?:[(（]\s*\d{{4}}\s*[)）])? )
            \s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日
          | ページ(?:番号|ID|ＩＤ)\s*[:：]?\s*\d+
          | \d+\s*ページ目(?:終わり|おわり|はじめ|始め)
          | 全\s*\d+\s*ページ(?:\s+\d+\s*ページ目)?(?:\s|$)
          | ここから本文です。?
          | 本文ここまで
        )"
    ))
    .unwrap()
});

/// A line with its web page stamps replaced by a space. Every stamp holds `更新日`, `掲載日` or
/// `ページ`: lines without them are left alone without running the pattern.
fn without_web_furniture(line: &str) -> std::borrow::Cow<'_, str> {
    if ["更新日", "掲載日", "公開日", "ページ", "本文"]
        .iter()
        .any(|w| line.contains(w))
    {
        WEB_FURNITURE.replace_all(line, " ")
    } else {
        std::borrow::Cow::Borrowed(line)
    }
}

/// Cleans the lines of a document.
pub fn clean(doc: &Document) -> Vec<CleanLine> {
    let mut lines: Vec<CleanLine> = doc
        .lines
        .iter()
        .map(|l| CleanLine {
            text: without_web_furniture(&l.text).trim().to_string(),
            no: l.no,
            page: l.page,
        })
        .filter(|l| !l.text.is_empty())
        .collect();

    lines = breaks::restore(lines);
    lines = merge_spelled_out_labels(lines);
    drop_furniture(lines)
}

/// Labels printed one character per line (`開` / `催` / `日` / `時`) become one line.
fn merge_spelled_out_labels(lines: Vec<CleanLine>) -> Vec<CleanLine> {
    let single = |l: &CleanLine| {
        let mut cs = l.text.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if !c.is_ascii_digit() && !matches!(c, '・' | '○' | '→' | '⇒'))
    };
    let mut out: Vec<CleanLine> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && single(&lines[j]) {
            j += 1;
        }
        // `日` / `時 平成27年1月9日`: the last characters of a label start the next line.
        let into_next = j > i && j < lines.len() && {
            let run: String = lines[i..j].iter().map(|l| l.text.as_str()).collect();
            let joined = format!("{run}{}", lines[j].text);
            crate::text::labels::label(&joined)
                .is_some_and(|l| l.label.chars().count() > run.chars().count())
                && crate::text::labels::label(&lines[j].text).is_none()
        };
        if into_next {
            let run: String = lines[i..j].iter().map(|l| l.text.as_str()).collect();
            out.push(CleanLine {
                text: format!("{run}{}", lines[j].text),
                ..lines[i].clone()
            });
            i = j + 1;
        } else if j - i >= 2 {
            let text: String = lines[i..j].iter().map(|l| l.text.as_str()).collect();
            out.push(CleanLine {
                text,
                ..lines[i].clone()
            });
            i = j;
        } else {
            out.push(lines[i].clone());
            i += 1;
        }
    }
    out
}

/// Drops page numbers, continuation headers (`会 議 概 要` + `（ 続 き ）`) and running headers
/// that repeat a title on every page.
fn drop_furniture(lines: Vec<CleanLine>) -> Vec<CleanLine> {
    let compacts: Vec<String> = lines.iter().map(|l| compact(&l.text)).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for c in &compacts {
        *counts.entry(c.as_str()).or_default() += 1;
    }
    let is_continued = |c: &str| matches!(c, "(続き)" | "(続)" | "続き");
    let mut keep = vec![true; lines.len()];
    let mut seen_running: HashMap<&str, bool> = HashMap::new();
    for (i, c) in compacts.iter().enumerate() {
        if PAGE_NUMBER.is_match(c) {
            keep[i] = false;
        } else if is_continued(c) {
            keep[i] = false;
            if i > 0 && compacts[i - 1].chars().count() <= 30 {
                keep[i - 1] = false;
            }
        } else if c.ends_with("(続き)") && c.chars().count() <= 30 {
            keep[i] = false;
        } else if counts[c.as_str()] >= 3
            && c.chars().count() >= 6
            && c.chars().count() <= 60
            && is_running_header(c)
        {
            // The first occurrence is the title; later ones are page headers.
            if seen_running.insert(c.as_str(), true).is_some() {
                keep[i] = false;
            }
        }
    }
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

/// A line that names the document: repeated on every page, it is a running header.
fn is_running_header(c: &str) -> bool {
    [
        "会議録",
        "議事録",
        "会議概要",
        "議事要旨",
        "会議要旨",
        "協議会",
    ]
    .iter()
    .any(|w| c.contains(w))
        && !c.starts_with(['■', '○', '◯', '・', '《', '〔', '('])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Line;
    use crate::record::Format;
    use std::path::PathBuf;

    fn doc(lines: &[&str]) -> Document {
        Document {
            path: PathBuf::from("t.txt"),
            format: Format::Txt,
            encoding: "UTF-8".into(),
            sha256: String::new(),
            pages: None,
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| Line {
                    text: t.to_string(),
                    no: i + 1,
                    page: None,
                })
                .collect(),
        }
    }

    #[test]
    fn drops_page_number_and_continuation_header() {
        let d = doc(&[
            "・困難なケースは法律できめられた会議が回っているのか ",
            "",
            "6 ",
            "",
            " 会 議 概 要  ",
            "（ 続 き ）  ",
            "がある。 ",
        ]);
        let texts: Vec<String> = clean(&d).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            [
                "・困難なケースは法律できめられた会議が回っているのか",
                "がある。"
            ]
        );
    }

    #[test]
    fn keeps_the_proceedings_label_that_is_not_a_header() {
        let d = doc(&["会 議 概 要", "1.開会"]);
        assert_eq!(clean(&d).len(), 2);
    }

    #[test]
    fn splits_a_one_line_page() {
        let d = doc(&["更新日:2025年3月10日 ページ番号:4821 会議の名称:第3回全体会 開催日時:令和7年2月17日(月曜日) 午後2時から4時まで 開催場所:市役所 議題:(1)報告 ・事務局から説明した。 ・委員から意見があった。 ⇒了承。 以上 ".repeat(3).as_str()]);
        let texts: Vec<String> = clean(&d).into_iter().map(|l| l.text).collect();
        assert!(
            texts.contains(&"会議の名称:第3回全体会".to_string()),
            "{texts:?}"
        );
        assert!(texts.contains(&"開催日時:令和7年2月17日(月曜日) 午後2時から4時まで".to_string()));
        assert!(texts.contains(&"⇒了承。".to_string()));
        assert!(!texts.iter().any(|t| t.contains("ページ番号")));
    }

    #[test]
    fn merges_a_label_spelled_one_character_per_line() {
        let d = doc(&["開", "催", "日", "時", "令和6年5月20日"]);
        let texts: Vec<String> = clean(&d).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["開催日時", "令和6年5月20日"]);
    }
}
