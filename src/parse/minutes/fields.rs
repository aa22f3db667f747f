//! The header walked line by line, each line sorted into its field (title, name, date, place,
//! attendance blocks, agenda, materials, notes) until the proceedings begin — labelled fields,
//! unlabelled headers (a title, a date, a place) and flattened tables (the labels first, each
//! alone, then their values).

use std::sync::LazyLock;

use regex::Regex;

use super::body_start::{looks_like_speech, names_document, starts_proceedings};
use crate::normalize::CleanLine;
use crate::parse::agenda::{self, AgendaLine};
use crate::parse::attendance::{Block, Group};
use crate::parse::dates;
use crate::record::HeaderNote;
use crate::text::labels::{self, Field};
use crate::text::{compact, fold_width, heal_join};

/// Lines of the header, sorted by field.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub(super) title: Vec<CleanLine>,
    pub(super) name: Vec<String>,
    pub(super) date: Vec<String>,
    pub(super) place: Vec<String>,
    pub(super) attendance: Vec<Block>,
    pub(super) agenda: Vec<AgendaLine>,
    pub(super) materials: Vec<AgendaLine>,
    pub(super) notes: Vec<HeaderNote>,
    pub(super) first_date_line: Option<usize>,
}

/// Walks the header, sorting lines into fields; returns it, where the proceedings start, and the
/// text printed after a proceedings label on its own line (`会議の概要: 1 開会`).
pub(super) fn split_header(lines: &[CleanLine]) -> (Header, usize, Option<CleanLine>) {
    let mut h = Header::default();
    let mut field: Option<Field> = None;
    let mut date_unlabelled = false;
    let mut seen_label = false;
    let mut last_label_number: Option<u32> = None;
    // A flattened table prints its labels first, each alone, and the values after them in the
    // same order: the fields waiting for a value.
    let mut pending: std::collections::VecDeque<Field> = std::collections::VecDeque::new();
    // The last value given to a waiting label, and whether values have been sorted by what they
    // say rather than by order.
    let mut prev_value: Option<(Field, String)> = None;
    let mut routed = false;
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        // `会議録` and `議事録` also name the document: after the title alone they are its name
        // (`別記第1号様式 / 会 議 録 / 附属機関又は会議体の名称 …`).
        if let Some(rest) = labels::proceedings_label(text)
            && (seen_label || (i > 0 && !names_document(text)))
        {
            let first = (!rest.is_empty()).then(|| CleanLine {
                text: rest,
                ..line.clone()
            });
            return (h, i + 1, first);
        }
        // In the agenda, `3.協議事項` is an item, and in the materials `1 会議次第` (the order
        // of business handed out), unless it continues the header's own numbering (`4 欠席者`,
        // `5 議題`, `6 資料`).
        // In a flattened form the choice `公開 ・ 非公開` is a value, not the label it looks like.
        let is_choice = !pending.is_empty()
            && matches!(
                compact(text).as_str(),
                "公開・非公開" | "公開/非公開" | "公開・一部公開・非公開"
            );
        let label = labels::label(text).filter(|_| !is_choice).filter(|_| {
            !matches!(field, Some(Field::Agenda | Field::Materials))
                || agenda::numbered(text).is_none()
                || matches!((last_label_number, labels::label_number(text)), (Some(a), Some(b)) if b == a + 1)
        });
        // In a flattened table a value may carry its own label (`事務局:田村部長、…` under the
        // waiting `事務局`): it is that label's value, and the other labels still wait.
        if let Some(l) = &label
            && pending.len() >= 2
            && !l.value.is_empty()
            && pending.contains(&l.field)
        {
            routed = true;
            // A list keeps its group word, which the attendance parser reads.
            let value = if matches!(
                l.field,
                Field::Attendance | Field::Secretariat | Field::Observer
            ) {
                text
            } else {
                l.value.as_str()
            };
            add_to_field(&mut h, l.field, value, line.no);
            prev_value = Some((l.field, value.to_string()));
            continue;
        }
        if let Some(l) = label {
            last_label_number = labels::label_number(text);
            // `■事務局` followed by speech, or `事務局：本日は…。`, is a speaker's turn.
            let speech = if l.value.is_empty() {
                lines.get(i + 1).map(|n| n.text.as_str()).unwrap_or("")
            } else {
                l.value.as_str()
            };
            if matches!(
                l.field,
                Field::Secretariat | Field::Attendance | Field::Observer
            ) && looks_like_speech(speech, lines.get(i + 1).map(|n| n.text.as_str()))
                && labels::label(speech).is_none()
                && (seen_label || !h.date.is_empty())
            {
                return (h, i, None);
            }
            // `7 議事` after the agenda is the proceedings' own heading, and `議事 1開会` its
            // first line.
            if l.field == Field::Agenda && !h.agenda.is_empty() && l.value.is_empty() {
                return (h, i + 1, None);
            }
            if l.field == Field::Agenda
                && !h.agenda.is_empty()
                && l.label == "議事"
                && agenda::numbered(&l.value).is_some()
            {
                let first = CleanLine {
                    text: l.value.clone(),
                    ..line.clone()
                };
                return (h, i + 1, Some(first));
            }
            seen_label = true;
            field = Some(l.field);
            date_unlabelled = false;
            match l.field {
                Field::Attendance | Field::Absence | Field::Secretariat | Field::Observer => {
                    let group = match l.field {
                        Field::Secretariat => Group::Secretariat,
                        Field::Observer => Group::Observers,
                        _ => Group::Members,
                    };
                    h.attendance.push(Block {
                        group,
                        absent: l.field == Field::Absence,
                        lines: Vec::new(),
                    });
                }
                Field::Other | Field::Results => h.notes.push(HeaderNote {
                    label: l.label.clone(),
                    value: String::new(),
                }),
                Field::Date if h.first_date_line.is_none() => h.first_date_line = Some(line.no),
                _ => {}
            }
            if l.value.is_empty() {
                // A numbered line under the agenda label is an item, not the next label.
                let next_is_label = lines.get(i + 1).is_some_and(|n| {
                    labels::label(&n.text).is_some()
                        && !(l.field == Field::Agenda && agenda::numbered(&n.text).is_some())
                });
                if next_is_label || !pending.is_empty() {
                    pending.push_back(l.field);
                }
            } else {
                pending.clear();
                add_to_field(&mut h, l.field, &l.value, line.no);
            }
            continue;
        }
        if pending.len() >= 2 {
            // A value that says what it is goes to its label: a list with its group
            // (`委員:…`, `事務局:…`), a numbered item; a list wrapped after `、` goes on, and after
            // such a value so does any line that says nothing.
            let routed_to = if prev_value
                .as_ref()
                .is_some_and(|(_, t)| t.ends_with(['、', ',', '，']))
            {
                prev_value.as_ref().map(|(f, _)| *f)
            } else if GROUP_PREFIX.is_match(&fold_width(text)) {
                pending
                    .iter()
                    .copied()
                    .find(|f| matches!(f, Field::Attendance | Field::Secretariat | Field::Observer))
            } else if pending.contains(&Field::Agenda) && agenda::numbered(text).is_some() {
                Some(Field::Agenda)
            } else if routed {
                prev_value.as_ref().map(|(f, _)| *f)
            } else {
                None
            };
            if let Some(f) = routed_to {
                routed = true;
                add_to_field(&mut h, f, text, line.no);
                prev_value = Some((f, text.to_string()));
                continue;
            }
            // The first value goes to the first label waiting; the last label keeps any further
            // lines.
            let f = pending.pop_front().expect("not empty");
            prev_value = Some((f, text.to_string()));
            if f == Field::Date && h.first_date_line.is_none() {
                h.first_date_line = Some(line.no);
            }
            add_to_field(&mut h, f, text, line.no);
            if pending.len() == 1 {
                field = pending.pop_front();
            }
            continue;
        }
        // A value that is not a flattened table's: no label is waiting any more.
        pending.clear();
        if starts_proceedings(&h, field, text, lines.get(i + 1).map(|l| l.text.as_str())) {
            return (h, i, None);
        }
        match field {
            None => {
                let span = dates::date_span(text).filter(|_| h.date.is_empty());
                if let Some(span) = span
                    && (span.start <= 2 || text.chars().count() > 80 || titled(text))
                    && !(span.start <= 2 && text.chars().count() <= 80)
                {
                    // A title and the date on one line, either way round: `第3回 …協議会
                    // 令和5年9月11日(月) 障害者福祉課 午後2時開会`, `令和3年7月12日 令和3年度…議事録`.
                    let chars: Vec<char> = text.chars().collect();
                    let before: String = chars[..span.start].iter().collect();
                    let date: String = chars[span.clone()].iter().collect();
                    let after: String = chars[span.end..].iter().collect();
                    if !before.trim().is_empty() {
                        h.title.push(CleanLine {
                            text: before.trim().to_string(),
                            ..line.clone()
                        });
                    }
                    h.first_date_line = Some(line.no);
                    h.date.push(date);
                    if titled(&after)
                        || (before.trim().is_empty()
                            && !after.trim().is_empty()
                            && h.title.is_empty())
                    {
                        h.title.push(CleanLine {
                            text: after.trim().to_string(),
                            ..line.clone()
                        });
                    } else if !after.trim().is_empty() {
                        // `午後3時〜5時 文京シビックセンター`: the times, then the place.
                        let after = fold_width(after.trim());
                        let times_end = LEADING_TIMES.find(&after).map_or(0, |m| m.end());
                        let (times, rest) = after.split_at(times_end);
                        if !times.trim().is_empty() {
                            h.date.push(times.trim().to_string());
                            if !rest.trim().is_empty() {
                                h.place.push(rest.trim().to_string());
                                field = Some(Field::Place);
                            }
                        } else {
                            h.date.push(after.trim().to_string());
                        }
                    }
                    if field.is_none() {
                        field = Some(Field::Date);
                    }
                    date_unlabelled = true;
                } else if dates::find_date(text).is_some() && text.chars().count() <= 80 {
                    h.first_date_line = Some(line.no);
                    h.date.push(text.to_string());
                    field = Some(Field::Date);
                    date_unlabelled = true;
                } else {
                    h.title.push(line.clone());
                }
            }
            Some(Field::Date) if date_unlabelled => {
                // No labels: a time on the next line is still the date; anything else is the place.
                let has_time = dates::find_times(&format!("2000年1月1日 {text}"))
                    .0
                    .is_some();
                if has_time && h.date.len() < 2 {
                    h.date.push(text.to_string());
                } else if h.title.is_empty() && h.place.is_empty() && titled(text) {
                    // `令和3年7月12日` / `令和3年度第1回 …協議会 議事録`: the date printed above the title.
                    h.title.push(line.clone());
                } else {
                    field = Some(Field::Place);
                    h.place.push(text.to_string());
                }
            }
            // No labels: `午後 2 時 00 分開会` under the office's line is the time, not the place.
            Some(Field::Place) if date_unlabelled && h.date.len() < 2 && only_times(text) => {
                h.date.push(text.to_string());
            }
            Some(f) => add_to_field(&mut h, f, text, line.no),
        }
    }
    (h, lines.len(), None)
}

fn add_to_field(h: &mut Header, field: Field, text: &str, no: usize) {
    match field {
        Field::Name => h.name.push(text.to_string()),
        Field::Date => h.date.push(text.to_string()),
        Field::Place => h.place.push(text.to_string()),
        Field::Attendance | Field::Absence | Field::Secretariat | Field::Observer => {
            if let Some(b) = h.attendance.last_mut() {
                b.lines.push(text.to_string());
            }
        }
        Field::Agenda => {
            // `2 議題、(1)…について、(2)…について`: items printed inline after their parent.
            for item in split_inline_items(text) {
                h.agenda.push(AgendaLine { text: item, no });
            }
        }
        Field::Materials => h.materials.push(AgendaLine {
            text: text.to_string(),
            no,
        }),
        Field::Other | Field::Results => {
            if let Some(n) = h.notes.last_mut() {
                heal_join(&mut n.value, text);
            }
        }
        Field::Proceedings => {}
    }
}

/// True when `text` holds times and nothing else: `午後 2 時 00 分開会`, `14:00～16:00`.
fn only_times(text: &str) -> bool {
    let folded = fold_width(text.trim());
    LEADING_TIMES
        .find(&folded)
        .is_some_and(|m| m.end() == folded.len() && m.as_str().chars().any(|c| c.is_ascii_digit()))
}

/// A list that names its group: `委員:日高会長、…`, `事務局:國武部長、…`.
static GROUP_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:委員|事務局|コンサルタント|オブザーバー|幹事|会長|副会長)\s*[:：]").unwrap()
});

/// Times at the start of a text: `午後3時〜5時`, `14:00～16:00`, `午前10時から正午まで`.
static LEADING_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:午前|午後)?\s*(?:\d{1,2}\s*(?:時(?:\s*\d{1,2}\s*分|半)?|[:：]\s*\d{2})|正午)\s*(?:[～〜~\-－ー]|から)?\s*)+(?:まで|開会|開始)?").unwrap()
});

/// True when a text names a meeting: a council or one of its bodies, or a document word.
fn titled(text: &str) -> bool {
    let c = compact(text);
    [
        "協議会",
        "委員会",
        "審議会",
        "部会",
        "会議",
        "分科会",
        "連絡会",
        "議事録",
        "会議録",
    ]
    .iter()
    .any(|w| c.contains(w))
}

/// Splits an agenda line before items printed inline after a comma: `2 議題、(1)報告、(2)協議`.
fn split_inline_items(text: &str) -> Vec<String> {
    static INLINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[、,，]\s*[(（][0-9０-９]{1,2}[)）]").unwrap());
    let mut out = Vec::new();
    let mut last = 0;
    for m in INLINE.find_iter(text) {
        let sep_len = m.as_str().chars().next().map_or(0, char::len_utf8);
        out.push(text[last..m.start()].trim().to_string());
        last = m.start() + sep_len;
    }
    out.push(text[last..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_printed_inline_after_their_parent() {
        assert_eq!(
            split_inline_items("2 議題、(1)計画について、(2)日程について"),
            ["2 議題", "(1)計画について", "(2)日程について"]
        );
    }
}
