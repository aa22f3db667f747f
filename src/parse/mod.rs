//! Parsing, the second stage: clean lines become a [`crate::record::Record`].
//!
//! [`minutes`] assembles the record from the header ([`header`], [`dates`], [`attendance`],
//! [`agenda`]), the proceedings ([`proceedings`], [`speakers`]) and what is found in the text
//! ([`aliases`], [`facts`]).

pub mod agenda;
pub mod aliases;
pub mod attendance;
pub mod dates;
pub mod facts;
pub mod header;
pub mod material;
pub mod minutes;
pub mod proceedings;
pub mod speakers;

use std::path::Path;

use crate::error::Result;
use crate::ingest::{self, Document};
use crate::normalize;
use crate::record::{DocumentKind, Record};

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
        DocumentKind::Minutes => minutes::parse_lines(doc, lines),
        DocumentKind::Material => material::parse_lines(doc, lines),
    }
}

/// Minutes or material, from the content.
pub fn detect_kind(lines: &[normalize::CleanLine]) -> DocumentKind {
    if minutes::minutes_score(lines) >= 2 {
        DocumentKind::Minutes
    } else {
        DocumentKind::Material
    }
}

/// Extracts and parses one file.
pub fn parse_file(path: &Path) -> Result<Record> {
    let doc = ingest::extract(path)?;
    Ok(parse_document(&doc))
}
