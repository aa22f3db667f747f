//! `gijiroku serve`: a small web page over the index for members who never open a terminal.
//!
//! An axum router with server-rendered HTML (no JavaScript) and a JSON API beside it:
//!
//! | route | gives |
//! |---|---|
//! | `GET /` | the search page (`q`, `from`, `to`, `council`, `body`, `kind`, `speaker`, `page`) |
//! | `GET /meetings` | every indexed meeting and material |
//! | `GET /meetings/{id}` | one meeting: header, attendance, agenda, materials, proceedings, facts |
//! | `GET /track` | a figure across meetings (`facts`, `unit`, `council`) and an agenda history (`agenda`) |
//! | `GET /watches` | the saved searches, each with its search and its feed |
//! | `GET /feeds/{NAME}.atom` | a saved search's newest hits as an Atom 1.0 feed (`application/atom+xml`) |
//! | `GET /api/search` | the hits of a search as JSON (same parameters, and `per_page`) |
//! | `GET /api/meetings`, `GET /api/meetings/{id}` | the meetings, one record |
//! | `GET /api/track/facts`, `…/facts.svg`, `/api/track/agenda`, `…/agenda.svg` | tracking as JSON and SVG |
//!
//! Safety: every document text is escaped ([`html::esc`]); ids are 12 hex digits, checked before
//! anything is looked up, and no route reads a file (the pages are compiled in), so no path can
//! reach outside the index; the index is only read, and reloaded when an ingest commits
//! ([`catalog::Library`]); each request has a time limit, results a cap; the default address is
//! loopback.

pub mod catalog;
pub mod feed;
pub mod html;
pub mod pages;
mod qa_page;
mod speaker_pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};

use crate::index::IndexError;
use crate::index::search::{Filters, Hit, MAX_LIMIT};
use catalog::{Catalog, Library};

/// The longest query (in characters) a page or the API accepts.
pub const MAX_QUERY_CHARS: usize = 200;
/// Hits per page on the search page (and the API's default).
pub const PER_PAGE: usize = 20;
/// The most hits per page the API gives.
pub const MAX_PER_PAGE: usize = 100;
/// The longest a request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest URI accepted.
pub const MAX_URI_BYTES: usize = 4096;

/// The last page that can be asked for with `per_page` hits a page (hits stop at [`MAX_LIMIT`]).
pub fn max_page(per_page: usize) -> usize {
    (MAX_LIMIT / per_page.max(1)).max(1)
}

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The async runtime could not be started.
    #[error("cannot start the server's runtime")]
    Runtime(#[source] std::io::Error),
    /// The server stopped on an error.
    #[error("the server stopped")]
    Serve(#[source] std::io::Error),
}

/// What went wrong with one request; answered as an HTML page or as JSON `{"error": …}`.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The request is not valid (the message says why, in Japanese).
    #[error("{0}")]
    BadRequest(String),
    /// Nothing has this id.
    #[error("{0}")]
    NotFound(String),
    /// No index yet.
    #[error("索引がまだありません。gijiroku ingest を実行してください。")]
    NoIndex,
    /// The request took too long.
    #[error("時間がかかりすぎたため中断しました。条件を絞ってもう一度お試しください。")]
    Timeout,
    /// Too many expensive requests at once.
    #[error("混み合っています。しばらくしてからもう一度お試しください。")]
    Busy,
    /// Reading the index failed.
    #[error("索引を読み取れませんでした: {0}")]
    Internal(String),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::NoIndex | WebError::Timeout | WebError::Busy => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            WebError::BadRequest(_) => "条件を確認してください",
            WebError::NotFound(_) => "見つかりません",
            WebError::NoIndex => "索引がありません",
            WebError::Timeout => "時間切れ",
            WebError::Busy => "混雑",
            WebError::Internal(_) => "エラー",
        }
    }

    fn page(self) -> Response {
        (
            self.status(),
            Html(pages::error(self.title(), &self.to_string())),
        )
            .into_response()
    }

    fn json(self) -> Response {
        (
            self.status(),
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}

impl From<IndexError> for WebError {
    fn from(e: IndexError) -> WebError {
        match e {
            IndexError::Missing { .. } => WebError::NoIndex,
            IndexError::Query { reason, .. } => {
                WebError::BadRequest(format!("検索条件を読み取れません: {reason}"))
            }
            IndexError::NotFound { id } => {
                WebError::NotFound(format!("ID {id} の会議は索引にありません。"))
            }
            other => WebError::Internal(crate::error::chain(&other)),
        }
    }
}

/// The parameters of a search, as sent by the form or to the API (all optional strings).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SearchParams {
    /// The query.
    pub q: String,
    /// Earliest date, `YYYY-MM-DD`.
    pub from: String,
    /// Latest date, `YYYY-MM-DD`.
    pub to: String,
    /// The council.
    pub council: String,
    /// The body.
    pub body: String,
    /// The entry kind (`opinion`, …).
    pub kind: String,
    /// Part of the speaker's label.
    pub speaker: String,
    /// The page, from 1.
    pub page: String,
    /// Hits per page (API).
    pub per_page: String,
}

/// A checked search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query, trimmed.
    pub query: String,
    /// The filters (their `limit` is set when the search runs).
    pub filters: Filters,
    /// The page, from 1.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
}

/// One page of hits.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query.
    pub query: String,
    /// The page, from 1.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
    /// There are more hits after this page.
    pub has_more: bool,
    /// The hits of this page.
    pub hits: Vec<Hit>,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn check_len(what: &str, s: &str) -> Result<(), WebError> {
    if s.chars().count() > MAX_QUERY_CHARS {
        return Err(WebError::BadRequest(format!(
            "{what}が長すぎます（{MAX_QUERY_CHARS} 文字まで）。"
        )));
    }
    Ok(())
}

/// A date as typed (`2024-04-01`, `2024/4/1`, `２０２４年４月１日`) in ISO form, if it is one.
pub fn iso_date(s: &str) -> Option<String> {
    let folded = crate::text::fold_width(s.trim());
    let parts: Vec<&str> = folded
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

impl SearchParams {
    /// Checks the parameters: dates, kind, lengths, page bounds.
    pub fn request(&self) -> Result<SearchRequest, WebError> {
        for (what, v) in [
            ("検索語", &self.q),
            ("協議会", &self.council),
            ("会議体", &self.body),
            ("発言者", &self.speaker),
        ] {
            check_len(what, v)?;
        }
        let date = |what: &str, v: &str| -> Result<Option<String>, WebError> {
            match non_empty(v) {
                None => Ok(None),
                Some(d) => iso_date(&d).map(Some).ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "期間（{what}）の日付 {d:?} は YYYY-MM-DD の形で指定してください。"
                    ))
                }),
            }
        };
        let kind = non_empty(&self.kind);
        if let Some(k) = &kind
            && !pages::KINDS.iter().any(|(name, _)| name == k)
        {
            return Err(WebError::BadRequest(format!(
                "発言の種類 {k:?} はありません（explanation, opinion, question, answer, resolution, note）。"
            )));
        }
        let number = |what: &str, v: &str, default: usize| -> Result<usize, WebError> {
            match non_empty(v) {
                None => Ok(default),
                Some(n) => n.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| {
                    WebError::BadRequest(format!("{what} {n:?} は 1 以上の数で指定してください。"))
                }),
            }
        };
        let per_page = number("per_page", &self.per_page, PER_PAGE)?.min(MAX_PER_PAGE);
        let page = number("page", &self.page, 1)?;
        if page > max_page(per_page) {
            return Err(WebError::BadRequest(format!(
                "表示できるのは先頭の {MAX_LIMIT} 件（{} ページ）までです。",
                max_page(per_page)
            )));
        }
        Ok(SearchRequest {
            query: self.q.trim().to_string(),
            filters: Filters {
                from: date("から", &self.from)?,
                to: date("まで", &self.to)?,
                council: non_empty(&self.council),
                body: non_empty(&self.body),
                kind,
                speaker: non_empty(&self.speaker),
                speaker_in: Vec::new(),
                ingested_after: None,
                limit: 0,
            },
            page,
            per_page,
        })
    }
}

impl SearchRequest {
    /// True when there is something to search for (a query or a filter).
    pub fn is_search(&self) -> bool {
        let f = &self.filters;
        !self.query.is_empty()
            || f.from.is_some()
            || f.to.is_some()
            || f.council.is_some()
            || f.body.is_some()
            || f.kind.is_some()
            || f.speaker.is_some()
    }

    /// Runs the search and keeps this request's page.
    pub fn run(&self, catalog: &Catalog) -> Result<SearchResults, WebError> {
        let end = self.page * self.per_page;
        let filters = Filters {
            limit: (end + 1).min(MAX_LIMIT),
            ..self.filters.clone()
        };
        let speaker_in = match &filters.speaker {
            Some(who) => crate::people::speaker_forms(&catalog.records, who),
            None => Vec::new(),
        };
        let filters = Filters {
            speaker_in,
            ..filters
        };
        let mut hits = catalog.searcher.search(&self.query, &filters)?;
        let has_more = hits.len() > end;
        hits.truncate(end);
        crate::qa::attach_from(&mut hits, |id| catalog.record(id));
        let start = ((self.page - 1) * self.per_page).min(hits.len());
        Ok(SearchResults {
            query: self.query.clone(),
            page: self.page,
            per_page: self.per_page,
            has_more,
            hits: hits.split_off(start),
        })
    }
}

/// The parameters of the tracking page and API.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TrackParams {
    /// The figure's words (page).
    pub facts: String,
    /// The figure's or the agenda item's words (API).
    pub q: String,
    /// The counter word.
    pub unit: String,
    /// The council.
    pub council: String,
    /// The agenda item's words (page).
    pub agenda: String,
    /// Every matching fact, not one per meeting (`1`/`true`).
    pub all: String,
}

impl TrackParams {
    fn checked(&self) -> Result<(), WebError> {
        for v in [
            &self.facts,
            &self.q,
            &self.unit,
            &self.council,
            &self.agenda,
        ] {
            check_len("検索語", v)?;
        }
        Ok(())
    }

    fn fact_query(&self, words: &str) -> crate::track::FactQuery {
        crate::track::FactQuery {
            query: words.trim().to_string(),
            unit: non_empty(&self.unit),
            council: non_empty(&self.council),
            all: matches!(self.all.as_str(), "1" | "true" | "on"),
        }
    }
}

/// How long an expensive request (tracking) waits for its turn before it is answered 503.
pub const HEAVY_WAIT: Duration = Duration::from_secs(5);

/// The most expensive requests (tracking: a figure's series, an agenda item's history, over
/// every record) computed at once: half the cores, at least one, so that they cannot starve
/// searches.
pub fn max_heavy() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

/// The server's state: the index, and the turns of the expensive requests.
pub struct App {
    library: Library,
    heavy: Arc<tokio::sync::Semaphore>,
}

impl App {
    /// A server over the index in `index` (which need not exist yet: pages say so until it does).
    pub fn new(index: &std::path::Path) -> Arc<App> {
        Arc::new(App {
            library: Library::new(index),
            heavy: Arc::new(tokio::sync::Semaphore::new(max_heavy())),
        })
    }
}

/// Runs `f` with the current catalog on a blocking thread, within [`REQUEST_TIMEOUT`].
async fn with_catalog<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(Option<Arc<Catalog>>) -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    let app = app.clone();
    let task = tokio::task::spawn_blocking(move || {
        let catalog = match app.library.get() {
            Ok(c) => Some(c),
            Err(IndexError::Missing { .. }) => None,
            Err(e) => return Err(WebError::from(e)),
        };
        f(catalog)
    });
    match tokio::time::timeout(REQUEST_TIMEOUT, task).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => Err(WebError::Internal(e.to_string())),
        Err(_) => Err(WebError::Timeout),
    }
}

/// [`with_catalog`] for an expensive request: it waits at most [`HEAVY_WAIT`] for one of
/// [`max_heavy`] turns (else [`WebError::Busy`]), and its turn is held until the work itself
/// ends, not only until the answer is sent (a timed-out computation still occupies it).
async fn with_catalog_heavy<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(Option<Arc<Catalog>>) -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    let turn = match tokio::time::timeout(HEAVY_WAIT, app.heavy.clone().acquire_owned()).await {
        Ok(Ok(turn)) => turn,
        _ => return Err(WebError::Busy),
    };
    with_catalog(app, move |c| {
        let _turn = turn;
        f(c)
    })
    .await
}

fn require(c: Option<Arc<Catalog>>) -> Result<Arc<Catalog>, WebError> {
    c.ok_or(WebError::NoIndex)
}

/// Query parameters, or why they could not be read.
type Params<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

fn params<T>(p: Params<T>) -> Result<T, WebError> {
    p.map(|Query(t)| t).map_err(|e| {
        WebError::BadRequest(format!(
            "アドレスの条件を読み取れませんでした（{}）。",
            e.body_text()
        ))
    })
}

/// A meeting id as routes accept it: exactly 12 hex digits (lower-cased). Checked before the
/// index is touched, so no id can name a path.
pub fn valid_id(id: &str) -> Result<String, WebError> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(WebError::NotFound(
            "会議の ID は 12 桁の英数字（0-9, a-f）です。".into(),
        ))
    }
}

fn lookup<'a>(catalog: &'a Catalog, id: &str) -> Result<&'a crate::record::Record, WebError> {
    catalog
        .record(id)
        .ok_or_else(|| WebError::NotFound(format!("ID {id} の会議は索引にありません。")))
}

async fn search_page(State(app): State<Arc<App>>, p: Params<SearchParams>) -> Response {
    let p = match params(p) {
        Ok(p) => p,
        Err(e) => return e.page(),
    };
    let (req, problem) = match p.request() {
        Ok(r) => (r, None),
        // The form again, with what was typed where it can be kept, and what is wrong.
        Err(e) => (
            SearchRequest {
                query: p
                    .q
                    .chars()
                    .take(MAX_QUERY_CHARS)
                    .collect::<String>()
                    .trim()
                    .to_string(),
                filters: Filters::default(),
                page: 1,
                per_page: PER_PAGE,
            },
            Some(e),
        ),
    };
    let status = problem.as_ref().map_or(StatusCode::OK, WebError::status);
    let message = problem.map(|e| e.to_string());
    with_catalog(&app, move |c| {
        let results = match &c {
            Some(c) if message.is_none() && req.is_search() => Some(req.run(c)?),
            _ => None,
        };
        Ok(pages::search(
            c.as_deref(),
            &req,
            results.as_ref(),
            message.as_deref(),
        ))
    })
    .await
    .map(|h| (status, Html(h)).into_response())
    .unwrap_or_else(WebError::page)
}

async fn meetings_page(State(app): State<Arc<App>>) -> Response {
    with_catalog(&app, |c| Ok(pages::meetings(c.as_deref())))
        .await
        .map(|h| Html(h).into_response())
        .unwrap_or_else(WebError::page)
}

/// `q` on a meeting page: the query to mark.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MarkParams {
    q: String,
}

async fn meeting_page(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    p: Params<MarkParams>,
) -> Response {
    let p = match params(p) {
        Ok(p) => p,
        Err(e) => return e.page(),
    };
    let id = match valid_id(&id).and_then(|id| check_len("検索語", &p.q).map(|_| id)) {
        Ok(id) => id,
        Err(e) => return e.page(),
    };
    with_catalog(&app, move |c| {
        let c = require(c)?;
        let r = lookup(&c, &id)?;
        Ok(pages::meeting(&c, &id, r, p.q.trim()))
    })
    .await
    .map(|h| Html(h).into_response())
    .unwrap_or_else(WebError::page)
}

async fn track_page(State(app): State<Arc<App>>, p: Params<TrackParams>) -> Response {
    let p = match params(p) {
        Ok(p) => p,
        Err(e) => return e.page(),
    };
    if let Err(e) = p.checked() {
        return e.page();
    }
    let heavy = !(p.facts.trim().is_empty() && p.agenda.trim().is_empty());
    let work = move |c: Option<Arc<Catalog>>| {
        let req = pages::TrackRequest {
            facts: p.facts.trim().to_string(),
            unit: p.unit.trim().to_string(),
            council: p.council.trim().to_string(),
            agenda: p.agenda.trim().to_string(),
        };
        let (points, history) = match &c {
            Some(c) => (
                if req.facts.is_empty() {
                    Vec::new()
                } else {
                    crate::track::facts(&c.records, &p.fact_query(&req.facts))
                },
                if req.agenda.is_empty() {
                    Vec::new()
                } else {
                    crate::track::agenda(&c.records, &req.agenda)
                },
            ),
            None => (Vec::new(), Vec::new()),
        };
        Ok(pages::track(c.as_deref(), &req, &points, &history))
    };
    let page = if heavy {
        with_catalog_heavy(&app, work).await
    } else {
        with_catalog(&app, work).await
    };
    page.map(|h| Html(h).into_response())
        .unwrap_or_else(WebError::page)
}

async fn api_search(State(app): State<Arc<App>>, p: Params<SearchParams>) -> Response {
    let p = match params(p) {
        Ok(p) => p,
        Err(e) => return e.json(),
    };
    let req = match p.request() {
        Ok(r) if r.is_search() => r,
        Ok(_) => {
            return WebError::BadRequest("q（検索語）か絞り込みを指定してください。".into()).json();
        }
        Err(e) => return e.json(),
    };
    with_catalog(&app, move |c| req.run(&*require(c)?))
        .await
        .map(|r| Json(r).into_response())
        .unwrap_or_else(WebError::json)
}

/// One line of `/api/meetings`.
#[derive(Debug, Serialize)]
struct MeetingSummary {
    id: String,
    kind: crate::record::DocumentKind,
    title: String,
    date: Option<String>,
    council: Option<String>,
    body: Option<String>,
    path: String,
}

async fn api_meetings(State(app): State<Arc<App>>) -> Response {
    with_catalog(&app, |c| {
        let c = require(c)?;
        Ok(c.records
            .iter()
            .map(|(id, r)| MeetingSummary {
                id: id.clone(),
                kind: r.kind,
                title: pages::record_title(r),
                date: r.meeting.date.clone().or_else(|| r.issued.clone()),
                council: r.meeting.council.clone(),
                body: r.meeting.body.clone(),
                path: r.source.path.clone(),
            })
            .collect::<Vec<_>>())
    })
    .await
    .map(|r| Json(r).into_response())
    .unwrap_or_else(WebError::json)
}

async fn api_meeting(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let id = match valid_id(&id) {
        Ok(id) => id,
        Err(e) => return e.json(),
    };
    with_catalog(&app, move |c| {
        let c = require(c)?;
        lookup(&c, &id).cloned()
    })
    .await
    .map(|r| Json(r).into_response())
    .unwrap_or_else(WebError::json)
}

/// A tracking API request's parameters and the words it follows.
fn track_request(p: Params<TrackParams>) -> Result<(TrackParams, String), WebError> {
    let p = params(p)?;
    let words = words_of(&p)?;
    Ok((p, words))
}

fn words_of(p: &TrackParams) -> Result<String, WebError> {
    p.checked()?;
    non_empty(&p.q)
        .or_else(|| non_empty(&p.facts))
        .or_else(|| non_empty(&p.agenda))
        .ok_or_else(|| WebError::BadRequest("q（調べる語）を指定してください。".into()))
}

async fn api_track_facts(State(app): State<Arc<App>>, p: Params<TrackParams>) -> Response {
    let (p, words) = match track_request(p) {
        Ok(pw) => pw,
        Err(e) => return e.json(),
    };
    with_catalog_heavy(&app, move |c| {
        Ok(crate::track::facts(
            &require(c)?.records,
            &p.fact_query(&words),
        ))
    })
    .await
    .map(|r| Json(r).into_response())
    .unwrap_or_else(WebError::json)
}

async fn api_track_svg(State(app): State<Arc<App>>, p: Params<TrackParams>) -> Response {
    let (p, words) = match track_request(p) {
        Ok(pw) => pw,
        Err(e) => return e.json(),
    };
    with_catalog_heavy(&app, move |c| {
        let q = p.fact_query(&words);
        let points = crate::track::facts(&require(c)?.records, &q);
        let title = match &q.unit {
            Some(u) => format!("「{words}」の推移（{u}）"),
            None => format!("「{words}」の推移"),
        };
        Ok(crate::track::svg(&points, &title))
    })
    .await
    .map(svg_response)
    .unwrap_or_else(WebError::json)
}

/// The agenda history as a series for the chart: per meeting, the number of entries said under
/// the item (the largest where several matching items were on that meeting's agenda).
pub fn agenda_series(history: &[crate::track::AgendaAppearance]) -> Vec<crate::track::FactPoint> {
    let mut points: Vec<crate::track::FactPoint> = Vec::new();
    for h in history {
        let n = h.entries_by_kind.values().sum::<usize>() as f64;
        match points.iter_mut().find(|p| p.meeting_id == h.meeting_id) {
            Some(p) if p.value >= n => {}
            Some(p) => {
                p.value = n;
                p.subject = h.title.clone();
                p.agenda_ref = Some(h.path.clone());
            }
            None => points.push(crate::track::FactPoint {
                date: h.date.clone(),
                value: n,
                value_max: None,
                approximate: false,
                unit: "件".into(),
                subject: h.title.clone(),
                quote: h.resolutions.join(" "),
                meeting_id: h.meeting_id.clone(),
                record_kind: "minutes".into(),
                meeting_title: h.meeting_title.clone(),
                body: h.body.clone(),
                agenda_ref: Some(h.path.clone()),
                entry_kind: None,
                line: 0,
                primary: true,
            }),
        }
    }
    points
}

async fn api_track_agenda_svg(State(app): State<Arc<App>>, p: Params<TrackParams>) -> Response {
    let (_, words) = match track_request(p) {
        Ok(pw) => pw,
        Err(e) => return e.json(),
    };
    with_catalog_heavy(&app, move |c| {
        let history = crate::track::agenda(&require(c)?.records, &words);
        Ok(crate::track::svg(
            &agenda_series(&history),
            &format!("議題「{words}」の発言数"),
        ))
    })
    .await
    .map(svg_response)
    .unwrap_or_else(WebError::json)
}

fn svg_response(svg: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml; charset=utf-8"),
        )],
        svg,
    )
        .into_response()
}

async fn api_track_agenda(State(app): State<Arc<App>>, p: Params<TrackParams>) -> Response {
    let (_, words) = match track_request(p) {
        Ok(pw) => pw,
        Err(e) => return e.json(),
    };
    with_catalog_heavy(&app, move |c| {
        Ok(crate::track::agenda(&require(c)?.records, &words))
    })
    .await
    .map(|r| Json(r).into_response())
    .unwrap_or_else(WebError::json)
}

/// Checks a request target (`/path?query`) as the server does before anything is looked up:
/// its length and syntax (as hyper and [`guard`] refuse them), the query string read into each
/// route's parameters (percent-decoding, UTF-8, fields) and checked, and the id of a meeting's
/// path. `Err` is the first 4xx a route would answer. The `web_params` fuzz target's entry point.
pub fn check_target(target: &[u8]) -> Result<(), WebError> {
    if target.len() > MAX_URI_BYTES {
        return Err(WebError::BadRequest("URI too long".into()));
    }
    let uri = axum::http::Uri::try_from(target)
        .map_err(|e| WebError::BadRequest(format!("not a request target: {e}")))?;
    if let Some(why) = uri.query().and_then(malformed_query) {
        return Err(WebError::BadRequest(why));
    }
    let search = params(Query::<SearchParams>::try_from_uri(&uri)).and_then(|p| {
        let req = p.request()?;
        let _ = req.is_search();
        Ok(())
    });
    let track = params(Query::<TrackParams>::try_from_uri(&uri)).and_then(|p| {
        let words = words_of(&p)?;
        let _ = p.fact_query(&words);
        Ok(())
    });
    let mark =
        params(Query::<MarkParams>::try_from_uri(&uri)).and_then(|p| check_len("検索語", &p.q));
    let id = match uri
        .path()
        .strip_prefix("/meetings/")
        .or_else(|| uri.path().strip_prefix("/api/meetings/"))
    {
        Some(id) => valid_id(id).map(|_| ()),
        None => Ok(()),
    };
    search.and(track).and(mark).and(id)
}

async fn not_found(req: Request) -> Response {
    let e = WebError::NotFound("このアドレスのページはありません。".into());
    if req.uri().path().starts_with("/api/") {
        e.json()
    } else {
        e.page()
    }
}

/// Why a query string cannot be read, if it cannot: a `%` not followed by two hex digits, or
/// escapes that do not decode to UTF-8. Checked before any route reads its parameters, so a
/// malformed query is a 400, never text with replacement characters searched for.
pub fn malformed_query(query: &str) -> Option<String> {
    let b = query.as_bytes();
    let mut decoded = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |k: usize| b.get(k).copied().filter(u8::is_ascii_hexdigit);
            let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) else {
                return Some(format!(
                    "{} バイト目の % の後に 16 進数 2 桁がありません",
                    i + 1
                ));
            };
            let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            decoded.push(digit(h) * 16 + digit(l));
            i += 3;
        } else {
            decoded.push(b[i]);
            i += 1;
        }
    }
    std::str::from_utf8(&decoded).err().map(|e| {
        format!(
            "復号すると {} バイト目が UTF-8 ではありません",
            e.valid_up_to() + 1
        )
    })
}

/// Security headers, the URI length cap, the query's well-formedness and the time limit, on
/// every response.
async fn guard(req: Request, next: Next) -> Response {
    let malformed = req.uri().query().and_then(malformed_query);
    let mut res = if req.uri().to_string().len() > MAX_URI_BYTES {
        (StatusCode::URI_TOO_LONG, "URI too long").into_response()
    } else if let Some(why) = malformed {
        let e = WebError::BadRequest(format!("アドレスの条件を読み取れませんでした（{why}）。"));
        if req.uri().path().starts_with("/api/") {
            e.json()
        } else {
            e.page()
        }
    } else {
        match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
            Ok(r) => r,
            Err(_) => WebError::Timeout.page(),
        }
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; \
             base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The router: pages, the JSON API, and a 404 page for anything else.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/meetings", get(meetings_page))
        .route("/meetings/{id}", get(meeting_page))
        .route("/track", get(track_page))
        .route("/qa", get(qa_page::qa_page))
        .route("/speakers", get(speaker_pages::speakers_page))
        .route("/speakers/{key}", get(speaker_pages::speaker_page))
        .route("/watches", get(feed::watches_page))
        .route("/feeds/{file}", get(feed::feed))
        .route("/api/search", get(api_search))
        .route("/api/meetings", get(api_meetings))
        .route("/api/meetings/{id}", get(api_meeting))
        .route("/api/track/facts", get(api_track_facts))
        .route("/api/track/facts.svg", get(api_track_svg))
        .route("/api/track/agenda", get(api_track_agenda))
        .route("/api/track/agenda.svg", get(api_track_agenda_svg))
        .fallback(not_found)
        .layer(middleware::from_fn(guard))
        .with_state(app)
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder.
    pub index: PathBuf,
    /// The address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
}

/// The longest a client may take to send a request's head; also how long a connection may sit
/// idle (a fresh one, or a kept-alive one between requests) before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// The most connections held at once. When a new one arrives at the cap, the connection idle
/// the longest (no request being answered) is closed to make room; only when every one is busy
/// is the new one closed instead.
pub const MAX_CONNECTIONS: usize = 512;
/// The most a connection buffers of a request's head (headers and URI); past it hyper answers
/// 431 and closes, so a connection costs at most this much memory on reading.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// How [`accept_with`] bounds its connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// See [`HEADER_TIMEOUT`].
    pub header_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: HEADER_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Serves until the process is stopped. `on_ready` is called with the bound address (the real
/// port when 0 was asked) once the server accepts connections.
pub fn serve(opts: &ServeOptions, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(opts.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: opts.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(ServeError::Serve)?;
        on_ready(addr);
        accept(listener, router(App::new(&opts.index)), HEADER_TIMEOUT).await;
        Ok(())
    })
}

/// One open connection as the accept loop sees it: how many of its requests are being
/// answered, and how to ask it to close.
struct Conn {
    busy: Arc<std::sync::atomic::AtomicUsize>,
    close: Arc<tokio::sync::Notify>,
}

/// The open connections by arrival (the lowest number is the oldest).
type Conns = Arc<std::sync::Mutex<std::collections::BTreeMap<u64, Conn>>>;

/// Removes a connection from the table when its task ends, however it ends.
struct Registered(Conns, u64);

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut conns) = self.0.lock() {
            conns.remove(&self.1);
        }
    }
}

/// Counts a request while it is answered.
struct Busy(Arc<std::sync::atomic::AtomicUsize>);

impl Busy {
    fn new(n: &Arc<std::sync::atomic::AtomicUsize>) -> Busy {
        n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Busy(n.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The router as a hyper service that counts the requests it is answering.
#[derive(Clone)]
struct Counted {
    inner: hyper_util::service::TowerToHyperService<Router>,
    busy: Arc<std::sync::atomic::AtomicUsize>,
}

impl hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Counted {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Response, std::convert::Infallible>> + Send>,
    >;

    fn call(&self, req: hyper::Request<hyper::body::Incoming>) -> Self::Future {
        let busy = Busy::new(&self.busy);
        let fut = self.inner.call(req);
        Box::pin(async move {
            let res = fut.await;
            drop(busy);
            res
        })
    }
}

/// Makes room for one more connection: closes the connection idle the longest, if any.
/// Returns false when every connection is answering a request.
fn evict_idle(conns: &Conns) -> bool {
    use std::sync::atomic::Ordering;
    let Ok(mut conns) = conns.lock() else {
        return false;
    };
    let idle = conns
        .iter()
        .find(|(_, c)| c.busy.load(Ordering::SeqCst) == 0)
        .map(|(&n, _)| n);
    match idle.and_then(|n| conns.remove(&n)) {
        Some(c) => {
            c.close.notify_one();
            true
        }
        None => false,
    }
}

/// The accept loop: HTTP/1.1 with `header_timeout` on each request's head and on an idle
/// connection, at most [`MAX_CONNECTIONS`] connections (the idle ones closed first).
pub async fn accept(listener: tokio::net::TcpListener, app: Router, header_timeout: Duration) {
    accept_with(
        listener,
        app,
        Limits {
            header_timeout,
            ..Limits::default()
        },
    )
    .await
}

/// [`accept`] with its limits given.
pub async fn accept_with(listener: tokio::net::TcpListener, app: Router, limits: Limits) {
    let conns: Conns = Arc::default();
    let mut next = 0u64;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: make room and wait a little rather
                // than spin.
                evict_idle(&conns);
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let full = conns
            .lock()
            .map(|c| c.len() >= limits.max_connections.max(1))
            .unwrap_or(true);
        if full && !evict_idle(&conns) {
            // Every connection is answering a request: this one waits for none of them.
            continue;
        }
        let (busy, close) = (Arc::default(), Arc::new(tokio::sync::Notify::new()));
        next += 1;
        let registered = Registered(conns.clone(), next);
        if let Ok(mut c) = conns.lock() {
            c.insert(
                next,
                Conn {
                    busy: Arc::clone(&busy),
                    close: close.clone(),
                },
            );
        }
        let _ = stream.set_nodelay(true);
        let service = Counted {
            inner: hyper_util::service::TowerToHyperService::new(app.clone()),
            busy,
        };
        tokio::spawn(async move {
            let _registered = registered;
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_header_size(MAX_HEAD_BYTES)
                .max_buf_size(MAX_HEAD_BYTES * 4)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = close.notified() => {
                    // Closes at once when idle; a request that arrived meanwhile is answered.
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(REQUEST_TIMEOUT, conn).await;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_as_typed() {
        use super::iso_date;
        assert_eq!(iso_date("2024-04-01").as_deref(), Some("2024-04-01"));
        assert_eq!(iso_date("2024/4/1").as_deref(), Some("2024-04-01"));
        assert_eq!(
            iso_date("２０２４年４月１日").as_deref(),
            Some("2024-04-01")
        );
        assert_eq!(iso_date("2024-02-30"), None);
        assert_eq!(iso_date("2024"), None);
        assert_eq!(iso_date("令和6年4月1日"), None);
    }
}
