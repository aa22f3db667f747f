//! A read-only index and files that cannot be read (issue 14). Permissions do not stop root,
//! so these run the binary as `nobody` through `setpriv` when the tests run as root (and as
//! themselves otherwise); without `setpriv` they are skipped with the reason on stderr.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const NOBODY: u32 = 65534;

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// The binary as a user that permissions apply to: `nobody` when this is root. `None` (with
/// the reason printed) when that cannot be done.
fn unprivileged(test: &str) -> Option<Command> {
    let bin = env!("CARGO_BIN_EXE_gijiroku");
    if !is_root() {
        return Some(Command::new(bin));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let Some(setpriv) = setpriv else {
        crate::skip(test, "running as root and setpriv is not installed");
        return None;
    };
    let mut c = Command::new(setpriv);
    c.args([
        format!("--reuid={NOBODY}"),
        format!("--regid={NOBODY}"),
        "--clear-groups".into(),
    ])
    .arg(bin);
    // `nobody` must reach the binary: check before relying on it.
    let ok = Command::new(setpriv)
        .args([
            format!("--reuid={NOBODY}"),
            format!("--regid={NOBODY}"),
            "--clear-groups".into(),
        ])
        .arg(bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        crate::skip(test, &format!("nobody cannot run {bin}"));
        return None;
    }
    Some(c)
}

fn run(mut c: Command, args: &[&str]) -> Output {
    c.args(args).output().unwrap()
}

/// Gives `path` and everything under it to the unprivileged user (when this is root).
fn give_away(path: &Path) {
    if is_root() {
        assert!(
            Command::new("chown")
                .args(["-R", &format!("{NOBODY}:{NOBODY}")])
                .arg(path)
                .status()
                .unwrap()
                .success()
        );
    }
}

fn open_to_all(dir: &Path) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_read_only_index_is_searched_shown_tracked_and_served_and_ingest_says_why_not() {
    let Some(_) = unprivileged("read-only index") else {
        return;
    };
    let top = tempfile::tempdir().unwrap();
    open_to_all(top.path());
    let index = top.path().join("index");
    let report = gijiroku::pipeline::ingest(
        &index,
        &[crate::root().join("samples/minutes")],
        false,
        &|_| {},
    )
    .unwrap();
    assert!(report.failed.is_empty());
    give_away(&index);
    assert!(
        Command::new("chmod")
            .args(["-R", "a-w"])
            .arg(&index)
            .status()
            .unwrap()
            .success()
    );
    let idx = index.to_str().unwrap();
    let ok = |args: &[&str], expect: &str| {
        let out = run(unprivileged("").unwrap(), args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(stdout.contains(expect), "{args:?}: {stdout}");
        stdout
    };
    let hits = ok(&["search", "相談支援", "--index", idx], "相談支援");
    let id = hits
        .split("id ")
        .nth(1)
        .and_then(|s| s.get(..12))
        .expect("a hit with its id")
        .to_string();
    ok(&["show", &id, "--index", idx], "council:");
    ok(&["track", "agenda", "相談支援", "--index", idx], "相談支援");
    ok(&["track", "facts", "件", "--index", idx], "件");

    // serve: the first line says where; the API answers.
    let mut child = unprivileged("")
        .unwrap()
        .args(["serve", "--index", idx, "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    let answer = |target: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        text(&out)
    };
    let search = answer(&format!(
        "/api/search?q={}",
        gijiroku::web::html::url_encode("相談支援")
    ));
    let meeting = answer(&format!("/meetings/{id}"));
    let track = answer(&format!(
        "/api/track/agenda?q={}",
        gijiroku::web::html::url_encode("相談支援")
    ));
    let _ = child.kill();
    let _ = child.wait();
    for (what, a) in [
        ("search", &search),
        ("meeting", &meeting),
        ("track", &track),
    ] {
        assert!(a.starts_with("HTTP/1.1 200"), "{what}: {a}");
    }
    assert!(search.contains("相談支援"));

    // ingest cannot write: it says so, at once, naming the folder.
    let out = run(
        unprivileged("").unwrap(),
        &[
            "ingest",
            crate::root().join("samples/materials").to_str().unwrap(),
            "--index",
            idx,
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: {idx}: cannot write the index here")),
        "{stderr}"
    );
    assert!(stderr.contains("Permission denied"), "{stderr}");
    // And nothing of the index changed.
    let again = ok(&["search", "相談支援", "--index", idx], "相談支援");
    assert_eq!(again, hits);
}

#[test]
fn an_unreadable_file_and_a_name_that_is_not_utf8_cost_one_line_each() {
    let Some(cmd) = unprivileged("unreadable file") else {
        return;
    };
    let top = tempfile::tempdir().unwrap();
    open_to_all(top.path());
    let docs = top.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let good =
        std::fs::read(crate::root().join("samples/minutes/2024-05-27_zentaikai_summary.txt"))
            .unwrap();
    let other =
        std::fs::read(crate::root().join("samples/minutes/2025-02-17_zentaikai_summary.txt"))
            .unwrap();
    std::fs::write(docs.join("good.txt"), &good).unwrap();
    // A Shift_JIS file name (会議.txt), as an old share holds them: not UTF-8.
    let sjis = std::ffi::OsStr::from_bytes(b"\x89\xef\x8b\x63.txt");
    std::fs::write(docs.join(sjis), &other).unwrap();
    let secret = docs.join("secret.txt");
    std::fs::write(&secret, &good).unwrap();
    let index = top.path().join("index");
    std::fs::create_dir(&index).unwrap();
    give_away(&docs);
    give_away(&index);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = run(
        cmd,
        &[
            "ingest",
            docs.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // One error line for the unreadable file, the other two indexed, and a commit.
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error:") && !l.contains("could not be ingested"))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        stderr.contains("error: 1 of 3 file(s) could not be ingested"),
        "{stderr}"
    );
    assert!(errors[0].contains("secret.txt"), "{stderr}");
    assert!(errors[0].contains("Permission denied"), "{stderr}");
    assert!(stdout.contains("2 added"), "{stdout}");
    // The file whose name is not UTF-8 is searchable and shown by its (lossy) name.
    let searcher = gijiroku::index::search::Searcher::open(&index).unwrap();
    let paths: Vec<String> = searcher
        .records()
        .unwrap()
        .into_iter()
        .map(|(_, r)| r.source.path)
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("good.txt")), "{paths:?}");
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with(".txt") && p.contains('\u{fffd}')),
        "{paths:?}"
    );
}

#[test]
fn a_name_that_is_not_utf8_is_ingested_in_process_too() {
    let docs = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let good =
        std::fs::read(crate::root().join("samples/minutes/2024-05-27_zentaikai_summary.txt"))
            .unwrap();
    std::fs::write(
        docs.path()
            .join(std::ffi::OsStr::from_bytes(b"\xff\xfe.txt")),
        &good,
    )
    .unwrap();
    std::fs::write(docs.path().join("ok.txt"), &good[..good.len() / 2]).unwrap();
    let report =
        gijiroku::pipeline::ingest(index.path(), &[docs.path().to_path_buf()], false, &|_| {})
            .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.added, 2);
    // Ingesting again finds it unchanged (its key is stable), not a new document.
    let again =
        gijiroku::pipeline::ingest(index.path(), &[docs.path().to_path_buf()], false, &|_| {})
            .unwrap();
    assert_eq!((again.added, again.unchanged), (0, 2), "{again:?}");
}
