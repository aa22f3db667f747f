//! The speakers' pages: `/speakers` lists the people who spoke with their counts, and
//! `/speakers/{key}` what one person said, meeting by meeting (see [`crate::people`]).

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use super::app::{App, with_catalog};
use super::error::WebError;
use super::html::{Section, esc, page, url_encode};
use super::parts::kind_label;
use crate::people::{self, Person};
use crate::record::{PersonGroup, Role};

/// The longest key a speaker's address may carry.
const MAX_KEY_CHARS: usize = 80;

fn group_label(p: &Person) -> &'static str {
    match (p.group, p.role) {
        (PersonGroup::Member, Some(Role::Chair)) => "委員（会長・部会長）",
        (PersonGroup::Member, Some(Role::ViceChair)) => "委員（副会長・副部会長）",
        (PersonGroup::Member, _) => "委員",
        (PersonGroup::Secretariat, _) => "事務局",
        (PersonGroup::Observer, _) => "オブザーバー",
    }
}

/// `GET /speakers`.
pub(super) async fn speakers_page(State(app): State<Arc<App>>) -> Response {
    with_catalog(&app, |c| {
        let mut body = String::from("<h1>発言者</h1>");
        let Some(c) = c else {
            body.push_str(
                "<p class=\"notice\" role=\"alert\">索引がまだありません。<code>gijiroku ingest</code> で議事録を取り込んでください。</p>",
            );
            return Ok(page("発言者", Section::Speakers, &body));
        };
        let people = people::directory(&c.records);
        body.push_str(
            "<p class=\"hint\">出席者名簿と照らし合わせた発言者です（「田中委員」「○田中委員長」「髙橋」「高橋」などの書き方の違いは同じ人にまとめています）。</p>\
             <div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">氏名</th><th scope=\"col\">区分</th>\
             <th scope=\"col\">所属</th><th scope=\"col\" class=\"num\">発言</th><th scope=\"col\" class=\"num\">質問</th>\
             <th scope=\"col\" class=\"num\">回答</th><th scope=\"col\" class=\"num\">会議</th></tr></thead><tbody>",
        );
        for p in &people {
            let _ = write!(
                body,
                "<tr><td><a href=\"/speakers/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                url_encode(&p.key),
                esc(&p.name),
                group_label(p),
                esc(&p.organizations.join("、")),
                p.turns,
                p.questions,
                p.answers,
                p.meetings
            );
        }
        body.push_str("</tbody></table></div>");
        Ok(page("発言者", Section::Speakers, &body))
    })
    .await
    .map(|h| Html(h).into_response())
    .unwrap_or_else(WebError::page)
}

/// `GET /speakers/{key}`.
pub(super) async fn speaker_page(State(app): State<Arc<App>>, Path(key): Path<String>) -> Response {
    if key.chars().count() > MAX_KEY_CHARS || key.contains(['/', '\\']) {
        return WebError::NotFound("この発言者のページはありません。".into()).page();
    }
    with_catalog(&app, move |c| {
        let c = c.ok_or(WebError::NoIndex)?;
        let people = people::directory(&c.records);
        let person = people
            .iter()
            .find(|p| p.key == key)
            .ok_or_else(|| WebError::NotFound("この発言者は索引にありません。".into()))?;
        let mut body = format!(
            "<h1>{}</h1><p class=\"meta\">{}{}　発言 {} 件（質問 {}・回答 {}）、{} 回の会議</p>\
             <p class=\"hint\">議事録での表記: {}</p><p><a href=\"/qa?speaker={}\">この人の質問と回答を見る</a></p>",
            esc(&person.name),
            group_label(person),
            if person.organizations.is_empty() {
                String::new()
            } else {
                format!("　{}", esc(&person.organizations.join("、")))
            },
            person.turns,
            person.questions,
            person.answers,
            person.meetings,
            esc(&person.spellings.join("、")),
            url_encode(&person.name),
        );
        for m in people::spoken(&c.records, &person.key).iter().rev() {
            let _ = write!(
                body,
                "<h2><a href=\"/meetings/{}\">{} {}</a></h2><ol class=\"hits\">",
                esc(&m.meeting_id),
                esc(m.date.as_deref().unwrap_or("")),
                esc(&m.title)
            );
            for (agenda, _, e) in &m.entries {
                let kind = e.kind.as_str();
                let _ = write!(
                    body,
                    "<li class=\"kind-{kind}\"><p class=\"meta\">{}</p><p class=\"snippet\">\
                     <span class=\"tag kind\">{}</span><a href=\"/meetings/{}#L{}\">{}</a>：{}</p></li>",
                    agenda
                        .as_deref()
                        .map(|a| format!("議題 {}", esc(a)))
                        .unwrap_or_default(),
                    esc(kind_label(kind)),
                    esc(&m.meeting_id),
                    e.line,
                    esc(e.speaker.as_deref().unwrap_or(&person.name)),
                    esc(&e.text)
                );
            }
            body.push_str("</ol>");
        }
        Ok(page(&person.name, Section::Speakers, &body))
    })
    .await
    .map(|h| Html(h).into_response())
    .unwrap_or_else(WebError::page)
}
