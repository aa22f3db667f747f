//! The header block of minutes: the labels in their many spellings (`開 催 日 時`, `■日 時:`,
//! `1 日時`, `開催日時:`), the title, and which field each header line belongs to.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{compact, fold_width};

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

/// What a title says: council, body, fiscal year, session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleParts {
    /// The council (`鎌倉市障害者支援協議会`).
    pub council: Option<String>,
    /// The body (`全体会`, `相談支援部会`).
    pub body: Option<String>,
    /// The session number.
    pub session: Option<u32>,
    /// The fiscal year printed.
    pub fiscal_year: Option<i32>,
}

/// Example: `令和３年度（2021年度）第３回 鎌倉市障害者支援協議会全体会 会議概要`
static TITLE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?: (?:令和|平成|昭和)(?:\d+|元)年度 (?:\(\d{4}年度\))? | \d{4}年度 )?
        (?: 第(?P<session>\d+)回 )?",
    )
    .unwrap()
});

/// Document words at the end of a title.
static TITLE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:会議概要|会議要旨|議事要旨|議事概要|会議録|議事録|逐語記録|要旨|概要|記録)(?:\(案\))?$")
        .unwrap()
});

/// Example: `鎌倉市障害者支援協議会`, `山田町自立支援協議会`, `山田市保健福祉審議会`,
/// `山田市障害者計画策定委員会`, `山田区障害福祉計画推進会議`
static COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<council>.*?(?:都|道|府|県|市|町|村|区).*?(?:協議会|審議会|委員会|推進会議|懇談会|会議))(?P<rest>.*)$").unwrap()
});

/// The body or council named in brackets after the document word:
/// `平成26年度第6回議事録(山田県総合支援協議会)`.
static NAME_AFTER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:議事録|会議録|会議概要|議事要旨|議事概要)[(（](?P<x>[^)）]{2,40})[)）]$")
        .unwrap()
});

/// Splits a title into council, body, fiscal year and session. A title printed over several
/// lines (or repeated, as a page title and a heading) is read line by line, each field from the
/// first line that gives it.
pub fn title_parts(title: &str) -> TitleParts {
    let whole = title_parts_of(title);
    let lines: Vec<&str> = title.split('\n').filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 2 {
        return whole;
    }
    let mut parts = TitleParts::default();
    for l in &lines {
        let p = title_parts_of(l);
        parts.council = parts.council.or(p.council);
        parts.body = parts.body.or(p.body);
        parts.session = parts.session.or(p.session);
        parts.fiscal_year = parts.fiscal_year.or(p.fiscal_year);
    }
    // A body alone on its line, with the council on another: keep the council's line's reading.
    if parts.council.is_none() {
        return whole;
    }
    parts
}

fn title_parts_of(title: &str) -> TitleParts {
    let c = crate::parse::dates::kanji_numerals(&compact(title));
    let mut named = None;
    let c = match NAME_AFTER_WORD.captures(&c) {
        Some(caps) => {
            named = Some(caps["x"].to_string());
            c[..caps.get(0).expect("the match").start()].to_string() + "議事録"
        }
        None => c,
    };
    let mut parts = TitleParts {
        fiscal_year: crate::parse::dates::find_fiscal_year(&c),
        ..TitleParts::default()
    };
    // The session may follow the council (`…協議会 第2回全体会`): take it from anywhere.
    static SESSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"第(\d+)回").unwrap());
    parts.session = SESSION.captures(&c).and_then(|m| m[1].parse().ok());
    let rest = TITLE_PREFIX
        .find(&c)
        .map(|m| &c[m.end()..])
        .unwrap_or(c.as_str());
    let rest = SESSION.replace_all(rest, "");
    let rest = rest.replace("()", "").replace("（）", "");
    // A note in brackets after the body or the document word: `全体会(逐語要約記録)`.
    static NOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[(（][^)）]*(?:記録|要約|要旨|案|抜粋|概要)[^)）]*[)）]$").unwrap()
    });
    let rest = NOTE.replace(&rest, "");
    let rest = TITLE_SUFFIX.replace(&rest, "");
    let rest = NOTE.replace(&rest, "");
    let rest = rest.trim_end_matches(['・', '-']);
    if let Some(caps) = COUNCIL.captures(rest) {
        parts.council = Some(caps["council"].to_string());
        let body = caps["rest"].trim();
        if !body.is_empty() {
            parts.body = Some(body.to_string());
        }
    } else if !rest.is_empty() {
        parts.body = Some(rest.to_string());
    }
    if let Some(x) = named {
        if COUNCIL.is_match(&x) && parts.council.is_none() {
            parts.council = Some(x);
            parts.body = None;
        } else if parts.body.is_none() || parts.council.is_none() {
            parts.body = Some(x);
        }
    }
    parts
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
    fn title_with_council_and_body() {
        let t = title_parts("令和３年度（2021年度）第３回 鎌倉市障害者支援協議会全体会 会議概要");
        assert_eq!(t.council.as_deref(), Some("鎌倉市障害者支援協議会"));
        assert_eq!(t.body.as_deref(), Some("全体会"));
        assert_eq!((t.session, t.fiscal_year), (Some(3), Some(2021)));
        let t = title_parts("第1回相談支援部会 議事要旨");
        assert_eq!((t.council, t.body.as_deref()), (None, Some("相談支援部会")));
        let t = title_parts("令和6年度 第2回 山田市障害者自立支援協議会 全体会 会議録");
        assert_eq!(t.council.as_deref(), Some("山田市障害者自立支援協議会"));
        assert_eq!(t.body.as_deref(), Some("全体会"));
    }
    #[test]
    fn councils_of_other_kinds_and_names_after_the_document_word() {
        let t =
            title_parts("令和5年度山田市保健福祉審議会 障がい者保健福祉専門分科会 (第1回)議事録");
        assert_eq!(t.council.as_deref(), Some("山田市保健福祉審議会"));
        assert_eq!(t.body.as_deref(), Some("障がい者保健福祉専門分科会"));
        assert_eq!(t.session, Some(1));
        let t = title_parts("平成26年度第6回議事録(山田県総合支援協議会)");
        assert_eq!(t.council.as_deref(), Some("山田県総合支援協議会"));
        let t = title_parts("平成29年度第3回議事録(地域生活支援専門部会)");
        assert_eq!(
            (t.council, t.body.as_deref()),
            (None, Some("地域生活支援専門部会"))
        );
        let t = title_parts(
            "山田市障害者自立支援協議会 全体会(逐語要約記録)\n第3回山田市障害者自立支援協議会全体会",
        );
        assert_eq!((t.body.as_deref(), t.session), (Some("全体会"), Some(3)));
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
