//! The web page's router: pages, the JSON API, escaping, path traversal, limits, reloading.
//! Requests go through tower's `oneshot` (and, for raw request lines, a real loopback server).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gijiroku::pipeline::ingest;
use gijiroku::web::{App, router};
use tower::ServiceExt;

pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

struct Response {
    status: StatusCode,
    content_type: String,
    csp: String,
    body: String,
}

fn get(app: &Arc<App>, uri: &str) -> Response {
    runtime().block_on(async {
        let res = router(app.clone())
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let h = |name| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let (content_type, csp) = (h(header::CONTENT_TYPE), h(header::CONTENT_SECURITY_POLICY));
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
            .await
            .unwrap();
        Response {
            status,
            content_type,
            csp,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    })
}

fn json(app: &Arc<App>, uri: &str) -> (StatusCode, serde_json::Value) {
    let r = get(app, uri);
    assert!(
        r.content_type.starts_with("application/json"),
        "{uri}: {}",
        r.content_type
    );
    (r.status, serde_json::from_str(&r.body).unwrap())
}

pub(crate) fn samples_index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let report = ingest(
            dir.path(),
            &[
                crate::root().join("samples/minutes"),
                crate::root().join("samples/materials"),
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

fn samples() -> Arc<App> {
    App::new(samples_index())
}

fn q(s: &str) -> String {
    gijiroku::web::html::url_encode(s)
}

/// The id of the sample whose file name starts with `prefix`.
fn id_of(prefix: &str) -> String {
    let (_, v) = json(&samples(), "/api/meetings");
    v.as_array()
        .unwrap()
        .iter()
        .find(|m| {
            Path::new(m["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(prefix)
        })
        .unwrap_or_else(|| panic!("no sample {prefix}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_search_page_shows_marked_snippets_linking_to_the_entry() {
    let r = get(&samples(), &format!("/?q={}", q("重層的支援")));
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    assert!(r.body.contains("<html lang=\"ja\">"));
    assert!(r.body.contains("「重層的支援」の検索結果"));
    assert!(r.body.contains("<mark>重層的支援</mark>"));
    // The query stays in the box, and each hit links to its entry's line in its meeting.
    assert!(r.body.contains("value=\"重層的支援\""));
    let link = regex::Regex::new(r##"href="/meetings/([0-9a-f]{12})\?q=[^"#]+#L(\d+)""##).unwrap();
    let c = link.captures(&r.body).expect("a hit linking to an entry");
    let (id, line) = (c[1].to_string(), c[2].to_string());
    let meeting = get(&samples(), &format!("/meetings/{id}?q={}", q("重層的支援")));
    assert_eq!(meeting.status, StatusCode::OK);
    let entry = format!("<li id=\"L{line}\"");
    let at = meeting.body.find(&entry).expect("the entry has its anchor");
    let li = &meeting.body[at..at + meeting.body[at..].find("</li>").unwrap()];
    assert!(li.contains("<mark>重層的支援</mark>"), "{li}");
}

#[test]
fn search_filters_match_the_cli() {
    let app = samples();
    let (status, v) = json(
        &app,
        &format!(
            "/api/search?q={}&kind=question&body={}&per_page=100",
            q("Libero"),
            q("全体会")
        ),
    );
    assert_eq!(status, StatusCode::OK, "{v}");
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert_eq!(h["kind"], "question");
        assert_eq!(h["body"], "全体会");
    }
    // The same search as the library gives, in the same order.
    let s = gijiroku::index::search::Searcher::open(samples_index()).unwrap();
    let lib = s
        .search(
            "Libero",
            &gijiroku::index::search::Filters {
                kind: Some(gijiroku::record::EntryKind::Question),
                body: Some("全体会".into()),
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap();
    // The strict hits: the fallback's depend on how many are asked for.
    let ids = |it: Vec<(String, u64)>| it;
    assert_eq!(
        ids(hits
            .iter()
            .filter(|h| h["fallback"] == false)
            .map(|h| (
                h["meeting_id"].as_str().unwrap().to_string(),
                h["line"].as_u64().unwrap()
            ))
            .collect()),
        ids(lib
            .iter()
            .filter(|h| !h.fallback)
            .map(|h| (h.meeting_id.clone(), h.line.unwrap()))
            .collect())
    );
    // Dates and speaker.
    let (_, v) = json(
        &app,
        &format!(
            "/api/search?q={}&from=2024-04-01&to=2024-12-31&speaker={}",
            q("支援"),
            q("事務局")
        ),
    );
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        let d = h["date"].as_str().unwrap();
        assert!(("2024-04-01"..="2024-12-31").contains(&d), "{d}");
        assert!(h["speaker"].as_str().unwrap().contains("事務局"));
    }
    // The page's filter form offers the councils and bodies of the index.
    let r = get(
        &app,
        &format!("/?q={}&body={}", q("支援"), q("相談支援部会")),
    );
    assert!(
        r.body
            .contains("<option value=\"相談支援部会\" selected>相談支援部会</option>")
    );
    assert!(r.body.contains("<details open>"));
}

#[test]
fn pages_of_results_follow_each_other() {
    let app = samples();
    let all = json(&app, &format!("/api/search?q={}&per_page=100", q("支援"))).1;
    let all = all["hits"].as_array().unwrap().clone();
    assert!(all.len() > 10, "enough hits to page: {}", all.len());
    let p1 = json(&app, &format!("/api/search?q={}&per_page=5", q("支援"))).1;
    let p2 = json(
        &app,
        &format!("/api/search?q={}&per_page=5&page=2", q("支援")),
    )
    .1;
    assert_eq!(p1["has_more"], true);
    assert_eq!(p2["page"], 2);
    let key = |h: &serde_json::Value| format!("{}:{}", h["meeting_id"], h["line"]);
    let got: Vec<String> = p1["hits"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["hits"].as_array().unwrap())
        .map(key)
        .collect();
    let want: Vec<String> = all[..10].iter().map(key).collect();
    assert_eq!(got, want);
    // The page links to the next one and keeps the filters.
    let r = get(&app, &format!("/?q={}&kind=opinion", q("支援")));
    assert!(
        r.body.contains(&format!(
            "href=\"/?q={}&amp;kind=opinion&amp;page=2\" rel=\"next\"",
            q("支援")
        )),
        "a next link"
    );
    assert!(r.body.contains("1〜20 件目を表示"));
    let r = get(&app, &format!("/?q={}&kind=opinion&page=2", q("支援")));
    assert!(r.body.contains("21〜"), "the second page counts on");
    assert!(r.body.contains("rel=\"prev\""));
}

#[test]
fn bad_requests_get_a_clear_answer_and_counts_are_capped() {
    let app = samples();
    // Dates as typed are read; impossible ones are refused.
    let typed = json(&app, &format!("/api/search?q={}&from=2024/4/1", q("支援"))).1;
    let iso = json(
        &app,
        &format!("/api/search?q={}&from=2024-04-01", q("支援")),
    )
    .1;
    assert_eq!(typed["hits"], iso["hits"]);
    assert!(!iso["hits"].as_array().unwrap().is_empty());
    let (s, v) = json(
        &app,
        &format!("/api/search?q={}&from=2024/13/01", q("支援")),
    );
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("YYYY-MM-DD"), "{v}");
    let (s, v) = json(&app, &format!("/api/search?q={}&kind=shout", q("支援")));
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("発言の種類"));
    let (s, _) = json(&app, "/api/search");
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = json(&app, &format!("/api/search?q={}&page=0", q("支援")));
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    // At most 100 a page, and no page beyond the 1,000th hit.
    let (s, v) = json(&app, &format!("/api/search?q={}&per_page=100000", q("の")));
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["per_page"], 100);
    assert!(v["hits"].as_array().unwrap().len() <= 100);
    let (s, _) = json(
        &app,
        &format!("/api/search?q={}&per_page=100&page=11", q("の")),
    );
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // Parameters that cannot be read (given twice): a Japanese page, a JSON error.
    let r = get(&app, "/?q=a&q=b");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("アドレスの条件を読み取れませんでした"),
        "{}",
        r.body
    );
    let (s, _) = json(&app, "/api/search?q=a&q=b");
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // The page shows the form again, with the query kept and what is wrong.
    let r = get(&app, &format!("/?q={}&to=2024/13/01", q("重層")));
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("role=\"alert\">期間（まで）の日付 &quot;2024/13/01&quot; は YYYY-MM-DD"),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"q\" name=\"q\" value=\"重層\""));
    let long = "あ".repeat(gijiroku::web::MAX_QUERY_CHARS + 1);
    let r = get(&app, &format!("/?q={}", q(&long)));
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("検索語が長すぎます"));
    let r = get(
        &app,
        &format!("/?q={}", "a".repeat(gijiroku::web::MAX_URI_BYTES)),
    );
    assert_eq!(r.status, StatusCode::URI_TOO_LONG);
}

#[test]
fn the_meeting_page_shows_header_attendance_agenda_materials_proceedings_and_facts() {
    let app = samples();
    let id = id_of("2024-05-27_zentaikai");
    let r = get(&app, &format!("/meetings/{id}"));
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    for needle in [
        "<dt>協議会</dt><dd>さくら台市障害者支援協議会</dd>",
        "<dt>会議体</dt><dd>全体会</dd>",
        "2024-05-27（月）",
        "<h2>出席者</h2>",
        "<h2>議題</h2>",
        "<h2>配布資料</h2>",
        "<h2>議事</h2>",
        "<strong>資料3-2</strong> 重層的支援体制整備事業実施計画（令和6年度）概要版",
        "class=\"tag kind\">意見</span>",
        "数値（",
        "令和5年度は部会を3回開催した。",
    ] {
        assert!(b.contains(needle), "the meeting page shows {needle:?}");
    }
    // The material handed out links to its indexed document, which links back.
    let material = id_of("2024-05-27_shiryo3-2");
    assert!(b.contains(&format!(
        "<a href=\"/meetings/{material}\">資料の本文を開く</a>"
    )));
    let m = get(&app, &format!("/meetings/{material}"));
    assert_eq!(m.status, StatusCode::OK);
    assert!(
        m.body
            .contains(&format!("<a href=\"/meetings/{id}#materials\">"))
    );
    assert!(m.body.contains("<h2>本文</h2>"));
    // The agenda cites the material by its anchor in the list.
    assert!(b.contains("<a href=\"#m-6\">資料3-2</a>"));
    // JSON beside it, the same record as the library's.
    let (s, v) = json(&app, &format!("/api/meetings/{}", id.to_uppercase()));
    assert_eq!(s, StatusCode::OK);
    let record = gijiroku::index::search::Searcher::open(samples_index())
        .unwrap()
        .record(&id)
        .unwrap();
    assert_eq!(v, serde_json::to_value(&record).unwrap());
    // The list of meetings links to each.
    let list = get(&app, "/meetings");
    assert!(list.body.contains(&format!("<a href=\"/meetings/{id}\">")));
    let (_, all) = json(&app, "/api/meetings");
    assert_eq!(all.as_array().unwrap().len(), 14);
}

#[test]
fn the_tracking_page_has_the_chart_and_the_tables() {
    let app = samples();
    let r = get(&app, &format!("/track?facts=Libero&unit={}", q("件")));
    assert_eq!(r.status, StatusCode::OK);
    let svg_src = format!("/api/track/facts.svg?q=Libero&amp;unit={}", q("件"));
    assert!(
        r.body
            .contains(&format!("<img id=\"chart\" src=\"{svg_src}\""))
    );
    let (s, points) = json(&app, &format!("/api/track/facts?q=Libero&unit={}", q("件")));
    assert_eq!(s, StatusCode::OK);
    let points = points.as_array().unwrap();
    assert!(points.len() >= 4, "{points:?}");
    // One table row per point, in the same order, with the value as printed.
    let rows = r.body.matches("<tr><td class=\"num\">").count();
    assert_eq!(rows, points.len());
    for p in points {
        let value = format!("{}件", p["value"].as_f64().unwrap() as i64);
        assert!(
            r.body.contains(&format!("<td class=\"num\">{value}</td>")),
            "{value}"
        );
    }
    let svg = get(&app, &svg_src.replace("&amp;", "&"));
    assert_eq!(svg.status, StatusCode::OK);
    assert!(svg.content_type.starts_with("image/svg+xml"));
    assert!(
        svg.body.contains("<svg") && svg.body.contains("<polyline"),
        "{}",
        &svg.body[..200.min(svg.body.len())]
    );
    // The agenda history.
    let r = get(&app, &format!("/track?agenda={}", q("重層的支援")));
    let (_, history) = json(&app, &format!("/api/track/agenda?q={}", q("重層的支援")));
    let history = history.as_array().unwrap();
    assert!(history.len() >= 3);
    assert!(
        r.body
            .contains(&format!("{} 回の会議で取り上げられました", history.len()))
    );
    assert_eq!(
        r.body.matches("<tr><td class=\"num\">").count(),
        history.len()
    );
    assert!(r.body.contains(&format!(
        "<img id=\"agenda-chart\" src=\"/api/track/agenda.svg?q={}\"",
        q("重層的支援")
    )));
    let svg = get(
        &app,
        &format!("/api/track/agenda.svg?q={}", q("重層的支援")),
    );
    assert!(svg.content_type.starts_with("image/svg+xml"));
    // One point per meeting: the entries said under the item there.
    let records = gijiroku::index::search::Searcher::open(samples_index())
        .unwrap()
        .records()
        .unwrap();
    let series = gijiroku::track::agenda_series(&gijiroku::track::agenda(&records, "重層的支援"));
    let meetings: std::collections::BTreeSet<&str> = history
        .iter()
        .map(|h| h["meeting_id"].as_str().unwrap())
        .collect();
    assert_eq!(series.len(), meetings.len());
    for p in &series {
        let most = history
            .iter()
            .filter(|h| h["meeting_id"] == p.meeting_id.as_str())
            .map(|h| {
                h["entries_by_kind"]
                    .as_object()
                    .unwrap()
                    .values()
                    .map(|v| v.as_u64().unwrap())
                    .sum::<u64>()
            })
            .max()
            .unwrap();
        assert_eq!(p.value, most as f64);
    }
    assert!(svg.body.contains("<svg"));
    let (s, _) = json(&app, "/api/track/facts");
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

/// Minutes whose text is full of markup and paths: all of it must show as text.
const HOSTILE: &str =
    "令和６年度（2024年度）第９回 みどり町障害者支援協議会全体会 会議概要 <script>alert(1)</script>

開 催 日 時　令和６年(2024年) 6月 3日(月) 午後２時 00分～午後３時 00分
開 催 場 所　みどり町役場 ../../etc/passwd 会議室
出席者　◎山田、○佐藤、鈴木、（欠席：<b>高橋</b>）
協 議 事 項
1. 開会
2. <script>alert(1)</script>の取扱いについて（資料 1）
配 布 資 料
・（資料 1）../../etc/passwd と <script>alert(1)</script> の一覧
会 議 概 要
1. 開会
2. <script>alert(1)</script>の取扱いについて
《事務局より》
・<script>alert(1)</script> と ../../etc/passwd が書かれた資料を説明した。
・相談は<i>速報値</i>で５件であった。
〔委員からの主な意見等〕
・<img src=x onerror=alert(2)> のような記載は文字として表示すべきである。
⇒了承。
以上
";

fn hostile_index() -> (tempfile::TempDir, tempfile::TempDir, String) {
    let docs = tempfile::tempdir().unwrap();
    let file = docs.path().join("2024-06-03_hostile_summary.txt");
    std::fs::write(&file, HOSTILE).unwrap();
    let index = tempfile::tempdir().unwrap();
    let report = ingest(index.path(), std::slice::from_ref(&file), false, &|_| {}).unwrap();
    assert!(report.failed.is_empty());
    let id = gijiroku::pipeline::read(&file).unwrap().id();
    (docs, index, id)
}

fn assert_inert(uri: &str, body: &str) {
    // The page's own markup has no script, b or i element, and one img: the chart.
    let lower = body
        .replace("<img id=\"chart\" src=\"/api/track/facts.svg?", "")
        .replace("<img id=\"agenda-chart\" src=\"/api/track/agenda.svg?", "")
        .to_lowercase();
    for raw in ["<script", "<img", "<b>", "<i>"] {
        assert!(
            !lower.contains(raw),
            "{uri}: {raw:?} came through unescaped"
        );
    }
}

#[test]
fn document_text_is_escaped_everywhere() {
    let (_docs, index, id) = hostile_index();
    let app = App::new(index.path());
    let pages = [
        format!("/?q={}", q("alert")),
        format!("/?q={}", q("<script>")),
        format!("/?q={}&speaker={}", q("passwd"), q("<b>")),
        format!("/meetings/{id}"),
        format!("/meetings/{id}?q={}", q("<script>alert(1)</script>")),
        "/meetings".to_string(),
        format!("/track?facts={}", q("相談")),
        format!("/track?facts={}", q("<script>")),
        format!("/track?agenda={}", q("取扱い")),
        "/qa".to_string(),
        format!("/qa?q={}", q("alert")),
        format!("/qa?speaker={}", q("<b>")),
        "/speakers".to_string(),
    ];
    for uri in &pages {
        let r = get(&app, uri);
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_inert(uri, &r.body);
        assert!(r.csp.contains("default-src 'none'"), "{uri}: {}", r.csp);
    }
    // The text is there, as text.
    let r = get(&app, &format!("/meetings/{id}"));
    assert!(r.body.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; と ../../etc/passwd が書かれた資料を説明した。"
    ));
    assert!(
        r.body
            .contains("&lt;img src=x onerror=alert(2)&gt; のような記載")
    );
    assert!(r.body.contains("<td>&lt;b&gt;高橋&lt;/b&gt;</td>"));
    assert!(r.body.contains("みどり町役場 ../../etc/passwd 会議室"));
    let r = get(&app, &format!("/?q={}", q("alert")));
    assert!(
        r.body
            .contains("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;")
    );
    // The chart escapes too, and the JSON keeps the text as it is.
    let svg = get(&app, &format!("/api/track/facts.svg?q={}", q("相談")));
    assert_eq!(svg.status, StatusCode::OK);
    assert!(
        !svg.body.contains("<i>") && !svg.body.contains("<script"),
        "{}",
        svg.body
    );
    let (_, v) = json(&app, &format!("/api/meetings/{id}"));
    assert!(
        v["meeting"]["venue"]
            .as_str()
            .unwrap()
            .contains("../../etc/passwd")
    );
}

/// Bodies that would mean a file outside the index was served.
fn assert_no_file(uri: &str, status: StatusCode, body: &str) {
    assert_ne!(status, StatusCode::OK, "{uri} answered 200");
    assert!(!body.contains("root:"), "{uri} served /etc/passwd");
    assert!(!body.contains("[package]"), "{uri} served Cargo.toml");
    assert!(
        !body.contains("\"segments\""),
        "{uri} served the index's meta.json"
    );
}

const TRAVERSALS: &[&str] = &[
    "/../../etc/passwd",
    "/meetings/../../../../etc/passwd",
    "/meetings/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/meetings/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/api/meetings/..%2F..%2FCargo.toml",
    "/api/meetings/....%2F%2F....%2F%2Fetc%2Fpasswd",
    "/static/../../etc/passwd",
    "/style.css/../../../etc/passwd",
    "/tantivy/meta.json",
    "/index/tantivy/meta.json",
    "/aliases.json",
    "/meetings/%00",
    "/api/track/facts.svg/../../../../etc/passwd",
    "/meetings/samples%2Fminutes%2F2024-05-27_zentaikai_summary.txt",
    "/meetings/..%5C..%5Cetc%5Cpasswd",
];

#[test]
fn no_route_serves_a_file_outside_the_index() {
    let (docs, index, _id) = hostile_index();
    let app = App::new(index.path());
    let file = docs.path().join("2024-06-03_hostile_summary.txt");
    let mut uris: Vec<String> = TRAVERSALS.iter().map(|s| s.to_string()).collect();
    // A document's own path is not an id either.
    uris.push(format!("/meetings/{}", q(&file.display().to_string())));
    uris.push(format!("/api/meetings/{}", q(&file.display().to_string())));
    for uri in &uris {
        let r = get(&app, uri);
        assert_no_file(uri, r.status, &r.body);
        assert!(
            !r.body.contains("みどり町役場"),
            "{uri} served the document"
        );
    }
    // Through a real server too, with the request line as sent (no client normalizes it).
    let port = runtime().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = App::new(index.path());
        tokio::spawn(gijiroku::web::accept(
            listener,
            router(app),
            gijiroku::web::HEADER_TIMEOUT,
        ));
        port
    });
    for uri in TRAVERSALS {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            s,
            "GET {uri} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let text = String::from_utf8_lossy(&out);
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse::<u16>().ok())
            .unwrap_or(0);
        assert_no_file(
            uri,
            StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            &text,
        );
    }
}

#[test]
fn ids_are_twelve_hex_digits_and_unknown_ones_are_404() {
    let app = samples();
    for (uri, status) in [
        ("/meetings/0123456789ab", StatusCode::NOT_FOUND),
        ("/meetings/0123456789abc", StatusCode::NOT_FOUND),
        ("/meetings/ghijklmnopqr", StatusCode::NOT_FOUND),
        ("/api/meetings/0123456789ab", StatusCode::NOT_FOUND),
        ("/nowhere", StatusCode::NOT_FOUND),
    ] {
        let r = get(&app, uri);
        assert_eq!(r.status, status, "{uri}");
    }
    let r = get(&app, "/meetings/0123456789ab");
    assert!(
        r.body
            .contains("ID 0123456789ab の会議は索引にありません。")
    );
    let (_, v) = json(&app, "/api/nowhere");
    assert_eq!(v["error"], "このアドレスのページはありません。");
}

#[test]
fn a_new_ingest_shows_without_a_restart_and_no_index_is_explained() {
    let index = tempfile::tempdir().unwrap();
    let app = App::new(index.path());
    // Before any ingest: the page says what to do, the API answers 503.
    let r = get(&app, "/");
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("索引がまだありません"));
    let (s, v) = json(&app, "/api/search?q=Libero");
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{v}");

    let minutes: PathBuf = crate::root().join("samples/minutes");
    ingest(
        index.path(),
        &[minutes.join("2023-07-12_soudanshien_verbatim.txt")],
        false,
        &|_| {},
    )
    .unwrap();
    let count = |app: &Arc<App>| {
        json(
            app,
            &format!("/api/search?q={}&per_page=100", q("ヤングケアラー")),
        )
        .1["hits"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    let (_, list) = json(&app, "/api/meetings");
    assert_eq!(list.as_array().unwrap().len(), 1);
    let before = count(&app);
    // A second meeting is ingested while the server runs.
    ingest(
        index.path(),
        &[
            minutes.join("2024-11-18_kodomo_verbatim.txt"),
            minutes.join("2023-07-12_soudanshien_verbatim.txt"),
        ],
        false,
        &|_| {},
    )
    .unwrap();
    // The first request after the commit is answered from the state before it, while the new
    // one loads beside it; the new meeting is listed once it is swapped in.
    let (_, list) = json(&app, "/api/meetings");
    let mut listed = list.as_array().unwrap().len();
    assert!(listed == 1 || listed == 2, "{listed}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while listed != 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        listed = json(&app, "/api/meetings").1.as_array().unwrap().len();
    }
    assert_eq!(listed, 2, "the new meeting is listed");
    let direct = gijiroku::index::search::Searcher::open(index.path())
        .unwrap()
        .search(
            "ヤングケアラー",
            &gijiroku::index::search::Filters {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap()
        .len();
    assert_eq!(before, 0, "not in the first meeting");
    assert!(direct >= 1, "{direct}");
    assert_eq!(
        count(&app),
        direct,
        "the server sees what a fresh searcher sees"
    );
}

#[test]
fn a_hit_in_a_material_names_the_meeting_it_was_handed_out_at() {
    let app = samples();
    let minutes = id_of("2025-02-17_zentaikai");
    let r = get(&app, &format!("/?q={}", q("Libero さくら 活動状況")));
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(&format!(
            "配布された会議: <a href=\"/meetings/{minutes}#materials\">2025-02-17 "
        )),
        "{}",
        &r.body[r.body.find("<ol class=\"hits\"").unwrap_or(0)..][..2000.min(r.body.len())]
    );
}

#[test]
fn a_client_that_never_finishes_its_request_is_disconnected() {
    let port = runtime().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(gijiroku::web::accept(
            listener,
            router(samples()),
            std::time::Duration::from_millis(300),
        ));
        port
    });
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let start = std::time::Instant::now();
    write!(s, "GET /?q=Libero HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let mut out = Vec::new();
    // The server closes the connection (with or without a 408) well before our 10 s.
    let _ = s.read_to_end(&mut out);
    let waited = start.elapsed();
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    assert!(!String::from_utf8_lossy(&out).contains("200 OK"));
    // A complete request on a new connection is still answered.
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET /api/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200 OK"));
}

/// Every file under `dir` with its size and modification time.
fn listing(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            if m.is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), m.len(), m.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn serving_leaves_the_index_as_it_was() {
    let index = tempfile::tempdir().unwrap();
    ingest(
        index.path(),
        &[crate::root().join("samples/minutes")],
        false,
        &|_| {},
    )
    .unwrap();
    let before = listing(index.path());
    let app = App::new(index.path());
    let id = json(&app, "/api/meetings").1[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for uri in [
        format!("/?q={}", q("重層的支援")),
        format!("/api/search?q={}&kind=opinion", q("支援")),
        format!("/meetings/{id}"),
        format!("/api/meetings/{id}"),
        "/meetings".to_string(),
        format!("/track?facts=Libero&agenda={}", q("重層的支援")),
        "/api/track/facts.svg?q=Libero".to_string(),
    ] {
        assert_eq!(get(&app, &uri).status, StatusCode::OK, "{uri}");
    }
    assert_eq!(
        listing(index.path()),
        before,
        "no file of the index changed"
    );
}

#[test]
fn questions_show_their_answers_on_the_search_and_qa_pages() {
    // A hit on a question shows its answer beneath it, and a hit on an answer its question.
    let r = get(
        &samples(),
        &format!("/?q={}&kind=question", q("Liberoさくらの増員")),
    );
    assert_eq!(r.status, StatusCode::OK);
    let at = r
        .body
        .find("<div class=\"pair\">")
        .expect("the pair beneath the hit");
    assert!(
        r.body[at..].contains("多機関協働の中心となる会議の運営"),
        "{}",
        r.body
    );
    let (_, v) = json(
        &samples(),
        &format!("/api/search?q={}&kind=answer", q("多機関協働の中心")),
    );
    let hit = &v["hits"][0];
    assert_eq!(hit["kind"], "answer");
    assert!(
        hit["question"]["text"]
            .as_str()
            .unwrap()
            .contains("Liberoさくらの増員")
    );
    // The 質疑応答 page, linked from the navigation: every pair by meeting, or for a query.
    let all = get(&samples(), "/qa");
    assert_eq!(all.status, StatusCode::OK);
    assert!(
        all.body
            .contains("<a href=\"/qa\" aria-current=\"page\">質疑応答</a>")
    );
    assert!(
        all.body
            .contains("受講者の募集は、どのように行うのでしょうか。")
    );
    assert!(all.body.contains("市内の相談支援事業所の連絡会を通じて"));
    let found = get(&samples(), &format!("/qa?q={}", q("受講者の募集")));
    assert!(
        found.body.contains("連絡会を通じて、８月中に募集"),
        "{}",
        found.body
    );
    assert!(!found.body.contains("障害種別ごとの内訳は"));
    // On the meeting page an answer links to its question, and a bare role names the person.
    let id = id_of("2024-05-27_zentaikai");
    let m = get(&samples(), &format!("/meetings/{id}"));
    assert!(
        m.body
            .contains("<a class=\"reply\" href=\"#L97\">↑ 97 行目の質問への回答</a>"),
        "{}",
        m.body
    );
    // The chair's label, with the roster's name, linking to the chair's page.
    let chair = regex::Regex::new(
        r#"<strong class="speaker"><a href="/speakers/[^"]+">会長（高田）</a></strong>"#,
    )
    .unwrap();
    assert!(chair.is_match(&m.body), "{}", m.body);
    let bad = get(&samples(), "/qa?meeting=nothex");
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
}

#[test]
fn speakers_are_people_with_a_page_each() {
    let list = get(&samples(), "/speakers");
    assert_eq!(list.status, StatusCode::OK);
    let link = regex::Regex::new(r#"<a href="(/speakers/[^"]+)">木下 由美子</a>"#).unwrap();
    let href = link.captures(&list.body).expect("木下 on the list")[1].to_string();
    let page = get(&samples(), &href);
    assert_eq!(page.status, StatusCode::OK, "{href}");
    // Both meetings of the こども部会: one roster gives the full name, the other the family name.
    assert!(page.body.contains("<h1>木下 由美子</h1>"), "{}", page.body);
    assert!(page.body.matches("こどもと家庭の連携部会").count() >= 2);
    // Each meeting of the こども部会 links 木下部会長's turns to that page, under either name.
    for prefix in ["2023-11-20_kodomo", "2024-11-18_kodomo"] {
        let meeting = get(&samples(), &format!("/meetings/{}", id_of(prefix)));
        let turn = format!("<strong class=\"speaker\"><a href=\"{href}\">木下部会長");
        assert!(meeting.body.contains(&turn), "{prefix}: no link to {href}");
    }
    assert_eq!(
        get(&samples(), "/speakers/member%3A%E7%84%A1").status,
        StatusCode::NOT_FOUND
    );
    // `speaker` on the search matches the person, whatever the label.
    let (_, v) = json(
        &samples(),
        &format!("/api/search?speaker={}&per_page=100", q("木下由美子")),
    );
    let hits = v["hits"].as_array().unwrap();
    let dates: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert!(dates.len() >= 2, "{dates:?}");
    assert!(hits.iter().all(|h| h["speaker"] == "木下部会長"));
}
