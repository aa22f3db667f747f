//! Materials (資料): reports, plans, pamphlets and guidebooks handed out at meetings.
//!
//! A material has no fixed form, so the parser reads the conventions that printed guidebooks and
//! reports share, from the clean lines of [`crate::normalize::clean`]:
//!
//! - **Front matter**: the first lines before any heading or body text: an id such as `資料２`,
//!   the title, a date (`令和７年２月`) and the issuing department (`さくら台市福祉部障害福祉課`).
//! - **Chapters**: `第１章` (or `第１節`) alone on a line with the title on the next line, or
//!   followed by the title on the same line (`第１章　地域で暮らす`).
//! - **Headings**: numbered (`１．`, `（１）`, `Ⅰ`), marked (`■`, `◆`, `【…】`), or a short line
//!   without punctuation that introduces body text, a numbered list, or a directory table.
//!   A short line that continues a full printed line above it is a wrapped line, not a heading.
//! - **Directories**: lines holding phone numbers. Each number belongs to the name printed before
//!   it on the same line (two entries often share a flattened line); a line with numbers only
//!   belongs to the name printed above it (a name wrapped over two lines is joined, address,
//!   e-mail, hours and `※` notes in between are skipped) or, right after an entry, to that entry.
//!   Labels are read before a number (`☎`, `FAX：`, `相談電話`) or in brackets after it
//!   (`（事務所）`, also alone on the next line). Column headers (`名称 電話`) are table furniture.
//!   Every organisation's category is the heading it is listed under.
//! - **Programmes**: `❶ 包括的相談支援事業` with the description printed below it, up to the next
//!   programme, heading, or paragraph break.
//! - **Colophon**: `令和７年３月発行` (or `発行：…`) and the issuer printed next to it.
//!
//! Everything else is text of the section it stands in, with printed line breaks healed and
//! paragraphs separated by a newline; facts are read from that text. What cannot be placed goes
//! to `warnings` with its line number.

use std::sync::LazyLock;

use regex::Regex;

use super::{dates, facts};
use crate::ingest::Document;
use crate::normalize::CleanLine;
use crate::record::{
    DocumentKind, Fact, MaterialSection, Meeting, Organization, Phone, Programme, Record,
    SCHEMA_VERSION, Warning,
};
use crate::text::era::{ERA_YEAR, ERAS, WEEKDAYS, western_year, year_number};
use crate::text::{compact, fold_width, heal_join};

/// The longest heading (in characters, white space removed).
const HEADING_MAX: usize = 30;
/// The longest organisation name.
const NAME_MAX: usize = 40;
/// The printed line width assumed when a document has too few lines to measure it.
const DEFAULT_WIDTH: usize = 40;

/// Example: `第１章`, `第 2 章`, `第三章`, `第１章　地域で暮らす`, `第２節`
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第[\s　]*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[\s　]*(?P<unit>章|節)")
        .unwrap()
});

/// Example: `令和７年３月発行`, `2025年3月 発行`, `令和6年4月1日作成`
static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:(?P<era>{ERAS})(?P<ey>{ERA_YEAR})|(?P<wy>\d{{4}}))年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?(?P<kw>発行|作成|改訂|策定)"))
        .unwrap()
});

/// A line that is only a date (front matter of a report). Example: `令和７年２月`, `2025年2月17日`
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:(?P<era>{ERAS})(?P<ey>{ERA_YEAR})|(?P<wy>\d{{4}}))年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?(?:\([{WEEKDAYS}]\))?(?:現在|時点)?$"))
        .unwrap()
});

/// A date printed at the end of the title line (a right-aligned date flattened onto it).
/// Example: `活動状況報告 令和７年２月１７日`
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let n = "[0-9０-９]";
    Regex::new(&format!(
        r"[\s　]+(?P<d>(?:(?:{ERAS})[\s　]*(?:{n}{{1,2}}|元)|{n}{{4}})[\s　]*年[\s　]*{n}{{1,2}}[\s　]*月(?:[\s　]*{n}{{1,2}}[\s　]*日)?)$"
    ))
    .unwrap()
});

/// The issuer named on a line. Example: `発行：さくら台市福祉部障害福祉課`, `編集・発行 さくら台市`
static ISSUER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:編集[・、]?)?発行(?:者|元)?[\s　]*[:：][\s　]*(?P<x>\S.*)$").unwrap()
});

/// An id printed above the title. Example: `資料２`, `資料 1-2`, `参考資料`, `別紙`
static MATERIAL_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:参考)?資料(?:\d{1,2}(?:-\d{1,2})?)?|別紙\d*|別添\d*)$").unwrap()
});

/// Example: `❶ 包括的相談支援事業`, `➋多機関協働事業：…`
static PROGRAMME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<n>[❶-❿➊-➓⓫-⓴])[\s　]*(?P<rest>\S.*)?$").unwrap());

/// Example: `１．相談の状況`, `(2) 相談件数`, `3) 課題`, `Ⅱ 今後の方針` (on the width-folded text)
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<n>\d{1,2}\.|\(\d{1,2}\)|\d{1,2}\)|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\.?)[\s]*(?P<t>[^\d\s.].*)$")
        .unwrap()
});

/// Example: `■ 相談窓口`, `◆利用の流れ`, `【お問い合わせ】`
static MARKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[■◆][\s　]*(?P<a>\S.*)|【(?P<b>[^】]+)】)$").unwrap());

/// A phone number, in either width. Example: `0467-61-2600`, `０１２０－０００－１２３`, `(03)0000-1234`
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    let d = "[0-9０-９]";
    let h = r"[\s　]?[-‐‑‒–−－][\s　]?";
    Regex::new(&format!(
        r"[(（][\s　]?[0０]{d}{{1,4}}[\s　]?[)）][\s　]?{d}{{1,4}}{h}{d}{{3,4}}|[0０]{d}{{1,4}}{h}{d}{{1,4}}{h}{d}{{3,4}}"
    ))
    .unwrap()
});

/// A label in brackets after a number, or alone on the next line. Example: `（事務所）`
static PAREN_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s　]*[(（][\s　]*(?P<l>[^()（）0-9０-９]{1,10}?)[\s　]*[)）]").unwrap()
});

/// A text that is only a phone label. Example: `☎`, `FAX ：`, `相談電話`, `事務所：`
static WHOLE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:☎|℡|📞|TEL|Tel|tel|ＴＥＬ|FAX|Fax|fax|ＦＡＸ|電話番号|電話|ファクス|ファックス|代表|直通|携帯|事務所|夜間|休日|\S{0,4}(?:電話|専用|ダイヤル|ライン))[\s　]*[:：.]?$")
        .unwrap()
});

/// A phone label at the end of a name. Example: `さくら相談室 TEL：`
static TRAILING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[\s　]*(?P<l>☎|℡|📞|TEL|Tel|tel|ＴＥＬ|FAX|Fax|fax|ＦＡＸ|電話番号|電話)[\s　]*[:：.]?|[\s　]*[:：])[\s　]*$")
        .unwrap()
});

/// Column headers of a directory table. Example: `名称 電話 名称 電話`, `機関名　電話番号`
static TABLE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:名称|機関名|事業所名|施設名|団体名|窓口名|相談窓口|窓口|名前|電話番号|電話|TEL|FAX|連絡先|所在地|住所|対象|担当|受付時間|時間|備考|分野)[\s　]*)+$")
        .unwrap()
});
static TABLE_HEADER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"名称|機関名|事業所名|施設名|団体名|窓口|名前").unwrap());
static TABLE_HEADER_PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"電話|TEL|連絡先").unwrap());

/// Headings of a contact block, never part of a name. Example: `お問い合わせ`, `連絡先`
static CONTACT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:お?問い?合わ?せ(?:先|窓口)?|連絡先|相談先|申込先|申し込み先)$").unwrap()
});

/// Address, e-mail, web and opening-hours lines of a contact block.
static CONTACT_DETAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)
        ^[\s　]*(?:〒|住所|所在地|メール|E-?mail|e-?mail|Mail|URL|HP|ホームページ|アクセス|時間|受付|開所|開館|定休|休館|休業|休み)
      | @ | https?:// | www\.
      | [0-9０-９]+[\s　]*(?:番地|丁目|号室|階)
    ").unwrap()
});

/// Bullets and list marks that start a line of running text (not a heading).
const BULLETS: &[char] = &[
    '・', '•', '●', '○', '◯', '◎', '※', '→', '⇒', '▶', '►', '▸', '➤', '✓', '✔', '＊', '*', '☆',
    '★', '□', '◇', '-', '－', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬', '⑭',
    '⑮', '⑯', '⑰', '⑱', '⑲', '⑳',
];

/// Name endings that make a line a complete organisation name, not the first half of a wrapped one.
const ORG_SUFFIXES: &[&str] = &[
    "課",
    "部",
    "局",
    "室",
    "係",
    "所",
    "会",
    "館",
    "園",
    "院",
    "センター",
    "担当",
    "法人",
    "ステーション",
    "クリニック",
    "ホーム",
    "事務局",
    "委員会",
];

/// What a line is, from its own text.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// `第１章`; the title is inline or on the next line.
    Chapter {
        number: String,
        title: Option<String>,
        level: u32,
    },
    /// `❶ 包括的相談支援事業`.
    Programme {
        number: String,
        rest: Option<String>,
    },
    /// A numbered or marked heading.
    Heading {
        number: Option<String>,
        title: String,
        level: Option<u32>,
    },
    /// Column headers of a directory table.
    TableHeader,
    /// The issue date (`令和７年３月発行`).
    Issue,
    /// Anything else.
    Text,
}

/// What a line became in the first pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Not yet placed.
    Free,
    /// Part of the name of organisation `org` (printed above its numbers).
    NamePart(usize),
    /// Holds phone numbers of organisations; `org` is the last one on the line.
    OrgLine(usize),
    /// A bracketed label of the number on the line above.
    LabelLine(usize),
    /// The document title.
    Title,
    /// Front matter or colophon (id, date, issuer): text, never a heading.
    Meta,
}

/// Shape of a line, from its text and the document's printed width.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// Characters, white space removed.
    len: usize,
    /// Ends a sentence or an exclamation (`。`, `！`, `？`, `…`).
    ends_sentence: bool,
    /// Ends with `。`: a sentence of running text.
    ends_period: bool,
    /// As wide as the printed column and open: the text continues on the next line.
    full: bool,
    /// Starts with a bullet or list mark.
    bullet: bool,
}

impl Shape {
    /// Running text: a sentence, a full printed line, or a list item.
    fn body(&self) -> bool {
        self.ends_period || self.full || self.bullet
    }
}

/// A directory entry found on a line.
struct Segment {
    name: Option<String>,
    number: String,
    label: Option<String>,
}

/// Text collected for a section or a programme description, paragraph by paragraph.
#[derive(Default)]
struct Paras {
    items: Vec<(usize, String)>,
    last: Option<usize>,
}

struct SectionBuf {
    level: u32,
    number: Option<String>,
    title: String,
    line: usize,
    paras: Paras,
}

struct ProgrammeBuf {
    number: String,
    name: String,
    /// The index of the marker line.
    at: usize,
    paras: Paras,
    spacing: Option<usize>,
}

/// Which structure ends a run of short lines; decides which of them become headings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Body text (the line, if any) or a numbered heading: the last short line may be its
    /// heading.
    Body(Option<usize>),
    /// A directory table or entry: the short lines right above it may be its headings.
    Directory,
    /// Nothing that a heading introduces.
    Text,
}

/// Parses clean lines as a material.
pub fn parse_lines(doc: &Document, lines: Vec<CleanLine>) -> Record {
    Parser::new(&lines).run(doc)
}

struct Parser<'a> {
    lines: &'a [CleanLine],
    kinds: Vec<Kind>,
    shapes: Vec<Shape>,
    uses: Vec<Use>,
    /// Text left on a directory line after its last number.
    leftovers: Vec<Option<String>>,
    organizations: Vec<Organization>,
    /// The line where each organisation is introduced (its first name line).
    org_start: Vec<usize>,
    title: Option<String>,
    /// The id printed above the title (`資料２`).
    material_id: Option<String>,
    /// A date split off the title line: (line, text as printed).
    title_date: Option<(usize, String)>,
    issuer: Option<String>,
    issued: Option<String>,
    warnings: Vec<Warning>,
    // second pass
    sections: Vec<SectionBuf>,
    programmes: Vec<ProgrammeBuf>,
    open_programme: bool,
    buffer: Vec<usize>,
    numbered_level: u32,
    /// After the issue line, before any heading: contacts there are the issuer's, not listed
    /// under a heading.
    in_colophon: bool,
}

impl<'a> Parser<'a> {
    fn new(lines: &'a [CleanLine]) -> Self {
        let width = printed_width(lines);
        let full = (width * 4).div_ceil(5).max(16);
        let kinds: Vec<Kind> = lines.iter().map(kind_of).collect();
        let shapes = lines
            .iter()
            .map(|l| shape_of(&l.text, full))
            .collect::<Vec<_>>();
        let n = lines.len();
        Parser {
            lines,
            kinds,
            shapes,
            uses: vec![Use::Free; n],
            leftovers: vec![None; n],
            organizations: Vec::new(),
            org_start: Vec::new(),
            title: None,
            material_id: None,
            title_date: None,
            issuer: None,
            issued: None,
            warnings: Vec::new(),
            sections: Vec::new(),
            programmes: Vec::new(),
            open_programme: false,
            buffer: Vec::new(),
            numbered_level: 0,
            in_colophon: false,
        }
    }

    fn run(mut self, doc: &Document) -> Record {
        self.find_organizations();
        self.find_issue();
        self.find_front_matter();
        self.walk();
        let mut fact_list = Vec::new();
        for s in &self.sections {
            fact_list.extend(paragraph_facts(&s.paras.items));
        }
        for p in &self.programmes {
            fact_list.extend(paragraph_facts(&p.paras.items));
        }
        fact_list.sort_by_key(|f| f.line);
        let sections = self
            .sections
            .into_iter()
            .map(|s| MaterialSection {
                level: s.level,
                number: s.number,
                title: s.title,
                text: join_paras(&s.paras.items),
                line: s.line,
            })
            .collect();
        let programmes = self
            .programmes
            .into_iter()
            .map(|p| Programme {
                number: p.number,
                name: p.name,
                description: join_paras(&p.paras.items),
            })
            .collect();
        Record {
            schema_version: SCHEMA_VERSION,
            kind: DocumentKind::Material,
            source: doc.source(),
            meeting: Meeting::default(),
            attendance: Default::default(),
            agenda: Vec::new(),
            materials: Vec::new(),
            proceedings: Vec::new(),
            aliases: Vec::new(),
            facts: fact_list,
            header_notes: Vec::new(),
            title: self.title,
            material_id: self.material_id,
            issuer: self.issuer,
            issued: self.issued,
            sections,
            organizations: self.organizations,
            programmes,
            warnings: self.warnings,
        }
    }

    fn warn(&mut self, i: usize, message: &str) {
        self.warnings.push(Warning {
            line: Some(self.lines[i].no),
            page: self.lines[i].page,
            message: message.to_string(),
            text: Some(self.lines[i].text.clone()),
        });
    }

    /// Blank lines between line `a` and the later line `b`, plus one.
    fn gap(&self, a: usize, b: usize) -> usize {
        self.lines[b].no.saturating_sub(self.lines[a].no)
    }

    fn is_free_text(&self, i: usize) -> bool {
        self.uses[i] == Use::Free && self.kinds[i] == Kind::Text
    }

    /// A line that can be (part of) an organisation's name.
    fn name_like(&self, i: usize) -> bool {
        let s = &self.shapes[i];
        let t = &self.lines[i].text;
        self.is_free_text(i)
            && !s.full
            && !s.bullet
            && !s.ends_sentence
            && s.len >= 2
            && s.len <= NAME_MAX
            && !t.contains(['。', '、', '：', ':'])
            && !CONTACT_DETAIL.is_match(t)
            && t.chars().any(|c| !c.is_ascii_digit() && !c.is_whitespace())
    }

    // ---- first pass: directories, colophon, front matter ----

    fn find_organizations(&mut self) {
        let notes = self.note_lines();
        for i in 0..self.lines.len() {
            if self.kinds[i] != Kind::Text {
                continue;
            }
            if let Some((segments, rest)) = phone_segments(&self.lines[i].text) {
                let mut current = None;
                if segments[0].name.is_none() {
                    current = self.previous_entry(i);
                    if current.is_none()
                        && let Some(parts) = self.find_name(i, &notes)
                    {
                        let name = join_name(parts.iter().map(|&j| self.lines[j].text.as_str()));
                        let org = self.new_org(name, parts[0]);
                        for j in parts {
                            self.uses[j] = Use::NamePart(org);
                        }
                        current = Some(org);
                    }
                    if current.is_none() {
                        self.warn(i, "phone number without an organisation name");
                        continue;
                    }
                }
                for seg in segments {
                    if let Some(name) = seg.name {
                        current = Some(self.new_org(name, i));
                    }
                    let org = current.expect("set above");
                    self.organizations[org].phones.push(Phone {
                        number: seg.number,
                        label: seg.label,
                    });
                }
                self.uses[i] = Use::OrgLine(current.expect("a directory line has a number"));
                self.leftovers[i] = rest;
            } else if let Some(caps) = PAREN_LABEL.captures(&self.lines[i].text)
                && caps.get(0).unwrap().end() == self.lines[i].text.len()
                && i > 0
                && let Use::OrgLine(org) | Use::LabelLine(org) = self.uses[i - 1]
                && let Some(phone) = self.organizations[org].phones.last_mut()
                && phone.label.is_none()
            {
                phone.label = Some(normalize_label(&caps["l"]));
                self.uses[i] = Use::LabelLine(org);
            }
        }
    }

    fn new_org(&mut self, name: String, line: usize) -> usize {
        self.organizations.push(Organization {
            name,
            category: None,
            phones: Vec::new(),
            line: self.lines[line].no,
        });
        self.org_start.push(line);
        self.organizations.len() - 1
    }

    /// `※` notes and the lines that continue them.
    fn note_lines(&self) -> Vec<bool> {
        let mut notes = vec![false; self.lines.len()];
        for i in 0..self.lines.len() {
            let t = self.lines[i].text.trim_start();
            notes[i] = t.starts_with('※')
                || (i > 0
                    && notes[i - 1]
                    && self.gap(i - 1, i) == 1
                    && !self.shapes[i - 1].ends_sentence);
        }
        notes
    }

    /// A numbers-only line right after an entry's numbers or labels belongs to that entry.
    fn previous_entry(&self, i: usize) -> Option<usize> {
        if i == 0 || self.gap(i - 1, i) > 2 {
            return None;
        }
        match self.uses[i - 1] {
            Use::OrgLine(org) | Use::LabelLine(org) => Some(org),
            _ => None,
        }
    }

    /// The name printed above a numbers-only line: the nearest name-like line, skipping address,
    /// e-mail, hours and notes; joined with the line above it when the name wraps.
    fn find_name(&self, i: usize, notes: &[bool]) -> Option<Vec<usize>> {
        let mut j = i;
        let mut skipped = 0;
        loop {
            if j == 0 {
                return None;
            }
            j -= 1;
            if !self.is_free_text(j) {
                return None;
            }
            let t = &self.lines[j].text;
            if notes[j] || CONTACT_DETAIL.is_match(t) {
                skipped += 1;
                if skipped > 4 {
                    return None;
                }
                continue;
            }
            if !self.name_like(j) {
                return None;
            }
            let mut parts = vec![j];
            if j > 0
                && self.gap(j - 1, j) == 1
                && self.name_like(j - 1)
                && !notes[j - 1]
                && !is_complete_name(&self.lines[j - 1].text)
                && !CONTACT_HEADING.is_match(&compact(&self.lines[j - 1].text))
                && self.shapes[j - 1].len + self.shapes[j].len <= NAME_MAX
            {
                parts.insert(0, j - 1);
            }
            return Some(parts);
        }
    }

    /// The issue date, and the issuer printed with it.
    fn find_issue(&mut self) {
        for i in 0..self.lines.len() {
            let text = &self.lines[i].text;
            if self.issuer.is_none()
                && let Some(caps) = ISSUER_LABEL.captures(text.trim())
            {
                self.issuer = Some(caps["x"].trim().to_string());
            }
            if self.issued.is_some() {
                continue;
            }
            let c = dates::kanji_numerals(&compact(text));
            let Some(caps) = ISSUED.captures(&c) else {
                continue;
            };
            self.issued = iso_month(&caps);
            if self.kinds[i] == Kind::Text && self.uses[i] == Use::Free {
                self.kinds[i] = Kind::Issue;
            }
            // `令和７年３月発行　さくら台市福祉部` names the issuer after the date.
            let kw = &caps["kw"];
            if self.issuer.is_none()
                && let Some(at) = text.find(kw)
            {
                let rest = text[at + kw.len()..].trim_matches([' ', '　', ':', '：']);
                if rest.chars().count() >= 2 && !rest.contains(['。', '、']) {
                    self.issuer = Some(rest.to_string());
                }
            }
            if self.issuer.is_none() {
                self.issuer = self.colophon_issuer(i);
            }
        }
    }

    /// The names printed right after (or, failing that, right before) the issue line.
    fn colophon_issuer(&mut self, issue: usize) -> Option<String> {
        let mut parts = Vec::new();
        let mut prev = issue;
        for j in issue + 1..self.lines.len() {
            if parts.len() == 3 || self.gap(prev, j) > 2 {
                break;
            }
            match self.uses[j] {
                Use::Free if self.name_like(j) => {
                    self.uses[j] = Use::Meta;
                    parts.push(j);
                }
                Use::NamePart(_) => parts.push(j),
                _ => break,
            }
            prev = j;
        }
        if parts.is_empty() {
            for j in (issue.saturating_sub(2)..issue).rev() {
                if self.gap(j, issue) <= 2
                    && self.name_like(j)
                    && is_complete_name(&self.lines[j].text)
                {
                    self.uses[j] = Use::Meta;
                    parts.insert(0, j);
                } else {
                    break;
                }
            }
        }
        (!parts.is_empty()).then(|| {
            parts
                .iter()
                .map(|&j| self.lines[j].text.trim())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// The title, id, date and issuer printed before the first heading or body text.
    fn find_front_matter(&mut self) {
        let mut issuer = None;
        for i in 0..self.lines.len() {
            let shape = self.shapes[i];
            // A title may be as wide as the page; body text ends the front matter.
            if !self.is_free_text(i)
                || shape.ends_period
                || shape.bullet
                || (shape.full && self.title.is_some())
            {
                break;
            }
            let c = dates::kanji_numerals(&compact(&self.lines[i].text));
            if MATERIAL_ID.is_match(&c) {
                self.uses[i] = Use::Meta;
                if self.material_id.is_none() && c.chars().any(|ch| ch.is_ascii_digit()) {
                    self.material_id = Some(super::distribution::normalise_id(&c));
                }
            } else if let Some(caps) = DATE_ONLY.captures(&c) {
                self.uses[i] = Use::Meta;
                if self.issued.is_none() {
                    self.issued = iso_month(&caps);
                }
            } else if self.title.is_none() {
                if self.shapes[i].ends_sentence || self.shapes[i].len > NAME_MAX * 2 {
                    break;
                }
                let mut title = self.lines[i].text.trim();
                if let Some(caps) = TRAILING_DATE.captures(title) {
                    let printed = caps["d"].to_string();
                    if let Some(date) =
                        DATE_ONLY.captures(&dates::kanji_numerals(&compact(&printed)))
                    {
                        if self.issued.is_none() {
                            self.issued = iso_month(&date);
                        }
                        title = title[..caps.get(0).unwrap().start()].trim_end();
                        self.title_date = Some((i, printed));
                    }
                }
                self.title = Some(title.to_string());
                self.uses[i] = Use::Title;
            } else if self.name_like(i) && is_complete_name(&self.lines[i].text) {
                self.uses[i] = Use::Meta;
                issuer = Some(self.lines[i].text.trim().to_string());
            }
        }
        if self.issuer.is_none() {
            self.issuer = issuer;
        }
    }

    // ---- second pass: sections, headings, programmes, text ----

    fn walk(&mut self) {
        // The organisations whose entry starts on each line.
        let mut starting_here: Vec<Vec<usize>> = vec![Vec::new(); self.lines.len()];
        for (org, &at) in self.org_start.iter().enumerate() {
            starting_here[at].push(org);
        }
        if let Some(t) = self.uses.iter().position(|u| *u == Use::Title) {
            self.push_section(1, None, self.title.clone().unwrap_or_default(), t);
        }
        let mut i = 0;
        while i < self.lines.len() {
            match (self.kinds[i].clone(), self.uses[i]) {
                (_, Use::Title) => {
                    if let Some((_, date)) = self.title_date.clone() {
                        self.add_text(i, &date, true);
                    }
                }
                (
                    Kind::Chapter {
                        number,
                        title,
                        level,
                    },
                    _,
                ) => {
                    self.close_programme();
                    self.resolve(Next::Text);
                    let chapter = i;
                    // The title is printed on the next line when it is not on this one.
                    let title = title.or_else(|| {
                        let next = i + 1;
                        (next < self.lines.len()
                            && self.is_free_text(next)
                            && !self.shapes[next].body())
                        .then(|| {
                            i = next;
                            self.lines[next].text.trim().to_string()
                        })
                    });
                    if title.is_none() {
                        self.warn(chapter, "chapter without a title");
                    }
                    self.numbered_level = level;
                    self.push_section(level, Some(number), title.unwrap_or_default(), chapter);
                }
                (
                    Kind::Heading {
                        number,
                        title,
                        level,
                    },
                    _,
                ) => {
                    self.close_programme();
                    self.resolve(Next::Body(None));
                    let level = match level {
                        Some(l) => {
                            self.numbered_level = l;
                            l
                        }
                        None => self.numbered_level.max(1) + 1,
                    };
                    self.push_section(level, number, title, i);
                }
                (Kind::Programme { number, rest }, _) => {
                    self.close_programme();
                    self.resolve(Next::Body(None));
                    self.open_programme(i, number, rest);
                }
                (Kind::TableHeader, _) => {
                    // Column headers are table furniture: the entries below carry their content.
                    self.close_programme();
                    self.resolve(Next::Directory);
                }
                (_, Use::NamePart(org)) => {
                    if self.org_start[org] == i {
                        self.close_programme();
                        self.resolve(Next::Directory);
                        self.categorize(org);
                    }
                }
                (_, Use::OrgLine(_)) => {
                    self.close_programme();
                    let introduced = std::mem::take(&mut starting_here[i]);
                    self.resolve(if introduced.is_empty() {
                        Next::Text
                    } else {
                        Next::Directory
                    });
                    for org in introduced {
                        self.categorize(org);
                    }
                    if let Some(rest) = self.leftovers[i].clone() {
                        self.add_text(i, &rest, true);
                    }
                }
                (_, Use::LabelLine(_)) => {}
                (_, Use::Meta) | (Kind::Issue, _) => {
                    self.close_programme();
                    self.resolve(Next::Text);
                    let text = self.lines[i].text.clone();
                    self.add_text(i, &text, true);
                    if self.kinds[i] == Kind::Issue {
                        self.in_colophon = true;
                    }
                }
                (Kind::Text, Use::Free) => {
                    if !self.continue_programme(i) {
                        if self.shapes[i].body() {
                            self.resolve(Next::Body(Some(i)));
                            let text = self.lines[i].text.clone();
                            self.add_text(i, &text, false);
                        } else {
                            self.buffer.push(i);
                        }
                    }
                }
            }
            i += 1;
        }
        self.close_programme();
        self.resolve(Next::Text);
    }

    fn push_section(&mut self, level: u32, number: Option<String>, title: String, i: usize) {
        self.in_colophon = false;
        self.sections.push(SectionBuf {
            level,
            number,
            title,
            line: self.lines[i].no,
            paras: Paras::default(),
        });
    }

    fn categorize(&mut self, org: usize) {
        self.organizations[org].category = if self.in_colophon {
            None
        } else {
            self.sections.last().map(|s| s.title.clone())
        };
    }

    /// Appends a line to the current section. Text before any title or heading opens the first
    /// section, titled with that line when the line is complete (not the first part of a
    /// wrapped sentence).
    fn add_text(&mut self, i: usize, text: &str, new_paragraph: bool) {
        if self.sections.is_empty() {
            if self.shapes[i].full {
                self.push_section(1, None, String::new(), i);
            } else {
                self.push_section(1, None, text.trim().to_string(), i);
                return;
            }
        }
        let lines = self.lines;
        let shapes = &self.shapes;
        let paras = &mut self.sections.last_mut().expect("created above").paras;
        append(paras, lines, shapes, i, text, new_paragraph);
    }

    /// Places the short lines collected so far: the last ones may be headings of what follows,
    /// the rest is text.
    fn resolve(&mut self, next: Next) {
        let buffer = std::mem::take(&mut self.buffer);
        if buffer.is_empty() {
            return;
        }
        // Units: runs of lines printed without a blank line between them.
        let mut units: Vec<Vec<usize>> = Vec::new();
        for &i in &buffer {
            match units.last_mut() {
                Some(u) if self.gap(*u.last().unwrap(), i) == 1 => u.push(i),
                _ => units.push(vec![i]),
            }
        }
        let mut headings = Vec::new();
        while let Some(u) = units.last() {
            let wanted = match next {
                Next::Body(_) => headings.is_empty(),
                Next::Directory => true,
                Next::Text => false,
            };
            if !wanted || !self.heading_shaped(u) {
                break;
            }
            // `…検討し` printed right above `ていただければと思います。` is one sentence: the
            // first line of a wrapped sentence is at least as wide as its last.
            if let Next::Body(Some(b)) = next {
                let last = *u.last().unwrap();
                let runs_on = self.gap(last, b) == 1
                    && !self.shapes[b].full
                    && !self.shapes[b].bullet
                    && self.shapes[b].len <= self.shapes[last].len
                    && self.lines[last]
                        .text
                        .trim_end()
                        .chars()
                        .last()
                        .is_some_and(is_hiragana);
                if runs_on {
                    break;
                }
            }
            headings.push(units.pop().unwrap());
        }
        headings.reverse();
        for u in units {
            for i in u {
                let text = self.lines[i].text.clone();
                self.add_text(i, &text, false);
            }
        }
        for u in headings {
            let title = join_name(u.iter().map(|&i| self.lines[i].text.as_str()));
            let level = self.numbered_level.max(1) + 1;
            self.push_section(level, None, title, u[0]);
        }
    }

    /// A run of one or two short lines that reads as a title, not continuing a full line above.
    fn heading_shaped(&self, unit: &[usize]) -> bool {
        if unit.len() > 2 {
            return false;
        }
        let first = unit[0];
        if first > 0 && self.uses[first - 1] == Use::Free && self.kinds[first - 1] == Kind::Text {
            // A line that continues a full line, or an open list item right above it.
            let prev = &self.shapes[first - 1];
            if !prev.ends_sentence
                && (prev.full || (prev.bullet && self.gap(first - 1, first) == 1))
            {
                return false;
            }
        }
        let len: usize = unit.iter().map(|&i| self.shapes[i].len).sum();
        (2..=HEADING_MAX).contains(&len)
            && unit.iter().all(|&i| {
                let s = &self.shapes[i];
                let t = &self.lines[i].text;
                self.uses[i] == Use::Free
                    && !s.full
                    && !s.bullet
                    && !s.ends_sentence
                    && !t.contains(['。', '、', '，', '：', ':'])
                    && !CONTACT_DETAIL.is_match(t)
                    && t.chars().any(|c| !c.is_ascii_digit() && !c.is_whitespace())
            })
            && !reads_as_sentence(&self.lines[*unit.last().unwrap()].text)
            && !self.lines[first]
                .text
                .trim_start()
                .starts_with(['…', '‥', '、', '。', '，'])
    }

    fn open_programme(&mut self, i: usize, number: String, rest: Option<String>) {
        let (name, description) = match rest {
            Some(r) => match r.split_once(['：', ':']) {
                Some((n, d)) => (n.trim().to_string(), Some(d.trim().to_string())),
                None => (r.trim().to_string(), None),
            },
            None => (String::new(), None),
        };
        if name.is_empty() {
            self.warn(i, "programme number without a name");
        }
        let mut p = ProgrammeBuf {
            number,
            name,
            at: i,
            paras: Paras::default(),
            spacing: None,
        };
        if let Some(d) = description.filter(|d| !d.is_empty()) {
            p.paras.items.push((self.lines[i].no, d));
            p.paras.last = Some(i);
            p.spacing = Some(1);
        }
        self.programmes.push(p);
        self.open_programme = true;
    }

    fn close_programme(&mut self) {
        self.open_programme = false;
    }

    /// Adds line `i` to the open programme's description if it continues it.
    fn continue_programme(&mut self, i: usize) -> bool {
        if !self.open_programme {
            return false;
        }
        let p = self.programmes.last().expect("open");
        let prev = p.paras.last.unwrap_or(p.at);
        let gap = self.gap(prev, i);
        let continues = match p.spacing {
            None => gap <= 2,
            Some(spacing) => {
                !(self.shapes[prev].ends_sentence && (gap > spacing || self.heading_shaped(&[i])))
            }
        };
        if !continues {
            self.open_programme = false;
            return false;
        }
        let lines = self.lines;
        let shapes = &self.shapes;
        let p = self.programmes.last_mut().expect("open");
        if p.spacing.is_none() {
            p.spacing = Some(gap);
        }
        let text = lines[i].text.clone();
        append(&mut p.paras, lines, shapes, i, &text, false);
        true
    }
}

/// Appends line `i` to a text: joined to the paragraph it continues, or as a new paragraph after
/// a sentence end, a bullet, or a short line followed by a blank line.
fn append(
    paras: &mut Paras,
    lines: &[CleanLine],
    shapes: &[Shape],
    i: usize,
    text: &str,
    new_paragraph: bool,
) {
    let join = !new_paragraph
        && !shapes[i].bullet
        && paras.last.is_some_and(|p| {
            let prev = &shapes[p];
            !prev.ends_sentence && (prev.full || lines[i].no == lines[p].no + 1)
        })
        && !paras.items.is_empty();
    if join {
        heal_join(&mut paras.items.last_mut().unwrap().1, text);
    } else {
        paras.items.push((lines[i].no, text.trim().to_string()));
    }
    paras.last = Some(i);
}

fn join_paras(items: &[(usize, String)]) -> String {
    items
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Facts of each paragraph; a count printed under its label (`地域包括支援センター` /
/// `10 カ所`) is read together with the label.
fn paragraph_facts(items: &[(usize, String)]) -> Vec<Fact> {
    let mut out = Vec::new();
    for (k, (line, text)) in items.iter().enumerate() {
        // A list item's fact reads without its bullet (`・相談支援専門員からの相談　２件`).
        let text = text.trim_start_matches(BULLETS).trim_start();
        let mut found = facts::find(text, None, *line);
        if k > 0 && found.iter().any(|f| f.subject.is_empty()) {
            let (label_line, label) = &items[k - 1];
            let label_chars = compact(label).chars().count();
            if label_chars <= HEADING_MAX
                && !label.ends_with(['。', '！', '？', '…'])
                && !label.contains(['。', '、'])
            {
                let joined = format!("{label} {text}");
                let with_label = facts::find(&joined, None, *label_line);
                let own = facts::find(label, None, *label_line).len();
                if with_label.len() == found.len() + own {
                    found = with_label.into_iter().skip(own).collect();
                }
            }
        }
        out.extend(found);
    }
    out
}

fn iso_month(caps: &regex::Captures) -> Option<String> {
    let year = match caps.name("era") {
        Some(era) => year_number(&caps["ey"]).and_then(|y| western_year(era.as_str(), y)),
        None => caps["wy"].parse().ok(),
    }?;
    let m: u32 = caps["m"].parse().ok()?;
    if !(1..=12).contains(&m) {
        return None;
    }
    Some(
        match caps.name("d").and_then(|d| d.as_str().parse::<u32>().ok()) {
            Some(d) => format!("{year:04}-{m:02}-{d:02}"),
            None => format!("{year:04}-{m:02}"),
        },
    )
}

/// The printed column width: the 90th percentile of the lengths of lines of some length (not
/// counting directory lines, which often hold two entries).
fn printed_width(lines: &[CleanLine]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|l| !PHONE.is_match(&l.text))
        .map(|l| compact(&l.text).chars().count())
        .filter(|&n| n >= 10)
        .collect();
    if lens.len() < 5 {
        return DEFAULT_WIDTH;
    }
    lens.sort_unstable();
    lens[lens.len() * 9 / 10]
}

fn shape_of(text: &str, full: usize) -> Shape {
    let t = text.trim();
    let len = compact(t).chars().count();
    let core = t.trim_end_matches(['」', '』', '）', ')', '"', '”', ' ', '　']);
    let last = core.chars().last();
    let ends_period = matches!(last, Some('。' | '．'));
    let ends_sentence = ends_period || matches!(last, Some('！' | '？' | '!' | '?' | '…' | '‥'));
    let bullet = t.starts_with(BULLETS);
    Shape {
        len,
        ends_sentence,
        ends_period,
        full: !ends_sentence && len >= full,
        bullet,
    }
}

fn kind_of(line: &CleanLine) -> Kind {
    let t = line.text.trim();
    if let Some(m) = CHAPTER.find(t) {
        let unit = CHAPTER.captures(t).unwrap()["unit"].to_string();
        let level = if unit == "章" { 1 } else { 2 };
        let rest = &t[m.end()..];
        let title = rest.trim_start_matches([' ', '　', ':', '：', '.', '．', '・']);
        if title.trim().is_empty() {
            return Kind::Chapter {
                number: t.to_string(),
                title: None,
                level,
            };
        }
        // `第２章で述べたように…` is a sentence, not a chapter.
        if title.len() < rest.len() && !title.contains(['。', '、']) {
            return Kind::Chapter {
                number: t[..m.end()].trim().to_string(),
                title: Some(title.trim().to_string()),
                level,
            };
        }
    }
    if let Some(caps) = PROGRAMME.captures(t) {
        return Kind::Programme {
            number: caps["n"].to_string(),
            rest: caps.name("rest").map(|r| r.as_str().trim().to_string()),
        };
    }
    if is_table_header(t) {
        return Kind::TableHeader;
    }
    let folded = fold_width(t);
    if let Some(caps) = NUMBERED.captures(&folded) {
        // Folding keeps the number of characters: cut the printed text at the same place.
        let n = &caps["n"];
        let at = t
            .char_indices()
            .nth(n.chars().count())
            .map_or(t.len(), |(at, _)| at);
        let (printed, title) = (t[..at].trim(), t[at..].trim());
        if is_title_text(title) {
            let level = if n.starts_with('(') || n.ends_with(')') {
                3
            } else {
                2
            };
            return Kind::Heading {
                number: Some(printed.to_string()),
                title: title.to_string(),
                level: Some(level),
            };
        }
    }
    if let Some(caps) = MARKED.captures(t) {
        let title = caps
            .name("a")
            .or(caps.name("b"))
            .map(|m| m.as_str().trim())
            .unwrap_or_default();
        if is_title_text(title) {
            return Kind::Heading {
                number: None,
                title: title.to_string(),
                level: None,
            };
        }
    }
    Kind::Text
}

/// Short, without sentence punctuation: can be a heading's title.
fn is_title_text(t: &str) -> bool {
    let len = compact(t).chars().count();
    (1..=HEADING_MAX).contains(&len) && !t.contains(['。', '、']) && !PHONE.is_match(t)
}

/// A line that ends with a case particle (`相談窓口は市内に`, `体制を`) is the start of a
/// sentence, and one that ends like a spoken sentence (`…を行います`, `大切なんだね`) is a sentence
/// without its period: neither is a title (`…とは` and `…へ` are).
fn reads_as_sentence(t: &str) -> bool {
    let t = t.trim();
    if t.ends_with("とは") {
        return false;
    }
    t.ends_with([
        'を', 'が', 'に', 'で', 'の', 'も', 'や', 'と', 'は', 'ね', 'よ',
    ]) || ["です", "ます", "でした", "ました", "ください", "ません"]
        .iter()
        .any(|e| t.ends_with(e))
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

fn is_table_header(t: &str) -> bool {
    let folded = fold_width(t);
    TABLE_HEADER.is_match(&folded)
        && TABLE_HEADER_NAME.is_match(&folded)
        && TABLE_HEADER_PHONE.is_match(&folded)
}

fn is_complete_name(t: &str) -> bool {
    let t = t.trim();
    ORG_SUFFIXES.iter().any(|s| t.ends_with(s))
}

/// Joins the lines of a wrapped name or heading; white space inside a line is kept as one space.
fn join_name<'s>(parts: impl Iterator<Item = &'s str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p
            .trim()
            .trim_start_matches(['・', '●', '○', '◎', '■', '◆', '▶', '•'])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        heal_join(&mut out, &p);
    }
    out
}

fn normalize_label(l: &str) -> String {
    let l = fold_width(l.trim());
    let l = l.trim_matches([' ', ':', '.']).trim();
    match l {
        "☎" | "℡" | "📞" => "電話".to_string(),
        other => other.to_string(),
    }
}

/// The directory entries of a line: each number with the name and label printed before it (and a
/// bracketed label after it), and the text left after the last number. None when the line has no
/// number, or when the numbers stand inside a sentence.
fn phone_segments(text: &str) -> Option<(Vec<Segment>, Option<String>)> {
    let mut segments = Vec::new();
    let mut pos = 0;
    for m in PHONE.find_iter(text) {
        let before = text[..m.start()].chars().last();
        let after = text[m.end()..].chars().next();
        let is_digit =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        if is_digit(before) || is_digit(after) || m.start() < pos {
            continue;
        }
        let pre = text[pos..m.start()].trim();
        if pre.contains(['。', '、']) || compact(pre).chars().count() > NAME_MAX {
            return None;
        }
        let (name, mut label) = split_pre(pre);
        pos = m.end();
        if let Some(caps) = PAREN_LABEL.captures(&text[pos..]) {
            label = Some(normalize_label(&caps["l"]));
            pos += caps.get(0).unwrap().end();
        }
        segments.push(Segment {
            name,
            number: fold_width(m.as_str())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect(),
            label,
        });
    }
    if segments.is_empty() {
        return None;
    }
    let rest = text[pos..].trim();
    if rest.contains('。') {
        return None;
    }
    Some((segments, (!rest.is_empty()).then(|| rest.to_string())))
}

/// Splits the text before a number into a name and a label.
fn split_pre(pre: &str) -> (Option<String>, Option<String>) {
    let t = pre
        .trim()
        .trim_start_matches(['・', '●', '○', '◎', '■', '◆', '▶', '•', ' ', '　']);
    if t.is_empty() {
        return (None, None);
    }
    if WHOLE_LABEL.is_match(t) {
        return (None, Some(normalize_label(t)));
    }
    if let Some(caps) = TRAILING_LABEL.captures(t) {
        let m = caps.get(0).unwrap();
        let name = t[..m.start()].trim();
        let label = caps.name("l").map(|l| normalize_label(l.as_str()));
        if !name.is_empty() {
            return (Some(join_name(std::iter::once(name))), label);
        }
        return (None, label);
    }
    (Some(join_name(std::iter::once(t))), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_text(text)
    }

    fn parse(text: &str) -> Record {
        let d = doc(text);
        parse_lines(&d, crate::normalize::clean(&d))
    }

    fn titles(r: &Record) -> Vec<&str> {
        r.sections.iter().map(|s| s.title.as_str()).collect()
    }

    fn phones(o: &Organization) -> Vec<(&str, Option<&str>)> {
        o.phones
            .iter()
            .map(|p| (p.number.as_str(), p.label.as_deref()))
            .collect()
    }

    #[test]
    fn chapters_and_issue_date() {
        let r = parse(
            "相談支援ガイド\n第１章\n地域で暮らす\n相談窓口は市内に\n12カ所あります。\n第２章\n窓口の一覧\n令和７年３月発行",
        );
        assert_eq!(titles(&r), ["相談支援ガイド", "地域で暮らす", "窓口の一覧"]);
        assert_eq!(r.title.as_deref(), Some("相談支援ガイド"));
        assert_eq!(r.sections[1].number.as_deref(), Some("第１章"));
        assert_eq!(r.sections[1].text, "相談窓口は市内に12カ所あります。");
        assert_eq!(r.issued.as_deref(), Some("2025-03"));
        assert_eq!((r.facts[0].value, r.facts[0].unit.as_str()), (12.0, "カ所"));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn chapter_title_on_the_same_line() {
        let r =
            parse("第２章　相談のしくみ\n相談は無料です。\n第２章で述べたように、相談は無料です。");
        assert_eq!(r.sections[0].number.as_deref(), Some("第２章"));
        assert_eq!(r.sections[0].title, "相談のしくみ");
        assert_eq!(r.sections.len(), 1);
        assert!(
            r.sections[0]
                .text
                .ends_with("第２章で述べたように、相談は無料です。")
        );
    }

    #[test]
    fn chapter_without_a_title_is_a_warning() {
        let r = parse("ガイド\n第３章");
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(2));
    }

    #[test]
    fn short_line_before_body_text_is_a_heading() {
        let r = parse(
            "第１章\n\nくらしの相談\n\n相談の窓口\n\n市内の相談窓口では、障害のある方やその家族からの相談を受け付けて\n\nいます。",
        );
        assert_eq!(titles(&r), ["くらしの相談", "相談の窓口"]);
        assert_eq!(r.sections[1].level, 2);
        assert_eq!(
            r.sections[1].text,
            "市内の相談窓口では、障害のある方やその家族からの相談を受け付けています。"
        );
    }

    #[test]
    fn a_wrapped_line_is_not_a_heading() {
        let r = parse(
            "第１章\nしくみ\n各事業所が受け止めた相談のうち、解決が難しいものはプラ\nンを作成します\n・支援会議で検討します。",
        );
        assert_eq!(titles(&r), ["しくみ"]);
        assert_eq!(
            r.sections[0].text,
            "各事業所が受け止めた相談のうち、解決が難しいものはプランを作成します\n・支援会議で検討します。"
        );
    }

    #[test]
    fn numbered_and_marked_headings() {
        let r = parse(
            "実施状況報告\n１．相談の状況\n（１）相談件数\n新規の相談は42件でした。\n■ 今後の予定\n研修を開きます。",
        );
        let got: Vec<(u32, Option<&str>, &str)> = r
            .sections
            .iter()
            .map(|s| (s.level, s.number.as_deref(), s.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, None, "実施状況報告"),
                (2, Some("１．"), "相談の状況"),
                (3, Some("（１）"), "相談件数"),
                (4, None, "今後の予定"),
            ]
        );
    }

    #[test]
    fn two_entries_on_one_line_under_their_heading() {
        let r = parse(
            "相談窓口一覧\n\n障害のある方の相談\n\n名称 電話 名称 電話\n\nひだまり相談室 0120-000-101 つばさ支援センター ０１２０－０００－１０２",
        );
        let got: Vec<(&str, Option<&str>)> = r
            .organizations
            .iter()
            .map(|o| (o.name.as_str(), o.category.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("ひだまり相談室", Some("障害のある方の相談")),
                ("つばさ支援センター", Some("障害のある方の相談"))
            ]
        );
        assert_eq!(phones(&r.organizations[1]), [("0120-000-102", None)]);
        assert!(!r.sections.iter().any(|s| s.text.contains("名称")));
    }

    #[test]
    fn numbers_only_line_takes_the_wrapped_name_above_and_labels() {
        let r = parse(
            "こどもの相談\n名称 電話\nさくら台こども\n相談センター\n0120-000-201\n（事務所）\n\n0120-000-202\n（相談電話）",
        );
        assert_eq!(r.organizations.len(), 1);
        let o = &r.organizations[0];
        assert_eq!(o.name, "さくら台こども相談センター");
        assert_eq!(o.category.as_deref(), Some("こどもの相談"));
        assert_eq!(
            phones(o),
            [
                ("0120-000-201", Some("事務所")),
                ("0120-000-202", Some("相談電話"))
            ]
        );
        assert_eq!(o.line, 3);
    }

    #[test]
    fn contact_block_with_address_and_note() {
        let r = parse(
            "お問い合わせ\n\nLibero さくら\n\n※駐車場がありませんので\n　公共交通機関でお越しください。\n\nさくら台市中央１丁目２番地３号\n☎ 0120-000-301　FAX ： 0120-000-302　メール：info@example.invalid",
        );
        assert_eq!(r.organizations.len(), 1);
        let o = &r.organizations[0];
        assert_eq!(o.name, "Libero さくら");
        assert_eq!(
            phones(o),
            [
                ("0120-000-301", Some("電話")),
                ("0120-000-302", Some("FAX"))
            ]
        );
        let text = &r.sections.last().unwrap().text;
        assert!(text.contains("公共交通機関でお越しください。"), "{text}");
        assert!(text.contains("中央１丁目"), "{text}");
        assert!(text.contains("メール：info@example.invalid"), "{text}");
    }

    #[test]
    fn untitled_text_opens_the_first_section() {
        let r = parse("今日は相談会を開きました。\n参加者は12名でした。");
        assert_eq!(r.title, None);
        assert_eq!(r.sections[0].title, "今日は相談会を開きました。");
        assert_eq!(r.sections[0].text, "参加者は12名でした。");
    }

    #[test]
    fn phone_inside_a_sentence_is_not_an_organisation() {
        let r =
            parse("相談のご案内\nご不明な点は障害福祉課（0120-000-401）までお問い合わせください。");
        assert!(r.organizations.is_empty());
        assert!(r.sections[0].text.contains("0120-000-401"));
    }

    #[test]
    fn phone_without_a_name_is_a_warning() {
        let r = parse("相談のご案内\n相談はお気軽にどうぞ。\n0120-000-501");
        assert!(r.organizations.is_empty());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(3));
        assert!(r.sections[0].text.contains("0120-000-501"));
    }

    #[test]
    fn programmes_with_descriptions() {
        let r = parse(
            "５つの事業\n❶ 相談受け止め事業\n相談を丸ごと受け止め、必要な支援につな\nぎます。\n\n❷ 参加支援事業：社会とのつながりをつくります。\n\n\nこのほかの事業もあります。",
        );
        let got: Vec<(&str, &str, &str)> = r
            .programmes
            .iter()
            .map(|p| (p.number.as_str(), p.name.as_str(), p.description.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "❶",
                    "相談受け止め事業",
                    "相談を丸ごと受け止め、必要な支援につなぎます。"
                ),
                ("❷", "参加支援事業", "社会とのつながりをつくります。"),
            ]
        );
        assert!(r.sections[0].text.contains("このほかの事業もあります。"));
    }

    #[test]
    fn count_under_its_label() {
        let r = parse(
            "窓口の数\n\n市内では 9 カ所の機関が担っています。\n\n基幹相談支援センター\n\n2 カ所（p.5 を参照）",
        );
        let got: Vec<(f64, &str)> = r
            .facts
            .iter()
            .map(|f| (f.value, f.subject.as_str()))
            .collect();
        assert_eq!(got, [(9.0, "市内"), (2.0, "基幹相談支援センター")]);
        assert!(r.facts[1].quote.contains("2 カ所"));
    }

    #[test]
    fn colophon_issuer_and_its_contact() {
        let r = parse(
            "ガイド\n相談はこちらへ。\n令和７年３月発行\n\nさくら台市福祉部障害福祉課\n☎ 0120-000-601",
        );
        assert_eq!(r.issued.as_deref(), Some("2025-03"));
        assert_eq!(r.issuer.as_deref(), Some("さくら台市福祉部障害福祉課"));
        assert_eq!(r.organizations[0].name, "さくら台市福祉部障害福祉課");
        assert_eq!(r.organizations[0].category, None);
    }

    #[test]
    fn contact_heading_is_not_part_of_the_name() {
        let r = parse(
            "お問い合わせ\nさくら台市社会福祉協議会 Liberoさくら\n電話 0120-000-701　FAX 0120-000-702",
        );
        let o = &r.organizations[0];
        assert_eq!(o.name, "さくら台市社会福祉協議会 Liberoさくら");
        assert_eq!(o.category.as_deref(), Some("お問い合わせ"));
        assert_eq!(
            phones(o),
            [
                ("0120-000-701", Some("電話")),
                ("0120-000-702", Some("FAX"))
            ]
        );
    }

    #[test]
    fn issuer_on_the_issue_line() {
        let r = parse("ガイド\n相談はこちらへ。\n令和６年４月改訂　さくら台市障害福祉課");
        assert_eq!(r.issued.as_deref(), Some("2024-04"));
        assert_eq!(r.issuer.as_deref(), Some("さくら台市障害福祉課"));
        let r = parse("ガイド\n編集・発行：さくら台市障害者支援協議会");
        assert_eq!(r.issuer.as_deref(), Some("さくら台市障害者支援協議会"));
    }

    #[test]
    fn front_matter_of_a_report() {
        let r = parse(
            "資料３\n相談支援事業の実施状況\n令和７年２月17日\nさくら台市福祉部障害福祉課\n１．概要\n相談は増えています。",
        );
        assert_eq!(r.title.as_deref(), Some("相談支援事業の実施状況"));
        assert_eq!(r.issued.as_deref(), Some("2025-02-17"));
        assert_eq!(r.issuer.as_deref(), Some("さくら台市福祉部障害福祉課"));
        assert_eq!(titles(&r), ["相談支援事業の実施状況", "概要"]);
        assert!(r.sections[0].text.starts_with("資料３"));
    }

    #[test]
    fn date_flattened_onto_the_title_line() {
        let r = parse(
            "資料２\n活動状況報告（１月末現在） 令和７年２月１７日\n１．ケース\n１１件である。",
        );
        assert_eq!(r.title.as_deref(), Some("活動状況報告（１月末現在）"));
        assert_eq!(r.issued.as_deref(), Some("2025-02-17"));
        assert_eq!(r.sections[0].text, "資料２\n令和７年２月１７日");
        assert_eq!(r.sections[1].title, "ケース");
    }

    #[test]
    fn paragraphs_in_double_spaced_text() {
        let r = parse(
            "第１章\n\nはじめに\n\nこの冊子は、さくら台市内で障害のある方やその家族の相談を受ける機関を紹介する\n\nものです。\n\n周りが\n気づくのが\n大切です\n\nひとりで悩まずに",
        );
        assert_eq!(
            r.sections[0].text,
            "この冊子は、さくら台市内で障害のある方やその家族の相談を受ける機関を紹介するものです。\n周りが気づくのが大切です\nひとりで悩まずに"
        );
    }
}
