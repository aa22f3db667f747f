//! The JSON API (`/api/…`): the hits of a search, the meetings, one record, and tracking as JSON
//! and SVG.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Json, Response};
use serde::Serialize;

use super::app::{App, lookup, require, with_catalog, with_catalog_heavy};
use super::catalog::Catalog;
use super::error::WebError;
use super::params::{Params, SearchParams, TrackParams, params, valid_id, words_of};
use super::parts::record_title;

pub(super) async fn api_search(State(app): State<Arc<App>>, p: Params<SearchParams>) -> Response {
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
        .map(json_response)
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

pub(super) async fn api_meetings(State(app): State<Arc<App>>) -> Response {
    with_catalog(&app, |c| {
        let c = require(c)?;
        Ok(c.records
            .iter()
            .map(|(id, r)| MeetingSummary {
                id: id.clone(),
                kind: r.kind,
                title: record_title(r),
                date: r.meeting.date.clone().or_else(|| r.issued.clone()),
                council: r.meeting.council.clone(),
                body: r.meeting.body.clone(),
                path: r.source.path.clone(),
            })
            .collect::<Vec<_>>())
    })
    .await
    .map(json_response)
    .unwrap_or_else(WebError::json)
}

pub(super) async fn api_meeting(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let id = match valid_id(&id) {
        Ok(id) => id,
        Err(e) => return e.json(),
    };
    with_catalog(&app, move |c| {
        let c = require(c)?;
        lookup(&c, &id).cloned()
    })
    .await
    .map(json_response)
    .unwrap_or_else(WebError::json)
}

/// Answers a tracking request: its parameters and the words it follows checked, then `work` on
/// the loaded records among the expensive requests, its result made a response by `respond`;
/// every error as JSON.
async fn track_api<T: Send + 'static>(
    app: &Arc<App>,
    p: Params<TrackParams>,
    work: impl FnOnce(&Catalog, &TrackParams, &str) -> Result<T, WebError> + Send + 'static,
    respond: fn(T) -> Response,
) -> Response {
    let checked = params(p).and_then(|p| words_of(&p).map(|words| (p, words)));
    let (p, words) = match checked {
        Ok(pw) => pw,
        Err(e) => return e.json(),
    };
    with_catalog_heavy(app, move |c| work(&*require(c)?, &p, &words))
        .await
        .map(respond)
        .unwrap_or_else(WebError::json)
}

/// A JSON answer.
fn json_response<T: Serialize>(value: T) -> Response {
    Json(value).into_response()
}

pub(super) async fn api_track_facts(
    State(app): State<Arc<App>>,
    p: Params<TrackParams>,
) -> Response {
    track_api(
        &app,
        p,
        |c, p, words| Ok(crate::track::facts(&c.records, &p.fact_query(words))),
        json_response,
    )
    .await
}

pub(super) async fn api_track_svg(State(app): State<Arc<App>>, p: Params<TrackParams>) -> Response {
    track_api(
        &app,
        p,
        |c, p, words| {
            let q = p.fact_query(words);
            let points = crate::track::facts(&c.records, &q);
            let title = match &q.unit {
                Some(u) => format!("「{words}」の推移（{u}）"),
                None => format!("「{words}」の推移"),
            };
            Ok(crate::track::svg(&points, &title))
        },
        svg_response,
    )
    .await
}

pub(super) async fn api_track_agenda_svg(
    State(app): State<Arc<App>>,
    p: Params<TrackParams>,
) -> Response {
    track_api(
        &app,
        p,
        |c, _, words| {
            let history = crate::track::agenda(&c.records, words);
            Ok(crate::track::svg(
                &crate::track::agenda_series(&history),
                &format!("議題「{words}」の発言数"),
            ))
        },
        svg_response,
    )
    .await
}

pub(super) async fn api_track_agenda(
    State(app): State<Arc<App>>,
    p: Params<TrackParams>,
) -> Response {
    track_api(
        &app,
        p,
        |c, _, words| Ok(crate::track::agenda(&c.records, words)),
        json_response,
    )
    .await
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
