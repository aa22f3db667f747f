//! `gijiroku check`: one bad notes file per problem in `tests/fixtures/notes/`, each caught with
//! its line and the right exit code; nothing said on the clean samples.

use std::process::{Command, Output};

use crate::root;

fn check(files: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .arg("check")
        .args(files)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Checks one fixture; returns its exit code and its finding lines (without the summary).
fn fixture(name: &str) -> (i32, Vec<String>) {
    let path = format!("tests/fixtures/notes/{name}.toml");
    let out = check(&[&path]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings = stdout
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .map(|l| l.strip_prefix(&path).unwrap_or(l).to_string())
        .collect();
    (out.status.code().unwrap(), findings)
}

/// Asserts a fixture gives exactly one finding starting with `prefix` and the exit code.
fn one(name: &str, code: i32, prefix: &str) {
    let (c, findings) = fixture(name);
    assert_eq!(findings.len(), 1, "{name}: {findings:#?}");
    assert!(findings[0].starts_with(prefix), "{name}: {findings:#?}");
    assert_eq!(c, code, "{name}: {findings:#?}");
}

#[test]
fn a_clean_file_is_ok_and_exits_0() {
    let out = check(&["tests/fixtures/notes/clean.toml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "tests/fixtures/notes/clean.toml: ok\n"
    );
}

#[test]
fn the_notes_samples_are_clean() {
    for path in crate::draft::sample_notes() {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let out = check(&[&rel]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn schema_errors_carry_the_toml_line() {
    one(
        "schema_error",
        2,
        ":6: error: column 11: invalid type: string \"second\", expected u32",
    );
}

#[test]
fn a_weekday_that_is_not_the_dates() {
    one("weekday", 2, ":8: error: 2025-07-09 is a 水曜日, not 木");
}

#[test]
fn a_wareki_year_that_is_not_the_western_one() {
    one("wareki", 2, ":7: error: 令和6年 is 2024, not 2025");
}

#[test]
fn a_fiscal_year_that_does_not_contain_the_date() {
    one(
        "fiscal_year",
        2,
        ":6: error: fiscal year 2024 does not contain 2025-07-09: it belongs to 2025",
    );
}

#[test]
fn a_member_both_present_and_absent() {
    one(
        "present_and_absent",
        2,
        ":46: error: 西村 is both absent and present",
    );
}

#[test]
fn an_unknown_speaker() {
    one(
        "unknown_speaker",
        1,
        ":37: warning: unknown speaker \"田中委員\": not on the roster",
    );
}

#[test]
fn a_material_cited_but_not_listed() {
    one(
        "material_not_listed",
        1,
        ":30: warning: 資料2 is cited by agenda item 2.(1) but not in the materials list",
    );
}

#[test]
fn a_material_listed_but_never_cited() {
    one(
        "material_not_cited",
        1,
        ":24: warning: 資料3 is in the materials list but no agenda item cites it",
    );
}

#[test]
fn an_item_for_decision_without_a_resolution() {
    one(
        "decision_without_resolution",
        1,
        ":30: warning: agenda item 2.(1) 計画相談支援の実施状況について is marked for decision but has no resolution",
    );
}

#[test]
fn a_private_phone_number() {
    one(
        "phone",
        1,
        ":41: warning: possible personal information: the phone number 090-1234-5678",
    );
}

#[test]
fn an_age_with_a_family_relation() {
    one(
        "age_family",
        1,
        ":41: warning: possible personal information: an age (80代) with a family relation (母)",
    );
}

#[test]
fn a_full_name_not_on_the_roster() {
    one(
        "full_name",
        1,
        ":41: warning: possible personal information: 山本 一郎 looks like the full name",
    );
}

#[test]
fn an_entry_the_layout_cannot_show() {
    one(
        "layout",
        1,
        ":46: warning: the 会議概要 layout cannot show this explanation by 事務局 in agenda item 2.(1) as written: it reads back as answer by 事務局",
    );
}

#[test]
fn several_files_exit_with_the_worst() {
    let out = check(&[
        "tests/fixtures/notes/clean.toml",
        "tests/fixtures/notes/phone.toml",
        "tests/fixtures/notes/weekday.toml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, "error: 1 error(s), 1 warning(s) in 3 file(s)\n");
}

#[test]
fn records_and_minutes_are_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut record = crate::parse_relative(std::path::Path::new(
        "samples/minutes/2024-05-27_zentaikai_summary.txt",
    ));
    let clean = gijiroku::check::check_record(&record);
    assert!(clean.is_empty(), "{clean:?}");
    record.meeting.weekday = Some("火".into());
    record.attendance.members[1].name = record.attendance.members[0].name.clone();
    record.attendance.members[1].present = false;
    let path = dir.path().join("record.json");
    std::fs::write(&path, serde_json::to_string(&record).unwrap()).unwrap();
    let out = check(&[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("error: 2024-05-27 is a 月曜日, not 火"),
        "{stdout}"
    );
    assert!(
        stdout.contains("error: 青木 is both present and absent"),
        "{stdout}"
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"kind\": \"minutes\"}").unwrap();
    let out = check(&[bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains(":1: error: not a gijiroku record")
    );
}
