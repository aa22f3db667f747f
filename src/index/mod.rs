//! The search index, the third stage: records in, ranked hits out. An embedded tantivy index
//! (default `./index`) holds one document per proceedings entry (and per header, agenda item,
//! material, material section) with a morphological field that ranks ([`tokenizer`]'s lindera
//! chain) and a bigram field that guarantees grep-like recall; each record is also stored once,
//! without the texts its blocks store already, so `show` can print it.
//!
//! [`write`] ingests, [`search`] queries, [`schema`] defines the fields once.

pub(crate) mod document;
mod generation;
pub(crate) mod readonly;
pub(crate) mod schema;
pub mod search;
pub mod tokenizer;
pub(crate) mod toplist;
pub(crate) mod write;

use std::path::{Path, PathBuf};

pub use document::{DocType, Passages};
pub use generation::Generation;

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
    #[error("cannot open the index in {path}")]
    Open {
        /// The folder.
        path: PathBuf,
        /// What tantivy said.
        #[source]
        source: tantivy::TantivyError,
    },
    /// The process may not write the index's folder (`ingest` needs to; reading does not).
    #[error(
        "{path}: cannot write the index here, so nothing can be ingested (search, show, track and serve only read it)"
    )]
    ReadOnly {
        /// The folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// There is no index in the folder.
    #[error("no index in {path}; run `gijiroku ingest PATH…` first")]
    Missing {
        /// The folder.
        path: PathBuf,
    },
    /// Reading the index failed.
    #[error("cannot read the index")]
    Read {
        /// What tantivy said.
        #[source]
        source: tantivy::TantivyError,
    },
    /// A stored record could not be read back.
    #[error("the stored record of {id} is not valid")]
    Corrupt {
        /// The record's id.
        id: String,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },
    /// Writing the index failed.
    #[error("cannot write the index")]
    Write {
        /// What tantivy said.
        #[source]
        source: tantivy::TantivyError,
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
        IndexError::Read { source: e }
    }
}

/// The index's result type.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;

/// Where tantivy's files live inside the index folder.
pub(crate) fn tantivy_dir(dir: &Path) -> PathBuf {
    dir.join("tantivy")
}

/// Where the aliases learnt from ingested records are kept.
pub fn aliases_path(dir: &Path) -> PathBuf {
    dir.join("aliases.json")
}

/// The aliases learnt from ingested records (short → long). They are the payload of the last
/// tantivy commit (in `tantivy/meta.json`), so they always belong to the committed state: an
/// ingest killed between its commit and writing `aliases.json` loses none. An index committed
/// without a payload (by an older version) falls back to `aliases.json`.
pub fn read_aliases(dir: &Path) -> std::collections::BTreeMap<String, String> {
    committed_aliases(dir)
        .or_else(|| {
            std::fs::read_to_string(aliases_path(dir))
                .ok()
                .and_then(|s| serde_json::from_str(&s).ok())
        })
        .unwrap_or_default()
}

/// The aliases in the payload of the index's last commit, if it has one.
fn committed_aliases(dir: &Path) -> Option<std::collections::BTreeMap<String, String>> {
    let meta = std::fs::read_to_string(tantivy_dir(dir).join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).ok()?;
    serde_json::from_str(meta.get("payload")?.as_str()?).ok()
}

/// Now, in microseconds since 1970 (UTC): the unit of commit stamps (`Fields::ingested`).
pub fn now_micros() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0)
}

/// The latest commit stamp among the documents `searcher` sees (`Fields::ingested`; 0 for an
/// empty index).
pub(crate) fn latest_stamp(searcher: &tantivy::Searcher) -> Result<u64> {
    let mut latest = 0;
    for reader in searcher.segment_readers() {
        latest = latest.max(reader.fast_fields().u64("ingested")?.max_value());
    }
    Ok(latest)
}

/// Writes `bytes` to `path` through a temporary file beside it, synced and renamed, so that a
/// reader sees the old file or the new one, never half of one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let io = |source| IndexError::Io {
        path: tmp.clone(),
        source,
    };
    let mut file = std::fs::File::create(&tmp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The words the aliases add to the user dictionary: both forms of each.
pub(crate) fn alias_words(aliases: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    aliases
        .iter()
        .flat_map(|(k, v)| [k.clone(), v.clone()])
        .collect()
}
