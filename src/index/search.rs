//! Querying the index: terms AND-ed within one entry, `"…"` phrases, `-term` exclusions, aliases
//! and synonyms widening a term, filters (dates, council, body, kind, speaker), and snippets with
//! the matches marked.
//!
//! A block matches when its text holds each term as grep would find it: the bigram field finds
//! the blocks that hold every bigram of the term, and the text of those a search reads is
//! checked for the term itself (the bigram field keeps no positions). The morphological field
//! ranks, so hits where the term is a word rank first.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

use super::schema::{self, Fields, Slot};
use super::tokenizer::{JapaneseTokenizer, bigram_chars, bigrams};
use super::toplist::{self, Scored, TopLists};
use super::write::section_block_text;
use super::{IndexError, Result, tantivy_dir};
use crate::record::Record;

pub use super::synonyms::SYNONYMS;

/// A hit before it is finished: the hit, whether it is a material's, its block, and how much
/// its score is raised or lowered by what the query asks for ([`Boost`]).
type Found = (Hit, bool, tantivy::DocAddress, f32);

/// The largest number of hits a search returns, whatever is asked.
pub const MAX_LIMIT: usize = 1000;

/// Filters on a search.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Earliest meeting date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Latest meeting date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// The council, exactly.
    pub council: Option<String>,
    /// The body, exactly.
    pub body: Option<String>,
    /// The entry kind (`opinion`, `question`, …).
    pub kind: Option<String>,
    /// Part of the speaker's label or of the person's name it was resolved to (`会長` finds
    /// `河野会長`, `高橋` finds `髙橋委員`), names compared by `parse::people::fold_name`.
    pub speaker: Option<String>,
    /// More forms of the speaker, each only in one meeting: `(meeting id, name)`, for a person
    /// the minutes of that meeting know by another name (`田中` where the query is `田中太郎`;
    /// see `people::speaker_forms`). Only used with `speaker`.
    pub speaker_in: Vec<(String, String)>,
    /// Only blocks committed after this stamp (see `Fields::ingested`): what a saved search
    /// has not seen yet.
    pub ingested_after: Option<u64>,
    /// How many hits (capped at [`MAX_LIMIT`]).
    pub limit: usize,
}

/// One search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The score (higher is better).
    pub score: f32,
    /// The meeting (or material) id, for `gijiroku show`.
    pub meeting_id: String,
    /// The meeting title.
    pub title: String,
    /// The meeting date, ISO.
    pub date: Option<String>,
    /// The council.
    pub council: Option<String>,
    /// The body.
    pub body: Option<String>,
    /// What matched: `entry`, `header`, `agenda`, `material`, `section`.
    pub doc_type: String,
    /// The agenda path of the entry.
    pub agenda_ref: Option<String>,
    /// The section heading.
    pub heading: Option<String>,
    /// The entry kind.
    pub kind: Option<String>,
    /// The speaker.
    pub speaker: Option<String>,
    /// The source file.
    pub path: String,
    /// The line in the source.
    pub line: Option<u64>,
    /// A window of the text around the first match.
    pub snippet: String,
    /// The matches in `snippet`, as character offsets `[start, end)`.
    pub highlights: Vec<(usize, usize)>,
    /// How the hit matched: `all` (every term as written, in this entry), or a fallback,
    /// found only because the strict search gave fewer hits than asked: `words` (every
    /// content word of the query, or its variants and base forms, in this entry), `near`
    /// (every word, in this and the neighbouring entries of one agenda item or section),
    /// `partial` (some of the words).
    #[serde(rename = "match")]
    pub matched: Match,
    /// True for a fallback hit (`match` is not `all`).
    pub fallback: bool,
    /// For a hit in a material: the meetings it was handed out at (minutes of the same date,
    /// council and body), as far as the index knows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub distributed_at: Vec<MeetingRef>,
    /// Where the hit's entry sits in its record (section, entry), for an entry.
    #[serde(skip)]
    pub slot: Option<(usize, usize)>,
    /// For a hit on an answer: the question it answers (see `qa::attach`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<crate::qa::Said>,
    /// For a hit on a question (or an answered opinion): its answers (see `qa::attach`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<crate::qa::Said>,
    /// When the block was committed (microseconds since 1970, UTC; see `Fields::ingested`).
    #[serde(skip)]
    pub ingested: Option<u64>,
    /// The block's place in its record (an encoded `Slot`), for entries and material sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<u64>,
}

impl Hit {
    /// What names the block within the index's state: its meeting (an id that changes with
    /// the file's content), what kind of block, and its place (its slot in the record, else
    /// its agenda path, else its line): `12e00115b895/entry/1099511627778`.
    pub fn key(&self) -> String {
        let place = match (self.block, &self.agenda_ref) {
            (Some(b), _) => b.to_string(),
            (None, Some(a)) => a.clone(),
            (None, None) => self.line.unwrap_or(0).to_string(),
        };
        format!("{}/{}/{}", self.meeting_id, self.doc_type, place)
    }
}

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

/// How a hit matched its query (see [`Hit::matched`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// Every term as written (the strict search).
    All,
    /// Every content word, widened by variants and base forms, in one block.
    Words,
    /// Every content word within neighbouring blocks of one agenda item or section.
    Near,
    /// Some of the words.
    Partial,
}

impl Match {
    /// The marker the CLI prints beside a fallback hit.
    pub fn label(self) -> &'static str {
        match self {
            Match::All => "",
            Match::Words => "≈ 語の一致",
            Match::Near => "≈ 近くの発言と合わせて一致",
            Match::Partial => "≈ 一部の語",
        }
    }
}

/// A meeting named in a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingRef {
    /// The minutes' id.
    pub meeting_id: String,
    /// The meeting's title.
    pub title: String,
    /// The date, ISO.
    pub date: Option<String>,
}

/// A query term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The text.
    pub text: String,
    /// Quoted (`"…"`).
    pub phrase: bool,
    /// Excluded (`-term`).
    pub negated: bool,
}

/// Splits a query into terms: white space separates, `"…"` groups, a leading `-` excludes.
pub fn parse_query(q: &str) -> Vec<QueryTerm> {
    let mut out = Vec::new();
    let chars: Vec<char> = q.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-' || c == '－';
        if negated {
            i += 1;
        }
        let quote = |c: char| matches!(c, '"' | '“' | '”' | '「' | '」');
        if i < chars.len() && quote(chars[i]) {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && !quote(chars[j]) {
                j += 1;
            }
            let text: String = chars[start..j].iter().collect();
            if !text.trim().is_empty() {
                out.push(QueryTerm {
                    text: text.trim().to_string(),
                    phrase: true,
                    negated,
                });
            }
            i = j + 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            if !text.is_empty() {
                out.push(QueryTerm {
                    text,
                    phrase: false,
                    negated,
                });
            }
        }
    }
    out
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
        let index = super::readonly::Tolerant::open(&tdir)
            .and_then(Index::open)
            .map_err(|e| IndexError::Open {
                path: tdir.clone(),
                reason: e.to_string(),
            })?;
        let aliases = super::read_aliases(dir);
        let japanese = JapaneseTokenizer::new(&super::alias_words(&aliases)).map_err(|e| {
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

    /// The variants a term stands for: itself, its synonyms and the aliases defined in the text.
    pub fn variants(&self, term: &str) -> Vec<String> {
        let key: String = bigram_chars(term).into_iter().map(|c| c.0).collect();
        let norm = |s: &str| -> String { bigram_chars(s).into_iter().map(|c| c.0).collect() };
        let mut out = vec![term.to_string()];
        out.extend(super::synonyms::whole(term));
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
            for w in super::synonyms::inside(&v) {
                out.extend(self.variants(&w));
            }
        }
        for v in out.clone() {
            out.extend(super::synonyms::okurigana(&v));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|v| seen.insert(compact(v)));
        out
    }

    /// Which blocks may hold `text`: those with every bigram of it (one term for a text of one
    /// or two characters). The order of the bigrams is checked on the text ([`Check`]).
    fn grams(&self, field: tantivy::schema::Field, text: &str) -> Option<Box<dyn Query>> {
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
    fn substring(&self, field: tantivy::schema::Field, text: &str) -> Option<Box<dyn Query>> {
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

    /// The words of the morphological field that rank a text.
    fn words(&self, text: &str) -> Vec<Term> {
        self.japanese
            .terms(text)
            .iter()
            .map(|w| Term::from_field_text(self.fields.text_ja, w))
            .collect()
    }

    /// The words of the morphological field that begin with `text` and are longer: the
    /// compounds the user dictionary keeps whole (`重層的支援体制整備事業` for `重層的支援`),
    /// whose blocks would otherwise not rank at all. At most [`MAX_COMPOUNDS`].
    fn compounds(&self, searcher: &tantivy::Searcher, text: &str) -> Vec<Term> {
        let prefix = compact(text);
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
    fn most_blocks(&self, searcher: &tantivy::Searcher, text: &str) -> u64 {
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

    /// Plans a query: what finds the candidate blocks, what ranks them, and what must be
    /// checked on each candidate's text.
    fn plan(&self, query: &str, filters: &Filters) -> Result<Plan> {
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
    fn plan_terms(
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
        let mut most = u64::MAX;
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
                    blocks = blocks.saturating_add(self.most_blocks(&searcher, v));
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
            most = most.min(blocks);
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
                    Term::from_field_text(f.doc_type, "record"),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let date_term = |d: &str| -> Result<Term> {
            let n: u64 = d.replace('-', "").parse().map_err(|_| IndexError::Query {
                query: d.to_string(),
                reason: "dates are YYYY-MM-DD".into(),
            })?;
            Ok(Term::from_field_u64(f.date, n))
        };
        if filters.from.is_some() || filters.to.is_some() {
            let lower = match &filters.from {
                Some(d) => Bound::Included(date_term(d)?),
                None => Bound::Included(Term::from_field_u64(f.date, 1)),
            };
            let upper = match &filters.to {
                Some(d) => Bound::Included(date_term(d)?),
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
        let exact = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(c) = &filters.council {
            clauses.push((Occur::Must, exact(f.council, c)));
        }
        if let Some(b) = &filters.body {
            clauses.push((Occur::Must, exact(f.body, b)));
        }
        if let Some(k) = &filters.kind {
            clauses.push((Occur::Must, exact(f.kind, k)));
        }
        if let Some(s) = &filters.speaker {
            let mut forms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if let Some(q) = self.substring(f.speaker, &crate::parse::people::fold_name(s)) {
                forms.push((Occur::Should, q));
            }
            for (meeting, name) in &filters.speaker_in {
                if let Some(q) = self.substring(f.speaker, &crate::parse::people::fold_name(name)) {
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
            most,
        })
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
                let mut fallback = self.fallback(&reduced, filters, &boost)?;
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
            hits.sort_by(|a, b| (b.0.score * b.3).total_cmp(&(a.0.score * a.3)));
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

    /// The strict search of a plan, read `pool` blocks deep and deeper until the best `limit`
    /// by boosted score are sure: until the `limit`-th boosted score is at least the lowest
    /// score read times the largest boost, which no block further down can reach. So the
    /// first hits are the same whatever the limit (pages follow each other).
    fn boosted(&self, plan: &Plan, pool: usize, limit: usize, boost: &Boost) -> Result<Vec<Found>> {
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
                .is_some_and(|&k| k >= floor * boost.most())
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
    fn strict(&self, plan: &Plan, limit: usize, boost: &Boost) -> Result<Vec<Found>> {
        let searcher = self.reader.searcher();
        let mut read = Reads::default();
        if let Some(ranking) = &plan.ranking
            && plan.most > self.few_blocks
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

    /// The passages that follow the best passages found so far in their material section:
    /// in a guidebook, what follows a heading that holds the words is what answers it
    /// (`アウトリーチの対象になる人の例` and then the examples). Each scores a share of the
    /// passage before it, and is marked [`Match::Near`].
    fn following(&self, tiers: &[(Match, Vec<Found>)]) -> Result<Vec<Found>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let mut best: Vec<&Found> = tiers.iter().flat_map(|t| t.1.iter()).collect();
        best.sort_by(|a, b| (b.0.score * b.3).total_cmp(&(a.0.score * a.3)));
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
    fn fallback(&self, reduced: &Reduced, filters: &Filters, boost: &Boost) -> Result<Vec<Found>> {
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
        let top = searcher.search(
            &plan.candidates,
            &TopDocs::with_limit(FALLBACK_POOL).order_by_score(),
        )?;
        let blocks = searcher.num_docs().max(1) as f32;
        // Each term: its variants and its words (as compared on the text), and its weight.
        let described: Vec<(Vec<String>, Vec<String>, f32)> = terms
            .iter()
            .map(|t| {
                let variants: Vec<String> =
                    self.widened(&t.text).iter().map(|v| compact(v)).collect();
                let words: Vec<String> = self
                    .japanese
                    .morphemes(&t.text)
                    .into_iter()
                    .filter(|m| !is_function_word(m))
                    .map(|m| compact(&m.surface))
                    .filter(|w| !w.is_empty())
                    .collect();
                let df = variants
                    .iter()
                    .map(|v| self.most_blocks(&searcher, v))
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
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let text = d
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if !passes(
                text,
                &plan
                    .checks
                    .iter()
                    .filter(|c| c.negated)
                    .cloned()
                    .collect::<Vec<_>>(),
            ) {
                continue;
            }
            let hay = compact(text);
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
            let factor = boost.factor(&hit, text);
            cands.push(Cand {
                found: (hit, material, addr, factor),
                cover,
                place,
            });
        }
        let weight = |cover: &[f32]| -> f32 {
            cover
                .iter()
                .zip(&described)
                .map(|(c, d)| c * d.2)
                .sum::<f32>()
                / total
        };
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

    /// The best `limit` hits by the plan's words, from the lists of the best blocks for each
    /// word (see [`toplist`]) and the threshold algorithm; when the lists cannot prove them
    /// the best (no lists for this state of the index, or the best hits lie deeper than the
    /// lists go), the blocks met, with their scores.
    fn ranked_by_lists(
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
    fn checked(
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

    /// A hit from its stored block, and whether it is a material's.
    fn hit(&self, d: &TantivyDocument, text: &str, score: f32, marks: &[String]) -> (Hit, bool) {
        let f = &self.fields;
        let s = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let n = |field| d.get_first(field).and_then(|v| v.as_u64());
        let (snippet, highlights) = snippet(text, marks, 60);
        let hit = Hit {
            score,
            meeting_id: s(f.meeting_id).unwrap_or_default(),
            title: s(f.title).unwrap_or_default(),
            date: n(f.date)
                .filter(|&d| d > 0)
                .map(|d| format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100)),
            council: s(f.council),
            body: s(f.body),
            doc_type: s(f.doc_type).unwrap_or_default(),
            agenda_ref: s(f.agenda_ref),
            heading: s(f.heading),
            kind: s(f.kind),
            speaker: s(f.speaker),
            path: s(f.path).unwrap_or_default(),
            line: n(f.line).filter(|&l| l > 0),
            snippet,
            highlights,
            matched: Match::All,
            fallback: false,
            distributed_at: Vec::new(),
            slot: match n(f.slot).and_then(Slot::decode) {
                Some(Slot::Entry { section, entry }) => Some((section, entry)),
                _ => None,
            },
            question: None,
            answers: Vec::new(),
            ingested: n(f.ingested),
            block: n(f.slot),
        };
        (hit, s(f.record_kind).as_deref() == Some("material"))
    }

    /// The hits, with the meetings each material hit was handed out at.
    fn finish(&self, hits: Vec<(Hit, bool)>) -> Result<Vec<Hit>> {
        let mut out = Vec::with_capacity(hits.len());
        for (mut hit, material) in hits {
            let date = hit
                .date
                .as_deref()
                .and_then(|d| d.replace('-', "").parse::<u64>().ok());
            if material && let Some(date) = date {
                hit.distributed_at = self.meetings_on(date, &hit)?;
            }
            out.push(hit);
        }
        Ok(out)
    }

    /// The minutes of the meetings held on `date` (`YYYYMMDD`), of the hit's council and body
    /// where the hit names them.
    fn meetings_on(&self, date: u64, hit: &Hit) -> Result<Vec<MeetingRef>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let term = |field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, term(f.doc_type, "header")),
            (Occur::Must, term(f.record_kind, "minutes")),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.date, date),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        if let Some(c) = &hit.council {
            clauses.push((Occur::Must, term(f.council, c)));
        }
        if let Some(b) = &hit.body {
            clauses.push((Occur::Must, term(f.body, b)));
        }
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(20).order_by_score(),
        )?;
        let mut out = Vec::new();
        for (_, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let s = |field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            out.push(MeetingRef {
                meeting_id: s(f.meeting_id),
                title: s(f.title),
                date: hit.date.clone(),
            });
        }
        Ok(out)
    }

    /// The meetings (as numbers, see [`Fields::meeting_no`]) with a block that holds the
    /// plan's terms: from the fast field alone when the index answers exactly, else checking
    /// each meeting's candidates on their text until one passes.
    fn meetings_matching(&self, plan: &Plan) -> Result<std::collections::HashSet<u64>> {
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

    /// The latest stamp of the documents this searcher sees (0 for an empty index): a saved
    /// search run now has seen every block up to it.
    pub fn latest_stamp(&self) -> Result<u64> {
        super::latest_stamp(&self.reader.searcher())
    }

    /// The stamps of the commits whose documents this searcher sees, oldest first (one per
    /// commit that left a live document).
    pub fn stamps(&self) -> Result<Vec<u64>> {
        let searcher = self.reader.searcher();
        let mut stamps = std::collections::BTreeSet::new();
        for reader in searcher.segment_readers() {
            let column = reader.fast_fields().u64("ingested")?;
            let alive = reader.alive_bitset();
            for doc in 0..reader.max_doc() {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                if let Some(s) = column.first(doc) {
                    stamps.insert(s);
                }
            }
        }
        Ok(stamps.into_iter().collect())
    }

    /// The source path of each of `meetings`, from the index's dictionary of paths: each path
    /// is a term whose first live document names its meeting, so no stored document is read
    /// (reading one per meeting costs more than the search that found them).
    fn paths_of(&self, meetings: &std::collections::HashSet<u64>) -> Result<Vec<String>> {
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

    /// How many documents of a type (`record`, `entry`, `header`, `agenda`, `material`,
    /// `section`) the index holds.
    pub fn count(&self, doc_type: &str) -> Result<usize> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.doc_type, doc_type),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&q, &tantivy::collector::Count)?)
    }

    /// Every stored record with its id, sorted by date and path (for tracking across meetings).
    pub fn records(&self) -> Result<Vec<(String, Record)>> {
        self.records_with(true)
    }

    /// [`Searcher::records`] without the texts of entries and material sections (left empty):
    /// what needs only who spoke and what kind of entry it was (the people across meetings)
    /// reads the record documents alone.
    pub fn records_without_texts(&self) -> Result<Vec<(String, Record)>> {
        self.records_with(false)
    }

    fn records_with(&self, texts: bool) -> Result<Vec<(String, Record)>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let q = TermQuery::new(
            Term::from_field_text(f.doc_type, "record"),
            IndexRecordOption::Basic,
        );
        let mut records: BTreeMap<String, Record> = BTreeMap::new();
        for addr in in_store_order(searcher.search(&q, &tantivy::collector::DocSetCollector)?) {
            let d: TantivyDocument = searcher.doc(addr)?;
            let (id, record) = self.stored_record(&d)?;
            records.insert(id, record);
        }
        if !texts {
            let mut out: Vec<(String, Record)> = records.into_iter().collect();
            out.sort_by(|a, b| {
                (&a.1.meeting.date, &a.1.source.path).cmp(&(&b.1.meeting.date, &b.1.source.path))
            });
            return Ok(out);
        }
        // The texts the records leave out, from every block that has a place in one.
        let blocks = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.doc_type, "entry"),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.doc_type, "section"),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        for addr in in_store_order(searcher.search(&blocks, &tantivy::collector::DocSetCollector)?)
        {
            let d: TantivyDocument = searcher.doc(addr)?;
            let id = d.get_first(f.meeting_id).and_then(|v| v.as_str());
            if let Some(record) = id.and_then(|id| records.get_mut(id)) {
                self.put_back(record, &d);
            }
        }
        let mut out: Vec<(String, Record)> = records.into_iter().collect();
        out.sort_by(|a, b| {
            (&a.1.meeting.date, &a.1.source.path).cmp(&(&b.1.meeting.date, &b.1.source.path))
        });
        Ok(out)
    }

    /// The stored record whose id (or path) is `id`.
    pub fn record(&self, id: &str) -> Result<Record> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let term = |field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        for field in [f.meeting_id, f.path] {
            let q = BooleanQuery::new(vec![
                (Occur::Must, term(field, id)),
                (Occur::Must, term(f.doc_type, "record")),
            ]);
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            let Some((_, addr)) = top.first() else {
                continue;
            };
            let d: TantivyDocument = searcher.doc(*addr)?;
            let (id, mut record) = self.stored_record(&d)?;
            let blocks = BooleanQuery::new(vec![
                (Occur::Must, term(f.meeting_id, &id)),
                (Occur::MustNot, term(f.doc_type, "record")),
            ]);
            for addr in
                in_store_order(searcher.search(&blocks, &tantivy::collector::DocSetCollector)?)
            {
                let d: TantivyDocument = searcher.doc(addr)?;
                self.put_back(&mut record, &d);
            }
            return Ok(record);
        }
        Err(IndexError::NotFound { id: id.to_string() })
    }

    /// A record document's id and record (without the texts its blocks hold).
    fn stored_record(&self, d: &TantivyDocument) -> Result<(String, Record)> {
        let f = &self.fields;
        let id = d
            .get_first(f.meeting_id)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let json = d.get_first(f.record).and_then(|v| v.as_str()).unwrap_or("");
        let record = serde_json::from_str(json).map_err(|e| IndexError::Read {
            reason: format!("the stored record of {id} is not valid: {e}"),
        })?;
        Ok((id, record))
    }

    /// Puts a block's text back in its place in the record.
    fn put_back(&self, record: &mut Record, d: &TantivyDocument) {
        let f = &self.fields;
        let Some(slot) = d
            .get_first(f.slot)
            .and_then(|v| v.as_u64())
            .and_then(Slot::decode)
        else {
            return;
        };
        let text = d.get_first(f.text).and_then(|v| v.as_str()).unwrap_or("");
        match slot {
            Slot::Entry { section, entry } => {
                if let Some(e) = record
                    .proceedings
                    .get_mut(section)
                    .and_then(|s| s.entries.get_mut(entry))
                {
                    e.text = text.to_string();
                }
            }
            Slot::MaterialSection { section } => {
                if let Some(s) = record.sections.get_mut(section) {
                    let head = section_block_text(&s.title, "");
                    s.text = text.strip_prefix(head.as_str()).unwrap_or(text).to_string();
                }
            }
            // A passage's text is also in its section's block.
            Slot::Passage { .. } => {}
        }
    }
}

/// What a candidate's text must show for one term: one of its variants (compared as the bigram
/// field compares: widths folded, case and white space ignored), or for an excluded term none.
#[derive(Debug, Clone)]
struct Check {
    variants: Vec<String>,
    negated: bool,
    /// The bigram field alone answers it: no variant is longer than one bigram.
    exact: bool,
}

impl Check {
    fn new(variants: &[String], negated: bool) -> Check {
        let variants: Vec<String> = variants.iter().map(|v| compact(v)).collect();
        let exact = variants.iter().all(|v| v.chars().count() <= 2);
        Check {
            variants,
            negated,
            exact,
        }
    }
}

/// The text as the bigram field sees it: NFKC, lower case, no white space.
fn compact(text: &str) -> String {
    bigram_chars(text).into_iter().map(|c| c.0).collect()
}

/// Whether a block's text passes every check.
fn passes(text: &str, checks: &[Check]) -> bool {
    if checks.is_empty() {
        return true;
    }
    let hay = compact(text);
    checks
        .iter()
        .all(|c| c.variants.iter().any(|v| hay.contains(v.as_str())) != c.negated)
}

/// A planned query (see [`Searcher::search`]).
struct Plan {
    /// Finds every block that may match (each term's bigrams, the filters), scored by the
    /// morphological words.
    candidates: Box<dyn Query>,
    /// The words alone, when there are no filters: ranks the blocks that hold any of them.
    ranking: Option<Box<dyn Query>>,
    /// The words of the morphological field that rank.
    words: Vec<Term>,
    /// What must be checked on the text of a block `candidates` finds (what the index does
    /// not tell exactly).
    checks: Vec<Check>,
    /// What must be checked on the text of a block the words alone rank: every term.
    every_check: Vec<Check>,
    /// The texts to mark in snippets.
    marks: Vec<String>,
    /// At most how many blocks can match (from the rarest bigram of each term).
    most: u64,
}

/// Which way [`Searcher::plan_terms`] reads its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    /// Every term, as the strict search reads it.
    Strict,
    /// Every term, with its widened variants.
    Widened,
    /// Any term or any of their words.
    Any,
}

/// How many more hits than asked the strict search reads, so that titles ranked down make room.
const TITLE_ROOM: usize = 10;

/// How many blocks the fallback ranks.
const FALLBACK_POOL: usize = 300;

/// How many of the best hits have the passages after them added ([`Searcher::following`]).
const FOLLOWED: usize = 5;

/// How many passages after each.
const FOLLOWING: usize = 2;

/// The share of its parent's score a following passage gets (divided by its distance).
const FOLLOWING_SHARE: f32 = 0.8;

/// A block shorter than this (in characters) is a label or a bare phrase (a diagram's caption,
/// `（「異議なし」の声あり）`): its score is scaled down by its length, since the length
/// normalisation of the ranking favours it.
const SHORT_BLOCK: usize = 24;

/// What a term counts for in a block that holds all its words but not the term itself.
const WORDS_COVER: f32 = 0.8;

/// Blocks at most this far apart in one agenda item (or material section) are neighbours.
const NEAR: usize = 2;

/// A query reduced to what it asks for: its content words as terms (a question's particles,
/// question words and light verbs dropped: `委員の任期はいつまでか` → `委員 任期`), the verbs
/// and adjectives that only rank, and what kind of answer it wants — a figure with a counter
/// word (`ケース数` → `ケース` and a number of 件; `開催回数`, `何カ所`), a decision
/// (`何を決めたか`), a time (`いつまで`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reduced {
    /// The content words, as terms (excluded terms kept as they are).
    pub terms: Vec<QueryTerm>,
    /// Words that rank but need not occur (verbs and adjectives, in their base form).
    pub optional: Vec<String>,
    /// The counter words of the figure the query asks for.
    pub units: Vec<&'static str>,
    /// The query asks what was decided.
    pub decision: bool,
    /// The query asks when.
    pub when: bool,
}

/// Counter words a figure word may ask for, as the facts write them.
const COUNTERS: &[(&str, &[&str])] = &[
    ("件", &["件"]),
    ("回", &["回"]),
    ("人", &["人", "名"]),
    ("名", &["人", "名"]),
    ("者", &["人", "名"]),
    ("カ所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("か所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("箇所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("ヶ所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("世帯", &["世帯"]),
    ("事業所", &["事業所", "カ所"]),
];

/// The counter words of a count whose subject names no counter (`ケース数`, `相談数`).
const ANY_COUNT: &[&str] = &["件", "回", "人", "名", "カ所", "か所", "箇所", "世帯"];

/// Words that ask for a proportion.
const PROPORTIONS: &[&str] = &["割合", "比率", "率"];

/// Verbs and adjectives that say nothing of the topic (`すればよいか`, `あるか`).
const LIGHT: &[&str] = &[
    "する",
    "ない",
    "ある",
    "いる",
    "なる",
    "できる",
    "おる",
    "よい",
    "いい",
    "良い",
    "れる",
    "られる",
    "せる",
    "思う",
    "言う",
    "いう",
    "知る",
    "教える",
    "わかる",
    "分かる",
];

/// Words that ask what was decided.
const DECISIONS: &[&str] = &["決める", "決まる", "決定", "了承", "承認", "結論", "決議"];

/// Whether a morpheme is a function word of a question: particles, auxiliaries, signs,
/// pronouns (`何`, `いつ`), dependent nouns (`とき`, `こと`), adnominals (`どんな`), adverbs,
/// conjunctions, light verbs.
fn is_function_word(m: &super::tokenizer::Morpheme) -> bool {
    match m.pos.as_str() {
        "名詞" => {
            matches!(m.sub.as_str(), "非自立" | "代名詞" | "副詞可能")
                && !matches!(
                    m.surface.as_str(),
                    "今後" | "現在" | "以降" | "夜間" | "年度"
                )
        }
        "動詞" | "形容詞" => m.sub != "自立" || LIGHT.contains(&m.base.as_str()),
        "記号" => m.sub != "アルファベット",
        "接頭詞" => false,
        _ => true,
    }
}

/// Reduces a query to what it asks for (see [`Reduced`]).
pub fn reduce(ja: &JapaneseTokenizer, query: &str) -> Reduced {
    let mut out = Reduced::default();
    for t in parse_query(query) {
        if t.phrase || t.negated {
            out.terms.push(t);
            continue;
        }
        let mut text = t.text.clone();
        // `何カ所`, `何件`, `何人`: the counter asked for.
        for (counter, units) in COUNTERS {
            let asked = format!("何{counter}");
            if text.contains(&asked) {
                out.units.extend(units.iter().copied());
                text = text.replace(&asked, " ");
            }
        }
        if text.contains("いつ") {
            out.when = true;
        }
        let mut compounds: Vec<String> = Vec::new();
        let mut current = String::new();
        for m in ja.morphemes(&text) {
            let content_noun = matches!(m.pos.as_str(), "名詞" | "接頭詞")
                || (m.pos == "記号" && m.sub == "アルファベット");
            if content_noun && !is_function_word(&m) {
                current.push_str(&m.surface);
                continue;
            }
            if !current.is_empty() {
                compounds.push(std::mem::take(&mut current));
            }
            if matches!(m.pos.as_str(), "動詞" | "形容詞") && !is_function_word(&m) {
                if DECISIONS.contains(&m.base.as_str()) {
                    out.decision = true;
                } else {
                    out.optional.push(m.base.clone());
                }
            }
        }
        if !current.is_empty() {
            compounds.push(current);
        }
        for c in compounds {
            if DECISIONS.contains(&c.as_str()) {
                out.decision = true;
                continue;
            }
            if PROPORTIONS.contains(&c.as_str()) {
                out.units.extend(["%", "割", "パーセント"]);
                out.optional.push(c);
                continue;
            }
            // A count: `ケース数`, `開催回数`, `件数`, `参加者数`.
            if let Some(base) = c.strip_suffix('数').filter(|_| c.chars().count() >= 2) {
                let mut base = base.to_string();
                let mut units: &[&str] = ANY_COUNT;
                for (counter, u) in COUNTERS {
                    if let Some(b) = base.strip_suffix(counter) {
                        units = u;
                        // `参加者数`: the people are the subject; `開催回数`: the count is.
                        if *counter != "者" {
                            base = b.to_string();
                        }
                        break;
                    }
                }
                out.units.extend(units.iter().copied());
                if base.chars().count() >= 1 {
                    out.terms.push(QueryTerm {
                        text: base,
                        phrase: false,
                        negated: false,
                    });
                }
                continue;
            }
            out.terms.push(QueryTerm {
                text: c,
                phrase: false,
                negated: false,
            });
        }
    }
    out.units.sort();
    out.units.dedup();
    out
}

/// How a block's score is raised or lowered by what the query asks for: titles of agenda
/// items, materials and meetings ranked down unless the query is the title, blocks with a
/// figure of the counter word asked for, resolutions for a decision, dates for a time.
pub struct Boost {
    query: String,
    /// Each term as typed: a block that holds it as typed ranks above one that holds only
    /// a variant (`Liberoかまくら` rather than `Liberoさくら` for `Libero` = `Liberoかまくら`).
    typed: Vec<String>,
    units: Vec<&'static str>,
    decision: bool,
    when: bool,
}

/// A block's score is multiplied by this for each term it holds only as a variant.
const VARIANT_FACTOR: f32 = 0.8;

/// A title's score is multiplied by this unless the query is the title.
const TITLE_FACTOR: f32 = 0.25;

impl Boost {
    fn new(query: &str, reduced: &Reduced) -> Boost {
        let query: String = parse_query(query)
            .iter()
            .filter(|t| !t.negated)
            .map(|t| compact(&t.text))
            .collect();
        let typed = reduced
            .terms
            .iter()
            .filter(|t| !t.negated)
            .map(|t| compact(&t.text))
            .filter(|t| !t.is_empty())
            .collect();
        Boost {
            query,
            typed,
            units: reduced.units.clone(),
            decision: reduced.decision,
            when: reduced.when,
        }
    }

    /// The largest factor [`Boost::factor`] can give (the product of its raises).
    fn most(&self) -> f32 {
        let mut f = 1.0;
        if !self.units.is_empty() {
            f *= 1.6;
        }
        if self.decision {
            f *= 2.0;
        }
        if self.when {
            f *= 1.4;
        }
        f
    }

    /// The factor for a hit on `text`.
    fn factor(&self, hit: &Hit, text: &str) -> f32 {
        let mut f = 1.0;
        let hay = compact(text);
        if matches!(hit.doc_type.as_str(), "agenda" | "material" | "header") {
            let n = self.query.chars().count();
            let is_title = n > 0 && hay.contains(&self.query) && n * 10 >= hay.chars().count() * 6;
            if !is_title {
                f *= TITLE_FACTOR;
            }
        }
        let n = hay.chars().count();
        if n < SHORT_BLOCK && !matches!(hit.doc_type.as_str(), "agenda" | "material" | "header") {
            f *= (n as f32 / SHORT_BLOCK as f32).max(0.3);
        }
        for t in &self.typed {
            if !hay.contains(t.as_str()) {
                f *= VARIANT_FACTOR;
            }
        }
        if !self.units.is_empty() && has_figure(&hay, &self.units) {
            f *= 1.6;
        }
        if self.decision {
            if hit.kind.as_deref() == Some("resolution") {
                f *= 2.0;
            } else if ["了承", "決定", "承認", "決まっ", "決め"]
                .iter()
                .any(|w| hay.contains(w))
            {
                f *= 1.4;
            }
        }
        if self.when && has_date(&hay) {
            f *= 1.4;
        }
        f
    }
}

/// Whether a text (compacted) holds a number followed by one of `units` (`１１件`, `3カ所`).
fn has_figure(hay: &str, units: &[&str]) -> bool {
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let digit = c.is_ascii_digit() || "一二三四五六七八九十百千".contains(c);
        let next_digit = chars.get(i + 1).is_some_and(|&(_, n)| {
            n.is_ascii_digit() || n == '.' || "一二三四五六七八九十百千".contains(n)
        });
        if digit && !next_digit {
            let rest = &hay[at + c.len_utf8()..];
            if units.iter().any(|u| rest.starts_with(u)) {
                return true;
            }
        }
    }
    false
}

/// Whether a text (compacted) holds a date (`4月1日`, `令和6年`, `2025年`).
fn has_date(hay: &str) -> bool {
    let chars: Vec<char> = hay.chars().collect();
    chars.windows(2).any(|w| {
        (w[0].is_ascii_digit() || "元一二三四五六七八九十".contains(w[0]))
            && matches!(w[1], '年' | '月' | '日')
    })
}

/// The most compounds a term's words are widened by (see [`Searcher::compounds`]).
const MAX_COMPOUNDS: usize = 8;

/// Terms that can match at most this many blocks are answered by scoring every candidate.
pub const FEW_BLOCKS: u64 = 20_000;

/// The most blocks ranked by their words before every candidate is scored instead.
const MAX_RANKED: usize = 2_000;

/// What the lists tell of a search.
enum Ranked {
    /// The best hits, proven.
    Hits(Vec<Found>),
    /// Not proven: the blocks met, with their scores, best first.
    Met(Vec<(f32, tantivy::DocAddress)>),
}

/// The best `want` blocks by `ranking`, best first, and whether they are all the blocks it
/// matches. Block-max WAND runs over every segment with one threshold, which starts from the
/// `want`-th best of the blocks already scored (`met`), so little is scored twice.
fn best_blocks(
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
struct Reads(std::collections::HashMap<tantivy::DocAddress, Option<(Hit, bool, f32)>>);

/// Collects the matching blocks with their meetings.
struct Candidates;

struct SegmentCandidates {
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

/// Documents in the order of the document store: reading them so decompresses each store
/// block once (in any other order, a block is decompressed again for each of its documents
/// that comes after another block's).
fn in_store_order(
    docs: std::collections::HashSet<tantivy::DocAddress>,
) -> Vec<tantivy::DocAddress> {
    let mut docs: Vec<tantivy::DocAddress> = docs.into_iter().collect();
    docs.sort_unstable();
    docs
}

fn filters_are_empty(f: &Filters) -> bool {
    f.from.is_none()
        && f.to.is_none()
        && f.council.is_none()
        && f.body.is_none()
        && f.kind.is_none()
        && f.speaker.is_none()
        && f.ingested_after.is_none()
}

/// A window of `text` around the first match of any of `needles` (compared as the bigram field
/// compares: widths folded, case and white space ignored), with every match marked.
pub fn snippet(text: &str, needles: &[String], width: usize) -> (String, Vec<(usize, usize)>) {
    let hay = bigram_chars(text);
    let mut ranges: Vec<(usize, usize)> = Vec::new(); // byte ranges in text
    for n in needles {
        let pat: Vec<char> = bigram_chars(n).into_iter().map(|c| c.0).collect();
        if pat.is_empty() || pat.len() > hay.len() {
            continue;
        }
        let mut i = 0;
        while i + pat.len() <= hay.len() {
            if (0..pat.len()).all(|k| hay[i + k].0 == pat[k]) {
                ranges.push((hay[i].1, hay[i + pat.len() - 1].2));
                i += pat.len();
            } else {
                i += 1;
            }
        }
    }
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    // The window, in characters.
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let total = char_starts.len();
    let char_of = |byte: usize| char_starts.partition_point(|&s| s < byte);
    let first = merged.first().map(|r| char_of(r.0)).unwrap_or(0);
    let start = first.saturating_sub(width / 3);
    let end = (start + width).min(total);
    let byte_start = char_starts.get(start).copied().unwrap_or(text.len());
    let byte_end = char_starts.get(end).copied().unwrap_or(text.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let offset = out.chars().count();
    out.push_str(&text[byte_start..byte_end].replace('\n', " "));
    if end < total {
        out.push('…');
    }
    let highlights = merged
        .into_iter()
        .filter(|r| r.0 >= byte_start && r.1 <= byte_end)
        .map(|r| (char_of(r.0) - start + offset, char_of(r.1) - start + offset))
        .collect();
    (out, highlights)
}

/// Marks the highlights of a snippet with `open` and `close`.
pub fn mark(snippet: &str, highlights: &[(usize, usize)], open: &str, close: &str) -> String {
    let mut out = String::new();
    for (i, c) in snippet.chars().enumerate() {
        if highlights.iter().any(|h| h.0 == i) {
            out.push_str(open);
        }
        out.push(c);
        if highlights.iter().any(|h| h.1 == i + 1) {
            out.push_str(close);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_syntax() {
        let q = parse_query(r#"重層的支援 "地域 部会" -Libero"#);
        assert_eq!(
            q,
            [
                QueryTerm {
                    text: "重層的支援".into(),
                    phrase: false,
                    negated: false
                },
                QueryTerm {
                    text: "地域 部会".into(),
                    phrase: true,
                    negated: false
                },
                QueryTerm {
                    text: "Libero".into(),
                    phrase: false,
                    negated: true
                },
            ]
        );
    }

    fn reduced(q: &str) -> Reduced {
        reduce(
            super::super::tokenizer::DEFAULT_JAPANESE.as_ref().unwrap(),
            q,
        )
    }

    fn texts(r: &Reduced) -> Vec<&str> {
        r.terms.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn questions_keep_their_content_words() {
        let r = reduced("Liberoかまくらにはどんなときに相談すればよいか");
        assert_eq!(texts(&r), ["Liberoかまくら", "相談"]);
        let r = reduced("委員の任期はいつまでか");
        assert_eq!(texts(&r), ["委員", "任期"]);
        assert!(r.when);
        let r = reduced("移行支援シートは特別支援学校でも使えるか");
        assert_eq!(texts(&r), ["移行支援シート", "特別支援学校"]);
        assert_eq!(r.optional, ["使える"]);
        let r = reduced("拠点の検証で何を決めたか");
        assert_eq!(texts(&r), ["拠点", "検証"]);
        assert!(r.decision);
        // Plain terms stay as typed.
        assert_eq!(
            texts(&reduced("重層的支援会議 同意")),
            ["重層的支援会議", "同意"]
        );
    }

    #[test]
    fn figure_words_ask_for_a_counter() {
        let r = reduced("重層的支援会議 開催回数");
        assert_eq!(texts(&r), ["重層的支援会議", "開催"]);
        assert_eq!(r.units, ["回"]);
        let r = reduced("Libero ケース数");
        assert_eq!(texts(&r), ["Libero", "ケース"]);
        assert!(r.units.contains(&"件"));
        let r = reduced("受入れ先は何カ所");
        assert!(r.units.contains(&"カ所"), "{r:?}");
        assert!(has_figure("受入れ先は7カ所となった", &["カ所"]));
        assert!(!has_figure("カ所", &["カ所"]));
    }

    #[test]
    fn snippets_mark_matches_across_widths_and_spaces() {
        let text = "2021年11月から Libero かまくらが新たに立ち上がった。";
        let (s, h) = snippet(text, &["Liberoかまくら".to_string()], 60);
        assert_eq!(
            mark(&s, &h, "[", "]"),
            "2021年11月から [Libero かまくら]が新たに立ち上がった。"
        );
        let (s, h) = snippet("相談件数は１２件", &["12件".to_string()], 60);
        assert_eq!(mark(&s, &h, "[", "]"), "相談件数は[１２件]");
    }
}
