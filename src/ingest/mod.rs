//! Input extraction, the first stage: a path becomes a [`Document`], its text as lines that keep
//! their origin (page and line), ready for `normalize` and `parse`.
//!
//! One module per format: [`text`] (UTF-8, Shift_JIS/CP932, EUC-JP, detected), [`pdf`] (lopdf via
//! pdf-extract, one line per printed line), [`docx`] (docx-rs, paragraphs and table cells in
//! document order) and [`html`] (web pages: the page's text without the site around it).
//!
//! Limits, enforced while reading rather than after: a file of at most [`MAX_FILE_BYTES`]
//! ([`MAX_TEXT_BYTES`] for text), read with a bound so that a file growing meanwhile is cut
//! off too; PDF streams and DOCX parts inflated into bounded counters
//! ([`pdf::MAX_STREAM_BYTES`], [`docx::MAX_PART_BYTES`]); nesting refused before it is walked
//! ([`pdf::MAX_TREE_DEPTH`], [`docx::MAX_XML_DEPTH`]); lines cut at [`text::MAX_LINE_BYTES`];
//! and PDF and DOCX extraction on a worker thread with a time budget ([`guard`]). Only regular
//! files are opened: a FIFO would block the open itself.

pub mod docx;
pub mod guard;
pub mod html;
pub mod pdf;
pub mod text;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::record::{Format, Warning};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Text files (`.txt`, `.md`) larger than this are refused: decoded, split into lines and
/// parsed, text costs some 20 times its size in memory, where a PDF or DOCX holds far less text
/// than its bytes.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// A document as extracted, with the warnings of its extraction (bytes replaced, lines cut),
/// which belong in its record's warnings.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The document.
    pub document: Document,
    /// What the extraction had to change.
    pub warnings: Vec<Warning>,
}

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

/// The largest file of a format that is read.
pub fn size_limit(format: Format) -> u64 {
    match format {
        Format::Txt | Format::Md | Format::Html => MAX_TEXT_BYTES,
        Format::Pdf | Format::Docx => MAX_FILE_BYTES,
    }
}

/// What a path that is not a regular file is, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a file"
    }
}

/// Reads a file of `format` whole, refusing what is not a regular file (before opening it: a
/// FIFO blocks the open) and what is over its [`size_limit`] — also when it grows past it while
/// it is read.
pub fn read_file(path: &Path, format: Format) -> Result<Vec<u8>> {
    use std::io::Read;
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        });
    }
    let limit = size_limit(format);
    let too_large = |size| Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads and extracts one file.
pub fn extract(path: &Path) -> Result<Document> {
    extract_with_warnings(path).map(|e| e.document)
}

/// Reads and extracts one file, with the warnings of its extraction.
pub fn extract_with_warnings(path: &Path) -> Result<Extracted> {
    let format = format_of(path).ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        extension: path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })?;
    let bytes = read_file(path, format)?;
    extract_owned(path, format, bytes)
}

/// Extracts a document from bytes already read; `path` is used for messages and the record.
pub fn extract_bytes(path: &Path, format: Format, bytes: &[u8]) -> Result<Document> {
    match format {
        // Text is decoded here; the other formats go to a worker thread, which owns its bytes.
        Format::Txt | Format::Md | Format::Html => extract_text(path, format, bytes),
        Format::Pdf | Format::Docx => extract_owned(path, format, bytes.to_vec()),
    }
    .map(|e| e.document)
}

/// Extracts a document from bytes already read, taking them: a PDF or DOCX is read on a worker
/// thread within the [`guard::time_budget`].
pub fn extract_owned(path: &Path, format: Format, bytes: Vec<u8>) -> Result<Extracted> {
    match format {
        Format::Txt | Format::Md | Format::Html => extract_text(path, format, &bytes),
        Format::Pdf | Format::Docx => {
            let owned = path.to_path_buf();
            let on_panic = || match format {
                Format::Pdf => Error::Pdf {
                    path: path.to_path_buf(),
                    page: None,
                    reason: "the reader failed on malformed content".into(),
                },
                _ => Error::Docx {
                    path: path.to_path_buf(),
                    reason: "the reader failed on malformed content".into(),
                },
            };
            guard::isolated(path, guard::time_budget(), on_panic, move || {
                check_blank(&owned, &bytes)?;
                let document = match format {
                    Format::Pdf => pdf::extract(&owned, &bytes)?,
                    _ => docx::extract(&owned, &bytes)?,
                };
                not_blank(document).map(|document| Extracted {
                    document,
                    warnings: Vec::new(),
                })
            })
        }
    }
}

/// Text and web pages are decoded on the calling thread: html5ever's tree is an arena and the
/// page is walked without recursion, so neither can hang or overflow.
fn extract_text(path: &Path, format: Format, bytes: &[u8]) -> Result<Extracted> {
    check_blank(path, bytes)?;
    if format == Format::Html {
        return not_blank(html::extract(path, bytes)?).map(|document| Extracted {
            document,
            warnings: Vec::new(),
        });
    }
    let (document, warnings) = text::extract_with_warnings(path, format, bytes)?;
    not_blank(document).map(|document| Extracted { document, warnings })
}

fn check_blank(path: &Path, bytes: &[u8]) -> Result<()> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

fn not_blank(doc: Document) -> Result<Document> {
    if doc.is_blank() {
        return Err(Error::Empty { path: doc.path });
    }
    Ok(doc)
}
