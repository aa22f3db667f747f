//! Querying the index: terms AND-ed within one entry, `"…"` phrases, `-term` exclusions, aliases
//! and synonyms widening a term, filters (dates, council, body, kind, speaker), and snippets with
//! the matches marked.
//!
//! Each term must match the bigram field as a phrase (an exact substring, as grep would find
//! it); the morphological field adds to the score, so hits where the term is a word rank first.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

use super::schema::{self, Fields};
use super::tokenizer::{JapaneseTokenizer, bigram_chars, bigrams};
use super::{IndexError, Result, tantivy_dir};
use crate::record::Record;

/// Known synonyms: each group's members widen each other (in search and in tracking).
pub const SYNONYMS: &[&[&str]] = &[&["Libero", "Liberoかまくら", "相談支援包括化推進業務"]];

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
    /// Part of the speaker's label (`会長` finds `河野会長`).
    pub speaker: Option<String>,
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
    /// For a hit in a material: the meetings it was handed out at (minutes of the same date,
    /// council and body), as far as the index knows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub distributed_at: Vec<MeetingRef>,
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
        let index = Index::open_in_dir(&tdir).map_err(|e| IndexError::Open {
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
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Searcher {
            reader,
            fields,
            japanese,
            aliases,
        })
    }

    /// The variants a term stands for: itself, its synonyms and the aliases defined in the text.
    pub fn variants(&self, term: &str) -> Vec<String> {
        let key: String = bigram_chars(term).into_iter().map(|c| c.0).collect();
        let norm = |s: &str| -> String { bigram_chars(s).into_iter().map(|c| c.0).collect() };
        let mut out = vec![term.to_string()];
        for group in SYNONYMS {
            if group.iter().any(|g| norm(g) == key) {
                out.extend(group.iter().map(|s| s.to_string()));
            }
        }
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

    /// The bigram query for an exact substring.
    fn substring(&self, field: tantivy::schema::Field, text: &str) -> Option<Box<dyn Query>> {
        let grams = bigrams(text);
        let terms: Vec<Term> = grams
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

    /// The morphological query that ranks a term: any of its words (the field keeps no
    /// positions; the order of a phrase is checked on the bigrams).
    fn words(&self, text: &str) -> Option<Box<dyn Query>> {
        let terms: Vec<Term> = self
            .japanese
            .terms(text)
            .iter()
            .map(|w| Term::from_field_text(self.fields.text_ja, w))
            .collect();
        match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                terms.into_iter().next().unwrap(),
                IndexRecordOption::WithFreqs,
            ))),
            _ => Some(Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
                                as Box<dyn Query>,
                        )
                    })
                    .collect(),
            ))),
        }
    }

    /// Builds the query; returns it and the texts to mark in snippets.
    pub fn build(&self, query: &str, filters: &Filters) -> Result<(Box<dyn Query>, Vec<String>)> {
        let terms = parse_query(query);
        if terms.iter().all(|t| t.negated) && filters_are_empty(filters) {
            return Err(IndexError::Query {
                query: query.to_string(),
                reason: "give at least one term to look for".into(),
            });
        }
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut marks = Vec::new();
        for t in &terms {
            if t.negated {
                if let Some(q) = self.substring(f.text_bi, &t.text) {
                    clauses.push((Occur::MustNot, q));
                }
                continue;
            }
            let mut recall: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let mut rank: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for v in self.variants(&t.text) {
                if let Some(q) = self.substring(f.text_bi, &v) {
                    recall.push((Occur::Should, q));
                }
                if let Some(q) = self.words(&v) {
                    rank.push((Occur::Should, q));
                }
                marks.push(v);
            }
            if recall.is_empty() {
                continue;
            }
            let mut term_clause: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(BoostQuery::new(Box::new(BooleanQuery::new(recall)), 0.3)),
            )];
            if !rank.is_empty() {
                term_clause.push((Occur::Should, Box::new(BooleanQuery::new(rank))));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(term_clause))));
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        // Only searchable blocks, never the stored records.
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(f.doc_type, "record"),
                IndexRecordOption::Basic,
            )),
        ));
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
        if let Some(s) = &filters.speaker
            && let Some(q) = self.substring(f.speaker, s)
        {
            clauses.push((Occur::Must, q));
        }
        Ok((Box::new(BooleanQuery::new(clauses)), marks))
    }

    /// Runs a query.
    pub fn search(&self, query: &str, filters: &Filters) -> Result<Vec<Hit>> {
        let (q, marks) = self.build(query, filters)?;
        let searcher = self.reader.searcher();
        let limit = filters.limit.clamp(1, MAX_LIMIT);
        let top = searcher.search(&q, &TopDocs::with_limit(limit).order_by_score())?;
        let f = &self.fields;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let s = |field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let n = |field| d.get_first(field).and_then(|v| v.as_u64());
            let text = s(f.text).unwrap_or_default();
            let (snippet, highlights) = snippet(&text, &marks, 60);
            hits.push(Hit {
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
                distributed_at: Vec::new(),
            });
            if s(f.record_kind).as_deref() == Some("material")
                && let Some(date) = n(f.date).filter(|&d| d > 0)
            {
                let last = hits.len() - 1;
                hits[last].distributed_at = self.meetings_on(date, &hits[last])?;
            }
        }
        Ok(hits)
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

    /// The meetings (as numbers, see [`Fields::meeting_no`]) with a document matching `query`.
    fn meetings_matching(&self, query: &dyn Query) -> Result<std::collections::HashSet<u64>> {
        let searcher = self.reader.searcher();
        Ok(searcher.search(query, &MeetingSet)?)
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
                let (q, _) = self.build(&one, filters)?;
                let set = self.meetings_matching(q.as_ref())?;
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
            let (q, _) = self.build(query, filters)?;
            self.meetings_matching(q.as_ref())?
        };
        // Each meeting's path, from its record document's stored fields.
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let q = TermQuery::new(
            Term::from_field_text(f.doc_type, "header"),
            IndexRecordOption::Basic,
        );
        let mut paths = Vec::with_capacity(meetings.len());
        for addr in searcher.search(&q, &tantivy::collector::DocSetCollector)? {
            let no = searcher
                .segment_reader(addr.segment_ord)
                .fast_fields()
                .u64("meeting_no")?
                .first(addr.doc_id)
                .unwrap_or(0);
            if meetings.contains(&no) {
                let d: TantivyDocument = searcher.doc(addr)?;
                if let Some(p) = d.get_first(f.path).and_then(|v| v.as_str()) {
                    paths.push(p.to_string());
                }
            }
        }
        paths.sort();
        paths.dedup();
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

    /// Every stored record with its id, in no particular order (for tracking across meetings).
    pub fn records(&self) -> Result<Vec<(String, Record)>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let q = TermQuery::new(
            Term::from_field_text(f.doc_type, "record"),
            IndexRecordOption::Basic,
        );
        let addrs = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let mut out = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let d: TantivyDocument = searcher.doc(addr)?;
            let id = d
                .get_first(f.meeting_id)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            let json = d.get_first(f.record).and_then(|v| v.as_str()).unwrap_or("");
            let record: Record = serde_json::from_str(json).map_err(|e| IndexError::Read {
                reason: format!("the stored record of {id} is not valid: {e}"),
            })?;
            out.push((id, record));
        }
        out.sort_by(|a, b| {
            (&a.1.meeting.date, &a.1.source.path).cmp(&(&b.1.meeting.date, &b.1.source.path))
        });
        Ok(out)
    }

    /// The stored record whose id (or path) is `id`.
    pub fn record(&self, id: &str) -> Result<Record> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        for field in [f.meeting_id, f.path] {
            let q = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, id),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.doc_type, "record"),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]);
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            if let Some((_, addr)) = top.first() {
                let d: TantivyDocument = searcher.doc(*addr)?;
                let json = d.get_first(f.record).and_then(|v| v.as_str()).unwrap_or("");
                return serde_json::from_str(json).map_err(|e| IndexError::Read {
                    reason: format!("the stored record of {id} is not valid: {e}"),
                });
            }
        }
        Err(IndexError::NotFound { id: id.to_string() })
    }
}

/// Collects the distinct meetings of the matching documents from the `meeting_no` fast field.
struct MeetingSet;

struct SegmentMeetings {
    column: tantivy::columnar::Column<u64>,
    seen: std::collections::HashSet<u64>,
}

impl tantivy::collector::Collector for MeetingSet {
    type Fruit = std::collections::HashSet<u64>;
    type Child = SegmentMeetings;

    fn for_segment(
        &self,
        _: tantivy::SegmentOrdinal,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentMeetings> {
        Ok(SegmentMeetings {
            column: segment.fast_fields().u64("meeting_no")?,
            seen: std::collections::HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<std::collections::HashSet<u64>>,
    ) -> tantivy::Result<std::collections::HashSet<u64>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl tantivy::collector::SegmentCollector for SegmentMeetings {
    type Fruit = std::collections::HashSet<u64>;

    fn collect(&mut self, doc: tantivy::DocId, _: tantivy::Score) {
        if let Some(m) = self.column.first(doc) {
            self.seen.insert(m);
        }
    }

    fn harvest(self) -> std::collections::HashSet<u64> {
        self.seen
    }
}

fn filters_are_empty(f: &Filters) -> bool {
    f.from.is_none()
        && f.to.is_none()
        && f.council.is_none()
        && f.body.is_none()
        && f.kind.is_none()
        && f.speaker.is_none()
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
