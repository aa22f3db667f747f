//! The checks of the secretariat's notes: the meeting (date, 和暦, weekday, fiscal year,
//! times), the roster, the agenda's entries and materials, then the round trip through a draft.

use std::collections::{BTreeMap, BTreeSet};

use super::dates::check_era;
use super::findings::{Finding, Findings, Severity};
use super::personal::personal_info;
use super::round_trip::round_trip;
use super::speakers::{NAME_SUFFIXES, surname, unknown_speaker};
use crate::notes::{self, Notes};
use crate::parse::dates;
use crate::record::EntryKind;
use crate::text::compact;
use crate::text::era;

/// Checks notes. `src` is the TOML text, for line numbers.
pub fn check_notes(n: &Notes, src: Option<&str>) -> Vec<Finding> {
    let mut f = Findings::new(src);
    let m = &n.meeting;
    // The meeting.
    for (key, value) in [
        ("council", &m.council),
        ("body", &m.body),
        ("venue", &m.venue),
    ] {
        if value.trim().is_empty() {
            f.error(f.line_of(key, "="), format!("meeting.{key} is empty"));
        }
    }
    if m.session == 0 {
        f.error(
            f.line_of("session", "0"),
            "meeting.session must be 1 or more".into(),
        );
    }
    let date_line = f.line_of("date", &m.date);
    match n.date() {
        None => f.error(
            date_line,
            format!(
                "meeting.date {:?} is not a date (write 2025-05-19 or 令和7年5月19日)",
                m.date
            ),
        ),
        Some(date) => {
            check_era(&mut f, &m.date, date, date_line);
            let actual = era::weekday_char(date);
            let written = m
                .weekday
                .clone()
                .or_else(|| dates::find_date(&m.date).and_then(|d| d.weekday));
            if let Some(w) = written {
                let w = w.trim().trim_end_matches("曜日").trim_end_matches('曜');
                if w != actual {
                    f.error(
                        f.line_of("weekday", w).or(date_line),
                        format!("{date} is a {actual}曜日, not {w}"),
                    );
                }
            }
            let computed = era::fiscal_year_of(date);
            if let Some(fy) = m.fiscal_year
                && fy != computed
            {
                f.error(
                    f.line_of("fiscal_year", &fy.to_string()),
                    format!(
                        "fiscal year {fy} does not contain {date}: it belongs to {computed} ({}, April to March)",
                        era::fiscal_text(computed)
                    ),
                );
            }
        }
    }
    let mut times = Vec::new();
    for (key, value) in [("start", &m.start), ("end", &m.end)] {
        match notes::parse_time(value) {
            Some(t) => times.push(t),
            None => f.error(
                f.line_of(key, value),
                format!("meeting.{key} {value:?} is not a 24-hour HH:MM time"),
            ),
        }
    }
    if let [s, e] = times[..]
        && e <= s
    {
        f.error(
            f.line_of("end", &m.end),
            format!(
                "the meeting ends ({}) before it starts ({})",
                m.end, m.start
            ),
        );
    }

    // The roster.
    let r = &n.roster;
    let mut seen = BTreeMap::new();
    for p in r.members.iter().chain(&r.secretariat) {
        let c = compact(p.name());
        if c.is_empty() {
            f.error(
                f.line_of("members", "\"\""),
                "an empty name on the roster".into(),
            );
        }
        if seen.insert(c, ()).is_some() {
            f.error(
                f.line_of("members", p.name()),
                format!("{} is listed twice on the roster", p.name()),
            );
        }
    }
    if let (Some(c), Some(v)) = (&r.chair, &r.vice_chair)
        && c == v
    {
        f.error(
            f.line_of("vice_chair", v),
            format!("{c} is both chair and vice chair"),
        );
    }
    let roster: BTreeSet<String> = n
        .members()
        .iter()
        .map(|p| compact(&p.0))
        .chain(r.secretariat.iter().map(|p| compact(p.name())))
        .chain(r.observers.iter().map(|p| compact(p.name())))
        .collect();
    for a in &r.absent {
        let on_roster =
            n.members().iter().any(|p| &p.0 == a) || r.secretariat.iter().any(|p| p.name() == a);
        if !on_roster {
            f.error(
                f.line_of("absent", a),
                format!("{a} is listed as absent but is not on the roster"),
            );
        }
    }

    // Agenda, entries, materials.
    let items = n.flat_items();
    let listed: Vec<&str> = n.materials.iter().filter_map(|m| m.id.as_deref()).collect();
    let mut cited: BTreeSet<String> = BTreeSet::new();
    let mut listed_seen = BTreeSet::new();
    for id in &listed {
        if !listed_seen.insert(compact(id)) {
            f.warn(
                f.line_of("id", id),
                format!("material {id} is listed twice"),
            );
        }
    }
    for (_, _, path, it) in &items {
        let title_line = f.line_of("title", &it.title);
        if it.title.trim().is_empty() {
            f.error(title_line, format!("agenda item {path} has no title"));
        }
        for id in &it.materials {
            cited.insert(compact(id));
            if !n.materials.is_empty() && !listed.iter().any(|l| compact(l) == compact(id)) {
                f.warn(
                    title_line,
                    format!("{id} is cited by agenda item {path} but not in the materials list"),
                );
            }
        }
        if it.decision && !it.entries.iter().any(|e| e.kind == EntryKind::Resolution) {
            f.warn(
                title_line,
                format!(
                    "agenda item {path} {} is marked for decision but has no resolution",
                    it.title
                ),
            );
        }
        for e in &it.entries {
            let line = f.line_of("text", &e.text);
            if e.text.trim().is_empty() {
                f.error(line, format!("an empty entry in agenda item {path}"));
                continue;
            }
            if let Some(s) = e.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
                match e.kind {
                    EntryKind::Opinion | EntryKind::Question if compact(s) != "委員" => f.warn(
                        line,
                        format!(
                            "the {} of {s} in {path} is printed as 委員's: the 会議概要 layout names no member",
                            e.kind.as_str()
                        ),
                    ),
                    EntryKind::Resolution | EntryKind::Note => f.warn(
                        line,
                        format!("the speaker {s} of a {} in {path} is not printed", e.kind.as_str()),
                    ),
                    _ => {}
                }
                if let Some(msg) = unknown_speaker(s, &roster) {
                    f.warn(line, format!("{msg} (agenda item {path})"));
                }
                for a in &r.absent {
                    let a_c = compact(a);
                    let sp = compact(s);
                    if !a_c.is_empty()
                        && (sp == a_c
                            || sp
                                .strip_prefix(a_c.as_str())
                                .is_some_and(|rest| NAME_SUFFIXES.contains(&rest))
                            || sp
                                .strip_prefix(surname(a).as_str())
                                .is_some_and(|rest| NAME_SUFFIXES.contains(&rest)))
                    {
                        f.error(
                            line,
                            format!("{a} is both absent and present: listed as absent but speaks in agenda item {path}"),
                        );
                    }
                }
            }
            for msg in personal_info(&e.text, &roster, &n.public_phones) {
                f.warn(line, format!("{msg} (agenda item {path})"));
            }
        }
    }
    if !n.materials.is_empty() {
        for id in &listed {
            if !cited.contains(&compact(id)) {
                f.warn(
                    f.line_of("id", id),
                    format!("{id} is in the materials list but no agenda item cites it"),
                );
            }
        }
    }

    // The layout: entries that would not read back as written.
    if !f.list.iter().any(|x| x.severity == Severity::Error) {
        round_trip(n, &mut f);
    }
    f.list.sort_by_key(|x| x.line.unwrap_or(usize::MAX));
    f.list
}
