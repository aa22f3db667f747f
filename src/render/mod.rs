//! Drafting, the stage after notes: [`crate::notes::Notes`] become a minutes draft in the
//! council's 会議概要 layout, as text, Markdown or DOCX.
//!
//! The layout is decided in two places. [`view`] decides *what* is printed: the 和暦 (西暦)
//! date with the computed weekday, `午後２時00分～午後４時00分`, the ◎/○ marks, the agenda
//! numbers and the proceedings' markers (`《事務局より説明》`, `〔委員からの主な意見等〕`, `○`,
//! `→`, `⇒`, `＊`) chosen so that the parser reads every entry back with its kind and speaker.
//! A minijinja template decides *how* it is printed: the built-in ones are compiled in
//! (`templates/*.j2`) and a user file can replace them. The DOCX template writes one directive
//! per line (`title:`, `row:`, `cell:`, `h1:`, `bullet:` …) that [`docx`] lays out with docx-rs.

pub mod docx;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::notes::content::printed_speaker;
use crate::notes::{self, Notes};
use crate::record::{EntryKind, Role};

/// An output format of `gijiroku draft`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftFormat {
    /// Plain text, the layout of a published 会議概要.
    Txt,
    /// Markdown: the same lines, with headings, a table and hard line breaks.
    Md,
    /// A Word document: A4, East Asian fonts, the header block as a table, page numbers.
    Docx,
}

impl DraftFormat {
    /// The built-in template's file name.
    pub fn template_name(self) -> &'static str {
        match self {
            DraftFormat::Txt => "draft.txt.j2",
            DraftFormat::Md => "draft.md.j2",
            DraftFormat::Docx => "draft.docx.j2",
        }
    }

    /// The built-in template.
    pub fn builtin_template(self) -> &'static str {
        match self {
            DraftFormat::Txt => include_str!("templates/draft.txt.j2"),
            DraftFormat::Md => include_str!("templates/draft.md.j2"),
            DraftFormat::Docx => include_str!("templates/draft.docx.j2"),
        }
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &Path) -> Option<DraftFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" => Some(DraftFormat::Txt),
            "md" | "markdown" => Some(DraftFormat::Md),
            "docx" => Some(DraftFormat::Docx),
            _ => None,
        }
    }
}

/// What the templates see: every field already formatted for the 会議概要 layout.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// `令和7年度(2025年度)第1回 さくら台市障害者支援協議会全体会 会議概要`.
    pub title: String,
    /// `令和7年(2025年)5月19日(月)`.
    pub date: String,
    /// `午後２時00分～午後４時00分`.
    pub time: String,
    /// The venue.
    pub venue: String,
    /// The legend of the marks: `◎会長、○副会長`.
    pub legend: String,
    /// The members present, marked: `青木、◎高田、○福田`.
    pub members: String,
    /// The members absent, marked (empty when none).
    pub absent: String,
    /// The secretariat present.
    pub secretariat: String,
    /// The secretariat absent.
    pub secretariat_absent: String,
    /// The observers, with `※` notes.
    pub observers: String,
    /// The agenda in document order.
    pub agenda: Vec<AgendaLine>,
    /// The materials list.
    pub materials: Vec<MaterialLine>,
    /// The proceedings, one section per agenda item.
    pub sections: Vec<SectionView>,
}

/// One agenda line.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaLine {
    /// 0 for `1.`, 1 for `(1)`, 2 for `①`.
    pub level: usize,
    /// The number as printed.
    pub number: String,
    /// The title.
    pub title: String,
    /// The material references without brackets: `資料1-1、資料1-2` (empty when none).
    pub refs: String,
}

/// One line of the materials list.
#[derive(Debug, Clone, Serialize)]
pub struct MaterialLine {
    /// The id (`資料1-1`), or empty for 次第 and the like.
    pub id: String,
    /// The title.
    pub title: String,
}

/// The proceedings of one agenda item.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// As in [`AgendaLine`].
    pub level: usize,
    /// The number as printed.
    pub number: String,
    /// The title.
    pub title: String,
    /// The printed lines: cues, labels and entries.
    pub lines: Vec<Line>,
}

/// One printed line of the proceedings.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// `cue` (`《事務局より説明》`), `label` (`〔委員からの主な意見等〕`), or the entry's kind
    /// (`explanation`, `opinion`, `question`, `answer`, `resolution`, `note`).
    pub kind: &'static str,
    /// The mark printed before the text (`・`, `○`, `→`, `⇒`, `＊`), empty for cues and labels.
    pub mark: &'static str,
    /// The text.
    pub text: String,
}

/// The block the parser is in while reading the proceedings; mirrored here so that each entry
/// gets the cue that makes it read back as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    Opinion,
    Qa,
}

/// Full-width digits, for the hours of `午後２時30分`.
fn wide_digits(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

/// `14:30` → `午後２時30分`.
pub fn jp_time(s: &str) -> String {
    match notes::parse_time(s) {
        Some((h, m)) => {
            let (ampm, h12) = if h >= 12 {
                ("午後", h - 12)
            } else {
                ("午前", h)
            };
            format!("{ampm}{}時{m:02}分", wide_digits(h12))
        }
        None => s.trim().to_string(),
    }
}

/// A text on one line: line breaks inside an entry are joined as the parser would heal them.
fn one_line(s: &str) -> String {
    let mut out = String::new();
    for l in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        crate::text::heal_join(&mut out, l);
    }
    out
}

fn marked(name: &str, role: Role) -> String {
    match role {
        Role::Chair => format!("◎{name}"),
        Role::ViceChair => format!("○{name}"),
        Role::Member => name.to_string(),
    }
}

fn with_note(p: &notes::PersonNote) -> String {
    match p.note() {
        Some(n) if !n.trim().is_empty() => format!("{}※{}", p.name(), n.trim()),
        _ => p.name().to_string(),
    }
}

/// Builds the view of notes: everything the templates print.
pub fn view(n: &Notes) -> View {
    let m = &n.meeting;
    let fy = n.fiscal_year();
    let title = format!(
        "{}第{}回 {}{} 会議概要",
        fy.map(|y| format!("{}({y}年度)", crate::text::era::fiscal_text(y)))
            .unwrap_or_default(),
        m.session,
        m.council.trim(),
        m.body.trim()
    );
    let date = n
        .date()
        .map(crate::text::era::date_text)
        .unwrap_or_else(|| m.date.trim().to_string());
    let time = format!("{}～{}", jp_time(&m.start), jp_time(&m.end));
    let (chair_word, vice_word) = if n.is_plenary() {
        ("会長", "副会長")
    } else {
        ("部会長", "副部会長")
    };
    let members = n.members();
    // The legend explains both marks whenever one is used: a lone `◎部会長` would read as a
    // member named 部.
    let mut legend = Vec::new();
    if members.iter().any(|p| p.1 != Role::Member) {
        legend.push(format!("◎{chair_word}"));
        legend.push(format!("○{vice_word}"));
    }
    let person = |name: &str, role: Role, note: &Option<String>| {
        let mut s = marked(name, role);
        if let Some(note) = note.as_deref().filter(|n| !n.trim().is_empty()) {
            s.push('※');
            s.push_str(note.trim());
        }
        s
    };
    let present: Vec<String> = members
        .iter()
        .filter(|p| !n.is_absent(&p.0))
        .map(|p| person(&p.0, p.1, &p.2))
        .collect();
    let absent: Vec<String> = members
        .iter()
        .filter(|p| n.is_absent(&p.0))
        .map(|p| marked(&p.0, p.1))
        .collect();
    let r = &n.roster;
    let sec_present: Vec<String> = r
        .secretariat
        .iter()
        .filter(|p| !n.is_absent(p.name()))
        .map(with_note)
        .collect();
    let sec_absent: Vec<String> = r
        .secretariat
        .iter()
        .filter(|p| n.is_absent(p.name()))
        .map(|p| p.name().to_string())
        .collect();
    let observers: Vec<String> = r.observers.iter().map(with_note).collect();

    let items = n.flat_items();
    let agenda = items
        .iter()
        .map(|(level, number, _, it)| AgendaLine {
            level: *level,
            number: number.clone(),
            title: one_line(&it.title),
            refs: it
                .materials
                .iter()
                .map(|s| s.trim())
                .collect::<Vec<_>>()
                .join("、"),
        })
        .collect();
    let materials = n
        .effective_materials()
        .into_iter()
        .map(|m| MaterialLine {
            id: m.id.unwrap_or_default(),
            title: one_line(&m.title),
        })
        .collect();
    let sections = items
        .iter()
        .map(|(level, number, _, it)| SectionView {
            level: *level,
            number: number.clone(),
            title: one_line(&it.title),
            lines: proceedings_lines(&it.entries),
        })
        .collect();
    View {
        title,
        date,
        time,
        venue: one_line(&m.venue),
        legend: legend.join("、"),
        members: present.join("、"),
        absent: absent.join("、"),
        secretariat: sec_present.join("、"),
        secretariat_absent: sec_absent.join("、"),
        observers: observers.join("、"),
        agenda,
        materials,
        sections,
    }
}

/// The printed lines of one agenda item's entries. Each entry gets the cue or label the parser
/// needs to read it back: a speaker's explanation opens `《…より説明》`, opinions follow
/// `〔委員からの主な意見等〕`, questions `〔委員との質疑等〕` and `○`, a named answer `《…より》`,
/// an unnamed one `→`, resolutions `⇒`, notes `＊`.
pub fn proceedings_lines(entries: &[notes::EntryNote]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut mode = Mode::Plain;
    let mut block: Option<String> = None;
    let cue = |text: String| Line {
        kind: "cue",
        mark: "",
        text,
    };
    let label = |text: &str| Line {
        kind: "label",
        mark: "",
        text: text.to_string(),
    };
    for e in entries {
        let text = one_line(&e.text);
        let speaker = printed_speaker(e.kind, e.speaker.as_deref());
        match e.kind {
            EntryKind::Explanation => {
                if let Some(s) = &speaker
                    && block.as_ref() != Some(s)
                {
                    out.push(cue(format!("《{s}より説明》")));
                    block = Some(s.clone());
                }
                out.push(Line {
                    kind: EntryKind::Explanation.as_str(),
                    mark: "・",
                    text,
                });
            }
            EntryKind::Opinion => {
                if mode != Mode::Opinion || block.is_some() {
                    out.push(label("〔委員からの主な意見等〕"));
                    mode = Mode::Opinion;
                    block = None;
                }
                out.push(Line {
                    kind: EntryKind::Opinion.as_str(),
                    mark: "・",
                    text,
                });
            }
            EntryKind::Question => {
                if mode != Mode::Qa {
                    out.push(label("〔委員との質疑等〕"));
                    mode = Mode::Qa;
                }
                block = None;
                out.push(Line {
                    kind: EntryKind::Question.as_str(),
                    mark: "○",
                    text,
                });
            }
            EntryKind::Answer => match &speaker {
                Some(s) => {
                    if mode == Mode::Plain {
                        out.push(label("〔委員との質疑等〕"));
                        mode = Mode::Qa;
                        block = None;
                    }
                    if block.as_ref() != Some(s) {
                        out.push(cue(format!("《{s}より》")));
                        block = Some(s.clone());
                    }
                    out.push(Line {
                        kind: EntryKind::Answer.as_str(),
                        mark: "・",
                        text,
                    });
                }
                None => out.push(Line {
                    kind: EntryKind::Answer.as_str(),
                    mark: "→",
                    text,
                }),
            },
            EntryKind::Resolution => out.push(Line {
                kind: EntryKind::Resolution.as_str(),
                mark: "⇒",
                text,
            }),
            EntryKind::Note => out.push(Line {
                kind: "note",
                mark: "＊",
                text,
            }),
        }
    }
    out
}

/// Escapes Markdown's ASCII punctuation so that text prints as written.
fn md_escape(s: String) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Renders the view of `notes` through a template: the built-in one of `format`, or `template`
/// (a file name for messages and its source).
pub fn render_text(
    notes: &Notes,
    format: DraftFormat,
    template: Option<(&Path, &str)>,
) -> Result<String> {
    let (name, source) = match template {
        Some((p, s)) => (p.to_path_buf(), s),
        None => (
            PathBuf::from(format.template_name()),
            format.builtin_template(),
        ),
    };
    let err = |e: minijinja::Error| Error::Render {
        template: name.clone(),
        line: e.line(),
        reason: e.to_string(),
    };
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("md", md_escape);
    env.add_template("draft", source).map_err(err)?;
    let tmpl = env.get_template("draft").map_err(err)?;
    tmpl.render(minijinja::context! { v => view(notes) })
        .map_err(err)
}

/// Renders notes to the bytes of a draft.
pub fn render(
    notes: &Notes,
    format: DraftFormat,
    template: Option<(&Path, &str)>,
) -> Result<Vec<u8>> {
    let text = render_text(notes, format, template)?;
    match format {
        DraftFormat::Txt | DraftFormat::Md => Ok(text.into_bytes()),
        DraftFormat::Docx => docx::build(&text, &docx::DocxOptions::default()),
    }
}

/// Reads a notes file, renders it and writes the draft to `out`.
pub fn draft_file(
    notes_path: &Path,
    format: DraftFormat,
    template: Option<&Path>,
    out: &Path,
) -> Result<()> {
    let notes = Notes::load(notes_path)?;
    let source = template
        .map(|t| {
            std::fs::read_to_string(t).map_err(|source| Error::Read {
                path: t.to_path_buf(),
                source,
            })
        })
        .transpose()?;
    let tmpl = template.zip(source.as_deref());
    let bytes = render(&notes, format, tmpl)?;
    std::fs::write(out, bytes).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::EntryNote;

    fn e(kind: EntryKind, speaker: Option<&str>, text: &str) -> EntryNote {
        EntryNote {
            kind,
            speaker: speaker.map(str::to_string),
            text: text.into(),
        }
    }

    #[test]
    fn times_in_the_council_style() {
        assert_eq!(jp_time("14:30"), "午後２時30分");
        assert_eq!(jp_time("09:05"), "午前９時05分");
        assert_eq!(jp_time("12:00"), "午後０時00分");
    }

    #[test]
    fn entries_get_the_cues_the_parser_reads() {
        let lines = proceedings_lines(&[
            e(
                EntryKind::Explanation,
                Some("事務局"),
                "部会を3回開催した。",
            ),
            e(EntryKind::Explanation, Some("事務局"), "研修を行った。"),
            e(EntryKind::Opinion, None, "周知を進めてほしい。"),
            e(EntryKind::Question, Some("委員"), "相談は何件あるか。"),
            e(EntryKind::Answer, Some("会長"), "現在は2件である。"),
            e(EntryKind::Question, None, "来年度はどうするのか。"),
            e(EntryKind::Answer, None, "継続する。"),
            e(EntryKind::Resolution, None, "了承。"),
        ]);
        let printed: Vec<String> = lines
            .iter()
            .map(|l| format!("{}{}", l.mark, l.text))
            .collect();
        assert_eq!(
            printed,
            [
                "《事務局より説明》",
                "・部会を3回開催した。",
                "・研修を行った。",
                "〔委員からの主な意見等〕",
                "・周知を進めてほしい。",
                "〔委員との質疑等〕",
                "○相談は何件あるか。",
                "《会長より》",
                "・現在は2件である。",
                "○来年度はどうするのか。",
                "→継続する。",
                "⇒了承。",
            ]
        );
    }
}
