//! The pipeline: the one place that chains the stages for a file — read its bytes, extract
//! them ([`crate::ingest`]), clean and parse them ([`crate::parse`]), and apply what its file
//! name and sidecar say about a material's distribution — and, on top of that, the batch that
//! feeds a folder's files to the index ([`batch`]).
//!
//! `gijiroku parse`, `check`, `ingest` and the tests all read a file through [`read`] (or
//! [`read_indexed`], which also fingerprints it and finds its passages), so they agree on what a
//! file's record is.

pub mod batch;
pub mod collect;
mod passages;

use std::path::Path;

use crate::error::{Error, Result};
use crate::index::Passages;
use crate::ingest::{self, Extracted};
use crate::parse::distribution::{self, Distribution};
use crate::record::{DocumentKind, Format, Record};

pub use batch::{COMMIT_EVERY, Event, Options, Report, ingest, ingest_with};
pub use collect::{Collected, collect, collect_files};
pub use passages::passages;

/// Reads one file into its record: extracted, cleaned and parsed (the kind detected from its
/// content), with what its file name and sidecar say about its distribution. The extraction's
/// warnings (bytes replaced, lines cut) join the record's, and a parser panic is the file's
/// error, not the caller's.
pub fn read(path: &Path) -> Result<Record> {
    read_as(path, None)
}

/// [`read`] as the given kind, or detected.
pub fn read_as(path: &Path, kind: Option<DocumentKind>) -> Result<Record> {
    read_named(path, path, kind)
}

/// [`read_as`] for the file at `file`, recorded as `name` (a path relative to where the
/// caller stands, as the golden files keep it); the distribution is read from `name`'s file
/// name and `file`'s sidecar.
pub fn read_named(file: &Path, name: &Path, kind: Option<DocumentKind>) -> Result<Record> {
    let format = ingest::format_of(file).ok_or_else(|| unsupported(file))?;
    let bytes = ingest::read_file(file, format)?;
    let sidecar = sidecar(file)?;
    let extracted = ingest::extract_owned(name, format, bytes)?;
    parsed(extracted, name, sidecar.as_ref().map(|s| &s.0), kind)
}

/// Reads a text that is not a file (a draft made in memory) into its record as `name`, the way
/// [`read_as`] reads a `.txt` file.
pub fn read_text(name: &Path, text: &str, kind: Option<DocumentKind>) -> Result<Record> {
    let extracted = ingest::extract_owned(name, Format::Txt, text.as_bytes().to_vec())?;
    parsed(extracted, name, None, kind)
}

/// A file read for the index: its record, its fingerprint (its SHA-256, with its sidecar's
/// after a `+`: an edited sidecar re-ingests the file) and the passages of its long sections.
#[derive(Debug)]
pub struct Indexed {
    /// The record.
    pub record: Record,
    /// What tells an unchanged file.
    pub fingerprint: String,
    /// Where the blocks of a material are in its source.
    pub passages: Passages,
}

/// Reads one file for the index, or `None` when its fingerprint is `unchanged_if` (what the
/// index holds for it): an unchanged file is hashed, not parsed.
pub fn read_indexed(path: &Path, unchanged_if: Option<&str>) -> Result<Option<Indexed>> {
    let format = ingest::format_of(path).ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        extension: String::new(),
    })?;
    let bytes = ingest::read_file(path, format)?;
    let sidecar = sidecar(path)?;
    let mut fingerprint = ingest::sha256_hex(&bytes);
    if let Some((_, side_sha)) = &sidecar {
        fingerprint = format!("{fingerprint}+{side_sha}");
    }
    if unchanged_if == Some(fingerprint.as_str()) {
        return Ok(None);
    }
    let extracted = ingest::extract_owned(path, format, bytes)?;
    let lines = extracted.document.lines.clone();
    let record = parsed(extracted, path, sidecar.as_ref().map(|s| &s.0), None)?;
    let passages = passages(&record, &lines);
    Ok(Some(Indexed {
        record,
        fingerprint,
        passages,
    }))
}

/// Parses an extracted document (a panic is the file's error) and applies its distribution.
fn parsed(
    extracted: Extracted,
    path: &Path,
    sidecar: Option<&Distribution>,
    kind: Option<DocumentKind>,
) -> Result<Record> {
    let mut record = ingest::guard::catch_quietly(|| {
        let mut record = crate::parse::parse_as(&extracted.document, kind);
        apply_distribution(&mut record, path, sidecar);
        record
    })
    .ok_or_else(|| Error::Internal {
        path: path.to_path_buf(),
        stage: "parser",
    })?;
    record.warnings.extend(extracted.warnings);
    Ok(record)
}

/// Applies the file-name convention (`2024-05-27_shiryo3-2_…`) and the sidecar to a material's
/// record.
pub fn apply_distribution(record: &mut Record, path: &Path, sidecar: Option<&Distribution>) {
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
pub fn sidecar(path: &Path) -> Result<Option<(Distribution, String)>> {
    let side = distribution::sidecar_path(path);
    let bytes = match std::fs::read(&side) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Read { path: side, source }),
    };
    let text = String::from_utf8_lossy(&bytes);
    let d = distribution::from_sidecar(&text)
        .map_err(|reason| Error::Sidecar { path: side, reason })?;
    Ok(Some((d, ingest::sha256_hex(&bytes))))
}

fn unsupported(path: &Path) -> Error {
    Error::Unsupported {
        path: path.to_path_buf(),
        extension: path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_caller_gets_the_extraction_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2025-04-01_bukai.txt");
        let mut bytes = "第1回 相談支援部会 会議録\n日時 令和7年4月1日(火) 14:00～15:00\n"
            .as_bytes()
            .to_vec();
        bytes.extend([0xff, b'\n']);
        bytes.extend("場所 市役所会議室\n".as_bytes());
        std::fs::write(&path, bytes).unwrap();
        let r = read(&path).unwrap();
        assert_eq!(
            r.meeting.date.map(|d| d.to_string()).as_deref(),
            Some("2025-04-01")
        );
        assert!(
            r.warnings.iter().any(|w| w.message.contains("U+FFFD")),
            "{:?}",
            r.warnings
        );
    }
}
