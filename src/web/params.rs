//! The request parameters: the query-string structs of the pages and the API, how they are read
//! and checked (lengths, dates, kinds, pages, ids) before anything is looked up.

use axum::extract::Query;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::error::WebError;
use super::server::MAX_URI_BYTES;
use crate::index::search::{Filters, Hit, MAX_LIMIT};
use crate::record::EntryKind;

/// The longest query (in characters) a page or the API accepts.
pub const MAX_QUERY_CHARS: usize = 200;
/// Hits per page on the search page (and the API's default).
pub const PER_PAGE: usize = 20;
/// The most hits per page the API gives.
pub const MAX_PER_PAGE: usize = 100;

/// The last page that can be asked for with `per_page` hits a page (hits stop at [`MAX_LIMIT`]).
pub fn max_page(per_page: usize) -> usize {
    (MAX_LIMIT / per_page.max(1)).max(1)
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

pub(super) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub(super) fn check_len(what: &str, s: &str) -> Result<(), WebError> {
    if s.chars().count() > MAX_QUERY_CHARS {
        return Err(WebError::BadRequest(format!(
            "{what}が長すぎます（{MAX_QUERY_CHARS} 文字まで）。"
        )));
    }
    Ok(())
}

/// Checks the lengths of the free-text fields a search and the 質疑応答 page share.
pub(super) fn check_text_fields(
    q: &str,
    council: &str,
    body: &str,
    speaker: &str,
) -> Result<(), WebError> {
    for (what, v) in [
        ("検索語", q),
        ("協議会", council),
        ("会議体", body),
        ("発言者", speaker),
    ] {
        check_len(what, v)?;
    }
    Ok(())
}

/// A period's date parameter (`what` names the end, `から` or `まで`): none when empty, else
/// the date in ISO form, or why it is not one.
pub(super) fn checked_date(what: &str, v: &str) -> Result<Option<NaiveDate>, WebError> {
    match non_empty(v) {
        None => Ok(None),
        Some(d) => iso_date(&d)
            .and_then(|iso| NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok())
            .map(Some)
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "期間（{what}）の日付 {d:?} は YYYY-MM-DD の形で指定してください。"
                ))
            }),
    }
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
        check_text_fields(&self.q, &self.council, &self.body, &self.speaker)?;
        let kind = match non_empty(&self.kind) {
            None => None,
            Some(k) => Some(k.parse::<EntryKind>().map_err(|_| {
                let names: Vec<&str> = EntryKind::ALL.iter().map(|k| k.as_str()).collect();
                WebError::BadRequest(format!(
                    "発言の種類 {k:?} はありません（{}）。",
                    names.join(", ")
                ))
            })?),
        };
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
                from: checked_date("から", &self.from)?,
                to: checked_date("まで", &self.to)?,
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
    pub(super) fn checked(&self) -> Result<(), WebError> {
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

    pub(super) fn fact_query(&self, words: &str) -> crate::track::FactQuery {
        crate::track::FactQuery {
            query: words.trim().to_string(),
            unit: non_empty(&self.unit),
            council: non_empty(&self.council),
            all: matches!(self.all.as_str(), "1" | "true" | "on"),
        }
    }
}

/// Query parameters, or why they could not be read.
pub(super) type Params<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

pub(super) fn params<T>(p: Params<T>) -> Result<T, WebError> {
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

/// `q` on a meeting page: the query to mark.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct MarkParams {
    pub(super) q: String,
}

/// The words a tracking API request follows (`q`, else `facts`, else `agenda`).
pub(super) fn words_of(p: &TrackParams) -> Result<String, WebError> {
    p.checked()?;
    non_empty(&p.q)
        .or_else(|| non_empty(&p.facts))
        .or_else(|| non_empty(&p.agenda))
        .ok_or_else(|| WebError::BadRequest("q（調べる語）を指定してください。".into()))
}

/// Checks a request target (`/path?query`) as the server does before anything is looked up:
/// its length and syntax (as hyper and the server's guard refuse them), the query string read into each
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
