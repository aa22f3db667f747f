//! The search page (`/`): the form, and a page of hits with their snippets, pairs and pager.

use chrono::NaiveDate;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::app::{App, with_catalog};
use super::catalog::Catalog;
use super::error::WebError;
use super::html::{Section, esc, marked, page, query_string, url_encode};
use super::params::{
    MAX_QUERY_CHARS, PER_PAGE, Params, SearchParams, SearchRequest, SearchResults, max_page, params,
};
use super::parts::{NO_INDEX, input, select};
use super::qa_page::hit_pair_html;
use crate::index::DocType;
use crate::index::search::{Filters, Hit};
use crate::record::{DocumentKind, EntryKind};

pub(super) async fn search_page(State(app): State<Arc<App>>, p: Params<SearchParams>) -> Response {
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
        Ok(search(
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

/// The search form, filled in with the request.
fn search_form(catalog: Option<&Catalog>, req: &SearchRequest) -> String {
    let pairs = |v: Vec<String>| -> Vec<(String, String)> {
        v.into_iter().map(|x| (x.clone(), x)).collect()
    };
    let councils = catalog.map(|c| pairs(c.councils())).unwrap_or_default();
    let bodies = catalog.map(|c| pairs(c.bodies())).unwrap_or_default();
    let kinds: Vec<(String, String)> = EntryKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), k.label_ja().to_string()))
        .collect();
    let f = &req.filters;
    let any_filter = f.from.is_some()
        || f.to.is_some()
        || f.council.is_some()
        || f.body.is_some()
        || f.kind.is_some()
        || f.speaker.is_some();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let day = |d: &Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut s = String::new();
    s.push_str("<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">");
    let _ = write!(
        s,
        "<label for=\"q\">検索語</label><div class=\"row\"><input type=\"search\" id=\"q\" name=\"q\" \
         value=\"{}\" maxlength=\"{}\" autocomplete=\"off\" aria-describedby=\"q-hint\">\
         <button type=\"submit\">検索</button></div>\
         <p class=\"hint\" id=\"q-hint\">空白で区切ると「すべてを含む発言」、\"…\" で語句、-語 で除外。例: 重層的支援　地域部会 -報告</p>",
        esc(&req.query),
        MAX_QUERY_CHARS
    );
    let _ = write!(
        s,
        "<details{}><summary>絞り込み（期間・協議会・会議体・発言の種類・発言者）</summary><div class=\"grid\">",
        if any_filter { " open" } else { "" }
    );
    s.push_str(&input("from", "期間（から）", "date", &day(&f.from), ""));
    s.push_str(&input("to", "期間（まで）", "date", &day(&f.to), ""));
    s.push_str(&select("council", "協議会", &councils, &opt(&f.council)));
    s.push_str(&select("body", "会議体", &bodies, &opt(&f.body)));
    s.push_str(&select(
        "kind",
        "発言の種類",
        &kinds,
        f.kind.map_or("", EntryKind::as_str),
    ));
    s.push_str(&input(
        "speaker",
        "発言者（一部でも可）",
        "text",
        &opt(&f.speaker),
        " placeholder=\"例: 会長、事務局\"",
    ));
    s.push_str("</div></details></form>");
    s
}

/// The link from a hit to the place in its meeting's page.
fn hit_href(h: &Hit, query: &str) -> String {
    let fragment = match h.doc_type {
        DocType::Entry | DocType::Section => h.line.map(|l| format!("#L{l}")).unwrap_or_default(),
        DocType::Agenda => h
            .agenda_ref
            .as_ref()
            .map(|a| format!("#a-{}", url_encode(a)))
            .unwrap_or_else(|| "#agenda".into()),
        DocType::Material => "#materials".into(),
        DocType::Header | DocType::Record => String::new(),
    };
    format!(
        "/meetings/{}{}{}",
        url_encode(&h.meeting_id),
        query_string(&[("q", query)]),
        fragment
    )
}

/// The search page: the form, and the hits when a search was made.
///
/// `problem` is shown above the form when the request could not be run as given.
fn search(
    catalog: Option<&Catalog>,
    req: &SearchRequest,
    results: Option<&SearchResults>,
    problem: Option<&str>,
) -> String {
    let mut body = String::from("<h1>議事録を検索</h1>");
    if catalog.is_none() {
        body.push_str(NO_INDEX);
    }
    if let Some(p) = problem {
        let _ = write!(body, "<p class=\"notice\" role=\"alert\">{}</p>", esc(p));
    }
    body.push_str(&search_form(catalog, req));
    if let Some(r) = results {
        body.push_str(&hits_html(req, r));
    } else if let Some(c) = catalog {
        let minutes = c
            .records
            .iter()
            .filter(|(_, r)| r.kind == DocumentKind::Minutes)
            .count();
        let _ = write!(
            body,
            "<p class=\"count\">索引には会議録 {minutes} 件、資料 {} 件があります。<a href=\"/meetings\">会議一覧</a>からも探せます。</p>",
            c.records.len() - minutes
        );
    }
    let title = if req.query.is_empty() {
        "検索".to_string()
    } else {
        format!("「{}」の検索結果", req.query)
    };
    page(&title, Section::Search, &body)
}

fn hits_html(req: &SearchRequest, r: &SearchResults) -> String {
    let mut s = String::new();
    let first = (req.page - 1) * req.per_page + 1;
    let heading = if req.query.is_empty() {
        "検索結果".to_string()
    } else {
        format!("「{}」の検索結果", esc(&req.query))
    };
    if r.hits.is_empty() {
        let _ = write!(
            s,
            "<h2 id=\"results\">{heading}</h2><p class=\"count\" role=\"status\">{}</p>",
            if req.page > 1 {
                "このページには結果がありません。"
            } else {
                "見つかりませんでした。語を短くするか、絞り込みを外してみてください。"
            }
        );
        return s;
    }
    let last = first + r.hits.len() - 1;
    let _ = write!(
        s,
        "<h2 id=\"results\">{heading}</h2><p class=\"count\" role=\"status\">{first}〜{last} 件目を表示{}</p><ol class=\"hits\" start=\"{first}\">",
        if r.has_more {
            "（続きがあります）"
        } else {
            ""
        }
    );
    for h in &r.hits {
        let mut meta = Vec::new();
        if let Some(b) = &h.body {
            meta.push(esc(b));
        }
        if let Some(a) = &h.agenda_ref {
            meta.push(format!("議題 {}", esc(a)));
        }
        if let Some(hd) = &h.heading
            && h.doc_type == DocType::Entry
        {
            meta.push(esc(hd));
        }
        let kind = match &h.kind {
            Some(k) => format!("<span class=\"tag kind\">{}</span>", esc(k.label_ja())),
            None => format!("<span class=\"tag\">{}</span>", esc(h.doc_type.label_ja())),
        };
        let speaker = h
            .speaker
            .as_ref()
            .map(|sp| format!("<span class=\"speaker\">{}</span>", esc(sp)))
            .unwrap_or_default();
        for m in &h.distributed_at {
            meta.push(format!(
                "配布された会議: <a href=\"/meetings/{}#materials\">{} {}</a>",
                esc(&m.meeting_id),
                esc(m.date.as_deref().unwrap_or("")),
                esc(&m.title)
            ));
        }
        let _ = write!(
            s,
            "<li class=\"kind-{kclass}\"><h3><a href=\"{href}\">{date} {title}</a></h3>\
             <p class=\"meta\">{meta}</p><p class=\"snippet\">{kind}{speaker}{speaker_sep}{snip}</p>{pair}</li>",
            kclass = esc(h.kind.map_or(h.doc_type.as_str(), EntryKind::as_str)),
            href = hit_href(h, &req.query),
            date = esc(h.date.as_deref().unwrap_or("")),
            title = esc(&h.title),
            meta = meta.join(" ／ "),
            speaker_sep = if h.speaker.is_some() { "：" } else { "" },
            snip = marked(&h.snippet, &h.highlights),
            pair = hit_pair_html(h),
        );
    }
    s.push_str("</ol>");
    s.push_str(&pager(req, r.has_more));
    s
}

fn pager(req: &SearchRequest, has_more: bool) -> String {
    let f = &req.filters;
    let link = |p: usize| {
        let page = p.to_string();
        let o = |x: &Option<String>| x.clone().unwrap_or_default();
        let day = |d: &Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (from, to, council, body, kind, speaker) = (
            day(&f.from),
            day(&f.to),
            o(&f.council),
            o(&f.body),
            f.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
            o(&f.speaker),
        );
        format!(
            "/{}",
            query_string(&[
                ("q", &req.query),
                ("from", &from),
                ("to", &to),
                ("council", &council),
                ("body", &body),
                ("kind", &kind),
                ("speaker", &speaker),
                ("page", if p > 1 { &page } else { "" }),
            ])
        )
    };
    let mut s = String::from("<nav class=\"pager\" aria-label=\"ページ送り\">");
    if req.page > 1 {
        let _ = write!(
            s,
            "<a href=\"{}\" rel=\"prev\">← 前の {} 件</a>",
            link(req.page - 1),
            req.per_page
        );
    } else {
        s.push_str("<span></span>");
    }
    if has_more && req.page < max_page(req.per_page) {
        let _ = write!(
            s,
            "<a href=\"{}\" rel=\"next\">次の {} 件 →</a>",
            link(req.page + 1),
            req.per_page
        );
    }
    s.push_str("</nav>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::fixture::{catalog, id_of};

    fn request(query: &str) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Filters::default(),
            page: 1,
            per_page: 20,
        }
    }

    fn results(query: &str) -> SearchResults {
        let filters = Filters {
            limit: 21,
            ..Filters::default()
        };
        let hits = catalog().searcher.search(query, &filters).unwrap();
        SearchResults {
            query: query.into(),
            page: 1,
            per_page: 20,
            has_more: false,
            hits,
        }
    }

    #[test]
    fn hits_link_to_the_line_of_their_meeting_with_the_query() {
        let req = request("相談支援部会");
        let r = results("相談支援部会");
        let html = search(Some(catalog()), &req, Some(&r), None);
        assert!(html.contains("<title>「相談支援部会」の検索結果"), "{html}");
        let verbatim = id_of("2024-07-10");
        let entry = r
            .hits
            .iter()
            .find(|h| h.meeting_id == verbatim && h.doc_type == DocType::Entry)
            .expect("an entry of the verbatim minutes");
        let href = hit_href(entry, &req.query);
        assert!(
            href.starts_with(&format!("/meetings/{verbatim}?q=")),
            "{href}"
        );
        assert!(
            href.ends_with(&format!("#L{}", entry.line.unwrap())),
            "{href}"
        );
        assert!(html.contains(&esc(&href)), "{html}");
        assert!(html.contains("<mark>"), "{html}");
    }

    #[test]
    fn before_a_search_counts_what_the_index_holds() {
        let html = search(Some(catalog()), &request(""), None, None);
        assert!(
            html.contains("索引には会議録 2 件、資料 1 件があります。"),
            "{html}"
        );
        assert!(!html.contains(NO_INDEX));
    }

    #[test]
    fn a_problem_is_shown_above_the_form_escaped() {
        let html = search(None, &request("<b>"), None, Some("日付 <b> は読めません"));
        assert!(html.contains(NO_INDEX));
        assert!(
            html.contains("role=\"alert\">日付 &lt;b&gt; は読めません</p>"),
            "{html}"
        );
        assert!(!html.contains("<b>"));
    }
}
