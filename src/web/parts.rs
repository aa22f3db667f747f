//! The small pieces several pages share: the labels of entry kinds and document types, a
//! record's title and date, numbers, form fields, the notice shown while there is no index.

use std::fmt::Write;

use crate::record::{EntryKind, Record};

use super::html::esc;

/// The Japanese label of an entry kind's name (the name itself when it is not one).
pub(super) fn kind_label(name: &str) -> &str {
    match name.parse::<EntryKind>() {
        Ok(k) => k.label_ja(),
        Err(_) => name,
    }
}

/// The title of a record: the meeting's, else the material's, else the file name.
pub(super) fn record_title(r: &Record) -> String {
    r.title()
        .map_or_else(|| r.source.path.clone(), str::to_string)
}

/// A meeting's date (`2024-05-27（月）`), or the material's issue date.
pub(super) fn record_date(r: &Record) -> String {
    match (&r.meeting.date, &r.meeting.weekday) {
        (Some(d), Some(w)) => format!("{d}（{w}）"),
        (Some(d), None) => d.clone(),
        _ => r.issued.clone().unwrap_or_default(),
    }
}

pub(super) fn select(
    name: &str,
    label: &str,
    options: &[(String, String)],
    chosen: &str,
) -> String {
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

pub(super) fn input(name: &str, label: &str, kind: &str, value: &str, extra: &str) -> String {
    format!(
        "<div><label for=\"{name}\">{label}</label><input type=\"{kind}\" id=\"{name}\" \
         name=\"{name}\" value=\"{}\"{extra}></div>",
        esc(value)
    )
}

/// A number without a trailing `.0`.
pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub(super) const NO_INDEX: &str = "<p class=\"notice\" role=\"alert\">索引がまだありません。\
    端末で <code>gijiroku ingest 資料のフォルダ</code> を実行すると、再起動なしでここに表示されます。</p>";
