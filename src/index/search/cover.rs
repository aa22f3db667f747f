//! What of a query a block covers, for the fallback ([`Searcher::fallback`]): each term as
//! written (1), by all of its words ([`WORDS_COVER`]), by some of them (a part of a compound),
//! or not at all. Told exactly from the block's text, or at most from the bigram field
//! without reading the block: a block whose text holds a string holds every bigram of it.
//!
//! [`Searcher::fallback`]: super::Searcher::fallback

use std::collections::HashMap;

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Term};

use crate::index::Result;
use crate::index::tokenizer::bigrams;

/// A term found by all of its words, not as written, covers this much of itself.
pub(super) const WORDS_COVER: f32 = 0.8;

/// One term of the query as the fallback compares it: its variants and its words (in the
/// bigram form), and its weight.
#[derive(Debug, Clone)]
pub(super) struct Described {
    pub(super) variants: Vec<String>,
    pub(super) words: Vec<String>,
    pub(super) weight: f32,
}

/// What a block covers of each term, from whether it holds each string (`holds`).
fn cover_by(described: &[Described], mut holds: impl FnMut(&str) -> bool) -> Vec<f32> {
    described
        .iter()
        .map(|d| {
            let present = d.words.iter().filter(|w| holds(w)).count();
            if d.variants.iter().any(|v| holds(v)) {
                1.0
            } else if !d.words.is_empty() && present == d.words.len() {
                WORDS_COVER
            } else if !d.words.is_empty() {
                // Some of the term's words: a part of a compound.
                0.6 * present as f32 / d.words.len() as f32
            } else {
                0.0
            }
        })
        .collect()
}

/// What a block whose text (in the bigram form) is `hay` covers of each term.
pub(super) fn cover(hay: &str, described: &[Described]) -> Vec<f32> {
    cover_by(described, |s| hay.contains(s))
}

/// The strings [`most_cover`] asks [`may_hold`] about: every variant and word of each term.
pub(super) fn strings_of(described: &[Described]) -> Vec<&str> {
    described
        .iter()
        .flat_map(|d| d.variants.iter().chain(&d.words))
        .map(String::as_str)
        .collect()
}

/// The most that each of `blocks` blocks can cover of each term ([`cover`] of its text is
/// never more, term by term), from which of them [`may_hold`] each of [`strings_of`] them.
pub(super) fn most_cover(
    held: &HashMap<String, Vec<bool>>,
    blocks: usize,
    described: &[Described],
) -> Vec<Vec<f32>> {
    (0..blocks)
        .map(|i| cover_by(described, |s| held.get(s).is_none_or(|h| h[i])))
        .collect()
}

/// For each string, which of `blocks` may hold it in their text: those that have every
/// bigram of it in the bigram field `field` (a string of one character, found by a pattern
/// rather than a term, always may). A block whose text holds a string holds each of its
/// bigrams, so a block said not to cannot. One pass over each bigram's postings, the blocks
/// taken in address order.
pub(super) fn may_hold(
    searcher: &tantivy::Searcher,
    field: Field,
    blocks: &[DocAddress],
    strings: &[&str],
) -> Result<HashMap<String, Vec<bool>>> {
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_unstable_by_key(|&i| blocks[i]);
    // Each bigram of every string: which blocks (by their place in `blocks`) hold it.
    let mut held: HashMap<String, Vec<bool>> = HashMap::new();
    for s in strings {
        for g in grams_of(s) {
            if held.contains_key(&g) {
                continue;
            }
            let term = Term::from_field_text(field, &g);
            let mut has = vec![false; blocks.len()];
            let mut segment = None;
            let mut postings = None;
            for &i in &order {
                let addr = blocks[i];
                if segment != Some(addr.segment_ord) {
                    segment = Some(addr.segment_ord);
                    postings = searcher
                        .segment_reader(addr.segment_ord)
                        .inverted_index(field)?
                        .read_postings(&term, IndexRecordOption::Basic)
                        .map_err(tantivy::TantivyError::from)?;
                }
                if let Some(p) = postings.as_mut() {
                    if p.doc() < addr.doc_id {
                        p.seek(addr.doc_id);
                    }
                    has[i] = p.doc() == addr.doc_id;
                }
            }
            held.insert(g, has);
        }
    }
    Ok(strings
        .iter()
        .map(|s| {
            let grams: Vec<&Vec<bool>> = grams_of(s).iter().filter_map(|g| held.get(g)).collect();
            let may = (0..blocks.len())
                .map(|i| grams.iter().all(|h| h[i]))
                .collect();
            (s.to_string(), may)
        })
        .collect())
}

/// The bigrams a string must have in the index to be held: none for a string of one
/// character (found by a pattern, not a term) or none at all.
fn grams_of(s: &str) -> Vec<String> {
    let grams = bigrams(s);
    if grams.iter().all(|g| g.chars().count() < 2) {
        return Vec::new();
    }
    grams
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tokenizer::{BigramTokenizer, bigram_form};
    use proptest::prelude::*;
    use tantivy::Index;
    use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
    use tantivy::tokenizer::TextAnalyzer;

    fn index(texts: &[&str]) -> (Index, Field) {
        let mut b = Schema::builder();
        let text = b.add_text_field(
            "text_bi",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("bigram")
                    .set_index_option(IndexRecordOption::Basic),
            ),
        );
        let index = Index::create_in_ram(b.build());
        index
            .tokenizers()
            .register("bigram", TextAnalyzer::from(BigramTokenizer));
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for t in texts {
            w.add_document(tantivy::doc!(text => *t)).unwrap();
        }
        w.commit().unwrap();
        (index, text)
    }

    fn described(terms: &[(&[&str], &[&str], f32)]) -> Vec<Described> {
        terms
            .iter()
            .map(|(v, w, weight)| Described {
                variants: v.iter().map(|s| bigram_form(s)).collect(),
                words: w.iter().map(|s| bigram_form(s)).collect(),
                weight: *weight,
            })
            .collect()
    }

    #[test]
    fn a_term_is_covered_as_written_by_all_its_words_or_by_some() {
        let d = described(&[
            (
                &["地域生活支援拠点"],
                &["地域", "生活", "支援", "拠点"],
                2.0,
            ),
            (&["検証"], &["検証"], 1.0),
        ]);
        assert_eq!(cover("地域生活支援拠点の検証を行った", &d), vec![1.0, 1.0]);
        assert_eq!(cover("拠点では地域の生活を支援する", &d), vec![0.8, 0.0]);
        let partial = cover("地域の拠点について", &d);
        assert!((partial[0] - 0.3).abs() < 1e-6, "{partial:?}");
    }

    #[test]
    fn the_index_tells_at_least_what_the_text_covers() {
        let texts = [
            "地域生活支援拠点の検証を行った",
            "拠点では地域の生活を支援する",
            "拠点の運営と点の検証",
            "会議録の公開について",
        ];
        let (index, field) = index(&texts);
        let d = described(&[
            (
                &["地域生活支援拠点"],
                &["地域", "生活", "支援", "拠点"],
                2.0,
            ),
            (&["拠点の検証"], &["拠点", "検証"], 1.0),
        ]);
        let searcher = index.reader().unwrap().searcher();
        let blocks: Vec<DocAddress> = (0..texts.len() as u32)
            .rev()
            .map(|d| DocAddress::new(0, d))
            .collect();
        let held = may_hold(&searcher, field, &blocks, &strings_of(&d)).unwrap();
        let most = most_cover(&held, blocks.len(), &d);
        for (addr, most) in blocks.iter().zip(&most) {
            let exact = cover(&bigram_form(texts[addr.doc_id as usize]), &d);
            for (e, m) in exact.iter().zip(most) {
                assert!(
                    e <= m,
                    "{}: {exact:?} > {most:?}",
                    texts[addr.doc_id as usize]
                );
            }
        }
        // The third holds every bigram of 拠点の検証 but not in that order: the index
        // cannot tell, the text can.
        let third = blocks.iter().position(|a| a.doc_id == 2).unwrap();
        assert_eq!(most[third][1], 1.0);
        assert_eq!(cover(&bigram_form(texts[2]), &d)[1], WORDS_COVER);
        // The last holds none of it, and the index says so.
        let last = blocks.iter().position(|a| a.doc_id == 3).unwrap();
        assert_eq!(most[last], vec![0.0, 0.0]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn what_the_text_covers_never_exceeds_what_the_index_allows(
            texts in proptest::collection::vec("[地域生活支援拠点検証のを会議]{0,12}", 1..6),
            term in "[地域生活支援拠点検証]{1,5}",
            word in "[地域生活支援拠点]{1,3}",
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let (index, field) = index(&refs);
            let d = described(&[(&[term.as_str()], &[word.as_str()], 1.0)]);
            let searcher = index.reader().unwrap().searcher();
            let blocks: Vec<DocAddress> =
                (0..texts.len() as u32).map(|d| DocAddress::new(0, d)).collect();
            let held = may_hold(&searcher, field, &blocks, &strings_of(&d)).unwrap();
        let most = most_cover(&held, blocks.len(), &d);
            for (i, t) in texts.iter().enumerate() {
                let exact = cover(&bigram_form(t), &d);
                prop_assert!(exact[0] <= most[i][0], "{t}: {exact:?} > {:?}", most[i]);
            }
        }
    }
}
