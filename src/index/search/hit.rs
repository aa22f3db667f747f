//! A hit as a search returns it, assembled from its stored block, with the meetings a
//! material hit was handed out at.

use serde::Serialize;
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};

use super::plan::exact;
use super::snippet::snippet;
use super::{Said, Searcher};
use crate::index::schema::Slot;
use crate::index::{DocType, Result};
use crate::record::{DocumentKind, EntryKind};

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
    pub doc_type: DocType,
    /// The agenda path of the entry.
    pub agenda_ref: Option<String>,
    /// The section heading.
    pub heading: Option<String>,
    /// The entry kind.
    pub kind: Option<EntryKind>,
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
    pub question: Option<Said>,
    /// For a hit on a question (or an answered opinion): its answers (see `qa::attach`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Said>,
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

impl Searcher {
    /// A hit from its stored block, and whether it is a material's.
    pub(super) fn hit(
        &self,
        d: &TantivyDocument,
        text: &str,
        score: f32,
        marks: &[String],
    ) -> (Hit, bool) {
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
            doc_type: s(f.doc_type)
                .and_then(|t| DocType::from_name(&t))
                .unwrap_or(DocType::Entry),
            agenda_ref: s(f.agenda_ref),
            heading: s(f.heading),
            kind: s(f.kind).and_then(|k| k.parse().ok()),
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
        (
            hit,
            s(f.record_kind).as_deref() == Some(DocumentKind::Material.as_str()),
        )
    }

    /// The hits, with the meetings each material hit was handed out at.
    pub(super) fn finish(&self, hits: Vec<(Hit, bool)>) -> Result<Vec<Hit>> {
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
    pub(super) fn meetings_on(&self, date: u64, hit: &Hit) -> Result<Vec<MeetingRef>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, exact(f.doc_type, DocType::Header.as_str())),
            (
                Occur::Must,
                exact(f.record_kind, DocumentKind::Minutes.as_str()),
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.date, date),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        if let Some(c) = &hit.council {
            clauses.push((Occur::Must, exact(f.council, c)));
        }
        if let Some(b) = &hit.body {
            clauses.push((Occur::Must, exact(f.body, b)));
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
}
