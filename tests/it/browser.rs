//! End to end: `gijiroku serve` over an index of the samples, driven by headless Chromium through
//! chromedriver (Debian's `chromium` and `chromium-driver`, installed by `scripts/setup.sh`).
//! A small WebDriver client over chromedriver's HTTP protocol; every wait is bounded; the server
//! and chromedriver are killed at the end, also on failure. Screenshots go to
//! `target/screenshots/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(20);

/// Kills the child process when dropped (the test may fail anywhere).
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Where a tool is: at `default`, else on `PATH`.
fn find_tool(name: &str, default: &str) -> Option<PathBuf> {
    [PathBuf::from(default)]
        .into_iter()
        .chain(
            std::env::var_os("PATH")
                .map(|p| {
                    std::env::split_paths(&p)
                        .map(|d| d.join(name))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        )
        .find(|p| p.is_file())
}

fn tool(name: &str, default: &str) -> PathBuf {
    find_tool(name, default).expect("checked when the test began")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; returns the status and the body.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to loopback");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{payload}",
        payload.len()
    )
    .unwrap();
    // Read the head, then as much body as it announces (chromedriver keeps connections open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).expect("read the response head");
        assert!(
            n > 0,
            "{method} {path}: connection closed before a response"
        );
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s.read(&mut buf).expect("read the response body");
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    if chunked {
        body = dechunk(&body);
    }
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
    out
}

/// A WebDriver session on chromedriver.
struct Browser {
    port: u16,
    session: String,
}

impl Browser {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("/session/{}{path}", self.session);
        let (status, text) = http(self.port, method, &url, body.as_ref());
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {text}"));
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_string()
    }

    /// The first element matching the CSS selector, waiting for it to appear.
    fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = format!("/session/{}/element", self.session);
            let body = json!({ "using": "css selector", "value": css });
            let (status, text) = http(self.port, "POST", &url, Some(&body));
            if status == 200 {
                let v: Value = serde_json::from_str(&text).unwrap();
                let obj = v["value"].as_object().expect("an element reference");
                return obj.values().next().unwrap().as_str().unwrap().to_string();
            }
            assert!(
                Instant::now() < deadline,
                "no element {css:?} within {WAIT:?} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn count(&self, css: &str) -> usize {
        self.call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )
        .as_array()
        .map(Vec::len)
        .unwrap_or(0)
    }

    fn text(&self, el: &str) -> String {
        self.call("GET", &format!("/element/{el}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn attr(&self, el: &str, name: &str) -> String {
        self.call("GET", &format!("/element/{el}/property/{name}"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn click(&self, el: &str) {
        self.call("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    fn type_into(&self, el: &str, text: &str) {
        self.call("POST", &format!("/element/{el}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn script(&self, js: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": js, "args": [] })),
        )
    }

    /// Presses a key (a WebDriver key code such as `\u{E004}` for Tab) on whatever has focus.
    fn press(&self, key: &str) {
        self.call(
            "POST",
            "/actions",
            Some(
                json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
                    { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }
                ]}]}),
            ),
        );
    }

    fn wait_until(&self, what: &str, f: impl Fn() -> bool) {
        let deadline = Instant::now() + WAIT;
        while !f() {
            assert!(Instant::now() < deadline, "{what}: not within {WAIT:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn window(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(|| {
            http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            )
        });
    }
}

fn screenshot_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"))
        .join("screenshots")
}

/// Starts `gijiroku serve` on a free loopback port; returns the guard and the base URL.
fn start_server(index: &Path) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(index)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start gijiroku serve");
    let stdout = child.stdout.take().unwrap();
    let guard = Killed(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(WAIT)
        .expect("gijiroku serve prints its address");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    (guard, url)
}

fn start_chromedriver() -> (Killed, u16) {
    let driver = tool("chromedriver", CHROMEDRIVER);
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let guard = Killed(child);
    let deadline = Instant::now() + WAIT;
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            let (status, body) = http(port, "GET", "/status", None);
            if status == 200 && body.contains("\"ready\":true") {
                break;
            }
        }
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (guard, port)
}

fn open_browser(port: u16) -> Browser {
    let chromium = tool("chromium", CHROMIUM);
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                     "--no-first-run", "--hide-scrollbars", "--window-size=1200,1600", "--lang=ja"]
        },
        "timeouts": { "pageLoad": 20000, "script": 10000, "implicit": 0 }
    }}});
    let (status, text) = http(port, "POST", "/session", Some(&caps));
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert_eq!(status, 200, "cannot start Chromium: {text}");
    Browser {
        port,
        session: v["value"]["sessionId"].as_str().unwrap().to_string(),
    }
}

#[test]
fn a_member_searches_opens_the_meeting_and_the_tracking_chart() {
    let tools = find_tool("chromium", CHROMIUM).is_some()
        && find_tool("chromedriver", CHROMEDRIVER).is_some();
    if !crate::have_tool(
        "a_member_searches_opens_the_meeting_and_the_tracking_chart",
        tools,
        &format!(
            "chromium or chromedriver is missing (looked at {CHROMIUM}, {CHROMEDRIVER} and on \
             PATH): the browser test needs Debian's chromium and chromium-driver; run \
             scripts/setup.sh"
        ),
    ) {
        return;
    }
    let index = tempfile::tempdir().unwrap();
    let report = gijiroku::pipeline::ingest(
        index.path(),
        &[
            crate::root().join("samples/minutes"),
            crate::root().join("samples/materials"),
        ],
        false,
        &|_| {},
    )
    .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let (_server, base) = start_server(index.path());
    let (_driver, port) = start_chromedriver();
    let b = open_browser(port);

    // The search page: the first Tab reaches the skip link (keyboard users).
    b.goto(&format!("{base}/"));
    let q = b.find("#q");
    b.press("\u{E004}");
    assert_eq!(
        b.script("return document.activeElement.textContent"),
        "本文へ移動"
    );
    // Type a query and submit with the button.
    b.type_into(&q, "重層的支援");
    b.click(&b.find("form.search button[type=submit]"));
    let first = b.find("ol.hits > li h3 a");
    assert!(b.url().contains("q=%E9%87%8D%E5%B1%A4"), "{}", b.url());
    assert!(b.count("ol.hits > li") >= 5, "several hits");
    let marked = b.text(&b.find("ol.hits > li mark"));
    assert_eq!(marked, "重層的支援");
    b.screenshot("search");

    // Follow the first hit to its entry in the meeting.
    let href = b.attr(&first, "href");
    assert!(href.contains("/meetings/") && href.contains("#L"), "{href}");
    b.click(&first);
    b.wait_until("the meeting page opens", || b.url().contains("/meetings/"));
    let title = b.text(&b.find("main h1"));
    assert!(title.contains("さくら台市"), "{title}");
    for section in [
        "#info",
        "#attendance",
        "#agenda",
        "#materials",
        "#proceedings",
    ] {
        b.find(section);
    }
    let target = b.find("ol.entries > li:target");
    assert!(
        b.text(&target).contains("重層的支援"),
        "the linked entry holds the query"
    );
    assert!(b.count("ol.entries > li:target mark") >= 1);
    b.screenshot("meeting");

    // The tracking page, reached from the navigation, with a figure's chart and table.
    b.click(&b.find("nav a[href='/track']"));
    let fq = b.find("#facts-q");
    b.type_into(&fq, "Libero ケース");
    b.click(&b.find("#unit option[value='件']"));
    b.click(&b.find("#facts button[type=submit]"));
    b.find("img#chart");
    b.wait_until("the chart loads", || {
        b.script(
            "const i = document.getElementById('chart'); return i.complete && i.naturalWidth > 0",
        ) == Value::Bool(true)
    });
    let rows = b.count("#facts-table tbody tr");
    assert!(rows >= 4, "Libero's case counts over the meetings: {rows}");
    let first_value = b.text(&b.find("#facts-table tbody tr td.num + td + td"));
    assert!(first_value.ends_with('件'), "{first_value}");
    b.screenshot("track");

    // The agenda history of the same page.
    let aq = b.find("#agenda-q");
    b.type_into(&aq, "重層的支援");
    b.click(&b.find("#agenda-history button[type=submit]"));
    b.find("#agenda-table tbody tr");
    b.wait_until("the agenda chart loads", || {
        b.script(
            "const i = document.getElementById('agenda-chart'); return i.complete && i.naturalWidth > 0",
        ) == Value::Bool(true)
    });
    assert!(b.count("#agenda-table tbody tr") >= 3);
    assert_eq!(
        b.count("img#chart"),
        1,
        "the figure's chart stays beside the history"
    );
    b.screenshot("track-agenda");

    // The 質疑応答 page from the navigation: questions with their answers, by meeting.
    b.click(&b.find("nav a[href='/qa']"));
    b.find("ol.qa > li.pair");
    assert!(b.count("ol.qa > li.pair") >= 10, "the samples' pairs");
    assert!(b.count("ol.qa > li.pair .said.kind-answer") >= 10);
    b.screenshot("qa");

    // The speakers, and one person's page: what 木下 said at both こども部会 meetings, one
    // roster giving the full name, the other the family name.
    b.click(&b.find("nav a[href='/speakers']"));
    let person = b.find("main table a[href^='/speakers/member']");
    b.wait_until("the speakers list", || b.count("main table tbody tr") >= 10);
    let kinoshita = b.script(
        "return [...document.querySelectorAll('main table a')].find(a => a.textContent === '木下 由美子').href",
    );
    let kinoshita = kinoshita
        .as_str()
        .expect("木下 由美子 on the list")
        .to_string();
    let _ = person;
    b.goto(&kinoshita);
    b.wait_until("the speaker page opens", || b.url().contains("/speakers/"));
    assert_eq!(b.text(&b.find("main h1")), "木下 由美子");
    assert!(b.count("main h2") >= 2, "two meetings");
    assert!(b.count("main ol.hits > li") >= 10, "her turns");
    b.click(&b.find("main ol.hits > li a[href*='/meetings/']"));
    b.wait_until("her turn in its meeting", || b.url().contains("#L"));
    assert!(
        b.text(&b.find("ol.entries > li:target"))
            .contains("木下部会長")
    );
    b.screenshot("speaker");

    // On a phone: one column, nothing wider than the screen.
    b.window(390, 844);
    b.goto(&format!("{base}/?q=Libero"));
    b.find("ol.hits > li");
    let overflow = b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1");
    assert_eq!(overflow, Value::Bool(true), "the page fits a phone's width");
    let path = b.screenshot("search-phone");
    assert!(path.is_file());
    // `href` is the first hit's absolute URL, on the same server.
    let meeting_url = href.clone();
    for (url, name) in [
        (meeting_url, "meeting-phone"),
        (
            format!(
                "{base}/track?facts=Libero&agenda=%E9%87%8D%E5%B1%A4%E7%9A%84%E6%94%AF%E6%8F%B4"
            ),
            "track-phone",
        ),
    ] {
        b.goto(&url);
        b.find("main h1");
        let fits = b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1");
        assert_eq!(fits, Value::Bool(true), "{url} fits a phone's width");
        b.screenshot(name);
    }
}
