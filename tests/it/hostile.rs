//! Hostile and odd files (issue 14): each gets a clear error of its own, or a record with
//! warnings, within bounded time, and the rest of its batch is ingested. Every file is made
//! here, in a temporary folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use gijiroku::pipeline::{Report, ingest};

/// Runs `f` on a thread of its own and fails the test when it takes more than a minute: a
/// hang is a failure, not a stuck test run.
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("finished within the 60 s watchdog (a hang?)")
}

/// A sample set of minutes that parses cleanly: the batch's good file.
fn good_minutes() -> String {
    std::fs::read_to_string(crate::root().join("samples/minutes/2024-05-27_zentaikai_summary.txt"))
        .unwrap()
}

/// A PDF from its objects' bodies (object `i + 1` is `objects[i]`), with a correct xref table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A stream object with `/FlateDecode` holding `data` compressed.
fn flate_stream(data_len: usize) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b' '; 1 << 20];
    let mut left = data_len;
    while left > 0 {
        let n = left.min(chunk.len());
        enc.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    let z = enc.finish().unwrap();
    let mut out = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", z.len()).into_bytes();
    out.extend(z);
    out.extend(b"\nendstream");
    out
}

/// A stream object of `data_len` spaces behind two layers of Flate, or LZW-coded: neither
/// counted by a check that inflates one Flate layer.
fn layered_stream(data_len: usize, lzw: bool) -> Vec<u8> {
    let spaces = vec![b' '; data_len];
    let (filter, data) = if lzw {
        let coded = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
            .encode(&spaces)
            .unwrap();
        ("/LZWDecode", coded)
    } else {
        let zlib = |d: &[u8]| {
            let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(d).unwrap();
            enc.finish().unwrap()
        };
        ("[/FlateDecode /FlateDecode]", zlib(&zlib(&spaces)))
    };
    let mut out = format!("<< /Length {} /Filter {filter} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}

/// A DOCX whose parts are the given (name, bytes), deflated.
fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A DOCX whose `word/document.xml` body is `body`.
fn docx(body: &str) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", content_types.into()),
        ("_rels/.rels", rels.into()),
        ("word/document.xml", document.into_bytes()),
    ])
}

fn paragraph(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// The hostile files, each with a piece of the error it must get.
fn hostile_files(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut files = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>, expect: &'static str| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        files.push((p, expect));
    };
    // A page whose /Parent cycles with its /Pages (pdf-extract's inheritance walk never ends).
    put(
        "parent-cycle.pdf",
        pdf(&[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>"),
            obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
            obj("<< /Length 0 >>\nstream\n\nendstream"),
        ]),
        "the page tree is cyclic",
    );
    // A page tree 10,000 levels deep.
    let depth = 10_000;
    let mut objects = vec![obj("<< /Type /Catalog /Pages 2 0 R >>")];
    for level in 0..depth {
        let id = level + 2;
        let parent = if level == 0 {
            String::new()
        } else {
            format!("/Parent {} 0 R", id - 1)
        };
        objects.push(obj(&format!(
            "<< /Type /Pages /Kids [{} 0 R] /Count 1 {parent} >>",
            id + 1
        )));
    }
    objects.push(obj(&format!(
        "<< /Type /Page /Parent {} 0 R /MediaBox [0 0 595 842] >>",
        depth + 1
    )));
    put("deep-tree.pdf", pdf(&objects), "cannot read the PDF");
    // A 1 KB content stream that inflates to 100 MiB.
    put(
        "flate-bomb.pdf",
        pdf(&[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
            flate_stream(100 << 20),
        ]),
        "inflates to more than 64 MiB",
    );
    // The same behind a second layer of Flate, and LZW-coded.
    for (name, lzw) in [("flate-twice-bomb.pdf", false), ("lzw-bomb.pdf", true)] {
        put(
            name,
            pdf(&[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
                layered_stream(100 << 20, lzw),
            ]),
            "inflates to more than 64 MiB",
        );
    }
    // The LZW bomb again, its dictionary calling it an image (which the check on the raw bytes
    // skips), but used as the page's content.
    let mut disguised = layered_stream(100 << 20, true);
    disguised.splice(0..2, b"<< /Subtype /Image".iter().copied());
    put(
        "image-disguised-bomb.pdf",
        pdf(&[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
            disguised,
        ]),
        "the content stream 4 0 of page 1 inflates to more than 64 MiB",
    );
    // No /MediaBox anywhere: pdf-extract panics (`expect("MediaBox")`).
    put(
        "no-mediabox.pdf",
        pdf(&[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
            obj("<< /Length 0 >>\nstream\n\nendstream"),
        ]),
        "cannot read the PDF",
    );
    // One quote missing in a table's properties (docx-rs loops forever).
    put(
        "broken-quote.docx",
        docx(&format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="dxa/></w:tblPr><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>{}"#,
            paragraph("開催日時"),
            paragraph("以上")
        )),
        "not well-formed XML",
    );
    // 580 nested tables (docx-rs recurses: a stack overflow, the whole process aborts).
    let mut nested = String::new();
    for _ in 0..580 {
        nested.push_str("<w:tbl><w:tr><w:tc>");
    }
    nested.push_str(&paragraph("奥"));
    for _ in 0..580 {
        nested.push_str("</w:tc></w:tr></w:tbl>");
    }
    put(
        "nested-tables.docx",
        docx(&nested),
        "nested more than 256 deep",
    );
    // A document.xml that inflates to 100 MiB.
    let line = paragraph("委員から意見があった。");
    let mut big = String::with_capacity(100 << 20);
    while big.len() < 100 << 20 {
        big.push_str(&line);
    }
    // (Refused on its declared size; a part that lies about it stops at the same limit while
    // inflating.)
    put("inflates.docx", docx(&big), "more than the limit of 64 MiB");
    drop(big);
    // A zip whose document.xml is damaged (docx-rs unwraps the read error).
    let mut corrupt = docx(&paragraph("会議概要").repeat(200));
    let at = corrupt.len() / 2;
    for b in &mut corrupt[at..at + 16] {
        *b ^= 0x5a;
    }
    put("corrupt.docx", corrupt, "cannot read the DOCX");
    files
}

fn ingest_all(index: &Path, paths: &[PathBuf], prune: bool) -> Report {
    ingest(index, paths, prune, &|_| {}).unwrap()
}

#[test]
fn hostile_files_cost_one_file_each_and_the_batch_commits() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("good.txt"), good_minutes()).unwrap();
    let hostile = hostile_files(&docs);
    let index = dir.path().join("index");
    let (i, d) = (index.clone(), docs.clone());
    let report = within_a_minute(move || ingest_all(&i, &[d], false));
    assert_eq!(report.added, 1, "{:?}", report.failed);
    for (path, expect) in &hostile {
        let canonical = path.canonicalize().unwrap();
        let (_, err) = report
            .failed
            .iter()
            .find(|(p, _)| *p == canonical)
            .unwrap_or_else(|| panic!("{} is reported: {:?}", path.display(), report.failed));
        let msg = gijiroku::error::chain(err);
        assert!(msg.contains(expect), "{}: {msg}", path.display());
        assert!(!msg.contains("panicked"), "{msg}");
    }
    assert_eq!(report.failed.len(), hostile.len());
    // The good file is searchable: the batch committed.
    let s = gijiroku::index::search::Searcher::open(&index).unwrap();
    assert_eq!(s.count(gijiroku::index::DocType::Record).unwrap(), 1);
}

#[test]
fn the_cli_prints_one_line_per_bad_file_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("good.txt"), good_minutes()).unwrap();
    let p = docs.join("no-mediabox.pdf");
    std::fs::write(
        &p,
        pdf(&[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
            obj("<< /Length 0 >>\nstream\n\nendstream"),
        ]),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .arg("ingest")
        .arg(&docs)
        .arg("--index")
        .arg(dir.path().join("index"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("backtrace"), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("no-mediabox")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    let shown = p.canonicalize().unwrap().display().to_string();
    assert_eq!(
        lines[0],
        format!(
            "error: {shown}: cannot read the PDF: the text extractor failed on a malformed content stream"
        )
    );
    // And `parse` says the same in one line.
    let out = Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .arg("parse")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_bad_byte_or_a_cut_character_is_a_warning_not_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_minutes();
    // One invalid byte in the middle.
    let mut bytes = text.clone().into_bytes();
    let mid = (bytes.len() / 2..bytes.len())
        .find(|&i| bytes[i] == b'\n')
        .unwrap();
    bytes.insert(mid, 0xff);
    let p = dir.path().join("bad-byte.txt");
    std::fs::write(&p, &bytes).unwrap();
    let extracted = gijiroku::ingest::extract_with_warnings(&p).unwrap();
    assert_eq!(extracted.document.encoding, "UTF-8");
    assert_eq!(extracted.warnings.len(), 1, "{:?}", extracted.warnings);
    let w = &extracted.warnings[0];
    assert_eq!(
        w.message,
        "1 byte sequence(s) that are not valid UTF-8 replaced with U+FFFD"
    );
    let line = w.line.unwrap();
    assert!(extracted.document.lines[line - 1].text.contains('\u{fffd}'));
    // Cut in the middle of the last character.
    let mut cut = text.into_bytes();
    while cut.last().is_some_and(|b| b.is_ascii()) {
        cut.pop();
    }
    cut.pop();
    let p = dir.path().join("cut.txt");
    std::fs::write(&p, &cut).unwrap();
    let extracted = gijiroku::ingest::extract_with_warnings(&p).unwrap();
    assert_eq!(extracted.document.encoding, "UTF-8");
    assert_eq!(extracted.warnings.len(), 1);
    // Through ingest, the warning is in the record.
    let index = dir.path().join("index");
    let report = ingest_all(&index, &[dir.path().join("bad-byte.txt")], false);
    assert_eq!(report.added, 1, "{:?}", report.failed);
    let s = gijiroku::index::search::Searcher::open(&index).unwrap();
    let records = s.records().unwrap();
    assert!(
        records[0]
            .1
            .warnings
            .iter()
            .any(|w| w.message.contains("not valid UTF-8")),
        "{:?}",
        records[0].1.warnings
    );
}

#[test]
fn a_huge_line_is_cut_and_a_huge_text_file_refused() {
    let dir = tempfile::tempdir().unwrap();
    // One line of 8 MiB: cut into pieces, with a warning.
    let sentence = "委員から、地域生活支援拠点の相談機能について意見があった。";
    let line = sentence.repeat((8 << 20) / sentence.len());
    let p = dir.path().join("one-line.txt");
    std::fs::write(&p, format!("第1回 全体会 会議概要\n{line}\n")).unwrap();
    let extracted = within_a_minute(move || gijiroku::ingest::extract_with_warnings(&p).unwrap());
    assert!(
        extracted.document.lines.len() >= 9,
        "{}",
        extracted.document.lines.len()
    );
    assert!(
        extracted
            .document
            .lines
            .iter()
            .all(|l| l.text.len() <= gijiroku::ingest::text::MAX_LINE_BYTES)
    );
    assert!(
        extracted.warnings[0].message.contains("cut into"),
        "{:?}",
        extracted.warnings
    );
    // Over the limit for text: refused before it is read (a sparse file, nothing written).
    let p = dir.path().join("huge.txt");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(gijiroku::ingest::MAX_TEXT_BYTES + 1).unwrap();
    let err = gijiroku::ingest::extract(&p).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(&format!("more than the limit of {} bytes", 64 << 20)),
        "{err}"
    );
}

/// `ingest` over `paths`, as paths relative to `cwd`, through the binary.
fn ingest_cli(cwd: &Path, index: &Path, paths: &[&str], prune: bool) -> (i32, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gijiroku"));
    c.current_dir(cwd)
        .arg("ingest")
        .args(paths)
        .arg("--index")
        .arg(index);
    if prune {
        c.arg("--prune");
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn record_paths(index: &Path) -> Vec<String> {
    let s = gijiroku::index::search::Searcher::open(index).unwrap();
    let mut paths: Vec<String> = s
        .records()
        .unwrap()
        .into_iter()
        .map(|(_, r)| r.source.path)
        .collect();
    paths.sort();
    paths
}

#[test]
fn one_document_per_file_however_the_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let c3 = dir.path().join("c3");
    std::fs::create_dir(&c3).unwrap();
    for i in 0..3 {
        std::fs::write(
            c3.join(format!("m{i}.txt")),
            format!("{}\n・{i}", good_minutes()),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let abs = c3.display().to_string();
    let (code, err) = ingest_cli(dir.path(), &index, &["c3", &abs, "./c3/"], false);
    assert_eq!(code, 0, "{err}");
    assert_eq!(record_paths(&index).len(), 3);
    // Again under another name: unchanged, still three.
    let (code, err) = ingest_cli(dir.path(), &index, &["./c3/../c3"], false);
    assert_eq!(code, 0, "{err}");
    assert_eq!(record_paths(&index).len(), 3);
}

#[test]
fn links_loops_and_special_files() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    let sub = docs.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("m.txt"), good_minutes()).unwrap();
    // Two links back to the folder, one to its parent: each folder is walked once.
    symlink(".", docs.join("again")).unwrap();
    symlink("..", sub.join("up")).unwrap();
    symlink(&docs, sub.join("abs")).unwrap();
    // A link to a file outside the given folder, named like a document.
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), good_minutes() + "\n・外部").unwrap();
    symlink(outside.join("secret.txt"), docs.join("passwd.txt")).unwrap();
    symlink(&outside, docs.join("elsewhere")).unwrap();
    // A link inside to a file inside: the file, once.
    symlink(sub.join("m.txt"), docs.join("alias.txt")).unwrap();
    // A FIFO named like a document: never opened.
    let fifo = docs.join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let index = dir.path().join("index");
    let (i, d) = (index.clone(), docs.clone());
    let report = within_a_minute(move || ingest_all(&i, &[d], false));
    assert_eq!(report.added, 1, "{:?}", report.failed);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let skipped: Vec<String> = report.skipped.iter().map(|(_, e)| e.to_string()).collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("pipe.txt: not a regular file (a FIFO)")),
        "{skipped:?}"
    );
    assert!(
        skipped.iter().any(|s| s
            .contains("passwd.txt: not a regular file (a symbolic link out of the given folders)")),
        "{skipped:?}"
    );
    assert_eq!(
        record_paths(&index),
        [sub.join("m.txt")
            .canonicalize()
            .unwrap()
            .display()
            .to_string()]
    );
    // Through the binary: warnings, exit code 0.
    let (code, err) = ingest_cli(dir.path(), &index, &["docs"], false);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: ") && err.contains("pipe.txt"),
        "{err}"
    );
}

#[test]
fn prune_removes_only_what_is_gone_under_the_given_paths() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = dir.path().join("minutes");
    let materials = dir.path().join("materials");
    std::fs::create_dir(&minutes).unwrap();
    std::fs::create_dir(&materials).unwrap();
    for i in 0..2 {
        std::fs::write(
            minutes.join(format!("m{i}.txt")),
            format!("{}\n・{i}", good_minutes()),
        )
        .unwrap();
        std::fs::write(
            materials.join(format!("資料{i}.txt")),
            format!("地域生活支援拠点の整備について\n\n第{i}章 概要\n拠点の機能を説明する。\n"),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let r = ingest_all(&index, std::slice::from_ref(&minutes), false);
    assert_eq!(r.added, 2);
    let r = ingest_all(&index, std::slice::from_ref(&materials), true);
    assert_eq!((r.added, r.removed), (2, 0));
    assert_eq!(record_paths(&index).len(), 4);
    // A file gone under the given folder is removed; the other folder's stay.
    std::fs::remove_file(materials.join("資料1.txt")).unwrap();
    let r = ingest_all(&index, std::slice::from_ref(&materials), true);
    assert_eq!((r.unchanged, r.removed), (1, 1));
    let paths = record_paths(&index);
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.iter().filter(|p| p.contains("/minutes/")).count() == 2);
}

#[test]
fn the_aliases_are_in_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let r = ingest_all(&index, &[crate::root().join("samples/minutes")], false);
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    let aliases = gijiroku::index::read_aliases(&index);
    assert!(!aliases.is_empty());
    // A kill between the commit and `aliases.json`: the file is missing, the aliases are not.
    std::fs::remove_file(gijiroku::index::aliases_path(&index)).unwrap();
    assert_eq!(gijiroku::index::read_aliases(&index), aliases);
    // And a re-run, where every file is unchanged, keeps them.
    let r = ingest_all(&index, &[crate::root().join("samples/minutes")], false);
    assert_eq!(r.added + r.updated, 0);
    assert_eq!(gijiroku::index::read_aliases(&index), aliases);
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    /// Mounts a tmpfs of `size` (as `mount` spells it) at `at`; `None` when this user cannot.
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(at.to_path_buf()))
    }

    fn resize(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_says_so_and_keeps_the_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("disk"), "1m") else {
        crate::skip(
            "a_full_disk_says_so_and_keeps_the_last_commit",
            "cannot mount a tmpfs here (needs root)",
        );
        return;
    };
    let docs = dir.path().join("docs");
    let first = docs.join("a");
    std::fs::create_dir_all(&first).unwrap();
    let texts = [
        good_minutes(),
        std::fs::read_to_string(
            crate::root().join("samples/minutes/2023-07-12_soudanshien_verbatim.txt"),
        )
        .unwrap(),
    ];
    for i in 0..300 {
        let folder = if i < 5 { &first } else { &docs };
        let text = format!("{}\n・整理番号 第{i}号の写し。\n", texts[i % 2]);
        std::fs::write(folder.join(format!("copy-{i:04}.txt")), text).unwrap();
    }
    let index = disk.0.join("index");
    let (code, err) = ingest_cli(dir.path(), &index, &["docs/a"], false);
    assert_eq!(code, 0, "{err}");
    let (code, err) = ingest_cli(dir.path(), &index, &["docs"], false);
    assert_eq!(code, 2, "{err}");
    let tantivy = index.join("tantivy").display().to_string();
    assert!(
        err.contains(&format!(
            "error: {tantivy}: No space left on device (os error 28)"
        )),
        "{err}"
    );
    assert!(!err.contains("killed"), "{err}");
    // The index is at its last commit.
    assert_eq!(record_paths(&index).len(), 5);
    // Space freed: a re-run completes, each document once.
    disk.resize("64m");
    let (code, err) = ingest_cli(dir.path(), &index, &["docs"], false);
    assert_eq!(code, 0, "{err}");
    let paths = record_paths(&index);
    let mut distinct = paths.clone();
    distinct.dedup();
    assert_eq!((paths.len(), distinct.len()), (300, 300));
}
