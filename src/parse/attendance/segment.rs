//! One group's segment of a block: the online and absence lists and the printed head count
//! (`(14名)`) taken out, then its names split and added to the attendance.

use std::sync::LazyLock;

use regex::Regex;

use super::Group;
use super::lists::{split_names, split_staff};
use super::person::add_person;
use super::roles::strip_honorific;
use crate::record::Attendance;

/// A printed head count: `(14名)`, `（合計20人）`, `計15名`.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]?\s*(?:合計|計|全)?\s*(?P<n>\d{1,3})\s*(?:名|人)\s*[)）]?").unwrap()
});

/// An absence list inside an attendance block: `（欠席：恩田、○太田、川田）`, `※欠席:佐藤`.
static ABSENT_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[(（]\s*欠席(?:者|委員)?\s*[:：]?\s*(?P<a>[^)）]*)[)）]|※\s*欠席(?:者|委員)?\s*[:：]\s*(?P<b>[^※\n]*))")
        .unwrap()
});

/// Online attendance repeats names already listed: `(オンライン参加:佐藤、鈴木)`.
static ONLINE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*(?:オンライン|web|Web|WEB|リモート)\s*(?:参加|出席)?\s*[:：]\s*(?P<names>[^)）]*)[)）]").unwrap()
});

/// Adds the names of one segment, printed in `group`, to the attendance.
pub(super) fn parse_segment(
    text: &str,
    group: Group,
    absent_block: bool,
    att: &mut Attendance,
    sub_chairs: &mut Vec<String>,
) {
    let mut text = text.to_string();
    // Online lists repeat names: note them, do not add them.
    let mut online: Vec<String> = Vec::new();
    text = ONLINE_LIST
        .replace_all(&text, |c: &regex::Captures| {
            online.extend(
                split_names(&c["names"])
                    .into_iter()
                    .map(|n| strip_honorific(&n).0),
            );
            " ".to_string()
        })
        .into_owned();
    let mut absent_names: Vec<String> = Vec::new();
    text = ABSENT_LIST
        .replace_all(&text, |c: &regex::Captures| {
            let list = c
                .name("a")
                .or(c.name("b"))
                .map(|m| m.as_str())
                .unwrap_or("");
            absent_names.extend(split_names(list));
            " ".to_string()
        })
        .into_owned();
    if let Some(c) = COUNT.captures(&text)
        && group == Group::Members
        && !absent_block
        && att.printed_count.is_none()
        && text
            .trim_end()
            .ends_with(c.get(0).unwrap().as_str().trim_end())
    {
        att.printed_count = c["n"].parse().ok();
    }
    let text = COUNT.replace_all(&text, |c: &regex::Captures| {
        // Keep counts that are part of a name (none expected); drop bracketed totals.
        if c.get(0).unwrap().as_str().contains(['(', '（', '計']) {
            " ".to_string()
        } else {
            c.get(0).unwrap().as_str().to_string()
        }
    });
    let names = if group == Group::Members {
        split_names(&text)
    } else {
        split_staff(&text)
    };
    for name in names {
        add_person(att, group, &name, !absent_block, &online, sub_chairs);
    }
    for name in absent_names {
        add_person(att, group, &name, false, &online, sub_chairs);
    }
}
