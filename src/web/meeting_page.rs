//! One meeting's page (`/meetings/{id}`): header, attendance, agenda, materials, proceedings
//! (with the query that led here marked), facts; for a material, its sections and directory.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use super::app::{App, lookup, require, with_catalog};
use super::catalog::Catalog;
use super::error::WebError;
use super::html::{Section, dl_row, esc, marked, page, url_encode};
use super::params::{MarkParams, Params, check_len, params, valid_id};
use super::parts::{kind_label, num, record_date, record_title};
use crate::index::search::snippet;
use crate::record::{AgendaItem, DocumentKind, Entry, Record, Role, Style};

pub(super) async fn meeting_page(
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
        Ok(meeting(&c, &id, r, p.q.trim()))
    })
    .await
    .map(|h| Html(h).into_response())
    .unwrap_or_else(WebError::page)
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Chair => "◎ 会長・部会長",
        Role::ViceChair => "○ 副会長・副部会長",
        Role::Member => "委員",
    }
}

fn agenda_html(
    items: &[AgendaItem],
    r: &Record,
    links: &[crate::track::MaterialLink],
    out: &mut String,
) {
    out.push_str("<ul class=\"agenda\">");
    for item in items {
        let _ = write!(out, "<li id=\"a-{}\">", esc(&item.path));
        let has_section = r
            .proceedings
            .iter()
            .any(|s| s.agenda_ref.as_deref() == Some(item.path.as_str()));
        let label = format!(
            "{}{}",
            item.number.as_deref().map(esc).unwrap_or_default(),
            esc(&item.title)
        );
        if has_section {
            let _ = write!(
                out,
                "<a href=\"#p-{}\">{label}</a>",
                esc(&url_encode(&item.path))
            );
        } else {
            out.push_str(&label);
        }
        if !item.materials.is_empty() {
            out.push('（');
            let links: Vec<String> = item
                .materials
                .iter()
                .map(
                    |m| match links.iter().position(|x| x.id.as_deref() == Some(m)) {
                        Some(i) => format!("<a href=\"#m-{i}\">{}</a>", esc(m)),
                        None => esc(m),
                    },
                )
                .collect();
            out.push_str(&links.join("、"));
            out.push('）');
        }
        if !item.children.is_empty() {
            agenda_html(&item.children, r, links, out);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// One entry of the proceedings; `asked` is the line of the question an answer answers.
/// `speaker`, the key of the person who spoke it, links the speaker to their page.
fn entry_html(
    e: &Entry,
    needles: &[String],
    asked: Option<usize>,
    speaker: Option<&str>,
    out: &mut String,
) {
    let kind = e.kind.as_str();
    if let Some(cue) = &e.cue {
        let _ = write!(
            out,
            "<li class=\"cue-row\"><p class=\"cue\">{}</p></li>",
            esc(cue)
        );
    }
    let text = if needles.is_empty() {
        esc(&e.text)
    } else {
        let width = e.text.chars().count() * 3 + 3;
        let (s, h) = snippet(&e.text, needles, width);
        marked(&s, &h)
    };
    let _ = write!(
        out,
        "<li id=\"L{line}\" class=\"kind-{kind}\"><span class=\"tag kind\">{label}</span>{speaker}\
         {reply}<p class=\"entry-text\">{text}</p></li>",
        line = e.line,
        label = esc(kind_label(kind)),
        speaker = speaker_label(e)
            .map(|s| match speaker {
                Some(key) => format!(
                    "<strong class=\"speaker\"><a href=\"/speakers/{}\">{}</a></strong>",
                    url_encode(key),
                    esc(&s)
                ),
                None => format!("<strong class=\"speaker\">{}</strong>", esc(&s)),
            })
            .unwrap_or_default(),
        reply = asked
            .map(|l| format!(" <a class=\"reply\" href=\"#L{l}\">↑ {l} 行目の質問への回答</a>"))
            .unwrap_or_default(),
    );
}

/// The speaker as printed, with the person's name where the label lacks it (`会長（高田）`).
fn speaker_label(e: &Entry) -> Option<String> {
    use crate::text::fold_name;
    let label = e.speaker.as_ref()?;
    Some(match &e.person {
        Some(p) if !fold_name(label).contains(&fold_name(&p.name)) => {
            format!("{label}（{}）", p.name)
        }
        _ => label.clone(),
    })
}

/// One meeting (or material): header, attendance, agenda, materials, proceedings, facts.
/// `query` (from the search that led here) is marked in the proceedings.
fn meeting(catalog: &Catalog, id: &str, r: &Record, query: &str) -> String {
    let needles = catalog.searcher.needles(query);
    let title = record_title(r);
    let mut b = format!("<h1>{}</h1>", esc(&title));
    let m = &r.meeting;
    let mut toc = vec![("info", "会議の情報")];
    if r.kind == DocumentKind::Minutes {
        toc.extend([
            ("attendance", "出席者"),
            ("agenda", "議題"),
            ("materials", "配布資料"),
            ("proceedings", "議事"),
        ]);
    } else {
        toc.extend([("sections", "本文"), ("organizations", "掲載機関")]);
    }
    if !r.facts.is_empty() {
        toc.push(("facts", "数値"));
    }
    b.push_str("<nav aria-label=\"このページの目次\"><ul class=\"toc\">");
    for (anchor, label) in &toc {
        let _ = write!(b, "<li><a href=\"#{anchor}\">{label}</a></li>");
    }
    b.push_str("</ul></nav>");

    // Header.
    b.push_str("<section id=\"info\"><h2>会議の情報</h2><dl class=\"header\">");
    dl_row(&mut b, "協議会", m.council.as_deref());
    dl_row(&mut b, "会議体", m.body.as_deref());
    dl_row(
        &mut b,
        "年度",
        m.fiscal_year.map(|y| format!("{y}年度")).as_deref(),
    );
    dl_row(
        &mut b,
        "回",
        m.session_number.map(|n| format!("第{n}回")).as_deref(),
    );
    let when = m.date.as_ref().map(|_| {
        let time = match (&m.start_time, &m.end_time) {
            (Some(s), Some(e)) => format!(" {s}〜{e}"),
            (Some(s), None) => format!(" {s}〜"),
            _ => String::new(),
        };
        format!("{}{time}", record_date(r))
    });
    dl_row(&mut b, "日時", when.as_deref());
    dl_row(&mut b, "場所", m.venue.as_deref());
    dl_row(
        &mut b,
        "記録の形式",
        m.style.map(|s| match s {
            Style::Summary => "会議概要（要約）",
            Style::Verbatim => "会議録（発言録）",
        }),
    );
    dl_row(&mut b, "発行", r.issuer.as_deref());
    dl_row(&mut b, "発行日", r.issued.as_deref());
    for n in &r.header_notes {
        dl_row(&mut b, &n.label, Some(&n.value));
    }
    dl_row(&mut b, "元のファイル", Some(&r.source.path));
    let _ = write!(
        b,
        "<dt>データ</dt><dd><a href=\"/api/meetings/{}\">JSON で見る</a></dd></dl></section>",
        esc(id)
    );

    if r.kind == DocumentKind::Minutes {
        meeting_body(catalog, r, &needles, &mut b);
    } else {
        material_body(catalog, r, &mut b);
    }

    if !r.facts.is_empty() {
        let _ = write!(
            b,
            "<section id=\"facts\"><h2>数値（{} 件）</h2><div class=\"table-wrap\"><table><thead><tr>\
             <th scope=\"col\">項目</th><th scope=\"col\">値</th><th scope=\"col\">議題</th><th scope=\"col\">原文</th>\
             </tr></thead><tbody>",
            r.facts.len()
        );
        for f in &r.facts {
            let value = match f.value_max {
                Some(max) => format!("{}〜{}{}", num(f.value), num(max), f.unit),
                None => format!("{}{}", num(f.value), f.unit),
            };
            let value = if f.approximate {
                format!("約{value}")
            } else {
                value
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td>{}</td></tr>",
                esc(&f.subject),
                esc(&value),
                esc(f.agenda_ref.as_deref().unwrap_or("")),
                esc(&f.quote)
            );
        }
        b.push_str("</tbody></table></div></section>");
    }
    if !r.aliases.is_empty() {
        b.push_str("<section id=\"aliases\"><h2>略称</h2><ul>");
        for a in &r.aliases {
            let _ = write!(b, "<li>{}：{}</li>", esc(&a.short), esc(&a.long));
        }
        b.push_str("</ul></section>");
    }
    page(&title, Section::Meetings, &b)
}

fn meeting_body(catalog: &Catalog, r: &Record, needles: &[String], b: &mut String) {
    let a = &r.attendance;
    b.push_str("<section id=\"attendance\"><h2>出席者</h2>");
    if !a.members.is_empty() {
        let present = a.members.iter().filter(|m| m.present).count();
        // Columns that no member fills are left out.
        let orgs = a.members.iter().any(|m| m.organization.is_some());
        let notes = a.members.iter().any(|m| m.note.is_some());
        let _ = write!(
            b,
            "<h3>委員（出席 {present} 名・欠席 {} 名）</h3><div class=\"table-wrap\"><table><thead><tr>\
             <th scope=\"col\">氏名</th><th scope=\"col\">役職</th><th scope=\"col\">出欠</th>{}{}</tr></thead><tbody>",
            a.members.len() - present,
            if orgs {
                "<th scope=\"col\">所属</th>"
            } else {
                ""
            },
            if notes {
                "<th scope=\"col\">備考</th>"
            } else {
                ""
            },
        );
        for p in &a.members {
            let cell = |show: bool, v: &Option<String>| {
                if show {
                    format!("<td>{}</td>", esc(v.as_deref().unwrap_or("")))
                } else {
                    String::new()
                }
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td>{}{}</tr>",
                esc(&p.name),
                role_label(p.role),
                if p.present {
                    "出席"
                } else {
                    "<strong>欠席</strong>"
                },
                cell(orgs, &p.organization),
                cell(notes, &p.note),
            );
        }
        b.push_str("</tbody></table></div>");
    }
    // `障害福祉課 ` before a name, escaped; nothing when the organisation is unknown.
    let org_prefix = |o: &Option<String>| -> String {
        o.as_deref()
            .map(|o| esc(&format!("{o} ")))
            .unwrap_or_default()
    };
    if !a.secretariat.is_empty() {
        b.push_str("<h3>事務局</h3><ul>");
        for p in &a.secretariat {
            let _ = write!(
                b,
                "<li>{}{}{}</li>",
                org_prefix(&p.organization),
                esc(&p.name),
                if p.present { "" } else { "（欠席）" }
            );
        }
        b.push_str("</ul>");
    }
    if !a.observers.is_empty() {
        b.push_str("<h3>オブザーバー</h3><ul>");
        for p in &a.observers {
            let _ = write!(
                b,
                "<li>{}{}{}</li>",
                org_prefix(&p.organization),
                esc(&p.name),
                p.note
                    .as_deref()
                    .map(|n| format!("（{}）", esc(n)))
                    .unwrap_or_default()
            );
        }
        b.push_str("</ul>");
    }
    if a.members.is_empty() && a.secretariat.is_empty() && a.observers.is_empty() {
        b.push_str("<p>出席者の記載はありません。</p>");
    }
    b.push_str("</section>");

    let links = crate::track::material_links(r, &catalog.records);
    b.push_str("<section id=\"agenda\"><h2>議題</h2>");
    if r.agenda.is_empty() {
        b.push_str("<p>議題の記載はありません。</p>");
    } else {
        agenda_html(&r.agenda, r, &links, b);
    }
    b.push_str("</section>");

    b.push_str("<section id=\"materials\"><h2>配布資料</h2>");
    if links.is_empty() {
        b.push_str("<p>配布資料の記載はありません。</p>");
    } else {
        b.push_str("<ul>");
        for (i, l) in links.iter().enumerate() {
            let open = l
                .resolved
                .as_ref()
                .map(|m| {
                    format!(
                        " — <a href=\"/meetings/{}\">資料の本文を開く</a>",
                        esc(&m.record_id)
                    )
                })
                .unwrap_or_default();
            let cited = if l.cited_by.is_empty() {
                String::new()
            } else {
                let paths: Vec<String> = l
                    .cited_by
                    .iter()
                    .map(|p| format!("<a href=\"#a-{}\">{}</a>", esc(&url_encode(p)), esc(p)))
                    .collect();
                format!("（議題 {}）", paths.join("、"))
            };
            let title = if l.title.is_empty() {
                "（資料一覧に記載なし）".to_string()
            } else {
                esc(&l.title)
            };
            let _ = write!(
                b,
                "<li id=\"m-{i}\">{}{title}{cited}{open}</li>",
                l.id.as_deref()
                    .map(|id| format!("<strong>{}</strong> ", esc(id)))
                    .unwrap_or_default(),
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");

    b.push_str("<section id=\"proceedings\"><h2>議事</h2>");
    if r.proceedings.is_empty() {
        b.push_str("<p>議事の記載はありません。</p>");
    }
    // The line of each entry in document order, for an answer's link to its question.
    let lines: Vec<usize> = crate::parse::reply::flat(r)
        .iter()
        .map(|e| e.line)
        .collect();
    for (i, s) in r.proceedings.iter().enumerate() {
        let anchor = s
            .agenda_ref
            .as_ref()
            .filter(|a| {
                r.proceedings
                    .iter()
                    .position(|x| x.agenda_ref.as_ref() == Some(a))
                    == Some(i)
            })
            .map(|a| format!(" id=\"p-{}\"", esc(a)))
            .unwrap_or_default();
        let heading = match (&s.agenda_ref, &s.heading) {
            (Some(a), Some(h)) => format!("{}　{}", esc(a), esc(h)),
            (Some(a), None) => format!("議題 {}", esc(a)),
            (None, Some(h)) => esc(h),
            (None, None) => "冒頭".into(),
        };
        let _ = write!(
            b,
            "<section{anchor}><h3>{heading}</h3><ol class=\"entries\">"
        );
        for e in &s.entries {
            let asked = e.reply_to.and_then(|q| lines.get(q).copied());
            let key = catalog.speakers().key(e);
            entry_html(e, needles, asked, key.as_deref(), b);
        }
        b.push_str("</ol></section>");
    }
    b.push_str("</section>");
}

fn material_body(catalog: &Catalog, r: &Record, b: &mut String) {
    let citing = crate::track::distributed_at(r, &catalog.records);
    if !citing.is_empty() {
        b.push_str("<p>この資料が配布された会議: ");
        let links: Vec<String> = citing
            .iter()
            .map(|m| {
                format!(
                    "<a href=\"/meetings/{}#materials\">{} {}</a>",
                    esc(&m.record_id),
                    esc(m.date.as_deref().unwrap_or("")),
                    esc(m.title.as_deref().unwrap_or(&m.path))
                )
            })
            .collect();
        b.push_str(&links.join("、"));
        b.push_str("</p>");
    }
    b.push_str("<section id=\"sections\"><h2>本文</h2>");
    for s in &r.sections {
        let level = (s.level + 2).min(6);
        let _ = write!(
            b,
            "<section id=\"L{}\"><h{level}>{}{}</h{level}><p class=\"entry-text\">{}</p></section>",
            s.line,
            s.number
                .as_deref()
                .map(|n| format!("{} ", esc(n)))
                .unwrap_or_default(),
            esc(&s.title),
            esc(&s.text)
        );
    }
    if !r.programmes.is_empty() {
        b.push_str("<h3>事業</h3><ul>");
        for p in &r.programmes {
            let _ = write!(
                b,
                "<li><strong>{} {}</strong>：{}</li>",
                esc(&p.number),
                esc(&p.name),
                esc(&p.description)
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");
    if !r.organizations.is_empty() {
        b.push_str(
            "<section id=\"organizations\"><h2>掲載機関</h2><div class=\"table-wrap\"><table><thead><tr>\
             <th scope=\"col\">名称</th><th scope=\"col\">分類</th><th scope=\"col\">電話</th></tr></thead><tbody>",
        );
        for o in &r.organizations {
            let phones: Vec<String> = o
                .phones
                .iter()
                .map(|p| match &p.label {
                    Some(l) => format!("{}：{}", esc(l), esc(&p.number)),
                    None => esc(&p.number),
                })
                .collect();
            let _ = write!(
                b,
                "<tr id=\"L{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
                o.line,
                esc(&o.name),
                esc(o.category.as_deref().unwrap_or("")),
                phones.join("<br>")
            );
        }
        b.push_str("</tbody></table></div></section>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::fixture::{catalog, id_of};

    fn page_of(prefix: &str, query: &str) -> String {
        let id = id_of(prefix);
        let r = catalog().record(&id).expect("indexed");
        meeting(catalog(), &id, r, query)
    }

    #[test]
    fn minutes_show_their_header_attendance_agenda_and_turns() {
        let html = page_of("2024-07-10", "");
        assert!(
            html.contains(
                "<h1>令和６年度 第１回 さくら台市障害者支援協議会 相談支援部会 会議録</h1>"
            ),
            "{html}"
        );
        for anchor in [
            "#info",
            "#attendance",
            "#agenda",
            "#materials",
            "#proceedings",
        ] {
            assert!(html.contains(&format!("href=\"{anchor}\"")), "{anchor}");
        }
        assert!(html.contains("杉山委員"), "{html}");
        assert!(!html.contains("<mark>"));
    }

    #[test]
    fn the_query_is_marked_where_it_was_said() {
        let html = page_of("2024-07-10", "定刻");
        assert!(html.contains("<mark>定刻</mark>"), "{html}");
    }

    #[test]
    fn a_material_shows_its_sections() {
        let html = page_of("2024-05-27", "");
        assert!(html.contains("href=\"#sections\""), "{html}");
        assert!(!html.contains("href=\"#attendance\""), "{html}");
        assert!(html.contains("計画のねらい"), "{html}");
    }
}
