//! Integration tests, one binary with a module per area.

mod abuse;
mod bad_input;
mod browser;
mod check;
mod cli;
mod crash;
mod devcorpus;
mod draft;
mod fuzz_replay;
mod golden;
mod hostile;
mod live;
mod material;
mod qa;
mod readonly;
mod schema;
mod search;
mod track;
mod watch;
mod web;

use std::path::{Path, PathBuf};

/// The crate root (tests run there too, but be explicit).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every document under `samples/minutes`, sorted, as paths relative to the crate root.
pub fn sample_minutes() -> Vec<PathBuf> {
    samples_in("samples/minutes")
}

/// Every document under a folder of the crate, sorted, as paths relative to the crate root.
pub fn samples_in(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .unwrap_or_else(|_| panic!("{folder} exists"))
        .map(|e| e.unwrap().path())
        .filter(|p| gijiroku::ingest::format_of(p).is_some())
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

/// Parses a file given relative to the crate root, recording the relative path in the record,
/// with what its file name and sidecar say (as `ingest` does).
pub fn parse_relative(rel: &Path) -> gijiroku::Record {
    gijiroku::pipeline::read_named(&root().join(rel), rel, None)
        .unwrap_or_else(|e| panic!("{}: {e}", rel.display()))
}

/// Says that `test` is skipped and why, on the terminal itself: written to the standard error
/// directly, past the capture of the test harness, so that `cargo test` shows it.
pub fn skip(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped {test}: {why}");
}

/// True when a tool `test` needs is there (`found`). When it is missing the test is skipped with
/// `why`, except in CI (`CI` set), which has every tool: there it fails with `why`.
pub fn have_tool(test: &str, found: bool, why: &str) -> bool {
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{test}: {why}");
        skip(test, why);
    }
    found
}

/// True when the seed documents (`../shared/seeds`) are there; otherwise prints why the calling
/// test is skipped. Tests over the shared index start with it, so a fresh clone without
/// `../shared` beside it still passes.
pub fn have_seeds(test: &str) -> bool {
    let p = root().join("../shared/seeds");
    if !p.is_dir() {
        skip(
            test,
            &format!("the seed documents are expected in {}", p.display()),
        );
    }
    p.is_dir()
}

/// The seed documents (`../shared/seeds`).
pub fn seeds() -> PathBuf {
    let p = root().join("../shared/seeds");
    assert!(
        p.is_dir(),
        "the seed documents are expected in {}",
        p.display()
    );
    p
}

/// One index of the samples (minutes and materials) and the seeds, built once per test run.
pub fn shared_index() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let report = gijiroku::pipeline::ingest(
            dir.path(),
            &[
                root().join("samples/minutes"),
                root().join("samples/materials"),
                seeds(),
            ],
            false,
            &|_| {},
        )
        .unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        dir
    })
    .path()
}

/// Compares each sample's record with its golden JSON in `golden_dir` (relative to the crate
/// root); with `GIJIROKU_BLESS` set, writes them instead. Returns one line per difference.
pub fn golden_differences(samples: &[PathBuf], golden_dir: &str) -> Vec<String> {
    let bless = std::env::var_os("GIJIROKU_BLESS").is_some();
    let mut failures = Vec::new();
    for rel in samples {
        let record = parse_relative(rel);
        let actual = serde_json::to_string_pretty(&record).unwrap() + "\n";
        let name = rel.file_name().unwrap().to_string_lossy().into_owned() + ".json";
        let golden = root().join(golden_dir).join(&name);
        if bless {
            std::fs::write(&golden, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!(
                "no golden file {}; run with GIJIROKU_BLESS=1",
                golden.display()
            )
        });
        if expected != actual {
            let first_diff = expected
                .lines()
                .zip(actual.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| format!("line {}:\n  expected: {a}\n  actual:   {b}", i + 1))
                .unwrap_or_else(|| "lengths differ".into());
            failures.push(format!("{name}: {first_diff}"));
        }
    }
    failures
}

/// Every string in a JSON value, concatenated after NFKC with white space removed.
pub fn all_text(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => out.push_str(&gijiroku::text::compact(s)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| all_text(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| all_text(x, out)),
        _ => {}
    }
}

/// Validates each sample's record against the checked-in schema; one line per failing sample.
pub fn schema_errors(samples: &[PathBuf]) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/record.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    samples
        .iter()
        .filter_map(|rel| {
            let value = serde_json::to_value(parse_relative(rel)).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            (!errors.is_empty()).then(|| format!("{}: {errors:?}", rel.display()))
        })
        .collect()
}
