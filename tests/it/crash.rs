//! An ingest killed with SIGKILL part-way leaves a readable index, and running it again indexes
//! every document exactly once.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gijiroku::index::search::Searcher;

/// A corpus of `n` documents: the sample minutes copied under distinct names, each with a line
/// of its own so that no two files are the same.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let texts: Vec<String> = crate::sample_minutes()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(crate::root().join(p)).ok()) // UTF-8 ones
        .filter(|t| !t.is_empty())
        .collect();
    assert!(texts.len() >= 3);
    for i in 0..n {
        let mut text = texts[i % texts.len()].clone();
        text.push_str(&format!("\n・整理番号 第{i}号の写し。\n"));
        std::fs::write(docs.join(format!("copy-{i:04}.txt")), text).unwrap();
    }
    docs
}

fn ingest_cmd(index: &Path, docs: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gijiroku"));
    c.arg("ingest")
        .arg(docs)
        .arg("--index")
        .arg(index)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// (records, entries, distinct paths) in the index.
fn counts(index: &Path) -> (usize, usize, usize) {
    let s = Searcher::open(index).unwrap();
    let records = s.records().unwrap();
    let mut paths: Vec<&str> = records
        .iter()
        .map(|(_, r)| r.source.path.as_str())
        .collect();
    paths.sort();
    paths.dedup();
    (
        s.count("record").unwrap(),
        s.count("entry").unwrap(),
        paths.len(),
    )
}

/// Where to kill an ingest: soon after it starts (while it reads and parses), or once it has
/// reported that many files (while it writes the index, before its one commit).
#[derive(Debug, Clone, Copy)]
enum KillAt {
    Start,
    AfterFiles(usize),
}

#[test]
fn sigkill_then_rerun_indexes_every_document_once() {
    let dir = tempfile::tempdir().unwrap();
    let n = 240;
    let docs = corpus(dir.path(), n);

    // The reference: one uninterrupted run.
    let reference = dir.path().join("reference");
    assert!(ingest_cmd(&reference, &docs).status().unwrap().success());
    let expected = counts(&reference);
    assert_eq!(expected.0, n);
    assert_eq!(expected.2, n);
    assert!(expected.1 > n * 5, "entries: {}", expected.1);

    let mut interrupted = 0;
    let points = [
        KillAt::Start,
        KillAt::AfterFiles(n / 3),
        KillAt::AfterFiles(2 * n / 3),
    ];
    for (k, at) in points.into_iter().enumerate() {
        let index = dir.path().join(format!("killed-{k}"));
        // A first, committed state with some of the files, so the kill interrupts an update.
        if k == 1 {
            let mut c = Command::new(env!("CARGO_BIN_EXE_gijiroku"));
            c.arg("ingest");
            for i in 0..n / 2 {
                c.arg(docs.join(format!("copy-{i:04}.txt")));
            }
            c.arg("--index").arg(&index).stdout(Stdio::null());
            c.stderr(Stdio::null());
            assert!(c.status().unwrap().success());
            assert_eq!(counts(&index).0, n / 2);
        }
        // Progress goes to standard error, one line per file when it is not a terminal.
        let mut child = ingest_cmd(&index, &docs)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        match at {
            KillAt::Start => std::thread::sleep(Duration::from_millis(20)),
            KillAt::AfterFiles(files) => {
                use std::io::BufRead;
                let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
                let seen = stderr.lines().take(files).count();
                assert_eq!(seen, files, "the ingest ended after {seen} lines");
            }
        }
        let finished_early = child.try_wait().unwrap().is_some();
        interrupted += usize::from(!finished_early);
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        // Whatever was committed is readable (or there is no index yet).
        if index.join("tantivy/meta.json").exists() {
            let (records, _, paths) = counts(&index);
            assert_eq!(records, paths, "a path indexed twice after the kill");
        }
        let t = Instant::now();
        let status = ingest_cmd(&index, &docs).status().unwrap();
        assert!(status.success(), "the re-run failed after a kill at {at:?}");
        assert!(t.elapsed() < Duration::from_secs(300));
        assert_eq!(
            counts(&index),
            expected,
            "kill at {at:?} (finished early: {finished_early})"
        );
    }
    assert!(
        interrupted >= 2,
        "the kills came too late to interrupt the ingest"
    );
}
