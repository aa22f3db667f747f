//! Writing the index: `ingest` walks the given paths, parses every supported document (in
//! parallel, a chunk at a time), and replaces the documents of changed files, committing every
//! few thousand files and at the end. Unchanged files (same SHA-256) are skipped; a file that
//! fails is reported and the batch goes on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{Index, IndexWriter, Term, doc};

use super::schema::{self, Fields, Slot};
use super::tokenizer::JapaneseTokenizer;
use super::toplist::TopLists;
use super::{IndexError, Result, aliases_path, tantivy_dir};
use crate::ingest::{self, format_of};
use crate::record::{DocumentKind, Record};

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

/// The file set of an ingest: every supported document under the given paths, by its
/// canonical path, and what was left out.
#[derive(Debug, Default)]
pub struct Collected {
    /// The documents, canonical and sorted, each once.
    pub files: Vec<PathBuf>,
    /// The given paths, canonical: what `--prune` may remove documents under.
    pub roots: Vec<PathBuf>,
    /// Folders or given paths that could not be read (errors: documents may be missing).
    pub failed: Vec<(PathBuf, crate::Error)>,
    /// Paths left out with a warning.
    pub skipped: Vec<(PathBuf, crate::Error)>,
}

/// Every supported document under `paths` (files are taken as given), sorted. Hidden folders,
/// `target` and the index folder itself are skipped. See [`collect`].
pub fn collect_files(paths: &[PathBuf], index_dir: &Path) -> Vec<PathBuf> {
    collect(paths, index_dir).files
}

/// Walks `paths` for supported documents. Every path is canonical, so a folder given as
/// `c300`, `./c300/` and `/abs/c300` yields each file once; a folder reached again (a symbolic
/// link to `.`, two links to one folder) is walked once, by device and inode; a symbolic link
/// that leads out of the given paths is not followed; FIFOs, sockets and devices are never
/// opened (a warning), and a folder that cannot be read is an error.
pub fn collect(paths: &[PathBuf], index_dir: &Path) -> Collected {
    use std::os::unix::fs::MetadataExt;

    struct Walk<'a> {
        out: Collected,
        visited: BTreeSet<(u64, u64)>,
        index_dir: Option<PathBuf>,
        roots: &'a [PathBuf],
    }
    impl Walk<'_> {
        fn inside(&self, p: &Path) -> bool {
            self.roots.iter().any(|r| p.starts_with(r))
        }
        fn skip(&mut self, p: PathBuf, kind: &'static str) {
            self.out
                .skipped
                .push((p.clone(), crate::Error::NotAFile { path: p, kind }));
        }
        /// A canonical folder: walked unless seen already.
        fn dir(&mut self, dir: &Path, meta: &std::fs::Metadata) {
            if !self.visited.insert((meta.dev(), meta.ino())) {
                return;
            }
            if self.index_dir.as_deref() == Some(dir) {
                return;
            }
            let entries = match std::fs::read_dir(dir) {
                Ok(e) => e,
                Err(source) => {
                    let err = crate::Error::Read {
                        path: dir.to_path_buf(),
                        source,
                    };
                    self.out.failed.push((dir.to_path_buf(), err));
                    return;
                }
            };
            let mut entries: Vec<_> = entries.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let name = e.file_name();
                let name = name.to_string_lossy();
                // Hidden files, and a folder's README (documentation about the folder, never a
                // council's document).
                if name.starts_with('.') || name.to_ascii_lowercase().starts_with("readme.") {
                    continue;
                }
                let p = dir.join(e.file_name());
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_symlink() {
                    self.link(&p, &name);
                } else if ft.is_dir() {
                    if name == "target" {
                        continue;
                    }
                    if let Ok(meta) = std::fs::symlink_metadata(&p) {
                        self.dir(&p, &meta);
                    }
                } else if format_of(&p).is_some() {
                    if ft.is_file() {
                        self.out.files.push(p);
                    } else {
                        let kind = special_kind(&ft);
                        self.skip(p, kind);
                    }
                }
            }
        }
        /// A symbolic link met in a walk: followed only when it stays inside the given paths.
        fn link(&mut self, p: &Path, name: &str) {
            let (target, meta) = match (p.canonicalize(), std::fs::metadata(p)) {
                (Ok(t), Ok(m)) => (t, m),
                _ => {
                    if format_of(p).is_some() {
                        self.skip(p.to_path_buf(), "a broken symbolic link");
                    }
                    return;
                }
            };
            if meta.is_dir() {
                if name == "target" {
                    return;
                }
                if !self.inside(&target) {
                    self.skip(p.to_path_buf(), "a symbolic link out of the given folders");
                    return;
                }
                self.dir(&target, &meta);
            } else if format_of(&target).is_some() || format_of(p).is_some() {
                if !self.inside(&target) {
                    self.skip(p.to_path_buf(), "a symbolic link out of the given folders");
                } else if !meta.is_file() {
                    let kind = special_kind(&meta.file_type());
                    self.skip(p.to_path_buf(), kind);
                } else if format_of(&target).is_some() {
                    self.out.files.push(target);
                }
            }
        }
    }

    let mut roots = Vec::new();
    let mut failed = Vec::new();
    for p in paths {
        match p.canonicalize() {
            Ok(c) => roots.push(c),
            Err(source) => failed.push((
                p.clone(),
                crate::Error::Read {
                    path: p.clone(),
                    source,
                },
            )),
        }
    }
    let mut walk = Walk {
        out: Collected {
            failed,
            ..Collected::default()
        },
        visited: BTreeSet::new(),
        index_dir: index_dir.canonicalize().ok(),
        roots: &roots,
    };
    for root in &roots {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(source) => {
                let err = crate::Error::Read {
                    path: root.clone(),
                    source,
                };
                walk.out.failed.push((root.clone(), err));
                continue;
            }
        };
        if meta.is_dir() {
            walk.dir(root, &meta);
        } else if !meta.is_file() {
            let kind = special_kind(&meta.file_type());
            walk.skip(root.clone(), kind);
        } else if format_of(root).is_some() {
            walk.out.files.push(root.clone());
        } else {
            let err = crate::Error::Unsupported {
                path: root.clone(),
                extension: root
                    .extension()
                    .map(|e| e.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            walk.out.failed.push((root.clone(), err));
        }
    }
    let mut out = walk.out;
    out.files.sort();
    out.files.dedup();
    out.roots = roots;
    out
}

/// What a file type that is neither a file nor a folder is, for messages.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// A path made absolute against the current folder with `.` and `..` resolved by their names,
/// for paths that may no longer exist (the keys of an index written by an older version).
fn absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Opens the index in `dir`, creating it when absent.
pub fn open_or_create(dir: &Path) -> Result<Index> {
    let tdir = tantivy_dir(dir);
    let read_only = |source: std::io::Error| {
        if super::readonly::is_read_only(&source) {
            IndexError::ReadOnly {
                path: dir.to_path_buf(),
                source,
            }
        } else {
            IndexError::Io {
                path: tdir.clone(),
                source,
            }
        }
    };
    std::fs::create_dir_all(&tdir).map_err(read_only)?;
    // Said at once, before any file is read (tantivy's own error names a lock file).
    let probe = tdir.join(".gijiroku-write-probe");
    std::fs::File::create(&probe).map_err(read_only)?;
    let _ = std::fs::remove_file(&probe);
    let (schema, _) = schema::schema();
    let directory =
        tantivy::directory::MmapDirectory::open(&tdir).map_err(|e| IndexError::Open {
            path: tdir.clone(),
            reason: e.to_string(),
        })?;
    // The stored text (each entry, and each record whole) compresses far better with zstd than
    // with lz4, in blocks large enough to hold a meeting.
    let settings = tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(
            tantivy::store::ZstdCompressor::default(),
        ),
        docstore_blocksize: 64 * 1024,
        ..tantivy::IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .open_or_create(directory)
        .map_err(|e| IndexError::Open {
            path: tdir.clone(),
            reason: e.to_string(),
        })?;
    Ok(index)
}

/// A file's outcome before indexing: `None` when unchanged, else its record and whether it
/// replaces an indexed version.
type Parsed = std::result::Result<Option<(Record, String, bool, Passages)>, crate::Error>;

/// Where the blocks of a material are in its source, beyond what its record says.
#[derive(Debug, Clone, Default)]
pub struct Passages {
    /// For each section, the byte offsets in its text where a passage starts, with the source
    /// line it starts on (empty for a section searched whole).
    pub sections: Vec<Vec<(usize, usize)>>,
    /// For each numbered programme, the line its number and name are printed on (0: not
    /// found), so that a hit on it points there.
    pub programmes: Vec<usize>,
}

/// A passage is closed once it holds this many characters (a heading or a short line joins
/// the paragraph after it).
const PASSAGE_MIN: usize = 40;

/// A passage spans at most this many source lines after its first.
const PASSAGE_LINES: usize = 5;

/// The passages of the long sections of a material: each section's paragraphs (its text's
/// lines, healed) found in the source lines in order, grouped so that each passage holds at
/// least [`PASSAGE_MIN`] characters within [`PASSAGE_LINES`] lines. A section of one passage
/// stays whole.
pub fn passages(record: &Record, lines: &[crate::ingest::Line]) -> Passages {
    let key = |t: &str| -> Vec<char> {
        super::tokenizer::bigram_chars(t)
            .into_iter()
            .map(|c| c.0)
            .collect()
    };
    let keyed: Vec<(usize, Vec<char>)> = lines
        .iter()
        .map(|l| (l.no, key(&l.text)))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let programmes = record
        .programmes
        .iter()
        .map(|p| {
            let name = key(&p.name);
            let number = key(&p.number);
            let first = |with_number: bool| {
                keyed.iter().find(|(_, l)| {
                    let l: String = l.iter().collect();
                    let n: String = name.iter().collect();
                    !n.is_empty()
                        && l.contains(&n)
                        && (!with_number || l.contains(&number.iter().collect::<String>()))
                })
            };
            first(true)
                .or_else(|| first(false))
                .map_or(0, |(no, _)| *no)
        })
        .collect();
    let mut cursor = 0;
    let mut out = Vec::with_capacity(record.sections.len());
    for s in &record.sections {
        while cursor < keyed.len() && keyed[cursor].0 <= s.line {
            cursor += 1;
        }
        // (offset in the text, line, characters) of each paragraph.
        let mut paras: Vec<(usize, usize, usize)> = Vec::new();
        let mut offset = 0;
        let mut last_line = s.line;
        for para in s.text.split('\n') {
            let k = key(para);
            if !k.is_empty() {
                let found = keyed[cursor..].iter().take(400).position(|(_, l)| {
                    let n = l.len().min(k.len()).min(8);
                    l[..n] == k[..n]
                });
                if let Some(p) = found {
                    last_line = keyed[cursor + p].0;
                    cursor += p + 1;
                }
                paras.push((offset, last_line, k.len()));
            }
            offset += para.len() + 1;
        }
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut held = usize::MAX;
        for (off, line, len) in paras {
            let first_line = starts.last().map_or(0, |s| s.1);
            if held >= PASSAGE_MIN || line > first_line + PASSAGE_LINES {
                starts.push((off, line));
                held = 0;
            }
            held += len;
        }
        if let Some(first) = starts.first_mut() {
            // The first passage holds the title, on the section's own line.
            *first = (0, s.line);
        }
        if starts.len() < 2 {
            starts.clear();
        }
        out.push(starts);
    }
    Passages {
        sections: out,
        programmes,
    }
}

/// Reads, extracts and parses one file; `None` when its fingerprint is the one indexed under
/// its canonical path.
fn parse_one(path: &Path, previous: &[(String, String)]) -> Parsed {
    let format = format_of(path).ok_or_else(|| crate::Error::Unsupported {
        path: path.to_path_buf(),
        extension: String::new(),
    })?;
    let bytes = ingest::read_file(path, format)?;
    // The file's hash, and its sidecar's: an edited sidecar re-ingests the file.
    let sidecar = crate::parse::read_sidecar(path)?;
    let mut fingerprint = ingest::sha256_hex(&bytes);
    if let Some((_, side_sha)) = &sidecar {
        fingerprint = format!("{fingerprint}+{side_sha}");
    }
    let key = path.display().to_string();
    if let [(old_key, old_print)] = previous
        && *old_key == key
        && *old_print == fingerprint
    {
        return Ok(None);
    }
    let extracted = ingest::extract_owned(path, format, bytes)?;
    let mut record = ingest::guard::catch_quietly(|| {
        let mut record = crate::parse::parse_document(&extracted.document);
        crate::parse::locate(&mut record, path, sidecar.as_ref().map(|s| &s.0));
        record
    })
    .ok_or_else(|| crate::Error::Internal {
        path: path.to_path_buf(),
        stage: "parser",
    })?;
    record.warnings.extend(extracted.warnings);
    let passages = passages(&record, &extracted.document.lines);
    Ok(Some((record, fingerprint, !previous.is_empty(), passages)))
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
    let index = open_or_create(dir)?;
    let fields = schema::fields_of(&index)?;
    let known = indexed_files(&index, &fields)?;
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

    // The user dictionary knows the aliases of everything indexed so far, and learns those of
    // this batch as its chunks are parsed.
    let mut aliases = super::read_aliases(dir);
    let japanese = JapaneseTokenizer::new(&super::alias_words(&aliases)).map_err(|e| {
        IndexError::Tokenizer {
            reason: e.to_string(),
        }
    })?;
    schema::register(&index, japanese.clone());

    let tdir = tantivy_dir(dir);
    // Every document of one commit carries the commit's stamp, later than every stamp
    // committed before (see `Fields::ingested`).
    let mut stamp = next_stamp(latest_stamp(&index)?);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(2, 200_000_000)
        .map_err(|e| write_error(e, &tdir))?;
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
        let results: Vec<(&PathBuf, Parsed)> = chunk
            .par_iter()
            .map(|path| {
                let previous = previous_of(&by_file, path).unwrap_or(&no_previous);
                (path, parse_one(path, previous))
            })
            .collect();
        let mut learned = false;
        for (_, r) in &results {
            if let Ok(Some((record, _, _, _))) = r {
                for a in &record.aliases {
                    learned |=
                        aliases.insert(a.short.clone(), a.long.clone()).as_ref() != Some(&a.long);
                }
            }
        }
        if learned {
            japanese
                .learn(&super::alias_words(&aliases))
                .map_err(|e| IndexError::Tokenizer {
                    reason: e.to_string(),
                })?;
        }
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
                Ok(Some((record, fingerprint, replaced, passages))) => {
                    for (old, _) in previous {
                        writer.delete_term(Term::from_field_text(fields.path, old));
                    }
                    writer.delete_term(Term::from_field_text(fields.path, &key));
                    for mut d in documents(&record, &fields, &fingerprint, &passages) {
                        d.add_u64(fields.ingested, stamp);
                        if let Err(e) = writer.add_document(d) {
                            // A worker that died (a full disk) says why when joined.
                            let cause = writer.prepare_commit().err().unwrap_or(e);
                            return Err(write_error(cause, &tdir));
                        }
                    }
                    uncommitted += 1;
                    if replaced {
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
            commit(&mut writer, &aliases, &tdir)?;
            uncommitted = 0;
            stamp = next_stamp(stamp);
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
            writer.delete_term(Term::from_field_text(fields.path, gone));
            report.removed += 1;
            on_event(&Event::Removed(gone.clone()));
        }
    }
    let json = commit(&mut writer, &aliases, &tdir)?;
    writer.wait_merging_threads().ok();
    // The lists of the best blocks for each common word, for the state just committed (a list
    // that no longer fits the index is never used, so an ingest killed here loses nothing).
    let searcher = index
        .reader()
        .map_err(|e| IndexError::Read {
            reason: e.to_string(),
        })?
        .searcher();
    if !TopLists::load(dir).fit(&searcher) {
        TopLists::build(&searcher, fields.text_ja)
            .map_err(|e| IndexError::Write {
                reason: e.to_string(),
            })?
            .save(dir)?;
    }
    // `aliases.json` too, for readers that look for it (and for `serve`, which reloads when it
    // changes); the commit's payload is what counts.
    let apath = aliases_path(dir);
    super::write_atomically(&apath, json.as_bytes())?;
    Ok(report)
}

/// The latest stamp of the committed documents (0 for an empty index).
fn latest_stamp(index: &Index) -> Result<u64> {
    let reader = index.reader().map_err(|e| IndexError::Read {
        reason: e.to_string(),
    })?;
    super::latest_stamp(&reader.searcher())
}

/// The stamp of the next commit: now, in microseconds since 1970, or one more than `after`
/// where the clock is behind it (stamps only grow, whatever the clock does).
fn next_stamp(after: u64) -> u64 {
    super::now_micros().max(after + 1)
}

/// Commits what the writer holds with `aliases` as the commit's payload (returned as JSON).
fn commit(
    writer: &mut IndexWriter,
    aliases: &BTreeMap<String, String>,
    tdir: &Path,
) -> Result<String> {
    let json = serde_json::to_string_pretty(aliases).expect("a map serialises");
    let mut prepared = writer.prepare_commit().map_err(|e| write_error(e, tdir))?;
    prepared.set_payload(&json);
    prepared.commit().map_err(|e| write_error(e, tdir))?;
    Ok(json)
}

/// A tantivy error while writing, as the index's error: an I/O error (a full disk) with the
/// path of the index rather than tantivy's "index writer was killed".
fn write_error(e: tantivy::TantivyError, tdir: &Path) -> IndexError {
    fn io_of<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
        let mut cur = Some(e);
        while let Some(c) = cur {
            if let Some(io) = c.downcast_ref::<std::io::Error>() {
                return Some(io);
            }
            cur = c.source();
        }
        None
    }
    let io = match &e {
        tantivy::TantivyError::IoError(io) => Some(io.as_ref()),
        other => io_of(other),
    };
    if let Some(io) = io {
        return IndexError::Io {
            path: tdir.to_path_buf(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        };
    }
    // A worker that died leaves only a message: see whether the disk is full.
    let probe = tdir.join(".gijiroku-space-probe");
    let probed = std::fs::write(&probe, vec![0u8; 64 * 1024]);
    let _ = std::fs::remove_file(&probe);
    if let Err(source) = probed {
        return IndexError::Io {
            path: tdir.to_path_buf(),
            source,
        };
    }
    IndexError::Write {
        reason: e.to_string(),
    }
}

/// The files already in the index, with their hashes.
fn indexed_files(index: &Index, f: &Fields) -> Result<BTreeMap<String, String>> {
    let reader = index.reader().map_err(|e| IndexError::Read {
        reason: e.to_string(),
    })?;
    let searcher = reader.searcher();
    let q = tantivy::query::TermQuery::new(
        Term::from_field_text(f.doc_type, "record"),
        tantivy::schema::IndexRecordOption::Basic,
    );
    let mut addrs: Vec<tantivy::DocAddress> = searcher
        .search(&q, &tantivy::collector::DocSetCollector)
        .map_err(|e| IndexError::Read {
            reason: e.to_string(),
        })?
        .into_iter()
        .collect();
    // In store order: each compressed block of the store is read once.
    addrs.sort_unstable();
    let mut out = BTreeMap::new();
    for a in addrs {
        let d: TantivyDocument = searcher.doc(a).map_err(|e| IndexError::Read {
            reason: e.to_string(),
        })?;
        let get = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        out.insert(get(f.path), get(f.sha256));
    }
    Ok(out)
}

/// The id of a record: the first 12 hex digits of its file's SHA-256.
pub fn record_id(r: &Record) -> String {
    r.source.sha256.chars().take(12).collect()
}

/// The tantivy documents of one record: the record itself, then one per searchable block.
/// `fingerprint` is what tells an unchanged file: its SHA-256, with its sidecar's after a `+`;
/// `passages` ([`passages`]) splits long material sections into blocks of their own.
pub fn documents(
    r: &Record,
    f: &Fields,
    fingerprint: &str,
    passages: &Passages,
) -> Vec<TantivyDocument> {
    let id = record_id(r);
    let m = &r.meeting;
    let date: u64 = m
        .date
        .as_deref()
        .map(|d| d.replace('-', "").parse().unwrap_or(0))
        .unwrap_or(0);
    let title = m
        .title
        .clone()
        .or_else(|| r.title.clone())
        .unwrap_or_default();
    let base = |doc_type: &str| -> TantivyDocument {
        let mut d = doc!(
            f.doc_type => doc_type,
            f.path => r.source.path.as_str(),
            f.meeting_id => id.as_str(),
            f.sha256 => fingerprint,
            f.title => title.as_str(),
            f.date => date,
            f.fiscal_year => m.fiscal_year.unwrap_or(0).max(0) as u64,
            f.meeting_no => u64::from_str_radix(&id, 16).unwrap_or(0),
            f.record_kind => match r.kind {
                DocumentKind::Minutes => "minutes",
                DocumentKind::Material => "material",
            },
        );
        if let Some(c) = &m.council {
            d.add_text(f.council, c);
        }
        if let Some(b) = &m.body {
            d.add_text(f.body, b);
        }
        d
    };
    let with_text = |mut d: TantivyDocument, text: &str, line: usize| {
        d.add_text(f.text, text);
        d.add_text(f.text_ja, text);
        d.add_text(f.text_bi, text);
        d.add_u64(f.line, line as u64);
        d
    };
    let mut out = Vec::new();
    let mut record = base("record");
    record.add_text(
        f.record,
        serde_json::to_string(&without_block_texts(r)).expect("records serialise"),
    );
    out.push(record);

    // The header: title, venue, names, notes.
    let mut header = vec![title.clone()];
    header.extend(m.venue.clone());
    // Each person with the organisation printed beside them (`県立…学校 田村`): a member asks
    // for the school or the office as often as for the name.
    let person = |org: &Option<String>, name: &str| match org {
        Some(o) => format!("{o} {name}"),
        None => name.to_string(),
    };
    header.extend(
        r.attendance
            .members
            .iter()
            .map(|p| person(&p.organization, &p.name)),
    );
    header.extend(
        r.attendance
            .secretariat
            .iter()
            .map(|p| person(&p.organization, &p.name)),
    );
    header.extend(
        r.attendance
            .observers
            .iter()
            .map(|p| person(&p.organization, &p.name)),
    );
    header.extend(
        r.header_notes
            .iter()
            .map(|n| format!("{} {}", n.label, n.value)),
    );
    out.push(with_text(base("header"), &header.join("\n"), 1));

    for item in crate::parse::agenda::flatten(&r.agenda) {
        let mut d = base("agenda");
        d.add_text(f.agenda_ref, &item.path);
        let text = format!("{} {}", item.title, item.materials.join(" "));
        out.push(with_text(d, &text, 0));
    }
    for mat in &r.materials {
        let text = format!("{} {}", mat.id.as_deref().unwrap_or(""), mat.title);
        out.push(with_text(base("material"), text.trim(), 0));
    }
    for (si, section) in r.proceedings.iter().enumerate() {
        for (ei, e) in section.entries.iter().enumerate() {
            let mut d = base("entry");
            d.add_u64(
                f.slot,
                Slot::Entry {
                    section: si,
                    entry: ei,
                }
                .encode(),
            );
            if let Some(a) = &section.agenda_ref {
                d.add_text(f.agenda_ref, a);
            }
            if let Some(h) = &section.heading {
                d.add_text(f.heading, h);
            }
            d.add_text(f.kind, kind_name(e.kind));
            // The label as printed first (what hits show), then the forms `--speaker` matches:
            // the label and the person's name folded (`髙橋` = `高橋`), and the family name
            // of a roster name printed with a space (`田中 太郎` → `田中`).
            if let Some(s) = &e.speaker {
                d.add_text(f.speaker, s);
            }
            for form in speaker_forms(e) {
                d.add_text(f.speaker, &form);
            }
            out.push(with_text(d, &e.text, e.line));
        }
    }
    if r.kind == DocumentKind::Material {
        for (si, s) in r.sections.iter().enumerate() {
            let mut d = base("section");
            d.add_text(f.heading, &s.title);
            d.add_u64(f.slot, Slot::MaterialSection { section: si }.encode());
            let text = section_block_text(&s.title, &s.text);
            let starts = passages.sections.get(si).map(Vec::as_slice).unwrap_or(&[]);
            if starts.is_empty() {
                out.push(with_text(d, &text, s.line));
                continue;
            }
            // The whole section is kept for its record, not searched; its passages are.
            d.add_text(f.text, &text);
            d.add_u64(f.line, s.line as u64);
            out.push(d);
            for (pi, &(off, line)) in starts.iter().enumerate() {
                let end = starts.get(pi + 1).map_or(s.text.len(), |n| n.0);
                let body = s.text.get(off..end).unwrap_or("").trim_end_matches('\n');
                let text = if pi == 0 {
                    section_block_text(&s.title, body)
                } else {
                    body.to_string()
                };
                let mut p = base("section");
                p.add_text(f.heading, &s.title);
                p.add_u64(
                    f.slot,
                    Slot::Passage {
                        section: si,
                        passage: pi,
                    }
                    .encode(),
                );
                out.push(with_text(p, &text, line));
            }
        }
        for o in &r.organizations {
            let phones: Vec<String> = o.phones.iter().map(|p| p.number.clone()).collect();
            let mut d = base("section");
            if let Some(c) = &o.category {
                d.add_text(f.heading, c);
            }
            out.push(with_text(
                d,
                &format!("{} {}", o.name, phones.join(" ")),
                o.line,
            ));
        }
        for (pi, p) in r.programmes.iter().enumerate() {
            let d = base("section");
            out.push(with_text(
                d,
                &format!("{} {} {}", p.number, p.name, p.description),
                passages.programmes.get(pi).copied().unwrap_or(0),
            ));
        }
    }
    out
}

/// The record as stored: the texts of its entries and material sections left out, since their
/// blocks store them (`Searcher::record` puts them back).
fn without_block_texts(r: &Record) -> Record {
    let mut stored = r.clone();
    for section in &mut stored.proceedings {
        for e in &mut section.entries {
            e.text.clear();
        }
    }
    for s in &mut stored.sections {
        s.text.clear();
    }
    stored
}

/// The text a material section's block holds: its title, a line break, its text.
pub fn section_block_text(title: &str, text: &str) -> String {
    format!("{title}\n{text}")
}

/// The folded forms an entry's speaker is found by (besides its label as printed).
fn speaker_forms(e: &crate::record::Entry) -> Vec<String> {
    use crate::parse::people::fold_name;
    let mut forms: Vec<String> = Vec::new();
    let mut add = |form: String| {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    };
    if let Some(s) = &e.speaker {
        add(fold_name(s));
    }
    if let Some(p) = &e.person {
        add(fold_name(&p.name));
        let name = crate::text::fold_width(&p.name);
        if let Some((family, _)) = name.split_once([' ', '　']) {
            add(fold_name(family));
        }
    }
    forms
}

/// The JSON name of an entry kind.
pub fn kind_name(k: crate::record::EntryKind) -> &'static str {
    use crate::record::EntryKind::*;
    match k {
        Explanation => "explanation",
        Opinion => "opinion",
        Question => "question",
        Answer => "answer",
        Resolution => "resolution",
        Note => "note",
    }
}
