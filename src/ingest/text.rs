//! Plain text in UTF-8, Shift_JIS (CP932) or EUC-JP: the encoding is detected, not assumed.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8};

use super::Document;
use crate::error::{Error, Result};
use crate::record::Format;

/// Decodes `bytes` and splits them into lines.
pub fn extract(path: &Path, format: Format, bytes: &[u8]) -> Result<Document> {
    let (text, encoding) = decode(path, bytes)?;
    let lines = text
        .split('\n')
        .map(|l| (l.strip_suffix('\r').unwrap_or(l).to_string(), None))
        .collect();
    Ok(Document::from_lines(
        path,
        format,
        encoding.name(),
        bytes,
        lines,
    ))
}

/// Detects the encoding of `bytes` and decodes them; refuses binary data.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, &'static Encoding)> {
    // A BOM settles it.
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(path, text.into_owned(), had_errors, enc);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_text(path, text.to_string(), false, UTF_8);
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
) -> Result<(String, &'static Encoding)> {
    let total = text.chars().count().max(1);
    let nul = text.chars().filter(|&c| c == '\0').count();
    let control = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    let replaced = text.chars().filter(|&c| c == '\u{fffd}').count();
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
    Ok((text, enc))
}

#[cfg(test)]
mod tests {
    use super::*;

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
