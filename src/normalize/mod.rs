//! Clean-up between extraction and parsing: drop page furniture (running headers, page numbers,
//! web page stamps), split documents whose line breaks were lost, merge labels broken one
//! character per line, and provide the width folding and line healing the parsers share.
//!
//! Every [`CleanLine`] keeps the line number and page of its origin, so warnings and search hits
//! point back into the source.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::ingest::Document;

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

/// Folds full-width ASCII to half-width, the ideographic space to a space, and the dash and tilde
/// variants to `-` and `～`; leaves everything else (circled numbers, kana) as printed.
pub fn fold_width(s: &str) -> String {
    // Only characters whose UTF-8 starts with one of the byte pairs [`may_fold`] names can fold:
    // look at those, and copy the runs between them whole. The search is for the second byte
    // of the pair (80, 88, BC, BD), far rarer in Japanese text than the lead bytes (E3 leads
    // every kana), and then looks at the byte before.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut kept = 0;
    let mut from = 1;
    while let Some(at) = bytes.get(from..).and_then(|rest| {
        rest.iter()
            .position(|&b| matches!(b, 0x80 | 0x88 | 0xBC | 0xBD))
    }) {
        let i = from + at - 1;
        from = i + 2;
        if !may_fold(bytes[i], Some(bytes[i + 1])) {
            continue;
        }
        // A lead byte starts a character, so `i` is a character boundary.
        let c = s[i..].chars().next().expect("a character at a lead byte");
        let f = fold_char(c);
        if f != c {
            out.push_str(&s[kept..i]);
            out.push(f);
            kept = i + c.len_utf8();
        }
    }
    out.push_str(&s[kept..]);
    out
}

/// True when the character whose UTF-8 starts with `lead`, `next` may fold: every character
/// [`fold_char`] changes is encoded in three bytes starting E2 80 (U+2010–U+2013), E2 88
/// (U+2212, U+223C), E3 80 (U+3000, U+301C) or EF BC / EF BD (U+FF01–U+FF5E).
fn may_fold(lead: u8, next: Option<u8>) -> bool {
    matches!(
        (lead, next),
        (0xE2, Some(0x80 | 0x88)) | (0xE3, Some(0x80)) | (0xEF, Some(0xBC | 0xBD))
    )
}

/// One character as [`fold_width`] folds it.
fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF5E}' | '\u{301C}' | '\u{223C}' => '～',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FF0D}' => '-',
        '\u{FF01}'..='\u{FF5D}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// NFKC with white space removed: the form used to compare labels and titles.
pub fn compact(s: &str) -> String {
    // Fast path: when every character normalises on its own, map them one by one; anything
    // else (combining marks, half-width kana, compatibility sequences) takes full NFKC.
    let mut out = String::with_capacity(s.len());
    // The run of characters since `kept` that NFKC leaves as they are, copied whole.
    let mut kept = 0;
    for (i, c) in s.char_indices() {
        if is_nfkc_stable(c) {
            continue;
        }
        out.push_str(&s[kept..i]);
        kept = i + c.len_utf8();
        if !c.is_whitespace() && !push_nfkc_alone(c, &mut out) {
            return s.nfkc().filter(|c| !c.is_whitespace()).collect();
        }
    }
    out.push_str(&s[kept..]);
    out
}

/// Characters that NFKC leaves as they are, whatever their neighbours, and that are not white
/// space: printable ASCII, kana, the prolonged sound mark and CJK ideographs.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c,
        '\u{21}'..='\u{7E}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// Pushes the NFKC form of `c` when it does not depend on its neighbours, and says whether it
/// did. ASCII, CJK ideographs, kana, the prolonged sound mark, CJK brackets and punctuation,
/// arrows, bullets and geometric shapes stay as they are; full-width ASCII becomes ASCII, ①–⑳
/// their digits and `…` three dots. None of these characters or forms is a combining mark or
/// composes with a neighbour, so NFKC of a string of them is the string of their forms. (White
/// space, which [`compact`] drops, normalises to white space.)
fn push_nfkc_alone(c: char, out: &mut String) -> bool {
    match c {
        '\u{0}'..='\u{7F}'
        | '\u{2022}'
        | '\u{203B}'
        | '\u{2190}'..='\u{2199}'
        | '\u{21D2}'..='\u{21D4}'
        | '\u{25A0}'..='\u{25FF}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3008}'..='\u{301C}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FC}'
        | '\u{4E00}'..='\u{9FFF}' => out.push(c),
        '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '\u{2460}'..='\u{2473}' => {
            let n = c as u32 - 0x2460 + 1;
            out.push_str(&n.to_string());
        }
        '\u{2026}' => out.push_str("..."),
        _ => return false,
    }
    true
}

/// True for characters of Latin script words (letters and digits of ASCII or full width).
fn is_latin(c: char) -> bool {
    fold_width(&c.to_string())
        .chars()
        .all(|c| c.is_ascii_alphanumeric())
}

/// Joins a line to the text it continues: Japanese text joins without a space, a Latin word cut
/// at the end of a line gets one.
pub fn heal_join(text: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let trimmed_len = text.trim_end().len();
    text.truncate(trimmed_len);
    if let (Some(a), Some(b)) = (text.chars().last(), next.chars().next())
        && is_latin(a)
        && is_latin(b)
        && !(a.is_ascii_digit() && b.is_ascii_digit())
    {
        text.push(' ');
    }
    text.push_str(next);
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
    Regex::new(
        r"(?x)
        (?: (?:更新日|掲載日|最終更新日|公開日)\s*[:：]?\s*
            (?: \d{4} | (?:令和|平成)\s*(?:\d{1,2}|元)\s*(?:[(（]\s*\d{4}\s*[)）])? )
            \s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日
          | ページ(?:番号|ID|ＩＤ)\s*[:：]?\s*\d+
          | \d+\s*ページ目(?:終わり|おわり|はじめ|始め)
          | 全\s*\d+\s*ページ(?:\s+\d+\s*ページ目)?(?:\s|$)
          | ここから本文です。?
          | 本文ここまで
        )",
    )
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
            crate::parse::header::label(&joined)
                .is_some_and(|l| l.label.chars().count() > run.chars().count())
                && crate::parse::header::label(&lines[j].text).is_none()
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
    fn heals_japanese_without_space_and_latin_with_one() {
        let mut s = "地域づ".to_string();
        heal_join(&mut s, "くり向けた");
        assert_eq!(s, "地域づくり向けた");
        let mut s = "全て Libero".to_string();
        heal_join(&mut s, "かまくらに");
        assert_eq!(s, "全て Liberoかまくらに");
        let mut s = "the support".to_string();
        heal_join(&mut s, "network");
        assert_eq!(s, "the support network");
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

    /// The characters [`compact`] maps alone are mapped to their NFKC forms.
    #[test]
    fn characters_normalised_alone_are_their_nfkc() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_nfkc_stable(c) {
                assert!(!c.is_whitespace(), "U+{:04X}", c as u32);
                let mut alone = String::new();
                assert!(push_nfkc_alone(c, &mut alone), "U+{:04X}", c as u32);
                assert_eq!(alone, c.to_string(), "U+{:04X}", c as u32);
            }
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            if fold_char(c) != c {
                assert!(
                    may_fold(bytes[0], bytes.get(1).copied()),
                    "U+{:04X}",
                    c as u32
                );
            }
            let mut alone = String::new();
            if push_nfkc_alone(c, &mut alone) {
                let nfkc: String = c.to_string().nfkc().collect();
                assert_eq!(nfkc, alone, "U+{:04X}", c as u32);
            }
            if c.is_whitespace() {
                assert!(
                    c.to_string().nfkc().all(char::is_whitespace),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    proptest::proptest! {
        /// The fast path of `compact` agrees with full NFKC, combining marks and half-width kana
        /// included.
        #[test]
        fn compact_is_nfkc_without_white_space(
            s in "[a-zA-Z0-9 (（）)\u{3000}あかがカガｶﾞﾟ\u{3099}\u{309A}\u{338}ー々。、会議１２Ａ㈱①⑩⑳…○→⇒•※〔〕é\u{301}\u{FF5E}\u{FF65}]{0,12}"
        ) {
            let slow: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
            proptest::prop_assert_eq!(compact(&s), slow);
        }

        /// `fold_width` folds every character, whatever precedes it.
        #[test]
        fn fold_width_folds_each_character(s in "[a-z（１－\u{3000}あ〜∼‐、「∈Ｚ｀｝｡丼]{0,12}") {
            let each: String = s.chars().map(fold_char).collect();
            proptest::prop_assert_eq!(fold_width(&s), each);
        }
    }

    #[test]
    fn folds_widths_but_keeps_circled_numbers() {
        assert_eq!(fold_width("（資料１－１）①"), "(資料1-1)①");
    }
}
