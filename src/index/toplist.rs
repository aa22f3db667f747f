//! Ranked lists of the blocks that score best for each common word of the morphological field,
//! computed when an ingest commits and kept beside the index (`toplists.bin`).
//!
//! A word found in hundreds of thousands of blocks (支援, 相談) leaves block-max WAND little to
//! skip: nearly every block of its postings holds a short entry that scores well. With these
//! lists a search reads the best few dozen blocks of each word instead, and the threshold
//! algorithm tells when no block further down can beat the ones found: a block not among the
//! first `p` of any list scores at most the sum of each list's `p`-th score. The lists are only
//! used while the index holds exactly the segments (and deletions) they were computed on, so
//! the scores they hold are the scores a search computes.

use std::collections::{BinaryHeap, HashMap};
use std::io::Write;
use std::path::Path;

use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::query::{EnableScoring, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use super::{IndexError, Result};

/// The file, in the index folder.
pub const FILE: &str = "toplists.bin";

/// How many blocks each list holds.
pub const DEPTH: usize = 512;

/// Words in at least this many blocks get a list; rarer words are scored when asked for.
pub const COMMON: u64 = 4096;

const MAGIC: &[u8] = b"gijiroku-toplists-3\n";

/// A block and its score for one word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The score (BM25, as tantivy computes it for the word alone).
    pub score: f32,
    /// The block.
    pub addr: DocAddress,
}

impl Eq for Scored {}

impl Ord for Scored {
    /// Lower scores are greater, so a `BinaryHeap` keeps the worst of the best on top; ties
    /// go to the earlier block.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.addr.cmp(&other.addr))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The lists of one state of the index, kept as the bytes of their file: a table of words
/// read when the file is, each word's list decoded when a search asks for it.
#[derive(Debug)]
pub struct TopLists {
    /// The segments (id and deleted count, in order) the lists were computed on.
    state: Vec<(String, u32)>,
    /// Words in at least this many blocks have a list.
    pub common: u64,
    /// How many blocks each list holds (fewer: every block with the word).
    pub depth: usize,
    /// Where each word's list starts in `bytes`, and how many blocks it holds.
    words: HashMap<String, (usize, usize)>,
    /// The file: a header, the table of words, then every list's blocks, 12 bytes each
    /// (segment, document, score; little-endian). Memory-mapped when read from disk, so a
    /// search touches only the pages of the lists it reads (reading the whole file cost a
    /// quarter of a one-query process).
    bytes: OwnedBytes,
}

impl Default for TopLists {
    /// No lists.
    fn default() -> TopLists {
        TopLists {
            state: Vec::new(),
            common: 0,
            depth: 0,
            words: HashMap::new(),
            bytes: OwnedBytes::empty(),
        }
    }
}

/// The state of the index a searcher sees: its segments and their deletions, in order.
fn state_of(searcher: &Searcher) -> Vec<(String, u32)> {
    searcher
        .segment_readers()
        .iter()
        .map(|r| (r.segment_id().uuid_string(), r.num_deleted_docs()))
        .collect()
}

/// The best `depth` blocks for `term` alone, best first, scored as a search scores them.
pub fn best(searcher: &Searcher, term: &Term, depth: usize) -> tantivy::Result<Vec<Scored>> {
    let weight = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)
        .weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut heap: BinaryHeap<Scored> = BinaryHeap::with_capacity(depth.min(1 << 16) + 1);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let alive = reader.alive_bitset();
        weight.for_each(reader, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return;
            }
            let s = Scored {
                score,
                addr: DocAddress::new(ord as u32, doc),
            };
            if heap.len() < depth {
                heap.push(s);
            } else if heap.peek().is_some_and(|worst| s < *worst) {
                heap.pop();
                heap.push(s);
            }
        })?;
    }
    Ok(heap.into_sorted_vec())
}

/// The size of one block in a list.
const ENTRY: usize = 12;

impl TopLists {
    /// Computes the lists of every common word of `field` in the index `searcher` sees.
    pub fn build(searcher: &Searcher, field: Field) -> tantivy::Result<TopLists> {
        TopLists::build_with(searcher, field, COMMON, DEPTH)
    }

    /// Computes a list of the best `depth` blocks of every word of `field` found in at least
    /// `common` blocks.
    pub fn build_with(
        searcher: &Searcher,
        field: Field,
        common: u64,
        depth: usize,
    ) -> tantivy::Result<TopLists> {
        let mut df: HashMap<Vec<u8>, u64> = HashMap::new();
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(field)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                *df.entry(terms.key().to_vec()).or_default() += u64::from(terms.value().doc_freq);
            }
        }
        let mut words: Vec<String> = df
            .into_iter()
            .filter(|(_, n)| *n >= common)
            .filter_map(|(key, _)| String::from_utf8(key).ok())
            .collect();
        words.sort();
        let mut lists = Vec::with_capacity(words.len());
        for w in &words {
            lists.push(best(searcher, &Term::from_field_text(field, w), depth)?);
        }
        let state = state_of(searcher);
        // The file: header, the table of words with their offsets, the blocks.
        let mut head = Vec::new();
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&common.to_le_bytes());
        put_u32(&mut head, depth as u32);
        put_u32(&mut head, state.len() as u32);
        for (id, deleted) in &state {
            put_str(&mut head, id);
            put_u32(&mut head, *deleted);
        }
        put_u32(&mut head, words.len() as u32);
        let mut body = Vec::new();
        for (w, list) in words.iter().zip(&lists) {
            put_str(&mut head, w);
            put_u32(&mut head, (body.len() / ENTRY) as u32);
            put_u32(&mut head, list.len() as u32);
            for s in list {
                put_u32(&mut body, s.addr.segment_ord);
                put_u32(&mut body, s.addr.doc_id);
                body.extend_from_slice(&s.score.to_le_bytes());
            }
        }
        head.extend_from_slice(&body);
        Ok(parse(OwnedBytes::new(head)).expect("the lists just written read back"))
    }

    /// The list of `word`, best first, if it has one.
    pub fn get(&self, word: &str) -> Option<Vec<Scored>> {
        let &(start, n) = self.words.get(word)?;
        let bytes = self.bytes.get(start..start + n * ENTRY)?;
        Some(
            bytes
                .chunks_exact(ENTRY)
                .map(|e| {
                    let u = |i: usize| u32::from_le_bytes([e[i], e[i + 1], e[i + 2], e[i + 3]]);
                    Scored {
                        addr: DocAddress::new(u(0), u(4)),
                        score: f32::from_bits(u(8)),
                    }
                })
                .collect(),
        )
    }

    /// Whether the lists were computed on the index state `searcher` sees.
    pub fn fit(&self, searcher: &Searcher) -> bool {
        self.state == state_of(searcher)
    }

    /// Whether there are no lists (no file, or an index without common words).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Writes the lists to `dir`, atomically (a new file renamed over the old one).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(FILE);
        let tmp = dir.join(format!("{FILE}.tmp"));
        let io = |source| IndexError::Io {
            path: tmp.clone(),
            source,
        };
        let mut file = std::fs::File::create(&tmp).map_err(io)?;
        file.write_all(&self.bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(|source| IndexError::Io { path, source })
    }

    /// Reads the lists kept in `dir`; none (empty lists) when there is no file or it cannot
    /// be read, since the lists only make searches faster.
    pub fn load(dir: &Path) -> TopLists {
        // tantivy's memory-mapped directory: the file is replaced by renaming a new one over
        // it, never written in place, so a mapping stays valid while it is read.
        let mapped = MmapDirectory::open(dir)
            .ok()
            .and_then(|d| d.open_read(Path::new(FILE)).ok())
            .and_then(|f| f.read_bytes().ok());
        mapped.and_then(parse).unwrap_or_default()
    }
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// A reader over the bytes of the file.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let out = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

/// Reads the header and the table of words of a file; `None` when it is not one.
fn parse(bytes: OwnedBytes) -> Option<TopLists> {
    let mut b = Bytes {
        data: bytes.strip_prefix(MAGIC)?,
        at: 0,
    };
    let common = u64::from_le_bytes(b.take(8)?.try_into().ok()?);
    let depth = b.u32()? as usize;
    let mut state = Vec::new();
    for _ in 0..b.u32()? {
        state.push((b.str()?, b.u32()?));
    }
    let mut table = Vec::new();
    for _ in 0..b.u32()? {
        table.push((b.str()?, b.u32()? as usize, b.u32()? as usize));
    }
    let body = MAGIC.len() + b.at;
    let blocks = (bytes.len() - body) / ENTRY;
    let mut words = HashMap::with_capacity(table.len());
    for (word, first, n) in table {
        if first.checked_add(n)? > blocks {
            return None;
        }
        words.insert(word, (body + first * ENTRY, n));
    }
    Some(TopLists {
        state,
        common,
        depth,
        words,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_one_reads_as_no_lists() {
        assert!(parse(OwnedBytes::new(b"not the lists".to_vec())).is_none());
        let mut truncated = MAGIC.to_vec();
        truncated.extend_from_slice(&7u64.to_le_bytes());
        assert!(parse(OwnedBytes::new(truncated)).is_none());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), b"junk").unwrap();
        assert!(TopLists::load(dir.path()).is_empty());
        assert!(TopLists::load(&dir.path().join("missing")).is_empty());
    }
}
