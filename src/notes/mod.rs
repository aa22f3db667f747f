//! Notes, the drafting stage's input: a TOML file the secretariat writes by hand (or scaffolds
//! with [`scaffold`]) holding the meeting, the roster, the agenda tree with its material
//! references and, per agenda item, the entries of the proceedings. [`crate::render`] turns notes
//! into a minutes draft; [`crate::check`] validates them.
//!
//! The file is documented by `schemas/notes.schema.json` (generated from these types by
//! [`notes_schema`]) and by the commented examples in `samples/notes/`.

pub mod content;
pub mod scaffold;

use std::path::Path;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::record::EntryKind;

/// Version of the notes format, bumped on incompatible changes.
pub const NOTES_VERSION: u32 = 1;

/// A meeting's notes: everything a minutes draft is made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// The meeting: council, body, fiscal year, session, date, times, venue.
    pub meeting: MeetingNotes,
    /// Who attended, who was absent.
    #[serde(default)]
    pub roster: Roster,
    /// Materials distributed (資料). When the list is left out, it is collected from the
    /// agenda's references, each titled with the agenda item that cites it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<MaterialNote>,
    /// Phone numbers of public offices that may appear in the minutes (`0467-61-2600`); any
    /// other phone number in an entry is flagged by `gijiroku check` as possible personal
    /// information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_phones: Vec<String>,
    /// The agenda tree, in order. Numbers are not written: they follow from the position
    /// (`1.` / `(1)` / `①`).
    #[serde(default)]
    pub agenda: Vec<ItemNotes>,
}

/// The meeting's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingNotes {
    /// The council, e.g. `さくら台市障害者支援協議会`.
    pub council: String,
    /// The body that meets: `全体会` or the name of a 部会 (`相談支援部会`).
    pub body: String,
    /// The fiscal year (年度) as the Western year it starts in; computed from the date when left
    /// out (a meeting in March 2026 belongs to fiscal year 2025).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<i32>,
    /// The session number within the fiscal year (`第2回` → 2).
    pub session: u32,
    /// The date: ISO `2025-05-19`, or 和暦 `令和7年5月19日`, or both `令和7年(2025年)5月19日`.
    pub date: String,
    /// The weekday the secretariat expects (`月`), checked against the calendar; the draft
    /// always prints the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    /// Start time, 24-hour `HH:MM`.
    pub start: String,
    /// End time, 24-hour `HH:MM`.
    pub end: String,
    /// Where the meeting is held.
    pub venue: String,
}

/// The roster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    /// The chair (会長, 部会長), marked ◎. Listed among the members or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
    /// The vice chair (副会長, 副部会長), marked ○. Listed among the members or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vice_chair: Option<String>,
    /// The members in the order they are printed, present or not.
    #[serde(default)]
    pub members: Vec<PersonNote>,
    /// The names of the members and secretariat who are absent (printed as `（欠席：…）`).
    #[serde(default)]
    pub absent: Vec<String>,
    /// The secretariat (事務局).
    #[serde(default)]
    pub secretariat: Vec<PersonNote>,
    /// Observers (オブザーバー).
    #[serde(default)]
    pub observers: Vec<PersonNote>,
}

/// A person on the roster: a name, or a name with a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PersonNote {
    /// Just the name as printed (`青木`, `佐藤 花子`).
    Name(String),
    /// A name with a note printed after it (`代理出席`, `オンライン参加`).
    Detailed {
        /// The name as printed.
        name: String,
        /// The note, printed as `※…`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

impl PersonNote {
    /// The name.
    pub fn name(&self) -> &str {
        match self {
            PersonNote::Name(n) => n,
            PersonNote::Detailed { name, .. } => name,
        }
    }

    /// The note, if any.
    pub fn note(&self) -> Option<&str> {
        match self {
            PersonNote::Name(_) => None,
            PersonNote::Detailed { note, .. } => note.as_deref(),
        }
    }
}

/// A material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaterialNote {
    /// The id as cited (`資料1-1`, `参考資料2`); left out for 次第, 委員名簿 and the like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title.
    pub title: String,
}

/// An agenda item with its entries and sub-items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemNotes {
    /// The title, without number and material references.
    pub title: String,
    /// The materials cited (`資料1-1`), printed as `（資料1-1、資料1-2）`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
    /// True for an item put to the council for a decision: `gijiroku check` then expects a
    /// resolution among its entries.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decision: bool,
    /// What was said, in order.
    #[serde(default)]
    pub entries: Vec<EntryNote>,
    /// Sub-items (`(1)` under `1.`, `①` under `(1)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ItemNotes>,
}

/// One entry of the proceedings: a bullet, a question, an answer, a resolution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryNote {
    /// What the entry is. The 会議概要 layout prints explanations first, then members' opinions
    /// and questions with their answers; resolutions and notes anywhere.
    pub kind: EntryKind,
    /// Who spoke: `事務局`, `会長`, `部会長`, `野口委員`… Opinions and questions are printed
    /// without names (`委員`); resolutions and notes without a speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The text, one or more sentences; line breaks are joined.
    pub text: String,
}

/// The printed number of the `index`-th (0-based) item at `level`.
pub fn item_number(level: usize, index: usize) -> String {
    let n = index + 1;
    match level {
        0 => format!("{n}."),
        1 => format!("({n})"),
        _ => char::from_u32(0x2460 + index as u32)
            .filter(|_| n <= 20)
            .map(|c| c.to_string())
            .unwrap_or_else(|| format!("({n})")),
    }
}

impl Notes {
    /// Reads a notes file; errors carry the file and the TOML line.
    pub fn load(path: &Path) -> Result<Notes> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Notes::from_toml(path, &text)
    }

    /// Parses notes from TOML text; `path` names the file in errors.
    pub fn from_toml(path: &Path, text: &str) -> Result<Notes> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            Error::Notes {
                path: path.to_path_buf(),
                line,
                column,
                reason: e.message().trim().to_string(),
            }
        })
    }

    /// The notes as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("notes always serialise as TOML")
    }

    /// Every agenda item in document order with its level, number and path.
    pub fn flat_items(&self) -> Vec<(usize, String, String, &ItemNotes)> {
        fn walk<'a>(
            items: &'a [ItemNotes],
            level: usize,
            parent: &str,
            out: &mut Vec<(usize, String, String, &'a ItemNotes)>,
        ) {
            for (i, it) in items.iter().enumerate() {
                let number = item_number(level, i);
                let path = format!("{parent}{number}");
                out.push((level, number, path.clone(), it));
                walk(&it.children, level + 1, &path, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.agenda, 0, "", &mut out);
        out
    }

    /// The materials list as printed: the notes' own, or collected from the agenda.
    pub fn effective_materials(&self) -> Vec<MaterialNote> {
        if !self.materials.is_empty() {
            return self.materials.clone();
        }
        let mut out: Vec<MaterialNote> = Vec::new();
        for (_, _, _, it) in self.flat_items() {
            for id in &it.materials {
                if !out.iter().any(|m| m.id.as_deref() == Some(id.as_str())) {
                    out.push(MaterialNote {
                        id: Some(id.clone()),
                        title: it.title.clone(),
                    });
                }
            }
        }
        out
    }

    /// The members in printed order with their roles, the chair and vice chair included.
    pub fn members(&self) -> Vec<(String, crate::record::Role, Option<String>)> {
        use crate::record::Role;
        let r = &self.roster;
        let mut out: Vec<(String, Role, Option<String>)> = Vec::new();
        for p in &r.members {
            let role = if r.chair.as_deref() == Some(p.name()) {
                Role::Chair
            } else if r.vice_chair.as_deref() == Some(p.name()) {
                Role::ViceChair
            } else {
                Role::Member
            };
            out.push((p.name().to_string(), role, p.note().map(str::to_string)));
        }
        let listed = |out: &[(String, Role, Option<String>)], n: &str| out.iter().any(|m| m.0 == n);
        if let Some(v) = &r.vice_chair
            && !listed(&out, v)
        {
            out.insert(0, (v.clone(), Role::ViceChair, None));
        }
        if let Some(c) = &r.chair
            && !listed(&out, c)
        {
            out.insert(0, (c.clone(), Role::Chair, None));
        }
        out
    }

    /// True when `name` is listed as absent.
    pub fn is_absent(&self, name: &str) -> bool {
        self.roster.absent.iter().any(|a| a == name)
    }

    /// The meeting date, read from ISO or 和暦.
    pub fn date(&self) -> Option<NaiveDate> {
        parse_date(&self.meeting.date)
    }

    /// The fiscal year: as written, or computed from the date.
    pub fn fiscal_year(&self) -> Option<i32> {
        self.meeting
            .fiscal_year
            .or_else(|| self.date().map(crate::text::era::fiscal_year_of))
    }

    /// True when the body is the plenary (全体会): its chair is 会長, a 部会's is 部会長.
    pub fn is_plenary(&self) -> bool {
        self.meeting.body.contains("全体会") || !self.meeting.body.contains("部会")
    }
}

/// A date written as ISO (`2025-05-19`) or 和暦 (`令和7年5月19日`, `令和7年(2025年)5月19日`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .or_else(|| crate::parse::dates::find_date(t).map(|f| f.date))
}

/// A 24-hour `HH:MM` time as (hour, minute).
pub fn parse_time(s: &str) -> Option<(u32, u32)> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && s.trim().len() <= 5).then_some((h, m))
}

/// The 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit_once('\n')
        .map(|(_, l)| l)
        .unwrap_or(before)
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The JSON Schema (draft 2020-12) of [`Notes`], as written to `schemas/notes.schema.json`.
pub fn notes_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Notes);
    let mut value = serde_json::to_value(schema).expect("a schema always serialises");
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            "https://gijiroku.invalid/schemas/notes.schema.json".into(),
        );
        obj.insert(
            "description".into(),
            format!(
                "gijiroku notes (version {NOTES_VERSION}): a TOML file the secretariat writes to draft the minutes of one meeting."
            )
            .into(),
        );
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[meeting]
council = "さくら台市障害者支援協議会"
body = "全体会"
session = 1
date = "令和7年5月19日"
start = "14:00"
end = "16:00"
venue = "さくら台市役所 大会議室"

[roster]
chair = "高田"
members = ["青木", { name = "松井", note = "代理出席" }]
absent = ["青木"]

[[agenda]]
title = "開会"

[[agenda]]
title = "報告事項"

[[agenda.children]]
title = "活動報告について"
materials = ["資料1"]

[[agenda.children.entries]]
kind = "explanation"
speaker = "事務局"
text = "部会を3回開催した。"
"#;

    #[test]
    fn loads_a_small_file_with_numbers_and_defaults() {
        let n = Notes::from_toml(Path::new("n.toml"), SMALL).unwrap();
        assert_eq!(n.date(), NaiveDate::from_ymd_opt(2025, 5, 19));
        assert_eq!(n.fiscal_year(), Some(2025));
        let paths: Vec<String> = n.flat_items().into_iter().map(|i| i.2).collect();
        assert_eq!(paths, ["1.", "2.", "2.(1)"]);
        let m = n.members();
        assert_eq!(m[0].0, "高田");
        assert_eq!(m[0].1, crate::record::Role::Chair);
        assert_eq!(m[2].2.as_deref(), Some("代理出席"));
        assert!(n.is_absent("青木"));
        assert_eq!(
            n.effective_materials(),
            [MaterialNote {
                id: Some("資料1".into()),
                title: "活動報告について".into()
            }]
        );
    }

    #[test]
    fn errors_carry_the_line() {
        let bad = SMALL.replace("session = 1", "session = \"first\"");
        let err = Notes::from_toml(Path::new("n.toml"), &bad).unwrap_err();
        match err {
            Error::Notes { line, .. } => assert_eq!(line, 5),
            other => panic!("{other:?}"),
        }
        let bad = SMALL.replace("kind = \"explanation\"", "kind = \"speech\"");
        let msg = Notes::from_toml(Path::new("n.toml"), &bad)
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("n.toml:27:8: unknown variant `speech`"),
            "{msg}"
        );
    }

    #[test]
    fn numbers_times_and_positions() {
        assert_eq!(item_number(0, 1), "2.");
        assert_eq!(item_number(1, 0), "(1)");
        assert_eq!(item_number(2, 2), "③");
        assert_eq!(parse_time("14:30"), Some((14, 30)));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
