//! The round trip of notes: drafted as text, the draft parsed back, and the entries that come
//! back changed reported (the 会議概要 layout cannot show them as written).

use std::path::Path;

use super::findings::Findings;
use crate::notes::{Notes, content};

/// Drafts the notes as text, parses the draft and reports the entries that come back changed.
pub(super) fn round_trip(n: &Notes, f: &mut Findings) {
    let Ok(text) = crate::render::render_text(n, crate::render::DraftFormat::Txt, None) else {
        return;
    };
    let Ok(record) = crate::pipeline::read_text(
        Path::new("draft.txt"),
        &text,
        Some(crate::record::DocumentKind::Minutes),
    ) else {
        return;
    };
    let expected = content::of_notes(n);
    let found = content::of_record(&record);
    let mut reported = 0;
    for (i, e) in expected.entries.iter().enumerate() {
        let back = found.entries.get(i);
        if back == Some(e) {
            continue;
        }
        let how = match back {
            Some(b) if b.text == e.text => format!(
                "it reads back as {} by {}",
                b.kind.as_str(),
                b.speaker.as_deref().unwrap_or("no speaker")
            ),
            _ => "it does not read back as written".into(),
        };
        f.warn(
            f.line_of("text", &e.text),
            format!(
                "the 会議概要 layout cannot show this {} by {} in agenda item {} as written: {how} (the layout prints a speaker's explanations before the members' opinions and questions: move it up, or make it an answer)",
                e.kind.as_str(),
                e.speaker.as_deref().unwrap_or("no speaker"),
                e.path
            ),
        );
        reported += 1;
        // One misread entry shifts the rest; the first says enough.
        if back.is_none_or(|b| b.text != e.text) || reported >= 3 {
            break;
        }
    }
}
