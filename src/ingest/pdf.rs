//! PDF through lopdf (via pdf-extract, which keeps one line per printed line and handles CID fonts).
//!
//! The document is opened with lopdf first, so that an encrypted or damaged file gets its own
//! error; the text extraction runs behind `catch_unwind` because a malformed content stream must
//! never take down a batch.
//!
//! Neither crate bounds what it inflates, and pdf-extract follows a page's `/Parent` chain by
//! recursion without a visited set, so a cycle there never ends. Before either reads the file,
//! [`check_streams`] decodes every stream of the raw bytes through its filters (Flate, LZW,
//! ASCII85) into a buffer that stops at [`MAX_STREAM_BYTES`], and after lopdf has parsed it
//! [`check_page_tree`] walks each page's ancestors with a visited set and a depth limit. The whole extraction runs on a worker thread
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
    check_contents(path, &doc)?;
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

/// Refuses a file with a stream that decodes past [`MAX_STREAM_BYTES`] (or streams that do past
/// [`MAX_INFLATED_BYTES`] together), counting while decoding, before lopdf parses the file (it
/// decodes object streams as it loads). Streams are found in the raw bytes (`stream` after the
/// dictionary of its object) and decoded through the whole chain their `/Filter` names, as lopdf
/// would: Flate, LZW and ASCII85 in any order, so that neither a second layer of compression nor
/// LZW hides a bomb. Image streams are skipped: the extractor never decodes them.
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
        let filters = filters_of(dict);
        if filters.is_empty() || find(dict, b"/Image").is_some() {
            continue;
        }
        let early_change = !find(dict, b"/EarlyChange")
            .is_some_and(|i| dict[i + 12..].trim_ascii_start().starts_with(b"0"));
        let size = decoded_size(&bytes[start..], &filters, early_change);
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

/// The filters a stream's dictionary names, in decoding order: `/Filter /FlateDecode`, or
/// `/Filter [/ASCII85Decode /FlateDecode]`.
fn filters_of(dict: &[u8]) -> Vec<&[u8]> {
    let Some(at) = find(dict, b"/Filter") else {
        return Vec::new();
    };
    let rest = dict[at + 7..].trim_ascii_start();
    let (names, many) = match rest.strip_prefix(b"[") {
        Some(list) => (
            &list[..list.iter().position(|&b| b == b']').unwrap_or(list.len())],
            true,
        ),
        None => (rest, false),
    };
    let is_delimiter = |b: &u8| b.is_ascii_whitespace() || b"/[]<>()".contains(b);
    let mut out = Vec::new();
    let mut rest = names.trim_ascii_start();
    while let Some(name) = rest.strip_prefix(b"/") {
        let end = name.iter().position(is_delimiter).unwrap_or(name.len());
        out.push(&name[..end]);
        if !many {
            break;
        }
        rest = name[end..].trim_ascii_start();
    }
    out
}

/// How many bytes a stream decodes to through `filters`, counting no further than one byte past
/// [`MAX_STREAM_BYTES`] at any step. A filter lopdf cannot decode ends the chain (lopdf refuses
/// the stream there too).
fn decoded_size(raw: &[u8], filters: &[&[u8]], early_change: bool) -> u64 {
    let limit = MAX_STREAM_BYTES + 1;
    let mut data = std::borrow::Cow::Borrowed(raw);
    let mut size = raw.len() as u64;
    for (i, filter) in filters.iter().enumerate() {
        // Only the first filter reads raw bytes: the ones that do not end themselves stop at
        // the end of the stream.
        let input: &[u8] = if i == 0 && *filter != b"FlateDecode" {
            &data[..find(&data, b"endstream").unwrap_or(data.len())]
        } else {
            &data
        };
        let mut out = Vec::new();
        size = match *filter {
            b"FlateDecode" => inflate(input, &mut out, limit),
            b"LZWDecode" => unlzw(input, &mut out, limit, early_change),
            // Four bytes at most for each character read: bounded by the file's size.
            b"ASCII85Decode" => {
                let mut dict = lopdf::Dictionary::new();
                dict.set("Filter", lopdf::Object::Name(b"ASCII85Decode".to_vec()));
                out = lopdf::Stream::new(dict, input.to_vec())
                    .decompressed_content()
                    .unwrap_or_default();
                out.len() as u64
            }
            _ => return size,
        };
        if size >= limit {
            return size;
        }
        data = std::borrow::Cow::Owned(out);
    }
    size
}

/// A writer that takes at most `left` bytes and fails after them.
struct Bounded<'a> {
    out: &'a mut Vec<u8>,
    left: u64,
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.left as usize);
        if n == 0 && !buf.is_empty() {
            return Err(std::io::Error::other("the limit is reached"));
        }
        self.out.extend_from_slice(&buf[..n]);
        self.left -= n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Inflates a zlib stream (or, as lopdf falls back to, the raw deflate data after its two-byte
/// header) into `out`, no further than `limit` bytes; returns how many it wrote.
fn inflate(data: &[u8], out: &mut Vec<u8>, limit: u64) -> u64 {
    let copy = |reader: &mut dyn Read, out: &mut Vec<u8>| -> bool {
        let mut bounded = Bounded { out, left: limit };
        std::io::copy(&mut reader.take(limit), &mut bounded).is_ok()
    };
    let ok = copy(&mut flate2::read::ZlibDecoder::new(data), out);
    if !ok && out.is_empty() && data.len() > 2 {
        copy(&mut flate2::read::DeflateDecoder::new(&data[2..]), out);
    }
    out.len() as u64
}

/// Decodes LZW data (most significant bit first, codes from 9 bits, as PDF writes them) into
/// `out`, no further than `limit` bytes; returns how many it wrote.
fn unlzw(data: &[u8], out: &mut Vec<u8>, limit: u64, early_change: bool) -> u64 {
    use weezl::{BitOrder, decode::Decoder};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut bounded = Bounded { out, left: limit };
    let _ = decoder.into_stream(&mut bounded).decode_all(data);
    out.len() as u64
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

/// Refuses a page whose content streams decode past [`MAX_STREAM_BYTES`]: the check on the raw
/// bytes skips image streams (the extractor never decodes an image), and this one sees the
/// streams as the pages use them, so a stream that calls itself an image but is a page's
/// `/Contents` is decoded here first, with the bound.
pub fn check_contents(path: &Path, doc: &lopdf::Document) -> Result<()> {
    for (no, page) in doc.get_pages() {
        for id in doc.get_page_contents(page) {
            let Ok(stream) = doc.get_object(id).and_then(lopdf::Object::as_stream) else {
                continue;
            };
            let Ok(filters) = stream.filters() else {
                continue;
            };
            let early_change = stream
                .dict
                .get(b"DecodeParms")
                .and_then(lopdf::Object::as_dict)
                .and_then(|p| p.get(b"EarlyChange"))
                .and_then(lopdf::Object::as_i64)
                .map_or(true, |v| v != 0);
            if decoded_size(&stream.content, &filters, early_change) > MAX_STREAM_BYTES {
                return Err(Error::Pdf {
                    path: path.to_path_buf(),
                    page: Some(no as usize),
                    reason: format!(
                        "the content stream {} {} of page {no} inflates to more than {} MiB, the limit for one stream",
                        id.0,
                        id.1,
                        MAX_STREAM_BYTES >> 20
                    ),
                });
            }
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

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut enc, data).unwrap();
        enc.finish().unwrap()
    }

    fn lzw(data: &[u8]) -> Vec<u8> {
        weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
            .encode(data)
            .unwrap()
    }

    /// A file of one stream object with `dict` and `data`.
    fn one_stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = format!("%PDF-1.4\n4 0 obj\n<< {dict} >>\nstream\n").into_bytes();
        out.extend(data);
        out.extend(b"\nendstream\nendobj\n%%EOF\n");
        out
    }

    #[test]
    fn filters_are_read_alone_or_as_a_chain() {
        assert_eq!(
            filters_of(b"<< /Length 9 /Filter /FlateDecode >>"),
            [b"FlateDecode"]
        );
        assert_eq!(
            filters_of(b"<< /Filter [ /ASCII85Decode/FlateDecode ] /Length 9 >>"),
            [&b"ASCII85Decode"[..], b"FlateDecode"]
        );
        assert!(filters_of(b"<< /Length 9 >>").is_empty());
    }

    #[test]
    fn every_layer_of_a_chain_is_decoded_and_counted() {
        let text = "相談支援の報告。".repeat(1000);
        let once = zlib(text.as_bytes());
        assert_eq!(
            decoded_size(&zlib(&once), &[b"FlateDecode", b"FlateDecode"], true),
            text.len() as u64
        );
        assert_eq!(
            decoded_size(&lzw(text.as_bytes()), &[b"LZWDecode"], true),
            text.len() as u64
        );
    }

    #[test]
    fn bombs_behind_a_second_layer_or_lzw_are_refused() {
        let zeros = vec![0u8; (MAX_STREAM_BYTES + (1 << 20)) as usize];
        let twice = zlib(&zlib(&zeros));
        let err = check_streams(
            Path::new("twice.pdf"),
            &one_stream("/Filter [/FlateDecode /FlateDecode]", &twice),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("inflates to more than 64 MiB"),
            "{err}"
        );
        let packed = lzw(&zeros);
        assert!(packed.len() < 200_000, "{}", packed.len());
        let err = check_streams(
            Path::new("lzw.pdf"),
            &one_stream("/Filter /LZWDecode", &packed),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("inflates to more than 64 MiB"),
            "{err}"
        );
        // The same bytes under an image's dictionary are never decoded by the extractor.
        assert!(
            check_streams(
                Path::new("image.pdf"),
                &one_stream("/Subtype /Image /Filter /LZWDecode", &packed)
            )
            .is_ok()
        );
    }

    proptest::proptest! {
        /// Whatever the bytes around `stream` and whatever filters a dictionary names, the check
        /// ends with an answer: no panic, nothing decoded past the limit.
        #[test]
        fn any_stream_dictionary_gets_an_answer(
            dict in "[ /A-Za-z0-9\\[\\]<>]{0,40}",
            filters in proptest::collection::vec(
                proptest::sample::select(vec!["/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/DCTDecode", "/Filter", "[", "]", " "]),
                0..6,
            ),
            data in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
        ) {
            let dict = format!("{dict} /Filter {}", filters.concat());
            let bytes = one_stream(&dict, &data);
            let _ = check_streams(Path::new("x.pdf"), &bytes);
            let names = filters_of(dict.as_bytes());
            proptest::prop_assert!(decoded_size(&data, &names, true) <= data.len().max(1) as u64 * 4 + MAX_STREAM_BYTES + 1);
        }
    }

    #[test]
    fn text_that_is_not_a_pdf() {
        let err = extract(Path::new("x.pdf"), "会議概要".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("no %PDF header"), "{err}");
    }
}
