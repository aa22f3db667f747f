//! The fallback, when the strict search finds fewer hits than asked: blocks that hold the
//! query's words (or some of them, or together with their neighbours), and the passages
//! that follow the best ones.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{DocAddress, DocId};

use super::boost::Boost;
use super::boost::VARIANT_FACTOR;
use super::ceiling::Ceiling;
use super::cover::{Described, WORDS_COVER, cover, may_hold, most_cover, strings_of};
use super::plan::{Tier, passes};
use super::reduce::{Reduced, is_function_word};
use super::{Filters, Found, Match, QueryTerm, Searcher};
use crate::index::Result;
use crate::index::schema::Slot;
use crate::index::tokenizer::bigram_form;

/// How many blocks the fallback ranks.
pub(super) const FALLBACK_POOL: usize = 300;

/// How many blocks the fallback reads at a time before it sees whether it has enough.
pub(super) const FALLBACK_CHUNK: usize = 20;

/// How many of the best hits have the passages after them added ([`Searcher::following`]).
pub(super) const FOLLOWED: usize = 5;

/// How many passages after each.
pub(super) const FOLLOWING: usize = 2;

/// The share of its parent's score a following passage gets (divided by its distance).
pub(super) const FOLLOWING_SHARE: f32 = 0.8;

/// Blocks at most this far apart in one agenda item (or material section) are neighbours.
pub(super) const NEAR: usize = 2;

/// The fallback's words as its candidates score them: each once for holding it (in the
/// clause that finds any word) and once by how often. A union of term queries, which
/// block-max WAND answers; it finds the candidates that hold a word.
fn words_as_candidates(words: &[Term]) -> BooleanQuery {
    BooleanQuery::new(
        words
            .iter()
            .flat_map(|w| {
                [IndexRecordOption::Basic, IndexRecordOption::WithFreqs].map(|o| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(w.clone(), o)) as Box<dyn Query>,
                    )
                })
            })
            .collect(),
    )
}

/// What a block and its neighbours cover together, term by term, when that is every term
/// (each at least [`WORDS_COVER`]): the query said within a few blocks of one agenda item.
fn covered_with<'a>(own: &[f32], neighbours: impl Iterator<Item = &'a [f32]>) -> Option<Vec<f32>> {
    let mut union = own.to_vec();
    for n in neighbours {
        for (u, x) in union.iter_mut().zip(n) {
            *u = u.max(*x);
        }
    }
    union.iter().all(|&x| x >= WORDS_COVER).then_some(union)
}

/// Where a block sits, for its neighbours: its meeting (number), section and place in it.
type Site = (u64, usize, usize);

/// Where a block sits as the index tells it: `Some(None)` for a block without neighbours (a
/// material section), `None` where the index cannot tell.
type Known = Option<Option<Site>>;

impl Searcher {
    /// For each of `blocks`, without reading it: the most the boost can leave of its score
    /// ([`Ceiling`]), and where it sits — `Some(None)` for a block without neighbours (a
    /// material section), `None` where the index cannot tell (its `slot` is not a fast field).
    fn sites(
        &self,
        searcher: &tantivy::Searcher,
        blocks: &[DocAddress],
        boost: &Boost,
    ) -> Result<(Vec<f32>, Vec<Known>)> {
        let ceiling = Ceiling::new(searcher, self.fields.doc_type, self.fields.text_bi, boost)?;
        let mut ceilings = vec![0.0; blocks.len()];
        let mut sites = vec![None; blocks.len()];
        let mut order: Vec<usize> = (0..blocks.len()).collect();
        order.sort_unstable_by_key(|&i| blocks[i]);
        let mut at = 0;
        while at < order.len() {
            let ord = blocks[order[at]].segment_ord;
            let mut segment = ceiling.segment(ord)?;
            let slots = searcher.segment_reader(ord).fast_fields().u64("slot").ok();
            while at < order.len() && blocks[order[at]].segment_ord == ord {
                let i = order[at];
                let doc: DocId = blocks[i].doc_id;
                ceilings[i] = segment.of(doc);
                sites[i] = slots.as_ref().map(|c| {
                    c.first(doc)
                        .and_then(Slot::decode)
                        .and_then(Slot::in_section)
                        .map(|(section, at)| (segment.meeting(doc), section, at))
                });
                at += 1;
            }
        }
        Ok((ceilings, sites))
    }

    /// The passages that follow the best passages found so far in their material section:
    /// in a guidebook, what follows a heading that holds the words is what answers it
    /// (`アウトリーチの対象になる人の例` and then the examples). Each scores a share of the
    /// passage before it, and is marked [`Match::Near`].
    pub(super) fn following(&self, tiers: &[(Match, Vec<Found>)]) -> Result<Vec<Found>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let mut best: Vec<&Found> = tiers.iter().flat_map(|t| t.1.iter()).collect();
        best.sort_by(|a, b| super::by_rank(a, b));
        let slot_of = |d: &TantivyDocument| {
            d.get_first(f.slot)
                .and_then(|v| v.as_u64())
                .and_then(Slot::decode)
        };
        let mut out = Vec::new();
        for parent in best.iter().take(FOLLOWED) {
            let addr = parent.2;
            let d: TantivyDocument = searcher.doc(addr)?;
            let Some(Slot::Passage { section, passage }) = slot_of(&d) else {
                continue;
            };
            let id = d
                .get_first(f.meeting_id)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let reader = searcher.segment_reader(addr.segment_ord);
            for step in 1..=FOLLOWING {
                let doc = addr.doc_id + step as u32;
                if doc >= reader.max_doc() {
                    break;
                }
                let next_addr = tantivy::DocAddress::new(addr.segment_ord, doc);
                let next: TantivyDocument = searcher.doc(next_addr)?;
                let same = next.get_first(f.meeting_id).and_then(|v| v.as_str()) == Some(id)
                    && slot_of(&next)
                        == Some(Slot::Passage {
                            section,
                            passage: passage + step,
                        });
                if !same || reader.alive_bitset().is_some_and(|a| a.is_deleted(doc)) {
                    break;
                }
                let text = next
                    .get_first(f.text)
                    .and_then(|v| v.as_str())
                    .unwrap_or("");
                let score = parent.0.score * parent.3 * FOLLOWING_SHARE / step as f32;
                let (mut hit, material) = self.hit(&next, text, score, &[]);
                hit.matched = Match::Near;
                out.push((hit, material, next_addr, 1.0));
            }
        }
        Ok(out)
    }

    /// The ranked fallback: the blocks holding any of the query's content words (or their
    /// variants), each marked by how much of the query it covers — every word in the block
    /// ([`Match::Words`], also by base forms and compounds: `8050問題` in a block that says
    /// `8050` and `問題`), every word within the neighbouring blocks of one agenda item or
    /// section ([`Match::Near`]), or some words ([`Match::Partial`]) — and ranked by its words'
    /// score times the share of the query's weight it covers.
    ///
    /// Of the best [`FALLBACK_POOL`] blocks by words, only as many are read as it takes to be
    /// sure of the best `keep`.
    pub(super) fn fallback(
        &self,
        reduced: &Reduced,
        filters: &Filters,
        boost: &Boost,
        keep: usize,
    ) -> Result<Vec<Found>> {
        let mut terms: Vec<QueryTerm> = reduced
            .terms
            .iter()
            .filter(|t| !t.negated)
            .cloned()
            .collect();
        if terms.is_empty() {
            terms = reduced
                .optional
                .iter()
                .map(|o| QueryTerm {
                    text: o.clone(),
                    phrase: false,
                    negated: false,
                })
                .collect();
        }
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let negated: Vec<QueryTerm> = reduced
            .terms
            .iter()
            .filter(|t| t.negated)
            .cloned()
            .collect();
        let mut all_terms = terms.clone();
        all_terms.extend(negated);
        let plan = self.plan_terms(&all_terms, &reduced.optional, Tier::Any, filters)?;
        let searcher = self.reader.searcher();
        // The best blocks by their words, which tantivy finds without scoring every block
        // (block-max WAND); all the candidates only when fewer blocks hold a word than the
        // pool takes (a block with a term's bigrams and none of its words scores nothing),
        // or when there are filters (no ranking of words alone then).
        let pool = TopDocs::with_limit(FALLBACK_POOL).order_by_score();
        let mut top = match &plan.ranking {
            Some(_) => searcher.search(&words_as_candidates(&plan.words), &pool)?,
            None => Vec::new(),
        };
        if top.len() < FALLBACK_POOL {
            top = searcher.search(&plan.candidates, &pool)?;
        }
        // The words alone do not exclude: every excluded term is checked on the text.
        let excluded: Vec<_> = plan
            .every_check
            .iter()
            .filter(|c| c.negated)
            .cloned()
            .collect();
        let blocks = searcher.num_docs().max(1) as f32;
        // Each term: its variants and its words (as compared on the text), and its weight.
        let described: Vec<Described> = terms
            .iter()
            .map(|t| {
                let variants: Vec<String> = self
                    .widened(&t.text)
                    .iter()
                    .map(|v| bigram_form(v))
                    .collect();
                let words: Vec<String> = self
                    .japanese
                    .morphemes(&t.text)
                    .into_iter()
                    .filter(|m| !is_function_word(m))
                    .map(|m| bigram_form(&m.surface))
                    .filter(|w| !w.is_empty())
                    .collect();
                let df = variants
                    .iter()
                    .map(|v| self.max_blocks_of(&searcher, v))
                    .max()
                    .unwrap_or(0)
                    .max(1) as f32;
                Described {
                    variants,
                    words,
                    weight: (1.0 + blocks / df).ln(),
                }
            })
            .collect();
        let total: f32 = described
            .iter()
            .map(|d| d.weight)
            .sum::<f32>()
            .max(f32::EPSILON);
        let weight = |cover: &[f32]| -> f32 {
            cover
                .iter()
                .zip(&described)
                .map(|(c, d)| c * d.weight)
                .sum::<f32>()
                / total
        };
        // What the index tells of each block of the pool without reading it: the most it can
        // cover, the most the boost can leave of it, and where it sits. From these, the most
        // it can score.
        let addrs: Vec<DocAddress> = top.iter().map(|t| t.1).collect();
        // Every string once: the terms' variants and words, and the terms as typed.
        let mut strings = strings_of(&described);
        strings.extend(boost.typed().iter().map(String::as_str));
        let held = may_hold(&searcher, self.fields.text_bi, &addrs, &strings)?;
        let most = most_cover(&held, addrs.len(), &described);
        let (mut ceilings, sites) = self.sites(&searcher, &addrs, boost)?;
        // A block that cannot hold a term as typed has the boost's factor for it.
        for t in boost.typed() {
            if let Some(may) = held.get(t) {
                for (c, may) in ceilings.iter_mut().zip(may) {
                    if !may {
                        *c *= VARIANT_FACTOR;
                    }
                }
            }
        }
        let near = |i: usize, j: usize| match (&sites[i], &sites[j]) {
            (Some(Some(a)), Some(Some(b))) => a.0 == b.0 && a.1 == b.1 && a.2.abs_diff(b.2) <= NEAR,
            _ => false,
        };
        // The ceiling leaves out the boost's raises (a figure, a decision, a date asked for).
        let raises = boost.max_factor();
        let bound: Vec<f32> = (0..top.len())
            .map(|i| {
                let own = weight(&most[i]);
                if own <= 0.0 {
                    // Covers nothing that ranks: dropped below once read.
                    return 0.0;
                }
                let with_neighbours = match &sites[i] {
                    None => 0.8,
                    Some(None) => 0.0,
                    Some(Some(_)) => covered_with(
                        &most[i],
                        (0..top.len())
                            .filter(|&j| j != i && near(i, j))
                            .map(|j| &most[j][..]),
                    )
                    .map_or(0.0, |union| 0.8 * weight(&union)),
                };
                top[i].0 * (0.2 + own.max(with_neighbours)) * ceilings[i] * raises
            })
            .collect();
        // Each candidate read: its hit, what it covers (1 per term: as written, 0.8: by its
        // words), and where it sits (meeting, section, place) for its neighbours.
        struct Cand {
            found: Found,
            cover: Vec<f32>,
            place: Option<(String, usize, usize)>,
        }
        let read = |i: usize| -> Result<Option<Cand>> {
            let (score, addr) = top[i];
            let d: TantivyDocument = searcher.doc(addr)?;
            let text = d
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if !passes(text, &excluded) {
                return Ok(None);
            }
            let cover = cover(&bigram_form(text), &described);
            let place = d
                .get_first(self.fields.slot)
                .and_then(|v| v.as_u64())
                .and_then(Slot::decode)
                .and_then(Slot::in_section)
                .map(|(s, e)| {
                    let id = d
                        .get_first(self.fields.meeting_id)
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    (id.to_string(), s, e)
                });
            let (hit, material) = self.hit(&d, text, score, &plan.marks);
            let factor = boost.factor(hit.doc_type, hit.kind, text);
            Ok(Some(Cand {
                found: (hit, material, addr, factor),
                cover,
                place,
            }))
        };
        // How a candidate ranks among `cands`: its level and the share of the query it
        // covers, by itself or with its neighbours (every term within a few blocks of one
        // agenda item); `None` when it covers only words that rank (a verb, a figure word).
        let ranked = |c: &Cand, cands: &[Cand]| -> Option<(Match, f32)> {
            let own = weight(&c.cover);
            let mut level = if c.cover.iter().all(|&x| x >= WORDS_COVER) {
                Match::Words
            } else {
                Match::Partial
            };
            let mut share = own;
            if level == Match::Partial
                && let Some((id, section, at)) = &c.place
            {
                let neighbours = cands.iter().filter_map(|o| match &o.place {
                    Some((oid, os, oat))
                        if oid == id && os == section && oat.abs_diff(*at) <= NEAR =>
                    {
                        Some(&o.cover[..])
                    }
                    _ => None,
                });
                if let Some(union) = covered_with(&c.cover, neighbours)
                    && own > 0.0
                {
                    level = Match::Near;
                    share = share.max(0.8 * weight(&union));
                }
            }
            (share > 0.0 || c.cover.is_empty()).then_some((level, share))
        };
        // Read by the most each can score, a few at a time (each few in the order of the
        // store), until `keep` of those read score more than any block not read could. Where
        // the index cannot tell where a block sits (made before `slot` was a fast field),
        // every block is read.
        let sure = sites.iter().all(Option::is_some);
        let mut order: Vec<usize> = (0..top.len()).collect();
        order.sort_by(|&a, &b| bound[b].total_cmp(&bound[a]).then(top[a].1.cmp(&top[b].1)));
        let mut cands: Vec<Cand> = Vec::new();
        let mut done = vec![false; top.len()];
        let mut next = 0;
        while next < order.len() {
            let mut chunk: Vec<usize> =
                order[next..(next + FALLBACK_CHUNK).min(order.len())].to_vec();
            next += chunk.len();
            chunk.sort_unstable_by_key(|&i| top[i].1);
            for i in chunk {
                done[i] = true;
                cands.extend(read(i)?);
            }
            let Some(&after) = order.get(next) else {
                break;
            };
            if !sure {
                continue;
            }
            // As ranked among those read: more neighbours read can only raise it.
            let beaten = cands
                .iter()
                .filter(|c| {
                    ranked(c, &cands).is_some_and(|(_, share)| {
                        c.found.0.score * (0.2 + share) * c.found.3 > bound[after]
                    })
                })
                .count();
            if beaten >= keep || bound[after] <= 0.0 {
                break;
            }
        }
        // The neighbours of those read, so that each is ranked with all of its neighbours in
        // the pool, as if every block had been read.
        let neighbours: Vec<usize> = (0..top.len())
            .filter(|&j| !done[j] && (0..top.len()).any(|i| done[i] && near(i, j)))
            .collect();
        for j in neighbours {
            cands.extend(read(j)?);
        }
        let mut out = Vec::with_capacity(cands.len());
        for c in &cands {
            let Some((level, share)) = ranked(c, &cands) else {
                continue;
            };
            let (mut hit, material, addr, factor) = c.found.clone();
            hit.matched = level;
            hit.score *= 0.2 + share;
            out.push((hit, material, addr, factor));
        }
        Ok(out)
    }
}
