//! Real minutes of other municipalities (`../shared/devcorpus/`, third-party text read in place,
//! never copied): an index of them answers `--kind question` with questions and `--speaker 事務局`
//! with the secretariat's turns. Skipped, with the reason printed, when the corpus is not there.

use std::process::Command;

fn corpus() -> Option<std::path::PathBuf> {
    let p = crate::root().join("../shared/devcorpus");
    if p.is_dir() {
        Some(p)
    } else {
        crate::skip(
            "devcorpus",
            &format!("the dev corpus is expected in {}", p.display()),
        );
        None
    }
}

fn search(index: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    let index = index.to_str().unwrap();
    all.extend_from_slice(&["--index", index, "--json", "--limit", "50"]);
    let out = Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .args(&all)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    match v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(mut o) => match o.remove("hits") {
            Some(serde_json::Value::Array(a)) => a,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[test]
fn questions_and_the_secretariat_are_found_in_real_minutes() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    assert!(files.len() >= 20, "{} documents", files.len());
    let report = gijiroku::pipeline::ingest(tmp.path(), &files, false, &|_| {}).unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);

    // Every strict hit of `--kind question` is a question, and there are some.
    let hits = search(tmp.path(), &["計画", "--kind", "question"]);
    let strict: Vec<&serde_json::Value> = hits
        .iter()
        .filter(|h| h["fallback"].as_bool() != Some(true))
        .collect();
    assert!(!strict.is_empty(), "{hits:?}");
    assert!(strict.iter().all(|h| h["kind"] == "question"), "{hits:?}");

    // `--speaker 事務局` gives the secretariat's turns, in several municipalities' label forms.
    let hits = search(tmp.path(), &["資料", "--speaker", "事務局"]);
    let strict: Vec<&serde_json::Value> = hits
        .iter()
        .filter(|h| h["fallback"].as_bool() != Some(true))
        .collect();
    assert!(strict.len() >= 3, "{hits:?}");
    assert!(
        strict
            .iter()
            .all(|h| h["speaker"].as_str().is_some_and(|s| s.contains("事務局"))),
        "{hits:?}"
    );
    let files: std::collections::HashSet<&str> =
        strict.iter().filter_map(|h| h["path"].as_str()).collect();
    assert!(files.len() >= 3, "{files:?}");
}
