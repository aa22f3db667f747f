//! Writing the index: a [`Writer`] replaces the documents of a file by its record's, removes
//! those of a file that is gone, and commits — each commit with the aliases known so far as its
//! payload and a stamp later than every earlier commit's; the last also computes the lists of
//! the best blocks. It knows records, not files or parsers: [`crate::pipeline`] feeds it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tantivy::schema::{TantivyDocument, Value};
use tantivy::{Index, IndexWriter, Term};

use super::document::{DocType, Passages, documents};
use super::schema::{self, Fields};
use super::tokenizer::JapaneseTokenizer;
use super::toplist::TopLists;
use super::{IndexError, Result, aliases_path, tantivy_dir};
use crate::record::{Alias, Record};

/// An open writer on the index: what an ingest adds goes through it.
pub struct Writer {
    dir: PathBuf,
    tdir: PathBuf,
    index: Index,
    fields: Fields,
    writer: IndexWriter,
    japanese: JapaneseTokenizer,
    aliases: BTreeMap<String, String>,
    /// The stamp every document of the commit under way carries (see `Fields::ingested`).
    stamp: u64,
}

impl Writer {
    /// Opens the index in `dir` for writing, creating it when absent. The analyser's user
    /// dictionary knows the aliases of everything indexed so far.
    pub fn open(dir: &Path) -> Result<Writer> {
        let index = open_or_create(dir)?;
        let fields = schema::fields_of(&index)?;
        let aliases = super::read_aliases(dir);
        let japanese = JapaneseTokenizer::new(&super::alias_words(&aliases)).map_err(|e| {
            IndexError::Tokenizer {
                reason: e.to_string(),
            }
        })?;
        schema::register(&index, japanese.clone());
        let tdir = tantivy_dir(dir);
        // Every document of one commit carries the commit's stamp, later than every stamp
        // committed before (see `Fields::ingested`).
        let stamp = next_stamp(latest_stamp(&index)?);
        let writer: IndexWriter = index
            .writer_with_num_threads(2, 200_000_000)
            .map_err(|e| write_error(e, &tdir))?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            tdir,
            index,
            fields,
            writer,
            japanese,
            aliases,
            stamp,
        })
    }

    /// The files the index holds (their keys: paths as text), with their fingerprints.
    pub fn indexed(&self) -> Result<BTreeMap<String, String>> {
        indexed_files(&self.index, &self.fields)
    }

    /// Learns aliases (short → long): the analyser's dictionary holds them before the next
    /// documents are indexed (documents indexed earlier keep the segmentation they had), and
    /// the next commit carries them.
    pub fn learn<'a>(&mut self, aliases: impl IntoIterator<Item = &'a Alias>) -> Result<()> {
        let mut learned = false;
        for a in aliases {
            learned |= self
                .aliases
                .insert(a.short.clone(), a.long.clone())
                .as_ref()
                != Some(&a.long);
        }
        if learned {
            self.japanese
                .learn(&super::alias_words(&self.aliases))
                .map_err(|e| IndexError::Tokenizer {
                    reason: e.to_string(),
                })?;
        }
        Ok(())
    }

    /// Replaces the documents of the file keyed `key` (and of the keys it was indexed under
    /// before, `old`) by the documents of its record.
    pub fn replace(
        &mut self,
        old: &[&str],
        key: &str,
        record: &Record,
        fingerprint: &str,
        passages: &Passages,
    ) -> Result<()> {
        for k in old {
            self.remove(k);
        }
        self.remove(key);
        // One batch: a record's documents go into one segment, in order, so that a meeting's
        // blocks are neighbours there and in the store whichever indexing thread takes them
        // (the passage that follows another is the next document: `Searcher::following`).
        let adds = documents(record, &self.fields, fingerprint, passages)
            .into_iter()
            .map(|mut d| {
                d.add_u64(self.fields.ingested, self.stamp);
                tantivy::indexer::UserOperation::Add(d)
            });
        if let Err(e) = self.writer.run(adds) {
            // A worker that died (a full disk) says why when joined.
            let cause = self.writer.prepare_commit().err().unwrap_or(e);
            return Err(write_error(cause, &self.tdir));
        }
        Ok(())
    }

    /// Removes the documents of the file keyed `key`.
    pub fn remove(&mut self, key: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, key));
    }

    /// Commits what was written so far, with the aliases known so far as the commit's payload:
    /// a kill or a full disk after it leaves this state readable. Returns the aliases as JSON.
    pub fn commit(&mut self) -> Result<String> {
        let json = commit(&mut self.writer, &self.aliases, &self.tdir)?;
        self.stamp = next_stamp(self.stamp);
        Ok(json)
    }

    /// The last commit; then the lists of the best blocks for each common word, for the state
    /// just committed (a list that no longer fits the index is never used, so an ingest killed
    /// here loses nothing), and `aliases.json`.
    pub fn finish(mut self) -> Result<()> {
        let json = self.commit()?;
        self.writer.wait_merging_threads().ok();
        let searcher = self
            .index
            .reader()
            .map_err(|e| IndexError::Read { source: e })?
            .searcher();
        if !TopLists::load(&self.dir).fit(&searcher) {
            TopLists::build(&searcher, self.fields.text_ja)
                .map_err(|e| IndexError::Write { source: e })?
                .save(&self.dir)?;
        }
        // `aliases.json` too, for readers that look for it (and for `serve`, which reloads when
        // it changes); the commit's payload is what counts.
        let apath = aliases_path(&self.dir);
        super::write_atomically(&apath, json.as_bytes())?;
        Ok(())
    }
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
            source: e.into(),
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
            source: e,
        })?;
    Ok(index)
}

/// The latest stamp of the committed documents (0 for an empty index).
fn latest_stamp(index: &Index) -> Result<u64> {
    let reader = index.reader().map_err(|e| IndexError::Read { source: e })?;
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
    IndexError::Write { source: e }
}

/// The files already in the index, with their hashes.
fn indexed_files(index: &Index, f: &Fields) -> Result<BTreeMap<String, String>> {
    let reader = index.reader().map_err(|e| IndexError::Read { source: e })?;
    let searcher = reader.searcher();
    let q = tantivy::query::TermQuery::new(
        Term::from_field_text(f.doc_type, DocType::Record.as_str()),
        tantivy::schema::IndexRecordOption::Basic,
    );
    let mut addrs: Vec<tantivy::DocAddress> = searcher
        .search(&q, &tantivy::collector::DocSetCollector)
        .map_err(|e| IndexError::Read { source: e })?
        .into_iter()
        .collect();
    // In store order: each compressed block of the store is read once.
    addrs.sort_unstable();
    let mut out = BTreeMap::new();
    for a in addrs {
        let d: TantivyDocument = searcher
            .doc(a)
            .map_err(|e| IndexError::Read { source: e })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::search::{Filters, Searcher};
    use crate::record::{DocumentKind, Entry, EntryKind, Format, Meeting, Section, Source};

    /// The record of the file `path`: a meeting of one section, its entries said by the
    /// secretariat and a member.
    fn minutes(path: &str, texts: &[&str]) -> Record {
        let entry = |i: usize, text: &str| Entry {
            kind: EntryKind::Opinion,
            speaker: Some(if i == 0 { "事務局" } else { "委員" }.into()),
            text: text.into(),
            line: 10 + i,
            page: None,
            cue: None,
            reply_to: None,
            person: None,
        };
        let source = Source {
            path: path.into(),
            sha256: format!("{:0>64}", path.len()),
            format: Format::Txt,
            encoding: "UTF-8".into(),
            pages: None,
        };
        Record {
            meeting: Meeting {
                title: Some("第1回 相談支援部会 会議録".into()),
                date: Some("2025-06-02".into()),
                ..Meeting::default()
            },
            proceedings: vec![Section {
                agenda_ref: None,
                heading: Some("報告".into()),
                entries: texts.iter().enumerate().map(|(i, t)| entry(i, t)).collect(),
            }],
            ..Record::new(DocumentKind::Minutes, source)
        }
    }

    fn hits(dir: &Path, query: &str) -> Vec<String> {
        let filters = Filters {
            limit: 10,
            ..Filters::default()
        };
        Searcher::open(dir)
            .unwrap()
            .search(query, &filters)
            .unwrap()
            .into_iter()
            .map(|h| h.snippet)
            .collect()
    }

    #[test]
    fn replaces_removes_and_commits_what_a_record_holds() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        assert!(w.indexed().unwrap().is_empty());
        let first = minutes(
            "a.txt",
            &[
                "グループホームの空きを報告します。",
                "送迎の回数を伺います。",
            ],
        );
        w.replace(&[], "a.txt", &first, "fp-1", &Passages::default())
            .unwrap();
        w.commit().unwrap();
        assert_eq!(
            w.indexed().unwrap(),
            BTreeMap::from([("a.txt".to_string(), "fp-1".to_string())])
        );
        // The file changed: its documents are replaced, not added to.
        let second = minutes("a.txt", &["短期入所の利用が増えました。"]);
        w.replace(&[], "a.txt", &second, "fp-2", &Passages::default())
            .unwrap();
        w.finish().unwrap();
        assert!(hits(dir.path(), "グループホーム").is_empty());
        let found = hits(dir.path(), "短期入所");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("短期入所"), "{found:?}");
        assert!(aliases_path(dir.path()).exists());

        // A writer opened again sees what was committed, and removing a file removes it all.
        let mut w = Writer::open(dir.path()).unwrap();
        assert_eq!(w.indexed().unwrap()["a.txt"], "fp-2");
        w.remove("a.txt");
        w.finish().unwrap();
        assert!(hits(dir.path(), "短期入所").is_empty());
    }

    #[test]
    fn a_renamed_file_takes_the_place_of_its_old_name() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        let text = ["移動支援の申請について説明します。"];
        let r = minutes("old.txt", &text);
        w.replace(&[], "old.txt", &r, "fp", &Passages::default())
            .unwrap();
        w.commit().unwrap();
        let r = minutes("new.txt", &text);
        w.replace(&["old.txt"], "new.txt", &r, "fp", &Passages::default())
            .unwrap();
        w.commit().unwrap();
        assert_eq!(
            w.indexed().unwrap().into_keys().collect::<Vec<_>>(),
            ["new.txt"]
        );
    }

    /// A record's documents are one run in one segment, in order, whichever of the writer's
    /// indexing threads takes them (searches rely on it: the passage that follows another is
    /// the next document, and a meeting's blocks are neighbours in the store).
    #[test]
    fn a_records_documents_stay_together_in_one_segment() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        let texts: Vec<String> = (0..40)
            .map(|i| format!("第{i}回の会議で、計画相談の件数を報告しました。"))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for i in 0..60 {
            let path = format!("m{i:02}.txt");
            let mut r = minutes(&path, &texts);
            r.source.sha256 = format!("{:012x}{:0>52}", 0xabc000 + i, 0);
            w.replace(&[], &path, &r, "fp", &Passages::default())
                .unwrap();
        }
        w.finish().unwrap();
        let index = open_or_create(dir.path()).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut seen = std::collections::HashSet::new();
        let mut runs = 0;
        for reader in searcher.segment_readers() {
            let numbers = reader.fast_fields().u64("meeting_no").unwrap();
            let mut last = None;
            for doc in 0..reader.max_doc() {
                let Some(no) = numbers.first(doc) else {
                    continue;
                };
                if last != Some(no) {
                    assert!(seen.insert(no), "meeting {no} is in two runs");
                    runs += 1;
                    last = Some(no);
                }
            }
        }
        assert_eq!(runs, 60);
    }

    #[test]
    fn stamps_only_grow() {
        assert_eq!(next_stamp(u64::MAX - 1), u64::MAX);
        let now = next_stamp(0);
        assert!(next_stamp(now) > now);
    }
}
