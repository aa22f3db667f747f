//! A bounded loopback load test of `gijiroku serve`'s search (a measurement, not a test).
//!
//! ```text
//! cargo run --release --example loadtest -- [--clients 50] [--requests 200] [--index DIR] [--url http://127.0.0.1:8080]
//! ```
//!
//! Without `--url` it ingests `samples/` into a temporary index (or uses `--index DIR`) and
//! serves it in-process on a free loopback port. Then `--clients` threads, each on its own
//! keep-alive connection, send `--requests` searches back to back (no pause: the worst case for
//! a 2-core machine), cycling through queries taken from the samples, alternating the JSON API
//! and the HTML page. Prints the latency percentiles, the throughput and the errors.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "重層的支援",
    "Libero",
    "地域部会",
    "相談支援",
    "ヤングケアラー",
    "基幹相談支援センター",
    "会長",
    "緊急時",
    "8050",
    "こども 家庭",
    "\"地域生活支援拠点\"",
    "研修 -同行",
];

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn encode(s: &str) -> String {
    gijiroku::web::html::url_encode(s)
}

/// One keep-alive connection; `get` returns the status and the body length.
struct Conn {
    stream: TcpStream,
    host: String,
    buf: Vec<u8>,
}

impl Conn {
    fn open(host: &str) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(host)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn {
            stream,
            host: host.to_string(),
            buf: Vec::new(),
        })
    }

    fn get(&mut self, path: &str) -> std::io::Result<(u16, usize)> {
        write!(
            self.stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: keep-alive\r\n\r\n",
            self.host
        )?;
        let mut chunk = [0u8; 64 * 1024];
        let head_end = loop {
            if let Some(p) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).to_ascii_lowercase();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .ok_or_else(|| std::io::Error::other("no content-length"))?;
        while self.buf.len() < head_end + length {
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
        self.buf.drain(..head_end + length);
        Ok((status, length))
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let clients: usize = arg(&args, "--clients")
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let requests: usize = arg(&args, "--requests")
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
        .min(100_000);

    // The server: given, or in-process over an index of the samples.
    let mut _temp = None;
    let host = match arg(&args, "--url") {
        Some(url) => url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string(),
        None => {
            let index = match arg(&args, "--index") {
                Some(dir) => PathBuf::from(dir),
                None => {
                    let dir = tempfile::tempdir().expect("a temporary folder");
                    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
                    let t = Instant::now();
                    let report = gijiroku::pipeline::ingest(
                        dir.path(),
                        &[root.join("samples")],
                        false,
                        &|_| {},
                    )
                    .expect("ingest the samples");
                    eprintln!(
                        "indexed {} sample documents in {:.1} s",
                        report.added,
                        t.elapsed().as_secs_f64()
                    );
                    let path = dir.path().to_path_buf();
                    _temp = Some(dir);
                    path
                }
            };
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let opts = gijiroku::web::ServeOptions {
                    index,
                    addr: "127.0.0.1:0".parse().unwrap(),
                };
                if let Err(e) = gijiroku::web::serve(&opts, |addr| {
                    let _ = tx.send(addr);
                }) {
                    eprintln!("error: {}", gijiroku::error::chain(&e));
                }
            });
            let addr = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the server starts");
            addr.to_string()
        }
    };
    let paths: Vec<String> = QUERIES
        .iter()
        .enumerate()
        .map(|(i, q)| {
            if i % 2 == 0 {
                format!("/api/search?q={}", encode(q))
            } else {
                format!("/?q={}", encode(q))
            }
        })
        .collect();
    // Warm up: each query once (loads the catalog, touches the index's pages).
    let mut warm = Conn::open(&host).expect("connect");
    for p in &paths {
        let (status, _) = warm.get(p).expect("warm-up request");
        assert_eq!(status, 200, "{p}");
    }
    println!(
        "{clients} clients x {requests} searches each, back to back, on http://{host}/ \
         ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let host = host.clone();
            let paths = paths.clone();
            std::thread::spawn(move || {
                let mut times = Vec::with_capacity(requests);
                let mut errors = 0usize;
                let mut conn = Conn::open(&host).ok();
                for i in 0..requests {
                    let path = &paths[(c + i) % paths.len()];
                    let t = Instant::now();
                    let ok = match conn.as_mut().map(|k| k.get(path)) {
                        Some(Ok((200, _))) => true,
                        Some(Ok(_)) => false,
                        _ => {
                            conn = Conn::open(&host).ok();
                            false
                        }
                    };
                    if ok {
                        times.push(t.elapsed().as_secs_f64() * 1e3);
                    } else {
                        errors += 1;
                    }
                }
                (times, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in threads {
        let (times, e) = t.join().expect("a client thread");
        all.extend(times);
        errors += e;
    }
    let wall = start.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.total_cmp(b));
    if all.is_empty() {
        println!("no request succeeded ({errors} errors)");
        std::process::exit(1);
    }
    println!(
        "{} ok, {errors} errors in {wall:.2} s: {:.0} requests/s",
        all.len(),
        all.len() as f64 / wall
    );
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&all, 0.5),
        percentile(&all, 0.9),
        percentile(&all, 0.99),
        all[all.len() - 1]
    );
}
