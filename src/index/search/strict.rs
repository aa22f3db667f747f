//! The strict search: every term as grep would find it, ranked by the morphological field —
//! from the lists of best blocks, block-max WAND, or scoring every candidate — and checked
//! on the text.

use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};

use super::boost::Boost;
use super::ceiling::Ceiling;
use super::plan::{Check, Plan, passes};
use super::{Found, Hit, MAX_LIMIT, Searcher};
use crate::index::Result;
use crate::index::toplist::{self, Scored};

impl Searcher {
    /// The strict search of a plan, read `pool` blocks deep and deeper until the best `limit`
    /// by boosted score are sure: until the `limit`-th boosted score is at least the lowest
    /// ceiling score read ([`ceiling`]) times the largest raise of the boost, which no block
    /// further down can reach. So the first hits are the same whatever the limit (pages
    /// follow each other).
    pub(super) fn boosted(
        &self,
        plan: &Plan,
        pool: usize,
        limit: usize,
        boost: &Boost,
    ) -> Result<Vec<Found>> {
        let searcher = self.reader.searcher();
        let ceiling = Ceiling::new(&searcher, self.fields.doc_type, self.fields.text_bi, boost)?;
        let mut pool = pool;
        loop {
            let (hits, last) = self.ceiled(&searcher, &ceiling, plan, pool, boost)?;
            if hits.len() < pool || pool >= MAX_LIMIT || sure(&hits, last, limit, boost) {
                return Ok(hits);
            }
            pool = (pool * 4).min(MAX_LIMIT);
        }
    }

    /// The strict search of a plan: the best `limit` blocks that hold every term (as grep
    /// would find it), ranked by the morphological field times their [`ceiling`], each with
    /// its boost.
    pub(super) fn strict(&self, plan: &Plan, limit: usize, boost: &Boost) -> Result<Vec<Found>> {
        let searcher = self.reader.searcher();
        let ceiling = Ceiling::new(&searcher, self.fields.doc_type, self.fields.text_bi, boost)?;
        Ok(self.ceiled(&searcher, &ceiling, plan, limit, boost)?.0)
    }

    /// [`Searcher::strict`], with the last hit as it was ranked (the lowest).
    ///
    /// Terms found in many blocks are first ranked by their words alone, which tantivy answers
    /// without scoring every block (block-max WAND); the best of those are checked on their
    /// text. That ranking is exact: a block that passes the check scores by its words alone,
    /// and its ceiling score is at most its score, so once enough of the best pass, no block
    /// further down can beat them. Only when too few pass (the term is rarely a word of its
    /// own) are all the candidates scored.
    fn ceiled(
        &self,
        searcher: &tantivy::Searcher,
        ceiling: &Ceiling,
        plan: &Plan,
        limit: usize,
        boost: &Boost,
    ) -> Result<(Vec<Found>, Option<Candidate>)> {
        let mut read = Reads::default();
        if let Some(ranking) = &plan.ranking
            && plan.max_blocks > self.few_blocks
        {
            // The blocks the lists met, scored: hits if the lists prove them the best, else
            // where block-max WAND starts from.
            let pool =
                match self.ranked_by_lists(searcher, ceiling, plan, limit, &mut read, boost)? {
                    Ranked::Hits(hits) => return Ok(hits),
                    Ranked::Met(pool) => pool,
                };
            let mut want = (limit * 3).max(30);
            loop {
                let (top, all) = best_blocks(searcher, ceiling, ranking.as_ref(), want, &pool)?;
                let hits = self.checked(
                    searcher,
                    &top,
                    (plan, &plan.every_check),
                    limit,
                    &mut read,
                    boost,
                )?;
                if hits.0.len() >= limit {
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
            let (top, all) = best_blocks(searcher, ceiling, plan.candidates.as_ref(), want, &[])?;
            let hits = self.checked(
                searcher,
                &top,
                (plan, &plan.checks),
                limit,
                &mut read,
                boost,
            )?;
            if hits.0.len() >= limit || all {
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
        ceiling: &Ceiling,
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
        // Each block met: its score, its ceiling, its meeting.
        let mut scores: std::collections::HashMap<tantivy::DocAddress, (f32, f32, u64)> =
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
            for group in new.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
                let mut seg = ceiling.segment(group[0].segment_ord)?;
                for a in group {
                    scores.insert(*a, (0.0, seg.of(a.doc_id), seg.meeting(a.doc_id)));
                }
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
                            scores.get_mut(a).expect("inserted above").0 += scorer.score();
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
            // A block's ceiling score is at most its score, so the bound holds for it too.
            // Equal to the bound is not sure: a block outside may equal it and come first.
            let mut ranked: Vec<Candidate> = scores
                .iter()
                .map(|(a, (score, c, meeting))| Candidate {
                    ceiled: score * c,
                    score: *score,
                    meeting: *meeting,
                    addr: *a,
                })
                .collect();
            ranked.sort_unstable_by(by_ceiling);
            let sure = ranked.partition_point(|c| c.ceiled > bound);
            let hits = self.checked(
                searcher,
                &ranked[..sure],
                (plan, &plan.every_check),
                limit,
                read,
                boost,
            )?;
            if hits.0.len() >= limit {
                return Ok(Ranked::Hits(hits));
            }
            // Deeper only while the `limit`-th best block met comes near the bound, and for
            // more than two words not far: a query whose best blocks hold several words at
            // middling scores is for WAND.
            let near = ranked
                .get(limit - 1)
                .or(ranked.last())
                .is_some_and(|c| c.ceiled >= 0.9 * bound);
            let deepest = if lists.len() <= 2 { toplists.depth } else { 64 };
            if !near || lists.iter().all(|(l, _)| depth >= l.len()) || depth >= deepest {
                return Ok(Ranked::Met(ranked));
            }
            depth *= 4;
        }
    }

    /// The hits among `top` (best first) whose text passes `checks`, at most `limit`, and
    /// the last of them as it was ranked.
    pub(super) fn checked(
        &self,
        searcher: &tantivy::Searcher,
        top: &[Candidate],
        (plan, checks): (&Plan, &[Check]),
        limit: usize,
        read: &mut Reads,
        boost: &Boost,
    ) -> Result<(Vec<Found>, Option<Candidate>)> {
        let mut hits = Vec::with_capacity(limit);
        let mut last = None;
        let evaluate = |score: f32, addr: tantivy::DocAddress| -> Result<_> {
            let d: TantivyDocument = searcher.doc(addr)?;
            let text = d
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            Ok(if passes(text, checks) {
                let (h, material) = self.hit(&d, text, score, &plan.marks);
                let factor = boost.factor(h.doc_type, h.kind, text);
                Some((h, material, factor))
            } else {
                None
            })
        };
        // The first `limit` blocks are read whatever they hold (fewer cannot make `limit`
        // hits): read them in the order of the store, so each compressed store block is
        // decompressed once rather than once for each of its blocks.
        let mut first: Vec<Candidate> = top
            .iter()
            .take(limit)
            .filter(|c| !read.0.contains_key(&c.addr))
            .copied()
            .collect();
        first.sort_unstable_by_key(|c| c.addr);
        for Candidate { score, addr, .. } in first {
            let hit = evaluate(score, addr)?;
            read.0.insert(addr, hit);
        }
        for &c in top {
            let Candidate { score, addr, .. } = c;
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
                last = Some(c);
            }
        }
        Ok((hits, last))
    }
}

/// The most blocks ranked by their words before every candidate is scored instead.
pub(super) const MAX_RANKED: usize = 2_000;

/// What the lists tell of a search.
pub(super) enum Ranked {
    /// The best hits, proven, and the last of them as ranked.
    Hits((Vec<Found>, Option<Candidate>)),
    /// Not proven: the blocks met, with their scores, best first.
    Met(Vec<Candidate>),
}

/// A block to check, as the index ranks it before it is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Candidate {
    /// Its score times its [`ceiling`]: what orders the blocks.
    pub(super) ceiled: f32,
    /// Its score by its words.
    pub(super) score: f32,
    /// Its meeting's number: equal scores go in the order [`super::by_rank`] gives them.
    pub(super) meeting: u64,
    pub(super) addr: tantivy::DocAddress,
}

/// Best first by ceiling score; equal ones by meeting, then in the record's order.
fn by_ceiling(x: &Candidate, y: &Candidate) -> std::cmp::Ordering {
    y.ceiled
        .total_cmp(&x.ceiled)
        .then(x.meeting.cmp(&y.meeting))
        .then(x.addr.cmp(&y.addr))
}

/// The largest `f32` below `x` (`f32::next_down`, which the MSRV does not have).
fn just_below(x: f32) -> f32 {
    if x.is_nan() || x == f32::NEG_INFINITY {
        x
    } else if x == 0.0 {
        -f32::from_bits(1)
    } else if x > 0.0 {
        f32::from_bits(x.to_bits() - 1)
    } else {
        f32::from_bits(x.to_bits() + 1)
    }
}

/// Whether the best `limit` of `hits` by boosted score are sure, `last` being the last
/// hit as ranked: no block ranked after it can beat the `limit`-th, since its boosted score
/// is at most its ceiling score times the largest raise, which is at most `last`'s; and
/// where it may be equal, it comes after the `limit`-th in order too.
fn sure(hits: &[Found], last: Option<Candidate>, limit: usize, boost: &Boost) -> bool {
    let Some(last) = last else {
        return true;
    };
    let mut ranked: Vec<&Found> = hits.iter().collect();
    ranked.sort_by(|a, b| super::by_rank(a, b));
    let Some(kth) = ranked.get(limit.max(1) - 1) else {
        return false;
    };
    let k = kth.0.score * kth.3;
    let edge = last.ceiled * boost.max_factor();
    k > edge || (k == edge && super::rank_order(kth) <= (last.meeting, last.addr))
}

/// The best `want` blocks by `ranking`'s scores times their ceiling, best first, and
/// whether they are all the blocks it matches. Block-max WAND runs over every segment with
/// one threshold, which starts from the `want`-th best of the blocks already scored
/// (`met`), so little is scored twice; a block's ceiling score is at most its score, so no
/// block it prunes could have come in.
pub(super) fn best_blocks(
    searcher: &tantivy::Searcher,
    ceiling: &Ceiling,
    ranking: &dyn Query,
    want: usize,
    met: &[Candidate],
) -> Result<(Vec<Candidate>, bool)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    #[derive(PartialEq)]
    struct Key(Candidate);
    impl Eq for Key {}
    impl Ord for Key {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            by_ceiling(&o.0, &self.0)
        }
    }
    impl PartialOrd for Key {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    let mut heap: BinaryHeap<Reverse<Key>> = BinaryHeap::with_capacity(want + 1);
    let mut seen = std::collections::HashSet::with_capacity(met.len());
    for &c in met.iter().take(want) {
        heap.push(Reverse(Key(c)));
        seen.insert(c.addr);
    }
    let weight = ranking.weight(tantivy::query::EnableScoring::enabled_from_searcher(
        searcher,
    ))?;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let alive = reader.alive_bitset();
        let mut seg = ceiling.segment(ord as u32)?;
        let floor = |heap: &BinaryHeap<Reverse<Key>>| {
            if heap.len() >= want {
                heap.peek().map_or(f32::MIN, |k| k.0.0.ceiled)
            } else {
                f32::MIN
            }
        };
        // WAND passes over blocks that score at most its threshold: just below the lowest
        // kept, so that one equal to it, which may come first in order, is not passed over.
        let start = just_below(floor(&heap));
        weight.for_each_pruning(start, reader, &mut |doc, score| {
            let addr = tantivy::DocAddress::new(ord as u32, doc);
            if alive.is_some_and(|a| a.is_deleted(doc)) || seen.contains(&addr) {
                return just_below(floor(&heap));
            }
            heap.push(Reverse(Key(Candidate {
                ceiled: score * seg.of(doc),
                score,
                meeting: seg.meeting(doc),
                addr,
            })));
            if heap.len() > want {
                heap.pop();
            }
            just_below(floor(&heap))
        })?;
    }
    // Short of `want`, nothing was pruned: every matching block is in.
    let all = heap.len() < want;
    let mut top: Vec<Candidate> = heap.into_iter().map(|Reverse(Key(c))| c).collect();
    top.sort_unstable_by(by_ceiling);
    Ok((top, all))
}

/// The blocks already read during one search: whether each passed, and its hit.
#[derive(Default)]
pub(super) struct Reads(std::collections::HashMap<tantivy::DocAddress, Option<(Hit, bool, f32)>>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn just_below_is_the_next_float_down() {
        for x in [
            1.0f32,
            4.967,
            0.25,
            -2.5,
            f32::MAX,
            f32::MIN_POSITIVE,
            0.0,
            -0.0,
        ] {
            let b = just_below(x);
            assert!(b < x, "{x}");
            // Nothing lies between: the bits are one apart.
            assert!(
                (b.to_bits() as i64 - x.to_bits() as i64).abs() == 1 || x == 0.0,
                "{x}: {b}"
            );
        }
        assert_eq!(just_below(0.0), -f32::from_bits(1));
        assert_eq!(just_below(f32::NEG_INFINITY), f32::NEG_INFINITY);
        assert_eq!(just_below(f32::MIN), f32::NEG_INFINITY);
    }
}
