//! Integration tests, one binary with a module per area.

mod bad_input;
mod cli;
mod golden;
mod material;
mod schema;
mod search;

use std::path::{Path, PathBuf};

/// The crate root (tests run there too, but be explicit).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every document under `samples/minutes`, sorted, as paths relative to the crate root.
pub fn sample_minutes() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("samples/minutes"))
        .expect("samples/minutes exists")
        .map(|e| e.unwrap().path())
        .filter(|p| gijiroku::ingest::format_of(p).is_some())
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

/// Parses a file given relative to the crate root, recording the relative path in the record.
pub fn parse_relative(rel: &Path) -> gijiroku::Record {
    let bytes = std::fs::read(root().join(rel)).unwrap();
    let format = gijiroku::ingest::format_of(rel).unwrap();
    let doc = gijiroku::ingest::extract_bytes(rel, format, &bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
    gijiroku::parse::parse_document(&doc)
}
