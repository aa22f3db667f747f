//! Every matching file (`search --files`, like `grep -l`): the meetings with a matching block,
//! and their paths from the index's dictionary of paths.

use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};

use super::plan::{Plan, passes};
use super::query::parse_query;
use super::{Filters, Searcher};
use crate::index::Result;

impl Searcher {
    /// The meetings (as numbers, see [`Fields::meeting_no`]) with a block that holds the
    /// plan's terms: from the fast field alone when the index answers exactly, else checking
    /// each meeting's candidates on their text until one passes.
    pub(super) fn meetings_matching(&self, plan: &Plan) -> Result<std::collections::HashSet<u64>> {
        let searcher = self.reader.searcher();
        let mut candidates = searcher.search(plan.candidates.as_ref(), &Candidates)?;
        // In the order of the document store (a meeting's blocks are neighbours there), so
        // each compressed store block is read once rather than once per meeting it holds.
        candidates.sort_unstable_by_key(|c| c.1);
        let mut out = std::collections::HashSet::new();
        for (meeting, addr) in candidates {
            if out.contains(&meeting) {
                continue;
            }
            let found = plan.checks.is_empty() || {
                let d: TantivyDocument = searcher.doc(addr)?;
                let text = d.get_first(self.fields.text).and_then(|v| v.as_str());
                passes(text.unwrap_or(""), &plan.checks)
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
            let terms = parse_query(query);
            let mut keep: Option<std::collections::HashSet<u64>> = None;
            let mut drop = std::collections::HashSet::new();
            for t in &terms {
                let one = if t.phrase {
                    format!("\"{}\"", t.text)
                } else {
                    t.text.clone()
                };
                let set = self.meetings_matching(&self.plan(&one, filters)?)?;
                if t.negated {
                    drop.extend(set);
                } else {
                    keep = Some(match keep {
                        None => set,
                        Some(k) => k.intersection(&set).copied().collect(),
                    });
                }
            }
            let mut keep = keep.unwrap_or_default();
            keep.retain(|m| !drop.contains(m));
            keep
        } else {
            self.meetings_matching(&self.plan(query, filters)?)?
        };
        let mut paths = self.paths_of(&meetings)?;
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// The source path of each of `meetings`, from the index's dictionary of paths: each path
    /// is a term whose first live document names its meeting, so no stored document is read
    /// (reading one per meeting costs more than the search that found them).
    pub(super) fn paths_of(
        &self,
        meetings: &std::collections::HashSet<u64>,
    ) -> Result<Vec<String>> {
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
