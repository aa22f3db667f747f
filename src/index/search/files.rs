//! Every matching file (`search --files`, like `grep -l`): the meetings with a matching block,
//! and their paths from the index's dictionary of paths.

use std::collections::HashSet;

use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};

use super::plan::{Plan, passes};
use super::query::parse_query;
use super::{Filters, Searcher};
use crate::index::Result;

/// At most how many threads check candidates' text for one `--files` search.
const MAX_THREADS: usize = 4;

/// The fewest candidates a thread is given (fewer are not worth a thread).
const MIN_RUN: usize = 256;

impl Searcher {
    /// The meetings (as numbers, see [`Fields::meeting_no`]) with a block that holds the
    /// plan's terms, among `within` when given: those the morphological field proves hold them
    /// ([`Searcher::proof`]) without reading any text, then the others by checking their
    /// candidates' text until one passes, on every core.
    pub(super) fn meetings_matching(
        &self,
        plan: &Plan,
        within: Option<&HashSet<u64>>,
    ) -> Result<HashSet<u64>> {
        let searcher = self.reader.searcher();
        let wanted = |m: &u64| within.is_none_or(|w| w.contains(m));
        let mut out: HashSet<u64> =
            match self.proof(&searcher, plan.candidates.as_ref(), &plan.checks) {
                Some(q) => searcher
                    .search(q.as_ref(), &Candidates)?
                    .into_iter()
                    .map(|c| c.0)
                    .filter(wanted)
                    .collect(),
                None => HashSet::new(),
            };
        let mut candidates = searcher.search(plan.candidates.as_ref(), &Candidates)?;
        candidates.retain(|c| wanted(&c.0) && !out.contains(&c.0));
        if plan.checks.is_empty() {
            out.extend(candidates.iter().map(|c| c.0));
            return Ok(out);
        }
        // In the order of the document store (a meeting's blocks are neighbours there), so
        // each compressed store block is read once rather than once per meeting it holds; in
        // as many runs of neighbours as there are cores, each on its own thread.
        candidates.sort_unstable_by_key(|c| c.1);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS));
        let run = candidates.len().div_ceil(threads).max(MIN_RUN);
        let found: Vec<Result<HashSet<u64>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = candidates
                .chunks(run)
                .map(|part| scope.spawn(|| self.check_candidates(&searcher, part, &plan.checks)))
                .collect();
            handles
                .into_iter()
                // A panic in a thread is the search's, as it would be on this one (never a
                // meeting silently left out).
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for f in found {
            out.extend(f?);
        }
        Ok(out)
    }

    /// The meetings of `candidates` (in store order) with a candidate whose text passes
    /// `checks`; the other candidates of a meeting already found are not read. A meeting's
    /// candidates are tried from its end and the next meeting's from its start, so that the
    /// first reads of two neighbours fall in one store block (decompressed once) as often as
    /// the meetings' sizes allow.
    fn check_candidates(
        &self,
        searcher: &tantivy::Searcher,
        candidates: &[(u64, tantivy::DocAddress)],
        checks: &[super::plan::Check],
    ) -> Result<HashSet<u64>> {
        let mut out = HashSet::new();
        let passing = |addr: tantivy::DocAddress| -> Result<bool> {
            let d: TantivyDocument = searcher.doc(addr)?;
            let text = d.get_first(self.fields.text).and_then(|v| v.as_str());
            Ok(passes(text.unwrap_or(""), checks))
        };
        for (i, run) in candidates.chunk_by(|a, b| a.0 == b.0).enumerate() {
            let meeting = run[0].0;
            if out.contains(&meeting) {
                continue;
            }
            let order: Box<dyn Iterator<Item = &(u64, tantivy::DocAddress)>> = if i % 2 == 0 {
                Box::new(run.iter().rev())
            } else {
                Box::new(run.iter())
            };
            // The first candidate that passes, or the first error.
            let found = match order
                .map(|c| passing(c.1))
                .find(|r| !matches!(r, Ok(false)))
            {
                Some(r) => r?,
                None => false,
            };
            if found {
                out.insert(meeting);
            }
        }
        Ok(out)
    }

    /// The source paths of the documents that match, in path order, however many (like
    /// `grep -l`). With `whole_document`, each term may occur anywhere in the document instead
    /// of all in one entry; `-term` then excludes documents that hold it anywhere.
    pub fn matching_paths(
        &self,
        query: &str,
        filters: &Filters,
        whole_document: bool,
    ) -> Result<Vec<String>> {
        let meetings = if whole_document {
            // Each term on its own, the rarest first, each later one only among the meetings
            // the earlier ones left; then the excluded terms among those.
            let mut planned = Vec::new();
            for t in parse_query(query) {
                let one = if t.phrase {
                    format!("\"{}\"", t.text)
                } else {
                    t.text.clone()
                };
                planned.push((t.negated, self.plan(&one, filters)?));
            }
            planned.sort_by_key(|(negated, plan)| (*negated, plan.max_blocks));
            let mut keep: Option<HashSet<u64>> = None;
            for (negated, plan) in &planned {
                let set = self.meetings_matching(plan, keep.as_ref())?;
                keep = Some(match keep {
                    Some(mut k) if *negated => {
                        k.retain(|m| !set.contains(m));
                        k
                    }
                    // Only excluded terms: nothing to look for.
                    None if *negated => HashSet::new(),
                    _ => set,
                });
            }
            keep.unwrap_or_default()
        } else {
            self.meetings_matching(&self.plan(query, filters)?, None)?
        };
        let mut paths = self.paths_of(&meetings)?;
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// The source path of each of `meetings`, from the index's dictionary of paths: each path
    /// is a term whose first live document names its meeting, so no stored document is read
    /// (reading one per meeting costs more than the search that found them).
    pub(super) fn paths_of(&self, meetings: &HashSet<u64>) -> Result<Vec<String>> {
        use tantivy::DocSet;
        let searcher = self.reader.searcher();
        let mut paths = Vec::with_capacity(meetings.len());
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(self.fields.path)?;
            let numbers = reader.fast_fields().u64("meeting_no")?;
            let alive = reader.alive_bitset();
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while terms.advance() {
                let mut postings = inverted
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?;
                let mut doc = postings.doc();
                while doc != tantivy::TERMINATED && alive.is_some_and(|a| a.is_deleted(doc)) {
                    doc = postings.advance();
                }
                if doc == tantivy::TERMINATED {
                    continue;
                }
                let no = numbers.first(doc).unwrap_or(0);
                if meetings.contains(&no)
                    && let Ok(path) = std::str::from_utf8(terms.key())
                {
                    paths.push(path.to_string());
                }
            }
        }
        Ok(paths)
    }
}

/// Collects the matching blocks with their meetings.
pub(super) struct Candidates;

pub(super) struct SegmentCandidates {
    segment: tantivy::SegmentOrdinal,
    column: tantivy::columnar::Column<u64>,
    out: Vec<(u64, tantivy::DocAddress)>,
}

impl tantivy::collector::Collector for Candidates {
    type Fruit = Vec<(u64, tantivy::DocAddress)>;
    type Child = SegmentCandidates;

    fn for_segment(
        &self,
        segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentCandidates> {
        Ok(SegmentCandidates {
            segment,
            column: reader.fast_fields().u64("meeting_no")?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(u64, tantivy::DocAddress)>>,
    ) -> tantivy::Result<Vec<(u64, tantivy::DocAddress)>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl tantivy::collector::SegmentCollector for SegmentCandidates {
    type Fruit = Vec<(u64, tantivy::DocAddress)>;

    fn collect(&mut self, doc: tantivy::DocId, _: tantivy::Score) {
        if let Some(m) = self.column.first(doc) {
            self.out
                .push((m, tantivy::DocAddress::new(self.segment, doc)));
        }
    }

    fn harvest(self) -> Vec<(u64, tantivy::DocAddress)> {
        self.out
    }
}
