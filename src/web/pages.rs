//! The HTML pages, server-rendered: search, the list of meetings, one meeting, tracking, errors.
//! Each function turns library values into a whole page; every text from a document is escaped.

use std::fmt::Write;

use crate::index::search::{Hit, parse_query, snippet};
use crate::record::{AgendaItem, DocumentKind, Entry, EntryKind, Record, Role, Style};

use super::catalog::Catalog;
use super::html::{Section, dl_row, esc, marked, page, query_string, url_encode};
use super::{SearchRequest, SearchResults};

/// The entry kinds with their Japanese labels, in the order the filter offers them.
pub const KINDS: &[(&str, &str)] = &[
    ("explanation", "説明・報告"),
    ("opinion", "意見"),
    ("question", "質問"),
    ("answer", "回答"),
    ("resolution", "決定・了承"),
    ("note", "注記"),
];

/// The Japanese label of an entry kind's JSON name.
pub fn kind_label(name: &str) -> &str {
    KINDS
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, l)| *l)
        .unwrap_or(name)
}

fn entry_kind_name(k: EntryKind) -> &'static str {
    crate::index::write::kind_name(k)
}

fn doc_type_label(t: &str) -> &str {
    match t {
        "entry" => "発言",
        "header" => "会議の情報",
        "agenda" => "議題",
        "material" => "配布資料",
        "section" => "資料の本文",
        other => other,
    }
}

/// The title of a record: the meeting's, else the material's, else the file name.
pub fn record_title(r: &Record) -> String {
    r.meeting
        .title
        .clone()
        .or_else(|| r.title.clone())
        .unwrap_or_else(|| r.source.path.clone())
}

/// A meeting's date (`2024-05-27（月）`), or the material's issue date.
fn record_date(r: &Record) -> String {
    match (&r.meeting.date, &r.meeting.weekday) {
        (Some(d), Some(w)) => format!("{d}（{w}）"),
        (Some(d), None) => d.clone(),
        _ => r.issued.clone().unwrap_or_default(),
    }
}

fn select(name: &str, label: &str, options: &[(String, String)], chosen: &str) -> String {
    let mut s = format!(
        "<div><label for=\"{name}\">{label}</label><select id=\"{name}\" name=\"{name}\">\
         <option value=\"\">すべて</option>"
    );
    for (value, text) in options {
        let sel = if value == chosen { " selected" } else { "" };
        let _ = write!(
            s,
            "<option value=\"{}\"{sel}>{}</option>",
            esc(value),
            esc(text)
        );
    }
    s.push_str("</select></div>");
    s
}

fn input(name: &str, label: &str, kind: &str, value: &str, extra: &str) -> String {
    format!(
        "<div><label for=\"{name}\">{label}</label><input type=\"{kind}\" id=\"{name}\" \
         name=\"{name}\" value=\"{}\"{extra}></div>",
        esc(value)
    )
}

/// The search form, filled in with the request.
fn search_form(catalog: Option<&Catalog>, req: &SearchRequest) -> String {
    let pairs = |v: Vec<String>| -> Vec<(String, String)> {
        v.into_iter().map(|x| (x.clone(), x)).collect()
    };
    let councils = catalog.map(|c| pairs(c.councils())).unwrap_or_default();
    let bodies = catalog.map(|c| pairs(c.bodies())).unwrap_or_default();
    let kinds: Vec<(String, String)> = KINDS
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let f = &req.filters;
    let any_filter = f.from.is_some()
        || f.to.is_some()
        || f.council.is_some()
        || f.body.is_some()
        || f.kind.is_some()
        || f.speaker.is_some();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut s = String::new();
    s.push_str("<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">");
    let _ = write!(
        s,
        "<label for=\"q\">検索語</label><div class=\"row\"><input type=\"search\" id=\"q\" name=\"q\" \
         value=\"{}\" maxlength=\"{}\" autocomplete=\"off\" aria-describedby=\"q-hint\">\
         <button type=\"submit\">検索</button></div>\
         <p class=\"hint\" id=\"q-hint\">空白で区切ると「すべてを含む発言」、\"…\" で語句、-語 で除外。例: 重層的支援　地域部会 -報告</p>",
        esc(&req.query),
        super::MAX_QUERY_CHARS
    );
    let _ = write!(
        s,
        "<details{}><summary>絞り込み（期間・協議会・会議体・発言の種類・発言者）</summary><div class=\"grid\">",
        if any_filter { " open" } else { "" }
    );
    s.push_str(&input("from", "期間（から）", "date", &opt(&f.from), ""));
    s.push_str(&input("to", "期間（まで）", "date", &opt(&f.to), ""));
    s.push_str(&select("council", "協議会", &councils, &opt(&f.council)));
    s.push_str(&select("body", "会議体", &bodies, &opt(&f.body)));
    s.push_str(&select("kind", "発言の種類", &kinds, &opt(&f.kind)));
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
pub fn hit_href(h: &Hit, query: &str) -> String {
    let fragment = match h.doc_type.as_str() {
        "entry" | "section" => h.line.map(|l| format!("#L{l}")).unwrap_or_default(),
        "agenda" => h
            .agenda_ref
            .as_ref()
            .map(|a| format!("#a-{}", url_encode(a)))
            .unwrap_or_else(|| "#agenda".into()),
        "material" => "#materials".into(),
        _ => String::new(),
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
pub fn search(
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
            && h.doc_type == "entry"
        {
            meta.push(esc(hd));
        }
        let kind = match &h.kind {
            Some(k) => format!("<span class=\"tag kind\">{}</span>", esc(kind_label(k))),
            None => format!(
                "<span class=\"tag\">{}</span>",
                esc(doc_type_label(&h.doc_type))
            ),
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
            kclass = esc(h.kind.as_deref().unwrap_or(&h.doc_type)),
            href = hit_href(h, &req.query),
            date = esc(h.date.as_deref().unwrap_or("")),
            title = esc(&h.title),
            meta = meta.join(" ／ "),
            speaker_sep = if h.speaker.is_some() { "：" } else { "" },
            snip = marked(&h.snippet, &h.highlights),
            pair = super::qa_page::hit_pair_html(h),
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
        let (from, to, council, body, kind, speaker) = (
            o(&f.from),
            o(&f.to),
            o(&f.council),
            o(&f.body),
            o(&f.kind),
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
    if has_more && req.page < super::max_page(req.per_page) {
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

const NO_INDEX: &str = "<p class=\"notice\" role=\"alert\">索引がまだありません。\
    端末で <code>gijiroku ingest 資料のフォルダ</code> を実行すると、再起動なしでここに表示されます。</p>";

/// The list of every indexed meeting and material, newest first.
pub fn meetings(catalog: Option<&Catalog>) -> String {
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
    let kind = entry_kind_name(e.kind);
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
    use crate::parse::people::fold_name;
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
pub fn meeting(catalog: &Catalog, id: &str, r: &Record, query: &str) -> String {
    let needles: Vec<String> = parse_query(query)
        .into_iter()
        .filter(|t| !t.negated)
        .flat_map(|t| catalog.searcher.variants(&t.text))
        .collect();
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

/// A number without a trailing `.0`.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
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

/// An error page with its message.
pub fn error(title: &str, message: &str) -> String {
    page(
        title,
        Section::Other,
        &format!(
            "<h1>{}</h1><p role=\"alert\">{}</p><p><a href=\"/\">検索のページへ戻る</a></p>",
            esc(title),
            esc(message)
        ),
    )
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
pub struct TrackRequest {
    /// Words of the figure to follow (`Libero ケース`), empty for none.
    pub facts: String,
    /// Its counter word (`件`), empty for any.
    pub unit: String,
    /// Only this council, empty for any.
    pub council: String,
    /// Words of the agenda item to follow, empty for none.
    pub agenda: String,
}

/// The tracking page: a figure across meetings (chart and table) and an agenda item's history.
pub fn track(
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
                .map(|f| crate::track::normalise_unit(&f.unit))
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
        super::MAX_QUERY_CHARS,
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
        super::MAX_QUERY_CHARS,
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
