//! The record ↔ tantivy document mapping, both ways: a record becomes one stored `record`
//! document (without the texts its blocks hold) and one document per searchable block
//! ([`DocType`]); reading a record back puts each block's text in its [`Slot`].

use chrono::{Datelike, NaiveDate};
use tantivy::doc;
use tantivy::schema::{TantivyDocument, Value};

use super::schema::{Fields, Slot};
use super::{IndexError, Result};
use crate::record::{DocumentKind, Record};

/// What a tantivy document of the index is: the stored record of one file, or one of its
/// searchable blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// The record of one file, stored once (not searched).
    Record,
    /// A proceedings entry (a turn or a summary point).
    Entry,
    /// A meeting's header: title, venue, names, notes.
    Header,
    /// An agenda item.
    Agenda,
    /// A material in the meeting's list of materials.
    Material,
    /// A material's section (or passage, directory entry, programme).
    Section,
}

impl DocType {
    /// Every type, in the order of the record.
    pub const ALL: [DocType; 6] = [
        DocType::Record,
        DocType::Entry,
        DocType::Header,
        DocType::Agenda,
        DocType::Material,
        DocType::Section,
    ];

    /// The name kept in the `doc_type` field (and in a hit's JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Record => "record",
            DocType::Entry => "entry",
            DocType::Header => "header",
            DocType::Agenda => "agenda",
            DocType::Material => "material",
            DocType::Section => "section",
        }
    }

    /// The type a name stands for.
    pub fn from_name(name: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// What the web page calls it.
    pub fn label_ja(self) -> &'static str {
        match self {
            DocType::Record => "会議録",
            DocType::Entry => "発言",
            DocType::Header => "会議の情報",
            DocType::Agenda => "議題",
            DocType::Material => "配布資料",
            DocType::Section => "資料の本文",
        }
    }

    /// A title rather than text: an agenda item, a listed material, a meeting's header.
    pub fn is_title(self) -> bool {
        matches!(self, DocType::Agenda | DocType::Material | DocType::Header)
    }
}

impl std::fmt::Display for DocType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the blocks of a material are in its source, beyond what its record says.
#[derive(Debug, Clone, Default)]
pub struct Passages {
    /// For each section, the byte offsets in its text where a passage starts, with the source
    /// line it starts on (empty for a section searched whole).
    pub sections: Vec<Vec<(usize, usize)>>,
    /// For each numbered programme, the line its number and name are printed on (0: not
    /// found), so that a hit on it points there.
    pub programmes: Vec<usize>,
}

/// The number the `meeting_no` field holds for a meeting id (hexadecimal).
pub(crate) fn meeting_number(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or(0)
}

/// A date as the `date` field holds it: `20250519` (0 for none).
pub(crate) fn date_number(d: NaiveDate) -> u64 {
    u64::from(d.year_ce().1) * 10_000 + u64::from(d.month()) * 100 + u64::from(d.day())
}

/// The tantivy documents of one record: the record itself, then one per searchable block.
/// `fingerprint` is what tells an unchanged file: its SHA-256, with its sidecar's after a `+`;
/// `passages` ([`passages`]) splits long material sections into blocks of their own.
pub fn documents(
    r: &Record,
    f: &Fields,
    fingerprint: &str,
    passages: &Passages,
) -> Vec<TantivyDocument> {
    let id = r.id();
    let m = &r.meeting;
    let date = m
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(0, date_number);
    let title = m
        .title
        .clone()
        .or_else(|| r.title.clone())
        .unwrap_or_default();
    let base = |doc_type: DocType| -> TantivyDocument {
        let mut d = doc!(
            f.doc_type => doc_type.as_str(),
            f.path => r.source.path.as_str(),
            f.meeting_id => id.as_str(),
            f.sha256 => fingerprint,
            f.title => title.as_str(),
            f.date => date,
            f.fiscal_year => m.fiscal_year.unwrap_or(0).max(0) as u64,
            f.meeting_no => meeting_number(&id),
            f.record_kind => r.kind.as_str(),
        );
        if let Some(c) = &m.council {
            d.add_text(f.council, c);
        }
        if let Some(b) = &m.body {
            d.add_text(f.body, b);
        }
        d
    };
    let with_text = |mut d: TantivyDocument, text: &str, line: usize| {
        d.add_text(f.text, text);
        d.add_text(f.text_ja, text);
        d.add_text(f.text_bi, text);
        d.add_u64(f.line, line as u64);
        d
    };
    let mut out = Vec::new();
    let mut record = base(DocType::Record);
    record.add_text(
        f.record,
        serde_json::to_string(&without_block_texts(r)).expect("records serialise"),
    );
    out.push(record);

    // The header: title, venue, names, notes.
    let mut header = vec![title.clone()];
    header.extend(m.venue.clone());
    // Each person with the organisation printed beside them (`県立…学校 田村`): a member asks
    // for the school or the office as often as for the name.
    let person = |org: &Option<String>, name: &str| match org {
        Some(o) => format!("{o} {name}"),
        None => name.to_string(),
    };
    header.extend(
        r.attendance
            .members
            .iter()
            .map(|p| person(&p.organization, &p.name)),
    );
    header.extend(
        r.attendance
            .secretariat
            .iter()
            .map(|p| person(&p.organization, &p.name)),
    );
    header.extend(
        r.attendance
            .observers
            .iter()
            .map(|p| person(&p.organization, &p.name)),
    );
    header.extend(
        r.header_notes
            .iter()
            .map(|n| format!("{} {}", n.label, n.value)),
    );
    out.push(with_text(base(DocType::Header), &header.join("\n"), 1));

    for (_, item) in r.agenda_items() {
        let mut d = base(DocType::Agenda);
        d.add_text(f.agenda_ref, &item.path);
        let text = format!("{} {}", item.title, item.materials.join(" "));
        out.push(with_text(d, &text, 0));
    }
    for mat in &r.materials {
        let text = format!("{} {}", mat.id.as_deref().unwrap_or(""), mat.title);
        out.push(with_text(base(DocType::Material), text.trim(), 0));
    }
    for (si, section) in r.proceedings.iter().enumerate() {
        for (ei, e) in section.entries.iter().enumerate() {
            let mut d = base(DocType::Entry);
            d.add_u64(
                f.slot,
                Slot::Entry {
                    section: si,
                    entry: ei,
                }
                .encode(),
            );
            if let Some(a) = &section.agenda_ref {
                d.add_text(f.agenda_ref, a);
            }
            if let Some(h) = &section.heading {
                d.add_text(f.heading, h);
            }
            d.add_text(f.kind, e.kind.as_str());
            // The label as printed first (what hits show), then the forms `--speaker` matches:
            // the label and the person's name folded (`髙橋` = `高橋`), and the family name
            // of a roster name printed with a space (`田中 太郎` → `田中`).
            if let Some(s) = &e.speaker {
                d.add_text(f.speaker, s);
            }
            for form in speaker_forms(e) {
                d.add_text(f.speaker, &form);
            }
            out.push(with_text(d, &e.text, e.line));
        }
    }
    if r.kind == DocumentKind::Material {
        for (si, s) in r.sections.iter().enumerate() {
            let mut d = base(DocType::Section);
            d.add_text(f.heading, &s.title);
            d.add_u64(f.slot, Slot::MaterialSection { section: si }.encode());
            let text = section_block_text(&s.title, &s.text);
            let starts = passages.sections.get(si).map(Vec::as_slice).unwrap_or(&[]);
            if starts.is_empty() {
                out.push(with_text(d, &text, s.line));
                continue;
            }
            // The whole section is kept for its record, not searched; its passages are.
            d.add_text(f.text, &text);
            d.add_u64(f.line, s.line as u64);
            out.push(d);
            for (pi, &(off, line)) in starts.iter().enumerate() {
                let end = starts.get(pi + 1).map_or(s.text.len(), |n| n.0);
                let body = s.text.get(off..end).unwrap_or("").trim_end_matches('\n');
                let text = if pi == 0 {
                    section_block_text(&s.title, body)
                } else {
                    body.to_string()
                };
                let mut p = base(DocType::Section);
                p.add_text(f.heading, &s.title);
                p.add_u64(
                    f.slot,
                    Slot::Passage {
                        section: si,
                        passage: pi,
                    }
                    .encode(),
                );
                out.push(with_text(p, &text, line));
            }
        }
        for o in &r.organizations {
            let phones: Vec<String> = o.phones.iter().map(|p| p.number.clone()).collect();
            let mut d = base(DocType::Section);
            if let Some(c) = &o.category {
                d.add_text(f.heading, c);
            }
            out.push(with_text(
                d,
                &format!("{} {}", o.name, phones.join(" ")),
                o.line,
            ));
        }
        for (pi, p) in r.programmes.iter().enumerate() {
            let d = base(DocType::Section);
            out.push(with_text(
                d,
                &format!("{} {} {}", p.number, p.name, p.description),
                passages.programmes.get(pi).copied().unwrap_or(0),
            ));
        }
    }
    out
}

/// The record as stored: the texts of its entries and material sections left out, since their
/// blocks store them (`Searcher::record` puts them back).
fn without_block_texts(r: &Record) -> Record {
    let mut stored = r.clone();
    for section in &mut stored.proceedings {
        for e in &mut section.entries {
            e.text.clear();
        }
    }
    for s in &mut stored.sections {
        s.text.clear();
    }
    stored
}

/// The text a material section's block holds: its title, a line break, its text.
pub fn section_block_text(title: &str, text: &str) -> String {
    format!("{title}\n{text}")
}

/// The folded forms an entry's speaker is found by (besides its label as printed).
fn speaker_forms(e: &crate::record::Entry) -> Vec<String> {
    use crate::text::fold_name;
    let mut forms: Vec<String> = Vec::new();
    let mut add = |form: String| {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    };
    if let Some(s) = &e.speaker {
        add(fold_name(s));
    }
    if let Some(p) = &e.person {
        add(fold_name(&p.name));
        let name = crate::text::fold_width(&p.name);
        if let Some((family, _)) = name.split_once([' ', '　']) {
            add(fold_name(family));
        }
    }
    forms
}

/// A record document's id and record (without the texts its blocks hold).
pub(crate) fn stored_record(f: &Fields, d: &TantivyDocument) -> Result<(String, Record)> {
    let id = d
        .get_first(f.meeting_id)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let json = d.get_first(f.record).and_then(|v| v.as_str()).unwrap_or("");
    let record = serde_json::from_str(json).map_err(|source| IndexError::Corrupt {
        id: id.clone(),
        source,
    })?;
    Ok((id, record))
}

/// Puts a block's text back in its place in the record.
pub(crate) fn put_back(f: &Fields, record: &mut Record, d: &TantivyDocument) {
    let Some(slot) = d
        .get_first(f.slot)
        .and_then(|v| v.as_u64())
        .and_then(Slot::decode)
    else {
        return;
    };
    let text = d.get_first(f.text).and_then(|v| v.as_str()).unwrap_or("");
    match slot {
        Slot::Entry { section, entry } => {
            if let Some(e) = record
                .proceedings
                .get_mut(section)
                .and_then(|s| s.entries.get_mut(entry))
            {
                e.text = text.to_string();
            }
        }
        Slot::MaterialSection { section } => {
            if let Some(s) = record.sections.get_mut(section) {
                let head = section_block_text(&s.title, "");
                s.text = text.strip_prefix(head.as_str()).unwrap_or(text).to_string();
            }
        }
        // A passage's text is also in its section's block.
        Slot::Passage { .. } => {}
    }
}
