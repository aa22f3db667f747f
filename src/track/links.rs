//! The links between minutes and the materials handed out at their meetings: every material a
//! set of minutes lists or cites, resolved to an ingested material ([`material_links`]), and the
//! other way, the meetings a material was handed out at ([`distributed_at`]).

use serde::Serialize;

use super::Stored;
use super::matcher::{agree, comparable, similarity};
use crate::record::{DocumentKind, Record};

/// A record another one links to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedRecord {
    /// Its id, for `gijiroku show`.
    pub record_id: String,
    /// Its title (the meeting's title for minutes).
    pub title: Option<String>,
    /// Its meeting date, ISO.
    pub date: Option<String>,
    /// Its source file.
    pub path: String,
}

impl LinkedRecord {
    fn of(id: &str, r: &Record) -> LinkedRecord {
        LinkedRecord {
            record_id: id.to_string(),
            title: r.title().map(str::to_string),
            date: r.meeting.date.clone(),
            path: r.source.path.clone(),
        }
    }
}

/// A material cited or listed by a set of minutes, and the ingested material it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialLink {
    /// The id as the minutes give it (`資料3-2`), or null for unnumbered items (次第).
    pub id: Option<String>,
    /// The title in the minutes' materials list (empty when only cited in the agenda).
    pub title: String,
    /// Listed in the minutes' materials list.
    pub listed: bool,
    /// The agenda items that cite it (their paths).
    pub cited_by: Vec<String>,
    /// The ingested material it resolves to; null when none was ingested (reported missing).
    pub resolved: Option<LinkedRecord>,
}

/// Whether the material `m` was handed out at the meeting of `minutes` as `id` / `title`.
fn is_distributed(minutes: &Record, id: Option<&str>, title: &str, m: &Record) -> bool {
    if m.kind != DocumentKind::Material {
        return false;
    }
    let mtitle = m.title.as_deref().unwrap_or("");
    match (&m.meeting.date, &minutes.meeting.date) {
        (Some(md), Some(d)) if md == d => {
            if !agree(&m.meeting.council, &minutes.meeting.council)
                || !agree(&m.meeting.body, &minutes.meeting.body)
            {
                return false;
            }
            match (id, &m.material_id) {
                (Some(a), Some(b)) => comparable(a) == comparable(b),
                _ => !title.is_empty() && similarity(title, mtitle) >= 0.6,
            }
        }
        // A material whose meeting is unknown is linked by a long, near-identical title only.
        (None, _) => comparable(title).chars().count() >= 6 && similarity(title, mtitle) >= 0.85,
        _ => false,
    }
}

/// Every material the minutes list or cite, each resolved to an ingested material where one
/// matches: handed out at the same meeting (date, and council and body where both are known)
/// under the same id, or with a similar title; a material with no known meeting only by a
/// near-identical title.
pub fn material_links(minutes: &Record, records: &[Stored]) -> Vec<MaterialLink> {
    let mut links: Vec<MaterialLink> = minutes
        .materials
        .iter()
        .map(|m| MaterialLink {
            id: m.id.clone(),
            title: m.title.clone(),
            listed: true,
            cited_by: Vec::new(),
            resolved: None,
        })
        .collect();
    // The agenda items' citations, in printed order.
    let citations = minutes
        .agenda_items()
        .flat_map(|(_, item)| item.materials.iter().map(move |m| (m, &item.path)));
    for (id, path) in citations {
        match links
            .iter_mut()
            .find(|l| l.id.as_deref().map(comparable) == Some(comparable(id)))
        {
            Some(l) => {
                if !l.cited_by.contains(path) {
                    l.cited_by.push(path.clone());
                }
            }
            None => links.push(MaterialLink {
                id: Some(id.clone()),
                title: String::new(),
                listed: false,
                cited_by: vec![path.clone()],
                resolved: None,
            }),
        }
    }
    for l in &mut links {
        l.resolved = records
            .iter()
            .find(|(_, m)| is_distributed(minutes, l.id.as_deref(), &l.title, m))
            .map(|(id, m)| LinkedRecord::of(id, m));
    }
    links
}

/// The meetings whose minutes list or cite the material `material` (see [`material_links`]).
pub fn distributed_at(material: &Record, records: &[Stored]) -> Vec<LinkedRecord> {
    if material.kind != DocumentKind::Material {
        return Vec::new();
    }
    let only = [(String::new(), material.clone())];
    let mut out = Vec::new();
    for (id, r) in records {
        if r.kind != DocumentKind::Minutes {
            continue;
        }
        let hit = material_links(r, &only)
            .iter()
            .any(|l| l.resolved.is_some());
        if hit {
            out.push(LinkedRecord::of(id, r));
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}
