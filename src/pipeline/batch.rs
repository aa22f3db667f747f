//! The batch: every document under the given paths read through the pipeline on every core, a
//! chunk at a time, and handed to the index's writer, with an event for each file; one bad
//! file is reported and skipped, never the end of the batch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::collect::{absolute, collect};
use super::{Indexed, read_indexed};
use crate::index::Result;
use crate::index::write::Writer;

/// What happened to one file.
#[derive(Debug)]
pub enum Event {
    /// Parsed and indexed for the first time.
    Added(PathBuf),
    /// Changed since the last ingest; replaced.
    Updated(PathBuf),
    /// Same content as indexed; skipped.
    Unchanged(PathBuf),
    /// No longer present; removed (with `--prune`).
    Removed(String),
    /// Could not be read or parsed; skipped (the message, with its causes).
    Failed(PathBuf, String),
    /// Left out on purpose, with a warning: a FIFO or device, a symbolic link out of the given
    /// paths, a broken link (the message).
    Skipped(PathBuf, String),
}

/// The outcome of an ingest.
#[derive(Debug, Default)]
pub struct Report {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files replaced.
    pub updated: usize,
    /// Files skipped as unchanged.
    pub unchanged: usize,
    /// Files removed.
    pub removed: usize,
    /// Files (and folders) that failed, with their errors.
    pub failed: Vec<(PathBuf, crate::Error)>,
    /// Paths left out with a warning (special files, links out of the given paths).
    pub skipped: Vec<(PathBuf, crate::Error)>,
}

/// How an ingest runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Remove the documents under the given paths whose files are gone.
    pub prune: bool,
    /// Commit after this many files have been read (and at the end): a long ingest that is
    /// killed keeps what it committed, and a re-run starts from there.
    pub commit_every: usize,
}

/// The default of [`Options::commit_every`]: a commit costs a few segments to merge, so it is
/// made rarely; 2,000 files of minutes are about 70 MB.
pub const COMMIT_EVERY: usize = 2000;

impl Default for Options {
    fn default() -> Options {
        Options {
            prune: false,
            commit_every: COMMIT_EVERY,
        }
    }
}

/// How many files are parsed at once (in parallel) before their documents go to the writer:
/// enough to keep both cores busy, few enough that the parsed records of one chunk are all the
/// ingest holds, whatever the size of the batch.
const CHUNK_FILES: usize = 64;

/// Parses and indexes every document under `paths` into the index in `dir`.
pub fn ingest(
    dir: &Path,
    paths: &[PathBuf],
    prune: bool,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Report> {
    let options = Options {
        prune,
        ..Options::default()
    };
    ingest_with(dir, paths, &options, on_event)
}

/// [`ingest`] with every option.
///
/// The files are read and parsed in chunks of [`CHUNK_FILES`] on every core while tantivy's
/// two indexing threads analyse the chunk before, so memory holds one chunk of records and the
/// writer's arena, not the batch. Every [`Options::commit_every`] files, and at the end, one
/// commit carries the aliases known so far as its payload: a kill or a full disk leaves the
/// last committed state readable, with the aliases of exactly that state. An alias defined in
/// a chunk joins the analyser's dictionary before that chunk is indexed (documents indexed
/// earlier keep the segmentation they had, as documents of earlier ingests do).
pub fn ingest_with(
    dir: &Path,
    paths: &[PathBuf],
    options: &Options,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Report> {
    let mut writer = Writer::open(dir)?;
    let known = writer.indexed()?;
    let collected = collect(paths, dir);
    // The indexed documents by the canonical path of their file: an index written before paths
    // were canonical (or with one file under several names) has several keys for one file.
    let mut by_file: BTreeMap<PathBuf, Vec<(String, String)>> = BTreeMap::new();
    for (key, print) in &known {
        let k = Path::new(key);
        let file = k.canonicalize().unwrap_or_else(|_| absolute(k));
        by_file
            .entry(file)
            .or_default()
            .push((key.clone(), print.clone()));
    }
    let no_previous = Vec::new();
    let mut report = Report::default();
    for (path, err) in collected.failed {
        on_event(&Event::Failed(path.clone(), crate::error::chain(&err)));
        report.failed.push((path, err));
    }
    for (path, err) in collected.skipped {
        on_event(&Event::Skipped(path.clone(), crate::error::chain(&err)));
        report.skipped.push((path, err));
    }
    // The keys whose file is still there (whatever became of it in this batch).
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut uncommitted = 0usize;
    let commit_every = options.commit_every.max(1);
    for chunk in collected.files.chunks(CHUNK_FILES) {
        // Read, hash and parse in parallel; unchanged files are not parsed.
        let results: Vec<(&PathBuf, crate::Result<Option<Indexed>>)> = chunk
            .par_iter()
            .map(|path| {
                let previous = previous_of(&by_file, path).unwrap_or(&no_previous);
                // Unchanged: indexed under this very key (and no other) with this fingerprint.
                let key = path.display().to_string();
                let unchanged_if = match &previous[..] {
                    [(old_key, old_print)] if *old_key == key => Some(old_print.as_str()),
                    _ => None,
                };
                (path, read_indexed(path, unchanged_if))
            })
            .collect();
        // An alias defined in this chunk joins the analyser's dictionary before the chunk is
        // indexed.
        writer.learn(
            results
                .iter()
                .filter_map(|(_, r)| r.as_ref().ok().and_then(Option::as_ref))
                .flat_map(|read| read.record.aliases.iter()),
        )?;
        for (path, result) in results {
            let key = path.display().to_string();
            let previous = previous_of(&by_file, path).unwrap_or(&no_previous);
            seen.extend(previous.iter().map(|(k, _)| k.clone()));
            seen.insert(key.clone());
            match result {
                Ok(None) => {
                    report.unchanged += 1;
                    on_event(&Event::Unchanged(path.clone()));
                }
                Ok(Some(read)) => {
                    let old: Vec<&str> = previous.iter().map(|(k, _)| k.as_str()).collect();
                    writer.replace(&old, &key, &read.record, &read.fingerprint, &read.passages)?;
                    uncommitted += 1;
                    if !previous.is_empty() {
                        report.updated += 1;
                        on_event(&Event::Updated(path.clone()));
                    } else {
                        report.added += 1;
                        on_event(&Event::Added(path.clone()));
                    }
                }
                Err(e) => {
                    on_event(&Event::Failed(path.clone(), crate::error::chain(&e)));
                    report.failed.push((path.clone(), e));
                }
            }
        }
        if uncommitted >= commit_every {
            writer.commit()?;
            uncommitted = 0;
        }
    }
    if options.prune {
        // Only documents under the given paths: the rest of the index is not this ingest's.
        let under_roots = |key: &str| {
            let k = absolute(Path::new(key));
            collected.roots.iter().any(|r| k.starts_with(r))
        };
        for gone in known
            .keys()
            .filter(|k| !seen.contains(*k) && under_roots(k))
        {
            writer.remove(gone);
            report.removed += 1;
            on_event(&Event::Removed(gone.clone()));
        }
    }
    writer.finish()?;
    Ok(report)
}

/// The documents indexed for the file at `path`. A key is the path as text, so a name that is
/// not UTF-8 is keyed by its lossy form, which names no file: found by that form.
fn previous_of<'a>(
    by_file: &'a BTreeMap<PathBuf, Vec<(String, String)>>,
    path: &Path,
) -> Option<&'a Vec<(String, String)>> {
    by_file.get(path).or_else(|| {
        path.to_str()
            .is_none()
            .then(|| by_file.get(Path::new(&path.display().to_string())))
            .flatten()
    })
}
