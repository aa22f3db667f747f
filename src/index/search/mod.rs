//! Querying the index: terms AND-ed within one entry, `"…"` phrases, `-term` exclusions, aliases
//! and synonyms widening a term, filters (dates, council, body, kind, speaker), and snippets with
//! the matches marked.
//!
//! A block matches when its text holds each term as grep would find it: the bigram field finds
//! the blocks that hold every bigram of the term, and the text of those a search reads is
//! checked for the term itself (the bigram field keeps no positions). The morphological field
//! ranks, so hits where the term is a word rank first.

mod boost;
mod ceiling;
mod cover;
mod fallback;
mod files;
mod filters;
mod hit;
mod plan;
mod proof;
mod query;
mod reduce;
mod said;
mod snippet;
mod store;
mod strict;
mod variants;

use std::collections::BTreeMap;
use std::path::Path;

use tantivy::{Index, IndexReader, ReloadPolicy};

use super::document::meeting_number;
use super::schema::{self, Fields};
use super::tokenizer::JapaneseTokenizer;
use super::toplist::TopLists;
use super::{IndexError, Result, tantivy_dir};
use boost::Boost;
use plan::Tier;

pub use filters::Filters;
pub use hit::{Hit, Match, MeetingRef};
pub use query::{QueryTerm, parse_query};
pub use reduce::{Reduced, reduce};
pub use said::Said;
pub use snippet::{mark, snippet};

/// A hit before it is finished: the hit, whether it is a material's, its block, and how much
/// its score is raised or lowered by what the query asks for ([`Boost`]).
type Found = (Hit, bool, tantivy::DocAddress, f32);

/// The largest number of hits a search returns, whatever is asked.
pub const MAX_LIMIT: usize = 1000;

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best first.
    #[default]
    Score,
    /// Oldest meeting first.
    Date,
    /// Newest meeting first.
    DateDesc,
}

/// An open index, ready to answer queries.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    japanese: JapaneseTokenizer,
    aliases: BTreeMap<String, String>,
    /// The lists of the best blocks, read when a search first needs them.
    toplists: std::sync::OnceLock<TopLists>,
    dir: std::path::PathBuf,
    few_blocks: u64,
}

impl Searcher {
    /// Opens the index in `dir` read-only.
    pub fn open(dir: &Path) -> Result<Searcher> {
        let tdir = tantivy_dir(dir);
        if !tdir.join("meta.json").exists() {
            return Err(IndexError::Missing {
                path: dir.to_path_buf(),
            });
        }
        // A folder this process may not write is read too (see `readonly`).
        let index = crate::index::readonly::Tolerant::open(&tdir)
            .and_then(Index::open)
            .map_err(|e| IndexError::Open {
                path: tdir.clone(),
                source: e,
            })?;
        let aliases = crate::index::read_aliases(dir);
        let japanese =
            JapaneseTokenizer::new(&crate::index::alias_words(&aliases)).map_err(|e| {
                IndexError::Tokenizer {
                    reason: e.to_string(),
                }
            })?;
        schema::register(&index, japanese.clone());
        let fields = schema::fields_of(&index)?;
        // One committed state for the searcher's life: its hits, its records and its lists of
        // best blocks agree (a server loads a new `Searcher` when an ingest commits).
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Searcher {
            reader,
            fields,
            japanese,
            aliases,
            toplists: std::sync::OnceLock::new(),
            dir: dir.to_path_buf(),
            few_blocks: FEW_BLOCKS,
        })
    }

    /// Terms found in at most `n` blocks are answered by scoring every candidate, the others
    /// by ranking their words first ([`FEW_BLOCKS`] unless set).
    pub fn set_few_blocks(&mut self, n: u64) {
        self.few_blocks = n;
    }

    /// Replaces the lists of the best blocks for each common word (see [`toplist`]); an
    /// ingest computes and keeps them, [`Searcher::open`] reads them.
    pub fn set_toplists(&mut self, lists: TopLists) {
        self.toplists = std::sync::OnceLock::from(lists);
    }

    /// The lists of the best blocks, read from the index folder the first time.
    fn toplists(&self) -> &TopLists {
        self.toplists.get_or_init(|| TopLists::load(&self.dir))
    }

    /// Computes lists of the best `depth` blocks for every word found in at least `common`
    /// blocks of the index as it is now.
    pub fn compute_toplists(&self, common: u64, depth: usize) -> Result<TopLists> {
        Ok(TopLists::build_with(
            &self.reader.searcher(),
            self.fields.text_ja,
            common,
            depth,
        )?)
    }

    /// Runs a query: the best `filters.limit` blocks that hold every term (as grep would find
    /// it), ranked by the morphological field.
    ///
    /// Terms found in many blocks are first ranked by their words alone, which tantivy answers
    /// without scoring every block (block-max WAND); the best of those are checked on their
    /// text. That ranking is exact: a block that passes the check scores by its words alone,
    /// so once enough of the best pass, no block further down can beat them. Only when too few
    /// pass (the term is rarely a word of its own) are all the candidates scored.
    pub fn search(&self, query: &str, filters: &Filters) -> Result<Vec<Hit>> {
        self.search_sorted(query, filters, Sort::Score)
    }

    /// [`Searcher::search`] in the order asked for: by score, or by date, where the strict
    /// search's hits are every block that matches (up to [`MAX_LIMIT`]) and the fallback's
    /// only come in when those are fewer than the limit.
    pub fn search_sorted(&self, query: &str, filters: &Filters, sort: Sort) -> Result<Vec<Hit>> {
        let limit = filters.limit.clamp(1, MAX_LIMIT);
        let plan = self.plan(query, filters)?;
        let reduced = reduce(&self.japanese, query);
        let boost = Boost::new(query, &reduced);
        // A few more than asked, so that titles ranked down make room for entries; by date,
        // every strict hit.
        let pool = match sort {
            Sort::Score => (limit + TITLE_ROOM).min(MAX_LIMIT),
            Sort::Date | Sort::DateDesc => MAX_LIMIT,
        };
        let mut tiers: Vec<(Match, Vec<Found>)> =
            vec![(Match::All, self.boosted(&plan, pool, limit, &boost)?)];
        let found = |tiers: &[(Match, Vec<Found>)]| -> usize {
            let mut seen = std::collections::HashSet::new();
            tiers
                .iter()
                .flat_map(|t| t.1.iter())
                .filter(|h| seen.insert(h.2))
                .count()
        };
        let terms: Vec<QueryTerm> = reduced.terms.clone();
        if found(&tiers) < limit && terms.iter().any(|t| !t.negated) {
            let plan = self.plan_terms(&terms, &reduced.optional, Tier::Widened, filters)?;
            tiers.push((Match::Words, self.strict(&plan, pool, &boost)?));
            if found(&tiers) < limit {
                // The fallback's best, enough to fill the limit past the hits found.
                let keep = limit + found(&tiers);
                let mut fallback = self.fallback(&reduced, filters, &boost, keep)?;
                fallback.extend(self.following(&tiers)?);
                tiers.push((Match::Partial, fallback));
            }
        }
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<(Hit, bool)> = Vec::with_capacity(limit);
        let limit = match sort {
            Sort::Score => limit,
            // Every strict hit, then the fallback's up to the limit.
            Sort::Date | Sort::DateDesc => limit.max(tiers[0].1.len()),
        };
        for (tier, mut hits) in tiers {
            hits.sort_by(by_rank);
            for (mut h, material, addr, factor) in hits {
                if out.len() == limit || !seen.insert(addr) {
                    continue;
                }
                if tier != Match::Partial {
                    h.matched = tier;
                }
                h.fallback = h.matched != Match::All;
                h.score *= factor;
                out.push((h, material));
            }
        }
        let limit = filters.limit.clamp(1, MAX_LIMIT);
        match sort {
            Sort::Score => {}
            // Hits without a date last either way; ties keep their rank.
            Sort::Date => out.sort_by(|a, b| {
                (a.0.date.is_none(), &a.0.date).cmp(&(b.0.date.is_none(), &b.0.date))
            }),
            Sort::DateDesc => out.sort_by(|a, b| {
                (a.0.date.is_none(), &b.0.date).cmp(&(b.0.date.is_none(), &a.0.date))
            }),
        }
        // By date every strict hit was read; the fallback's only came in when they were fewer
        // than the limit.
        out.truncate(limit);
        self.finish(out)
    }
}

/// Best first: by score as raised or lowered by the query; equal scores in [`rank_order`].
pub(super) fn by_rank(a: &Found, b: &Found) -> std::cmp::Ordering {
    (b.0.score * b.3)
        .total_cmp(&(a.0.score * a.3))
        .then_with(|| rank_order(a).cmp(&rank_order(b)))
}

/// The order of hits of equal score: by meeting number (the `meeting_no` field, from the
/// meeting's id, which the file's content gives), then in the record's order, since a
/// record's blocks are written together (`write`). Not the index's order of meetings,
/// which depends on how its segments were merged, so the same files give the same ranking
/// however they were ingested; and known to the index before a block is read, so the strict
/// search ranks its candidates in the same order (`strict::Candidate`).
pub(super) fn rank_order(f: &Found) -> (u64, tantivy::DocAddress) {
    (meeting_number(&f.0.meeting_id), f.2)
}

/// Terms that can match at most this many blocks are answered by scoring every candidate.
pub(crate) const FEW_BLOCKS: u64 = 20_000;

/// How many more hits than asked the strict search reads, so that titles ranked down make room.
const TITLE_ROOM: usize = 10;
