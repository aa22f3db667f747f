//! Parsing, the second stage: clean lines become a [`crate::record::Record`].
//!
//! [`minutes`] assembles the record from the header ([`header`], [`dates`], [`attendance`],
//! [`agenda`]), the proceedings ([`proceedings`], with the speaker labels of
//! [`crate::text::speakers`]) and what is found in the text
//! ([`aliases`], [`facts`]).

pub mod agenda;
pub mod aliases;
pub mod attendance;
pub mod dates;
pub mod distribution;
pub mod facts;
pub mod header;
pub mod material;
pub mod minutes;
pub mod people;
pub mod proceedings;
pub mod reply;

use crate::ingest::Document;
use crate::normalize;
use crate::record::{DocumentKind, Record};
use crate::text::speakers;

/// Parses an extracted document, detecting its kind from its content: minutes have a header
/// block (at least two of date, place, attendance, agenda, materials, proceedings label).
pub fn parse_document(doc: &Document) -> Record {
    parse_as(doc, None)
}

/// Parses an extracted document as the given kind, or detects it.
pub fn parse_as(doc: &Document, kind: Option<DocumentKind>) -> Record {
    let lines = normalize::clean(doc);
    let kind = kind.unwrap_or_else(|| detect_kind(&lines));
    match kind {
        DocumentKind::Minutes => {
            let mut record = minutes::parse_lines(doc, lines);
            people::resolve(&mut record);
            reply::link(&mut record);
            record
        }
        DocumentKind::Material => material::parse_lines(doc, lines),
    }
}

/// Minutes or material, from the content: minutes when their signals win — a title that says
/// 会議録 / 議事録 / 会議概要 / 要旨, header labels (date, place, attendance, agenda, materials,
/// a proceedings label), a municipal form's header (`附属機関又は会議体の名称`), speakers' turns —
/// over a material's (an id above the title, a table of contents, chapters, phone numbers).
pub fn detect_kind(lines: &[normalize::CleanLine]) -> DocumentKind {
    let fields = minutes::minutes_score(lines);
    let head: Vec<&str> = lines.iter().take(6).map(|l| l.text.as_str()).collect();
    let head = crate::text::compact(&head.join(" "));
    let head = head.chars().take(300).collect::<String>();
    let titled = MINUTES_WORDS.iter().any(|w| head.contains(w));
    let form = head.contains("会議体の名称") || head.contains("附属機関等の名称");
    let turns = lines
        .iter()
        .take(400)
        .filter(|l| {
            speakers::turn(&l.text, &[]).is_some_and(|t| {
                t.marked && speakers::classify(&t.speaker, &[]) != speakers::SpeakerClass::Other
            })
        })
        .count();
    let opened = head.contains("開会") || head.contains("開催します");
    let minutes = fields
        + if titled { 2 } else { 0 }
        + if form { 3 } else { 0 }
        + usize::from(turns >= 1)
        + usize::from(turns >= 3)
        + usize::from(opened);
    let material = material_signals(lines);
    if minutes >= 2 && minutes > material {
        DocumentKind::Minutes
    } else {
        DocumentKind::Material
    }
}

/// Words that name a document as minutes.
const MINUTES_WORDS: &[&str] = &[
    "会議録",
    "議事録",
    "会議概要",
    "議事概要",
    "議事要旨",
    "会議要旨",
    "会議記録",
    "逐語記録",
    "要点筆記",
];

/// How strongly the lines look like a material: its id above the title (`資料２`), a table of
/// contents, chapters, many phone numbers.
fn material_signals(lines: &[normalize::CleanLine]) -> usize {
    let mut n = 0;
    let first = lines
        .first()
        .map(|l| crate::text::compact(&l.text))
        .unwrap_or_default();
    if (first.starts_with("資料") || first.starts_with("参考資料")) && first.chars().count() <= 12
    {
        n += 1;
    }
    // One pass; only lines that may hold a signal are normalized.
    let (mut contents, mut chapters, mut phones) = (false, 0, 0);
    for (i, l) in lines.iter().take(2000).enumerate() {
        if !l.text.contains(['目', 'も', '第', 'T', 'Ｔ', '電', '☎']) {
            continue;
        }
        let c = crate::text::compact(&l.text);
        contents |= i < 80 && (c == "目次" || c == "もくじ");
        if c.starts_with('第')
            && c.chars().count() <= 30
            && (c.contains("章") || c.contains("節"))
            && c.chars()
                .nth(1)
                .is_some_and(|d| d.is_ascii_digit() || "一二三四五六七八九十".contains(d))
        {
            chapters += 1;
        }
        if c.contains("TEL") || c.contains("電話") || c.contains("☎") {
            phones += 1;
        }
    }
    if contents {
        n += 2;
    }
    if chapters >= 2 {
        n += 2;
    }
    if phones >= 3 {
        n += 2;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;

    fn kind_of(text: &str) -> DocumentKind {
        detect_kind(&normalize::clean(&Document::from_text(text)))
    }

    #[test]
    fn minutes_by_their_title_form_or_turns() {
        assert_eq!(
            kind_of("令和5年度 山田市障害者自立支援協議会 第1回全体会 議事録\n"),
            DocumentKind::Minutes
        );
        assert_eq!(
            kind_of("別記第1号様式\n附属機関又は会議体の名称 第1回部会\n"),
            DocumentKind::Minutes
        );
        assert_eq!(
            kind_of(
                "第3回 山田区協議会 令和5年9月11日(月) 午後2時開会\n○障害者福祉課長 皆様こんにちは。\n"
            ),
            DocumentKind::Minutes
        );
    }

    #[test]
    fn materials_stay_materials() {
        assert_eq!(
            kind_of("資料2\n活動状況報告\n第1章 はじめに\n第2章 相談の状況\n"),
            DocumentKind::Material
        );
        assert_eq!(kind_of("目次\n地域の相談窓口\n"), DocumentKind::Material);
    }
}
