//! What the server knows about the index: a [`Catalog`] (the searcher and every stored record),
//! reloaded by the [`Library`] when an ingest has committed since it was loaded, so a new ingest
//! shows without a restart. The index is only ever read.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use crate::index::search::Searcher;
use crate::index::{IndexError, Result, aliases_path, tantivy_dir};
use crate::record::Record;

/// What identifies one committed state of the index: the modification time and size of
/// tantivy's `meta.json` (rewritten on every commit), of `aliases.json` and of the lists of the
/// best blocks (both written after the commit).
type Stamp = [(Option<SystemTime>, u64); 3];

fn stamp(dir: &Path) -> Result<Stamp> {
    let meta = tantivy_dir(dir).join("meta.json");
    let of = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| (m.modified().ok(), m.len()))
            .ok()
    };
    let Some(m) = of(&meta) else {
        return Err(IndexError::Missing {
            path: dir.to_path_buf(),
        });
    };
    Ok([
        m,
        of(&aliases_path(dir)).unwrap_or((None, 0)),
        of(&dir.join(crate::index::toplist::FILE)).unwrap_or((None, 0)),
    ])
}

/// One loaded state of the index.
pub struct Catalog {
    /// The searcher over this state.
    pub searcher: Searcher,
    /// Every stored record with its id, oldest meeting first (as tracking expects them).
    pub records: Vec<(String, Record)>,
    by_id: HashMap<String, usize>,
    stamp: Stamp,
}

impl Catalog {
    /// Loads the index in `dir`.
    pub fn load(dir: &Path) -> Result<Catalog> {
        let stamp = stamp(dir)?;
        let searcher = Searcher::open(dir)?;
        let records = searcher.records()?;
        let by_id = records
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect();
        Ok(Catalog {
            searcher,
            records,
            by_id,
            stamp,
        })
    }

    /// The record with this id.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.by_id.get(id).map(|&i| &self.records[i].1)
    }

    /// The councils named in the records, sorted.
    pub fn councils(&self) -> Vec<String> {
        self.distinct(|r| r.meeting.council.clone())
    }

    /// The bodies (全体会, 部会) named in the records, sorted.
    pub fn bodies(&self) -> Vec<String> {
        self.distinct(|r| r.meeting.body.clone())
    }

    fn distinct(&self, f: impl Fn(&Record) -> Option<String>) -> Vec<String> {
        self.records
            .iter()
            .filter_map(|(_, r)| f(r))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }
}

/// The index folder and its latest loaded [`Catalog`].
pub struct Library {
    dir: PathBuf,
    current: RwLock<Option<Arc<Catalog>>>,
    loading: Mutex<()>,
}

impl Library {
    /// A library over the index in `dir` (which need not exist yet).
    pub fn new(dir: &Path) -> Library {
        Library {
            dir: dir.to_path_buf(),
            current: RwLock::new(None),
            loading: Mutex::new(()),
        }
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The catalog of the index as last committed: the loaded one while the index is unchanged
    /// (two `stat` calls), else a fresh one. Blocks; call from a blocking thread.
    pub fn get(&self) -> Result<Arc<Catalog>> {
        let now = stamp(&self.dir)?;
        let fresh = |c: &Option<Arc<Catalog>>| c.as_ref().filter(|c| c.stamp == now).cloned();
        if let Some(c) = fresh(&self.current.read().unwrap_or_else(|e| e.into_inner())) {
            return Ok(c);
        }
        // One thread loads; the others wait for it and take its result.
        let _guard = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = fresh(&self.current.read().unwrap_or_else(|e| e.into_inner())) {
            return Ok(c);
        }
        let c = Arc::new(Catalog::load(&self.dir)?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(c.clone());
        Ok(c)
    }
}
