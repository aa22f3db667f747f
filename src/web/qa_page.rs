//! The 質疑応答 page (`/qa`): questions with their answers, by meeting or for a query, and the
//! pair shown beneath a search hit on a question or an answer.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::app::{App, with_catalog};
use super::error::WebError;
use super::html::{Section, esc, page};
use super::params::{
    MAX_QUERY_CHARS, Params, check_text_fields, checked_date, non_empty, params, valid_id,
};
use crate::index::search::{Filters, Hit};
use crate::qa::{self, Pair, PairFilters, Said};
use crate::record::EntryKind;

/// The most pairs the page lists.
const MAX_PAIRS: usize = 200;

/// The page's parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct QaParams {
    q: String,
    from: String,
    to: String,
    council: String,
    body: String,
    speaker: String,
    meeting: String,
}

impl QaParams {
    fn filters(&self) -> Result<PairFilters, WebError> {
        check_text_fields(&self.q, &self.council, &self.body, &self.speaker)?;
        let meeting = match non_empty(&self.meeting) {
            Some(m) => Some(valid_id(&m)?),
            None => None,
        };
        Ok(PairFilters {
            from: checked_date("から", &self.from)?,
            to: checked_date("まで", &self.to)?,
            council: non_empty(&self.council),
            body: non_empty(&self.body),
            meeting,
            speaker: non_empty(&self.speaker),
        })
    }
}

/// `GET /qa`.
pub(super) async fn qa_page(State(app): State<Arc<App>>, p: Params<QaParams>) -> Response {
    let p = match params(p) {
        Ok(p) => p,
        Err(e) => return e.page(),
    };
    let filters = match p.filters() {
        Ok(f) => f,
        Err(e) => return e.page(),
    };
    let query = p.q.trim().to_string();
    with_catalog(&app, move |c| {
        let Some(c) = c else {
            return Ok(render(&query, &p, None));
        };
        let pairs = if query.is_empty() {
            qa::pairs(&c.records, &filters)
        } else {
            let search = Filters {
                from: filters.from,
                to: filters.to,
                council: filters.council.clone(),
                body: filters.body.clone(),
                limit: 50,
                ..Filters::default()
            };
            let allowed = qa::pairs(&c.records, &filters);
            let mut found = qa::matching(&c.searcher, &query, &search)?;
            found.retain(|p| {
                allowed
                    .iter()
                    .any(|a| a.meeting_id == p.meeting_id && a.question.entry == p.question.entry)
            });
            found
        };
        Ok(render(&query, &p, Some(&pairs)))
    })
    .await
    .map(|h| Html(h).into_response())
    .unwrap_or_else(WebError::page)
}

fn render(query: &str, p: &QaParams, pairs: Option<&[Pair]>) -> String {
    let mut body = String::from("<h1>質疑応答</h1>");
    let _ = write!(
        body,
        "<form class=\"search\" action=\"/qa\" method=\"get\" role=\"search\">\
         <label for=\"q\">質問・回答の語句</label><div class=\"row\"><input type=\"search\" id=\"q\" \
         name=\"q\" value=\"{}\" maxlength=\"{}\"><button type=\"submit\">探す</button></div>\
         <div class=\"grid\"><div><label for=\"speaker\">質問した人</label><input type=\"text\" \
         id=\"speaker\" name=\"speaker\" value=\"{}\"></div>\
         <div><label for=\"from\">期間（から）</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{}\"></div>\
         <div><label for=\"to\">期間（まで）</label><input type=\"date\" id=\"to\" name=\"to\" value=\"{}\"></div></div>\
         <p class=\"hint\">空欄なら、すべての会議の質問と回答を会議ごとに一覧します（質問・答弁集）。</p></form>",
        esc(query),
        MAX_QUERY_CHARS,
        esc(&p.speaker),
        esc(&p.from),
        esc(&p.to),
    );
    let Some(pairs) = pairs else {
        body.push_str(
            "<p class=\"notice\" role=\"alert\">索引がまだありません。<code>gijiroku ingest</code> で議事録を取り込んでください。</p>",
        );
        return page("質疑応答", Section::Qa, &body);
    };
    if pairs.is_empty() {
        body.push_str("<p class=\"notice\">該当する質問と回答はありません。</p>");
        return page("質疑応答", Section::Qa, &body);
    }
    let _ = write!(
        body,
        "<p class=\"count\">{} 件の質問と回答{}</p>",
        pairs.len(),
        if pairs.len() > MAX_PAIRS {
            format!("（先頭の {MAX_PAIRS} 件を表示）")
        } else {
            String::new()
        }
    );
    let mut last: Option<&str> = None;
    for p in pairs.iter().take(MAX_PAIRS) {
        if last != Some(p.meeting_id.as_str()) {
            if last.is_some() {
                body.push_str("</ol>");
            }
            let _ = write!(
                body,
                "<h2><a href=\"/meetings/{}\">{} {}</a></h2><ol class=\"hits qa\">",
                esc(&p.meeting_id),
                esc(p.date.as_deref().unwrap_or("")),
                esc(&p.title)
            );
            last = Some(&p.meeting_id);
        }
        let place = [p.agenda_ref.as_deref(), p.heading.as_deref()]
            .into_iter()
            .flatten()
            .map(esc)
            .collect::<Vec<_>>()
            .join(" ");
        let _ = write!(
            body,
            "<li class=\"pair\"><p class=\"meta\">{place}</p>{}",
            said_html(&p.meeting_id, &p.question, false)
        );
        for a in &p.answers {
            body.push_str(&said_html(&p.meeting_id, a, true));
        }
        body.push_str("</li>");
    }
    body.push_str("</ol>");
    page("質疑応答", Section::Qa, &body)
}

/// One side of a pair: its kind, who said it (linked to the line in its meeting) and the text.
fn said_html(meeting_id: &str, s: &Said, answer: bool) -> String {
    let kind = if answer {
        EntryKind::Answer
    } else if s.kind == EntryKind::Question {
        EntryKind::Question
    } else {
        EntryKind::Opinion
    };
    let (class, label) = (kind.as_str(), kind.label_ja());
    let who = match s.who() {
        w if w.is_empty() => "発言者の記載なし".to_string(),
        w => w,
    };
    format!(
        "<div class=\"said kind-{class}\"><p><span class=\"tag kind\">{label}</span>\
         <a class=\"speaker\" href=\"/meetings/{}#L{}\">{}</a></p><p class=\"entry-text\">{}</p></div>",
        esc(meeting_id),
        s.line,
        esc(&who),
        esc(&s.text)
    )
}

/// The pair beneath a search hit: a question's answers, an answer's question (empty when the
/// hit has neither).
pub(super) fn hit_pair_html(h: &Hit) -> String {
    if h.question.is_none() && h.answers.is_empty() {
        return String::new();
    }
    let mut s = String::from("<div class=\"pair\">");
    if let Some(q) = &h.question {
        s.push_str(&said_html(&h.meeting_id, q, false));
    }
    for a in &h.answers {
        s.push_str(&said_html(&h.meeting_id, a, true));
    }
    s.push_str("</div>");
    s
}
