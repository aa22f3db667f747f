//! What each line of a material is from its own text: its [`Kind`] (chapter, programme marker,
//! numbered or marked heading, directory table header, text) and its [`Shape`] against the
//! document's printed width (a sentence, a full printed line, a list item).

use std::sync::LazyLock;

use regex::Regex;

use super::HEADING_MAX;
use super::directory::PHONE;
use crate::normalize::CleanLine;
use crate::text::{compact, fold_width};

/// Example: `第１章`, `第 2 章`, `第三章`, `第１章　地域で暮らす`, `第２節`
pub(super) static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第[\s　]*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[\s　]*(?P<unit>章|節)")
        .unwrap()
});

/// Example: `❶ 包括的相談支援事業`, `➋多機関協働事業：…`
pub(super) static PROGRAMME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<n>[❶-❿➊-➓⓫-⓴])[\s　]*(?P<rest>\S.*)?$").unwrap());

/// Example: `１．相談の状況`, `(2) 相談件数`, `3) 課題`, `Ⅱ 今後の方針` (on the width-folded text)
pub(super) static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<n>\d{1,2}\.|\(\d{1,2}\)|\d{1,2}\)|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\.?)[\s]*(?P<t>[^\d\s.].*)$")
        .unwrap()
});

/// Example: `■ 相談窓口`, `◆利用の流れ`, `【お問い合わせ】`
pub(super) static MARKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[■◆][\s　]*(?P<a>\S.*)|【(?P<b>[^】]+)】)$").unwrap());

/// Column headers of a directory table. Example: `名称 電話 名称 電話`, `機関名　電話番号`
pub(super) static TABLE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:名称|機関名|事業所名|施設名|団体名|窓口名|相談窓口|窓口|名前|電話番号|電話|TEL|FAX|連絡先|所在地|住所|対象|担当|受付時間|時間|備考|分野)[\s　]*)+$")
        .unwrap()
});

pub(super) static TABLE_HEADER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"名称|機関名|事業所名|施設名|団体名|窓口|名前").unwrap());

pub(super) static TABLE_HEADER_PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"電話|TEL|連絡先").unwrap());

/// Bullets and list marks that start a line of running text (not a heading).
pub(super) const BULLETS: &[char] = &[
    '・', '•', '●', '○', '◯', '◎', '※', '→', '⇒', '▶', '►', '▸', '➤', '✓', '✔', '＊', '*', '☆',
    '★', '□', '◇', '-', '－', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬', '⑭',
    '⑮', '⑯', '⑰', '⑱', '⑲', '⑳',
];

/// What a line is, from its own text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// `第１章`; the title is inline or on the next line.
    Chapter {
        number: String,
        title: Option<String>,
        level: u32,
    },
    /// `❶ 包括的相談支援事業`.
    Programme {
        number: String,
        rest: Option<String>,
    },
    /// A numbered or marked heading.
    Heading {
        number: Option<String>,
        title: String,
        level: Option<u32>,
    },
    /// Column headers of a directory table.
    TableHeader,
    /// The issue date (`令和７年３月発行`).
    Issue,
    /// Anything else.
    Text,
}

/// Shape of a line, from its text and the document's printed width.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    /// Characters, white space removed.
    pub(super) len: usize,
    /// Ends a sentence or an exclamation (`。`, `！`, `？`, `…`).
    pub(super) ends_sentence: bool,
    /// Ends with `。`: a sentence of running text.
    pub(super) ends_period: bool,
    /// As wide as the printed column and open: the text continues on the next line.
    pub(super) full: bool,
    /// Starts with a bullet or list mark.
    pub(super) bullet: bool,
}

impl Shape {
    /// Running text: a sentence, a full printed line, or a list item.
    pub(super) fn body(&self) -> bool {
        self.ends_period || self.full || self.bullet
    }
}

/// The printed column width: the 90th percentile of the lengths of lines of some length (not
/// counting directory lines, which often hold two entries).
pub(super) fn printed_width(lines: &[CleanLine]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|l| !PHONE.is_match(&l.text))
        .map(|l| compact(&l.text).chars().count())
        .filter(|&n| n >= 10)
        .collect();
    if lens.len() < 5 {
        return DEFAULT_WIDTH;
    }
    lens.sort_unstable();
    lens[lens.len() * 9 / 10]
}

pub(super) fn shape_of(text: &str, full: usize) -> Shape {
    let t = text.trim();
    let len = compact(t).chars().count();
    let core = t.trim_end_matches(['」', '』', '）', ')', '"', '”', ' ', '　']);
    let last = core.chars().last();
    let ends_period = matches!(last, Some('。' | '．'));
    let ends_sentence = ends_period || matches!(last, Some('！' | '？' | '!' | '?' | '…' | '‥'));
    let bullet = t.starts_with(BULLETS);
    Shape {
        len,
        ends_sentence,
        ends_period,
        full: !ends_sentence && len >= full,
        bullet,
    }
}

pub(super) fn kind_of(line: &CleanLine) -> Kind {
    let t = line.text.trim();
    if let Some(m) = CHAPTER.find(t) {
        let unit = CHAPTER.captures(t).unwrap()["unit"].to_string();
        let level = if unit == "章" { 1 } else { 2 };
        let rest = &t[m.end()..];
        let title = rest.trim_start_matches([' ', '　', ':', '：', '.', '．', '・']);
        if title.trim().is_empty() {
            return Kind::Chapter {
                number: t.to_string(),
                title: None,
                level,
            };
        }
        // `第２章で述べたように…` is a sentence, not a chapter.
        if title.len() < rest.len() && !title.contains(['。', '、']) {
            return Kind::Chapter {
                number: t[..m.end()].trim().to_string(),
                title: Some(title.trim().to_string()),
                level,
            };
        }
    }
    if let Some(caps) = PROGRAMME.captures(t) {
        return Kind::Programme {
            number: caps["n"].to_string(),
            rest: caps.name("rest").map(|r| r.as_str().trim().to_string()),
        };
    }
    if is_table_header(t) {
        return Kind::TableHeader;
    }
    let folded = fold_width(t);
    if let Some(caps) = NUMBERED.captures(&folded) {
        // Folding keeps the number of characters: cut the printed text at the same place.
        let n = &caps["n"];
        let at = t
            .char_indices()
            .nth(n.chars().count())
            .map_or(t.len(), |(at, _)| at);
        let (printed, title) = (t[..at].trim(), t[at..].trim());
        if is_title_text(title) {
            let level = if n.starts_with('(') || n.ends_with(')') {
                3
            } else {
                2
            };
            return Kind::Heading {
                number: Some(printed.to_string()),
                title: title.to_string(),
                level: Some(level),
            };
        }
    }
    if let Some(caps) = MARKED.captures(t) {
        let title = caps
            .name("a")
            .or(caps.name("b"))
            .map(|m| m.as_str().trim())
            .unwrap_or_default();
        if is_title_text(title) {
            return Kind::Heading {
                number: None,
                title: title.to_string(),
                level: None,
            };
        }
    }
    Kind::Text
}

/// Short, without sentence punctuation: can be a heading's title.
pub(super) fn is_title_text(t: &str) -> bool {
    let len = compact(t).chars().count();
    (1..=HEADING_MAX).contains(&len) && !t.contains(['。', '、']) && !PHONE.is_match(t)
}

/// A line that ends with a case particle (`相談窓口は市内に`, `体制を`) is the start of a
/// sentence, and one that ends like a spoken sentence (`…を行います`, `大切なんだね`) is a sentence
/// without its period: neither is a title (`…とは` and `…へ` are).
pub(super) fn reads_as_sentence(t: &str) -> bool {
    let t = t.trim();
    if t.ends_with("とは") {
        return false;
    }
    t.ends_with([
        'を', 'が', 'に', 'で', 'の', 'も', 'や', 'と', 'は', 'ね', 'よ',
    ]) || ["です", "ます", "でした", "ました", "ください", "ません"]
        .iter()
        .any(|e| t.ends_with(e))
}

pub(super) fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

pub(super) fn is_table_header(t: &str) -> bool {
    let folded = fold_width(t);
    TABLE_HEADER.is_match(&folded)
        && TABLE_HEADER_NAME.is_match(&folded)
        && TABLE_HEADER_PHONE.is_match(&folded)
}

/// The printed line width assumed when a document has too few lines to measure it.
const DEFAULT_WIDTH: usize = 40;

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn chapter_title_on_the_same_line() {
        let r =
            parse("第２章　相談のしくみ\n相談は無料です。\n第２章で述べたように、相談は無料です。");
        assert_eq!(r.sections[0].number.as_deref(), Some("第２章"));
        assert_eq!(r.sections[0].title, "相談のしくみ");
        assert_eq!(r.sections.len(), 1);
        assert!(
            r.sections[0]
                .text
                .ends_with("第２章で述べたように、相談は無料です。")
        );
    }

    #[test]
    fn numbered_and_marked_headings() {
        let r = parse(
            "実施状況報告\n１．相談の状況\n（１）相談件数\n新規の相談は42件でした。\n■ 今後の予定\n研修を開きます。",
        );
        let got: Vec<(u32, Option<&str>, &str)> = r
            .sections
            .iter()
            .map(|s| (s.level, s.number.as_deref(), s.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, None, "実施状況報告"),
                (2, Some("１．"), "相談の状況"),
                (3, Some("（１）"), "相談件数"),
                (4, None, "今後の予定"),
            ]
        );
    }
}
