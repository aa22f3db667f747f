//! DOCX through docx-rs's reader: paragraphs and table cells in document order. A table row
//! becomes one line with its cells separated by a full-width space, so a header block laid out as
//! a table (`開催日時 | 令和６年…`) reads like its printed form.
//!
//! docx-rs trusts its input: it inflates every part it reads whole, walks nested tables by
//! recursion, and loops forever on some malformed XML. So [`check`] goes through the archive
//! first, inflating each part into a bounded buffer (a zip bomb stops at [`MAX_PART_BYTES`],
//! not after), and scans each XML part once with quick-xml: not well-formed, or nested deeper
//! than [`MAX_XML_DEPTH`], and the file is refused before docx-rs sees it. The reader itself then
//! runs on a worker thread with a deadline (see [`super::guard`]).

use std::io::{Cursor, Read};
use std::path::Path;

use docx_rs::{
    DocumentChild, Paragraph, ParagraphChild, RunChild, Table, TableCellContent, TableChild,
    TableRowChild,
};

use super::Document;
use crate::error::{Error, Result};
use crate::record::Format;

/// The most one part of the archive may inflate to (the text of `word/document.xml`, an image).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The most all the parts together may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// The deepest element nesting accepted in an XML part. A Word document is a few dozen levels
/// deep; each nested table adds three (`w:tbl`, `w:tr`, `w:tc`) and a paragraph inside it more.
pub const MAX_XML_DEPTH: usize = 256;

/// Extracts the paragraphs and table rows of a DOCX file.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Document> {
    let docx_err = |reason: String| Error::Docx {
        path: path.to_path_buf(),
        reason,
    };
    check(path, bytes)?;
    let docx = super::guard::catch_quietly(|| docx_rs::read_docx(bytes))
        .ok_or_else(|| docx_err("the reader failed on malformed content".into()))?
        .map_err(|e| docx_err(e.to_string()))?;
    let mut lines = Vec::new();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => push_paragraph(p, &mut lines),
            DocumentChild::Table(t) => push_table(t, &mut lines),
            _ => {}
        }
    }
    Ok(Document::from_lines(
        path,
        Format::Docx,
        "UTF-8",
        bytes,
        lines.into_iter().map(|l| (l, None)).collect(),
    ))
}

/// Refuses what docx-rs cannot read safely: not a zip, a part that inflates past
/// [`MAX_PART_BYTES`] (or all of them past [`MAX_INFLATED_BYTES`]), a damaged part, and XML that
/// is not well-formed or nests deeper than [`MAX_XML_DEPTH`].
pub fn check(path: &Path, bytes: &[u8]) -> Result<()> {
    let docx_err = |reason: String| Error::Docx {
        path: path.to_path_buf(),
        reason,
    };
    if !bytes.starts_with(b"PK") {
        return Err(docx_err("not a zip archive".into()));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| docx_err(format!("not a valid zip archive ({e})")))?;
    let mut total = 0u64;
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive
            .by_index(i)
            .map_err(|e| docx_err(format!("part {i} of the archive is damaged ({e})")))?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().to_string();
        // docx-rs sizes its buffer from the declared size: a lie there is an allocation of GBs.
        if part.size() > MAX_PART_BYTES {
            return Err(docx_err(too_large(&name, part.size())));
        }
        buf.clear();
        // Bounded while inflating: one byte past the limit is enough to know.
        (&mut part)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| docx_err(format!("{name} is damaged ({e})")))?;
        let size = buf.len() as u64;
        if size > MAX_PART_BYTES {
            return Err(docx_err(format!(
                "{name} inflates to more than {} MiB, the limit for one part",
                MAX_PART_BYTES >> 20
            )));
        }
        total += size;
        if total > MAX_INFLATED_BYTES {
            return Err(docx_err(format!(
                "the parts inflate to more than {} MiB together, the limit",
                MAX_INFLATED_BYTES >> 20
            )));
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xml") || lower.ends_with(".rels") {
            check_xml(&buf).map_err(|reason| docx_err(format!("{name}: {reason}")))?;
        }
    }
    Ok(())
}

fn too_large(name: &str, size: u64) -> String {
    format!(
        "{name} declares {size} bytes inflated, more than the limit of {} MiB for one part",
        MAX_PART_BYTES >> 20
    )
}

/// One pass of quick-xml over an XML part: well-formed (end tags match, attributes parse, every
/// element closed) and no deeper than [`MAX_XML_DEPTH`].
fn check_xml(xml: &[u8]) -> std::result::Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML near byte {at} ({e})"))?;
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                for attr in e.attributes() {
                    attr.map_err(|e| format!("not well-formed XML near byte {at} ({e})"))?;
                }
                depth += usize::from(opens);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
        if depth > MAX_XML_DEPTH {
            return Err(format!(
                "elements nested more than {MAX_XML_DEPTH} deep near byte {at} (nested tables?)"
            ));
        }
    }
    if depth != 0 {
        return Err(format!(
            "not well-formed XML: {depth} element(s) never closed"
        ));
    }
    Ok(())
}
fn push_paragraph(p: &Paragraph, lines: &mut Vec<String>) {
    let mut text = String::new();
    paragraph_text(&p.children, &mut text);
    // A manual line break inside a paragraph is a printed line of its own.
    lines.extend(text.split('\n').map(str::to_string));
}

fn paragraph_text(children: &[ParagraphChild], out: &mut String) {
    for child in children {
        match child {
            ParagraphChild::Run(run) => run_text(&run.children, out),
            ParagraphChild::Hyperlink(h) => paragraph_text(&h.children, out),
            ParagraphChild::Insert(ins) => {
                for c in &ins.children {
                    if let docx_rs::InsertChild::Run(run) = c {
                        run_text(&run.children, out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn run_text(children: &[RunChild], out: &mut String) {
    for c in children {
        match c {
            RunChild::Text(t) => out.push_str(&t.text),
            RunChild::Tab(_) | RunChild::PTab(_) => out.push('\t'),
            RunChild::Break(_) | RunChild::CarriageReturn(_) => out.push('\n'),
            RunChild::Sym(s) => out.push_str(&s.char),
            _ => {}
        }
    }
}

fn push_table(t: &Table, lines: &mut Vec<String>) {
    for TableChild::TableRow(row) in &t.rows {
        let mut cells = Vec::new();
        for TableRowChild::TableCell(cell) in &row.cells {
            let mut cell_lines = Vec::new();
            for content in &cell.children {
                match content {
                    TableCellContent::Paragraph(p) => push_paragraph(p, &mut cell_lines),
                    TableCellContent::Table(inner) => push_table(inner, &mut cell_lines),
                    _ => {}
                }
            }
            let text: Vec<String> = cell_lines
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if !text.is_empty() {
                cells.push(text);
            }
        }
        // A row of label | one-line value reads as one line; cells with several paragraphs keep
        // their lines, the first one prefixed by the label.
        let mut first = true;
        let mut current = String::new();
        for cell in cells {
            for (i, l) in cell.iter().enumerate() {
                if i > 0 {
                    lines.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push('\u{3000}');
                }
                current.push_str(l);
            }
            first = false;
        }
        if !first {
            lines.push(current);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_zip() {
        let err = extract(Path::new("broken.docx"), "これはDOCXではない".as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "broken.docx: cannot read the DOCX: not a zip archive"
        );
    }

    #[test]
    fn paragraphs_and_table_rows_in_order() {
        use docx_rs::{Docx, Run, Table as T, TableCell, TableRow};
        let mut buf = std::io::Cursor::new(Vec::new());
        Docx::new()
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text("第１回 全体会 会議概要")))
            .add_table(T::new(vec![TableRow::new(vec![
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text("開催日時"))),
                TableCell::new().add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text("令和６年５月２０日（月）")),
                ),
            ])]))
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text("以上")))
            .build()
            .pack(&mut buf)
            .unwrap();
        let doc = extract(Path::new("a.docx"), buf.get_ref()).unwrap();
        let texts: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "第１回 全体会 会議概要",
                "開催日時\u{3000}令和６年５月２０日（月）",
                "以上"
            ]
        );
    }
}
