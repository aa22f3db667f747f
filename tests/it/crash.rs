//! An ingest killed with SIGKILL at random moments (20 runs, seeded) leaves a readable index at
//! its last commit, with nothing half-written, and running it again indexes every document
//! exactly once.

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
        .arg("--commit-every")
        .arg(COMMIT_EVERY.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Files per commit: the corpus is committed in several steps, so a kill lands before, between
/// and after commits.
const COMMIT_EVERY: usize = 15;

/// (records, entries, distinct paths) in the index, after checking that nothing half-written
/// is visible: every entry document belongs to a record, and every record has all its entries.
fn counts(index: &Path) -> (usize, usize, usize) {
    let s = Searcher::open(index).unwrap();
    let records = s.records().unwrap();
    let mut paths: Vec<&str> = records
        .iter()
        .map(|(_, r)| r.source.path.as_str())
        .collect();
    paths.sort();
    paths.dedup();
    let entries = s.count(gijiroku::index::DocType::Entry).unwrap();
    let in_records: usize = records
        .iter()
        .map(|(_, r)| r.proceedings.iter().map(|p| p.entries.len()).sum::<usize>())
        .sum();
    assert_eq!(
        entries, in_records,
        "entries without their record, or the reverse"
    );
    (
        s.count(gijiroku::index::DocType::Record).unwrap(),
        entries,
        paths.len(),
    )
}

/// A small, seeded generator (SplitMix64), so that a failing run can be replayed with
/// `GIJIROKU_KILL_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Where a run is killed: a moment after the start, or once the ingest has reported that many
/// files (progress goes to standard error, one line per file, when it is not a terminal).
#[derive(Debug, Clone, Copy)]
enum KillAt {
    After(Duration),
    AfterFiles(usize),
}

#[test]
fn twenty_seeded_kills_leave_a_consistent_index_and_a_rerun_completes() {
    let seed: u64 = std::env::var("GIJIROKU_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let n = 90;
    let docs = corpus(dir.path(), n);

    // The reference: one uninterrupted run, and how long it takes.
    let reference = dir.path().join("reference");
    let t = Instant::now();
    assert!(ingest_cmd(&reference, &docs).status().unwrap().success());
    let took = t.elapsed();
    let expected = counts(&reference);
    assert_eq!(expected.0, n);
    assert_eq!(expected.2, n);
    assert!(expected.1 > n * 5, "entries: {}", expected.1);

    let mut interrupted = 0;
    let mut partial = 0;
    for run in 0..20 {
        let index = dir.path().join(format!("killed-{run}"));
        // Every other run updates an index that already holds a committed part of the corpus.
        if run % 2 == 1 {
            let mut c = Command::new(env!("CARGO_BIN_EXE_gijiroku"));
            c.arg("ingest");
            for i in 0..n / 3 {
                c.arg(docs.join(format!("copy-{i:04}.txt")));
            }
            c.arg("--index").arg(&index).stdout(Stdio::null());
            c.stderr(Stdio::null());
            assert!(c.status().unwrap().success());
            assert_eq!(counts(&index).0, n / 3);
        }
        let at = if rng.below(2) == 0 {
            KillAt::After(Duration::from_millis(
                rng.below(took.as_millis() as u64 + 1),
            ))
        } else {
            KillAt::AfterFiles(1 + rng.below(n as u64 - 1) as usize)
        };
        let mut child = ingest_cmd(&index, &docs)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        match at {
            KillAt::After(d) => {
                // Keep the pipe drained, so that the ingest never blocks on it.
                std::thread::spawn(move || std::io::copy(&mut { stderr }, &mut std::io::sink()));
                std::thread::sleep(d);
            }
            KillAt::AfterFiles(files) => {
                use std::io::BufRead;
                let mut lines = std::io::BufReader::new(stderr).lines();
                let seen = lines.by_ref().take(files).count();
                assert_eq!(
                    seen, files,
                    "run {run}: the ingest ended after {seen} lines"
                );
                std::thread::spawn(move || lines.for_each(drop));
            }
        }
        let finished_early = child.try_wait().unwrap().is_some();
        interrupted += usize::from(!finished_early);
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        // Whatever was committed is readable, whole and once (or there is no index yet).
        if index.join("tantivy/meta.json").exists() {
            let (records, _, paths) = counts(&index);
            assert_eq!(
                records, paths,
                "run {run} (seed {seed}, {at:?}): a path indexed twice"
            );
            let before = if run % 2 == 1 { n / 3 } else { 0 };
            partial += usize::from(records != before && records != n);
        }
        let t = Instant::now();
        let status = ingest_cmd(&index, &docs).status().unwrap();
        assert!(
            status.success(),
            "run {run} (seed {seed}): the re-run failed after {at:?}"
        );
        assert!(t.elapsed() < Duration::from_secs(300));
        assert_eq!(
            counts(&index),
            expected,
            "run {run} (seed {seed}), kill at {at:?} (finished early: {finished_early})"
        );
        // Nothing is re-read that the kill left committed: the index is the reference's.
        std::fs::remove_dir_all(&index).ok();
    }
    eprintln!(
        "seed {seed}: 20 runs, {interrupted} interrupted, {partial} left a part committed beyond \
         the first state; all consistent, every re-run complete"
    );
    assert!(
        interrupted >= 10,
        "the kills came too late: {interrupted} of 20 interrupted"
    );
    assert!(partial >= 1, "no kill fell between two commits");
}
