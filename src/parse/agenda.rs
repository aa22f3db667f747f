//! The agenda tree (`1.` / `(1)` / `①` / `ア`, levels found by order of appearance), material
//! references after agenda lines (`（資料 1-1、資料 1-2）`, ranges `資料1-1～資料1-4`), and the
//! materials list.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::{AgendaItem, Material};
use crate::text::{compact, fold_width, heal_join};

/// The numbering styles, each a level once it has been seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumStyle {
    /// `1.` `１．` `1、` `1 `
    Dot,
    /// `(1)` `（１）`
    Paren,
    /// `①`
    Circled,
    /// `ア.` `ア、`
    Kana,
    /// `(ア)`
    KanaParen,
    /// `Ⅰ` `Ⅱ` (Roman numerals), `⑴` (parenthesised digits as one character)
    Roman,
}

/// A number at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    /// The style.
    pub style: NumStyle,
    /// The number as printed (`2.`, `（１）`, `①`).
    pub printed: String,
    /// The number as a path component (`2.`, `(1)`, `①`).
    pub key: String,
    /// The rest of the line, trimmed.
    pub rest: String,
}

/// Example: `2.協議・報告事項`, `(1)各専門部会の…`, `①地域生活支援拠点検討部会`, `1 開会`
///
/// The pattern ends after the number and the spaces that follow it: the rest of the line is the
/// title. (Capturing it with `(?P<rest>.*)$` made each match walk the whole line again.)
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?:
            (?P<dot>\d{1,2})\s*(?:[.、]|\s+)(?P<dotnext>\d)?
          | \((?P<paren>\d{1,2})\)
          | (?P<circ>[①-⑳])
          | \((?P<kparen>[ア-ン])\)
          | (?P<kana>[ア-ン])\s*[.、]
          | (?P<roman>[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])(?:\s*[.、]|\s+)
          | (?P<pchar>[⑴-⒇])
        )\s*",
    )
    .unwrap()
});

/// Reads the number at the start of `line`, if any. `line` is one line: it holds no line break.
pub fn numbered(line: &str) -> Option<Numbered> {
    let trimmed = line.trim();
    numbered_folded(trimmed, &fold_width(trimmed))
}

/// [`numbered`] for a trimmed line and its [`fold_width`] form, when the caller has folded it
/// already.
pub(crate) fn numbered_folded(trimmed: &str, folded: &str) -> Option<Numbered> {
    // Every form starts with a digit (`\d` is any Unicode digit), a circled number, a
    // parenthesis or katakana: other lines are not tried.
    let first = folded.chars().next()?;
    if !(first.is_numeric()
        || first == '('
        || ('ア'..='ン').contains(&first)
        || ('Ⅰ'..='Ⅹ').contains(&first)
        || ('⑴'..='⒇').contains(&first))
    {
        return None;
    }
    let Some(caps) = NUMBER.captures(folded) else {
        return glued(trimmed, folded);
    };
    if caps.name("dotnext").is_some() {
        // `2.5` is a decimal, `1 0` is not numbering.
        return None;
    }
    let (style, key) = if let Some(m) = caps.name("dot") {
        (
            NumStyle::Dot,
            format!("{}.", m.as_str().parse::<u32>().ok()?),
        )
    } else if let Some(m) = caps.name("paren") {
        (
            NumStyle::Paren,
            format!("({})", m.as_str().parse::<u32>().ok()?),
        )
    } else if let Some(m) = caps.name("circ") {
        (NumStyle::Circled, m.as_str().to_string())
    } else if let Some(m) = caps.name("roman") {
        (NumStyle::Roman, m.as_str().to_string())
    } else if let Some(m) = caps.name("pchar") {
        // `⑴` is `(1)`.
        let n = m
            .as_str()
            .chars()
            .next()
            .map_or(0, |c| c as u32 - '⑴' as u32 + 1);
        (NumStyle::Paren, format!("({n})"))
    } else if let Some(m) = caps.name("kparen") {
        (NumStyle::KanaParen, format!("({})", m.as_str()))
    } else {
        (NumStyle::Kana, caps["kana"].to_string())
    };
    let rest = folded[caps.get(0).expect("the whole match").end()..]
        .trim()
        .to_string();
    // `1 日` or a bare number followed by digits is not agenda numbering.
    if rest.is_empty() && style == NumStyle::Dot && !folded.contains(['.', '、']) {
        return None;
    }
    // The printed number: the same characters of the original line.
    let rest_chars = rest.chars().count();
    let printed_chars = folded.chars().count() - rest_chars;
    let printed: String = trimmed
        .chars()
        .take(printed_chars)
        .collect::<String>()
        .trim()
        .to_string();
    let rest_printed: String = trimmed
        .chars()
        .skip(printed_chars)
        .collect::<String>()
        .trim()
        .to_string();
    Some(Numbered {
        style,
        printed,
        key,
        rest: rest_printed,
    })
}

/// A number glued to a short title: `1開会`, `3議事`, `2第五次計画について`. Not a date, a count or
/// a sentence (`12月20日に…`, `2名`, `3年目です。`).
fn glued(trimmed: &str, folded: &str) -> Option<Numbered> {
    let digits: String = folded.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &folded[digits.len()..];
    let next = rest.chars().next()?;
    let is_title_char = ('\u{4E00}'..='\u{9FFF}').contains(&next)
        || ('\u{3041}'..='\u{30FF}').contains(&next)
        || matches!(next, '「' | '『' | '【');
    if !is_title_char
        || "年月日時分秒名人件回号歳才カヵヶ箇か万千百億円割点位つ期次代条項階".contains(next)
        || rest.contains('。')
        || rest.chars().count() > 40
    {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let printed: String = trimmed.chars().take(digits.len()).collect();
    let rest_printed: String = trimmed.chars().skip(digits.len()).collect();
    Some(Numbered {
        style: NumStyle::Dot,
        printed,
        key: format!("{n}."),
        rest: rest_printed.trim().to_string(),
    })
}

/// Material references at the end of an agenda line.
/// Example: `（資料 1-2、資料 1-3）`, `【資料2】`, `資料３、資料４`, `（資料 4、別紙資料）`
static TRAILING_REFS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [\s]*
        (?:
            [(【\[]\s*(?P<b>(?:参考資料|資料|別紙|当日配付資料|当日配布資料)[^()【】\[\]]*)[)】\]]
          | (?P<p>(?:参考資料|資料)\s*\d[\d\s\-～、,]*(?:[、,]\s*(?:参考資料|資料|別紙資料?)\s*\d*[\d\-]*)*)
        )\s*$",
    )
    .unwrap()
});

/// Splits trailing material references off an agenda title: (title, ids).
pub fn split_refs(title: &str) -> (String, Vec<String>) {
    let folded = fold_width(title);
    let Some(caps) = TRAILING_REFS.captures(&folded) else {
        return (title.trim().to_string(), Vec::new());
    };
    let m = caps.get(0).unwrap();
    let refs = caps.name("b").or(caps.name("p")).unwrap().as_str();
    let kept_chars = folded[..m.start()].chars().count();
    let head: String = title.chars().take(kept_chars).collect();
    (head.trim().to_string(), material_ids(refs))
}

/// Example: `資料 1-1～資料 1-4`, `資料1、2`, `資料 4、別紙資料`
pub fn material_ids(refs: &str) -> Vec<String> {
    let folded = fold_width(refs);
    let mut out: Vec<String> = Vec::new();
    let mut prefix = "資料".to_string();
    for part in folded.split(['、', ',', '，', '・']) {
        let part = compact(part);
        if part.is_empty() {
            continue;
        }
        if let Some((a, b)) = part.split_once(['～', '~']) {
            let a = with_prefix(a, &mut prefix);
            let b = with_prefix(b, &mut prefix.clone());
            out.extend(expand_range(&a, &b));
        } else {
            out.push(with_prefix(&part, &mut prefix));
        }
    }
    out
}

/// `1-2` after `資料1-1` means `資料1-2`; a part with its own word sets the prefix.
fn with_prefix(part: &str, prefix: &mut String) -> String {
    let part = compact(part);
    let digits_at = part.find(|c: char| c.is_ascii_digit());
    match digits_at {
        Some(0) => format!("{prefix}{part}"),
        Some(i) => {
            *prefix = part[..i].to_string();
            part
        }
        None => part,
    }
}

/// Expands `資料1-1`～`資料1-4` into the four ids; a range it cannot read is kept as its ends.
fn expand_range(a: &str, b: &str) -> Vec<String> {
    let split = |s: &str| -> Option<(String, Vec<u32>)> {
        let i = s.find(|c: char| c.is_ascii_digit())?;
        let nums: Option<Vec<u32>> = s[i..].split('-').map(|n| n.parse().ok()).collect();
        Some((s[..i].to_string(), nums?))
    };
    if let (Some((pa, na)), Some((pb, nb))) = (split(a), split(b))
        && pa == pb
        && na.len() == nb.len()
        && na[..na.len() - 1] == nb[..nb.len() - 1]
        && na[na.len() - 1] <= nb[nb.len() - 1]
        && nb[nb.len() - 1] - na[na.len() - 1] <= 50
    {
        let stem: Vec<String> = na[..na.len() - 1].iter().map(|n| n.to_string()).collect();
        return (na[na.len() - 1]..=nb[nb.len() - 1])
            .map(|last| {
                let mut parts = stem.clone();
                parts.push(last.to_string());
                format!("{pa}{}", parts.join("-"))
            })
            .collect();
    }
    vec![a.to_string(), b.to_string()]
}

/// One agenda line with its origin, for building the tree.
#[derive(Debug, Clone)]
pub struct AgendaLine {
    /// The printed text.
    pub text: String,
    /// Line number.
    pub no: usize,
}

/// Builds the agenda tree from the lines of the agenda field. Unnumbered lines continue the item
/// above when the list is numbered; otherwise each line is an item.
pub fn build_agenda(lines: &[AgendaLine]) -> Vec<AgendaItem> {
    let any_numbered = lines.iter().any(|l| numbered(&l.text).is_some());
    let mut flat: Vec<(usize, Option<String>, String, String)> = Vec::new(); // depth, printed, key, raw title
    let mut styles: Vec<NumStyle> = Vec::new();
    for l in lines {
        let text = l.text.trim();
        if text.is_empty() {
            continue;
        }
        match numbered(text) {
            Some(n) if !n.rest.is_empty() || n.style != NumStyle::Dot => {
                let depth = match styles.iter().position(|&s| s == n.style) {
                    Some(d) => {
                        styles.truncate(d + 1);
                        d
                    }
                    None => {
                        styles.push(n.style);
                        styles.len() - 1
                    }
                };
                flat.push((depth, Some(n.printed), n.key, n.rest));
            }
            _ if any_numbered && !flat.is_empty() => {
                let last = flat.last_mut().unwrap();
                heal_join(&mut last.3, text);
            }
            _ => {
                let bullet = text.trim_start_matches(['・', '-', '○']).trim();
                flat.push((styles.len(), None, String::new(), bullet.to_string()));
            }
        }
    }
    let items: Vec<(usize, AgendaItem)> = flat
        .into_iter()
        .map(|(depth, printed, key, raw)| {
            let (title, materials) = split_refs(&raw);
            (
                depth,
                AgendaItem {
                    number: printed,
                    title,
                    materials,
                    children: Vec::new(),
                    path: key,
                },
            )
        })
        .collect();
    let mut roots = nest(items);
    assign_paths(&mut roots, "");
    roots
}

fn nest(items: Vec<(usize, AgendaItem)>) -> Vec<AgendaItem> {
    // Items come in document order with their depth; a deeper item is a child of the last
    // shallower one.
    let mut stack: Vec<(usize, AgendaItem)> = Vec::new();
    let mut roots = Vec::new();
    for (depth, item) in items {
        while let Some((d, _)) = stack.last() {
            if *d >= depth {
                let (_, done) = stack.pop().unwrap();
                attach(&mut stack, &mut roots, done);
            } else {
                break;
            }
        }
        stack.push((depth, item));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [(usize, AgendaItem)], roots: &mut Vec<AgendaItem>, item: AgendaItem) {
    match stack.last_mut() {
        Some((_, parent)) => parent.children.push(item),
        None => roots.push(item),
    }
}

fn assign_paths(items: &mut [AgendaItem], parent: &str) {
    for (i, item) in items.iter_mut().enumerate() {
        let key = if item.path.is_empty() {
            format!("[{}]", i + 1)
        } else {
            item.path.clone()
        };
        item.path = format!("{parent}{key}");
        let p = item.path.clone();
        assign_paths(&mut item.children, &p);
    }
}

/// A material line: `・（資料 1-1）令和３年度…`, `資料１ …`, `【資料2】…`, `・次第`.
static MATERIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?P<bullet>[・\-○◯●■□])?\s*
        (?:
            [(【\[<]\s*(?P<bid>(?:参考資料|資料|別紙資料|別紙|当日配付資料|当日配布資料)\s*[\d\-\s]*?)\s*[)】\]>]
          | (?P<id>(?:参考資料|資料|別紙)\s*\d+(?:\s*-\s*\d+)*)(?:\s*[:：])?
        )?
        \s*(?P<title>.*)$",
    )
    .unwrap()
});

/// Parses the materials list: bullets or numbered lines, continuation lines healed.
pub fn build_materials(lines: &[AgendaLine]) -> Vec<Material> {
    let mut out: Vec<Material> = Vec::new();
    let uses_bullets = lines
        .iter()
        .any(|l| l.text.trim_start().starts_with(['・', '-', '○', '●', '■']));
    for l in lines {
        let text = l.text.trim();
        if text.is_empty() {
            continue;
        }
        // Several materials inline after the label: `資料1 次第、資料2 名簿`, or separated by spaces
        // only where line breaks were lost: `次第 委員名簿 資料1-1 活動報告 資料2 …`.
        static SPACED: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\s(?:参考)?資料\s*[0-9０-９]").unwrap());
        let pieces: Vec<String> = if !uses_bullets && SPACED.find_iter(text).count() >= 2 {
            let mut pieces = Vec::new();
            let mut start = 0;
            for m in SPACED.find_iter(text) {
                pieces.push(text[start..m.start()].to_string());
                start = m.start() + 1;
            }
            pieces.push(text[start..].to_string());
            // Unnumbered items before the first id are short words separated by spaces.
            let head = pieces.remove(0);
            let words: Vec<&str> = head.split_whitespace().collect();
            let mut out: Vec<String> = if words.iter().all(|w| w.chars().count() <= 8) {
                words.iter().map(|w| w.to_string()).collect()
            } else {
                vec![head.clone()]
            };
            out.extend(pieces);
            out.retain(|p| !p.trim().is_empty());
            out
        } else if !uses_bullets && text.contains('、') && text.matches("資料").count() > 1 {
            static INLINE: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"[、,]\s*(?:参考)?資料\s*[0-9０-９]").unwrap());
            let mut pieces = Vec::new();
            let mut start = 0;
            for m in INLINE.find_iter(text) {
                pieces.push(text[start..m.start()].to_string());
                // Skip the comma itself.
                start = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            pieces.push(text[start..].to_string());
            pieces
        } else {
            vec![text.to_string()]
        };
        for piece in pieces {
            let folded = fold_width(&piece);
            let caps = MATERIAL
                .captures(&folded)
                .expect("the pattern matches any line");
            let has_bullet = caps.name("bullet").is_some();
            let id = caps
                .name("bid")
                .or(caps.name("id"))
                .map(|m| compact(m.as_str()))
                .filter(|s| !s.is_empty());
            let title_start = caps.name("title").unwrap().start();
            let title: String = piece
                .chars()
                .skip(folded[..title_start].chars().count())
                .collect::<String>()
                .trim()
                .to_string();
            let starts_item = has_bullet || id.is_some() || !uses_bullets || out.is_empty();
            if starts_item {
                out.push(Material {
                    id: id.map(|i| {
                        if i == "別紙" {
                            "別紙資料".to_string()
                        } else {
                            i
                        }
                    }),
                    title,
                });
            } else if let Some(last) = out.last_mut() {
                heal_join(&mut last.title, &piece);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<AgendaLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| AgendaLine {
                text: t.to_string(),
                no: i + 1,
            })
            .collect()
    }

    #[test]
    fn numbering_styles() {
        let n = numbered("（１）全体会での協議事項について").unwrap();
        assert_eq!(
            (n.style, n.key.as_str(), n.printed.as_str()),
            (NumStyle::Paren, "(1)", "（１）")
        );
        assert_eq!(numbered("2.協議・報告事項").unwrap().key, "2.");
        assert_eq!(numbered("１ 開会").unwrap().key, "1.");
        assert_eq!(numbered("①地域部会").unwrap().rest, "地域部会");
        assert_eq!(numbered("(ア)相談支援").unwrap().style, NumStyle::KanaParen);
        assert!(numbered("2021年度").is_none());
        assert!(numbered("アセスメント").is_none());
    }

    #[test]
    fn refs_and_ranges() {
        assert_eq!(
            split_refs("精神障害にも対応した地域包括ケアシステム検討会    （資料 1-2、資料 1-3）"),
            (
                "精神障害にも対応した地域包括ケアシステム検討会".to_string(),
                vec!["資料1-2".to_string(), "資料1-3".to_string()]
            )
        );
        assert_eq!(
            split_refs("専門部会の活動について （資料 1-1～資料 1-4）").1,
            ["資料1-1", "資料1-2", "資料1-3", "資料1-4"]
        );
        assert_eq!(split_refs("報告事項 【資料２】").1, ["資料2"]);
        assert_eq!(
            split_refs("全体会での協議事項について （資料 4、別紙資料）").1,
            ["資料4", "別紙資料"]
        );
        assert_eq!(
            split_refs("計画の進捗について 資料３、資料４").1,
            ["資料3", "資料4"]
        );
        assert_eq!(material_ids("資料1-1、1-2"), ["資料1-1", "資料1-2"]);
    }

    #[test]
    fn agenda_tree_with_wrapped_title() {
        let items = build_agenda(&lines(&[
            "1.開会",
            "2.協議・報告事項",
            "(1)各専門部会の活動状況と協議事項等",
            "について",
            "①地域部会 （資料 1-1）",
            "②こども部会 （資料 1-4）",
            "(2)報告 （資料 2）",
            "3.その他",
        ]));
        assert_eq!(items.len(), 3);
        let c = &items[1].children[0];
        assert_eq!(c.title, "各専門部会の活動状況と協議事項等について");
        assert_eq!(c.path, "2.(1)");
        assert_eq!(c.children[1].path, "2.(1)②");
        assert_eq!(c.children[1].materials, ["資料1-4"]);
        assert_eq!(items[1].children[1].path, "2.(2)");
    }

    #[test]
    fn materials_with_and_without_ids() {
        let m = build_materials(&lines(&[
            "・令和5年度 第1回全体会次第",
            "・（資料 1-1）令和5年度 相談支援部会",
            "活動報告",
            "・（別紙資料）地域の取組",
        ]));
        assert_eq!(m.len(), 3, "{m:?}");
        assert_eq!(m[0].id, None);
        assert_eq!(m[1].id.as_deref(), Some("資料1-1"));
        assert_eq!(m[1].title, "令和5年度 相談支援部会活動報告");
        assert_eq!(m[2].id.as_deref(), Some("別紙資料"));
        let m = build_materials(&lines(&["資料1 次第", "資料２　委員名簿"]));
        assert_eq!(
            (m[1].id.as_deref(), m[1].title.as_str()),
            (Some("資料2"), "委員名簿")
        );
    }
    #[test]
    fn numbers_glued_to_titles_and_roman_numerals() {
        let n = numbered("1開会").unwrap();
        assert_eq!((n.key.as_str(), n.rest.as_str()), ("1.", "開会"));
        assert_eq!(numbered("Ⅱ 報告").unwrap().rest, "報告");
        assert_eq!(numbered("⑵ 協議").unwrap().key, "(2)");
        assert!(numbered("12月20日に開催した。").is_none());
        assert!(numbered("2名が欠席").is_none());
    }
}
