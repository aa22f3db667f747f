//! Lists of names cut into one item per person: on commas, middle dots or white space, `role
//! name` pairs, and staff lists with the department printed before its people.

use super::roles::{is_role_word, strip_honorific};

/// Splits a list of names: on commas when there are any, else on white space; a line of the form
/// `organisation post name` is one person.
pub(super) fn split_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.contains(['、', ',', '，']) {
            // `小林係長、平賀主任(事務局)`: the mark at the end is every name's.
            let mark = ["(事務局)", "（事務局）"]
                .into_iter()
                .find(|m| line.ends_with(m));
            out.extend(
                split_top_level(line, &['、', ',', '，'])
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| match mark {
                        Some(m) if !s.ends_with(m) => format!("{s}{m}"),
                        _ => s,
                    }),
            );
            continue;
        }
        // `奥山委員・阿部委員・…`, `田中 英樹・大塚 淳子・…`: the middle dot separates names.
        let dots = split_top_level(line, &['・']);
        if dots.len() >= 3 && dots.iter().filter(|d| d.chars().count() > 14).count() <= 1 {
            out.extend(dots.into_iter().filter(|s| !s.is_empty()));
            continue;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let all_suffixed = tokens.len() > 1
            && tokens.iter().all(|t| {
                let t = without_note(t);
                let (_, role) = strip_honorific(t);
                role.is_some() || t.ends_with("委員")
            });
        if all_suffixed {
            out.extend(tokens.iter().map(|t| t.to_string()));
        } else if tokens.len() >= 2
            && tokens
                .iter()
                .all(|t| is_role_word(t) || t.chars().count() <= 4)
            && tokens.len() % 2 == 0
            && tokens.chunks(2).all(|c| is_role_word(c[0]))
        {
            // `部会長 上田 委員 石川`: role word, name, role word, name.
            out.extend(tokens.chunks(2).map(|c| format!("{} {}", c[0], c[1])));
        } else {
            out.push(line.to_string());
        }
    }
    out
}

/// Splits on the separators outside brackets: `向井委員(会長、副会長)、石川委員` is two names.
fn split_top_level(text: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' | '「' | '【' => depth += 1,
            ')' | '）' | '」' | '】' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && seps.contains(&c) {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    out.push(cur.trim().to_string());
    out
}

/// A name without the note in brackets printed after it (`小助川委員(大久保委員代理)`).
fn without_note(t: &str) -> &str {
    match t.find(['(', '（']) {
        Some(i) if i > 0 && t.ends_with([')', '）']) => &t[..i],
        _ => t,
    }
}

/// Staff lists name a department, then its people: `障害福祉課 森課長、吉田課長補佐 基幹相談支援
/// センター 斎藤、小林`. Each person gets the department printed before them as organisation.
pub(super) fn split_staff(text: &str) -> Vec<String> {
    let is_org = |t: &str| ORG_SUFFIXES.iter().any(|s| t.ends_with(s)) && t.chars().count() >= 3;
    let mut out = Vec::new();
    for line in text.lines() {
        let items: Vec<String> = if line.contains(['、', ',', '，']) {
            line.split(['、', ',', '，']).map(str::to_string).collect()
        } else {
            vec![line.to_string()]
        };
        let mut org: Option<String> = None;
        for item in items {
            let tokens: Vec<&str> = item.split_whitespace().collect();
            // One person per line (`障害福祉課長 森 達也`): leave it to `add`.
            if tokens.len() <= 1
                || !tokens.iter().any(|t| is_org(t))
                || !line.contains(['、', ',', '，'])
            {
                match (&org, tokens.len()) {
                    (Some(o), 1) => out.push(format!("{o} {}", tokens[0])),
                    _ => out.push(item.trim().to_string()),
                }
                continue;
            }
            let mut person: Vec<&str> = Vec::new();
            for t in tokens {
                if is_org(t) {
                    if !person.is_empty() {
                        out.push(with_org(&org, &person.join(" ")));
                        person.clear();
                    }
                    org = Some(t.to_string());
                } else {
                    person.push(t);
                }
            }
            if !person.is_empty() {
                out.push(with_org(&org, &person.join(" ")));
            }
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

fn with_org(org: &Option<String>, person: &str) -> String {
    match org {
        Some(o) => format!("{o} {person}"),
        None => person.to_string(),
    }
}

/// Endings of department and organisation names.
const ORG_SUFFIXES: &[&str] = &[
    "課",
    "センター",
    "室",
    "事務所",
    "協議会",
    "部",
    "局",
    "所",
    "園",
    "会",
    "学校",
    "法人",
];
