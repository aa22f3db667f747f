//! PDF through lopdf (via pdf-extract, which keeps one line per printed line and handles CID fonts).
//!
//! The document is opened with lopdf first, so that an encrypted or damaged file gets its own
//! error; the text extraction runs behind `catch_unwind` because a malformed content stream must
//! never take down a batch.
//!
//! Neither crate bounds what it inflates, and pdf-extract follows a page's `/Parent` chain by
//! recursion without a visited set, so a cycle there never ends. Before either reads the file,
//! [`check_streams`] inflates every Flate stream of the raw bytes into a counter that stops at
//! [`MAX_STREAM_BYTES`], and after lopdf has parsed it [`check_page_tree`] walks each page's
//! ancestors with a visited set and a depth limit. The whole extraction runs on a worker thread
//! with a deadline (see [`super::guard`]).

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use super::Document;
use crate::error::{Error, Result};
use crate::record::Format;

/// The most one stream may inflate to (a page's content, a font, an object stream). Images are
/// not counted: the extractor never decodes them.
pub const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;

/// The most all the counted streams may inflate to together.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;

/// The deepest page tree accepted (lopdf itself lists no page below this depth).
pub const MAX_TREE_DEPTH: usize = 256;

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
    check_streams(path, bytes)?;
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => Error::EncryptedPdf {
            path: path.to_path_buf(),
        },
        other => pdf_err(other.to_string()),
    })?;
    check_page_tree(path, &doc)?;
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
    let pages = super::guard::catch_quietly(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .ok_or_else(|| pdf_err("the text extractor failed on a malformed content stream".into()))?
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

/// Refuses a file with a Flate stream that inflates past [`MAX_STREAM_BYTES`] (or streams that
/// do past [`MAX_INFLATED_BYTES`] together), counting while inflating, before lopdf parses the
/// file (it inflates object streams as it loads). Streams are found in the raw bytes (`stream`
/// after a dictionary naming `/FlateDecode`); image streams are skipped.
pub fn check_streams(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut total = 0u64;
    let mut from = 0;
    while let Some(found) = find(&bytes[from..], b"stream") {
        let at = from + found;
        from = at + 6;
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        let start = match &bytes[from..] {
            [b'\r', b'\n', ..] => from + 2,
            [b'\n', ..] | [b'\r', ..] => from + 1,
            _ => continue,
        };
        // The stream's dictionary: back to the `obj` that opens it.
        let window = &bytes[at.saturating_sub(4096)..at];
        let dict = match rfind(window, b"obj") {
            Some(i) => &window[i..],
            None => window,
        };
        if find(dict, b"/FlateDecode").is_none() {
            continue;
        }
        if find(dict, b"/Image").is_some() {
            continue;
        }
        let size = inflated_size(&bytes[start..]);
        if size > MAX_STREAM_BYTES {
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                page: None,
                reason: format!(
                    "the stream at byte {at} inflates to more than {} MiB, the limit for one stream",
                    MAX_STREAM_BYTES >> 20
                ),
            });
        }
        total += size;
        if total > MAX_INFLATED_BYTES {
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                page: None,
                reason: format!(
                    "the streams inflate to more than {} MiB together, the limit",
                    MAX_INFLATED_BYTES >> 20
                ),
            });
        }
    }
    Ok(())
}

/// How many bytes a zlib stream (or, as lopdf falls back to, the raw deflate data after its
/// two-byte header) inflates to, counting no further than one byte past [`MAX_STREAM_BYTES`].
fn inflated_size(data: &[u8]) -> u64 {
    let limit = MAX_STREAM_BYTES + 1;
    let count = |reader: &mut dyn Read| -> (u64, bool) {
        let mut sink = std::io::sink();
        let mut counted = 0u64;
        let mut buf = [0u8; 16 * 1024];
        let mut bounded = reader.take(limit);
        loop {
            match bounded.read(&mut buf) {
                Ok(0) => return (counted, true),
                Ok(n) => {
                    counted += n as u64;
                    let _ = std::io::Write::write_all(&mut sink, &buf[..n]);
                }
                Err(_) => return (counted, false),
            }
        }
    };
    let (size, ok) = count(&mut flate2::read::ZlibDecoder::new(data));
    if ok || size > 0 || data.len() <= 2 {
        return size;
    }
    count(&mut flate2::read::DeflateDecoder::new(&data[2..])).0
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Refuses a page tree that pdf-extract would walk forever or too deep: each page's `/Parent`
/// chain must end within [`MAX_TREE_DEPTH`] steps without coming back to an object it passed.
pub fn check_page_tree(path: &Path, doc: &lopdf::Document) -> Result<()> {
    let pdf_err = |reason: String| Error::Pdf {
        path: path.to_path_buf(),
        page: None,
        reason,
    };
    for (no, page) in doc.get_pages() {
        let mut seen: HashSet<lopdf::ObjectId> = HashSet::from([page]);
        let mut current = page;
        for depth in 0.. {
            let Ok(dict) = doc.get_dictionary(current) else {
                break;
            };
            let Ok(parent) = dict.get(b"Parent").and_then(lopdf::Object::as_reference) else {
                break;
            };
            if !seen.insert(parent) {
                return Err(pdf_err(format!(
                    "the page tree is cyclic: page {no}'s /Parent chain comes back to object {} {}",
                    parent.0, parent.1
                )));
            }
            if depth >= MAX_TREE_DEPTH {
                return Err(pdf_err(format!(
                    "the page tree is more than {MAX_TREE_DEPTH} levels deep (page {no})"
                )));
            }
            current = parent;
        }
    }
    Ok(())
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
