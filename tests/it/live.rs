//! Search while an ingest writes into the same index (issue 14): 50 loopback clients search and
//! open the meeting of their first hit, quietly first, then while `gijiroku ingest` adds a
//! corpus in several commits. No request fails, no hit names a meeting that cannot be shown,
//! the new meetings are listed once the ingest has committed, and no request waits for the
//! server to load the new state (it is loaded beside the old one and swapped in).
//!
//! `GIJIROKU_LIVE_CORPUS=DIR` ingests that folder instead of copies of the samples (the README's
//! figure uses the 1k benchmark corpus) and `GIJIROKU_BIN` runs that binary for the ingest (the
//! release one); `GIJIROKU_LIVE_CLIENTS` changes the number of clients.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gijiroku::web::{App, Limits, router};

/// A server over the index in `dir` on a free loopback port.
fn server(dir: &Path) -> u16 {
    crate::web::runtime().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = App::new(dir);
        tokio::spawn(gijiroku::web::accept_with(
            listener,
            router(app),
            Limits::default(),
        ));
        port
    })
}

/// One GET on a new connection: the status (0 when none came) and the body.
fn get(port: u16, target: &str) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let request = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|t| t.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Copies of the sample minutes with a line of their own each (no two files alike).
fn copies(dir: &Path, n: usize) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let texts: Vec<String> = crate::sample_minutes()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(crate::root().join(p)).ok())
        .filter(|t| !t.is_empty())
        .collect();
    for i in 0..n {
        let mut text = texts[i % texts.len()].clone();
        text.push_str(&format!("\n・写しの整理番号は第{i}号である。\n"));
        std::fs::write(docs.join(format!("live-{i:04}.txt")), text).unwrap();
    }
    docs
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn meetings(port: u16) -> usize {
    let (status, body) = get(port, "/api/meetings");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body)
        .unwrap()
        .as_array()
        .map_or(0, Vec::len)
}

/// What the clients saw in one phase.
#[derive(Default)]
struct Phase {
    latencies: Vec<Duration>,
    failed: Vec<String>,
    torn: Vec<String>,
}

impl Phase {
    fn figures(&mut self) -> (usize, Duration, Duration, Duration) {
        self.latencies.sort();
        let at = |q: f64| {
            let n = self.latencies.len();
            if n == 0 {
                Duration::ZERO
            } else {
                self.latencies[((n as f64 * q) as usize).min(n - 1)]
            }
        };
        (
            self.latencies.len(),
            at(0.5),
            at(0.99),
            self.latencies.last().copied().unwrap_or_default(),
        )
    }
}

/// Runs `clients` searching threads until `stop`, into `phase`.
fn clients(
    port: u16,
    clients: usize,
    stop: Arc<AtomicBool>,
    phase: Arc<Mutex<Phase>>,
) -> Vec<std::thread::JoinHandle<()>> {
    let queries = [
        "相談支援",
        "協議会",
        "グループホーム",
        "ヤングケアラー",
        "整理番号",
        "地域生活支援拠点",
        "Libero",
        "報告",
    ];
    (0..clients)
        .map(|c| {
            let (stop, phase) = (stop.clone(), phase.clone());
            std::thread::spawn(move || {
                let mut k = c;
                while !stop.load(Ordering::Relaxed) {
                    let q = queries[k % queries.len()];
                    k += 1;
                    let target = format!("/api/search?q={}&per_page=10", percent_encode(q));
                    let t = Instant::now();
                    let (status, body) = get(port, &target);
                    let took = t.elapsed();
                    let mut p = phase.lock().unwrap();
                    p.latencies.push(took);
                    if status != 200 {
                        p.failed.push(format!("{status} {target}: {body:.200}"));
                        continue;
                    }
                    drop(p);
                    let v: serde_json::Value = match serde_json::from_str(&body) {
                        Ok(v) => v,
                        Err(e) => {
                            phase.lock().unwrap().failed.push(format!("{target}: {e}"));
                            continue;
                        }
                    };
                    // The first hit's meeting can be shown (no hit from a state half loaded).
                    if let Some(id) = v["hits"][0]["meeting_id"].as_str() {
                        let (status, body) = get(port, &format!("/api/meetings/{id}"));
                        if status != 200 {
                            phase
                                .lock()
                                .unwrap()
                                .torn
                                .push(format!("{status} {id}: {body:.200}"));
                        }
                    }
                }
            })
        })
        .collect()
}

fn run_phase(port: u16, n: usize, until: impl FnOnce()) -> Phase {
    let stop = Arc::new(AtomicBool::new(false));
    let phase = Arc::new(Mutex::new(Phase::default()));
    let threads = clients(port, n, stop.clone(), phase.clone());
    until();
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    Arc::try_unwrap(phase).ok().unwrap().into_inner().unwrap()
}

#[test]
fn fifty_clients_search_while_an_ingest_commits() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    gijiroku::pipeline::ingest(
        &index,
        &[crate::root().join("samples/minutes")],
        false,
        &|_| {},
    )
    .unwrap();
    let (corpus, commit_every) = match std::env::var_os("GIJIROKU_LIVE_CORPUS") {
        Some(d) => (PathBuf::from(d), 250),
        None => (copies(dir.path(), 120), 30),
    };
    let files = std::fs::read_dir(&corpus).unwrap().count();
    let bin = std::env::var_os("GIJIROKU_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_gijiroku")));
    let n: usize = std::env::var("GIJIROKU_LIVE_CLIENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);

    let port = server(&index);
    let before = meetings(port);
    assert!(before >= 5, "{before}");

    // Quiet: the same clients for a few seconds with no ingest.
    let mut quiet = run_phase(port, n, || std::thread::sleep(Duration::from_secs(3)));

    // During the ingest, in several commits, and until the last one is shown.
    let listed = Arc::new(AtomicUsize::new(before));
    let ingest_took = Arc::new(Mutex::new(Duration::ZERO));
    let mut live = run_phase(port, n, || {
        let t = Instant::now();
        let status = Command::new(&bin)
            .arg("ingest")
            .arg(&corpus)
            .arg("--index")
            .arg(&index)
            .arg("--commit-every")
            .arg(commit_every.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        *ingest_took.lock().unwrap() = t.elapsed();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let now = meetings(port);
            listed.store(now, Ordering::Relaxed);
            if now == before + files {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    // Quiet again, over the whole corpus: what searching that index costs without an ingest.
    let mut after = run_phase(port, n, || std::thread::sleep(Duration::from_secs(5)));
    let (qn, q50, q99, qmax) = quiet.figures();
    let (ln, l50, l99, lmax) = live.figures();
    let (an, a50, a99, amax) = after.figures();
    eprintln!(
        "{n} clients. quiet: {qn} searches, p50 {q50:?}, p99 {q99:?}, max {qmax:?}. \
         during the ingest of {files} files ({:?}, a commit every {commit_every}): {ln} \
         searches, p50 {l50:?}, p99 {l99:?}, max {lmax:?}. quiet after, over every file: \
         {an} searches, p50 {a50:?}, p99 {a99:?}, max {amax:?}; failed {}, torn {}",
        ingest_took.lock().unwrap(),
        live.failed.len() + quiet.failed.len() + after.failed.len(),
        live.torn.len() + quiet.torn.len() + after.torn.len()
    );
    assert!(after.failed.is_empty(), "{:?}", &after.failed[..1]);
    assert!(after.torn.is_empty(), "{:?}", &after.torn[..1]);
    assert!(quiet.failed.is_empty(), "{:?}", &quiet.failed[..1]);
    assert!(live.failed.is_empty(), "{:?}", &live.failed[..1]);
    assert!(live.torn.is_empty(), "{:?}", &live.torn[..1]);
    assert_eq!(
        listed.load(Ordering::Relaxed),
        before + files,
        "the new meetings are listed after the commit"
    );
    assert!(ln >= n, "{ln} searches during the ingest");
}
