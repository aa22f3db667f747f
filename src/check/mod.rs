//! Checks before publishing: notes (TOML) or a record (JSON, or a minutes document parsed on the
//! spot) are validated, and every problem becomes a [`Finding`] with its line where known.
//!
//! Errors are what is certainly wrong (a TOML that does not fit the schema, a weekday that is
//! not the date's, a 和暦 year that is not the Western one, a fiscal year that does not contain
//! the date, a member both present and absent). Warnings are for a human to decide: an unknown
//! speaker, a material cited but not listed or listed but never cited, an item marked for
//! decision without a resolution, an entry the 会議概要 layout cannot show as written, and
//! possible personal information (a phone number that is not a listed public office's, an age
//! with a family relation, the full name of someone not on the roster).
//!
//! This file is the public face: [`check_file`] and [`check_notes_text`] read a file or a text
//! and hand it to [`check_notes`] or [`check_record`]. One concept per file beside it:
//! `findings.rs` (what a check finds, the report on a file), `notes.rs` and `record.rs` (the
//! checks of each input), `dates.rs` (和暦 against the Western year and the era's span),
//! `speakers.rs` (who may speak), `personal.rs` (possible personal information) and
//! `round_trip.rs` (notes drafted and read back).

mod dates;
mod findings;
mod notes;
mod personal;
mod record;
mod round_trip;
mod speakers;

use std::path::Path;

use crate::error::{Error, Result};
use crate::notes::Notes;
use crate::record::Record;

pub use findings::{Finding, Report, Severity};
pub use notes::check_notes;
pub use record::check_record;

/// Checks a file: notes (`.toml`), a record (`.json`), or a minutes document (parsed first).
pub fn check_file(path: &Path) -> Result<Report> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let read = || {
        std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let findings = match ext.as_str() {
        "toml" => check_notes_text(path, &read()?),
        "json" => {
            let text = read()?;
            match serde_json::from_str::<Record>(&text) {
                Ok(r) => check_record(&r),
                Err(e) => vec![Finding {
                    severity: Severity::Error,
                    line: Some(e.line()),
                    message: format!("not a gijiroku record: {e}"),
                }],
            }
        }
        _ => check_record(&crate::pipeline::read(path)?),
    };
    Ok(Report {
        path: path.to_path_buf(),
        findings,
    })
}

/// Checks notes given as TOML text: a schema error is one finding with its line.
pub fn check_notes_text(path: &Path, text: &str) -> Vec<Finding> {
    match Notes::from_toml(path, text) {
        Ok(n) => check_notes(&n, Some(text)),
        Err(Error::Notes {
            line,
            column,
            reason,
            ..
        }) => vec![Finding {
            severity: Severity::Error,
            line: (line > 0).then_some(line),
            message: format!("column {column}: {reason}"),
        }],
        Err(e) => vec![Finding {
            severity: Severity::Error,
            line: None,
            message: e.to_string(),
        }],
    }
}
