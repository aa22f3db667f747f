//! Saved searches on the web: `/watches` lists them (each with its search and its feed), and
//! `/feeds/NAME.atom` serves one as an Atom 1.0 feed (RFC 4287) of its newest hits, the most
//! recently ingested first, so a member's feed reader (or the office's mail gateway) tells
//! them when new minutes mention their topic. The watches are read from the index folder on
//! each request (see [`crate::watch`]); serving a feed never marks anything as seen.

use std::fmt::Write;
use std::sync::Arc;

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};

use super::app::{App, with_catalog_heavy};
use super::error::WebError;
use super::html::{Section, esc, page_with_head, url_encode};
use super::parts::kind_label;
use crate::index::search::Hit;
use crate::watch::{self, FEED_ENTRIES, Watch};

/// The media type of an Atom feed (RFC 4287 §7).
pub const ATOM: &str = "application/atom+xml";

/// The scheme and host a request was made to (`http://127.0.0.1:8080`), for the feed's
/// absolute links; the host is kept only if it is a plain host name or address with a port.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The search page's address for a watch's query and filters.
fn search_href(w: &Watch) -> String {
    let mut href = format!("/?q={}", url_encode(&w.query));
    for (name, v) in w.filters.set() {
        let _ = write!(href, "&{name}={}", url_encode(&v));
    }
    href
}

fn feed_href(w: &Watch) -> String {
    format!("/feeds/{}.atom", url_encode(&w.name))
}

/// What a watch asks, in words.
fn describe(w: &Watch) -> String {
    let mut parts = vec![format!("「{}」", w.query)];
    let set = w.filters.set();
    for (name, v) in &set {
        match *name {
            "from" => parts.push(format!("{v}から")),
            "to" => parts.push(format!("{v}まで")),
            "kind" => {}
            _ => parts.push(v.clone()),
        }
    }
    if let Some(k) = &w.filters.kind {
        parts.push(kind_label(k).to_string());
    }
    parts.join("・")
}

/// `GET /watches`.
pub(super) async fn watches_page(State(app): State<Arc<App>>) -> Response {
    let dir = app.library.dir().to_path_buf();
    let watches = match watch::load(&dir) {
        Ok(w) => w,
        Err(e) => return WebError::Internal(crate::error::chain(&e)).page(),
    };
    let mut head = String::new();
    let mut body = String::from(
        "<h1>保存した検索</h1><p class=\"hint\">保存した検索ごとに、新しく取り込まれた議事録のうち検索語を含む発言を\
         Atom フィードで配信します。フィードのアドレスをフィードリーダーに登録すると、新しい議事録で話題に上ったときに知らせてくれます。\
         検索の保存は端末で <code>gijiroku watch add 名前 検索語</code>、新着の確認は <code>gijiroku watch run</code> です。</p>",
    );
    if watches.is_empty() {
        body.push_str("<p class=\"notice\" role=\"status\">保存した検索はまだありません。</p>");
    } else {
        body.push_str(
            "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">名前</th><th scope=\"col\">条件</th>\
             <th scope=\"col\">保存日時</th><th scope=\"col\">最後の確認</th><th scope=\"col\">フィード</th></tr></thead><tbody>",
        );
        for w in &watches {
            let _ = writeln!(
                head,
                "<link rel=\"alternate\" type=\"{ATOM}\" title=\"{}\" href=\"{}\">",
                esc(&format!("保存した検索: {}", w.name)),
                esc(&feed_href(w))
            );
            let _ = write!(
                body,
                "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>\
                 <td><a href=\"{}\" type=\"{ATOM}\">Atom</a></td></tr>",
                esc(&w.name),
                esc(&search_href(w)),
                esc(&describe(w)),
                esc(&w.created),
                esc(w.last_run.as_deref().unwrap_or("—")),
                esc(&feed_href(w)),
            );
        }
        body.push_str("</tbody></table></div>");
    }
    Html(page_with_head(
        "保存した検索",
        Section::Watches,
        &head,
        &body,
    ))
    .into_response()
}

/// `GET /feeds/{NAME}.atom`.
pub(super) async fn feed(
    State(app): State<Arc<App>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let not_found = || WebError::NotFound("この保存した検索はありません。".into()).page();
    let Some(name) = file.strip_suffix(".atom") else {
        return not_found();
    };
    if watch::check_name(name).is_err() {
        return not_found();
    }
    let dir = app.library.dir().to_path_buf();
    let watch = match watch::load(&dir) {
        Ok(ws) => match ws.into_iter().find(|w| w.name == name) {
            Some(w) => w,
            None => return not_found(),
        },
        Err(e) => return WebError::Internal(crate::error::chain(&e)).page(),
    };
    let base = base_url(&headers);
    let result = with_catalog_heavy(&app, move |c| {
        let c = c.ok_or(WebError::NoIndex)?;
        let hits = watch
            .recent(&c.searcher, FEED_ENTRIES)
            .map_err(|e| WebError::Internal(crate::error::chain(&e)))?;
        let latest = c.searcher.latest_stamp()?;
        Ok(atom(&watch, &hits, latest, &base))
    })
    .await;
    match result {
        Ok(xml) => {
            let mut r = xml.into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            );
            r
        }
        Err(e) => e.page(),
    }
}

/// The time of a stamp, as Atom writes it.
fn time_of(stamp: u64) -> FixedDateTime {
    chrono::DateTime::from_timestamp_micros(stamp as i64)
        .unwrap_or_default()
        .fixed_offset()
}

/// A meeting date (`YYYY-MM-DD`) as the start of that day in Japan.
fn day_of(date: &str) -> Option<FixedDateTime> {
    chrono::DateTime::parse_from_rfc3339(&format!("{date}T00:00:00+09:00")).ok()
}

/// The Atom document of a watch's hits; `latest` (the index's latest stamp) dates a feed
/// without entries.
pub fn atom(w: &Watch, hits: &[Hit], latest: u64, base: &str) -> String {
    let updated = hits
        .iter()
        .filter_map(|h| h.ingested)
        .max()
        .unwrap_or(latest);
    let link = |href: String, rel: &str, mime: Option<&str>| Link {
        href,
        rel: rel.to_string(),
        mime_type: mime.map(str::to_string),
        ..Link::default()
    };
    let entries = hits
        .iter()
        .map(|h| {
            let mut title = format!("{} {}", h.date.as_deref().unwrap_or(""), h.title);
            if let Some(a) = &h.agenda_ref {
                let _ = write!(title, " {a}");
            }
            if let Some(s) = &h.speaker {
                let _ = write!(title, " — {s}");
            }
            let anchor = h.line.map(|l| format!("#L{l}")).unwrap_or_default();
            let mut content = String::new();
            if let Some(k) = h.kind {
                let _ = write!(content, "［{}］", k.label_ja());
            }
            content.push_str(&h.snippet);
            Entry {
                title: Text::plain(title.trim()),
                // The block's identity (see `Hit::key`): a file whose content changes is
                // a new meeting id, so its blocks are new entries.
                id: format!("tag:gijiroku,2025:{}", h.key()),
                updated: time_of(h.ingested.unwrap_or(latest)),
                published: h.date.as_deref().and_then(day_of),
                links: vec![link(
                    format!(
                        "{base}/meetings/{}?q={}{anchor}",
                        url_encode(&h.meeting_id),
                        url_encode(&w.query)
                    ),
                    "alternate",
                    Some("text/html"),
                )],
                content: Some(Content {
                    value: Some(content),
                    content_type: Some("text".into()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect::<Vec<_>>();
    let feed = Feed {
        title: Text::plain(format!("保存した検索「{}」: {}", w.name, describe(w))),
        id: format!("tag:gijiroku,2025:watch/{}", url_encode(&w.name)),
        updated: time_of(updated),
        authors: vec![Person {
            name: "gijiroku".into(),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "gijiroku".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            ..Generator::default()
        }),
        links: vec![
            link(format!("{base}{}", feed_href(w)), "self", Some(ATOM)),
            link(
                format!("{base}{}", search_href(w)),
                "alternate",
                Some("text/html"),
            ),
        ],
        lang: Some("ja".into()),
        entries,
        ..Feed::default()
    };
    feed.to_string()
}
