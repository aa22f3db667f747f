//! The server under abuse (issue 14), through a real loopback server: idle connections by the
//! thousand, a client sending one byte a second, oversized heads and URIs, malformed queries,
//! enormous queries and pages, and the expensive agenda history under concurrency. Each case
//! gets a 4xx or is cut off, never a 5xx, and the other clients keep being served.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use gijiroku::web::{App, Limits, router};

/// A server over the samples' index on a free loopback port, with `limits`.
fn server(limits: Limits) -> u16 {
    crate::web::runtime().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = App::new(crate::web::samples_index());
        tokio::spawn(gijiroku::web::accept_with(listener, router(app), limits));
        port
    })
}

/// Sends `request` as is on a new connection; the status (0 when the connection was closed
/// without one) and the whole answer.
fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The server may close before it has read everything: what it answered still counts.
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|t| t.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn get(port: u16, target: &str) -> (u16, String) {
    raw(
        port,
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// A 4xx, or cut off without an answer; never a 2xx or a 5xx.
fn refused(what: &str, (status, text): (u16, String)) {
    assert!(
        status == 0 || (400..500).contains(&status),
        "{what}: {status}\n{}",
        &text[..text.len().min(600)]
    );
}

/// The soft limit of open files of this process.
fn open_files_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).map(str::to_string))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(1024)
}

#[test]
fn idle_connections_by_the_thousand_make_way_for_a_request() {
    let port = server(Limits::default());
    // 2,000 connections that never send a byte (both ends are in this process: keep within
    // the limit of open files).
    let idle = 2000.min(open_files_limit().saturating_sub(200) / 2);
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let flood = {
        let (stop, count) = (stop.clone(), count.clone());
        std::thread::spawn(move || {
            let mut held = std::collections::VecDeque::new();
            let mut opened = 0usize;
            // Opened again as they are closed, as a misbehaving client would.
            while !stop.load(Ordering::Relaxed) {
                if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
                    held.push_back(s);
                    opened += 1;
                    count.store(opened, Ordering::Relaxed);
                }
                if held.len() > idle {
                    held.pop_front();
                }
                if opened >= idle {
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
            opened
        })
    };
    let start = Instant::now();
    while count.load(Ordering::Relaxed) < idle && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        let start = Instant::now();
        let (status, text) = get(port, "/api/meetings");
        slowest = slowest.max(start.elapsed());
        assert_eq!(status, 200, "{}", &text[..text.len().min(300)]);
    }
    stop.store(true, Ordering::Relaxed);
    let opened = flood.join().unwrap();
    assert!(opened >= idle, "{opened} idle connections opened");
    assert!(
        slowest < Duration::from_secs(5),
        "slowest request {slowest:?}"
    );
    eprintln!("{opened} idle connections opened; 20 of 20 requests served, slowest {slowest:?}");
}

#[test]
fn a_client_sending_one_byte_a_second_is_cut_off_and_others_are_served() {
    let port = server(Limits {
        header_timeout: Duration::from_secs(2),
        ..Limits::default()
    });
    let slow = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let request =
            b"GET /api/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaa\r\n\r\n";
        let start = Instant::now();
        let mut answer = Vec::new();
        for &b in request.iter() {
            if s.write_all(&[b]).is_err() {
                break;
            }
            let mut buf = [0u8; 4096];
            let closed = match s.read(&mut buf) {
                Ok(0) => true,
                Ok(n) => {
                    answer.extend_from_slice(&buf[..n]);
                    false
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
                Err(_) => true,
            };
            if closed {
                break;
            }
            std::thread::sleep(Duration::from_millis(950));
        }
        (
            start.elapsed(),
            String::from_utf8_lossy(&answer).into_owned(),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        assert_eq!(get(port, "/api/meetings").0, 200);
    }
    let (cut_after, answer) = slow.join().unwrap();
    assert!(
        cut_after < Duration::from_secs(8),
        "the slow client was served for {cut_after:?}"
    );
    assert!(!answer.contains(" 200 "), "{answer}");
}

#[test]
fn oversized_heads_and_uris_are_refused() {
    let port = server(Limits::default());
    let long = |n: usize| format!("/?q={}", "a".repeat(n));
    let (status, _) = get(port, &long(gijiroku::web::MAX_URI_BYTES + 1));
    assert_eq!(status, 414);
    refused("a 100 KB URI", get(port, &long(100_000)));
    refused(
        "a 100 KB header",
        raw(
            port,
            format!(
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
                "b".repeat(100_000)
            )
            .as_bytes(),
        ),
    );
    let many: String = (0..500).map(|i| format!("X-H{i}: v\r\n")).collect();
    refused(
        "500 headers",
        raw(
            port,
            format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}Connection: close\r\n\r\n")
                .as_bytes(),
        ),
    );
    refused(
        "a request line that is not HTTP",
        raw(
            port,
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        ),
    );
    assert_eq!(get(port, "/api/meetings").0, 200);
}

#[test]
fn malformed_percent_encoding_and_utf8_in_queries_are_400() {
    let port = server(Limits::default());
    for target in [
        "/?q=%",
        "/?q=%zz",
        "/?q=a%2",
        "/?q=%+1",
        "/?q=%FF%FE",
        "/api/search?q=%E3%81",
        "/api/search?q=%C0%AF",
        "/track?agenda=%ED%A0%80",
        "/meetings/0123456789ab?q=%E3",
        "/api/track/agenda?q=%",
    ] {
        let (status, text) = get(port, target);
        assert_eq!(status, 400, "{target}: {}", &text[..text.len().min(400)]);
        assert!(
            text.contains("アドレスの条件を読み取れませんでした"),
            "{target}: {text}"
        );
    }
    // Bytes that are not even ASCII in the request line: hyper refuses them itself.
    refused(
        "a raw 0xFF byte",
        raw(port, b"GET /?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n"),
    );
    // Well-formed escapes are read as before.
    assert_eq!(get(port, "/api/search?q=%E6%94%AF%E6%8F%B4").0, 200);
    assert_eq!(get(port, "/?q=a+b%20c").0, 200);
}

#[test]
fn enormous_queries_and_pages_are_refused_or_bounded() {
    let port = server(Limits::default());
    let q = gijiroku::web::html::url_encode;
    let negated: String = (0..10_000).map(|i| format!("-t{i} ")).collect();
    let phrases: String = (0..1_000).map(|i| format!("\"句{i}\" ")).collect();
    refused(
        "10,000 -terms",
        get(port, &format!("/api/search?q={}", q(&negated))),
    );
    refused("1,000 phrases", get(port, &format!("/?q={}", q(&phrases))));
    // As many as fit in the longest query accepted: answered, in bounded time.
    let start = Instant::now();
    let fit = format!(
        "支援 {}",
        "-あ ".repeat(gijiroku::web::MAX_QUERY_CHARS / 3 - 1)
    );
    assert_eq!(
        get(port, &format!("/api/search?q={}", q(fit.trim()))).0,
        200
    );
    let fit: String = "\"支援\" ".repeat(gijiroku::web::MAX_QUERY_CHARS / 5);
    assert_eq!(
        get(port, &format!("/api/search?q={}", q(fit.trim()))).0,
        200
    );
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    for target in [
        "/api/search?q=a&page=999999999",
        "/?q=a&page=999999999",
        "/api/search?q=a&page=99999999999999999999999999",
        "/api/search?q=a&page=-1",
        "/api/search?q=a&per_page=0",
    ] {
        let (status, _) = get(port, target);
        assert_eq!(status, 400, "{target}");
    }
    // The CLI takes any query: the library bounds its work too.
    let searcher = gijiroku::index::search::Searcher::open(crate::web::samples_index()).unwrap();
    for query in [&negated, &phrases] {
        let start = Instant::now();
        let filters = gijiroku::index::search::Filters {
            limit: 10,
            ..Default::default()
        };
        let _ = searcher.search(query, &filters);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
    }
}

#[test]
fn the_agenda_history_cannot_starve_searches() {
    let port = server(Limits::default());
    let stop = Arc::new(AtomicBool::new(false));
    let target = format!(
        "/api/track/agenda?q={}",
        gijiroku::web::html::url_encode("支援")
    );
    let hammers: Vec<_> = (0..16)
        .map(|_| {
            let (stop, target) = (stop.clone(), target.clone());
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    statuses.push(get(port, &target).0);
                }
                statuses
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        let start = Instant::now();
        let (status, _) = get(
            port,
            &format!(
                "/api/search?q={}",
                gijiroku::web::html::url_encode("相談支援")
            ),
        );
        slowest = slowest.max(start.elapsed());
        assert_eq!(status, 200);
    }
    stop.store(true, Ordering::Relaxed);
    let statuses: Vec<u16> = hammers
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{:?}",
        statuses
            .iter()
            .filter(|s| **s != 200 && **s != 503)
            .collect::<Vec<_>>()
    );
    assert!(statuses.contains(&200));
    assert!(
        slowest < Duration::from_secs(5),
        "slowest search {slowest:?}"
    );
    eprintln!(
        "{} agenda requests ({} answered 503) beside 20 searches, slowest search {slowest:?}",
        statuses.len(),
        statuses.iter().filter(|s| **s == 503).count()
    );
}
