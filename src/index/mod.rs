//! The search index, the third stage: records in, ranked hits out. An embedded tantivy index
//! (default `./index`) holds one document per proceedings entry (and per header, agenda item,
//! material, material section) with a morphological field that ranks ([`tokenizer`]'s lindera
//! chain) and a bigram field that guarantees grep-like recall; each record is also stored once,
//! without the texts its blocks store already, so `show` can print it.
//!
//! [`write`] ingests, [`search`] queries, [`schema`] defines the fields once.

pub mod schema;
pub mod search;
pub mod synonyms;
pub mod tokenizer;
pub mod toplist;
pub mod write;

use std::path::{Path, PathBuf};

/// Errors of the index, each naming what it concerns.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file of the index could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The index could not be opened (or created).
    #[error("cannot open the index in {path}: {reason}")]
    Open {
        /// The folder.
        path: PathBuf,
        /// What tantivy said.
        reason: String,
    },
    /// There is no index in the folder.
    #[error("no index in {path}; run `gijiroku ingest PATH…` first")]
    Missing {
        /// The folder.
        path: PathBuf,
    },
    /// Reading the index failed.
    #[error("cannot read the index: {reason}")]
    Read {
        /// What tantivy said.
        reason: String,
    },
    /// Writing the index failed.
    #[error("cannot write the index: {reason}")]
    Write {
        /// What tantivy said.
        reason: String,
    },
    /// The Japanese analyser could not be built.
    #[error("cannot build the Japanese tokenizer: {reason}")]
    Tokenizer {
        /// What lindera said.
        reason: String,
    },
    /// A query could not be understood.
    #[error("cannot understand the query {query:?}: {reason}")]
    Query {
        /// The query.
        query: String,
        /// Why.
        reason: String,
    },
    /// No record has this id.
    #[error("no meeting with id or path {id:?} in the index")]
    NotFound {
        /// The id asked for.
        id: String,
    },
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> IndexError {
        IndexError::Read {
            reason: e.to_string(),
        }
    }
}

/// The index's result type.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;

/// Where tantivy's files live inside the index folder.
pub fn tantivy_dir(dir: &Path) -> PathBuf {
    dir.join("tantivy")
}

/// Where the aliases learnt from ingested records are kept.
pub fn aliases_path(dir: &Path) -> PathBuf {
    dir.join("aliases.json")
}

/// The aliases learnt from ingested records (short → long), as kept in `aliases.json`.
pub fn read_aliases(dir: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_to_string(aliases_path(dir))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// The words the aliases add to the user dictionary: both forms of each.
pub fn alias_words(aliases: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    aliases
        .iter()
        .flat_map(|(k, v)| [k.clone(), v.clone()])
        .collect()
}
