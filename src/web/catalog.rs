//! What the server knows about the index: a [`Catalog`] (the searcher and every stored record),
//! reloaded by the [`Library`] when an ingest has committed since it was loaded, so a new ingest
//! shows without a restart: the new state is loaded beside the old one, which answers until it
//! is swapped in. The index is only ever read.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::index::search::Searcher;
use crate::index::{Generation, Result};
use crate::record::Record;

/// One loaded state of the index.
pub struct Catalog {
    /// The searcher over this state.
    pub searcher: Searcher,
    /// Every stored record with its id, oldest meeting first (as tracking expects them).
    pub records: Vec<(String, Record)>,
    by_id: HashMap<String, usize>,
    stamp: Generation,
    speakers: crate::people::Keys,
}

impl Catalog {
    /// Loads the index in `dir`.
    pub fn load(dir: &Path) -> Result<Catalog> {
        let stamp = Generation::of(dir)?;
        let searcher = Searcher::open(dir)?;
        let records = searcher.records()?;
        let by_id = records
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect();
        // Here, while the state loads beside the one answering, not in a request.
        let speakers = crate::people::Keys::of(&records);
        Ok(Catalog {
            searcher,
            records,
            by_id,
            stamp,
            speakers,
        })
    }

    /// The record with this id.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.by_id.get(id).map(|&i| &self.records[i].1)
    }

    /// Who is who across the records (computed once per loaded state, as it loads).
    pub fn speakers(&self) -> &crate::people::Keys {
        &self.speakers
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
    current: Arc<RwLock<Option<Arc<Catalog>>>>,
    /// Held by the one thread loading the first catalog; the others wait for it.
    loading: Mutex<()>,
    /// Whether a newer state is being loaded beside the current one.
    reloading: Arc<AtomicBool>,
}

impl Library {
    /// A library over the index in `dir` (which need not exist yet).
    pub fn new(dir: &Path) -> Library {
        Library {
            dir: dir.to_path_buf(),
            current: Arc::new(RwLock::new(None)),
            loading: Mutex::new(()),
            reloading: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The catalog to answer with: the loaded one while the index is unchanged (three `stat`
    /// calls). When an ingest has committed since, the new state is loaded on a thread of its
    /// own beside the current one, which keeps answering until the new one is swapped in, so
    /// no request waits for a reload. Only the first load (nothing to answer with yet) blocks,
    /// and then only one thread loads while the others wait for its result. Blocks; call from a
    /// blocking thread.
    pub fn get(&self) -> Result<Arc<Catalog>> {
        let now = Generation::of(&self.dir)?;
        let loaded = read(&self.current);
        if let Some(c) = &loaded {
            if c.stamp != now {
                self.reload_in_background();
            }
            return Ok(c.clone());
        }
        let _guard = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = read(&self.current) {
            return Ok(c);
        }
        let c = Arc::new(Catalog::load(&self.dir)?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(c.clone());
        Ok(c)
    }

    /// Whether the catalog answering is the index's last committed state.
    pub fn is_fresh(&self) -> bool {
        let Ok(now) = Generation::of(&self.dir) else {
            return false;
        };
        read(&self.current).is_some_and(|c| c.stamp == now)
    }

    /// Starts loading the index's current state on a thread of its own, unless one is loading.
    /// A state that cannot be loaded (an ingest removing files as it merges) leaves the current
    /// catalog in place; the next request tries again.
    fn reload_in_background(&self) {
        if self.reloading.swap(true, Ordering::AcqRel) {
            return;
        }
        let (dir, current, reloading) = (
            self.dir.clone(),
            self.current.clone(),
            self.reloading.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("catalog-reload".into())
            .spawn(move || {
                if let Ok(c) = Catalog::load(&dir) {
                    *current.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(c));
                }
                reloading.store(false, Ordering::Release);
            });
        if spawned.is_err() {
            self.reloading.store(false, Ordering::Release);
        }
    }
}

/// The catalog in `current`, if any, whether or not a writer panicked while holding the lock.
fn read(current: &RwLock<Option<Arc<Catalog>>>) -> Option<Arc<Catalog>> {
    current.read().unwrap_or_else(|e| e.into_inner()).clone()
}
