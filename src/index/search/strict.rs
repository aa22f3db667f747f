//! The strict search: every term as grep would find it, ranked by the morphological field —
//! from the lists of best blocks, block-max WAND, or scoring every candidate — and checked
//! on the text.

use tantivy::collector::TopDocs;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};

use super::boost::Boost;
use super::plan::{Check, Plan, passes};
use super::{Found, Hit, MAX_LIMIT, Searcher};
use crate::index::Result;
use crate::index::toplist::{self, Scored};

impl Searcher {
    /// The strict search of a plan, read `pool` blocks deep and deeper until the best `limit`
    /// by boosted score are sure: until the `limit`-th boosted score is at least the lowest
    /// score read times the largest boost, which no block further down can reach. So the
    /// first hits are the same whatever the limit (pages follow each other).
    pub(super) fn boosted(
        &self,
        plan: &Plan,
        pool: usize,
        limit: usize,
        boost: &Boost,
    ) -> Result<Vec<Found>> {
        let mut pool = pool;
        loop {
            let hits = self.strict(plan, pool, boost)?;
            if hits.len() < pool || pool >= MAX_LIMIT {
                return Ok(hits);
            }
            let mut boosted: Vec<f32> = hits.iter().map(|h| h.0.score * h.3).collect();
            boosted.sort_by(|a, b| b.total_cmp(a));
            let floor = hits.iter().map(|h| h.0.score).fold(f32::MAX, f32::min);
            if boosted
                .get(limit - 1)
                .is_some_and(|&k| k >= floor * boost.max_factor())
            {
                return Ok(hits);
            }
            pool = (pool * 4).min(MAX_LIMIT);
        }
    }

    /// The strict search of a plan: the best `limit` blocks that hold every term (as grep
    /// would find it), ranked by the morphological field, each with its boost.
    ///
    /// Terms found in many blocks are first ranked by their words alone, which tantivy answers
    /// without scoring every block (block-max WAND); the best of those are checked on their
    /// text. That ranking is exact: a block that passes the check scores by its words alone,
    /// so once enough of the best pass, no block further down can beat them. Only when too few
    /// pass (the term is rarely a word of its own) are all the candidates scored.
    pub(super) fn strict(&self, plan: &Plan, limit: usize, boost: &Boost) -> Result<Vec<Found>> {
        let searcher = self.reader.searcher();
        let mut read = Reads::default();
        if let Some(ranking) = &plan.ranking
            && plan.max_blocks > self.few_blocks
        {
            // The blocks the lists met, scored: hits if the lists prove them the best, else
            // where block-max WAND starts from.
            let pool = match self.ranked_by_lists(&searcher, plan, limit, &mut read, boost)? {
                Ranked::Hits(hits) => return Ok(hits),
                Ranked::Met(pool) => pool,
            };
            let mut want = (limit * 3).max(30);
            loop {
                let (top, all) = best_blocks(&searcher, ranking.as_ref(), want, &pool)?;
                let hits = self.checked(
                    &searcher,
                    &top,
                    (plan, &plan.every_check),
                    limit,
                    &mut read,
                    boost,
                )?;
                if hits.len() >= limit {
                    return Ok(hits);
                }
                if all || want >= MAX_RANKED {
                    break;
                }
                want *= 4;
            }
        }
        let mut want = (limit * 2).max(20);
        loop {
            let top = searcher.search(
                &plan.candidates,
                &TopDocs::with_limit(want).order_by_score(),
            )?;
            let hits = self.checked(
                &searcher,
                &top,
                (plan, &plan.checks),
                limit,
                &mut read,
                boost,
            )?;
            if hits.len() >= limit || top.len() < want {
                return Ok(hits);
            }
            want *= 4;
        }
    }

    /// The best `limit` hits by the plan's words, from the lists of the best blocks for each
    /// word (see [`toplist`]) and the threshold algorithm; when the lists cannot prove them
    /// the best (no lists for this state of the index, or the best hits lie deeper than the
    /// lists go), the blocks met, with their scores.
    pub(super) fn ranked_by_lists(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        limit: usize,
        read: &mut Reads,
        boost: &Boost,
    ) -> Result<Ranked> {
        let toplists = self.toplists();
        if toplists.is_empty() || !toplists.fit(searcher) {
            return Ok(Ranked::Met(Vec::new()));
        }
        // Each word's list, and whether it holds every block with the word.
        let mut lists: Vec<(Vec<Scored>, bool)> = Vec::new();
        for w in &plan.words {
            let listed = w.value().as_str().and_then(|t| toplists.get(t));
            lists.push(match listed {
                Some(l) => {
                    let complete = l.len() < toplists.depth;
                    (l, complete)
                }
                None if searcher.doc_freq(w)? < toplists.common => {
                    (toplist::best(searcher, w, usize::MAX)?, true)
                }
                None => return Ok(Ranked::Met(Vec::new())),
            });
        }
        let weights = plan
            .words
            .iter()
            .map(|w| {
                TermQuery::new(w.clone(), IndexRecordOption::WithFreqs).weight(
                    tantivy::query::EnableScoring::enabled_from_searcher(searcher),
                )
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scores: std::collections::HashMap<tantivy::DocAddress, f32> =
            std::collections::HashMap::new();
        let mut depth = 16;
        loop {
            // The blocks first met at this depth, scored on every word.
            let mut new: Vec<tantivy::DocAddress> = lists
                .iter()
                .flat_map(|(l, _)| l.iter().take(depth).map(|s| s.addr))
                .filter(|a| !scores.contains_key(a))
                .collect();
            new.sort_unstable();
            new.dedup();
            for a in &new {
                scores.insert(*a, 0.0);
            }
            for weight in &weights {
                for group in new.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
                    let reader = searcher.segment_reader(group[0].segment_ord);
                    let mut scorer = weight.scorer(reader, 1.0)?;
                    for a in group {
                        if scorer.doc() < a.doc_id {
                            scorer.seek(a.doc_id);
                        }
                        if scorer.doc() == a.doc_id {
                            *scores.get_mut(a).expect("inserted above") += scorer.score();
                        }
                    }
                }
            }
            // No block outside the first `depth` of every list scores more than this.
            let bound: f32 = lists
                .iter()
                .map(|(l, complete)| match l.get(depth) {
                    Some(s) => s.score,
                    None if *complete => 0.0,
                    None => l.last().map_or(0.0, |s| s.score),
                })
                .sum();
            let mut ranked: Vec<(f32, tantivy::DocAddress)> =
                scores.iter().map(|(a, s)| (*s, *a)).collect();
            ranked.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            let sure = ranked.partition_point(|(s, _)| *s >= bound);
            let hits = self.checked(
                searcher,
                &ranked[..sure],
                (plan, &plan.every_check),
                limit,
                read,
                boost,
            )?;
            if hits.len() >= limit {
                return Ok(Ranked::Hits(hits));
            }
            // Deeper only while the `limit`-th best block met comes near the bound, and for
            // more than two words not far: a query whose best blocks hold several words at
            // middling scores is for WAND.
            let near = ranked
                .get(limit - 1)
                .or(ranked.last())
                .is_some_and(|(s, _)| *s >= 0.9 * bound);
            let deepest = if lists.len() <= 2 { toplists.depth } else { 64 };
            if !near || lists.iter().all(|(l, _)| depth >= l.len()) || depth >= deepest {
                return Ok(Ranked::Met(ranked));
            }
            depth *= 4;
        }
    }

    /// The hits among `top` (best first) whose text passes `checks`, at most `limit`.
    pub(super) fn checked(
        &self,
        searcher: &tantivy::Searcher,
        top: &[(f32, tantivy::DocAddress)],
        (plan, checks): (&Plan, &[Check]),
        limit: usize,
        read: &mut Reads,
        boost: &Boost,
    ) -> Result<Vec<Found>> {
        let mut hits = Vec::with_capacity(limit);
        let evaluate = |score: f32, addr: tantivy::DocAddress| -> Result<_> {
            let d: TantivyDocument = searcher.doc(addr)?;
            let text = d
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            Ok(if passes(text, checks) {
                let (h, material) = self.hit(&d, text, score, &plan.marks);
                let factor = boost.factor(&h, text);
                Some((h, material, factor))
            } else {
                None
            })
        };
        // The first `limit` blocks are read whatever they hold (fewer cannot make `limit`
        // hits): read them in the order of the store, so each compressed store block is
        // decompressed once rather than once for each of its blocks.
        let mut first: Vec<(f32, tantivy::DocAddress)> = top
            .iter()
            .take(limit)
            .filter(|(_, a)| !read.0.contains_key(a))
            .copied()
            .collect();
        first.sort_unstable_by_key(|&(_, a)| a);
        for (score, addr) in first {
            let hit = evaluate(score, addr)?;
            read.0.insert(addr, hit);
        }
        for &(score, addr) in top {
            if hits.len() == limit {
                break;
            }
            let hit = match read.0.get(&addr) {
                Some(h) => h.clone(),
                None => {
                    let hit = evaluate(score, addr)?;
                    read.0.insert(addr, hit.clone());
                    hit
                }
            };
            if let Some((mut h, material, factor)) = hit {
                h.score = score;
                hits.push((h, material, addr, factor));
            }
        }
        Ok(hits)
    }
}

/// The most blocks ranked by their words before every candidate is scored instead.
pub(super) const MAX_RANKED: usize = 2_000;

/// What the lists tell of a search.
pub(super) enum Ranked {
    /// The best hits, proven.
    Hits(Vec<Found>),
    /// Not proven: the blocks met, with their scores, best first.
    Met(Vec<(f32, tantivy::DocAddress)>),
}

/// The best `want` blocks by `ranking`, best first, and whether they are all the blocks it
/// matches. Block-max WAND runs over every segment with one threshold, which starts from the
/// `want`-th best of the blocks already scored (`met`), so little is scored twice.
pub(super) fn best_blocks(
    searcher: &tantivy::Searcher,
    ranking: &dyn Query,
    want: usize,
    met: &[(f32, tantivy::DocAddress)],
) -> Result<(Vec<(f32, tantivy::DocAddress)>, bool)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    #[derive(PartialEq)]
    struct Key(f32, tantivy::DocAddress);
    impl Eq for Key {}
    impl Ord for Key {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&o.0).then(o.1.cmp(&self.1))
        }
    }
    impl PartialOrd for Key {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    let mut heap: BinaryHeap<Reverse<Key>> = BinaryHeap::with_capacity(want + 1);
    let mut seen = std::collections::HashSet::with_capacity(met.len());
    for &(score, addr) in met.iter().take(want) {
        heap.push(Reverse(Key(score, addr)));
        seen.insert(addr);
    }
    let weight = ranking.weight(tantivy::query::EnableScoring::enabled_from_searcher(
        searcher,
    ))?;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let alive = reader.alive_bitset();
        let floor = |heap: &BinaryHeap<Reverse<Key>>| {
            if heap.len() >= want {
                heap.peek().map_or(f32::MIN, |k| k.0.0)
            } else {
                f32::MIN
            }
        };
        let start = floor(&heap);
        weight.for_each_pruning(start, reader, &mut |doc, score| {
            let addr = tantivy::DocAddress::new(ord as u32, doc);
            if alive.is_some_and(|a| a.is_deleted(doc)) || seen.contains(&addr) {
                return floor(&heap);
            }
            heap.push(Reverse(Key(score, addr)));
            if heap.len() > want {
                heap.pop();
            }
            floor(&heap)
        })?;
    }
    // Short of `want`, nothing was pruned: every matching block is in.
    let all = heap.len() < want;
    let mut top: Vec<(f32, tantivy::DocAddress)> =
        heap.into_iter().map(|Reverse(Key(s, a))| (s, a)).collect();
    top.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    Ok((top, all))
}

/// The blocks already read during one search: whether each passed, and its hit.
#[derive(Default)]
pub(super) struct Reads(std::collections::HashMap<tantivy::DocAddress, Option<(Hit, bool, f32)>>);
