//! Verbatim proceedings: one turn per speaker label, then each turn's kind from the speaker's role
//! and the text.

use super::builder::Builder;
use super::is_end;
use super::kinds::{
    EXPLAINED, MODERATION, NARRATED_RESOLUTION, ONLY_BRACKETS, PROCEDURAL, QUESTION, REPORTS,
    RULING, STAGE_NOTE, holds_view, stage_kind,
};
use crate::normalize::CleanLine;
use crate::record::{EntryKind, Section};
use crate::text::speakers::{self, SpeakerClass};
use crate::text::{compact, fold_width, heal_join};

/// Parses verbatim proceedings; `folded_lines` holds the lines in their [`fold_width`] form.
pub(super) fn verbatim(lines: &[CleanLine], folded_lines: &[String], b: &mut Builder) {
    let names = b.names;
    let mut current_speaker: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        // Folding keeps white space white space, so this is `fold_width(text)`.
        let folded = folded_lines[i].trim();
        if i + 1 == lines.len() && is_end(text) {
            continue;
        }
        let turn = speakers::turn_folded(folded.trim(), names);
        if turn.is_none() && b.continue_heading(text) {
            continue;
        }
        b.pending_heading = None;
        // A heading is a short numbered line that matches the agenda.
        if turn.is_none()
            && folded.chars().count() <= 80
            && !folded.contains('。')
            && b.heading(text, folded)
        {
            continue;
        }
        if let Some(t) = turn {
            current_speaker = Some(t.speaker.clone());
            let class = speakers::classify(&t.speaker, names);
            b.push(EntryKind::Explanation, Some(t.speaker), &t.rest, line);
            if matches!(class, SpeakerClass::Chair | SpeakerClass::Secretariat) {
                b.announced(&t.rest);
                b.staged(&t.rest);
            }
            continue;
        }
        if STAGE_NOTE.is_match(folded) {
            b.push(EntryKind::Note, None, text, line);
            b.staged(text);
            b.open = false;
            continue;
        }
        let class = current_speaker
            .as_deref()
            .map(|s| speakers::classify(s, names))
            .unwrap_or(SpeakerClass::Other);
        let announces =
            matches!(class, SpeakerClass::Chair | SpeakerClass::Secretariat) && b.announces(text);
        match b.last_entry() {
            // The chair's `次に議題(2)について…` opens the next item: what came before stays
            // with the previous one (a ruling on item 1, say).
            Some(e) if e.kind != EntryKind::Note && !announces => heal_join(&mut e.text, text),
            _ => b.push(EntryKind::Explanation, current_speaker.clone(), text, line),
        }
        if announces {
            b.announced(text);
        }
    }
    // Classify turns now that their text is complete.
    classify_turns(&mut b.sections, names);
}

/// The kind of each verbatim turn, from its speaker, where it stands and what it says: a
/// member's turn that asks is a question and the officials' turns after it answers, until the
/// next member speaks; a member's view or request an opinion; the chair's ruling a resolution;
/// the opening of the meeting (before its first agenda item) and the chair's moderation notes;
/// reports and explanations of materials explanations.
pub(super) fn classify_turns(sections: &mut [Section], names: &[String]) {
    let mut after_question = false;
    let mut just_asked = false;
    let mut opening = true;
    for section in sections.iter_mut() {
        section
            .entries
            .retain(|e| !(e.text.is_empty() && e.kind != EntryKind::Note));
        if section.agenda_ref.is_some() && !is_opening_heading(section.heading.as_deref()) {
            opening = false;
        }
        for e in &mut section.entries {
            let folded = fold_width(&e.text);
            let stage = ONLY_BRACKETS.is_match(folded.trim());
            if e.kind == EntryKind::Note && e.speaker.is_none() {
                continue;
            }
            let class = e
                .speaker
                .as_deref()
                .map(|s| speakers::classify(s, names))
                .unwrap_or(SpeakerClass::Other);
            let procedural = PROCEDURAL.is_match(&e.text);
            e.kind =
                if stage_kind(&folded).is_some() && (stage || EXPLAINED.is_match(folded.trim())) {
                    stage_kind(&folded).expect("checked")
                } else {
                    match class {
                        SpeakerClass::Chair if RULING.is_match(&e.text) => EntryKind::Resolution,
                        SpeakerClass::Other
                            if e.speaker.is_none() && NARRATED_RESOLUTION.is_match(&e.text) =>
                        {
                            EntryKind::Resolution
                        }
                        SpeakerClass::Member if QUESTION.is_match(&e.text) => EntryKind::Question,
                        // A member reporting for a body (`部会の上田です。資料1をご覧ください`).
                        SpeakerClass::Member if REPORTS.is_match(&e.text) => EntryKind::Explanation,
                        SpeakerClass::Member => EntryKind::Opinion,
                        _ if opening && (procedural || class != SpeakerClass::Member) => {
                            EntryKind::Note
                        }
                        SpeakerClass::Secretariat | SpeakerClass::Other if after_question => {
                            EntryKind::Answer
                        }
                        SpeakerClass::Chair if just_asked => EntryKind::Answer,
                        SpeakerClass::Chair if holds_view(&e.text) => EntryKind::Opinion,
                        SpeakerClass::Chair if MODERATION.is_match(&e.text) || procedural => {
                            EntryKind::Note
                        }
                        _ => EntryKind::Explanation,
                    }
                };
            // Officials keep answering until a member speaks again; the chair answers only
            // right after the question.
            just_asked = e.kind == EntryKind::Question;
            after_question = just_asked
                || (e.kind == EntryKind::Answer
                    && matches!(class, SpeakerClass::Secretariat | SpeakerClass::Other));
        }
    }
}

/// Items that open a meeting: `開会`, `開会あいさつ`, `資料確認`.
pub(super) fn is_opening_heading(heading: Option<&str>) -> bool {
    heading.is_some_and(|h| {
        let c = compact(h);
        let c = c.trim_start_matches(|ch: char| ch.is_ascii_digit() || "().、 ".contains(ch));
        c.starts_with("開会")
            || c.starts_with("開 会")
            || c.contains("資料確認")
            || c.contains("出席確認")
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn verbatim_turns() {
        let names = vec!["上田".to_string(), "田村".to_string()];
        let p = parse(
            &clines(&[
                "定刻になりましたので始めます。",
                "（１）活動報告について",
                "■事務局",
                "資料１に沿って説明します。",
                "相談は４２件でした。",
                "■田村委員",
                "件数が増えた理由は何ですか。",
                "■事務局",
                "周知が進んだためです。",
                "■上田部会長",
                "それでは、承認とさせていただきます。",
                "（「異議なし」の声あり）",
            ]),
            &agenda(&["（１）活動報告について"]),
            &names,
        );
        assert_eq!(p.style, Style::Verbatim);
        assert_eq!(p.sections[0].agenda_ref, None);
        // The opening, before the first item, is procedure.
        assert_eq!(p.sections[0].entries[0].kind, EntryKind::Note);
        let s = &p.sections[1];
        assert_eq!(s.agenda_ref.as_deref(), Some("(1)"));
        let e: Vec<(EntryKind, &str)> = s
            .entries
            .iter()
            .map(|e| (e.kind, e.speaker.as_deref().unwrap_or("-")))
            .collect();
        assert_eq!(
            e,
            [
                (EntryKind::Explanation, "事務局"),
                (EntryKind::Question, "田村委員"),
                (EntryKind::Answer, "事務局"),
                (EntryKind::Resolution, "上田部会長"),
                (EntryKind::Note, "-"),
            ]
        );
        assert_eq!(
            s.entries[0].text,
            "資料１に沿って説明します。相談は４２件でした。"
        );
    }
}
