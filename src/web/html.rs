//! HTML building blocks: escaping, URL encoding, the page layout and its style sheet.
//!
//! Every piece of text that comes from a document, a query or the index goes through [`esc`]
//! (or [`marked`], which escapes too) before it is written into a page: minutes may contain
//! `<script>`. Pages are plain strings assembled by the page modules (`search_page`, `meeting_page`, …); nothing
//! is read from disk at run time.

use std::fmt::Write;

/// The layout's style sheet: large type, strong contrast, visible focus, one column on a phone.
pub const STYLE: &str = include_str!("style.css");

/// Escapes text for HTML element content and quoted attribute values (the same five characters
/// as the SVG charts' XML).
pub fn esc(s: &str) -> String {
    crate::track::xml_escape(s)
}

/// Percent-encodes a string for a URL query value or fragment (everything but unreserved ASCII).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query string (`?a=1&b=2`, escaped for an attribute) from the pairs whose value is not empty.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&amp;"))
    }
}

/// Escapes `text` and wraps the character ranges `[start, end)` of `highlights` in `<mark>`.
pub fn marked(text: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + 16 * highlights.len());
    let mut buf = [0u8; 4];
    let mut open = false;
    for (i, c) in text.chars().enumerate() {
        if !open && highlights.iter().any(|h| h.0 == i && h.1 > h.0) {
            out.push_str("<mark>");
            open = true;
        }
        out.push_str(&esc(c.encode_utf8(&mut buf)));
        if open && highlights.iter().any(|h| h.1 == i + 1) {
            out.push_str("</mark>");
            open = false;
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

/// Which part of the site a page belongs to, for the navigation's `aria-current`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The search page.
    Search,
    /// The list of meetings and the meeting pages.
    Meetings,
    /// The tracking page.
    Track,
    /// The questions with their answers.
    Qa,
    /// The speakers and a speaker's page.
    Speakers,
    /// The saved searches.
    Watches,
    /// None of them (error pages).
    Other,
}

/// A whole page: `<head>`, the skip link, the navigation, `body` (already HTML) in `<main>`.
pub fn page(title: &str, section: Section, body: &str) -> String {
    page_with_head(title, section, "", body)
}

/// [`page`] with more of `<head>` (`head`, already HTML: the links to feeds).
pub fn page_with_head(title: &str, section: Section, head: &str, body: &str) -> String {
    let nav = [
        ("/", "検索", Section::Search),
        ("/meetings", "会議一覧", Section::Meetings),
        ("/track", "推移を見る", Section::Track),
        ("/qa", "質疑応答", Section::Qa),
        ("/speakers", "発言者", Section::Speakers),
        ("/watches", "保存した検索", Section::Watches),
    ]
    .iter()
    .map(|(href, label, s)| {
        let current = if *s == section {
            " aria-current=\"page\""
        } else {
            ""
        };
        format!("<li><a href=\"{href}\"{current}>{label}</a></li>")
    })
    .collect::<String>();
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} | 議事録検索</title>\n<style>{STYLE}</style>\n{head}</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">本文へ移動</a>\n\
         <header class=\"site\"><p class=\"brand\"><a href=\"/\">議事録検索</a></p>\n\
         <nav aria-label=\"サイト内\"><ul>{nav}</ul></nav></header>\n\
         <main id=\"main\" tabindex=\"-1\">\n{body}\n</main>\n\
         <footer class=\"site\"><p>gijiroku — 会議録・会議概要の検索（この端末の索引を読み取り専用で表示しています）</p></footer>\n\
         </body>\n</html>\n",
        title = esc(title),
    )
}

/// A `<dl>` row when the value is present (the value is escaped).
pub fn dl_row(out: &mut String, label: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", esc(label), esc(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn marks_highlights_after_escaping() {
        assert_eq!(
            marked("a<b>重層c", &[(4, 6)]),
            "a&lt;b&gt;<mark>重層</mark>c"
        );
        assert_eq!(marked("<x>", &[(0, 3)]), "<mark>&lt;x&gt;</mark>");
        // An empty or out-of-range highlight leaves the text as it is.
        assert_eq!(marked("ab", &[(1, 1), (5, 9)]), "ab");
    }

    #[test]
    fn encodes_urls() {
        assert_eq!(url_encode("重層 a&b"), "%E9%87%8D%E5%B1%A4%20a%26b");
        assert_eq!(
            query_string(&[("q", "会長"), ("from", ""), ("page", "2")]),
            "?q=%E4%BC%9A%E9%95%B7&amp;page=2"
        );
        assert_eq!(query_string(&[("q", "")]), "");
    }
}
