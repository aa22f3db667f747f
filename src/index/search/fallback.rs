//! The fallback, when the strict search finds fewer hits than asked: blocks that hold the
//! query's words (or some of them, or together with their neighbours), and the passages
//! that follow the best ones.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::schema::{TantivyDocument, Value};

use super::boost::Boost;
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

/// What a term counts for in a block that holds all its words but not the term itself.
pub(super) const WORDS_COVER: f32 = 0.8;

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

impl Searcher {
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
        let described: Vec<(Vec<String>, Vec<String>, f32)> = terms
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
                (variants, words, (1.0 + blocks / df).ln())
            })
            .collect();
        let total: f32 = described.iter().map(|d| d.2).sum::<f32>().max(f32::EPSILON);
        // Each candidate: its hit, what it covers (1 per term: as written, 0.8: by its words),
        // and where it sits (meeting, section, place) for its neighbours.
        struct Cand {
            found: Found,
            cover: Vec<f32>,
            place: Option<(String, usize, usize)>,
        }
        let mut cands: Vec<Cand> = Vec::new();
        let weight = |cover: &[f32]| -> f32 {
            cover
                .iter()
                .zip(&described)
                .map(|(c, d)| c * d.2)
                .sum::<f32>()
                / total
        };
        // Read best first, a few at a time, until `keep` blocks read score more than any
        // block further down could: its score times the most its share of the query (1)
        // and the boost could raise it.
        let most = (0.2 + 1.0) * boost.max_factor();
        let mut read = 0;
        while read < top.len() {
            let mut chunk: Vec<(f32, tantivy::DocAddress)> =
                top[read..(read + FALLBACK_CHUNK).min(top.len())].to_vec();
            read += chunk.len();
            // In the order of the store, so each compressed store block is decompressed once.
            chunk.sort_unstable_by_key(|&(_, a)| a);
            for (score, addr) in chunk {
                let d: TantivyDocument = searcher.doc(addr)?;
                let text = d
                    .get_first(self.fields.text)
                    .and_then(|v| v.as_str())
                    .unwrap_or("");
                if !passes(text, &excluded) {
                    continue;
                }
                let hay = bigram_form(text);
                let cover: Vec<f32> = described
                    .iter()
                    .map(|(variants, words, _)| {
                        let present = words.iter().filter(|w| hay.contains(&**w)).count();
                        if variants.iter().any(|v| hay.contains(v.as_str())) {
                            1.0
                        } else if !words.is_empty() && present == words.len() {
                            WORDS_COVER
                        } else if !words.is_empty() {
                            // Some of the term's words: a part of a compound.
                            0.6 * present as f32 / words.len() as f32
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let place = d
                    .get_first(self.fields.slot)
                    .and_then(|v| v.as_u64())
                    .and_then(Slot::decode)
                    .and_then(|slot| match slot {
                        Slot::Entry { section, entry } => Some((section, entry)),
                        Slot::Passage { section, passage } => Some((section, passage)),
                        Slot::MaterialSection { .. } => None,
                    })
                    .map(|(s, e)| {
                        let id = d
                            .get_first(self.fields.meeting_id)
                            .and_then(|v| v.as_str())
                            .unwrap_or("");
                        (id.to_string(), s, e)
                    });
                let (hit, material) = self.hit(&d, text, score, &plan.marks);
                let factor = boost.factor(hit.doc_type, hit.kind, text);
                cands.push(Cand {
                    found: (hit, material, addr, factor),
                    cover,
                    place,
                });
            }
            let Some(&(next, _)) = top.get(read) else {
                break;
            };
            let beaten = cands
                .iter()
                .filter(|c| {
                    let own = weight(&c.cover);
                    own > 0.0 && c.found.0.score * (0.2 + own) * c.found.3 >= next * most
                })
                .count();
            if beaten >= keep {
                break;
            }
        }
        let mut out = Vec::with_capacity(cands.len());
        for c in &cands {
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
                let mut union = c.cover.clone();
                for o in &cands {
                    if let Some((oid, os, oat)) = &o.place
                        && oid == id
                        && os == section
                        && oat.abs_diff(*at) <= NEAR
                    {
                        for (u, x) in union.iter_mut().zip(&o.cover) {
                            *u = u.max(*x);
                        }
                    }
                }
                if union.iter().all(|&x| x >= WORDS_COVER) && own > 0.0 {
                    level = Match::Near;
                    share = share.max(0.8 * weight(&union));
                }
            }
            if share <= 0.0 && !c.cover.is_empty() {
                // Only the words that rank (a verb, a figure word) are in it.
                continue;
            }
            let (mut hit, material, addr, factor) = c.found.clone();
            hit.matched = level;
            hit.score *= 0.2 + share;
            out.push((hit, material, addr, factor));
        }
        Ok(out)
    }
}
