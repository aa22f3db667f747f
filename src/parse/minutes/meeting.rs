//! The meeting's fields read from the header: the title and what it names (council, body,
//! session, fiscal year), the date with its printed weekday, the times and the venue — a slip
//! in print kept as printed (or, for an impossible end time, left out) with a warning.

use std::sync::LazyLock;

use regex::Regex;

use super::fields::Header;
use crate::normalize::CleanLine;
use crate::parse::{dates, header};
use crate::record::{Meeting, Warning};
use crate::text::era;
use crate::text::{compact, fold_width, heal_join};

/// The meeting as the header prints it; `body` is the proceedings' lines (an opening time may
/// be printed in their first words).
pub(super) fn from_header(
    header: &Header,
    body: &[CleanLine],
    warnings: &mut Vec<Warning>,
) -> Meeting {
    let mut meeting = Meeting::default();
    let title = header_title(header);
    let parts = if header.name.is_empty() && header.title.len() > 1 {
        let lines: Vec<&str> = header.title.iter().map(|l| l.text.as_str()).collect();
        header::title_parts(&lines.join("\n"))
    } else {
        title
            .as_deref()
            .map(header::title_parts)
            .unwrap_or_default()
    };
    meeting.title = title;
    meeting.council = parts.council;
    meeting.body = parts.body;
    meeting.session_number = parts.session;

    let date_text = header.date.join(" ");
    if let Some(found) = dates::find_date(&date_text) {
        meeting.date = Some(found.date.format("%Y-%m-%d").to_string());
        let actual = era::weekday_char(found.date);
        if let Some(printed) = &found.weekday
            && printed != actual
        {
            warnings.push(Warning {
                line: header.first_date_line,
                page: None,
                message: format!(
                    "the printed weekday {printed} does not match {} ({actual}); kept as printed",
                    found.date
                ),
                text: Some(date_text.clone()),
            });
        }
        meeting.weekday = found.weekday;
        let computed_fy = era::fiscal_year_of(found.date);
        if let Some(fy) = parts.fiscal_year
            && fy != computed_fy
        {
            warnings.push(Warning {
                line: None,
                page: None,
                message: format!(
                    "the title's fiscal year {fy} does not contain the meeting date {} (fiscal year {computed_fy}); kept as printed",
                    found.date
                ),
                text: meeting.title.clone(),
            });
        }
        meeting.fiscal_year = parts.fiscal_year.or(Some(computed_fy));
    } else {
        meeting.fiscal_year = parts.fiscal_year;
        warnings.push(Warning {
            line: header.first_date_line,
            page: None,
            message: "no meeting date found in the header".into(),
            text: (!date_text.is_empty()).then_some(date_text.clone()),
        });
    }
    let (mut start, mut end) = dates::find_times(&date_text);
    if start.is_none() {
        // `午後7時開会` printed beside the title or before the first words.
        static OPENED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:午前|午後)?\s*\d{1,2}\s*時(?:\s*\d{1,2}\s*分|半)?\s*開会").unwrap()
        });
        let around: Vec<&str> = header
            .title
            .iter()
            .map(|l| l.text.as_str())
            .chain(body.iter().take(3).map(|l| l.text.as_str()))
            .collect();
        let around = fold_width(&around.join(" "));
        if let Some(m) = OPENED.find(&around) {
            start = dates::find_times(m.as_str()).0;
        }
    }
    if let (Some(s), Some(e)) = (&start, &end)
        && minutes_of(e) > minutes_of(s) + 8 * 60
    {
        // `午前10時から午後11時55分`: a meeting does not last that long; the printed end is a slip.
        warnings.push(Warning {
            line: header.first_date_line,
            page: None,
            message: format!("the end time {e} is more than 8 hours after the start {s}; left out"),
            text: Some(date_text.clone()),
        });
        end = None;
    }
    if let (Some(s), Some(e)) = (&start, &end)
        && e <= s
    {
        warnings.push(Warning {
            line: header.first_date_line,
            page: None,
            message: format!("the end time {e} is not after the start time {s}; kept as printed"),
            text: Some(date_text.clone()),
        });
    }
    meeting.start_time = start;
    meeting.end_time = end;
    if !header.place.is_empty() {
        let mut venue = String::new();
        for p in &header.place {
            heal_join(&mut venue, p);
        }
        meeting.venue = Some(venue);
    }
    meeting
}

/// The title: the labelled name, else the title lines joined with a space.
fn header_title(h: &Header) -> Option<String> {
    if let Some(name) = h.name.first() {
        return Some(name.clone());
    }
    // Lines joined with a space; a line repeated (a page title over its heading) once.
    let mut title = String::new();
    let mut seen: Vec<String> = Vec::new();
    for l in &h.title {
        let c = compact(&l.text);
        if seen.contains(&c) {
            continue;
        }
        seen.push(c);
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(l.text.trim());
    }
    (!title.is_empty()).then_some(title)
}

/// Minutes since midnight of an `HH:MM` time.
fn minutes_of(t: &str) -> u32 {
    let (h, m) = t.split_once(':').unwrap_or((t, "0"));
    h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0)
}
