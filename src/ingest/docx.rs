//! DOCX through docx-rs's reader: paragraphs and table cells in document order. A table row
//! becomes one line with its cells separated by a full-width space, so a header block laid out as
//! a table (`開催日時 | 令和６年…`) reads like its printed form.

use std::path::Path;

use docx_rs::{
    DocumentChild, Paragraph, ParagraphChild, RunChild, Table, TableCellContent, TableChild,
    TableRowChild,
};

use super::Document;
use crate::error::{Error, Result};
use crate::record::Format;

/// Extracts the paragraphs and table rows of a DOCX file.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Document> {
    let docx_err = |reason: String| Error::Docx {
        path: path.to_path_buf(),
        reason,
    };
    if !bytes.starts_with(b"PK") {
        return Err(docx_err("not a zip archive".into()));
    }
    let docx = std::panic::catch_unwind(|| docx_rs::read_docx(bytes))
        .map_err(|_| docx_err("the reader failed on malformed XML".into()))?
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
