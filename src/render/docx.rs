//! DOCX drafts with docx-rs: the directives written by the DOCX template (one per line,
//! `kind:text`) become an A4 document with 25 mm margins, a Mincho East Asian font (游明朝, with
//! ＭＳ 明朝 named as its substitute in the font table), the header block as a two-column table,
//! and page numbers in the footer.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Run, RunFonts, Table,
    TableCell, TableRow, WidthType,
};

use crate::error::{Error, Result};

/// Fonts and sizes of a DOCX draft.
#[derive(Debug, Clone)]
pub struct DocxOptions {
    /// The East Asian font (`游明朝`).
    pub east_asian_font: String,
    /// The font named as its substitute where it is missing (`ＭＳ 明朝`).
    pub fallback_font: String,
    /// The Latin font.
    pub latin_font: String,
    /// Body text size in half-points (21 = 10.5 pt).
    pub size: usize,
}

impl Default for DocxOptions {
    fn default() -> Self {
        DocxOptions {
            east_asian_font: "游明朝".into(),
            fallback_font: "ＭＳ 明朝".into(),
            latin_font: "游明朝".into(),
            size: 21,
        }
    }
}

/// A4 in twentieths of a point, and 25 mm.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
const MARGIN: i32 = 1417;
/// One full-width character at 10.5 pt, in twentieths of a point.
const CHAR: i32 = 210;

fn run(text: &str, o: &DocxOptions) -> Run {
    Run::new().add_text(text).fonts(fonts(o)).size(o.size)
}

fn fonts(o: &DocxOptions) -> RunFonts {
    RunFonts::new()
        .east_asia(&o.east_asian_font)
        .ascii(&o.latin_font)
        .hi_ansi(&o.latin_font)
}

fn para(text: &str, o: &DocxOptions) -> Paragraph {
    Paragraph::new().add_run(run(text, o))
}

/// Builds the DOCX bytes from template directives.
pub fn build(directives: &str, o: &DocxOptions) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(851)
                .footer(680),
        )
        .default_fonts(fonts(o))
        .default_size(o.size)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        );
    let label_width = CHAR * 6;
    let value_width = A4_WIDTH as i32 - 2 * MARGIN - label_width;
    let mut rows: Vec<TableRow> = Vec::new();
    let mut current: Option<(String, Vec<Paragraph>)> = None;
    let finish_row = |current: &mut Option<(String, Vec<Paragraph>)>, rows: &mut Vec<TableRow>| {
        if let Some((label, paras)) = current.take() {
            let mut value = TableCell::new().width(value_width as usize, WidthType::Dxa);
            for p in paras {
                value = value.add_paragraph(p);
            }
            rows.push(TableRow::new(vec![
                TableCell::new()
                    .width(label_width as usize, WidthType::Dxa)
                    .add_paragraph(para(&label, o)),
                value,
            ]));
        }
    };
    let flush_table = |doc: Docx, rows: &mut Vec<TableRow>| -> Docx {
        if rows.is_empty() {
            return doc;
        }
        let table = Table::new(std::mem::take(rows))
            .set_grid(vec![label_width as usize, value_width as usize])
            .width((label_width + value_width) as usize, WidthType::Dxa);
        doc.add_table(table)
    };
    for (i, line) in directives.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((kind, text)) = line.split_once(':') else {
            return Err(Error::Render {
                template: "draft.docx".into(),
                line: Some(i + 1),
                reason: format!("not a directive (`kind:text`): {line:?}"),
            });
        };
        let text = text.trim_end();
        match kind.trim() {
            "row" => {
                finish_row(&mut current, &mut rows);
                current = Some((text.to_string(), Vec::new()));
                continue;
            }
            k if k.starts_with("cell") => {
                let level: i32 = k[4..].parse().unwrap_or(0);
                let p = para(text, o).indent(Some(CHAR * level), None, None, None);
                match &mut current {
                    Some((_, paras)) => paras.push(p),
                    None => doc = doc.add_paragraph(p),
                }
                continue;
            }
            _ => {}
        }
        finish_row(&mut current, &mut rows);
        doc = flush_table(doc, &mut rows);
        let p = match kind.trim() {
            "title" => Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(240))
                .add_run(run(text, o).bold().size(o.size + 7)),
            "heading" => Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(120).after(120))
                .add_run(run(text, o).bold().size(o.size + 3)),
            "h0" => Paragraph::new()
                .line_spacing(LineSpacing::new().before(200))
                .add_run(run(text, o).bold()),
            "h1" | "h2" | "h3" => {
                let level: i32 = kind.trim()[1..].parse().unwrap_or(1);
                Paragraph::new()
                    .indent(Some(CHAR * level), None, None, None)
                    .add_run(run(text, o).bold())
            }
            "cue" | "label" => Paragraph::new()
                .indent(Some(CHAR), None, None, None)
                .add_run(run(text, o)),
            // A hanging indent so that wrapped lines start under the text, not the mark.
            "entry" => Paragraph::new()
                .indent(
                    Some(CHAR * 2),
                    Some(docx_rs::SpecialIndentType::Hanging(CHAR)),
                    None,
                    None,
                )
                .add_run(run(text, o)),
            "end" => Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run(text, o)),
            "blank" => Paragraph::new(),
            "p" => para(text, o),
            other => {
                return Err(Error::Render {
                    template: "draft.docx".into(),
                    line: Some(i + 1),
                    reason: format!("unknown directive {other:?}"),
                });
            }
        };
        doc = doc.add_paragraph(p);
    }
    finish_row(&mut current, &mut rows);
    doc = flush_table(doc, &mut rows);
    let mut xml = doc.build();
    xml.font_table = font_table(o).into_bytes();
    let mut buf = std::io::Cursor::new(Vec::new());
    xml.pack(&mut buf).map_err(|e| Error::Render {
        template: "draft.docx".into(),
        line: None,
        reason: format!("cannot pack the DOCX: {e}"),
    })?;
    Ok(buf.into_inner())
}

/// The font table: the Mincho font with its substitute, so that Word and LibreOffice fall back
/// to a Mincho rather than a Gothic or Latin font.
fn font_table(o: &DocxOptions) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    let font = |name: &str, alt: Option<&str>| {
        format!(
            r#"<w:font w:name="{}">{}<w:charset w:val="80"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
            esc(name),
            alt.map(|a| format!(r#"<w:altName w:val="{}"/>"#, esc(a)))
                .unwrap_or_default()
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{}{}{}</w:fonts>"#,
        font(&o.east_asian_font, Some(&o.fallback_font)),
        font(&o.fallback_font, None),
        r#"<w:font w:name="Century"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_become_a_docx_that_reads_back() {
        let bytes = build(
            "title:第1回 会議概要\nrow:開催日時\ncell:令和7年(2025年)5月19日(月)\nrow:協議事項\ncell0:1.開会\ncell1:(1)報告\nheading:会 議 概 要\nh0:1.開会\nentry:・開会した。\nend:以上\n",
            &DocxOptions::default(),
        )
        .unwrap();
        let doc = crate::ingest::extract_bytes(
            std::path::Path::new("d.docx"),
            crate::record::Format::Docx,
            &bytes,
        )
        .unwrap();
        let lines: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            lines,
            [
                "第1回 会議概要",
                "開催日時\u{3000}令和7年(2025年)5月19日(月)",
                "協議事項\u{3000}1.開会",
                "(1)報告",
                "会 議 概 要",
                "1.開会",
                "・開会した。",
                "以上"
            ]
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.is_empty());
    }

    #[test]
    fn a_bad_directive_names_its_line() {
        let err = build("title:x\nnonsense\n", &DocxOptions::default()).unwrap_err();
        assert!(err.to_string().contains(":2:"), "{err}");
    }
}
