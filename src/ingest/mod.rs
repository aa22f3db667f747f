//! Input extraction, the first stage: a path becomes a [`Document`], its text as lines that keep
//! their origin (page and line), ready for `normalize` and `parse`.
//!
//! One module per format: [`text`] (UTF-8, Shift_JIS/CP932, EUC-JP, detected), [`pdf`] (lopdf via
//! pdf-extract, one line per printed line), [`docx`] (docx-rs, paragraphs and table cells in
//! document order) and [`html`] (web pages: the page's text without the site around it).

pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::record::Format;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One line of extracted text with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text, without the line terminator.
    pub text: String,
    /// 1-based line number in the extracted text (for text files: in the file).
    pub no: usize,
    /// 1-based page, for PDF.
    pub page: Option<usize>,
}

/// A document's text, as extracted.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path the document was read from.
    pub path: PathBuf,
    /// The input format.
    pub format: Format,
    /// The encoding of the source text (`UTF-8` for PDF and DOCX).
    pub encoding: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Number of pages, for PDF.
    pub pages: Option<usize>,
    /// The lines, in order.
    pub lines: Vec<Line>,
}

impl Document {
    /// Builds a document from text, numbering its lines; `page_of` gives the page of each line.
    pub(crate) fn from_lines(
        path: &Path,
        format: Format,
        encoding: &str,
        bytes: &[u8],
        lines: Vec<(String, Option<usize>)>,
    ) -> Document {
        Document {
            path: path.to_path_buf(),
            format,
            encoding: encoding.to_string(),
            sha256: sha256_hex(bytes),
            pages: None,
            lines: lines
                .into_iter()
                .enumerate()
                .map(|(i, (text, page))| Line {
                    text,
                    no: i + 1,
                    page,
                })
                .collect(),
        }
    }

    /// A UTF-8 text document made from a string, for tests of the later stages.
    #[cfg(test)]
    pub(crate) fn from_text(text: &str) -> Document {
        Document::from_lines(
            Path::new("t.txt"),
            Format::Txt,
            "UTF-8",
            text.as_bytes(),
            text.lines().map(|l| (l.to_string(), None)).collect(),
        )
    }

    /// Where the document came from, as a record states it.
    pub fn source(&self) -> crate::record::Source {
        crate::record::Source {
            path: self.path.display().to_string(),
            sha256: self.sha256.clone(),
            format: self.format,
            encoding: self.encoding.clone(),
            pages: self.pages,
        }
    }

    /// True when no line holds anything but white space.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.text.trim().is_empty())
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The format a path's extension names, if we read it.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Txt),
        "md" | "markdown" => Some(Format::Md),
        "pdf" => Some(Format::Pdf),
        "docx" => Some(Format::Docx),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        _ => None,
    }
}

/// Reads and extracts one file.
pub fn extract(path: &Path) -> Result<Document> {
    let format = format_of(path).ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        extension: path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })?;
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    extract_bytes(path, format, &bytes)
}

/// Extracts a document from bytes already read; `path` is used for messages and the record.
pub fn extract_bytes(path: &Path, format: Format, bytes: &[u8]) -> Result<Document> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let doc = match format {
        Format::Txt | Format::Md => text::extract(path, format, bytes)?,
        Format::Pdf => pdf::extract(path, bytes)?,
        Format::Docx => docx::extract(path, bytes)?,
        Format::Html => html::extract(path, bytes)?,
    };
    if doc.is_blank() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(doc)
}
