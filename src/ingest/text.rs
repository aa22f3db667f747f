//! Plain text in UTF-8, Shift_JIS (CP932) or EUC-JP: the encoding is detected, not assumed.
//!
//! A few bytes that do not decode (one bad byte, a file cut in the middle of a character) are
//! replaced with U+FFFD and reported as a warning; only data that is mostly not text is refused.
//! A line longer than [`MAX_LINE_BYTES`] is cut into pieces of at most that size (with a
//! warning), so one enormous line costs what many ordinary ones do.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8};

use super::Document;
use crate::error::{Error, Result};
use crate::record::{Format, Warning};

/// The longest line kept whole; longer ones are cut (at a character boundary) into pieces.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Decodes `bytes` and splits them into lines.
pub fn extract(path: &Path, format: Format, bytes: &[u8]) -> Result<Document> {
    extract_with_warnings(path, format, bytes).map(|(doc, _)| doc)
}

/// Decodes `bytes` and splits them into lines, with warnings for what was replaced or cut.
pub fn extract_with_warnings(
    path: &Path,
    format: Format,
    bytes: &[u8],
) -> Result<(Document, Vec<Warning>)> {
    let decoded = decode_counted(path, bytes)?;
    let mut warnings = Vec::new();
    if decoded.replaced > 0 {
        let first_line = decoded
            .text
            .find('\u{fffd}')
            .map(|at| decoded.text[..at].matches('\n').count() + 1);
        warnings.push(Warning {
            line: first_line,
            page: None,
            message: format!(
                "{} byte sequence(s) that are not valid {} replaced with U+FFFD",
                decoded.replaced,
                decoded.encoding.name()
            ),
            text: None,
        });
    }
    let mut lines = Vec::new();
    for (i, l) in decoded.text.split('\n').enumerate() {
        let l = l.strip_suffix('\r').unwrap_or(l);
        let pieces = split_long(l);
        if pieces.len() > 1 {
            warnings.push(Warning {
                line: Some(i + 1),
                page: None,
                message: format!(
                    "the line is {} bytes long; cut into {} pieces of at most {} KiB",
                    l.len(),
                    pieces.len(),
                    MAX_LINE_BYTES >> 10
                ),
                text: None,
            });
        }
        for piece in pieces {
            let piece = if format == Format::Md {
                markdown_line(piece)
            } else {
                piece.to_string()
            };
            lines.push((piece, None));
        }
    }
    let doc = Document::from_lines(path, format, decoded.encoding.name(), bytes, lines);
    Ok((doc, warnings))
}

/// `line` in pieces of at most [`MAX_LINE_BYTES`], each cut after a `。` where there is one in
/// the last quarter of the piece, else at a character boundary.
fn split_long(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while rest.len() > MAX_LINE_BYTES {
        let mut cut = MAX_LINE_BYTES;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(p) = rest[cut - cut / 4..cut].rfind('。') {
            cut = cut - cut / 4 + p + '。'.len_utf8();
        }
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces.push(rest);
    pieces
}

/// A Markdown line as the text it prints: heading marks, table pipes (cells joined by a
/// full-width space, as a DOCX table row), a trailing hard-break backslash, `**` emphasis and
/// backslash escapes are markup. One line in, one line out, so line numbers are kept.
pub fn markdown_line(line: &str) -> String {
    let mut l = line.trim_end();
    if l.ends_with('\\') && !l.ends_with("\\\\") {
        l = &l[..l.len() - 1];
    }
    let t = l.trim_start();
    let l = match t.strip_prefix('#') {
        Some(_) => {
            let rest = t.trim_start_matches('#');
            if rest.starts_with(' ') || rest.is_empty() {
                rest.trim().trim_end_matches('#').trim_end()
            } else {
                l
            }
        }
        None => l,
    };
    let cells: Option<Vec<&str>> = l
        .trim()
        .strip_prefix('|')
        .and_then(|r| r.strip_suffix('|'))
        .map(|inner| inner.split('|').map(str::trim).collect());
    let l = match cells {
        Some(cells)
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':'))) =>
        {
            String::new()
        }
        Some(cells) => cells
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("\u{3000}"),
        None => l.to_string(),
    };
    let l = l.replace("**", "");
    let mut out = String::with_capacity(l.len());
    let mut chars = l.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Detects the encoding of `bytes` and decodes them; refuses binary data.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, &'static Encoding)> {
    decode_counted(path, bytes).map(|d| (d.text, d.encoding))
}

/// Decoded text, its encoding, and how many byte sequences did not decode (now U+FFFD).
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: &'static Encoding,
    /// How many byte sequences were not valid in that encoding and were replaced.
    pub replaced: usize,
}

/// Detects the encoding of `bytes` and decodes them, counting what could not be decoded;
/// refuses binary data. UTF-8 with a few invalid sequences (at least 4 valid non-ASCII
/// characters for each bad one) stays UTF-8: chardetng would rule UTF-8 out at the first bad
/// byte and decode the whole file as Shift_JIS.
pub fn decode_counted(path: &Path, bytes: &[u8]) -> Result<Decoded> {
    // A BOM settles it.
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(path, text.into_owned(), had_errors, enc);
    }
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if invalid == 0 {
        let text = String::from_utf8(bytes.to_vec()).expect("checked: valid UTF-8");
        return check_text(path, text, false, UTF_8);
    }
    if valid_multibyte >= 4 * invalid.max(1) {
        // Counted already: a few bad sequences among many good ones, however short the file.
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut decoded = check_text(path, text, false, UTF_8)?;
        decoded.replaced = invalid;
        return Ok(decoded);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let enc = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow);
    let (text, _, had_errors) = enc.decode(bytes);
    check_text(path, text.into_owned(), had_errors, enc)
}

/// Judges whether decoded text is text: NUL bytes, many control characters or many replacement
/// characters mean binary data or a wrong guess.
fn check_text(
    path: &Path,
    text: String,
    had_errors: bool,
    enc: &'static Encoding,
) -> Result<Decoded> {
    // One pass over the characters counts all there is to count.
    let (mut total, mut nul, mut control, mut replaced) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        total += 1;
        nul += usize::from(c == '\0');
        replaced += usize::from(c == '\u{fffd}');
        control += usize::from(c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    }
    let total = total.max(1);
    let binary = |reason: String| Error::Binary {
        path: path.to_path_buf(),
        reason,
    };
    if nul > 0 {
        return Err(binary(format!("{nul} NUL byte(s)")));
    }
    if control * 100 > total {
        return Err(binary(format!("{control} control characters in {total}")));
    }
    if had_errors && replaced * 50 > total {
        return Err(binary(format!(
            "{replaced} of {total} characters are not valid {}",
            enc.name()
        )));
    }
    Ok(Decoded {
        text,
        encoding: enc,
        replaced: if had_errors { replaced } else { 0 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_markup_is_not_text() {
        assert_eq!(markdown_line("# 第1回 会議概要"), "第1回 会議概要");
        assert_eq!(markdown_line("### 1.開会"), "1.開会");
        assert_eq!(
            markdown_line("| 開催日時 | 令和7年 |"),
            "開催日時\u{3000}令和7年"
        );
        assert_eq!(markdown_line("|---|---|"), "");
        assert_eq!(markdown_line("**《事務局より》**\\"), "《事務局より》");
        assert_eq!(markdown_line("・5\\*2の件"), "・5*2の件");
        assert_eq!(markdown_line("#タグ"), "#タグ");
    }

    #[test]
    fn detects_shift_jis() {
        let (bytes, _, _) =
            encoding_rs::SHIFT_JIS.encode("開催日時 令和５年５月２２日（月）午後２時");
        let (text, enc) = decode(Path::new("a.txt"), &bytes).unwrap();
        assert_eq!(enc.name(), "Shift_JIS");
        assert_eq!(text, "開催日時 令和５年５月２２日（月）午後２時");
    }

    #[test]
    fn detects_euc_jp() {
        let (bytes, _, _) = encoding_rs::EUC_JP.encode("障害者支援協議会全体会 会議概要");
        let (text, enc) = decode(Path::new("a.txt"), &bytes).unwrap();
        assert_eq!(enc.name(), "EUC-JP");
        assert_eq!(text, "障害者支援協議会全体会 会議概要");
    }

    #[test]
    fn refuses_binary() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 256) as u8).collect();
        let err = decode(Path::new("junk.txt"), &bytes).unwrap_err();
        assert!(matches!(err, Error::Binary { .. }), "{err}");
        assert!(err.to_string().starts_with("junk.txt: not a text document"));
    }

    #[test]
    fn a_short_file_cut_mid_character_stays_utf8() {
        let bytes = "会議概要\n委員から意見があった。".as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        let d = decode_counted(Path::new("cut.txt"), cut).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.replaced, 1);
        assert!(d.text.starts_with("会議概要\n委員から意見があった"));
        assert!(d.text.ends_with('\u{fffd}'));
    }

    #[test]
    fn keeps_crlf_lines_apart() {
        let doc = extract(
            Path::new("a.txt"),
            Format::Txt,
            "一行目\r\n二行目\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(doc.lines[0].text, "一行目");
        assert_eq!(doc.lines[1].text, "二行目");
        assert_eq!(doc.lines[1].no, 2);
    }
}
