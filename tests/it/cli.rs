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
