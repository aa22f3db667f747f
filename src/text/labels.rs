//! The header labels of minutes in their printed spellings (`開 催 日 時`, `■日 時:`, `1 日時`,
//! `開催日時:`, `【会議経過】`): which field each label introduces, and recognising a label at the
//! start of a line. Shared by the clean-up (which cuts flattened pages before labels) and the
//! header parser.

use std::sync::LazyLock;

use regex::Regex;

use super::{compact, fold_width};

/// The header field a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 会議の名称: the title.
    Name,
    /// 開催日時: date and time.
    Date,
    /// 開催場所: the venue.
    Place,
    /// 出席者: attendance.
    Attendance,
    /// 欠席者: absences.
    Absence,
    /// 事務局: the secretariat.
    Secretariat,
    /// オブザーバー: observers.
    Observer,
    /// 協議事項, 議題: the agenda.
    Agenda,
    /// 配布資料: the materials list.
    Materials,
    /// 会議概要: the proceedings begin.
    Proceedings,
    /// 会議の結果, 決定事項: results, read as resolutions.
    Results,
    /// A label with no field of its own (傍聴者, 公開・非公開); kept as a header note.
    Other,
}

/// Labels, as printed without spaces, with the field each introduces. Longer spellings first so
/// that `開催日時` wins over `日時`.
const LABELS: &[(&str, Field)] = &[
    ("附属機関又は会議体の名称", Field::Name),
    ("附属機関等の名称", Field::Name),
    ("会議体の名称", Field::Name),
    ("会議の名称", Field::Name),
    ("会議名称", Field::Name),
    ("会議名", Field::Name),
    ("名称", Field::Name),
    ("開催日時等", Field::Other),
    ("開催日時", Field::Date),
    ("会議日時", Field::Date),
    ("開催日", Field::Date),
    ("日時", Field::Date),
    ("開催場所", Field::Place),
    ("会場", Field::Place),
    ("場所", Field::Place),
    ("出席者(委員)氏名(人数)", Field::Attendance),
    ("出席者(委員)氏名", Field::Attendance),
    ("出席委員氏名", Field::Attendance),
    ("出席者氏名", Field::Attendance),
    ("委員出席者", Field::Attendance),
    ("出席委員", Field::Attendance),
    ("出席者", Field::Attendance),
    ("参集者", Field::Attendance),
    ("出席", Field::Attendance),
    ("欠席委員", Field::Absence),
    ("欠席者(委員)氏名(人数)", Field::Absence),
    ("欠席者(委員)氏名", Field::Absence),
    ("欠席者", Field::Absence),
    ("欠席", Field::Absence),
    ("事務局(担当課)", Field::Other),
    ("事務局職員職氏名", Field::Secretariat),
    ("事務局職員", Field::Secretariat),
    ("事務局", Field::Secretariat),
    ("出席職員", Field::Secretariat),
    ("幹事", Field::Secretariat),
    ("オブザーバー", Field::Observer),
    ("会議次第", Field::Agenda),
    ("協議事項", Field::Agenda),
    ("議題", Field::Agenda),
    ("議事", Field::Agenda),
    ("次第", Field::Agenda),
    ("案件", Field::Agenda),
    ("当日配付資料", Field::Materials),
    ("当日配布資料", Field::Materials),
    ("配布資料", Field::Materials),
    ("配付資料", Field::Materials),
    ("会議資料", Field::Materials),
    ("資料一覧", Field::Materials),
    ("資料", Field::Materials),
    ("会議の結果", Field::Results),
    ("決定事項", Field::Results),
    ("公開・非公開の別", Field::Other),
    ("公開・非公開", Field::Other),
    ("公開/非公開", Field::Other),
    ("公開又は非公開の別", Field::Other),
    ("公開の可否", Field::Other),
    ("開催形態", Field::Other),
    ("傍聴人数", Field::Other),
    ("担当所属名", Field::Other),
    ("傍聴者数", Field::Other),
    ("傍聴者", Field::Other),
    ("傍聴人", Field::Other),
    ("会議録署名委員", Field::Other),
    ("署名委員", Field::Other),
    ("議長(会長)氏名", Field::Other),
    ("所管課", Field::Other),
    ("担当課", Field::Other),
    ("問い合わせ先", Field::Other),
    ("記録者", Field::Other),
];

/// Every label spelling, for splitting documents whose line breaks were lost.
pub fn label_spellings() -> impl Iterator<Item = &'static str> {
    LABELS
        .iter()
        .map(|(l, _)| *l)
        .chain(PROCEEDINGS_LABELS.iter().copied())
}

/// The spellings of the header's field labels (not the proceedings').
pub fn field_label_spellings() -> impl Iterator<Item = &'static str> {
    LABELS.iter().map(|(l, _)| *l)
}

/// The spellings of the labels that open the proceedings.
pub fn proceedings_label_spellings() -> impl Iterator<Item = &'static str> {
    PROCEEDINGS_LABELS.iter().copied()
}

/// The section number printed before a label (`5 議題` → 5), if any.
pub fn label_number(line: &str) -> Option<u32> {
    let folded = fold_width(line.trim());
    let digits: String = folded
        .trim_start_matches(['■', '●', '◆', '□', '◇', '◎'])
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// Labels that open the proceedings; they must stand alone on their line, since titles contain
/// the same words (`…全体会 会議概要`).
const PROCEEDINGS_LABELS: &[&str] = &[
    "会議概要",
    "会議の概要",
    "会議経過",
    "会議の経過",
    "議事の経過",
    "議事経過",
    "審議経過",
    "審議の経過",
    "審議の概要",
    "審議内容",
    "議事概要",
    "議事要旨",
    "会議要旨",
    "発言要旨",
    "会議内容",
    "議事内容",
    "内容",
    "会議録",
    "議事録",
    "審議結果",
    "記録",
];

/// Decoration before a label: `■`, `●`, `【`, a section number (`1 `, `１．`, `(1)`).
/// Example: `■日 時：令和５年７月１２日（水）`, `5 議題`, `【資料一覧】`
static LABEL_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        [■●◆□◇◎•]?\s*
        (?: \d{1,2}\s*[.、]?\s+ | \d{1,2}\s*[.、]\s* | \(\d{1,2}\)\s* )?
        [【\[<＜〈]?\s*",
    )
    .unwrap()
});

/// A header line recognised by its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    /// The field.
    pub field: Field,
    /// The label, without spaces (`開催日時`).
    pub label: String,
    /// The value printed after the label on the same line, trimmed (may be empty).
    pub value: String,
}

/// Recognises a header label at the start of `line`.
pub fn label(line: &str) -> Option<Labelled> {
    label_folded(&fold_width(line.trim()))
}

/// [`label`] for a trimmed line already in its [`fold_width`] form.
pub(crate) fn label_folded(folded: &str) -> Option<Labelled> {
    let prefix_len = LABEL_PREFIX.find(folded).map(|m| m.end()).unwrap_or(0);
    let rest = &folded[prefix_len..];
    let head = first_char(rest);
    // Compare without spaces, but keep track of where the label ends in `rest`.
    for &(lab, field) in LABELS {
        if !may_start(lab, head) {
            continue;
        }
        if let Some(end) = match_spaced(rest, lab) {
            let after = &rest[end..];
            let after_trim = after.trim_start_matches([' ', '\t']);
            let next = after_trim.chars().next();
            let closed = after_trim.starts_with(['】', ']', '>', '＞', '〉']);
            let ok = match next {
                None => true,
                Some(c) => {
                    closed || matches!(c, ':' | '：' | '(') || (after.len() != after_trim.len())
                }
            };
            // `資料1-1 …` is a material, not the label `資料`; `議事録` is not `議事`.
            if !ok {
                continue;
            }
            if matches!(field, Field::Materials | Field::Agenda)
                && after.starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let mut value = after_trim
                .trim_start_matches(['】', ']', '>', '＞', '〉'])
                .trim_start();
            value = value.trim_start_matches([':', '：']).trim();
            return Some(Labelled {
                field,
                label: lab.to_string(),
                value: value.to_string(),
            });
        }
    }
    None
}

/// The first character of `s` after the white space [`match_spaced`] skips.
fn first_char(s: &str) -> Option<char> {
    s.trim_start_matches([' ', '\t']).chars().next()
}

/// False when [`match_spaced`] cannot match `label` on a text whose [`first_char`] is `head`:
/// a cheap test before the full comparison.
fn may_start(label: &str, head: Option<char>) -> bool {
    match (label.chars().next(), head) {
        (Some(l), Some(c)) => c == l || (l == '・' && c == '･'),
        (None, _) => true,
        (Some(_), None) => false,
    }
}

/// Matches `label` at the start of `s`, allowing white space between its characters; returns
/// the byte length matched.
fn match_spaced(s: &str, label: &str) -> Option<usize> {
    let mut it = s.char_indices().peekable();
    for lc in label.chars() {
        // Skip spaces inside the label.
        while let Some(&(_, c)) = it.peek() {
            if c == ' ' || c == '\t' {
                it.next();
            } else {
                break;
            }
        }
        let (_, c) = it.next()?;
        if c != lc && !(lc == '・' && c == '･') {
            return None;
        }
    }
    Some(it.peek().map(|&(i, _)| i).unwrap_or(s.len()))
}

/// Recognises a proceedings label: alone on its line (`会 議 概 要`, `【会議経過】`,
/// `6 議事の経過`), or followed by a colon and the first words (`会議の概要: 1 開会`). Returns the
/// text after the label (empty when alone).
pub fn proceedings_label(line: &str) -> Option<String> {
    proceedings_label_folded(line.trim(), &fold_width(line.trim()))
}

/// [`proceedings_label`] for a trimmed line and its [`fold_width`] form.
pub(crate) fn proceedings_label_folded(trimmed: &str, folded: &str) -> Option<String> {
    let prefix_len = LABEL_PREFIX.find(folded).map(|m| m.end()).unwrap_or(0);
    let rest = &folded[prefix_len..];
    let c = compact(rest);
    let c = c.trim_end_matches(['】', ']', '>', '〉', ':', '：']);
    if PROCEEDINGS_LABELS.contains(&c) {
        return Some(String::new());
    }
    // A label with a note in brackets: `会議録【要点筆記】`, `会議要旨(発言者の次に…)`.
    let whole = compact(rest);
    if let Some(lab) = PROCEEDINGS_LABELS.iter().find(|l| whole.starts_with(**l)) {
        let note = &whole[lab.len()..];
        let bracketed = |o: char, cl: char| {
            note.starts_with(o)
                && note.ends_with(cl)
                && note[o.len_utf8()..].find(cl) == Some(note.len() - o.len_utf8() - cl.len_utf8())
        };
        let is_draft = matches!(note, "(案)" | "【案】" | "(素案)");
        if !is_draft && (bracketed('(', ')') || bracketed('【', '】') || bracketed('〔', '〕'))
        {
            return Some(String::new());
        }
    }
    let head = first_char(rest);
    for lab in PROCEEDINGS_LABELS {
        if !may_start(lab, head) {
            continue;
        }
        if let Some(end) = match_spaced(rest, lab) {
            let after = rest[end..].trim_start_matches(['】', ']', '>', '〉', ' ']);
            if let Some(value) = after.strip_prefix([':', '：']) {
                // The printed characters after the colon.
                let skip = folded.chars().count() - value.chars().count();
                return Some(
                    trimmed
                        .chars()
                        .skip(skip)
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
            }
        }
    }
    None
}

/// True when the line is a proceedings label alone or with its first words.
pub fn is_proceedings_label(line: &str) -> bool {
    proceedings_label(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spaced_label_with_value() {
        let l = label("開 催 日 時 令和４年(2022年) 3月 22日(火) 午後２時 30分～午後４時 00分 ")
            .unwrap();
        assert_eq!(l.field, Field::Date);
        assert!(l.value.starts_with("令和4年(2022年)"), "{}", l.value);
    }

    #[test]
    fn decorated_and_numbered_labels() {
        assert_eq!(
            label("■日 時：令和５年７月１２日（水）").unwrap().field,
            Field::Date
        );
        assert_eq!(label("5 議題").unwrap().field, Field::Agenda);
        assert_eq!(label("【資料一覧】").unwrap().field, Field::Materials);
        assert_eq!(label("■出席者：（敬称略）").unwrap().value, "(敬称略)");
        let l = label("出席者(委員)氏名(人数):佐藤、鈴木 (2名)").unwrap();
        assert_eq!(
            (l.field, l.value.as_str()),
            (Field::Attendance, "佐藤、鈴木 (2名)")
        );
    }

    #[test]
    fn words_that_only_look_like_labels() {
        assert_eq!(label("資料1-1 活動報告"), None);
        assert_eq!(label("議事録署名"), None);
        assert_eq!(label("日時の変更について説明した。"), None);
        assert!(label("1.開会").is_none());
    }

    #[test]
    fn proceedings_label_alone() {
        assert!(is_proceedings_label("会 議 概 要 "));
        assert!(is_proceedings_label("6 議事の経過"));
        assert!(!is_proceedings_label("令和３年度 第３回 全体会 会議概要"));
    }

    #[test]
    fn form_labels_and_proceedings_with_a_note() {
        assert_eq!(
            label("附属機関又は会議体の名称 第1回部会").unwrap().field,
            Field::Name
        );
        assert_eq!(
            label("事務局(担当課) 障害福祉課").unwrap().field,
            Field::Other
        );
        assert_eq!(
            label("出 席 山田委員,川上委員").unwrap().field,
            Field::Attendance
        );
        assert!(is_proceedings_label("会議録【要点筆記】"));
        assert!(is_proceedings_label(
            "会議要旨(発言者の次に発言内容が続きます。)"
        ));
        assert!(!is_proceedings_label("会議録(案)"));
    }
}
