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
pub mod minutes;
pub mod proceedings;
pub mod speakers;

use std::path::Path;

use crate::error::Result;
use crate::ingest::{self, Document};
use crate::record::Record;

/// Parses an extracted document.
pub fn parse_document(doc: &Document) -> Record {
    minutes::parse(doc)
}

/// Extracts and parses one file.
pub fn parse_file(path: &Path) -> Result<Record> {
    let doc = ingest::extract(path)?;
    Ok(parse_document(&doc))
}
