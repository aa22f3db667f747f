//! Bad input gets a clear error naming the file, or a record with warnings; never a panic.

use std::path::Path;

use gijiroku::Error;
use gijiroku::pipeline::read as parse_file;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.txt", b"");
    let err = parse_file(&p).unwrap_err();
    assert!(matches!(err, Error::Empty { .. }));
    assert_eq!(
        err.to_string(),
        format!("{}: the file is empty", p.display())
    );
    let p = write(dir.path(), "blank.txt", b"  \n\r\n\t\n");
    assert!(matches!(parse_file(&p).unwrap_err(), Error::Empty { .. }));
}

#[test]
fn binary_junk() {
    let dir = tempfile::tempdir().unwrap();
    let junk: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let p = write(dir.path(), "junk.txt", &junk);
    let err = parse_file(&p).unwrap_err();
    assert!(
        err.to_string().contains("junk.txt: not a text document"),
        "{err}"
    );
    let p = write(dir.path(), "junk.pdf", &junk);
    assert!(
        parse_file(&p)
            .unwrap_err()
            .to_string()
            .contains("junk.pdf: cannot read the PDF")
    );
    let p = write(dir.path(), "junk.docx", &junk);
    assert!(
        parse_file(&p)
            .unwrap_err()
            .to_string()
            .contains("junk.docx: cannot read the DOCX")
    );
}

#[test]
fn truncated_pdf() {
    let sample = crate::root().join("samples/minutes/2023-05-22_zentaikai_summary.pdf");
    let bytes = std::fs::read(sample).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "cut.pdf", &bytes[..bytes.len() / 3]);
    // Either an error naming the file, or whatever text survived with no panic.
    match parse_file(&p) {
        Err(e) => assert!(e.to_string().starts_with(&p.display().to_string()), "{e}"),
        Ok(r) => assert_eq!(r.source.format, gijiroku::record::Format::Pdf),
    }
}

#[test]
fn encrypted_pdf() {
    let p = crate::root().join("tests/fixtures/encrypted.pdf");
    let err = parse_file(&p).unwrap_err();
    assert!(matches!(err, Error::EncryptedPdf { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("encrypted.pdf: the PDF is encrypted")
    );
}

#[test]
fn docx_that_is_not_a_zip_and_a_zip_that_is_not_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "minutes.docx", "会議概要".as_bytes());
    assert_eq!(
        parse_file(&p).unwrap_err().to_string(),
        format!("{}: cannot read the DOCX: not a zip archive", p.display())
    );
    // An empty zip archive: the end-of-central-directory record alone.
    let mut empty_zip = b"PK\x05\x06".to_vec();
    empty_zip.extend([0u8; 18]);
    let p = write(dir.path(), "empty.docx", &empty_zip);
    assert!(
        parse_file(&p)
            .unwrap_err()
            .to_string()
            .contains("cannot read the DOCX")
    );
}

#[test]
fn shift_jis_minutes_are_decoded() {
    let text = "令和６年度 第１回 相談支援部会 会議録\n■日 時：令和６年７月１０日（水）午後１時３０分～午後３時\n■事務局\n定刻になりましたので始めます。\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "sjis.txt", &bytes);
    let r = parse_file(&p).unwrap();
    assert_eq!(r.source.encoding, "Shift_JIS");
    assert_eq!(r.meeting.date.as_deref(), Some("2024-07-10"));
    assert_eq!(r.meeting.body.as_deref(), Some("相談支援部会"));
}

#[test]
fn a_50_mb_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let para = "・委員から、地域生活支援拠点の相談機能について意見があった。\n";
    let mut text = String::from("第1回 全体会 会議概要\n日時 令和6年5月20日(月)\n会議概要\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
    }
    let p = write(dir.path(), "huge.txt", text.as_bytes());
    let r = parse_file(&p).unwrap();
    let entries: usize = r.proceedings.iter().map(|s| s.entries.len()).sum();
    assert!(entries > 500_000, "{entries}");
}

#[test]
fn prose_is_a_material_and_read_as_minutes_it_gets_warnings() {
    use gijiroku::record::DocumentKind;
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "note.txt",
        "今日は良い天気でした。\n".as_bytes(),
    );
    let r = parse_file(&p).unwrap();
    assert_eq!(r.kind, DocumentKind::Material);
    assert_eq!(r.sections[0].title, "今日は良い天気でした。");
    let doc = gijiroku::ingest::extract(&p).unwrap();
    let r = gijiroku::parse::parse_as(&doc, Some(DocumentKind::Minutes));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("no meeting date")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn unsupported_extension() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "minutes.xls", b"x");
    assert!(
        parse_file(&p)
            .unwrap_err()
            .to_string()
            .contains("unsupported file type \"xls\"")
    );
}
