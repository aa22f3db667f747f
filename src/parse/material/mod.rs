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
//!
//! The parser makes two passes over the lines, each line's kind and shape (`lines`) read
//! first: the first places the `directory`, the colophon and the `front` matter; the second
//! walks the rest into `sections` and `programmes`. This file
//! holds the parser's state and the record it returns.

mod directory;
mod front;
mod lines;
mod programmes;
mod sections;

use crate::ingest::Document;
use crate::normalize::CleanLine;
use crate::record::{DocumentKind, MaterialSection, Organization, Programme, Record, Warning};
use lines::{Kind, Shape, kind_of, printed_width, shape_of};
use programmes::ProgrammeBuf;
use sections::{SectionBuf, join_paras, paragraph_facts};

/// The longest heading (in characters, white space removed).
const HEADING_MAX: usize = 30;
/// The longest organisation name.
const NAME_MAX: usize = 40;

/// The role a line was given in the first pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
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

/// Parses clean lines as a material.
pub fn parse_lines(doc: &Document, lines: Vec<CleanLine>) -> Record {
    Parser::new(&lines).run(doc)
}

/// The state of one material's parse: every line's kind, shape and role, and what was found.
struct Parser<'a> {
    lines: &'a [CleanLine],
    kinds: Vec<Kind>,
    shapes: Vec<Shape>,
    roles: Vec<Role>,
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
            roles: vec![Role::Free; n],
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
            facts: fact_list,
            title: self.title,
            material_id: self.material_id,
            issuer: self.issuer,
            issued: self.issued,
            sections,
            organizations: self.organizations,
            programmes,
            warnings: self.warnings,
            ..Record::new(DocumentKind::Material, doc.source())
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
    fn lines_apart(&self, a: usize, b: usize) -> usize {
        self.lines[b].no.saturating_sub(self.lines[a].no)
    }

    fn is_free_text(&self, i: usize) -> bool {
        self.roles[i] == Role::Free && self.kinds[i] == Kind::Text
    }
}

#[cfg(test)]
mod testing {
    pub(super) use super::*;
    pub(super) use crate::ingest::Document;
    pub(super) use crate::record::{Organization, Record};

    pub(super) fn doc(text: &str) -> Document {
        Document::from_text(text)
    }

    pub(super) fn parse(text: &str) -> Record {
        let d = doc(text);
        parse_lines(&d, crate::normalize::clean(&d))
    }

    pub(super) fn titles(r: &Record) -> Vec<&str> {
        r.sections.iter().map(|s| s.title.as_str()).collect()
    }

    pub(super) fn phones(o: &Organization) -> Vec<(&str, Option<&str>)> {
        o.phones
            .iter()
            .map(|p| (p.number.as_str(), p.label.as_deref()))
            .collect()
    }
}
