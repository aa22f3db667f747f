//! An agenda item across meetings: every meeting where a matching item was on the agenda, with
//! its materials, the entries under it by kind and its resolutions ([`agenda`]), and that history
//! as a series for the chart ([`agenda_series`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Stored;
use super::facts::FactPoint;
use super::matcher::{Matcher, bigrams, comparable};
use crate::record::{AgendaItem, DocumentKind, EntryKind, Record};
use crate::text::similarity::Bigrams;

/// One meeting where a matching agenda item was on the agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaAppearance {
    /// The minutes' id.
    pub meeting_id: String,
    /// The meeting date, ISO.
    pub date: Option<String>,
    /// The meeting's title.
    pub meeting_title: Option<String>,
    /// The body.
    pub body: Option<String>,
    /// The item's path (`2.(3)`).
    pub path: String,
    /// The item's title as printed.
    pub title: String,
    /// The materials it cites.
    pub materials: Vec<String>,
    /// Entries discussed under it (and its sub-items), by kind.
    pub entries_by_kind: BTreeMap<String, usize>,
    /// What was decided (the resolution entries).
    pub resolutions: Vec<String>,
}

/// The part of an agenda title that names the topic: without `について`, `の状況`, `（案）`, the
/// fiscal year, and similar wording that changes from meeting to meeting.
fn topic(title: &str) -> String {
    /// The wording that changes from meeting to meeting, removed in this order.
    static WORDING: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
        [
            &format!(r"(?:{})\d+年度", crate::text::era::ERAS),
            r"\(\d{4}年度\)",
            r"\d{4}年度",
            r"第\d+期",
            r"\(案\)",
            r"について$",
            r"に関すること$",
            r"の(状況|報告|進捗|進捗状況|取組|取り組み|実施状況)$",
            r"(報告|状況)$",
        ]
        .iter()
        .map(|p| regex::Regex::new(p).expect("static pattern"))
        .collect()
    });
    let mut t = comparable(title);
    for re in WORDING.iter() {
        t = re.replace_all(&t, "").into_owned();
    }
    t
}

/// Every meeting where an agenda item matching `query` appears, in date order: items whose title
/// holds the query (widened by synonyms and aliases), and items elsewhere whose topic is close
/// to one of those (the same item worded differently another year). Each comes with its
/// materials, the entries under it by kind, and its resolutions.
pub fn agenda(records: &[Stored], query: &str) -> Vec<AgendaAppearance> {
    let matcher = Matcher::new(query, records);
    let mut all: Vec<(&String, &Record, &AgendaItem)> = Vec::new();
    for (id, r) in records {
        if r.kind != DocumentKind::Minutes {
            continue;
        }
        all.extend(r.agenda_items().map(|(_, i)| (id, r, i)));
    }
    let direct: Vec<bool> = all
        .iter()
        .map(|(_, _, i)| matcher.matches(&i.title))
        .collect();
    let topics: Vec<String> = all.iter().map(|(_, _, i)| topic(&i.title)).collect();
    // Each distinct topic once, its bigrams computed once: a word found in most titles
    // (`支援`) makes every title a matched topic, and comparing all with all is quadratic.
    let mut matched_topics: Vec<&String> = topics
        .iter()
        .zip(&direct)
        .filter(|(_, d)| **d)
        .map(|(t, _)| t)
        .collect();
    matched_topics.sort();
    matched_topics.dedup();
    let matched_grams: Vec<Bigrams> = matched_topics.iter().map(|t| bigrams(t)).collect();
    let mut reworded: BTreeMap<&str, bool> = BTreeMap::new();
    let mut out = Vec::new();
    for (n, (id, r, item)) in all.iter().enumerate() {
        let similar = !direct[n]
            && topics[n].chars().count() >= 4
            && *reworded.entry(topics[n].as_str()).or_insert_with(|| {
                let g = bigrams(&topics[n]);
                matched_grams.iter().any(|t| t.similarity(&g) >= 0.7)
            });
        if !direct[n] && !similar {
            continue;
        }
        let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
        let mut resolutions = Vec::new();
        for s in &r.proceedings {
            let under = s
                .agenda_ref
                .as_deref()
                .is_some_and(|a| a.starts_with(item.path.as_str()));
            if !under {
                continue;
            }
            for e in &s.entries {
                *by_kind.entry(e.kind.as_str().to_string()).or_default() += 1;
                if e.kind == EntryKind::Resolution {
                    resolutions.push(e.text.clone());
                }
            }
        }
        out.push(AgendaAppearance {
            meeting_id: (*id).clone(),
            date: r.meeting.date.clone(),
            meeting_title: r.meeting.title.clone(),
            body: r.meeting.body.clone(),
            path: item.path.clone(),
            title: item.title.clone(),
            materials: item.materials.clone(),
            entries_by_kind: by_kind,
            resolutions,
        });
    }
    // An item and its parent both matching: keep the parent only when its child is not listed.
    let keep: Vec<bool> = out
        .iter()
        .map(|a| {
            !out.iter().any(|b| {
                b.meeting_id == a.meeting_id
                    && b.path != a.path
                    && b.path.starts_with(a.path.as_str())
            })
        })
        .collect();
    let mut out: Vec<AgendaAppearance> = out
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(a, _)| a)
        .collect();
    out.sort_by(|a, b| (&a.date, &a.meeting_id, &a.path).cmp(&(&b.date, &b.meeting_id, &b.path)));
    out
}

/// The agenda history as a series for the chart: per meeting, the number of entries said under
/// the item (the largest where several matching items were on that meeting's agenda).
pub fn agenda_series(history: &[AgendaAppearance]) -> Vec<FactPoint> {
    let mut points: Vec<FactPoint> = Vec::new();
    for h in history {
        let n = h.entries_by_kind.values().sum::<usize>() as f64;
        match points.iter_mut().find(|p| p.meeting_id == h.meeting_id) {
            Some(p) if p.value >= n => {}
            Some(p) => {
                p.value = n;
                p.subject = h.title.clone();
                p.agenda_ref = Some(h.path.clone());
            }
            None => points.push(FactPoint {
                date: h.date.clone(),
                value: n,
                value_max: None,
                approximate: false,
                unit: "件".into(),
                subject: h.title.clone(),
                quote: h.resolutions.join(" "),
                meeting_id: h.meeting_id.clone(),
                record_kind: DocumentKind::Minutes,
                meeting_title: h.meeting_title.clone(),
                body: h.body.clone(),
                agenda_ref: Some(h.path.clone()),
                entry_kind: None,
                line: 0,
                primary: true,
            }),
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::matcher::similarity;

    #[test]
    fn topics_leave_out_the_wording_of_the_year() {
        assert!(topic("令和5年度重層的支援体制整備事業の状況について") == "重層的支援体制整備事業");
        assert!(
            similarity(
                &topic("重層的支援体制整備事業の進捗状況"),
                "重層的支援体制整備事業"
            ) > 0.9
        );
    }
}
