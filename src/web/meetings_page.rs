//! The list of meetings (`/meetings`): every indexed meeting and material, newest first.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::app::{App, with_catalog};
use super::catalog::Catalog;
use super::error::WebError;
use super::html::{Section, esc, page};
use super::parts::{NO_INDEX, record_date, record_title};
use crate::record::{DocumentKind, Record};

pub(super) async fn meetings_page(State(app): State<Arc<App>>) -> Response {
    with_catalog(&app, |c| Ok(meetings(c.as_deref())))
        .await
        .map(|h| Html(h).into_response())
        .unwrap_or_else(WebError::page)
}

/// The list of every indexed meeting and material, newest first.
fn meetings(catalog: Option<&Catalog>) -> String {
    let mut body = String::from("<h1>会議一覧</h1>");
    let Some(c) = catalog else {
        body.push_str(NO_INDEX);
        return page("会議一覧", Section::Meetings, &body);
    };
    for (kind, heading) in [
        (DocumentKind::Minutes, "会議録・会議概要"),
        (DocumentKind::Material, "資料"),
    ] {
        let rows: Vec<&(String, Record)> = c
            .records
            .iter()
            .rev()
            .filter(|(_, r)| r.kind == kind)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = write!(
            body,
            "<h2>{heading}（{} 件）</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">日付</th>\
             <th scope=\"col\">表題</th><th scope=\"col\">会議体</th></tr></thead><tbody>",
            rows.len()
        );
        for (id, r) in rows {
            let _ = write!(
                body,
                "<tr><td class=\"num\">{}</td><td><a href=\"/meetings/{}\">{}</a></td><td>{}</td></tr>",
                esc(&record_date(r)),
                esc(id),
                esc(&record_title(r)),
                esc(r.meeting.body.as_deref().unwrap_or("")),
            );
        }
        body.push_str("</tbody></table></div>");
    }
    page("会議一覧", Section::Meetings, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::fixture::{catalog, id_of};

    #[test]
    fn lists_minutes_and_materials_newest_first_with_their_links() {
        let html = meetings(Some(catalog()));
        assert!(html.contains("<h2>会議録・会議概要（2 件）</h2>"), "{html}");
        assert!(html.contains("<h2>資料（1 件）</h2>"), "{html}");
        let summary = html
            .find(&format!("href=\"/meetings/{}\"", id_of("2025-02-17")))
            .expect("the summary is listed");
        let verbatim = html
            .find(&format!("href=\"/meetings/{}\"", id_of("2024-07-10")))
            .expect("the verbatim minutes are listed");
        assert!(summary < verbatim, "newest first");
        assert!(
            html.contains("<td class=\"num\">2024-07-10（水）</td>"),
            "{html}"
        );
        assert!(html.contains("<td>相談支援部会</td>"), "{html}");
    }

    #[test]
    fn without_an_index_says_how_to_make_one() {
        let html = meetings(None);
        assert!(html.contains(NO_INDEX));
        assert!(!html.contains("<table>"));
    }
}
