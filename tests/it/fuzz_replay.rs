//! Replays the fuzz campaign's committed corpora and crash files (`fuzz/corpus/TARGET/`,
//! `fuzz/crashes/TARGET/`) through the targets' own entry points (`fuzz/entries.rs`, included
//! here as the targets include it), on the stable toolchain: every input must return, without
//! a panic, within a bound. A fast test, not a campaign (README, Reliability).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

include!("../../fuzz/entries.rs");

/// The inputs committed for `target`: its minimised corpus and its crash files.
fn inputs(target: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for kind in ["corpus", "crashes"] {
        let dir = crate::root().join("fuzz").join(kind).join(target);
        if let Ok(rd) = std::fs::read_dir(&dir) {
            out.extend(rd.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
        }
    }
    out.sort();
    out
}

/// The slowest a single input may take in the (unoptimised) test build; libFuzzer's own
/// timeout in the campaign is far lower.
const PER_INPUT: Duration = Duration::from_secs(20);

#[test]
fn every_committed_corpus_and_crash_file_replays() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (target, entry) in entries::TARGETS {
        let files = inputs(target);
        assert!(
            !files.is_empty(),
            "no committed corpus for the fuzz target {target} (fuzz/corpus/{target}/)"
        );
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let start = Instant::now();
            let outcome = gijiroku::ingest::guard::catch_quietly(|| entry(&data));
            count += 1;
            let name = file
                .strip_prefix(crate::root())
                .unwrap_or(&file)
                .display()
                .to_string();
            if outcome.is_none() {
                failures.push(format!("{target}: {name} panics"));
            } else if start.elapsed() > PER_INPUT {
                failures.push(format!("{target}: {name} took {:?}", start.elapsed()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} inputs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_stored_docx_wrapper_is_a_docx() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>開催日時</w:t></w:r></w:p></w:body></w:document>"#.as_bytes();
    let doc = gijiroku::ingest::docx::extract(Path::new("x.docx"), &entries::stored_docx(xml))
        .expect("the wrapper is read as a DOCX");
    assert!(
        doc.lines.iter().any(|l| l.text == "開催日時"),
        "{:?}",
        doc.lines
    );
    // And the entry point does not panic on its own (not a panic-catching run).
    catch_unwind(AssertUnwindSafe(|| entries::docx(xml))).expect("no panic");
}
