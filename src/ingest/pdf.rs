//! PDF through lopdf (via pdf-extract, which keeps one line per printed line and handles CID fonts).
//!
//! The document is opened with lopdf first, so that an encrypted or damaged file gets its own
//! error; the text extraction runs behind `catch_unwind` because a malformed content stream must
//! never take down a batch.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use super::Document;
use crate::error::{Error, Result};
use crate::record::Format;

/// Extracts the text of every page, one [`super::Line`] per printed line.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Document> {
    let pdf_err = |reason: String| Error::Pdf {
        path: path.to_path_buf(),
        page: None,
        reason,
    };
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err(pdf_err("no %PDF header".into()));
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => Error::EncryptedPdf {
            path: path.to_path_buf(),
        },
        other => pdf_err(other.to_string()),
    })?;
    let page_count = doc.get_pages().len();
    if doc.is_encrypted() {
        // pdf-extract tries the empty user password; anything else needs a password we lack.
        let mut probe = doc.clone();
        if probe.decrypt("").is_err() {
            return Err(Error::EncryptedPdf {
                path: path.to_path_buf(),
            });
        }
    }
    drop(doc);
    let pages = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }))
    .map_err(|_| pdf_err("the text extractor failed on a malformed content stream".into()))?
    .map_err(|e| pdf_err(e.to_string()))?;

    let mut lines = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        for line in page.lines() {
            lines.push((line.trim_end().to_string(), Some(i + 1)));
        }
    }
    if lines.iter().all(|(l, _)| l.trim().is_empty()) {
        return Err(Error::PdfNoText {
            path: path.to_path_buf(),
            pages: page_count,
        });
    }
    let mut document = Document::from_lines(path, Format::Pdf, "UTF-8", bytes, lines);
    document.pages = Some(pages.len().max(page_count));
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_pdf_is_an_error_not_a_panic() {
        let bytes =
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty";
        let err = extract(Path::new("cut.pdf"), bytes).unwrap_err();
        assert!(
            err.to_string().starts_with("cut.pdf: cannot read the PDF"),
            "{err}"
        );
    }

    #[test]
    fn text_that_is_not_a_pdf() {
        let err = extract(Path::new("x.pdf"), "会議概要".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("no %PDF header"), "{err}");
    }
}
