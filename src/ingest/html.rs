//! Web pages (`.html`, `.htm`): the encoding from the BOM, the `<meta charset>` or detection
//! (Shift_JIS pages are common), then the page's text as lines — block elements and `<br>` break
//! lines, a table row is one line of its cells, and scripts, styles, the site's navigation,
//! header, footer, menus and breadcrumbs are left out.
//!
//! The tree is walked without recursion (html5ever builds it in an arena), so a page of ten
//! thousand nested `<div>`s costs its size, not the stack.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8};
use scraper::{ElementRef, Html, Node};

use super::Document;
use crate::error::Result;
use crate::record::Format;

/// Extracts the text of a web page.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Document> {
    let (text, encoding) = decode(bytes);
    let lines = page_lines(&text).into_iter().map(|l| (l, None)).collect();
    Ok(Document::from_lines(
        path,
        Format::Html,
        encoding.name(),
        bytes,
        lines,
    ))
}

/// Decodes a page: its BOM, then the charset its `<meta>` declares, then strict UTF-8, then
/// detection. Bytes that do not decode become U+FFFD.
pub fn decode(bytes: &[u8]) -> (String, &'static Encoding) {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| declared_charset(bytes))
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                UTF_8
            } else {
                let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                det.feed(bytes, true);
                det.guess(Some(b"jp"), chardetng::Utf8Detection::Allow)
            }
        });
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used)
}

/// The charset a page declares in its first kilobytes: `<meta charset="Shift_JIS">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">`.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t') {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'"' | b'\'') {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .map_or(lower.len(), |p| i + p);
        if let Some(e) = Encoding::for_label(&lower[i..end]) {
            // A page that says UTF-16 was read as bytes: its declaration cannot be right.
            return Some(e.output_encoding());
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Elements whose content is never text of the page.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "button",
    "select", "option", "iframe", "object", "svg", "head", "title", "form",
];

/// Block elements: each starts and ends a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "blockquote",
    "pre",
    "address",
    "hr",
    "figure",
    "figcaption",
    "center",
];

/// Words in an `id` or `class` that mark the site's furniture rather than the page's text.
const FURNITURE: &[&str] = &[
    "breadcrumb",
    "breadcrumbs",
    "topicpath",
    "pankuzu",
    "gnav",
    "globalnav",
    "global-nav",
    "localnav",
    "local-nav",
    "sidenav",
    "sidebar",
    "side-menu",
    "sidemenu",
    "menu",
    "skip",
    "pagetop",
    "page-top",
    "sns",
    "share",
    "site-header",
    "site-footer",
];

/// True when the element's id or one of its classes names site furniture.
fn is_furniture(el: &ElementRef) -> bool {
    let v = el.value();
    let named = |s: &str| {
        let s = s.to_ascii_lowercase();
        FURNITURE.contains(&s.as_str())
    };
    v.id().is_some_and(named) || v.classes().any(named)
}

/// The page's lines, in reading order: the `<main>` element when there is one (or the first
/// `role="main"`, or `<article>`), else the body.
pub fn page_lines(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let pick = |sel: &str| {
        scraper::Selector::parse(sel)
            .ok()
            .and_then(|s| doc.select(&s).next())
    };
    let root = pick("main")
        .or_else(|| pick("[role=main]"))
        .or_else(|| pick("article"))
        .or_else(|| pick("body"))
        .unwrap_or_else(|| doc.root_element());
    let mut out = Lines::default();
    walk(root, &mut out);
    out.finish()
}

/// Lines being built: the current line, and the cells of a table row.
#[derive(Default)]
struct Lines {
    done: Vec<String>,
    current: String,
}

impl Lines {
    fn text(&mut self, t: &str) {
        // White space in the source (indentation, line breaks) is one space, as a browser shows it;
        // a non-breaking or full-width space is a space too.
        for c in t.chars() {
            let c = if c.is_whitespace() || c == '\u{A0}' {
                ' '
            } else {
                c
            };
            if c == ' ' && (self.current.is_empty() || self.current.ends_with(' ')) {
                continue;
            }
            self.current.push(c);
        }
    }

    fn cell_break(&mut self) {
        let t = self.current.trim_end().to_string();
        self.current = t;
        if !self.current.is_empty() {
            self.current.push('\u{3000}');
        }
    }

    fn line_break(&mut self) {
        let t = self.current.trim().trim_end_matches('\u{3000}').trim();
        if !t.is_empty() {
            self.done.push(t.to_string());
        }
        self.current.clear();
    }

    fn finish(mut self) -> Vec<String> {
        self.line_break();
        self.done
    }
}

/// Walks the element's subtree in document order without recursion. The items of an ordered
/// list get the numbers a browser shows (`1. `), as printed minutes number their agenda.
fn walk(root: ElementRef, out: &mut Lines) {
    use ego_tree::iter::Edge;
    let mut skip_depth: Option<ego_tree::NodeId> = None;
    // For each open list: the next number of an `<ol>`, `None` for a `<ul>`.
    let mut lists: Vec<Option<u32>> = Vec::new();
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_depth.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.text(t),
                    Node::Element(e) => {
                        let name = e.name();
                        let el = ElementRef::wrap(node).expect("an element node");
                        if SKIPPED.contains(&name) || is_furniture(&el) || is_hidden(e) {
                            skip_depth = Some(node.id());
                            continue;
                        }
                        match name {
                            "ol" => lists.push(Some(
                                e.attr("start")
                                    .and_then(|v| v.trim().parse().ok())
                                    .unwrap_or(1),
                            )),
                            "ul" => lists.push(None),
                            _ => {}
                        }
                        match name {
                            "li" => {
                                out.line_break();
                                if let Some(Some(n)) = lists.last_mut() {
                                    out.text(&format!("{n}. "));
                                    *n += 1;
                                }
                            }
                            "br" => out.line_break(),
                            "td" | "th" => out.cell_break(),
                            "tr" => out.line_break(),
                            _ if BLOCKS.contains(&name) => out.line_break(),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip_depth {
                    if id == node.id() {
                        skip_depth = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if matches!(name, "ol" | "ul") {
                        lists.pop();
                    }
                    if name == "tr" || BLOCKS.contains(&name) {
                        out.line_break();
                    } else if matches!(name, "td" | "th") {
                        out.cell_break();
                    }
                }
            }
        }
    }
}

/// `hidden` and `display:none` elements are not shown.
fn is_hidden(e: &scraper::node::Element) -> bool {
    e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_table_and_paragraphs_without_the_site() {
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>会議録|山田市</title>\
            <style>p{color:red}</style><script>var x = '<p>no</p>';</script></head><body>\
            <header id=\"site-header\"><p>山田市</p></header>\
            <nav><ul><li>くらし</li></ul></nav>\
            <div id=\"breadcrumb\"><ol><li>ホーム</li></ol></div>\
            <main><h1>第1回山田市障害者自立支援協議会 会議録</h1>\
            <table><tr><th>開催日時</th><td>令和6年5月20日(月)&nbsp;午後2時から</td></tr>\
            <tr><th>出席者</th><td>委員<br>佐藤委員　鈴木委員</td></tr></table>\
            <h2>議事</h2><p>(事務局)<br>定刻になりました。</p></main>\
            <footer><p>お問い合わせ</p></footer></body></html>";
        assert_eq!(
            page_lines(page),
            [
                "第1回山田市障害者自立支援協議会 会議録",
                "開催日時\u{3000}令和6年5月20日(月) 午後2時から",
                "出席者\u{3000}委員",
                "佐藤委員 鈴木委員",
                "議事",
                "(事務局)",
                "定刻になりました。",
            ]
        );
    }

    #[test]
    fn shift_jis_declared_in_meta() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body><p>議事録</p></body></html>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(page);
        let (text, enc) = decode(&bytes);
        assert_eq!(enc.name(), "Shift_JIS");
        assert_eq!(page_lines(&text), ["議事録"]);
    }

    #[test]
    fn undeclared_shift_jis_is_detected() {
        let page = "<html><body><p>令和6年度 第2回 相談支援部会 議事録</p><p>事務局から説明した。</p></body></html>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(page);
        let (text, enc) = decode(&bytes);
        assert_eq!(enc.name(), "Shift_JIS");
        assert!(text.contains("相談支援部会"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = format!(
            "<html><body>{}<p>本文</p>{}</body></html>",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        assert_eq!(page_lines(&page), ["本文"]);
    }

    #[test]
    fn hidden_elements_are_left_out() {
        let page =
            "<body><p style=\"display: none\">隠し</p><p hidden>隠し</p><p>見える</p></body>";
        assert_eq!(page_lines(page), ["見える"]);
    }
}
