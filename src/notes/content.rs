//! The content a draft promises to keep: what `parse(draft(notes))` must give back. Both notes
//! and records are reduced to the same [`Content`], so a round trip is a comparison, and
//! `gijiroku check` can say which entry would not survive the 会議概要 layout.

use serde::Serialize;

use super::Notes;
use crate::record::{EntryKind, Record, Role};
use crate::text::{compact, fold_width};

/// The comparable content of a meeting's minutes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Content {
    /// Council, body, fiscal year, session, date, start, end, venue.
    pub meeting: Vec<(&'static str, Option<String>)>,
    /// Members: name, role, present; sorted by name.
    pub members: Vec<(String, Role, bool)>,
    /// Secretariat: name, present; sorted by name.
    pub secretariat: Vec<(String, bool)>,
    /// Observers: name, note; sorted by name.
    pub observers: Vec<(String, Option<String>)>,
    /// Agenda items in order: path, title, material ids.
    pub agenda: Vec<(String, String, Vec<String>)>,
    /// Materials in order: id, title.
    pub materials: Vec<(Option<String>, String)>,
    /// Entries in order: agenda path, kind, speaker, text.
    pub entries: Vec<ContentEntry>,
}

/// One entry of [`Content`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContentEntry {
    /// The agenda path of the section (`2.(1)`), `-` for none.
    pub path: String,
    /// The kind.
    pub kind: EntryKind,
    /// The speaker as the 会議概要 layout prints it.
    pub speaker: Option<String>,
    /// The text.
    pub text: String,
}

/// Widths folded, white space runs collapsed, line breaks joined.
pub fn norm(s: &str) -> String {
    let folded = fold_width(s);
    let mut out = String::new();
    for (i, line) in folded.lines().map(str::trim).enumerate() {
        if i > 0 && !line.is_empty() {
            crate::text::heal_join(&mut out, line);
        } else {
            out.push_str(line);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The speaker the 会議概要 layout prints for an entry: opinions and questions are the members'
/// (`委員`) whoever asked, resolutions and notes have none.
pub fn printed_speaker(kind: EntryKind, speaker: Option<&str>) -> Option<String> {
    let speaker = speaker.map(str::trim).filter(|s| !s.is_empty());
    match kind {
        // The layout names no member: `gijiroku check` warns when the notes do.
        EntryKind::Opinion | EntryKind::Question => Some("委員".into()),
        EntryKind::Resolution | EntryKind::Note => None,
        EntryKind::Explanation | EntryKind::Answer => speaker.map(norm),
    }
}

fn opt(s: Option<&str>) -> Option<String> {
    s.map(norm).filter(|s| !s.is_empty())
}

/// The content of notes.
pub fn of_notes(n: &Notes) -> Content {
    let m = &n.meeting;
    let date = n.date().map(|d| d.format("%Y-%m-%d").to_string());
    let mut c = Content {
        meeting: vec![
            ("council", opt(Some(&m.council))),
            ("body", opt(Some(&m.body))),
            ("fiscal_year", n.fiscal_year().map(|y| y.to_string())),
            ("session", Some(m.session.to_string())),
            ("date", date),
            ("start_time", opt(Some(&m.start))),
            ("end_time", opt(Some(&m.end))),
            ("venue", opt(Some(&m.venue)).map(|v| compact(&v))),
        ],
        ..Content::default()
    };
    c.members = n
        .members()
        .into_iter()
        .map(|(name, role, _)| {
            let present = !n.is_absent(&name);
            (norm(&name), role, present)
        })
        .collect();
    c.members.sort_by(|a, b| a.0.cmp(&b.0));
    c.secretariat = n
        .roster
        .secretariat
        .iter()
        .map(|p| (norm(p.name()), !n.is_absent(p.name())))
        .collect();
    c.secretariat.sort();
    c.observers = n
        .roster
        .observers
        .iter()
        .map(|p| (norm(p.name()), opt(p.note())))
        .collect();
    c.observers.sort();
    for (_, _, path, it) in n.flat_items() {
        c.agenda.push((
            path.clone(),
            norm(&it.title),
            it.materials.iter().map(|m| compact(m)).collect(),
        ));
        for e in &it.entries {
            c.entries.push(ContentEntry {
                path: path.clone(),
                kind: e.kind,
                speaker: printed_speaker(e.kind, e.speaker.as_deref()),
                text: norm(&e.text),
            });
        }
    }
    c.materials = n
        .effective_materials()
        .into_iter()
        .map(|m| (m.id.map(|i| compact(&i)), norm(&m.title)))
        .collect();
    c
}

/// The content of a record.
pub fn of_record(r: &Record) -> Content {
    let m = &r.meeting;
    let mut c = Content {
        meeting: vec![
            ("council", opt(m.council.as_deref())),
            ("body", opt(m.body.as_deref())),
            ("fiscal_year", m.fiscal_year.map(|y| y.to_string())),
            ("session", m.session_number.map(|s| s.to_string())),
            ("date", m.date.clone()),
            ("start_time", m.start_time.clone()),
            ("end_time", m.end_time.clone()),
            ("venue", opt(m.venue.as_deref()).map(|v| compact(&v))),
        ],
        ..Content::default()
    };
    let a = &r.attendance;
    c.members = a
        .members
        .iter()
        .map(|p| (norm(&p.name), p.role, p.present))
        .collect();
    c.members.sort_by(|a, b| a.0.cmp(&b.0));
    c.secretariat = a
        .secretariat
        .iter()
        .map(|p| (norm(&p.name), p.present))
        .collect();
    c.secretariat.sort();
    c.observers = a
        .observers
        .iter()
        .map(|p| (norm(&p.name), opt(p.note.as_deref())))
        .collect();
    c.observers.sort();
    for (_, it) in r.agenda_items() {
        c.agenda.push((
            it.path.clone(),
            norm(&it.title),
            it.materials.iter().map(|m| compact(m)).collect(),
        ));
    }
    c.materials = r
        .materials
        .iter()
        .map(|m| (m.id.as_deref().map(compact), norm(&m.title)))
        .collect();
    for s in &r.proceedings {
        for e in &s.entries {
            c.entries.push(ContentEntry {
                path: s.agenda_ref.clone().unwrap_or_else(|| "-".into()),
                kind: e.kind,
                speaker: e.speaker.as_deref().map(norm),
                text: norm(&e.text),
            });
        }
    }
    c
}

/// The differences between what was expected and what was found, one line each (empty when
/// they agree).
pub fn diff(expected: &Content, found: &Content) -> Vec<String> {
    let mut out = Vec::new();
    for ((k, a), (_, b)) in expected.meeting.iter().zip(&found.meeting) {
        if a != b {
            out.push(format!("meeting.{k}: expected {a:?}, found {b:?}"));
        }
    }
    let mut list = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{what}: expected {a}, found {b}"));
        }
    };
    list(
        "members",
        format!("{:?}", expected.members),
        format!("{:?}", found.members),
    );
    list(
        "secretariat",
        format!("{:?}", expected.secretariat),
        format!("{:?}", found.secretariat),
    );
    list(
        "observers",
        format!("{:?}", expected.observers),
        format!("{:?}", found.observers),
    );
    list(
        "agenda",
        format!("{:?}", expected.agenda),
        format!("{:?}", found.agenda),
    );
    list(
        "materials",
        format!("{:?}", expected.materials),
        format!("{:?}", found.materials),
    );
    let n = expected.entries.len().max(found.entries.len());
    for i in 0..n {
        match (expected.entries.get(i), found.entries.get(i)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                out.push(format!("entry {}: expected {a:?}, found {b:?}", i + 1));
                break;
            }
        }
    }
    out
}
