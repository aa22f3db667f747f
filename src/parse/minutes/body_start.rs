//! Where the header ends and the proceedings begin: a line that can only be their first (the
//! agenda repeated as a heading, a summary marker, a speaker's turn, a sentence of speech), a
//! label's value that is speech rather than a list of names, a line that names the document.

use super::fields::Header;
use crate::parse::agenda;
use crate::text::compact;
use crate::text::labels::{self, Field};
use crate::text::speakers;

/// True when a label's value is the first words of a speech, not a list of names: it holds a
/// sentence, or the line a printed page wrapped it onto does (`事務局:それでは、定刻となり` /
/// `ましたので開催いたします。`).
pub(super) fn looks_like_speech(value: &str, next: Option<&str>) -> bool {
    if value.contains('。') {
        return true;
    }
    const OPENERS: &[&str] = &[
        "それでは",
        "ただ今",
        "ただいま",
        "皆様",
        "皆さん",
        "本日",
        "定刻",
        "これより",
        "ので",
        "ます",
        "です",
    ];
    next.is_some_and(|n| n.contains('。')) && OPENERS.iter().any(|w| value.contains(w))
}

/// True when a line is only `会議録` or `議事録` (letter-spaced or with a note).
pub(super) fn names_document(text: &str) -> bool {
    let c = compact(text);
    c.starts_with("会議録") || c.starts_with("議事録")
}

/// True when an unlabelled line can only be the beginning of the proceedings: the agenda
/// repeated as a heading, a summary marker, a speaker's turn, or a sentence of speech.
pub(super) fn starts_proceedings(
    h: &Header,
    field: Option<Field>,
    text: &str,
    next: Option<&str>,
) -> bool {
    let c = compact(text);
    if c.starts_with(['《', '〔']) {
        return true;
    }
    // A section label of the proceedings: `【質疑応答】`, `(質疑)`, `【主な意見】`.
    if c.chars().count() <= 12
        && c.starts_with(['【', '(', '[', '<'])
        && (c.contains("質疑") || c.contains("意見") || c.contains("質問"))
    {
        return true;
    }
    if matches!(field, Some(Field::Agenda | Field::Materials))
        && let (Some(first), Some(n)) = (h.agenda.first(), agenda::numbered(text))
        && let Some(first_n) = agenda::numbered(&first.text)
        && first_n.key == n.key
        && compact(&first_n.rest) == compact(&n.rest)
        && h.agenda.len() > 1
    {
        return true;
    }
    if matches!(field, Some(Field::Name) | None) {
        return false;
    }
    if let Some(t) = speakers::turn(text, &[]) {
        let speech = if t.rest.is_empty() {
            next.unwrap_or("")
        } else {
            &t.rest
        };
        if speech.contains('。') && labels::label(speech).is_none() {
            return true;
        }
    }
    let people = matches!(
        field,
        Some(Field::Attendance | Field::Absence | Field::Secretariat | Field::Observer)
    );
    // After the lists of people, the first item of the proceedings' own numbering (`1 開会`)
    // or a bracketed speaker (`(司会)`) begins them.
    if people {
        if let Some(n) = agenda::numbered(text)
            && matches!(n.key.as_str(), "1." | "(1)")
            && !n.rest.contains(['、', ',', '，', ':', '：'])
            && !n.rest.ends_with("委員")
            && !n.rest.contains("事務局")
            && n.rest.chars().count() >= 2
            && n.rest.chars().count() <= 20
        {
            return true;
        }
        if let Some(t) = speakers::turn(text, &[])
            && t.marked
            && t.rest.is_empty()
            && text.starts_with(['(', '（'])
            // `(事務局)` alone in a roster heads its staff; `(司会)` opens the meeting.
            && speakers::classify(&t.speaker, &[]) == speakers::SpeakerClass::Chair
        {
            return true;
        }
    }
    text.contains('。')
        && (text.chars().count() > 30 || people)
        && !matches!(field, Some(Field::Other))
}
