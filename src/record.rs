//! The data model shared by every stage: one [`Record`] per ingested document.
//!
//! The JSON form of these types is a public contract, described by `schemas/record.schema.json`
//! (generated from these definitions by [`record_schema`], and checked against them in tests).
//! Field names follow the product brief; add fields freely, never rename one.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the record's JSON form. Raise it when a field changes meaning or is removed.
pub const SCHEMA_VERSION: u32 = 1;

/// One ingested document: a set of minutes or a meeting material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The version of this JSON form ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// What the document is.
    pub kind: DocumentKind,
    /// Where the document came from.
    pub source: Source,
    /// The meeting the minutes record (for a material: the meeting it was handed out at, if known).
    pub meeting: Meeting,
    /// Who attended, who was absent.
    pub attendance: Attendance,
    /// The agenda as a tree, in printed order.
    pub agenda: Vec<AgendaItem>,
    /// The materials distributed at the meeting.
    pub materials: Vec<Material>,
    /// The proceedings, one section per agenda item discussed.
    pub proceedings: Vec<Section>,
    /// Short names defined in the text (`地域生活支援拠点検討部会（以下、地域部会）`).
    pub aliases: Vec<Alias>,
    /// Numeric statements with a counter word (`現在関わっているケースは、１件`).
    pub facts: Vec<Fact>,
    /// Header lines that have a label but no field of their own (公開・非公開, 傍聴者, …).
    pub header_notes: Vec<HeaderNote>,
    /// The title of a material (for minutes, see `meeting.title`).
    pub title: Option<String>,
    /// For a material: the id it was handed out as (`資料3-2`), printed above its title or given
    /// by its file name or a sidecar file (see `parse::distribution`); minutes cite it.
    #[serde(default)]
    pub material_id: Option<String>,
    /// Who issued a material (`鎌倉市 健康福祉部`), where printed.
    pub issuer: Option<String>,
    /// When a material was issued, ISO `YYYY-MM` or `YYYY-MM-DD` (from `令和７年３月発行`).
    pub issued: Option<String>,
    /// A material's chapters and headings, with their text.
    pub sections: Vec<MaterialSection>,
    /// Organisations listed in a material's directories, with their phone numbers.
    pub organizations: Vec<Organization>,
    /// Numbered programmes described in a material (`❶ 包括的相談支援事業`).
    pub programmes: Vec<Programme>,
    /// What the parser could not place or found suspicious, with line numbers.
    pub warnings: Vec<Warning>,
}

impl Record {
    /// A record of this kind from this source with nothing found in it yet: the parsers fill
    /// in what they read.
    pub fn new(kind: DocumentKind, source: Source) -> Record {
        Record {
            schema_version: SCHEMA_VERSION,
            kind,
            source,
            meeting: Meeting::default(),
            attendance: Attendance::default(),
            agenda: Vec::new(),
            materials: Vec::new(),
            proceedings: Vec::new(),
            aliases: Vec::new(),
            facts: Vec::new(),
            header_notes: Vec::new(),
            title: None,
            material_id: None,
            issuer: None,
            issued: None,
            sections: Vec::new(),
            organizations: Vec::new(),
            programmes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The record's id: the first 12 hex digits of its file's SHA-256 (as the index, the
    /// command line and the web pages name it).
    pub fn id(&self) -> String {
        self.source.sha256.chars().take(12).collect()
    }

    /// The record's title: the meeting's, else the material's (`None` when neither is printed).
    pub fn title(&self) -> Option<&str> {
        self.meeting.title.as_deref().or(self.title.as_deref())
    }

    /// Every agenda item in printed order (each before its sub-items), with its depth (0 for a
    /// top-level item).
    pub fn agenda_items(&self) -> AgendaWalk<'_> {
        AgendaWalk::new(&self.agenda)
    }
}

/// The agenda items of a tree in printed order, each with its depth (see
/// [`Record::agenda_items`]).
#[derive(Debug, Clone)]
pub struct AgendaWalk<'a> {
    /// The items still to visit at each depth, the innermost last.
    stack: Vec<std::slice::Iter<'a, AgendaItem>>,
}

impl<'a> AgendaWalk<'a> {
    /// A walk over `items` and their sub-items.
    pub fn new(items: &'a [AgendaItem]) -> Self {
        AgendaWalk {
            stack: vec![items.iter()],
        }
    }
}

impl<'a> Iterator for AgendaWalk<'a> {
    type Item = (usize, &'a AgendaItem);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let depth = self.stack.len().checked_sub(1)?;
            match self.stack[depth].next() {
                Some(item) => {
                    self.stack.push(item.children.iter());
                    return Some((depth, item));
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

/// The kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Minutes of a meeting (会議概要, 会議録, 議事録).
    Minutes,
    /// A meeting material (資料): report, plan, guidebook.
    Material,
}

impl DocumentKind {
    /// The name the JSON and the index use (`minutes`, `material`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Minutes => "minutes",
            DocumentKind::Material => "material",
        }
    }
}

/// Input format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text.
    Txt,
    /// Markdown (read as plain text).
    Md,
    /// PDF.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// A web page (HTML).
    Html,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The path as given when the document was parsed.
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The input format.
    pub format: Format,
    /// The text encoding detected (`UTF-8`, `Shift_JIS`, `EUC-JP`, …); for PDF and DOCX the
    /// encoding of the extracted text, always `UTF-8`.
    pub encoding: String,
    /// Number of pages, for PDF.
    pub pages: Option<usize>,
}

/// Style of minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Bulleted summaries per agenda item (会議概要, 会議要旨).
    Summary,
    /// One turn per speaker (会議録, 議事録, 逐語記録).
    Verbatim,
}

/// The meeting a record describes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The title as printed (line breaks healed).
    pub title: Option<String>,
    /// The council, e.g. `鎌倉市障害者支援協議会`.
    pub council: Option<String>,
    /// The body that met: `全体会` or the name of a 部会.
    pub body: Option<String>,
    /// Western year in which the fiscal year (年度, April to March) starts.
    pub fiscal_year: Option<i32>,
    /// The session number (`第３回` → 3).
    pub session_number: Option<u32>,
    /// The date of the meeting, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The weekday as printed (`火`), checked against the calendar (a mismatch is a warning).
    pub weekday: Option<String>,
    /// Start time, 24-hour `HH:MM`.
    pub start_time: Option<String>,
    /// End time, 24-hour `HH:MM`.
    pub end_time: Option<String>,
    /// Where the meeting was held.
    pub venue: Option<String>,
    /// Summary or verbatim.
    pub style: Option<Style>,
}

/// Who attended.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// Committee members, present and absent.
    pub members: Vec<Member>,
    /// The secretariat (事務局), present and absent.
    pub secretariat: Vec<Person>,
    /// Observers (オブザーバー) with notes such as `代理出席`.
    pub observers: Vec<Observer>,
    /// A head count printed in the attendance block (`(14名)`), if any.
    pub printed_count: Option<u32>,
}

/// A member's role on the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 会長, 部会長, 議長 (◎).
    Chair,
    /// 副会長, 副部会長 (○).
    ViceChair,
    /// Any other member.
    Member,
}

/// A committee member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The name as printed, without marks and honorifics (`河野`, `佐藤 一郎`).
    pub name: String,
    /// The role on the council.
    pub role: Role,
    /// Present (true) or absent (false).
    pub present: bool,
    /// Organisation or post printed with the name, if any.
    pub organization: Option<String>,
    /// A note printed with the name (`代理出席`, `オンライン参加`, `高橋委員代理`).
    pub note: Option<String>,
}

/// A member of the secretariat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name as printed.
    pub name: String,
    /// Present (true) or absent (false).
    pub present: bool,
    /// Department or post printed with the name, if any.
    pub organization: Option<String>,
}

/// An observer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observer {
    /// The name as printed.
    pub name: String,
    /// A note printed with the name (`代理出席`).
    pub note: Option<String>,
    /// Organisation printed with the name, if any.
    pub organization: Option<String>,
}

/// One agenda item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// The number as printed (`2.`, `(1)`, `①`), or null for an unnumbered item.
    pub number: Option<String>,
    /// The title, line breaks healed, material references removed.
    pub title: String,
    /// The materials cited, normalized (`資料1-1`); ranges are expanded.
    pub materials: Vec<String>,
    /// Sub-items.
    pub children: Vec<AgendaItem>,
    /// The path of this item (`2.(1)①`), as used by `agenda_ref`.
    pub path: String,
}

/// A material distributed at the meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// The id normalized (`資料1-1`, `参考資料2`, `別紙資料`), or null for unnumbered items such as 次第.
    pub id: Option<String>,
    /// The title as printed, line breaks healed.
    pub title: String,
}

/// A section of the proceedings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The path of the agenda item it belongs to (`2.(3)`), or null when it matches none.
    pub agenda_ref: Option<String>,
    /// The heading as printed, or null for text before the first heading.
    pub heading: Option<String>,
    /// One entry per bullet or speaker turn.
    pub entries: Vec<Entry>,
}

// Its one spelling (`as_str`, the same as the JSON form and `--kind`) and its Japanese label
// (`label_ja`) are defined here and nowhere else. (A `//` comment: the doc comment is the schema's
// description.)
/// Kind of a proceedings entry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// An explanation or report (事務局より説明, 部会長から説明).
    #[value(help = "Explanations")]
    Explanation,
    /// A member's opinion.
    #[value(help = "Members' opinions")]
    Opinion,
    /// A question.
    #[value(help = "Questions")]
    Question,
    /// An answer to a question.
    #[value(help = "Answers")]
    Answer,
    /// A resolution (⇒了承, 承認).
    #[value(help = "Resolutions")]
    Resolution,
    /// A note or stage direction (＊…割愛, （拍手）).
    #[value(help = "Notes")]
    Note,
}

impl EntryKind {
    /// Every kind, in the order the search form offers them.
    pub const ALL: [EntryKind; 6] = [
        EntryKind::Explanation,
        EntryKind::Opinion,
        EntryKind::Question,
        EntryKind::Answer,
        EntryKind::Resolution,
        EntryKind::Note,
    ];

    /// The kind's name, as the JSON form, the index and `--kind` spell it (`explanation`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Explanation => "explanation",
            EntryKind::Opinion => "opinion",
            EntryKind::Question => "question",
            EntryKind::Answer => "answer",
            EntryKind::Resolution => "resolution",
            EntryKind::Note => "note",
        }
    }

    /// The kind's Japanese label, as the web pages show it (`説明・報告`).
    pub fn label_ja(self) -> &'static str {
        match self {
            EntryKind::Explanation => "説明・報告",
            EntryKind::Opinion => "意見",
            EntryKind::Question => "質問",
            EntryKind::Answer => "回答",
            EntryKind::Resolution => "決定・了承",
            EntryKind::Note => "注記",
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not an [`EntryKind`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an entry kind")]
pub struct UnknownEntryKind(pub String);

impl FromStr for EntryKind {
    type Err = UnknownEntryKind;

    /// The kind [`EntryKind::as_str`] spells `s`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntryKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownEntryKind(s.to_string()))
    }
}

/// One bullet or speaker turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// What the entry is.
    pub kind: EntryKind,
    /// The speaker, role or name as printed (`部会長`, `事務局`, `会長`, `委員`, `佐藤委員`).
    pub speaker: Option<String>,
    /// The text, PDF line breaks healed, without bullet marks.
    pub text: String,
    /// The line (1-based, in the extracted text) where the entry starts.
    pub line: usize,
    /// The page where the entry starts, for PDF.
    pub page: Option<usize>,
    /// The printed cue that introduced this entry's block, on the block's first entry only
    /// (`《部会長から資料と合わせ説明》`, `〔委員からの主な意見等〕`).
    pub cue: Option<String>,
    /// For an answer: the entry it answers, as an index into the record's entries in document
    /// order (every section's entries one after the other, from 0) — the question, or where
    /// none was asked the opinion it responds to. Set by `parse::reply`.
    #[serde(default)]
    pub reply_to: Option<usize>,
    /// The speaker as a person of the meeting's attendance (`田中委員` → the member 田中 of the
    /// roster), or as the label names them when the attendance does not list them; null for a
    /// bare role (`委員`, `事務局`) or no speaker. Set by `parse::people`.
    #[serde(default)]
    pub person: Option<SpeakerRef>,
}

/// Which list of the attendance a speaker belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PersonGroup {
    /// A committee member (the chair included).
    Member,
    /// The secretariat (事務局) and other officials.
    Secretariat,
    /// An observer (オブザーバー).
    Observer,
}

/// The person who spoke an entry, resolved against the meeting's attendance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeakerRef {
    /// The name as the attendance prints it (`田中 太郎`), or as the label gives it (`田中`).
    pub name: String,
    /// Member, secretariat or observer.
    pub group: PersonGroup,
    /// For a member of the roster: the role on the council.
    pub role: Option<Role>,
    /// The organisation or post the attendance (or the label's brackets) gives.
    pub organization: Option<String>,
    /// True when the person is on the meeting's attendance, false when only the label names them.
    pub listed: bool,
}

/// A short name defined in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The short name (`地域部会`).
    pub short: String,
    /// What it stands for (`地域生活支援拠点検討部会`).
    pub long: String,
}

/// A numeric statement with a counter word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// What is counted: the phrase before (or after) the number.
    pub subject: String,
    /// The value (the lower bound of a range).
    pub value: f64,
    /// The upper bound of a range (`2～3回`), if printed.
    pub value_max: Option<f64>,
    /// True for approximations (`約20名`, `20名程度`).
    pub approximate: bool,
    /// The counter word, normalized (`件`, `回`, `カ所`, `名`, …).
    pub unit: String,
    /// The sentence the number was found in.
    pub quote: String,
    /// The agenda path of the section it was found in.
    pub agenda_ref: Option<String>,
    /// The line where the sentence starts.
    pub line: usize,
}

/// A chapter or heading of a material, with the text under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaterialSection {
    /// 1 for chapters (`第１章`), 2 for headings under them, and so on.
    pub level: u32,
    /// The number as printed (`第１章`), if any.
    pub number: Option<String>,
    /// The title (for a chapter, the line printed after `第１章`).
    pub title: String,
    /// The text under the heading, line breaks healed; paragraphs separated by a newline.
    pub text: String,
    /// The line where the section starts.
    pub line: usize,
}

/// An organisation in a directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The name, healed across line wraps.
    pub name: String,
    /// The heading it is listed under.
    pub category: Option<String>,
    /// Its phone numbers.
    pub phones: Vec<Phone>,
    /// The line where it is listed.
    pub line: usize,
}

/// A phone number with its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    /// The number as printed, widths folded (`0467-61-2600`).
    pub number: String,
    /// What it is for (`事務所`, `相談電話`, `FAX`), where printed.
    pub label: Option<String>,
}

/// A numbered programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// The number as printed (`❶`).
    pub number: String,
    /// The name (`包括的相談支援事業`).
    pub name: String,
    /// The description printed with it.
    pub description: String,
}

/// A labelled header line without a field of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderNote {
    /// The label as normalized (`傍聴者`).
    pub label: String,
    /// The value as printed.
    pub value: String,
}

/// Something the parser could not place, or found suspicious.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// The line (1-based, in the extracted text), when known.
    pub line: Option<usize>,
    /// The page, for PDF.
    pub page: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The text concerned, if any.
    pub text: Option<String>,
}

/// The JSON Schema (draft 2020-12) of [`Record`], as written to `schemas/record.schema.json`.
pub fn record_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Record);
    let mut value = serde_json::to_value(schema).expect("a schema always serialises");
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            "https://gijiroku.invalid/schemas/record.schema.json".into(),
        );
        obj.insert(
            "description".into(),
            format!(
                "A gijiroku record (schema_version {SCHEMA_VERSION}): one ingested document, minutes or material."
            )
            .into(),
        );
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_kind_names_round_trip() {
        for k in EntryKind::ALL {
            assert_eq!(k.as_str().parse::<EntryKind>(), Ok(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            let clap_name = clap::ValueEnum::to_possible_value(&k).unwrap();
            assert_eq!(clap_name.get_name(), k.as_str());
            assert!(!k.label_ja().is_empty());
        }
        assert!("Explanation".parse::<EntryKind>().is_err());
    }

    fn item(path: &str, children: Vec<AgendaItem>) -> AgendaItem {
        AgendaItem {
            number: None,
            title: path.into(),
            materials: vec![],
            children,
            path: path.into(),
        }
    }

    #[test]
    fn agenda_walk_is_in_printed_order_with_depths() {
        let items = vec![
            item("1.", vec![]),
            item(
                "2.",
                vec![
                    item("2.(1)", vec![item("2.(1)①", vec![])]),
                    item("2.(2)", vec![]),
                ],
            ),
            item("3.", vec![]),
        ];
        let walked: Vec<(usize, &str)> = AgendaWalk::new(&items)
            .map(|(d, i)| (d, i.path.as_str()))
            .collect();
        assert_eq!(
            walked,
            [
                (0, "1."),
                (0, "2."),
                (1, "2.(1)"),
                (2, "2.(1)①"),
                (1, "2.(2)"),
                (0, "3.")
            ]
        );
    }
}
