//! Term expansion: what a term stands for (synonyms, aliases), its widened forms for the
//! fallback, and the words of the morphological field that rank it.

use tantivy::Term;

use super::Searcher;
use super::query::parse_query;
use crate::index::tokenizer::{bigram_form, bigrams};
use crate::text::synonyms;

impl Searcher {
    /// What to mark for a query in a text (a page reached from a search): each term that is
    /// not excluded, with its variants.
    pub fn needles(&self, query: &str) -> Vec<String> {
        parse_query(query)
            .into_iter()
            .filter(|t| !t.negated)
            .flat_map(|t| self.variants(&t.text))
            .collect()
    }

    /// The variants a term stands for: itself, its synonyms and the aliases defined in the text.
    pub fn variants(&self, term: &str) -> Vec<String> {
        let key = bigram_form(term);
        let norm = bigram_form;
        let mut out = vec![term.to_string()];
        out.extend(
            synonyms::variants(term, bigram_form)
                .into_iter()
                .map(str::to_string),
        );
        for (short, long) in &self.aliases {
            if norm(short) == key {
                out.push(long.clone());
            } else if norm(long) == key {
                out.push(short.clone());
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|v| seen.insert(norm(v)));
        out
    }

    /// The variants of the fallback: [`Searcher::variants`], with the synonyms found inside
    /// the term put in their place and the okurigana between kanji left out.
    pub fn widened(&self, term: &str) -> Vec<String> {
        let mut out = self.variants(term);
        for v in out.clone() {
            for w in synonyms::inside(&v, bigram_form) {
                out.extend(self.variants(&w));
            }
        }
        for v in out.clone() {
            out.extend(synonyms::okurigana(&v, bigram_form));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|v| seen.insert(bigram_form(v)));
        out
    }

    /// The words of the morphological field that rank a text.
    pub(super) fn words(&self, text: &str) -> Vec<Term> {
        self.japanese
            .terms(text)
            .iter()
            .map(|w| Term::from_field_text(self.fields.text_ja, w))
            .collect()
    }

    /// The words of the morphological field that begin with `text` and are longer: the
    /// compounds the user dictionary keeps whole (`重層的支援体制整備事業` for `重層的支援`),
    /// whose blocks would otherwise not rank at all. At most [`MAX_COMPOUNDS`].
    pub(super) fn compounds(&self, searcher: &tantivy::Searcher, text: &str) -> Vec<Term> {
        let prefix = bigram_form(text);
        if prefix.chars().count() < 2 {
            return Vec::new();
        }
        let mut out: Vec<String> = Vec::new();
        for reader in searcher.segment_readers() {
            let Ok(inverted) = reader.inverted_index(self.fields.text_ja) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
            else {
                continue;
            };
            while out.len() < MAX_COMPOUNDS && stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !word.starts_with(&prefix) {
                    break;
                }
                if word.len() > prefix.len() && !out.iter().any(|w| w == word) {
                    out.push(word.to_string());
                }
            }
        }
        out.iter()
            .map(|w| Term::from_field_text(self.fields.text_ja, w))
            .collect()
    }

    /// How many blocks at most can hold every bigram of `text`: the document frequency of its
    /// rarest bigram.
    pub(super) fn max_blocks_of(&self, searcher: &tantivy::Searcher, text: &str) -> u64 {
        let grams = bigrams(text);
        if let [g] = &grams[..]
            && g.chars().count() == 1
        {
            // Any block may hold one character.
            return searcher.num_docs();
        }
        grams
            .iter()
            .map(|g| {
                searcher
                    .doc_freq(&Term::from_field_text(self.fields.text_bi, g))
                    .unwrap_or(u64::MAX)
            })
            .min()
            .unwrap_or(0)
    }
}

/// The most compounds a term's words are widened by (see [`Searcher::compounds`]).
pub(super) const MAX_COMPOUNDS: usize = 8;
