//! The checks of a parsed record: its weekday and fiscal year, members both present and
//! absent, materials cited but not listed (or listed but never cited), unknown speakers,
//! possible personal information, and the parser's own warnings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::findings::{Finding, Findings};
use super::personal::personal_info;
use super::speakers::unknown_speaker;
use crate::record::Record;
use crate::text::compact;
use crate::text::era;

/// Checks a record.
pub fn check_record(r: &Record) -> Vec<Finding> {
    let mut f = Findings::new(None);
    let m = &r.meeting;
    if let Some(date) = m
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let actual = era::weekday_char(date);
        if let Some(w) = m.weekday.as_deref()
            && w != actual
        {
            f.error(None, format!("{date} is a {actual}曜日, not {w}"));
        }
        if let Some(fy) = m.fiscal_year
            && fy != era::fiscal_year_of(date)
        {
            f.error(
                None,
                format!(
                    "fiscal year {fy} does not contain {date} (fiscal year {})",
                    era::fiscal_year_of(date)
                ),
            );
        }
    }
    let mut presence: BTreeMap<String, bool> = BTreeMap::new();
    for p in &r.attendance.members {
        if let Some(prev) = presence.insert(compact(&p.name), p.present)
            && prev != p.present
        {
            f.error(None, format!("{} is both present and absent", p.name));
        }
    }
    let roster: BTreeSet<String> = r
        .attendance
        .members
        .iter()
        .map(|p| compact(&p.name))
        .chain(r.attendance.secretariat.iter().map(|p| compact(&p.name)))
        .chain(r.attendance.observers.iter().map(|p| compact(&p.name)))
        .collect();
    let listed: BTreeSet<String> = r
        .materials
        .iter()
        .filter_map(|m| m.id.as_deref().map(compact))
        .collect();
    let mut cited = BTreeSet::new();
    for (_, it) in r.agenda_items() {
        for id in &it.materials {
            cited.insert(compact(id));
            if !r.materials.is_empty() && !listed.contains(&compact(id)) {
                f.warn(
                    None,
                    format!(
                        "{id} is cited by agenda item {} but not in the materials list",
                        it.path
                    ),
                );
            }
        }
    }
    if !cited.is_empty() {
        for id in &listed {
            if !cited.contains(id) {
                f.warn(
                    None,
                    format!("{id} is in the materials list but no agenda item cites it"),
                );
            }
        }
    }
    for s in &r.proceedings {
        let path = s.agenda_ref.as_deref().unwrap_or("-");
        for e in &s.entries {
            if let Some(sp) = e.speaker.as_deref()
                && !roster.is_empty()
                && let Some(msg) = unknown_speaker(sp, &roster)
            {
                f.warn(Some(e.line), format!("{msg} (agenda item {path})"));
            }
            for msg in personal_info(&e.text, &roster, &[]) {
                f.warn(Some(e.line), format!("{msg} (agenda item {path})"));
            }
        }
    }
    for w in &r.warnings {
        f.warn(w.line, format!("the parser: {}", w.message));
    }
    f.list.sort_by_key(|x| x.line.unwrap_or(0));
    f.list
}
