//! Parsing, the second stage: clean lines become a [`crate::record::Record`].
//!
//! [`minutes`] assembles the record from the header ([`header`], [`dates`], [`attendance`],
//! [`agenda`]), the proceedings ([`proceedings`], [`speakers`]) and what is found in the text
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

/// Extracts and parses one file, with what its file name and sidecar say about a material's
/// distribution ([`distribution`]).
pub fn parse_file(path: &Path) -> Result<Record> {
    parse_file_as(path, None)
}

/// Extracts and parses one file as the given kind, or detects it.
pub fn parse_file_as(path: &Path, kind: Option<DocumentKind>) -> Result<Record> {
    let doc = ingest::extract(path)?;
    let sidecar = read_sidecar(path)?;
    let mut record = parse_as(&doc, kind);
    locate(&mut record, path, sidecar.as_ref().map(|s| &s.0));
    Ok(record)
}

/// Applies the file-name convention and the sidecar to a material's record.
pub fn locate(record: &mut Record, path: &Path, sidecar: Option<&distribution::Distribution>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut sources = vec![distribution::from_file_name(&name)];
    sources.extend(sidecar.cloned());
    distribution::apply(record, &sources);
}

/// Reads a file's sidecar (`FILE.meta.yaml`) when there is one: what it says, and the SHA-256 of
/// its bytes (so that an edited sidecar re-ingests the file).
pub fn read_sidecar(path: &Path) -> Result<Option<(distribution::Distribution, String)>> {
    let side = distribution::sidecar_path(path);
    let bytes = match std::fs::read(&side) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(crate::Error::Read { path: side, source }),
    };
    let text = String::from_utf8_lossy(&bytes);
    let d = distribution::from_sidecar(&text)
        .map_err(|reason| crate::Error::Sidecar { path: side, reason })?;
    Ok(Some((d, ingest::sha256_hex(&bytes))))
}
