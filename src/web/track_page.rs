//! The tracking page (`/track`): a figure across meetings (chart and table) and an agenda
//! item's history.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::app::{App, with_catalog, with_catalog_heavy};
use super::catalog::Catalog;
use super::error::WebError;
use super::html::{Section, esc, page, query_string, url_encode};
use super::params::{MAX_QUERY_CHARS, Params, TrackParams, params};
use super::parts::{NO_INDEX, kind_label, select};

pub(super) async fn track_page(State(app): State<Arc<App>>, p: Params<TrackParams>) -> Response {
    let p = match params(p) {
        Ok(p) => p,
        Err(e) => return e.page(),
    };
    if let Err(e) = p.checked() {
        return e.page();
    }
    let heavy = !(p.facts.trim().is_empty() && p.agenda.trim().is_empty());
    let work = move |c: Option<Arc<Catalog>>| {
        let req = TrackRequest {
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
        Ok(track(c.as_deref(), &req, &points, &history))
    };
    let page = if heavy {
        with_catalog_heavy(&app, work).await
    } else {
        with_catalog(&app, work).await
    };
    page.map(|h| Html(h).into_response())
        .unwrap_or_else(WebError::page)
}

/// A hidden field carrying the other form's value, so one search keeps the other's result.
fn hidden(name: &str, value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            esc(value)
        )
    }
}

/// What the tracking page was asked.
#[derive(Debug, Clone, Default)]
struct TrackRequest {
    /// Words of the figure to follow (`Libero ケース`), empty for none.
    facts: String,
    /// Its counter word (`件`), empty for any.
    unit: String,
    /// Only this council, empty for any.
    council: String,
    /// Words of the agenda item to follow, empty for none.
    agenda: String,
}

/// The tracking page: a figure across meetings (chart and table) and an agenda item's history.
fn track(
    catalog: Option<&Catalog>,
    req: &TrackRequest,
    points: &[crate::track::FactPoint],
    history: &[crate::track::AgendaAppearance],
) -> String {
    let mut b = String::from("<h1>推移を見る</h1>");
    let Some(c) = catalog else {
        b.push_str(NO_INDEX);
        return page("推移を見る", Section::Track, &b);
    };
    let units: Vec<(String, String)> = c
        .records
        .iter()
        .flat_map(|(_, r)| {
            r.facts
                .iter()
                .map(|f| crate::track::normalize_unit(&f.unit))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|u| (u.clone(), u))
        .collect();
    let councils: Vec<(String, String)> =
        c.councils().into_iter().map(|x| (x.clone(), x)).collect();
    let _ = write!(
        b,
        "<section id=\"facts\"><h2>数値の推移</h2>\
         <form class=\"search\" action=\"/track\" method=\"get\">\
         <label for=\"facts-q\">調べる数値の語</label><div class=\"row\">\
         <input type=\"search\" id=\"facts-q\" name=\"facts\" value=\"{}\" maxlength=\"{}\" aria-describedby=\"facts-hint\">\
         <button type=\"submit\">グラフを表示</button></div>\
         <p class=\"hint\" id=\"facts-hint\">例: <a href=\"/track?facts=Libero+%E3%82%B1%E3%83%BC%E3%82%B9&amp;unit=%E4%BB%B6\">Libero のケース数</a>、\
         <a href=\"/track?facts=%E9%83%A8%E4%BC%9A&amp;unit=%E5%9B%9E\">部会の開催回数</a></p>\
         <div class=\"grid\">{}{}</div>{}</form>",
        esc(&req.facts),
        MAX_QUERY_CHARS,
        select("unit", "単位", &units, &req.unit),
        select("council", "協議会", &councils, &req.council),
        hidden("agenda", &req.agenda),
    );
    if !req.facts.is_empty() {
        if points.is_empty() {
            let _ = write!(
                b,
                "<p class=\"count\" role=\"status\">「{}」に当たる数値は見つかりませんでした。</p>",
                esc(&req.facts)
            );
        } else {
            let q = query_string(&[
                ("q", &req.facts),
                ("unit", &req.unit),
                ("council", &req.council),
            ]);
            let _ = write!(
                b,
                "<figure class=\"chart\"><img id=\"chart\" src=\"/api/track/facts.svg{q}\" width=\"800\" height=\"420\" \
                 alt=\"「{}」の推移のグラフ（{} 点）。値は下の表のとおりです。\">\
                 <figcaption>「{}」の推移（{} 点）。<a href=\"/api/track/facts.svg{q}\">グラフだけを開く</a>・\
                 <a href=\"/api/track/facts{q}\">JSON</a></figcaption></figure>",
                esc(&req.facts),
                points.len(),
                esc(&req.facts),
                points.len(),
            );
            b.push_str(
                "<div class=\"table-wrap\"><table id=\"facts-table\"><caption>数値の一覧</caption><thead><tr>\
                 <th scope=\"col\">日付</th><th scope=\"col\">会議・資料</th><th scope=\"col\">値</th>\
                 <th scope=\"col\">項目</th><th scope=\"col\">原文</th></tr></thead><tbody>",
            );
            for p in points {
                let _ = write!(
                    b,
                    "<tr><td class=\"num\">{}</td><td><a href=\"/meetings/{}#L{}\">{}</a></td>\
                     <td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                    esc(p.date.as_deref().unwrap_or("日付不明")),
                    esc(&p.meeting_id),
                    p.line,
                    esc(p.meeting_title.as_deref().unwrap_or(&p.meeting_id)),
                    esc(&crate::track::value_text(p)),
                    esc(&p.subject),
                    esc(&p.quote),
                );
            }
            b.push_str("</tbody></table></div>");
        }
    }
    b.push_str("</section>");

    let _ = write!(
        b,
        "<section id=\"agenda-history\"><h2>議題の履歴</h2>\
         <form class=\"search\" action=\"/track\" method=\"get\">\
         <label for=\"agenda-q\">議題の語</label><div class=\"row\">\
         <input type=\"search\" id=\"agenda-q\" name=\"agenda\" value=\"{}\" maxlength=\"{}\" aria-describedby=\"agenda-hint\">\
         <button type=\"submit\">履歴を表示</button></div>\
         <p class=\"hint\" id=\"agenda-hint\">例: <a href=\"/track?agenda=%E9%87%8D%E5%B1%A4%E7%9A%84%E6%94%AF%E6%8F%B4\">重層的支援</a>、\
         <a href=\"/track?agenda=%E5%9C%B0%E5%9F%9F%E7%94%9F%E6%B4%BB%E6%94%AF%E6%8F%B4%E6%8B%A0%E7%82%B9\">地域生活支援拠点</a></p>{}{}{}</form>",
        esc(&req.agenda),
        MAX_QUERY_CHARS,
        hidden("facts", &req.facts),
        hidden("unit", &req.unit),
        hidden("council", &req.council),
    );
    if !req.agenda.is_empty() {
        if history.is_empty() {
            let _ = write!(
                b,
                "<p class=\"count\" role=\"status\">「{}」に当たる議題は見つかりませんでした。</p>",
                esc(&req.agenda)
            );
        } else {
            let q = query_string(&[("q", &req.agenda)]);
            let _ = write!(
                b,
                "<figure class=\"chart\"><img id=\"agenda-chart\" src=\"/api/track/agenda.svg{q}\" width=\"800\" height=\"420\" \
                 alt=\"議題「{}」の会議ごとの発言数のグラフ。内訳は下の表のとおりです。\">\
                 <figcaption>議題「{}」の会議ごとの発言数</figcaption></figure>",
                esc(&req.agenda),
                esc(&req.agenda),
            );
            let _ = write!(
                b,
                "<p class=\"count\" role=\"status\">{} 回の会議で取り上げられました（<a href=\"/api/track/agenda{}\">JSON</a>）。</p>\
                 <div class=\"table-wrap\"><table id=\"agenda-table\"><caption>「{}」の履歴</caption><thead><tr>\
                 <th scope=\"col\">日付</th><th scope=\"col\">会議</th><th scope=\"col\">議題</th>\
                 <th scope=\"col\">資料</th><th scope=\"col\">発言</th><th scope=\"col\">決定</th></tr></thead><tbody>",
                history.len(),
                query_string(&[("q", &req.agenda)]),
                esc(&req.agenda),
            );
            for h in history {
                let counts: Vec<String> = h
                    .entries_by_kind
                    .iter()
                    .map(|(k, n)| format!("{} {n}", esc(kind_label(k))))
                    .collect();
                let resolutions: Vec<String> = h.resolutions.iter().map(|r| esc(r)).collect();
                let _ = write!(
                    b,
                    "<tr><td class=\"num\">{}</td><td><a href=\"/meetings/{}#p-{}\">{}</a>{}</td>\
                     <td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(h.date.as_deref().unwrap_or("日付不明")),
                    esc(&h.meeting_id),
                    esc(&url_encode(&h.path)),
                    esc(h.meeting_title.as_deref().unwrap_or(&h.meeting_id)),
                    h.body
                        .as_deref()
                        .map(|x| format!("<br><span class=\"meta\">{}</span>", esc(x)))
                        .unwrap_or_default(),
                    esc(&h.path),
                    esc(&h.title),
                    esc(&h.materials.join("、")),
                    counts.join("<br>"),
                    resolutions.join("<br>"),
                );
            }
            b.push_str("</tbody></table></div>");
        }
    }
    b.push_str("</section>");
    let title = match (req.facts.is_empty(), req.agenda.is_empty()) {
        (false, _) => format!("「{}」の推移", req.facts),
        (true, false) => format!("「{}」の議題の履歴", req.agenda),
        _ => "推移を見る".to_string(),
    };
    page(&title, Section::Track, &b)
}
