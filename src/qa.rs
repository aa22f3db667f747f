//! Questions with their answers, like a 質問・答弁集: the pairs a record's `reply_to` links
//! (see [`crate::parse::reply`]), listed by meeting or for a query, and attached to search hits
//! (a hit on a question shows its answers, a hit on an answer its question). Works on stored
//! records, so the CLI and the web page share it.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::index::Result;
pub use crate::index::search::Said;
use crate::index::search::{Filters, Hit, Searcher};
use crate::parse::reply;
use crate::record::{EntryKind, Record};
use crate::track::Stored;

/// A question (or an opinion that was answered) with its answers, and where it was said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// The meeting's id.
    pub meeting_id: String,
    /// The meeting's title.
    pub title: String,
    /// The meeting's date, ISO.
    pub date: Option<String>,
    /// The council.
    pub council: Option<String>,
    /// The body.
    pub body: Option<String>,
    /// The agenda path of the section.
    pub agenda_ref: Option<String>,
    /// The section's heading.
    pub heading: Option<String>,
    /// The question.
    pub question: Said,
    /// Its answers, in order.
    pub answers: Vec<Said>,
}

/// Which pairs to list.
#[derive(Debug, Clone, Default)]
pub struct PairFilters {
    /// Earliest meeting date.
    pub from: Option<chrono::NaiveDate>,
    /// Latest meeting date.
    pub to: Option<chrono::NaiveDate>,
    /// The council, exactly.
    pub council: Option<String>,
    /// The body, exactly.
    pub body: Option<String>,
    /// One meeting, by id.
    pub meeting: Option<String>,
    /// Only questions whose speaker is this person (see [`crate::people::matches`]).
    pub speaker: Option<String>,
}

/// Every pair of one record, in document order.
pub fn pairs_of(id: &str, record: &Record) -> Vec<Pair> {
    let flat = reply::flat(record);
    let mut sections = Vec::with_capacity(flat.len());
    for s in &record.proceedings {
        sections.extend(std::iter::repeat_n(s, s.entries.len()));
    }
    let mut out: Vec<Pair> = Vec::new();
    let mut at_of: HashMap<usize, usize> = HashMap::new();
    for (i, e) in flat.iter().enumerate() {
        let Some(q) = e.reply_to.filter(|&q| q < i) else {
            continue;
        };
        let slot = *at_of.entry(q).or_insert_with(|| {
            let s = sections[q];
            out.push(Pair {
                meeting_id: id.to_string(),
                title: record.title().unwrap_or_default().to_string(),
                date: record.meeting.date.clone(),
                council: record.meeting.council.clone(),
                body: record.meeting.body.clone(),
                agenda_ref: s.agenda_ref.clone(),
                heading: s.heading.clone(),
                question: Said::of(q, flat[q]),
                answers: Vec::new(),
            });
            out.len() - 1
        });
        out[slot].answers.push(Said::of(i, e));
    }
    out
}

/// Every pair of the records that pass the filters, by meeting (oldest first) and in order.
pub fn pairs(records: &[Stored], filters: &PairFilters) -> Vec<Pair> {
    let mut out = Vec::new();
    for (id, r) in records {
        if !meeting_passes(id, r, filters) {
            continue;
        }
        let mut p = pairs_of(id, r);
        if let Some(who) = &filters.speaker {
            p.retain(|p| {
                let flat = reply::flat(r);
                flat.get(p.question.entry)
                    .is_some_and(|e| crate::people::matches(e, who))
            });
        }
        out.extend(p);
    }
    out
}

fn meeting_passes(id: &str, r: &Record, f: &PairFilters) -> bool {
    let date = r
        .meeting
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    f.meeting.as_deref().is_none_or(|m| m == id)
        && f.from.is_none_or(|d| date.is_some_and(|x| x >= d))
        && f.to.is_none_or(|d| date.is_some_and(|x| x <= d))
        && f.council
            .as_deref()
            .is_none_or(|c| r.meeting.council.as_deref() == Some(c))
        && f.body
            .as_deref()
            .is_none_or(|b| r.meeting.body.as_deref() == Some(b))
}

/// The pairs a query finds: the best hits on questions and answers (with the search's filters),
/// each as its whole pair, in the order of their best hit, each pair once.
pub fn matching(searcher: &Searcher, query: &str, filters: &Filters) -> Result<Vec<Pair>> {
    let wide = Filters {
        limit: filters.limit.max(1) * 4,
        kind: None,
        ..filters.clone()
    };
    let hits = searcher.search(query, &wide)?;
    let mut cache: HashMap<String, Option<Record>> = HashMap::new();
    let mut out: Vec<Pair> = Vec::new();
    for h in &hits {
        let Some((section, entry)) = h.slot else {
            continue;
        };
        let record = cache
            .entry(h.meeting_id.clone())
            .or_insert_with(|| searcher.record(&h.meeting_id).ok());
        let Some(record) = record.as_ref() else {
            continue;
        };
        let Some(at) = reply::flat_index(record, section, entry) else {
            continue;
        };
        // The hit's question: the one it answers, or itself.
        let q = reply::flat(record)[at].reply_to.unwrap_or(at);
        if out
            .iter()
            .any(|o| o.meeting_id == h.meeting_id && o.question.entry == q)
        {
            continue;
        }
        if let Some(p) = pairs_of(&h.meeting_id, record)
            .into_iter()
            .find(|p| p.question.entry == q)
        {
            out.push(p);
        }
        if out.len() == filters.limit.max(1) {
            break;
        }
    }
    Ok(out)
}

/// Attaches to each hit on an entry its pair: to a question (or an answered opinion) its
/// answers, to an answer its question. Each record is read from the index once.
pub fn attach(searcher: &Searcher, hits: &mut [Hit]) -> Result<()> {
    // Each meeting's record document alone, then the texts of only the entries the hits'
    // questions and answers are (a meeting has a hundred entries; a hit shows two or three).
    let mut records: HashMap<String, Option<Record>> = HashMap::new();
    let mut needed: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for h in hits.iter() {
        let Some((section, entry)) = h.slot else {
            continue;
        };
        let record = records
            .entry(h.meeting_id.clone())
            .or_insert_with(|| searcher.record_alone(&h.meeting_id).ok().map(|r| r.1));
        let Some(record) = record.as_ref() else {
            continue;
        };
        let Some(at) = reply::flat_index(record, section, entry) else {
            continue;
        };
        let flat = reply::flat(record);
        let wanted = needed.entry(h.meeting_id.clone()).or_default();
        wanted.extend(flat[at].reply_to.filter(|&q| q < flat.len()));
        wanted.extend(reply::answers_to(record, at));
    }
    for (id, wanted) in &needed {
        if let Some(Some(record)) = records.get_mut(id) {
            let places: Vec<(usize, usize)> = wanted
                .iter()
                .filter_map(|&at| reply::place(record, at))
                .collect();
            searcher.put_back_entries(id, record, &places)?;
        }
    }
    for h in hits.iter_mut() {
        if h.slot.is_some()
            && let Some(Some(record)) = records.get(&h.meeting_id)
        {
            attach_one(h, record);
        }
    }
    Ok(())
}

/// [`attach`] with the records already loaded (the web page's catalog).
pub fn attach_from<'a>(hits: &mut [Hit], lookup: impl Fn(&str) -> Option<&'a Record>) {
    for h in hits.iter_mut() {
        if h.slot.is_some()
            && let Some(record) = lookup(&h.meeting_id)
        {
            attach_one(h, record);
        }
    }
}

fn attach_one(h: &mut Hit, record: &Record) {
    let Some((section, entry)) = h.slot else {
        return;
    };
    let Some(at) = reply::flat_index(record, section, entry) else {
        return;
    };
    let flat = reply::flat(record);
    if let Some(q) = flat[at].reply_to.filter(|&q| q < flat.len()) {
        h.question = Some(Said::of(q, flat[q]));
    }
    h.answers = reply::answers_to(record, at)
        .into_iter()
        .map(|a| Said::of(a, flat[a]))
        .collect();
}

/// The first `n` characters of a text, with `…` when cut.
pub fn clip(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

/// The pairs as text, by meeting: a heading per meeting, then each question and its answers.
pub fn render_text(pairs: &[Pair]) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let mut last: Option<&str> = None;
    for p in pairs {
        if last != Some(p.meeting_id.as_str()) {
            if last.is_some() {
                o.push('\n');
            }
            let _ = writeln!(
                o,
                "{}  {}  (id {})",
                p.date.as_deref().unwrap_or("----------"),
                p.title,
                p.meeting_id
            );
            last = Some(&p.meeting_id);
        }
        let place = match (&p.agenda_ref, &p.heading) {
            (Some(a), Some(h)) => format!("{a} {h}"),
            (Some(a), None) => a.clone(),
            (None, Some(h)) => h.clone(),
            (None, None) => String::new(),
        };
        let mark = if p.question.kind == EntryKind::Question {
            "問"
        } else {
            "意見"
        };
        let _ = writeln!(
            o,
            "  [{place}] {mark}{} (line {}): {}",
            p.question.by(),
            p.question.line,
            p.question.text
        );
        for a in &p.answers {
            let _ = writeln!(o, "      答{} (line {}): {}", a.by(), a.line, a.text);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        let mut r: Record = serde_json::from_value(serde_json::json!({
            "schema_version": 1, "kind": "minutes",
            "source": {"path": "x.txt", "sha256": "0", "format": "txt", "encoding": "UTF-8", "pages": null},
            "meeting": {"date": "2024-01-15", "title": "第1回 会議"},
            "attendance": {"members": [], "secretariat": [], "observers": [], "printed_count": null},
            "agenda": [], "materials": [], "aliases": [], "facts": [],
            "header_notes": [], "title": null, "issuer": null, "issued": null, "sections": [],
            "organizations": [], "programmes": [], "warnings": [],
            "proceedings": [
                {"agenda_ref": "1.", "heading": "報告", "entries": [
                    {"kind": "explanation", "speaker": "事務局", "text": "説明。", "line": 3, "page": null, "cue": null},
                    {"kind": "question", "speaker": "田中委員", "text": "件数は。", "line": 4, "page": null, "cue": null},
                    {"kind": "answer", "speaker": "事務局", "text": "３件。", "line": 5, "page": null, "cue": null},
                    {"kind": "answer", "speaker": "会長", "text": "補足。", "line": 6, "page": null, "cue": null}
                ]},
                {"agenda_ref": "2.", "heading": null, "entries": [
                    {"kind": "question", "speaker": "佐藤委員", "text": "予定は。", "line": 8, "page": null, "cue": null},
                    {"kind": "answer", "speaker": null, "text": "秋。", "line": 9, "page": null, "cue": null}
                ]}
            ]
        }))
        .unwrap();
        crate::parse::reply::link(&mut r);
        r
    }

    #[test]
    fn pairs_of_a_record_in_order_with_every_answer() {
        let p = pairs_of("abc", &record());
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].question.text, "件数は。");
        assert_eq!(
            p[0].answers.iter().map(|a| a.entry).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert_eq!(p[1].agenda_ref.as_deref(), Some("2."));
        assert_eq!(p[1].answers[0].by(), "");
        let text = render_text(&p);
        assert!(text.contains("問 田中委員 (line 4): 件数は。"), "{text}");
        assert!(text.contains("答 事務局 (line 5): ３件。"), "{text}");
    }

    #[test]
    fn filters_by_meeting_and_date() {
        let records = vec![("abc".to_string(), record())];
        let all = pairs(&records, &PairFilters::default());
        assert_eq!(all.len(), 2);
        let none = pairs(
            &records,
            &PairFilters {
                from: chrono::NaiveDate::from_ymd_opt(2024, 2, 1),
                ..PairFilters::default()
            },
        );
        assert!(none.is_empty());
        let other = pairs(
            &records,
            &PairFilters {
                meeting: Some("def".into()),
                ..PairFilters::default()
            },
        );
        assert!(other.is_empty());
        assert_eq!(clip("あいうえお", 3), "あいう…");
    }
}
