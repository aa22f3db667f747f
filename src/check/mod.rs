//! Checks before publishing: notes (TOML) or a record (JSON, or a minutes document parsed on the
//! spot) are validated, and every problem becomes a [`Finding`] with its line where known.
//!
//! Errors are what is certainly wrong (a TOML that does not fit the schema, a weekday that is
//! not the date's, a 和暦 year that is not the Western one, a fiscal year that does not contain
//! the date, a member both present and absent). Warnings are for a human to decide: an unknown
//! speaker, a material cited but not listed or listed but never cited, an item marked for
//! decision without a resolution, an entry the 会議概要 layout cannot show as written, and
//! possible personal information (a phone number that is not a listed public office's, an age
//! with a family relation, the full name of someone not on the roster).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::error::{Error, Result};
use crate::notes::{self, Notes, content};
use crate::parse::dates;
use crate::record::{EntryKind, Record};
use crate::text::era::{self, ERA_YEAR, ERAS};
use crate::text::{compact, fold_width};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// For a human to decide.
    Warning,
    /// Certainly wrong.
    Error,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Warning or error.
    pub severity: Severity,
    /// The line in the checked file (1-based), where known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// The findings on one file.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file checked.
    pub path: PathBuf,
    /// What was found, in file order where lines are known.
    pub findings: Vec<Finding>,
}

impl Report {
    /// How many errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// 0 when clean, 1 with warnings only, 2 with errors.
    pub fn exit_code(&self) -> u8 {
        if self.errors() > 0 {
            2
        } else if self.warnings() > 0 {
            1
        } else {
            0
        }
    }
}

impl fmt::Display for Report {
    /// One line per finding (`notes.toml:12: warning: …`), then a summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for x in &self.findings {
            let line = x.line.map(|l| format!(":{l}")).unwrap_or_default();
            let sev = match x.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            writeln!(f, "{}{line}: {sev}: {}", self.path.display(), x.message)?;
        }
        if self.findings.is_empty() {
            writeln!(f, "{}: ok", self.path.display())
        } else {
            writeln!(
                f,
                "{}: {} error(s), {} warning(s)",
                self.path.display(),
                self.errors(),
                self.warnings()
            )
        }
    }
}

/// Collects findings, with the notes' source text for line numbers.
struct Findings<'a> {
    src: Option<&'a str>,
    list: Vec<Finding>,
}

impl Findings<'_> {
    fn push(&mut self, severity: Severity, line: Option<usize>, message: String) {
        self.list.push(Finding {
            severity,
            line,
            message,
        });
    }

    fn error(&mut self, line: Option<usize>, message: String) {
        self.push(Severity::Error, line, message);
    }

    fn warn(&mut self, line: Option<usize>, message: String) {
        self.push(Severity::Warning, line, message);
    }

    /// The first line of the source where `key = …` holds `value` (or, failing that, where
    /// `value` appears at all).
    fn line_of(&self, key: &str, value: &str) -> Option<usize> {
        let src = self.src?;
        let probe: String = value.chars().take(16).collect();
        if probe.is_empty() {
            return None;
        }
        let lines: Vec<&str> = src.lines().collect();
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(key) && l.contains(&probe))
            .or_else(|| lines.iter().position(|l| l.contains(&probe)))
            .map(|i| i + 1)
    }
}

/// Checks a file: notes (`.toml`), a record (`.json`), or a minutes document (parsed first).
pub fn check_file(path: &Path) -> Result<Report> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let read = || {
        std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let findings = match ext.as_str() {
        "toml" => check_notes_text(path, &read()?),
        "json" => {
            let text = read()?;
            match serde_json::from_str::<Record>(&text) {
                Ok(r) => check_record(&r),
                Err(e) => vec![Finding {
                    severity: Severity::Error,
                    line: Some(e.line()),
                    message: format!("not a gijiroku record: {e}"),
                }],
            }
        }
        _ => check_record(&crate::pipeline::read(path)?),
    };
    Ok(Report {
        path: path.to_path_buf(),
        findings,
    })
}

/// Checks notes given as TOML text: a schema error is one finding with its line.
pub fn check_notes_text(path: &Path, text: &str) -> Vec<Finding> {
    match Notes::from_toml(path, text) {
        Ok(n) => check_notes(&n, Some(text)),
        Err(Error::Notes {
            line,
            column,
            reason,
            ..
        }) => vec![Finding {
            severity: Severity::Error,
            line: (line > 0).then_some(line),
            message: format!("column {column}: {reason}"),
        }],
        Err(e) => vec![Finding {
            severity: Severity::Error,
            line: None,
            message: e.to_string(),
        }],
    }
}

/// `令和7年(2025年)`: an era year with its Western year in brackets.
static ERA_AND_WESTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<era>{ERAS})\s*(?P<y>{ERA_YEAR})\s*年\s*[(（]\s*(?P<w>\d{{4}})\s*年?\s*[)）]"
    ))
    .unwrap()
});

/// An era year: `令和`, 7.
static ERA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?P<era>{ERAS})\s*(?P<y>{ERA_YEAR})\s*年")).unwrap());

/// Checks a date's 和暦 against its Western year and the era's span.
fn check_era(f: &mut Findings, written: &str, date: NaiveDate, line: Option<usize>) {
    let folded = fold_width(written);
    if let Some(c) = ERA_AND_WESTERN.captures(&folded) {
        let y = era::year_number(&c["y"]).unwrap_or(0);
        let western: i32 = c["w"].parse().unwrap_or(0);
        if era::western_year(&c["era"], y) != Some(western) {
            f.error(
                line,
                format!(
                    "{}{}年 is {}, not {western}",
                    &c["era"],
                    &c["y"],
                    era::western_year(&c["era"], y).unwrap_or(0)
                ),
            );
        }
    }
    if let Some(c) = ERA.captures(&folded) {
        if !era::era_contains(&c["era"], date) {
            let (era, y) = era::era_of(date);
            f.error(
                line,
                format!("{date} is not in the {} era: it is {era}{y}年", &c["era"]),
            );
        }
    }
}

/// Role words a speaker may be.
const ROLE_SPEAKERS: &[&str] = &[
    "事務局",
    "会長",
    "副会長",
    "部会長",
    "副部会長",
    "議長",
    "副議長",
    "座長",
    "委員長",
    "委員",
    "オブザーバー",
];

/// Endings of an organisation that may speak (`障害福祉課`, `基幹相談支援センター`).
const ORG_ENDINGS: &[&str] = &["課", "センター", "事務局", "事務所", "室", "部会", "協議会"];

/// Suffixes after a person's name in a speaker (`野口委員`, `高田会長`).
const NAME_SUFFIXES: &[&str] = &[
    "副部会長",
    "部会長",
    "副会長",
    "会長",
    "委員長",
    "委員",
    "議長",
    "座長",
    "課長",
    "係長",
    "主事",
    "さん",
    "氏",
];

/// Why a speaker is not known, or None when it is.
fn unknown_speaker(speaker: &str, names: &BTreeSet<String>) -> Option<String> {
    let s = compact(speaker);
    if ROLE_SPEAKERS.contains(&s.as_str()) || ORG_ENDINGS.iter().any(|e| s.ends_with(e)) {
        return None;
    }
    let base = NAME_SUFFIXES
        .iter()
        .find_map(|suf| s.strip_suffix(suf).filter(|b| !b.is_empty()))
        .unwrap_or(&s);
    let known = names
        .iter()
        .any(|n| n == base || n.starts_with(base) || surname(n) == base);
    (!known).then(|| format!("unknown speaker {speaker:?}: not on the roster"))
}

/// The surname of a name printed with a space (`佐藤 花子` → `佐藤`), or the name.
fn surname(name: &str) -> String {
    let folded = fold_width(name);
    compact(folded.split_whitespace().next().unwrap_or(""))
}

/// Checks notes. `src` is the TOML text, for line numbers.
pub fn check_notes(n: &Notes, src: Option<&str>) -> Vec<Finding> {
    let mut f = Findings {
        src,
        list: Vec::new(),
    };
    let m = &n.meeting;
    // The meeting.
    for (key, value) in [
        ("council", &m.council),
        ("body", &m.body),
        ("venue", &m.venue),
    ] {
        if value.trim().is_empty() {
            f.error(f.line_of(key, "="), format!("meeting.{key} is empty"));
        }
    }
    if m.session == 0 {
        f.error(
            f.line_of("session", "0"),
            "meeting.session must be 1 or more".into(),
        );
    }
    let date_line = f.line_of("date", &m.date);
    match n.date() {
        None => f.error(
            date_line,
            format!(
                "meeting.date {:?} is not a date (write 2025-05-19 or 令和7年5月19日)",
                m.date
            ),
        ),
        Some(date) => {
            check_era(&mut f, &m.date, date, date_line);
            let actual = era::weekday_char(date);
            let written = m
                .weekday
                .clone()
                .or_else(|| dates::find_date(&m.date).and_then(|d| d.weekday));
            if let Some(w) = written {
                let w = w.trim().trim_end_matches("曜日").trim_end_matches('曜');
                if w != actual {
                    f.error(
                        f.line_of("weekday", w).or(date_line),
                        format!("{date} is a {actual}曜日, not {w}"),
                    );
                }
            }
            let computed = era::fiscal_year_of(date);
            if let Some(fy) = m.fiscal_year
                && fy != computed
            {
                f.error(
                    f.line_of("fiscal_year", &fy.to_string()),
                    format!(
                        "fiscal year {fy} does not contain {date}: it belongs to {computed} ({}, April to March)",
                        era::fiscal_text(computed)
                    ),
                );
            }
        }
    }
    let mut times = Vec::new();
    for (key, value) in [("start", &m.start), ("end", &m.end)] {
        match notes::parse_time(value) {
            Some(t) => times.push(t),
            None => f.error(
                f.line_of(key, value),
                format!("meeting.{key} {value:?} is not a 24-hour HH:MM time"),
            ),
        }
    }
    if let [s, e] = times[..]
        && e <= s
    {
        f.error(
            f.line_of("end", &m.end),
            format!(
                "the meeting ends ({}) before it starts ({})",
                m.end, m.start
            ),
        );
    }

    // The roster.
    let r = &n.roster;
    let mut seen = BTreeMap::new();
    for p in r.members.iter().chain(&r.secretariat) {
        let c = compact(p.name());
        if c.is_empty() {
            f.error(
                f.line_of("members", "\"\""),
                "an empty name on the roster".into(),
            );
        }
        if seen.insert(c, ()).is_some() {
            f.error(
                f.line_of("members", p.name()),
                format!("{} is listed twice on the roster", p.name()),
            );
        }
    }
    if let (Some(c), Some(v)) = (&r.chair, &r.vice_chair)
        && c == v
    {
        f.error(
            f.line_of("vice_chair", v),
            format!("{c} is both chair and vice chair"),
        );
    }
    let roster: BTreeSet<String> = n
        .members()
        .iter()
        .map(|p| compact(&p.0))
        .chain(r.secretariat.iter().map(|p| compact(p.name())))
        .chain(r.observers.iter().map(|p| compact(p.name())))
        .collect();
    for a in &r.absent {
        let on_roster =
            n.members().iter().any(|p| &p.0 == a) || r.secretariat.iter().any(|p| p.name() == a);
        if !on_roster {
            f.error(
                f.line_of("absent", a),
                format!("{a} is listed as absent but is not on the roster"),
            );
        }
    }

    // Agenda, entries, materials.
    let items = n.flat_items();
    let listed: Vec<&str> = n.materials.iter().filter_map(|m| m.id.as_deref()).collect();
    let mut cited: BTreeSet<String> = BTreeSet::new();
    let mut listed_seen = BTreeSet::new();
    for id in &listed {
        if !listed_seen.insert(compact(id)) {
            f.warn(
                f.line_of("id", id),
                format!("material {id} is listed twice"),
            );
        }
    }
    for (_, _, path, it) in &items {
        let title_line = f.line_of("title", &it.title);
        if it.title.trim().is_empty() {
            f.error(title_line, format!("agenda item {path} has no title"));
        }
        for id in &it.materials {
            cited.insert(compact(id));
            if !n.materials.is_empty() && !listed.iter().any(|l| compact(l) == compact(id)) {
                f.warn(
                    title_line,
                    format!("{id} is cited by agenda item {path} but not in the materials list"),
                );
            }
        }
        if it.decision && !it.entries.iter().any(|e| e.kind == EntryKind::Resolution) {
            f.warn(
                title_line,
                format!(
                    "agenda item {path} {} is marked for decision but has no resolution",
                    it.title
                ),
            );
        }
        for e in &it.entries {
            let line = f.line_of("text", &e.text);
            if e.text.trim().is_empty() {
                f.error(line, format!("an empty entry in agenda item {path}"));
                continue;
            }
            if let Some(s) = e.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
                match e.kind {
                    EntryKind::Opinion | EntryKind::Question if compact(s) != "委員" => f.warn(
                        line,
                        format!(
                            "the {} of {s} in {path} is printed as 委員's: the 会議概要 layout names no member",
                            e.kind.as_str()
                        ),
                    ),
                    EntryKind::Resolution | EntryKind::Note => f.warn(
                        line,
                        format!("the speaker {s} of a {} in {path} is not printed", e.kind.as_str()),
                    ),
                    _ => {}
                }
                if let Some(msg) = unknown_speaker(s, &roster) {
                    f.warn(line, format!("{msg} (agenda item {path})"));
                }
                for a in &r.absent {
                    let a_c = compact(a);
                    let sp = compact(s);
                    if !a_c.is_empty()
                        && (sp == a_c
                            || sp
                                .strip_prefix(a_c.as_str())
                                .is_some_and(|rest| NAME_SUFFIXES.contains(&rest))
                            || sp
                                .strip_prefix(surname(a).as_str())
                                .is_some_and(|rest| NAME_SUFFIXES.contains(&rest)))
                    {
                        f.error(
                            line,
                            format!("{a} is both absent and present: listed as absent but speaks in agenda item {path}"),
                        );
                    }
                }
            }
            for msg in personal_info(&e.text, &roster, &n.public_phones) {
                f.warn(line, format!("{msg} (agenda item {path})"));
            }
        }
    }
    if !n.materials.is_empty() {
        for id in &listed {
            if !cited.contains(&compact(id)) {
                f.warn(
                    f.line_of("id", id),
                    format!("{id} is in the materials list but no agenda item cites it"),
                );
            }
        }
    }

    // The layout: entries that would not read back as written.
    if !f.list.iter().any(|x| x.severity == Severity::Error) {
        roundtrip(n, &mut f);
    }
    f.list.sort_by_key(|x| x.line.unwrap_or(usize::MAX));
    f.list
}

/// Drafts the notes as text, parses the draft and reports the entries that come back changed.
fn roundtrip(n: &Notes, f: &mut Findings) {
    let Ok(text) = crate::render::render_text(n, crate::render::DraftFormat::Txt, None) else {
        return;
    };
    let path = Path::new("draft.txt");
    let Ok(doc) = crate::ingest::extract_bytes(path, crate::record::Format::Txt, text.as_bytes())
    else {
        return;
    };
    let record = crate::parse::minutes::parse(&doc);
    let expected = content::of_notes(n);
    let found = content::of_record(&record);
    let mut reported = 0;
    for (i, e) in expected.entries.iter().enumerate() {
        let back = found.entries.get(i);
        if back == Some(e) {
            continue;
        }
        let how = match back {
            Some(b) if b.text == e.text => format!(
                "it reads back as {} by {}",
                b.kind.as_str(),
                b.speaker.as_deref().unwrap_or("no speaker")
            ),
            _ => "it does not read back as written".into(),
        };
        f.warn(
            f.line_of("text", &e.text),
            format!(
                "the 会議概要 layout cannot show this {} by {} in agenda item {} as written: {how} (the layout prints a speaker's explanations before the members' opinions and questions: move it up, or make it an answer)",
                e.kind.as_str(),
                e.speaker.as_deref().unwrap_or("no speaker"),
                e.path
            ),
        );
        reported += 1;
        // One misread entry shifts the rest; the first says enough.
        if back.is_none_or(|b| b.text != e.text) || reported >= 3 {
            break;
        }
    }
}

/// Checks a record.
pub fn check_record(r: &Record) -> Vec<Finding> {
    let mut f = Findings {
        src: None,
        list: Vec::new(),
    };
    let m = &r.meeting;
    if let Some(date) = m
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let actual = era::weekday_char(date);
        if let Some(w) = m.weekday.as_deref()
            && w != actual
        {
            f.error(None, format!("{date} is a {actual}曜日, not {w}"));
        }
        if let Some(fy) = m.fiscal_year
            && fy != era::fiscal_year_of(date)
        {
            f.error(
                None,
                format!(
                    "fiscal year {fy} does not contain {date} (fiscal year {})",
                    era::fiscal_year_of(date)
                ),
            );
        }
    }
    let mut presence: BTreeMap<String, bool> = BTreeMap::new();
    for p in &r.attendance.members {
        if let Some(prev) = presence.insert(compact(&p.name), p.present)
            && prev != p.present
        {
            f.error(None, format!("{} is both present and absent", p.name));
        }
    }
    let roster: BTreeSet<String> = r
        .attendance
        .members
        .iter()
        .map(|p| compact(&p.name))
        .chain(r.attendance.secretariat.iter().map(|p| compact(&p.name)))
        .chain(r.attendance.observers.iter().map(|p| compact(&p.name)))
        .collect();
    let listed: BTreeSet<String> = r
        .materials
        .iter()
        .filter_map(|m| m.id.as_deref().map(compact))
        .collect();
    let mut cited = BTreeSet::new();
    for it in crate::parse::agenda::flatten(&r.agenda) {
        for id in &it.materials {
            cited.insert(compact(id));
            if !r.materials.is_empty() && !listed.contains(&compact(id)) {
                f.warn(
                    None,
                    format!(
                        "{id} is cited by agenda item {} but not in the materials list",
                        it.path
                    ),
                );
            }
        }
    }
    if !cited.is_empty() {
        for id in &listed {
            if !cited.contains(id) {
                f.warn(
                    None,
                    format!("{id} is in the materials list but no agenda item cites it"),
                );
            }
        }
    }
    for s in &r.proceedings {
        let path = s.agenda_ref.as_deref().unwrap_or("-");
        for e in &s.entries {
            if let Some(sp) = e.speaker.as_deref()
                && !roster.is_empty()
                && let Some(msg) = unknown_speaker(sp, &roster)
            {
                f.warn(Some(e.line), format!("{msg} (agenda item {path})"));
            }
            for msg in personal_info(&e.text, &roster, &[]) {
                f.warn(Some(e.line), format!("{msg} (agenda item {path})"));
            }
        }
    }
    for w in &r.warnings {
        f.warn(w.line, format!("the parser: {}", w.message));
    }
    f.list.sort_by_key(|x| x.line.unwrap_or(0));
    f.list
}

/// Example: `0467-61-2600`, `(0467)61-2600`, `090-1234-5678`, `0467612600`.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[^\d])
        (?P<n>
            \(?0\d{1,4}\)?[-‐−ー\s]?\d{1,4}[-‐−ー]\d{3,4}
          | 0\d{9,10}
        )
        (?:$|[^\d])",
    )
    .unwrap()
});

/// Example: `80代の母`, `息子（32歳）`.
static AGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}\s*(?:歳|才|代(?:前半|後半)?)").unwrap());

/// Family relations that, with an age, may identify a person.
static FAMILY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"父|母|息子|娘|長男|長女|次男|次女|三男|三女|夫|妻|祖父|祖母|兄|姉|弟|妹|孫|おじ|おば|配偶者",
    )
    .unwrap()
});

/// Example: `佐藤 花子`, `佐藤　花子さん`: a surname and a given name with a space between.
static FULL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(?P<s>\p{Han}{1,3})[ \u{3000}](?P<g>[\p{Han}\p{Hiragana}]{1,3})(?:さん|氏|様|くん|ちゃん)?(?:$|[^\p{Han}\p{Hiragana}]|さん|氏|様|は|が|の|に|と|を|から)")
        .unwrap()
});

/// Example: `田中さん`, `山本様`: a name with an honorific.
static HONORIFIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(?P<n>\p{Han}{2,4})(?:さん|様|氏|くん|ちゃん)").unwrap()
});

/// Words before an honorific that are not names.
const NOT_NAMES: &[&str] = &[
    "利用者",
    "保護者",
    "本人",
    "家族",
    "当事者",
    "相談者",
    "皆",
    "委員",
    "職員",
    "先生",
    "支援者",
    "事業者",
    "関係者",
    "子",
    "親御",
    "医師",
    "看護師",
    "患者",
    "住民",
    "市民",
    "学生",
    "生徒",
    "児童",
    "来所者",
    "参加者",
    "受講者",
    "お客",
    "皆様",
];

/// Possible personal information in a text, one message per finding.
pub fn personal_info(text: &str, roster: &BTreeSet<String>, public: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let folded = fold_width(text);
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let public: BTreeSet<String> = public.iter().map(|p| digits(p)).collect();
    for c in PHONE.captures_iter(&folded) {
        let n = c["n"].trim();
        if !public.contains(&digits(n)) {
            out.push(format!(
                "possible personal information: the phone number {n} is not a listed public office's (public_phones)"
            ));
        }
    }
    for sentence in folded.split_inclusive(['。', '\n']) {
        if let (Some(a), Some(fam)) = (AGE.find(sentence), FAMILY.find(sentence)) {
            out.push(format!(
                "possible personal information: an age ({}) with a family relation ({}) in {:?}",
                a.as_str(),
                fam.as_str(),
                sentence.trim()
            ));
        }
    }
    let on_roster = |full: &str, sur: &str| {
        roster.contains(full)
            || roster.contains(sur)
            || roster.iter().any(|r| surname(r) == sur && r == full)
    };
    let mut given = BTreeSet::new();
    for c in FULL_NAME.captures_iter(&folded) {
        given.insert(c["g"].to_string());
        let full = format!("{}{}", &c["s"], &c["g"]);
        if !on_roster(&full, &c["s"]) {
            out.push(format!(
                "possible personal information: {} {} looks like the full name of someone not on the roster",
                &c["s"], &c["g"]
            ));
        }
    }
    for c in HONORIFIC_NAME.captures_iter(&folded) {
        let n = &c["n"];
        if NOT_NAMES.iter().any(|w| n.ends_with(w)) || given.contains(n) {
            continue;
        }
        let known = roster
            .iter()
            .any(|r| r == n || surname(r) == *n || n.starts_with(r.as_str()));
        if !known {
            out.push(format!(
                "possible personal information: {n} (with an honorific) looks like the name of someone not on the roster"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> BTreeSet<String> {
        ["高田", "佐藤花子"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn phones_ages_and_names() {
        let public = vec!["0467-61-2600".to_string()];
        assert!(
            personal_info("障害福祉課（0467-61-2600）へ連絡する。", &roster(), &public).is_empty()
        );
        let found = personal_info("本人の携帯090-1234-5678に連絡した。", &roster(), &public);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("090-1234-5678"));
        let found = personal_info("80代の母と二人で暮らしている。", &roster(), &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("80代"));
        assert!(personal_info("80件の相談があった。", &roster(), &[]).is_empty());
        let found = personal_info("山本 一郎さんの件について報告した。", &roster(), &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(personal_info("佐藤 花子委員から報告があった。", &roster(), &[]).is_empty());
        assert!(
            personal_info("利用者さんの声を聞いた。高田さんから補足。", &roster(), &[]).is_empty()
        );
        assert_eq!(
            personal_info("田中さんの家を訪問した。", &roster(), &[]).len(),
            1
        );
    }

    #[test]
    fn speakers() {
        let names: BTreeSet<String> = ["野口", "佐藤 花子"].iter().map(|s| compact(s)).collect();
        assert_eq!(unknown_speaker("事務局", &names), None);
        assert_eq!(unknown_speaker("野口委員", &names), None);
        assert_eq!(unknown_speaker("佐藤委員", &names), None);
        assert_eq!(unknown_speaker("基幹相談支援センター", &names), None);
        assert!(unknown_speaker("田中委員", &names).is_some());
    }

    #[test]
    fn eras() {
        let mut f = Findings {
            src: None,
            list: Vec::new(),
        };
        let d = NaiveDate::from_ymd_opt(2025, 5, 19).unwrap();
        check_era(&mut f, "令和7年(2025年)5月19日", d, None);
        assert!(f.list.is_empty());
        check_era(&mut f, "令和6年(2025年)5月19日", d, None);
        assert_eq!(f.list.len(), 1);
        assert!(
            f.list[0].message.contains("令和6年 is 2024"),
            "{:?}",
            f.list
        );
        let d = NaiveDate::from_ymd_opt(2019, 4, 10).unwrap();
        check_era(&mut f, "令和元年4月10日", d, None);
        assert!(f.list[1].message.contains("平成31年"), "{:?}", f.list);
    }
}
