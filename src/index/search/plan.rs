//! Planning a query: what finds the candidate blocks (each term's bigrams, the filters), what
//! ranks them (the morphological words), and what must be checked on each candidate's text.

use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::filters::filters_are_empty;
use super::query::parse_query;
use super::{Filters, QueryTerm, Searcher};
use crate::index::document::date_number;
use crate::index::tokenizer::{bigram_form, bigrams};
use crate::index::{DocType, IndexError, Result};

/// What a candidate's text must show for one term: one of its variants (compared as the bigram
/// field compares: widths folded, case and white space ignored), or for an excluded term none.
#[derive(Debug, Clone)]
pub(super) struct Check {
    pub(super) variants: Vec<String>,
    pub(super) negated: bool,
    /// The bigram field alone answers it: no variant is longer than one bigram.
    pub(super) exact: bool,
    /// Folding leaves the variants as they are, so a variant found in the unfolded text is
    /// found in the folded one ([`passes`]).
    pub(super) raw: bool,
}

impl Check {
    pub(super) fn new(variants: &[String], negated: bool) -> Check {
        let variants: Vec<String> = variants.iter().map(|v| bigram_form(v)).collect();
        // Whether folding leaves every folded variant as it is (true but for a few characters
        // whose lower case NFKC changes again), as [`passes`] relies on.
        let raw = variants.iter().all(|v| bigram_form(v) == *v);
        let exact = variants.iter().all(|v| v.chars().count() <= 2);
        Check {
            variants,
            negated,
            exact,
            raw,
        }
    }
}

/// The query for the blocks whose `field` is exactly `value`.
pub(super) fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Whether a block's text passes every check. A variant found in the text as it is needs no
/// folding of the text: the folding maps each character on its own and leaves a variant (already
/// folded, see [`Check::raw`]) as it is, so the folded text holds it too. Only when no variant
/// of a check is found so is the text folded, once.
pub(super) fn passes(text: &str, checks: &[Check]) -> bool {
    let mut hay: Option<String> = None;
    checks.iter().all(|c| {
        let found = (c.raw && c.variants.iter().any(|v| text.contains(v.as_str()))) || {
            let hay = hay.get_or_insert_with(|| bigram_form(text));
            c.variants.iter().any(|v| hay.contains(v.as_str()))
        };
        found != c.negated
    })
}

/// A planned query (see [`Searcher::search`]).
pub(super) struct Plan {
    /// Finds every block that may match (each term's bigrams, the filters), scored by the
    /// morphological words.
    pub(super) candidates: Box<dyn Query>,
    /// The words alone, when there are no filters: ranks the blocks that hold any of them.
    pub(super) ranking: Option<Box<dyn Query>>,
    /// The words of the morphological field that rank.
    pub(super) words: Vec<Term>,
    /// What must be checked on the text of a block `candidates` finds (what the index does
    /// not tell exactly).
    pub(super) checks: Vec<Check>,
    /// What must be checked on the text of a block the words alone rank: every term.
    pub(super) every_check: Vec<Check>,
    /// The texts to mark in snippets.
    pub(super) marks: Vec<String>,
    /// At most how many blocks can match (from the rarest bigram of each term).
    pub(super) max_blocks: u64,
}

/// Which way [`Searcher::plan_terms`] reads its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tier {
    /// Every term, as the strict search reads it.
    Strict,
    /// Every term, with its widened variants.
    Widened,
    /// Any term or any of their words.
    Any,
}

impl Searcher {
    /// Which blocks may hold `text`: those with every bigram of it (one term for a text of one
    /// or two characters). The order of the bigrams is checked on the text ([`Check`]).
    pub(super) fn grams(
        &self,
        field: tantivy::schema::Field,
        text: &str,
    ) -> Option<Box<dyn Query>> {
        let mut grams = bigrams(text);
        grams.sort();
        grams.dedup();
        // One character: every bigram that holds it, first or second, and the one-character
        // blocks — what a scan for the character finds.
        if let [g] = &grams[..]
            && g.chars().count() == 1
        {
            let c = regex::escape(g);
            return tantivy::query::RegexQuery::from_pattern(&format!("{c}.|.{c}|{c}"), field)
                .ok()
                .map(|q| Box::new(q) as Box<dyn Query>);
        }
        let mut terms: Vec<Box<dyn Query>> = grams
            .iter()
            .map(|g| {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, g),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>
            })
            .collect();
        match terms.len() {
            0 => None,
            1 => terms.pop(),
            _ => Some(Box::new(BooleanQuery::new(
                terms.into_iter().map(|t| (Occur::Must, t)).collect(),
            ))),
        }
    }

    /// The bigram phrase for a substring of a short field that keeps positions (the speaker).
    pub(super) fn substring(
        &self,
        field: tantivy::schema::Field,
        text: &str,
    ) -> Option<Box<dyn Query>> {
        let terms: Vec<Term> = bigrams(text)
            .iter()
            .map(|g| Term::from_field_text(field, g))
            .collect();
        match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                terms.into_iter().next().unwrap(),
                IndexRecordOption::WithFreqs,
            ))),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    /// Plans a query: what finds the candidate blocks, what ranks them, and what must be
    /// checked on each candidate's text.
    pub(super) fn plan(&self, query: &str, filters: &Filters) -> Result<Plan> {
        let terms = parse_query(query);
        if terms.iter().all(|t| t.negated) && filters_are_empty(filters) {
            return Err(IndexError::Query {
                query: query.to_string(),
                reason: "give at least one term to look for".into(),
            });
        }
        self.plan_terms(&terms, &[], Tier::Strict, filters)
    }

    /// Plans terms: in [`Tier::Strict`] every term as the strict search reads it; in
    /// [`Tier::Widened`] every term with its [`Searcher::widened`] variants; in [`Tier::Any`]
    /// the blocks holding any term or any of their words. `extra` are words that only rank.
    pub(super) fn plan_terms(
        &self,
        terms: &[QueryTerm],
        extra: &[String],
        tier: Tier,
        filters: &Filters,
    ) -> Result<Plan> {
        let f = &self.fields;
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut words: Vec<Term> = Vec::new();
        let mut checks = Vec::new();
        let mut every_check = Vec::new();
        let mut marks = Vec::new();
        let mut max_blocks = u64::MAX;
        for t in terms {
            let variants = if t.negated {
                vec![t.text.clone()]
            } else if tier == Tier::Strict {
                self.variants(&t.text)
            } else {
                self.widened(&t.text)
            };
            let mut finds: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let mut found = Vec::new();
            let mut blocks = 0u64;
            for v in &variants {
                if let Some(q) = self.grams(f.text_bi, v) {
                    finds.push((Occur::Should, q));
                    found.push(v.clone());
                    blocks = blocks.saturating_add(self.max_blocks_of(&searcher, v));
                }
                if !t.negated {
                    for w in self
                        .words(v)
                        .into_iter()
                        .chain(self.compounds(&searcher, v))
                    {
                        if !words.contains(&w) {
                            words.push(w);
                        }
                    }
                    marks.push(v.clone());
                }
            }
            if finds.is_empty() {
                continue;
            }
            let check = Check::new(&found, t.negated);
            every_check.push(check.clone());
            let finds: Box<dyn Query> = Box::new(BooleanQuery::new(finds));
            if t.negated {
                // Excluding every block with the bigrams would exclude too much: only a term
                // the bigrams spell exactly is excluded in the index, the others on the text.
                if check.exact {
                    clauses.push((Occur::MustNot, finds));
                } else {
                    checks.push(check);
                }
                continue;
            }
            max_blocks = max_blocks.min(blocks);
            if tier == Tier::Any {
                any.push((Occur::Should, Box::new(ConstScoreQuery::new(finds, 0.0))));
                continue;
            }
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(finds, 0.0))));
            if !check.exact {
                checks.push(check);
            }
        }
        for e in extra {
            for w in self.words(e) {
                if !words.contains(&w) {
                    words.push(w);
                }
            }
        }
        if tier == Tier::Any {
            for w in &words {
                any.push((
                    Occur::Should,
                    Box::new(TermQuery::new(w.clone(), IndexRecordOption::Basic)),
                ));
            }
            if !any.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
        }
        let texts = clauses.iter().any(|(o, _)| *o == Occur::Must);
        let ranking: Option<Box<dyn Query>> =
            (texts && filters_are_empty(filters) && !words.is_empty()).then(|| {
                Box::new(BooleanQuery::new(
                    words
                        .iter()
                        .map(|w| {
                            (
                                Occur::Should,
                                Box::new(TermQuery::new(w.clone(), IndexRecordOption::WithFreqs))
                                    as Box<dyn Query>,
                            )
                        })
                        .collect(),
                )) as Box<dyn Query>
            });
        for w in &words {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(w.clone(), IndexRecordOption::WithFreqs)),
            ));
        }
        if !texts {
            clauses.push((Occur::Must, Box::new(AllQuery)));
            // Only searchable blocks, never the stored records.
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.doc_type, DocType::Record.as_str()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let date_term = |d: &NaiveDate| Term::from_field_u64(f.date, date_number(*d));
        if filters.from.is_some() || filters.to.is_some() {
            let lower = match &filters.from {
                Some(d) => Bound::Included(date_term(d)),
                None => Bound::Included(Term::from_field_u64(f.date, 1)),
            };
            let upper = match &filters.to {
                Some(d) => Bound::Included(date_term(d)),
                None => Bound::Unbounded,
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        if let Some(after) = filters.ingested_after {
            let lower = Bound::Excluded(Term::from_field_u64(f.ingested, after));
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(lower, Bound::Unbounded)),
            ));
        }
        if let Some(c) = &filters.council {
            clauses.push((Occur::Must, exact(f.council, c)));
        }
        if let Some(b) = &filters.body {
            clauses.push((Occur::Must, exact(f.body, b)));
        }
        if let Some(k) = &filters.kind {
            clauses.push((Occur::Must, exact(f.kind, k.as_str())));
        }
        if let Some(s) = &filters.speaker {
            let mut forms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if let Some(q) = self.substring(f.speaker, &crate::text::fold_name(s)) {
                forms.push((Occur::Should, q));
            }
            for (meeting, name) in &filters.speaker_in {
                if let Some(q) = self.substring(f.speaker, &crate::text::fold_name(name)) {
                    let both: Vec<(Occur, Box<dyn Query>)> = vec![
                        (Occur::Must, exact(f.meeting_id, meeting)),
                        (Occur::Must, q),
                    ];
                    forms.push((Occur::Should, Box::new(BooleanQuery::new(both))));
                }
            }
            if !forms.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(forms))));
            }
        }
        Ok(Plan {
            candidates: Box::new(BooleanQuery::new(clauses)),
            ranking,
            words,
            checks,
            every_check,
            marks,
            max_blocks,
        })
    }
}
