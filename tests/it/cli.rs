//! The binary: output, exit codes and error messages.

use std::process::{Command, Output};

fn gijiroku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .args(args)
        .current_dir(crate::root())
        .output()
        .unwrap()
}

#[test]
fn parse_prints_json() {
    let out = gijiroku(&[
        "parse",
        "samples/minutes/2024-05-27_zentaikai_summary.txt",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "minutes");
    assert_eq!(v["meeting"]["date"], "2024-05-27");
    assert_eq!(v["meeting"]["council"], "さくら台市障害者支援協議会");
    assert_eq!(
        v["source"]["path"],
        "samples/minutes/2024-05-27_zentaikai_summary.txt"
    );
}

#[test]
fn parse_prints_yaml() {
    let out = gijiroku(&[
        "parse",
        "samples/minutes/2023-07-12_soudanshien_verbatim.txt",
        "--format",
        "yaml",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kind: minutes"), "{text}");
    assert!(text.contains("style: verbatim"));
}

#[test]
fn a_missing_file_is_an_error_with_its_cause() {
    let out = gijiroku(&["parse", "samples/minutes/nope.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: cannot read samples/minutes/nope.txt\ncaused by: "),
        "{err}"
    );
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let out = gijiroku(&["schema"]);
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::root().join("schemas/record.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(printed, file);
}

#[test]
fn ingest_search_show() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let out = gijiroku(&["ingest", "samples/minutes", "--index", index]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(
        summary.starts_with("12 added, 0 updated, 0 unchanged, 0 removed, 0 failed"),
        "{summary}"
    );
    // Not a terminal: one plain line per file on stderr.
    let log = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        log.lines().filter(|l| l.starts_with("added ")).count(),
        12,
        "{log}"
    );

    let out = gijiroku(&[
        "search",
        "ヤングケアラー",
        "--index",
        index,
        "--body",
        "全体会",
        "--limit",
        "3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(text.matches("[ヤングケアラー]").count() >= 3, "{text}");
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("さくら台市障害者支援協議会全体会"),
        "{first}"
    );

    let out = gijiroku(&[
        "search",
        "ヤングケアラー",
        "--index",
        index,
        "--json",
        "--limit",
        "1",
    ]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = hits[0]["meeting_id"].as_str().unwrap().to_string();
    assert!(hits[0]["highlights"][0][1].as_u64().unwrap() > 0);

    let out = gijiroku(&["show", &id, "--index", index]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("attendance: "), "{text}");
}

#[test]
fn a_bad_file_is_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::copy(
        crate::root().join("samples/minutes/2024-05-27_zentaikai_summary.txt"),
        docs.join("good.txt"),
    )
    .unwrap();
    std::fs::write(docs.join("empty.txt"), b"").unwrap();
    let index = dir.path().join("index");
    let out = gijiroku(&[
        "ingest",
        docs.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("empty.txt: the file is empty"), "{err}");
    assert!(
        err.contains("error: 1 of 2 file(s) could not be ingested"),
        "{err}"
    );
    let out = gijiroku(&["search", "委嘱", "--index", index.to_str().unwrap()]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("委嘱"));
}

#[test]
fn search_without_an_index_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = gijiroku(&[
        "search",
        "会議",
        "--index",
        dir.path().join("none").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("run `gijiroku ingest PATH…` first"), "{err}");
}

#[test]
fn search_sorts_by_date_groups_by_meeting_and_marks_the_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let out = gijiroku(&["ingest", "samples/minutes", "--index", index]);
    assert!(out.status.success());
    let dates = |sort: &str| -> Vec<String> {
        let out = gijiroku(&[
            "search",
            "ヤングケアラー",
            "--index",
            index,
            "--json",
            "--sort",
            sort,
            "--limit",
            "50",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        hits.as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["date"].as_str().map(str::to_string))
            .collect()
    };
    let newest = dates("-date");
    assert!(newest.len() > 3, "{newest:?}");
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    let oldest = dates("date");
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");

    // One line per meeting, with its count.
    let out = gijiroku(&[
        "search",
        "ヤングケアラー",
        "--index",
        index,
        "--group",
        "meeting",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 2, "{text}");
    let ids: std::collections::HashSet<&str> = lines
        .iter()
        .filter_map(|l| l.rsplit("(id ").next())
        .collect();
    assert_eq!(ids.len(), lines.len(), "{text}");

    // Words never in one entry: hits, each marked as a fallback.
    let out = gijiroku(&[
        "search",
        "ヤングケアラー 空床確保",
        "--index",
        index,
        "--limit",
        "3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("≈ "), "{text}");
    let out = gijiroku(&[
        "search",
        "ヤングケアラー 空床確保",
        "--index",
        index,
        "--json",
        "--limit",
        "3",
    ]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    for h in hits.as_array().unwrap() {
        assert_eq!(h["fallback"], true, "{h}");
        assert_ne!(h["match"], "all", "{h}");
    }
}
