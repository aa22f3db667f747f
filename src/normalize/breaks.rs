//! Line breaks lost on the way: a web page copied as text, or a scraper's output, often holds a
//! whole set of minutes on one line, its fields and paragraphs separated only by runs of spaces.
//! This cuts such a line back into the logical lines the parser expects: before header labels
//! (`開 催 日`, `<出席者>`, `場所：`), agenda numbers (`1 開会`, `(1)`, `⑴`, `①`), bullets and
//! markers (`・`, `■`, `○`, `《`), speaker labels (`(事務局)`, `○三浦会長`, `事務局:`, a bare
//! `部会長` before speech), at runs of two or more spaces, and — once the speech has begun — at
//! the end of each sentence.
//!
//! Each piece keeps the line number of the line it came from.

use std::sync::LazyLock;

use regex::Regex;

use super::CleanLine;
use crate::text::{labels, speakers};

/// A line this long in a document of few lines has lost its breaks.
const FLAT_LINE_CHARS: usize = 200;

/// True when the document's lines look like breaks were lost: few lines, one of them long.
pub fn is_flattened(lines: &[CleanLine]) -> bool {
    lines.len() <= 12
        && lines
            .iter()
            .any(|l| l.text.chars().count() > FLAT_LINE_CHARS)
}

/// Cuts every long line of a flattened document into logical lines; other documents are
/// returned as they are.
pub fn restore(lines: Vec<CleanLine>) -> Vec<CleanLine> {
    if !is_flattened(&lines) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len() * 8);
    let mut speaking = false;
    for l in lines {
        let (pieces, after) = cut_from(&l.text, speaking);
        speaking = after;
        for piece in pieces {
            out.push(CleanLine {
                text: piece,
                ..l.clone()
            });
        }
    }
    out
}

/// White space as flattened pages print it: spaces, the ideographic space, no-break spaces, tabs.
const WS: &str = r"[\x20\t\u{3000}\u{A0}]";

/// A run of two or more spaces: where a line break or an indent was.
static SPACE_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("{WS}{{2,}}")).unwrap());

/// Markers that start a line when white space precedes them: bullets and marks, numbered items,
/// circled numbers, material numbers, a closing `以上`.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        {WS}+
        (?P<m>
            [・•《〔■◆●◎⇒→＊※]
          | [○〇◯]\S
          | [(（][0-9０-９]{{1,2}}[)）]
          | [⑴-⒇]
          | [①-⑳]
          | [ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{WS}
          | [0-9０-９]{{1,2}}[.．]\S
          | [0-9０-９]{{1,2}}{WS}+[^\x20\t\u{{3000}}\u{{A0}}0-9０-９年月日時分名人件回カヵヶ箇か歳才%％号]
          | [0-9０-９]{{1,2}}[\u{{4E00}}-\u{{9FFF}}\u{{3041}}-\u{{30FF}}「--[年月日時分秒名人件回号歳才万千百億円割点位期次代条項階番かカヵヶつ]][^\x20\t\u{{3000}}\u{{A0}}]
          | [<＜〈]
          | 以上$
        )"
    ))
    .unwrap()
});

/// A header label with white space before it and a separator after it, its characters possibly
/// letter-spaced (`開 催 日`, `場  所`).
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // The labels of the proceedings (`会議概要`, `議事録`) also name the document: they cut only
    // with a colon or a bracketed note after them.
    let mut labels: Vec<&str> = labels::field_label_spellings()
        .filter(|l| l.chars().count() >= 2)
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let spaced: Vec<String> = labels
        .iter()
        .map(|l| {
            l.chars()
                .map(|c| match c {
                    '(' | '（' => "[(（]".to_string(),
                    ')' | '）' => "[)）]".to_string(),
                    c => regex::escape(&c.to_string()),
                })
                .collect::<Vec<_>>()
                .join(&format!("{WS}{{0,2}}"))
        })
        .collect();
    let proceedings: Vec<String> = labels::proceedings_label_spellings()
        .map(regex::escape)
        .collect();
    Regex::new(&format!(
        r"(?:^|{WS}+)(?P<m>(?:{})(?:{WS}|[:：(（]|$)|(?:{})(?:[:：【]|{WS}+(?:[(（]?[0-9０-９]|[■○◯●《〔・])))",
        spaced.join("|"),
        proceedings.join("|")
    ))
    .unwrap()
});

/// A speaker label in brackets with white space before it: `(事務局)`, `（石渡会長）`.
static BRACKET_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|{WS}+)(?P<m>[(（](?P<s>[^()（）\s]{{1,14}})[)）])"
    ))
    .unwrap()
});

/// A speaker label with a colon: `事務局:`, `佐藤委員：`.
static COLON_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|{WS}+)(?P<m>(?P<s>[^\s:：。、「」()（）]{{1,14}}(?:[(（][^)）\s]{{1,12}}[)）])?)[:：])"
    ))
    .unwrap()
});

/// A word standing alone between spaces: a bare speaker label when speech follows it.
static BARE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|{WS}+)(?P<m>(?P<s>[^\x20\t\u{{3000}}\u{{A0}}:：。、,，「」()（）]{{2,12}})){WS}+"
    ))
    .unwrap()
});

/// A material reference printed after an item: it stays on the item's line.
static MATERIAL_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[【(（\[]\s*(?:参考|会議|当日|配布|配付)?資料").unwrap());

/// A sentence end followed by white space, once the speech has begun.
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"[。？?！!](?:[)）」』])?{WS}+")).unwrap());

/// Cuts one flattened line into logical lines.
pub fn cut(text: &str) -> Vec<String> {
    cut_from(text, false).0
}

/// [`cut`], for a line that may continue speech begun on an earlier line (`speaking`); also says
/// whether speech has begun by the end of the line.
fn cut_from(text: &str, speaking: bool) -> (Vec<String>, bool) {
    let mut at: Vec<usize> = Vec::new();
    for m in SPACE_RUN.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        if matches!(before, Some('、' | ',' | '，' | '・')) {
            continue;
        }
        // `会  議  録`, `場  所`: a word letter-spaced, not a break.
        let word_before = text[..m.start()]
            .rsplit(|c: char| c.is_whitespace() || c == '\u{A0}')
            .next()
            .unwrap_or("");
        if word_before.chars().count() == 1 && !word_before.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        at.push(m.end());
    }
    for caps in MARKER.captures_iter(text) {
        at.push(caps.name("m").unwrap().start());
    }
    for caps in LABEL.captures_iter(text) {
        let m = caps.name("m").unwrap();
        // `3 協議事項` is an agenda item named like a label: the number cuts, not the label.
        let before =
            text[..m.start()].trim_end_matches(|c: char| c.is_whitespace() || c == '\u{A0}');
        if before.ends_with(|c: char| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '．')
        }) {
            continue;
        }
        at.push(m.start());
    }
    for caps in BRACKET_SPEAKER.captures_iter(text) {
        if speakers::plausible(&caps["s"], &[]) {
            let m = caps.name("m").unwrap();
            at.push(m.start());
        }
    }
    for caps in COLON_SPEAKER.captures_iter(text) {
        if speakers::plausible(&caps["s"], &[]) {
            at.push(caps.name("m").unwrap().start());
        }
    }
    at.retain(|&i| i < text.len() && !MATERIAL_REF.is_match(&text[i..]));
    at.sort_unstable();
    at.dedup();

    // A bare role or name with its role (`部会長`, `障害施策推進課長`, `高山会長`) between spaces is
    // a speaker's label when what follows it up to the next cut is speech.
    // `at` is sorted: the next cut is found by bisection, so a long line costs n log n.
    let next_cut = |from: usize, cuts: &[usize]| {
        cuts.get(cuts.partition_point(|&c| c <= from))
            .copied()
            .unwrap_or(text.len())
    };
    let mut bare: Vec<(usize, usize)> = Vec::new();
    // Each search starts right after the last word, not after the spaces that followed it: the
    // spaces between two words belong to both (`午後7時開会 障害施策推進課長 皆様、…`).
    let mut pos = 0;
    while let Some(caps) = BARE_WORD.captures_at(text, pos) {
        let m = caps.name("m").unwrap();
        pos = m.end();
        let word = &caps["s"];
        if !is_role_label(word) {
            continue;
        }
        let speech = &text[m.end()..next_cut(m.end(), &at)];
        if speech.contains('。') {
            bare.push((m.start(), m.end()));
        }
    }
    for (s, e) in bare {
        at.push(s);
        at.push(e);
    }
    at.sort_unstable();
    at.dedup();

    // Once the speech has begun (the first speaker's label, or the first line that is a
    // sentence), every sentence ends a line.
    let speech_start = if speaking {
        Some(0)
    } else {
        first_speech(text, &at)
    };
    if let Some(start) = speech_start {
        for m in SENTENCE_END.find_iter(&text[start..]) {
            at.push(start + m.end());
        }
        at.sort_unstable();
        at.dedup();
    }

    let mut out = Vec::new();
    let mut last = 0;
    for &i in at.iter().chain(std::iter::once(&text.len())) {
        if i < last || !text.is_char_boundary(i) {
            continue;
        }
        let piece = text[last..i].trim_matches(|c: char| c.is_whitespace() || c == '\u{A0}');
        if !piece.is_empty() {
            out.push(piece.to_string());
        }
        last = i;
    }
    (out, speech_start.is_some())
}

/// A bare speaker label: a role word, or a name with a role, that [`speakers`]
/// reads as a speaker, and not a header label.
fn is_role_label(word: &str) -> bool {
    speakers::ROLE_ENDINGS
        .iter()
        .chain(["副会長", "主査", "主事"].iter())
        .any(|r| word.ends_with(r))
        && labels::label(word).is_none()
        && speakers::plausible(word, &[])
}

/// Where the speech begins: the first piece, after a cut, that opens with a speaker's label and
/// holds a sentence.
fn first_speech(text: &str, at: &[usize]) -> Option<usize> {
    let mut bounds: Vec<usize> = std::iter::once(0).chain(at.iter().copied()).collect();
    bounds.push(text.len());
    bounds.windows(2).enumerate().find_map(|(i, w)| {
        let piece = text.get(w[0]..w[1])?.trim();
        // The piece after this one (bounds are sorted, and `at` holds no duplicates).
        let next = bounds
            .get(i + 2)
            .and_then(|&b| text.get(w[1]..b))
            .unwrap_or("");
        let turn = speakers::turn(piece, &[])?;
        let speech = if turn.rest.is_empty() {
            next
        } else {
            &turn.rest
        };
        (speech.contains('。') && labels::label(piece).is_none_or(|l| l.value.contains('。')))
            .then_some(w[0])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_letter_spaced_and_followed_by_spaces() {
        let t = "令和6年度 第1回 山田市障害者自立支援協議会 全体会 議事録 開 催 日  令和6年7月3日(水)午後2時~4時 場  所  山田市役所 大会議室 出席委員  佐藤委員,鈴木委員(2名) 欠席委員  田中委員(1名) 傍 聴 者  2名 1 開会 ■事務局  それでは始めます。資料を確認します。";
        assert_eq!(
            cut(t),
            [
                "令和6年度 第1回 山田市障害者自立支援協議会 全体会 議事録",
                // A letter-spaced label keeps its value: the run after it is the spacing.
                "開 催 日  令和6年7月3日(水)午後2時~4時",
                "場  所  山田市役所 大会議室",
                "出席委員",
                "佐藤委員,鈴木委員(2名)",
                "欠席委員",
                "田中委員(1名)",
                "傍 聴 者  2名",
                "1 開会",
                "■事務局",
                "それでは始めます。資料を確認します。",
            ]
        );
    }

    #[test]
    fn bracketed_and_colon_speakers_and_sentences() {
        let t = "第2回 山田市差別解消支援地域協議会 日時 令和6年12月2日(月) 午前10時から正午まで 議事 1開会 (事務局)(配布資料の確認) 2議題 (1)相談事例 (山田会長)事例について伺います。ご意見をお願いしたい。 (川村委員)私も同じ経験がある。 事務局:補足します。";
        let got = cut(t);
        assert!(got.iter().any(|l| l.starts_with("日時 令和6年")), "{got:?}");
        assert!(
            got.contains(&"(事務局)(配布資料の確認)".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"(山田会長)事例について伺います。ご意見をお願いしたい。".to_string()),
            "{got:?}"
        );
        assert!(got.contains(&"1開会".to_string()), "{got:?}");
        assert!(got.contains(&"議事".to_string()), "{got:?}");
        assert!(
            got.contains(&"(川村委員)私も同じ経験がある。".to_string()),
            "{got:?}"
        );
        assert!(got.contains(&"事務局:補足します。".to_string()), "{got:?}");
        assert!(got.contains(&"(1)相談事例".to_string()), "{got:?}");
    }

    #[test]
    fn a_bare_role_before_speech_is_a_label() {
        let t = "令和5年6月1日 令和5年度第1回 山田市障害者施策推進協議会 議事録 午後7時開会 障害福祉課長 皆様、こんばんは。ただいまより始めます。 部会長 部会長を務めます。よろしくお願いします。";
        let got = cut(t);
        assert!(got.contains(&"障害福祉課長".to_string()), "{got:?}");
        assert!(got.contains(&"部会長".to_string()), "{got:?}");
        assert!(
            got.contains(&"皆様、こんばんは。ただいまより始めます。".to_string()),
            "{got:?}"
        );
        // Two words in a row before the label: the spaces between them belong to both.
        let t = "令和5年6月1日 川村市障害者施策推進協議会 議事録 (注意)音声と一致しないことがあります。 午後7時開会 障害福祉課長 皆様、こんばんは。ただいまより始めます。";
        let got = cut(t);
        assert!(got.contains(&"障害福祉課長".to_string()), "{got:?}");
    }

    #[test]
    fn material_references_and_list_wraps_stay_on_their_line() {
        let t = "<会議次第> 1 開会 2 議題 (1)計画の報告      【資料第1号】 (2)日程について 【資料第2号】 <出席者> 佐藤 一郎 委員、鈴木 花子 委員、     高橋 次郎 委員 事務局:定刻となりましたので始めます。ここからが長い説明になりますので、資料をご覧ください。ここからが長い説明になりますので、資料をご覧ください。";
        let got = cut(t);
        assert!(
            got.contains(&"(1)計画の報告      【資料第1号】".to_string()),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|l| l.ends_with("佐藤 一郎 委員、鈴木 花子 委員、     高橋 次郎 委員")),
            "{got:?}"
        );
        assert!(got.contains(&"<会議次第>".to_string()), "{got:?}");
        assert!(got.iter().any(|l| l.starts_with("<出席者>")), "{got:?}");
        assert!(got.iter().any(|l| l.starts_with("事務局:定刻")), "{got:?}");
    }

    #[test]
    fn short_documents_are_left_alone() {
        let lines = vec![CleanLine {
            text: "会議録 日時 令和6年5月1日".into(),
            no: 1,
            page: None,
        }];
        assert_eq!(restore(lines.clone()), lines);
    }
}
