//! Saved searches: `watch add` / `watch run` report exactly what was ingested between two runs,
//! and the web page serves each as an Atom feed that an independent parser reads.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gijiroku::index::search::{Filters, MAX_LIMIT, Match, Searcher, Sort};
use gijiroku::web::{App, router};
use tower::ServiceExt;

fn gijiroku(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "gijiroku {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Copies sample minutes into `to`.
fn copy(files: &[std::path::PathBuf], to: &Path) {
    for rel in files {
        std::fs::copy(crate::root().join(rel), to.join(rel.file_name().unwrap())).unwrap();
    }
}

/// What names a block (`Hit::key`), from a hit's JSON.
fn key_of(h: &serde_json::Value) -> String {
    let place = match (h["block"].as_u64(), h["agenda_ref"].as_str()) {
        (Some(b), _) => b.to_string(),
        (None, Some(a)) => a.to_string(),
        (None, None) => h["line"].as_u64().unwrap_or(0).to_string(),
    };
    format!(
        "{}/{}/{place}",
        h["meeting_id"].as_str().unwrap(),
        h["doc_type"].as_str().unwrap()
    )
}

fn keys_of_run(v: &serde_json::Value) -> BTreeSet<String> {
    let hits = v["hits"].as_array().unwrap();
    let keys: BTreeSet<String> = hits.iter().map(key_of).collect();
    assert_eq!(keys.len(), hits.len(), "no block reported twice");
    keys
}

/// The hits a watch should report for the files in `new`: the same search over the whole
/// index (strict and every-word matches), kept to the blocks of those files.
fn expected(
    index: &Path,
    query: &str,
    filters: Filters,
    new: &BTreeSet<String>,
) -> BTreeSet<String> {
    let s = Searcher::open(index).unwrap();
    let all = Filters {
        limit: MAX_LIMIT,
        ..filters
    };
    s.search_sorted(query, &all, Sort::DateDesc)
        .unwrap()
        .into_iter()
        .filter(|h| matches!(h.matched, Match::All | Match::Words))
        .filter(|h| {
            let name = Path::new(&h.path).file_name().unwrap().to_string_lossy();
            new.contains(name.as_ref())
        })
        .map(|h| h.key())
        .collect()
}

fn fetch(app: &Arc<App>, uri: &str) -> (StatusCode, String, String) {
    crate::web::runtime().block_on(async {
        let res = router(app.clone())
            .oneshot(
                Request::get(uri)
                    .header(header::HOST, "127.0.0.1:8080")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = res.status();
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
            .await
            .unwrap();
        (status, ct, String::from_utf8(bytes.to_vec()).unwrap())
    })
}

#[test]
fn a_run_reports_exactly_what_was_ingested_since_the_last_run_and_the_feed_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, index) = (tmp.path().join("in"), tmp.path().join("index"));
    std::fs::create_dir(&input).unwrap();
    let idx = index.to_str().unwrap();
    let minutes = crate::sample_minutes();
    let (first, second) = minutes.split_at(minutes.len() / 2);

    copy(first, &input);
    gijiroku(&["ingest", input.to_str().unwrap(), "--index", idx]);
    let added = stdout(&gijiroku(&[
        "watch", "add", "libero", "Libero", "--index", idx,
    ]));
    assert!(added.contains("saved \"libero\""), "{added}");
    gijiroku(&[
        "watch",
        "add",
        "sodan-questions",
        "相談支援",
        "--kind",
        "question",
        "--index",
        idx,
    ]);
    let listed = stdout(&gijiroku(&["watch", "list", "--index", idx]));
    assert!(
        listed.contains("libero  \"Libero\"") && listed.contains("--kind question"),
        "{listed}"
    );

    // Nothing was ingested since the watches were saved: a run says nothing.
    assert_eq!(stdout(&gijiroku(&["watch", "run", "--index", idx])), "");

    copy(second, &input);
    gijiroku(&["ingest", input.to_str().unwrap(), "--index", idx]);
    let new: BTreeSet<String> = second
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let run: serde_json::Value = serde_json::from_str(&stdout(&gijiroku(&[
        "watch", "run", "--json", "--index", idx,
    ])))
    .unwrap();
    let runs = run.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    let libero = keys_of_run(&runs[0]);
    assert!(!libero.is_empty(), "the new minutes mention Libero");
    assert_eq!(
        libero,
        expected(&index, "Libero", Filters::default(), &new),
        "exactly the Libero blocks of the files ingested since"
    );
    let questions = keys_of_run(&runs[1]);
    assert_eq!(
        questions,
        expected(
            &index,
            "相談支援",
            Filters {
                kind: Some(gijiroku::record::EntryKind::Question),
                ..Filters::default()
            },
            &new
        )
    );
    assert!(
        !questions.is_empty(),
        "a question on 相談支援 is among the new minutes"
    );
    for h in runs[1]["hits"].as_array().unwrap() {
        assert_eq!(h["kind"], "question");
    }
    assert!(runs[0]["watch"]["last_run"].is_string());

    // Seen now: the next run reports nothing, and the text output is empty too.
    let again: serde_json::Value = serde_json::from_str(&stdout(&gijiroku(&[
        "watch", "run", "--json", "--index", idx,
    ])))
    .unwrap();
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["hits"].as_array().unwrap().is_empty()),
        "{again}"
    );

    // A file that changes is ingested again: its blocks are what is new.
    let changed = first
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut text = std::fs::read_to_string(input.join(&changed)).unwrap();
    text.push_str("\n（追記）Liberoさくらの関わるケースの件数は、次回の全体会で報告する。\n");
    std::fs::write(input.join(&changed), text).unwrap();
    gijiroku(&["ingest", input.to_str().unwrap(), "--index", idx]);
    let run: serde_json::Value = serde_json::from_str(&stdout(&gijiroku(&[
        "watch", "run", "libero", "--json", "--index", idx,
    ])))
    .unwrap();
    let only_changed = BTreeSet::from([changed]);
    let libero_changed = keys_of_run(&run[0]);
    assert!(!libero_changed.is_empty());
    assert_eq!(
        libero_changed,
        expected(&index, "Libero", Filters::default(), &only_changed)
    );
    let printed = stdout(&gijiroku(&["watch", "run", "--index", idx]));
    assert_eq!(printed, "", "seen: nothing new");

    // The feed: the newest hits, as Atom, read by feed-rs.
    let app = App::new(&index);
    let (status, ct, body) = fetch(&app, "/feeds/libero.atom");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(ct.starts_with("application/atom+xml"), "{ct}");
    let feed = feed_rs::parser::parse(body.as_bytes()).expect("feed-rs reads the feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    check_rfc4287(&feed, &body);
    // It holds the Libero blocks ingested last (fewer than the feed's cap here), the most
    // recently ingested first.
    let in_feed: BTreeSet<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
    let every_file: BTreeSet<String> = minutes
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let all_libero = expected(&index, "Libero", Filters::default(), &every_file);
    assert_eq!(
        feed.entries.len(),
        all_libero.len().min(gijiroku::watch::FEED_ENTRIES)
    );
    assert!(libero.len() + libero_changed.len() <= gijiroku::watch::FEED_ENTRIES);
    for key in libero.iter().chain(&libero_changed) {
        let id = format!("tag:gijiroku,2025:{key}");
        assert!(in_feed.contains(&id), "{id} is not in the feed");
    }
    let updated: Vec<_> = feed.entries.iter().map(|e| e.updated.unwrap()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let first_id = &feed.entries[0].id;
    assert!(
        libero_changed
            .iter()
            .any(|k| first_id.ends_with(k.as_str())),
        "the changed file was ingested last: {first_id}"
    );
    let link = &feed.entries[0].links[0].href;
    assert!(
        link.starts_with("http://127.0.0.1:8080/meetings/") && link.contains("?q=Libero"),
        "{link}"
    );

    // The page lists the saved searches with their feeds (and feed readers find them).
    let (status, _, page) = fetch(&app, "/watches");
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"/feeds/libero.atom\""), "{page}");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
    assert!(
        page.contains("href=\"/?q=%E7%9B%B8"),
        "the search of sodan-questions is linked"
    );
    for bad in [
        "/feeds/nobody.atom",
        "/feeds/libero.rss",
        "/feeds/..%2Fx.atom",
    ] {
        assert_eq!(fetch(&app, bad).0, StatusCode::NOT_FOUND, "{bad}");
    }

    // Removed, it is gone from the list and its feed.
    gijiroku(&["watch", "remove", "libero", "--index", idx]);
    assert_eq!(fetch(&app, "/feeds/libero.atom").0, StatusCode::NOT_FOUND);
    let listed = stdout(&gijiroku(&["watch", "list", "--index", idx]));
    assert!(!listed.contains("libero ") && listed.contains("sodan-questions"));
}

/// The requirements of RFC 4287 on a feed and its entries (§4.1.1, §4.1.2): one id, title
/// and updated each; an author on the feed or on every entry; a self link; entries with
/// content or an alternate link; ids unique; the Atom namespace on the root.
fn check_rfc4287(feed: &feed_rs::model::Feed, xml: &str) {
    assert!(
        xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{xml}"
    );
    assert!(!feed.id.is_empty());
    assert!(feed.title.as_ref().is_some_and(|t| !t.content.is_empty()));
    assert!(feed.updated.is_some());
    assert!(!feed.authors.is_empty() || feed.entries.iter().all(|e| !e.authors.is_empty()));
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel.as_deref() == Some("self") && l.href.ends_with("/feeds/libero.atom"))
    );
    let mut ids = BTreeSet::new();
    for e in &feed.entries {
        assert!(ids.insert(e.id.clone()), "duplicate id {}", e.id);
        assert!(e.title.as_ref().is_some_and(|t| !t.content.is_empty()));
        assert!(e.updated.is_some());
        assert!(
            e.content.is_some()
                || e.links
                    .iter()
                    .any(|l| l.rel.as_deref() == Some("alternate"))
        );
    }
    assert_eq!(xml.matches("<entry>").count(), feed.entries.len());
}
