//! A figure across meetings: the facts whose subject (or sentence) matches a query, as a series
//! of [`FactPoint`]s with one point per meeting ([`facts`]), and the series as CSV and printed
//! values ([`facts_csv`], [`value_text`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Stored;
use super::matcher::{Matcher, bigrams, comparable};
use crate::record::{DocumentKind, EntryKind, Fact, Record};
use crate::text::similarity::Bigrams;

/// What `track facts` looks for.
#[derive(Debug, Clone, Default)]
pub struct FactQuery {
    /// Words that must all occur in the fact's subject (or in its sentence, see [`facts`]).
    pub query: String,
    /// Only this counter word (`件`; `カ所`, `か所`, `箇所` are the same).
    pub unit: Option<String>,
    /// Only this council.
    pub council: Option<String>,
    /// Every matching fact, not one per meeting.
    pub all: bool,
}

/// One point of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactPoint {
    /// The meeting date, ISO (null for a material whose meeting is unknown).
    pub date: Option<String>,
    /// The value (the lower end of a range).
    pub value: f64,
    /// The upper end of a range.
    pub value_max: Option<f64>,
    /// Printed as an approximation (`約20名`).
    pub approximate: bool,
    /// The counter word.
    pub unit: String,
    /// What is counted.
    pub subject: String,
    /// The sentence it was read from.
    pub quote: String,
    /// The record it comes from.
    pub meeting_id: String,
    /// That record's kind: minutes, or a material handed out at the meeting.
    pub record_kind: DocumentKind,
    /// The meeting's title (a material's title).
    pub meeting_title: Option<String>,
    /// The body.
    pub body: Option<String>,
    /// The agenda path.
    pub agenda_ref: Option<String>,
    /// The kind of entry it was said in.
    pub entry_kind: Option<EntryKind>,
    /// The line in the source.
    pub line: usize,
    /// The point stands for its meeting in the series (one per meeting); the others are further
    /// matches at the same meeting.
    pub primary: bool,
}

/// The counter word in one spelling: `ヶ所`, `ケ所`, `か所`, `箇所` are `カ所`.
pub fn normalize_unit(u: &str) -> String {
    let u = crate::text::fold_width(u.trim());
    match u.as_str() {
        "ヶ所" | "ケ所" | "か所" | "箇所" | "ヵ所" | "カ所" => "カ所".into(),
        _ => u,
    }
}

/// Each entry of a record by its [`comparable`] text, to find the entry a fact was said in:
/// folded once per record, not once per fact.
fn comparable_entries(r: &Record) -> Vec<(String, EntryKind)> {
    r.proceedings
        .iter()
        .flat_map(|s| s.entries.iter())
        .map(|e| (comparable(&e.text), e.kind))
        .collect()
}

/// The kind of the entry a fact was said in, found by its sentence among `entries`
/// ([`comparable_entries`]).
fn entry_kind_of(entries: &[(String, EntryKind)], f: &Fact) -> Option<EntryKind> {
    let q = comparable(&f.quote);
    entries
        .iter()
        .find(|(text, _)| text.contains(&q))
        .map(|(_, kind)| *kind)
}

/// How well the kind of entry a fact was said in stands for its meeting, best first: an
/// explanation, answer or note (or no entry found), then a resolution, then the others.
fn entry_kind_rank(k: Option<EntryKind>) -> u8 {
    match k {
        Some(EntryKind::Explanation | EntryKind::Answer | EntryKind::Note) | None => 0,
        Some(EntryKind::Resolution) => 1,
        _ => 2,
    }
}

/// The facts whose subject matches the query, in date order. A fact whose subject does not match
/// is taken when its sentence does, unless another fact of that sentence matched by its subject
/// (in `６件で、そのうち２件は…` the query `ケース` is about the 6). The same value in the same unit
/// at the same meeting is one point.
///
/// Unless `all` is asked, one point per meeting: where a meeting has several, the one whose
/// subject is most like the other meetings' subjects (the series stays one series), then the
/// one said in an explanation or answer rather than a question, then the first.
pub fn facts(records: &[Stored], q: &FactQuery) -> Vec<FactPoint> {
    let matcher = Matcher::new(&q.query, records);
    let unit = q.unit.as_deref().map(normalize_unit);
    let mut points: Vec<FactPoint> = Vec::new();
    for (id, r) in records {
        if let Some(c) = &q.council
            && !r
                .meeting
                .council
                .as_deref()
                .is_some_and(|rc| comparable(rc).contains(&comparable(c)))
        {
            continue;
        }
        let by_subject: Vec<bool> = r
            .facts
            .iter()
            .map(|f| matcher.matches(&f.subject))
            .collect();
        let mut seen: BTreeSet<(String, u64)> = BTreeSet::new();
        let mut entries: Option<Vec<(String, EntryKind)>> = None;
        for (i, f) in r.facts.iter().enumerate() {
            if unit
                .as_deref()
                .is_some_and(|u| normalize_unit(&f.unit) != u)
            {
                continue;
            }
            let taken = by_subject[i]
                || (matcher.matches(&f.quote)
                    && !r
                        .facts
                        .iter()
                        .enumerate()
                        .any(|(j, g)| j != i && by_subject[j] && g.quote == f.quote));
            if !taken || !seen.insert((normalize_unit(&f.unit), f.value.to_bits())) {
                continue;
            }
            points.push(FactPoint {
                date: r.meeting.date.clone(),
                value: f.value,
                value_max: f.value_max,
                approximate: f.approximate,
                unit: f.unit.clone(),
                subject: f.subject.clone(),
                quote: f.quote.clone(),
                meeting_id: id.clone(),
                record_kind: r.kind,
                meeting_title: r.title().map(str::to_string),
                body: r.meeting.body.clone(),
                agenda_ref: f.agenda_ref.clone(),
                entry_kind: entry_kind_of(entries.get_or_insert_with(|| comparable_entries(r)), f),
                line: f.line,
                primary: false,
            });
        }
    }
    points.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.meeting_id, a.line).cmp(&(
            b.date.is_none(),
            &b.date,
            &b.meeting_id,
            b.line,
        ))
    });
    choose_primaries(&mut points);
    if !q.all {
        points.retain(|p| p.primary);
    }
    points
}

/// Marks one point per meeting as the series' point (see [`facts`]).
fn choose_primaries(points: &mut [FactPoint]) {
    // A meeting is its date (a material handed out there belongs to it), or its record when the
    // date is unknown.
    let mut by_meeting: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in points.iter().enumerate() {
        let k = p.date.as_deref().unwrap_or(p.meeting_id.as_str());
        by_meeting.entry(k).or_default().push(i);
    }
    // Each subject's bigrams, once (the comparisons below are every point with every other).
    let grams: Vec<Bigrams> = points.iter().map(|p| bigrams(&p.subject)).collect();
    let mut chosen = Vec::new();
    for (meeting, idx) in &by_meeting {
        let coherence = |i: usize| -> f64 {
            by_meeting
                .iter()
                .filter(|(m, _)| *m != meeting)
                .map(|(_, others)| {
                    others
                        .iter()
                        .map(|&j| grams[i].similarity(&grams[j]))
                        .fold(0.0, f64::max)
                })
                .sum()
        };
        let best = idx.iter().copied().map(|i| (i, coherence(i))).fold(
            None::<(usize, f64)>,
            |acc, (i, c)| match acc {
                None => Some((i, c)),
                Some((bi, bc)) => {
                    // Minutes before the materials of their meeting, then the kind of entry.
                    let rank = |k: usize| {
                        (
                            points[k].record_kind == DocumentKind::Material,
                            entry_kind_rank(points[k].entry_kind),
                        )
                    };
                    let better = c > bc + 1e-9 || ((c - bc).abs() <= 1e-9 && rank(i) < rank(bi));
                    Some(if better { (i, c) } else { (bi, bc) })
                }
            },
        );
        if let Some((i, _)) = best {
            chosen.push(i);
        }
    }
    for i in chosen {
        points[i].primary = true;
    }
}

/// The points as CSV (RFC 4180 quoting), with a header row.
pub fn facts_csv(points: &[FactPoint]) -> String {
    let esc = |s: &str| -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from(
        "date,value,value_max,approximate,unit,subject,quote,meeting_id,meeting_title,agenda_ref\n",
    );
    for p in points {
        let row = [
            p.date.clone().unwrap_or_default(),
            number(p.value),
            p.value_max.map(number).unwrap_or_default(),
            p.approximate.to_string(),
            p.unit.clone(),
            p.subject.clone(),
            p.quote.clone(),
            p.meeting_id.clone(),
            p.meeting_title.clone().unwrap_or_default(),
            p.agenda_ref.clone().unwrap_or_default(),
        ];
        let cells: Vec<String> = row.iter().map(|c| esc(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// A number as printed: no `.0` on whole numbers.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A point's value as printed: `約20名`, `2～3回`.
pub fn value_text(p: &FactPoint) -> String {
    format!(
        "{}{}{}{}",
        if p.approximate { "約" } else { "" },
        number(p.value),
        p.value_max
            .map(|m| format!("～{}", number(m)))
            .unwrap_or_default(),
        p.unit
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_numbers() {
        assert_eq!(normalize_unit("ヶ所"), "カ所");
        assert_eq!(normalize_unit("件"), "件");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(38.6), "38.6");
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let p = FactPoint {
            date: Some("2024-05-27".into()),
            value: 6.0,
            value_max: None,
            approximate: false,
            unit: "件".into(),
            subject: "ケース".into(),
            quote: "ケースは6件で、そのうち\"2件\"は".into(),
            meeting_id: "abc".into(),
            record_kind: DocumentKind::Minutes,
            meeting_title: None,
            body: None,
            agenda_ref: Some("2.(3)".into()),
            entry_kind: None,
            line: 3,
            primary: true,
        };
        let csv = facts_csv(&[p]);
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "2024-05-27,6,,false,件,ケース,\"ケースは6件で、そのうち\"\"2件\"\"は\",abc,,2.(3)"
        );
    }
}
