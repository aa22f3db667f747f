//! Proofs from the morphological field: the words whose presence in a block proves that its text
//! holds a term, so that `search --files` answers most meetings without reading any text.
//!
//! The morphological field indexes each word's base form (lower-cased, a katakana word's final
//! `ー` dropped). A noun's base form is its surface: in IPADIC, every entry whose base form
//! differs from its surface is a verb, an adjective or an auxiliary, and every such base form
//! ends in one of [`CONJUGATED_ENDINGS`] (the user dictionary's words are their own base forms,
//! and an unknown word's base form is its surface). So a word that ends otherwise was, wherever
//! the field holds it, read from the text itself, or from the text with one `ー` more: the text
//! holds it. A word that contains a term's form (as the bigram field compares) proves the term.

use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::Searcher;
use super::plan::Check;
use crate::index::tokenizer::bigram_form;

/// The last characters of the IPADIC base forms that differ from their surfaces (verbs: `る`,
/// `す`, `く`, `む`, `う`, `つ`, `ぐ`, `ぶ`, `ふ`, `ぬ`, `づ`, `り`, `得`; adjectives: `い`). A
/// word of the morphological field ending in one of them may be a base form the text never
/// spells, so it proves nothing. The unit test checks this list against Debian's IPADIC sources.
pub(super) const CONJUGATED_ENDINGS: &[char] = &[
    'る', 'い', 'す', 'く', 'む', 'う', 'つ', 'ぐ', 'ぶ', 'ふ', 'ぬ', 'づ', 'り', '得',
];

/// At most how many words prove one term (a short term is inside a great many words; past this
/// many, the proof is left to the text).
const MAX_PROOF_WORDS: usize = 4096;

/// Whether a word of the morphological field, wherever it is indexed, was read from the text.
fn spelt_in_text(word: &str) -> bool {
    word.chars()
        .last()
        .is_some_and(|c| !CONJUGATED_ENDINGS.contains(&c))
}

impl Searcher {
    /// The words of the morphological field that prove `check` (each holds one of its variants),
    /// or `None` when there are none or too many.
    fn proof_words(&self, searcher: &tantivy::Searcher, check: &Check) -> Option<Vec<Term>> {
        let mut words = std::collections::BTreeSet::new();
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(self.fields.text_ja).ok()?;
            let mut stream = inverted.terms().stream().ok()?;
            while stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !spelt_in_text(word) || words.contains(word) {
                    continue;
                }
                let form = bigram_form(word);
                if check.variants.iter().any(|v| form.contains(v.as_str())) {
                    if words.len() == MAX_PROOF_WORDS {
                        return None;
                    }
                    words.insert(word.to_string());
                }
            }
        }
        (!words.is_empty()).then(|| {
            words
                .iter()
                .map(|w| Term::from_field_text(self.fields.text_ja, w))
                .collect()
        })
    }

    /// The blocks of `candidates` that the morphological field proves hold every one of
    /// `checks`, as a query; `None` when some check cannot be proved so (an excluded term, a
    /// term no word holds).
    pub(super) fn proof(
        &self,
        searcher: &tantivy::Searcher,
        candidates: &dyn Query,
        checks: &[Check],
    ) -> Option<Box<dyn Query>> {
        if checks.is_empty() || checks.iter().any(|c| c.negated) {
            return None;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, candidates.box_clone())];
        for c in checks {
            let words = self.proof_words(searcher, c)?;
            let any: Vec<(Occur, Box<dyn Query>)> = words
                .into_iter()
                .map(|w| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(w, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_and_stems_prove_conjugated_base_forms_do_not() {
        assert!(spelt_in_text("協議会"));
        assert!(spelt_in_text("ヤングケアラ"));
        assert!(spelt_in_text("libero"));
        assert!(spelt_in_text("8050"));
        assert!(!spelt_in_text("ひきこもる"));
        assert!(!spelt_in_text("新しい"));
        assert!(!spelt_in_text("話す"));
        assert!(!spelt_in_text(""));
    }

    /// Every IPADIC entry whose base form differs from its surface (particles and auxiliaries
    /// aside: they are never indexed) has a base form ending in one of [`CONJUGATED_ENDINGS`].
    /// Reads Debian's `mecab-ipadic` sources, which `build.rs` builds the dictionary from.
    #[test]
    fn conjugated_endings_cover_every_ipadic_base_form() {
        let dir = std::path::Path::new("/usr/share/mecab/dic/ipadic");
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("skipped: no IPADIC sources in {}", dir.display());
            return;
        };
        let mut checked = 0;
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "csv") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let (text, _, _) = encoding_rs::EUC_JP.decode(&bytes);
            for line in text.lines() {
                let f: Vec<&str> = line.split(',').collect();
                if f.len() < 11 || matches!(f[4], "助詞" | "助動詞") {
                    continue;
                }
                let (surface, base) = (f[0], f[10]);
                if base != "*" && base != surface {
                    checked += 1;
                    assert!(
                        !spelt_in_text(base),
                        "{base} (of {surface}, {}) would prove what the text may not spell",
                        f[4]
                    );
                }
            }
        }
        assert!(checked > 100_000, "only {checked} conjugated entries read");
    }
}
