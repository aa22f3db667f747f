//! Following things across meetings: a figure (Libero's case count), an agenda item (its history,
//! materials and resolutions), and the links between minutes and the materials handed out at them.
//!
//! Everything here works on records (as [`crate::index::search::Searcher::records`] returns them,
//! each with its id), never on the index directly, so the web page and the CLI share it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::index::search::SYNONYMS;
use crate::record::{AgendaItem, DocumentKind, EntryKind, Fact, Record};
use crate::text::compact;

/// A record with its id (the first 12 hex digits of its file's SHA-256).
pub type Stored = (String, Record);

// ---------------------------------------------------------------------------------------------
// Matching

/// The comparable form of a text: NFKC, white space removed, Latin letters lower-cased.
fn key(s: &str) -> String {
    compact(s).to_lowercase()
}

/// A query as groups of alternatives: every group must match, any alternative of a group may.
/// Terms are separated by white space; each is widened by the synonyms and the aliases defined
/// in the records (short ↔ long).
#[derive(Debug, Clone)]
pub struct Matcher {
    groups: Vec<Vec<String>>,
}

impl Matcher {
    /// Builds the matcher for `query` over the aliases of `records`.
    pub fn new(query: &str, records: &[Stored]) -> Matcher {
        let mut aliases: BTreeSet<(String, String)> = BTreeSet::new();
        for (_, r) in records {
            for a in &r.aliases {
                aliases.insert((key(&a.short), key(&a.long)));
            }
        }
        let groups = query
            .split_whitespace()
            .map(|term| {
                let k = key(term);
                let mut alts = vec![k.clone()];
                for group in SYNONYMS {
                    if group.iter().any(|g| key(g) == k) {
                        alts.extend(group.iter().map(|g| key(g)));
                    }
                }
                for (short, long) in &aliases {
                    if *short == k {
                        alts.push(long.clone());
                    } else if *long == k {
                        alts.push(short.clone());
                    }
                }
                alts.sort();
                alts.dedup();
                alts
            })
            .filter(|alts| alts.iter().any(|a| !a.is_empty()))
            .collect();
        Matcher { groups }
    }

    /// True when every term (or one of its variants) occurs in `text`.
    pub fn matches(&self, text: &str) -> bool {
        if self.groups.is_empty() {
            return false;
        }
        let hay = key(text);
        self.groups.iter().all(|alts| {
            alts.iter()
                .any(|a| !a.is_empty() && hay.contains(a.as_str()))
        })
    }
}

/// Dice coefficient of the character bigrams of two texts (compared in their [`key`] form).
pub fn similarity(a: &str, b: &str) -> f64 {
    Grams::of(a).similarity(&Grams::of(b))
}

/// A text's [`key`] and its sorted character bigrams, computed once for comparing it with many.
#[derive(Debug, Clone)]
struct Grams {
    key: String,
    grams: Vec<(char, char)>,
}

impl Grams {
    fn of(s: &str) -> Grams {
        let key = key(s);
        let cs: Vec<char> = key.chars().collect();
        let mut grams: Vec<(char, char)> = cs.windows(2).map(|w| (w[0], w[1])).collect();
        grams.sort();
        Grams { key, grams }
    }

    /// See [`similarity`].
    fn similarity(&self, other: &Grams) -> f64 {
        let (ga, gb) = (&self.grams, &other.grams);
        if ga.is_empty() || gb.is_empty() {
            return if self.key == other.key && !self.key.is_empty() {
                1.0
            } else {
                0.0
            };
        }
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < ga.len() && j < gb.len() {
            match ga[i].cmp(&gb[j]) {
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        2.0 * common as f64 / (ga.len() + gb.len()) as f64
    }
}

/// True when two optional names agree: either is unknown, or they are the same once compacted.
fn compatible(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => key(a) == key(b),
        _ => true,
    }
}

// ---------------------------------------------------------------------------------------------
// Links between minutes and materials

/// A record another one links to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedRecord {
    /// Its id, for `gijiroku show`.
    pub record_id: String,
    /// Its title (the meeting's title for minutes).
    pub title: Option<String>,
    /// Its meeting date, ISO.
    pub date: Option<String>,
    /// Its source file.
    pub path: String,
}

impl LinkedRecord {
    fn of(id: &str, r: &Record) -> LinkedRecord {
        LinkedRecord {
            record_id: id.to_string(),
            title: r.meeting.title.clone().or_else(|| r.title.clone()),
            date: r.meeting.date.clone(),
            path: r.source.path.clone(),
        }
    }
}

/// A material cited or listed by a set of minutes, and the ingested material it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialLink {
    /// The id as the minutes give it (`資料3-2`), or null for unnumbered items (次第).
    pub id: Option<String>,
    /// The title in the minutes' materials list (empty when only cited in the agenda).
    pub title: String,
    /// Listed in the minutes' materials list.
    pub listed: bool,
    /// The agenda items that cite it (their paths).
    pub cited_by: Vec<String>,
    /// The ingested material it resolves to; null when none was ingested (reported missing).
    pub resolved: Option<LinkedRecord>,
}

fn agenda_citations(items: &[AgendaItem], out: &mut Vec<(String, String)>) {
    for item in items {
        for m in &item.materials {
            out.push((m.clone(), item.path.clone()));
        }
        agenda_citations(&item.children, out);
    }
}

/// Whether the material `m` was handed out at the meeting of `minutes` as `id` / `title`.
fn is_distributed(minutes: &Record, id: Option<&str>, title: &str, m: &Record) -> bool {
    if m.kind != DocumentKind::Material {
        return false;
    }
    let mtitle = m.title.as_deref().unwrap_or("");
    match (&m.meeting.date, &minutes.meeting.date) {
        (Some(md), Some(d)) if md == d => {
            if !compatible(&m.meeting.council, &minutes.meeting.council)
                || !compatible(&m.meeting.body, &minutes.meeting.body)
            {
                return false;
            }
            match (id, &m.material_id) {
                (Some(a), Some(b)) => key(a) == key(b),
                _ => !title.is_empty() && similarity(title, mtitle) >= 0.6,
            }
        }
        // A material whose meeting is unknown is linked by a long, near-identical title only.
        (None, _) => key(title).chars().count() >= 6 && similarity(title, mtitle) >= 0.85,
        _ => false,
    }
}

/// Every material the minutes list or cite, each resolved to an ingested material where one
/// matches: handed out at the same meeting (date, and council and body where both are known)
/// under the same id, or with a similar title; a material with no known meeting only by a
/// near-identical title.
pub fn material_links(minutes: &Record, records: &[Stored]) -> Vec<MaterialLink> {
    let mut citations = Vec::new();
    agenda_citations(&minutes.agenda, &mut citations);
    let mut links: Vec<MaterialLink> = minutes
        .materials
        .iter()
        .map(|m| MaterialLink {
            id: m.id.clone(),
            title: m.title.clone(),
            listed: true,
            cited_by: Vec::new(),
            resolved: None,
        })
        .collect();
    for (id, path) in citations {
        match links
            .iter_mut()
            .find(|l| l.id.as_deref().map(key) == Some(key(&id)))
        {
            Some(l) => {
                if !l.cited_by.contains(&path) {
                    l.cited_by.push(path);
                }
            }
            None => links.push(MaterialLink {
                id: Some(id),
                title: String::new(),
                listed: false,
                cited_by: vec![path],
                resolved: None,
            }),
        }
    }
    for l in &mut links {
        l.resolved = records
            .iter()
            .find(|(_, m)| is_distributed(minutes, l.id.as_deref(), &l.title, m))
            .map(|(id, m)| LinkedRecord::of(id, m));
    }
    links
}

/// The meetings whose minutes list or cite the material `material` (see [`material_links`]).
pub fn distributed_at(material: &Record, records: &[Stored]) -> Vec<LinkedRecord> {
    if material.kind != DocumentKind::Material {
        return Vec::new();
    }
    let only = [(String::new(), material.clone())];
    let mut out = Vec::new();
    for (id, r) in records {
        if r.kind != DocumentKind::Minutes {
            continue;
        }
        let hit = material_links(r, &only)
            .iter()
            .any(|l| l.resolved.is_some());
        if hit {
            out.push(LinkedRecord::of(id, r));
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}

// ---------------------------------------------------------------------------------------------
// Facts

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
    /// That record's kind: `minutes`, or `material` (a material handed out at the meeting).
    pub record_kind: String,
    /// The meeting's title (a material's title).
    pub meeting_title: Option<String>,
    /// The body.
    pub body: Option<String>,
    /// The agenda path.
    pub agenda_ref: Option<String>,
    /// The kind of entry it was said in.
    pub entry_kind: Option<String>,
    /// The line in the source.
    pub line: usize,
    /// The point stands for its meeting in the series (one per meeting); the others are further
    /// matches at the same meeting.
    pub primary: bool,
}

/// The counter word in one spelling: `ヶ所`, `ケ所`, `か所`, `箇所` are `カ所`.
pub fn normalise_unit(u: &str) -> String {
    let u = crate::text::fold_width(u.trim());
    match u.as_str() {
        "ヶ所" | "ケ所" | "か所" | "箇所" | "ヵ所" | "カ所" => "カ所".into(),
        _ => u,
    }
}

/// Each entry of a record by its folded text (see [`key`]), to find the entry a fact was
/// said in: folded once per record, not once per fact.
fn entry_keys(r: &Record) -> Vec<(String, EntryKind)> {
    r.proceedings
        .iter()
        .flat_map(|s| s.entries.iter())
        .map(|e| (key(&e.text), e.kind))
        .collect()
}

/// The kind of the entry a fact was said in, found by its sentence among `entries`
/// ([`entry_keys`]).
fn entry_kind_of(entries: &[(String, EntryKind)], f: &Fact) -> Option<EntryKind> {
    let q = key(&f.quote);
    entries
        .iter()
        .find(|(text, _)| text.contains(&q))
        .map(|(_, kind)| *kind)
}

fn kind_rank(k: Option<&str>) -> u8 {
    match k.map(str::parse::<EntryKind>) {
        Some(Ok(EntryKind::Explanation | EntryKind::Answer | EntryKind::Note)) | None => 0,
        Some(Ok(EntryKind::Resolution)) => 1,
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
    let unit = q.unit.as_deref().map(normalise_unit);
    let mut points: Vec<FactPoint> = Vec::new();
    for (id, r) in records {
        if let Some(c) = &q.council
            && !r
                .meeting
                .council
                .as_deref()
                .is_some_and(|rc| key(rc).contains(&key(c)))
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
                .is_some_and(|u| normalise_unit(&f.unit) != u)
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
            if !taken || !seen.insert((normalise_unit(&f.unit), f.value.to_bits())) {
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
                record_kind: match r.kind {
                    DocumentKind::Minutes => "minutes".into(),
                    DocumentKind::Material => "material".into(),
                },
                meeting_title: r.meeting.title.clone().or_else(|| r.title.clone()),
                body: r.meeting.body.clone(),
                agenda_ref: f.agenda_ref.clone(),
                entry_kind: entry_kind_of(entries.get_or_insert_with(|| entry_keys(r)), f)
                    .map(|k| k.as_str().into()),
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
    let grams: Vec<Grams> = points.iter().map(|p| Grams::of(&p.subject)).collect();
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
                            points[k].record_kind == "material",
                            kind_rank(points[k].entry_kind.as_deref()),
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

// ---------------------------------------------------------------------------------------------
// The chart

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The colour of the series' line and points.
pub const LINE_COLOUR: &str = "#1a5fb4";

/// A standalone SVG line chart of the dated points: x is the date (to scale), y the value from 0;
/// each point is labelled with its value, each date printed under the axis. Points without a
/// date are left out. Fonts name Japanese faces first, so labels read on any system that has one.
pub fn svg(points: &[FactPoint], title: &str) -> String {
    let dated: Vec<(chrono::NaiveDate, &FactPoint)> = points
        .iter()
        .filter_map(|p| {
            let d = chrono::NaiveDate::parse_from_str(p.date.as_deref()?, "%Y-%m-%d").ok()?;
            Some((d, p))
        })
        .collect();
    let (w, h) = (760.0_f64, 420.0_f64);
    let (left, right, top, bottom) = (84.0, 32.0, 56.0, 96.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" font-family=\"'IPAexGothic', 'Noto Sans CJK JP', 'Yu Gothic', 'Hiragino Sans', sans-serif\">\n",
        xml_escape(title)
    ));
    s.push_str(&format!(
        "<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
        xml_escape(title)
    ));
    s.push_str(&format!(
        "<text x=\"{}\" y=\"32\" font-size=\"20\" text-anchor=\"middle\" fill=\"#1c1c1c\">{}</text>\n",
        w / 2.0,
        xml_escape(title)
    ));
    if dated.is_empty() {
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"16\" text-anchor=\"middle\" fill=\"#444\">該当する数値がありません</text>\n</svg>\n",
            w / 2.0,
            h / 2.0
        ));
        return s;
    }
    let first = dated.iter().map(|(d, _)| *d).min().expect("not empty");
    let last = dated.iter().map(|(d, _)| *d).max().expect("not empty");
    let span = (last - first).num_days().max(1) as f64;
    let max_v = dated
        .iter()
        .map(|(_, p)| p.value_max.unwrap_or(p.value))
        .fold(0.0, f64::max);
    let (step, top_v) = nice_scale(max_v);
    let x = |d: chrono::NaiveDate| -> f64 {
        if first == last {
            left + plot_w / 2.0
        } else {
            left + (d - first).num_days() as f64 / span * plot_w
        }
    };
    let y = |v: f64| -> f64 { top + plot_h - v / top_v * plot_h };
    // Grid and y axis.
    let mut v = 0.0;
    while v <= top_v + 1e-9 {
        s.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>\n<text x=\"{}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#333\">{}</text>\n",
            left + plot_w,
            left - 8.0,
            y(v) + 4.0,
            number(v),
            y = y(v)
        ));
        v += step;
    }
    let unit = dated
        .first()
        .map(|(_, p)| p.unit.clone())
        .unwrap_or_default();
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"start\" fill=\"#333\">（{}）</text>\n",
        8.0,
        top - 12.0,
        xml_escape(&unit)
    ));
    // X axis with each point's date.
    s.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#333\" stroke-width=\"1.5\"/>\n",
        left + plot_w,
        b = top + plot_h
    ));
    let mut dates: Vec<chrono::NaiveDate> = dated.iter().map(|(d, _)| *d).collect();
    dates.dedup();
    for d in &dates {
        let xx = x(*d);
        s.push_str(&format!(
            "<line x1=\"{xx:.1}\" y1=\"{b}\" x2=\"{xx:.1}\" y2=\"{}\" stroke=\"#333\"/>\n<text x=\"{xx:.1}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#333\" transform=\"rotate(-40 {xx:.1} {})\">{}</text>\n",
            top + plot_h + 5.0,
            top + plot_h + 18.0,
            top + plot_h + 18.0,
            d.format("%Y-%m-%d"),
            b = top + plot_h
        ));
    }
    // The series: a line through the primary points, the others as hollow dots.
    let line: Vec<(f64, f64)> = dated
        .iter()
        .filter(|(_, p)| p.primary)
        .map(|(d, p)| (x(*d), y(p.value)))
        .collect();
    if line.len() > 1 {
        let pts: Vec<String> = line.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        s.push_str(&format!(
            "<polyline class=\"series\" points=\"{}\" fill=\"none\" stroke=\"{LINE_COLOUR}\" stroke-width=\"3\" stroke-linejoin=\"round\"/>\n",
            pts.join(" ")
        ));
    }
    for (d, p) in &dated {
        let (px, py) = (x(*d), y(p.value));
        let label = value_text(p);
        if p.primary {
            s.push_str(&format!(
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"5\" fill=\"{LINE_COLOUR}\"><title>{} {}：{}</title></circle>\n<text x=\"{px:.1}\" y=\"{:.1}\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1c1c1c\">{}</text>\n",
                d.format("%Y-%m-%d"),
                xml_escape(&p.subject),
                xml_escape(&label),
                py - 10.0,
                xml_escape(&label)
            ));
        } else {
            s.push_str(&format!(
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"#ffffff\" stroke=\"#777\" stroke-width=\"1.5\"><title>{} {}：{}</title></circle>\n",
                d.format("%Y-%m-%d"),
                xml_escape(&p.subject),
                xml_escape(&label)
            ));
        }
    }
    s.push_str("</svg>\n");
    s
}

/// A tick step and the axis top for values up to `max`: steps of 1, 2 or 5 times a power of ten,
/// about five ticks.
fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    let top = (max / step).ceil() * step;
    (
        step,
        if top < max + step * 0.2 {
            top + step
        } else {
            top
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Agenda history

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
    let mut t = key(title);
    for re in WORDING.iter() {
        t = re.replace_all(&t, "").into_owned();
    }
    t
}

fn flatten<'a>(items: &'a [AgendaItem], out: &mut Vec<&'a AgendaItem>) {
    for i in items {
        out.push(i);
        flatten(&i.children, out);
    }
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
        let mut items = Vec::new();
        flatten(&r.agenda, &mut items);
        all.extend(items.into_iter().map(|i| (id, r, i)));
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
    let matched_grams: Vec<Grams> = matched_topics.iter().map(|t| Grams::of(t)).collect();
    let mut reworded: BTreeMap<&str, bool> = BTreeMap::new();
    let mut out = Vec::new();
    for (n, (id, r, item)) in all.iter().enumerate() {
        let similar = !direct[n]
            && topics[n].chars().count() >= 4
            && *reworded.entry(topics[n].as_str()).or_insert_with(|| {
                let g = Grams::of(&topics[n]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_of_wordings() {
        assert!(similarity("重層的支援体制整備事業", "重層的支援体制整備事業") > 0.99);
        assert!(topic("令和5年度重層的支援体制整備事業の状況について") == "重層的支援体制整備事業");
        assert!(
            similarity(
                &topic("重層的支援体制整備事業の進捗状況"),
                "重層的支援体制整備事業"
            ) > 0.9
        );
        assert!(similarity("地域生活支援拠点", "重層的支援体制整備事業") < 0.2);
    }

    #[test]
    fn units_and_numbers() {
        assert_eq!(normalise_unit("ヶ所"), "カ所");
        assert_eq!(normalise_unit("件"), "件");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(38.6), "38.6");
        assert_eq!(nice_scale(11.0), (5.0, 15.0));
        assert_eq!(nice_scale(1.0), (1.0, 2.0));
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
            record_kind: "minutes".into(),
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

    #[test]
    fn svg_escapes_and_draws() {
        let mk = |d: &str, v: f64| FactPoint {
            date: Some(d.into()),
            value: v,
            value_max: None,
            approximate: false,
            unit: "件".into(),
            subject: "<b>ケース</b>".into(),
            quote: String::new(),
            meeting_id: d.into(),
            record_kind: "minutes".into(),
            meeting_title: None,
            body: None,
            agenda_ref: None,
            entry_kind: None,
            line: 1,
            primary: true,
        };
        let s = svg(
            &[mk("2023-05-22", 2.0), mk("2024-05-27", 6.0)],
            "Libero & ケース",
        );
        assert!(s.contains("Libero &amp; ケース"));
        assert!(s.contains("&lt;b&gt;ケース"));
        assert!(!s.contains("<b>"));
        assert_eq!(s.matches("<circle").count(), 2);
        assert!(s.contains("<polyline class=\"series\""));
        assert!(s.contains(">2023-05-22</text>"));
        assert!(s.contains(">6件</text>"));
    }
}
