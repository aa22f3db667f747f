//! The library's error type. Every variant names the file it concerns and, where known, the page
//! or line, so that a batch can report one bad file and go on.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A material's sidecar file (`FILE.meta.yaml`) could not be read.
    #[error("{path}: {reason}")]
    Sidecar {
        /// The sidecar.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The file could not be read at all.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The file holds no text (zero bytes, or only white space).
    #[error("{path}: the file is empty")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is larger than the extractor accepts.
    #[error("{path}: the file is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The bytes are not text in any encoding we know (binary data, or a format we do not read).
    #[error("{path}: not a text document ({reason})")]
    Binary {
        /// The file.
        path: PathBuf,
        /// Why it was judged binary.
        reason: String,
    },
    /// The file's extension names a format we do not read.
    #[error("{path}: unsupported file type {extension:?} (supported: txt, md, pdf, docx)")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// The extension as found.
        extension: String,
    },
    /// The PDF is encrypted and cannot be read without a password.
    #[error("{path}: the PDF is encrypted")]
    EncryptedPdf {
        /// The file.
        path: PathBuf,
    },
    /// The PDF could not be parsed (truncated, damaged, or not a PDF).
    #[error("{path}: cannot read the PDF{}: {reason}", page.map(|p| format!(" (page {p})")).unwrap_or_default())]
    Pdf {
        /// The file.
        path: PathBuf,
        /// The page where it failed, when known.
        page: Option<usize>,
        /// What the PDF reader said.
        reason: String,
    },
    /// The PDF was read but holds no extractable text (a scan without OCR, for example).
    #[error("{path}: the PDF has {pages} page(s) but no extractable text (a scanned image?)")]
    PdfNoText {
        /// The file.
        path: PathBuf,
        /// How many pages it has.
        pages: usize,
    },
    /// The DOCX could not be read (not a zip, or no `word/document.xml`).
    #[error("{path}: cannot read the DOCX: {reason}")]
    Docx {
        /// The file.
        path: PathBuf,
        /// What the DOCX reader said.
        reason: String,
    },
    /// Extracting the file took longer than its time budget; the worker was left behind.
    #[error(
        "{path}: gave up after {seconds} s (the time budget for one file); the file is left out"
    )]
    TimedOut {
        /// The file.
        path: PathBuf,
        /// The budget, in seconds.
        seconds: f64,
    },
    /// A stage of the library failed on this file where it should not (a bug, caught).
    #[error("{path}: the {stage} failed on this file (a bug in gijiroku; please report it)")]
    Internal {
        /// The file.
        path: PathBuf,
        /// The stage (`parser`, …).
        stage: &'static str,
    },
    /// The path is not a regular file (a FIFO, a device, a socket) and is not opened.
    #[error("{path}: not a regular file ({kind}); skipped")]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is.
        kind: &'static str,
    },
    /// A record could not be serialised.
    #[error("cannot serialise the record of {path}")]
    Serialize {
        /// The file the record came from.
        path: PathBuf,
        /// The serialiser's error.
        #[source]
        source: serde_json::Error,
    },
    /// A notes file is not valid TOML or does not fit the notes format.
    #[error("{path}:{line}:{column}: {reason}")]
    Notes {
        /// The notes file.
        path: PathBuf,
        /// The 1-based line in the TOML text (0 when unknown).
        line: usize,
        /// The 1-based column.
        column: usize,
        /// What is wrong, as the TOML reader says it.
        reason: String,
    },
    /// A draft could not be rendered (a template that does not compile or fails).
    #[error("{}{}: cannot render the draft: {reason}", template.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Render {
        /// The template, a user file or the built-in one's name.
        template: PathBuf,
        /// The line in the template, where known.
        line: Option<usize>,
        /// What the template engine said.
        reason: String,
    },
    /// An output file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error and its causes on one line: `a: b: c`.
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}
