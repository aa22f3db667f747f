//! Minutes: the header block (title, date, venue, attendance, agenda, materials) and then the
//! proceedings, assembled into a [`Record`].

use std::sync::LazyLock;

use regex::Regex;

use super::agenda::{self, AgendaLine};
use super::attendance::{self, Block, Group};
use super::header;
use super::{aliases, dates, facts, proceedings};
use crate::ingest::Document;
use crate::normalize::{self, CleanLine};
use crate::record::{
    Attendance, DocumentKind, HeaderNote, Meeting, Record, SCHEMA_VERSION, Warning,
};
use crate::text::era::{self, ERA_YEAR, ERAS};
use crate::text::labels::{self, Field};
use crate::text::speakers;
use crate::text::{compact, fold_width, heal_join};

/// Lines of the header, sorted by field.
#[derive(Debug, Default)]
struct Header {
    title: Vec<CleanLine>,
    name: Vec<String>,
    date: Vec<String>,
    place: Vec<String>,
    attendance: Vec<Block>,
    agenda: Vec<AgendaLine>,
    materials: Vec<AgendaLine>,
    notes: Vec<HeaderNote>,
    first_date_line: Option<usize>,
}

/// Parses a document as minutes.
pub fn parse(doc: &Document) -> Record {
    parse_lines(doc, normalize::clean(doc))
}

/// Parses clean lines as minutes.
pub fn parse_lines(doc: &Document, lines: Vec<CleanLine>) -> Record {
    let mut warnings = Vec::new();
    let (header, body_start, first) = split_header(&lines);
    let mut body_lines: Vec<CleanLine> = Vec::new();
    if let Some(first) = first {
        body_lines.push(first);
    }
    body_lines.extend_from_slice(&lines[body_start..]);
    let body = &body_lines[..];

    let mut meeting = Meeting::default();
    let title = header_title(&header);
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

    let attendance = attendance::parse(&header.attendance);
    check_count(&attendance, &mut warnings);
    let agenda = agenda::build_agenda(&header.agenda);
    let materials = agenda::build_materials(&header.materials);

    let names: Vec<String> = attendance
        .members
        .iter()
        .map(|m| m.name.clone())
        .chain(attendance.secretariat.iter().map(|p| p.name.clone()))
        .collect();
    let procs = proceedings::parse(body, &agenda, &names);
    // Minutes without an agenda in their header print it as the headings of the proceedings.
    let agenda = if agenda.is_empty() {
        let lines: Vec<AgendaLine> = procs
            .sections
            .iter()
            .filter(|s| s.agenda_ref.is_some())
            .filter_map(|s| {
                s.heading.as_ref().map(|h| AgendaLine {
                    text: h.clone(),
                    no: s.entries.first().map_or(0, |e| e.line),
                })
            })
            .collect();
        let built = agenda::build_agenda(&lines);
        let paths: Vec<&str> = agenda::flatten(&built)
            .iter()
            .map(|i| i.path.as_str())
            .collect();
        let consistent = procs
            .sections
            .iter()
            .filter_map(|s| s.agenda_ref.as_deref())
            .all(|p| paths.contains(&p));
        if consistent { built } else { agenda }
    } else {
        agenda
    };
    let mut attendance = attendance;
    infer_chair(&mut attendance, &procs.sections);
    if meeting.council.is_none() || meeting.session_number.is_none() {
        council_from_opening(&mut meeting, &procs.sections);
    }
    meeting.style = Some(procs.style);
    if procs.sections.iter().all(|s| s.entries.is_empty()) {
        warnings.push(Warning {
            line: body.first().map(|l| l.no),
            page: None,
            message: "no proceedings found".into(),
            text: None,
        });
    }

    // Aliases and facts come from everything said.
    let mut alias_list = Vec::new();
    let mut push_aliases = |text: &str| {
        for a in aliases::find(text) {
            if !alias_list.contains(&a) {
                alias_list.push(a);
            }
        }
    };
    for item in agenda::flatten(&agenda) {
        push_aliases(&item.title);
    }
    let mut fact_list = Vec::new();
    for section in &procs.sections {
        if let Some(h) = &section.heading {
            push_aliases(h);
        }
        for e in &section.entries {
            push_aliases(&e.text);
            fact_list.extend(facts::find(&e.text, section.agenda_ref.as_deref(), e.line));
        }
    }

    Record {
        schema_version: SCHEMA_VERSION,
        kind: DocumentKind::Minutes,
        source: doc.source(),
        meeting,
        attendance,
        agenda,
        materials,
        proceedings: procs.sections,
        aliases: alias_list,
        facts: fact_list,
        header_notes: header.notes,
        title: None,
        material_id: None,
        issuer: None,
        issued: None,
        sections: Vec::new(),
        organizations: Vec::new(),
        programmes: Vec::new(),
        warnings,
    }
}

/// How strongly the clean lines look like minutes: the number of distinct header fields found
/// before the body (date, place, attendance, agenda, materials) plus a proceedings label.
pub fn minutes_score(lines: &[CleanLine]) -> usize {
    let mut fields = std::collections::HashSet::new();
    for l in lines.iter().take(120) {
        // Both label readers read the line folded: fold it once.
        let text = l.text.trim();
        let folded = crate::text::fold_width(text);
        if labels::proceedings_label_folded(text, &folded).is_some() {
            fields.insert("proceedings");
        } else if let Some(lab) = labels::label_folded(&folded) {
            let key = match lab.field {
                Field::Date => "date",
                Field::Place => "place",
                Field::Attendance | Field::Absence | Field::Secretariat => "attendance",
                Field::Agenda => "agenda",
                Field::Materials => "materials",
                _ => continue,
            };
            fields.insert(key);
        }
    }
    fields.len()
}

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

/// The opening words name the meeting when the header does not: `令和6年度第2回山田市市民福祉
/// 推進委員会に御参加いただき…`, `ただ今から、山田県総合支援協議会を開催いたします`.
fn council_from_opening(meeting: &mut Meeting, sections: &[crate::record::Section]) {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?:(?:{ERAS})\s*{ERA_YEAR}\s*年度\s*)?(?:第\s*(?P<n>\d{{1,2}})\s*回\s*)?(?P<c>[^\s、。「」()（）]{{2,40}}?(?:[都道府県市町村区])[^\s、。「」()（）]{{0,30}}?(?:協議会|審議会|委員会|推進会議))(?:を|に|の開催|へ|[(（])"))
            .unwrap()
    });
    for e in sections.iter().flat_map(|s| &s.entries).take(6) {
        let text = fold_width(&e.text);
        let Some(caps) = OPENING.captures(&text) else {
            continue;
        };
        let council = caps["c"]
            .trim_start_matches("ただ今から")
            .trim_start_matches("ただいまより")
            .trim_start_matches("ただいまから")
            .trim_start_matches("これより");
        if meeting.council.is_none() {
            meeting.council = Some(council.to_string());
        }
        if meeting.session_number.is_none() {
            meeting.session_number = caps.name("n").and_then(|n| n.as_str().parse().ok());
        }
        return;
    }
}

/// When the roster marks no chair, the speaker label `議長（佐藤）` or `佐藤会長` names one; when
/// there is no roster at all, that chair is the one member known to have attended.
fn infer_chair(att: &mut Attendance, sections: &[crate::record::Section]) {
    use crate::record::Role;
    if att.members.iter().any(|m| m.role == Role::Chair) {
        return;
    }
    for e in sections.iter().flat_map(|s| &s.entries) {
        let Some(spk) = e.speaker.as_deref() else {
            continue;
        };
        if speakers::classify(spk, &[]) != speakers::SpeakerClass::Chair || spk.contains('副') {
            continue;
        }
        let folded = crate::text::fold_width(spk);
        let candidate = match folded.split_once('(') {
            Some((_, inner)) => inner.trim_end_matches(')').trim().to_string(),
            None => ["部会長", "会長", "議長", "座長", "委員長"]
                .iter()
                .find_map(|w| folded.strip_suffix(w))
                .unwrap_or("")
                .trim()
                .to_string(),
        };
        if candidate.is_empty() {
            continue;
        }
        let matches: Vec<usize> = att
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.name.replace(' ', "").starts_with(&candidate))
            .map(|(i, _)| i)
            .collect();
        if let [i] = matches[..] {
            att.members[i].role = Role::Chair;
            return;
        }
        // Minutes that print no roster still show who chaired (`○三浦会長`): the chair attended.
        if att.members.is_empty() {
            att.members.push(crate::record::Member {
                name: candidate,
                role: Role::Chair,
                present: true,
                organization: None,
                note: None,
            });
            return;
        }
    }
}

fn check_count(att: &Attendance, warnings: &mut Vec<Warning>) {
    if let Some(n) = att.printed_count {
        let present = att.members.iter().filter(|m| m.present).count() as u32;
        if n != present && n as usize != att.members.len() {
            warnings.push(Warning {
                line: None,
                page: None,
                message: format!(
                    "the header counts {n} attendees but lists {present} members present; kept as printed"
                ),
                text: None,
            });
        }
    }
}

/// Walks the header, sorting lines into fields; returns it, where the proceedings start, and the
/// text printed after a proceedings label on its own line (`会議の概要: 1 開会`).
fn split_header(lines: &[CleanLine]) -> (Header, usize, Option<CleanLine>) {
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

/// Minutes since midnight of an `HH:MM` time.
fn minutes_of(t: &str) -> u32 {
    let (h, m) = t.split_once(':').unwrap_or((t, "0"));
    h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0)
}

/// Times at the start of a text: `午後3時〜5時`, `14:00～16:00`, `午前10時から正午まで`.
static LEADING_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:午前|午後)?\s*(?:\d{1,2}\s*(?:時(?:\s*\d{1,2}\s*分|半)?|[:：]\s*\d{2})|正午)\s*(?:[～〜~\-－ー]|から)?\s*)+(?:まで|開会|開始)?").unwrap()
});

/// True when a label's value is the first words of a speech, not a list of names: it holds a
/// sentence, or the line a printed page wrapped it onto does (`事務局:それでは、定刻となり` /
/// `ましたので開催いたします。`).
fn looks_like_speech(value: &str, next: Option<&str>) -> bool {
    if value.contains('。') {
        return true;
    }
    const OPENERS: &[&str] = &[
        "それでは",
        "ただ今",
        "ただいま",
        "皆様",
        "皆さん",
        "本日",
        "定刻",
        "これより",
        "ので",
        "ます",
        "です",
    ];
    next.is_some_and(|n| n.contains('。')) && OPENERS.iter().any(|w| value.contains(w))
}

/// True when a line is only `会議録` or `議事録` (letter-spaced or with a note).
fn names_document(text: &str) -> bool {
    let c = compact(text);
    c.starts_with("会議録") || c.starts_with("議事録")
}

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

/// True when an unlabelled line can only be the beginning of the proceedings: the agenda
/// repeated as a heading, a summary marker, a speaker's turn, or a sentence of speech.
fn starts_proceedings(h: &Header, field: Option<Field>, text: &str, next: Option<&str>) -> bool {
    let c = compact(text);
    if c.starts_with(['《', '〔']) {
        return true;
    }
    // A section label of the proceedings: `【質疑応答】`, `(質疑)`, `【主な意見】`.
    if c.chars().count() <= 12
        && c.starts_with(['【', '(', '[', '<'])
        && (c.contains("質疑") || c.contains("意見") || c.contains("質問"))
    {
        return true;
    }
    if matches!(field, Some(Field::Agenda | Field::Materials))
        && let (Some(first), Some(n)) = (h.agenda.first(), agenda::numbered(text))
        && let Some(first_n) = agenda::numbered(&first.text)
        && first_n.key == n.key
        && compact(&first_n.rest) == compact(&n.rest)
        && h.agenda.len() > 1
    {
        return true;
    }
    if matches!(field, Some(Field::Name) | None) {
        return false;
    }
    if let Some(t) = speakers::turn(text, &[]) {
        let speech = if t.rest.is_empty() {
            next.unwrap_or("")
        } else {
            &t.rest
        };
        if speech.contains('。') && labels::label(speech).is_none() {
            return true;
        }
    }
    let people = matches!(
        field,
        Some(Field::Attendance | Field::Absence | Field::Secretariat | Field::Observer)
    );
    // After the lists of people, the first item of the proceedings' own numbering (`1 開会`)
    // or a bracketed speaker (`(司会)`) begins them.
    if people {
        if let Some(n) = agenda::numbered(text)
            && matches!(n.key.as_str(), "1." | "(1)")
            && !n.rest.contains(['、', ',', '，', ':', '：'])
            && !n.rest.ends_with("委員")
            && !n.rest.contains("事務局")
            && n.rest.chars().count() >= 2
            && n.rest.chars().count() <= 20
        {
            return true;
        }
        if let Some(t) = speakers::turn(text, &[])
            && t.marked
            && t.rest.is_empty()
            && text.starts_with(['(', '（'])
            // `(事務局)` alone in a roster heads its staff; `(司会)` opens the meeting.
            && speakers::classify(&t.speaker, &[]) == speakers::SpeakerClass::Chair
        {
            return true;
        }
    }
    text.contains('。')
        && (text.chars().count() > 30 || people)
        && !matches!(field, Some(Field::Other))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Role, Style};

    fn doc(text: &str) -> Document {
        Document::from_text(text)
    }

    #[test]
    fn an_agenda_item_named_like_the_label_leaves_the_materials_alone() {
        // `1.協議事項` under the `協議事項` label is an item, not a second label waiting for a
        // value: the materials list that follows keeps its first line.
        let r = parse(&doc("令和7年度第1回山田市障害者自立支援協議会 会議概要\n\
             開催日時 令和7年5月19日(月)\n\
             協議事項\n\
             1.協議事項\n\
             (1)計画について （資料1）\n\
             配布資料\n\
             ・次第\n\
             ・（資料1）計画（案）\n\
             会議概要\n\
             1.協議事項\n\
             (1)計画について\n\
             《事務局より説明》\n\
             ・計画の案を説明した。\n"));
        let item = &r.agenda[0].children[0];
        assert_eq!(item.title, "計画について");
        assert_eq!(item.materials, ["資料1"]);
        let titles: Vec<&str> = r.materials.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["次第", "計画（案）"]);
    }

    #[test]
    fn standard_form_with_field_name_labels() {
        let r = parse(&doc(
            "会議の名称:令和6年度第1回山田市障害者自立支援協議会\n\
             開催日時:令和6年5月20日(月曜日) 午後2時から4時まで\n\
             開催場所:山田市役所 第3会議室\n\
             出席者(委員)氏名(人数):会長 山田 太郎、佐藤一郎、鈴木花子 (3名)\n\
             傍聴者:なし\n\
             議題:\n\
             (1)計画について\n\
             会議録:\n\
             (1)計画について\n\
             事務局：計画の案を説明した。\n",
        ));
        let m = &r.meeting;
        assert_eq!(m.council.as_deref(), Some("山田市障害者自立支援協議会"));
        assert_eq!(
            (m.date.as_deref(), m.weekday.as_deref()),
            (Some("2024-05-20"), Some("月"))
        );
        assert_eq!(
            (m.start_time.as_deref(), m.end_time.as_deref()),
            (Some("14:00"), Some("16:00"))
        );
        assert_eq!(m.venue.as_deref(), Some("山田市役所 第3会議室"));
        assert_eq!(r.attendance.members[0].name, "山田 太郎");
        assert_eq!(r.attendance.members[0].role, Role::Chair);
        assert_eq!(r.attendance.printed_count, Some(3));
        assert_eq!(r.header_notes[0].label, "傍聴者");
        assert_eq!(r.proceedings[0].agenda_ref.as_deref(), Some("(1)"));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn no_labels_title_date_place() {
        let r = parse(&doc(
            "第2回 相談支援部会 会議録\n令和6年7月10日(水)\n午後2時～3時30分\nさくら台市役所 会議室A\n■事務局\n定刻となりましたので始めます。\n",
        ));
        assert_eq!(r.meeting.body.as_deref(), Some("相談支援部会"));
        assert_eq!(r.meeting.date.as_deref(), Some("2024-07-10"));
        assert_eq!(r.meeting.end_time.as_deref(), Some("15:30"));
        assert_eq!(r.meeting.venue.as_deref(), Some("さくら台市役所 会議室A"));
        assert_eq!(r.meeting.style, Some(Style::Verbatim));
        assert_eq!(r.meeting.fiscal_year, Some(2024));
    }

    #[test]
    fn a_flattened_table_with_labels_first() {
        let r = parse(&doc(
            "第1回川野町地域自立支援協議会会議録\n開催日時\n開催場所\n出席委員\n令和６年６月１０日（月）午後１時３０分～午後３時\n川野町役場 ２階 大会議室\n石井、岡田、近藤（３名）\n議題\n１．報告\n(事務局)\n定刻になりましたので始めます。\n",
        ));
        assert_eq!(r.meeting.date.as_deref(), Some("2024-06-10"));
        assert_eq!(r.meeting.end_time.as_deref(), Some("15:00"));
        assert_eq!(r.meeting.venue.as_deref(), Some("川野町役場 ２階 大会議室"));
        let names: Vec<&str> = r
            .attendance
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(names, ["石井", "岡田", "近藤"]);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn without_a_roster_the_chair_is_known_from_the_turns() {
        let r = parse(&doc(
            "第3回 自立支援協議会 会議録\n日時 令和7年2月4日(火) 14:00～\n場所 市役所第2会議室\n○事務局(田村) 定刻になりましたので始めます。\n○森会長 それでは議事に入ります。\n",
        ));
        let members: Vec<(&str, Role, bool)> = r
            .attendance
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.role, m.present))
            .collect();
        assert_eq!(members, [("森", Role::Chair, true)]);
    }

    #[test]
    fn without_labels_a_time_under_the_office_line_is_the_start() {
        let r = parse(&doc(
            "第 2 回 川村市障害者施策推進協議会\n令和 7 年 6 月 9 日(月)\n川村市福祉部障害者福祉課\n午後 2 時 00 分開会\n○障害者福祉課長 皆様こんにちは。始めます。\n",
        ));
        assert_eq!(r.meeting.start_time.as_deref(), Some("14:00"));
        assert!(
            r.meeting
                .venue
                .as_deref()
                .is_none_or(|v| !v.contains("開会")),
            "{:?}",
            r.meeting.venue
        );
    }

    #[test]
    fn a_flattened_table_whose_values_say_what_they_are() {
        // The labels come first, each alone; the values after them, a list wrapped after `、`.
        let r = parse(&doc(
            "第2回 川村市介護保険事業計画推進協議会 議事録\n日時\n令和7年6月4日(水) 18:30~20:00\n場所\n市役所 305会議室\n出席者\n議事\n次第\n事務局\n委員:森会長、川上委員、北村委員、\n東委員、南委員\n事務局:田村部長、山本課長、\n中島\nコンサルタント:川村リサーチ\nⅠ 会長挨拶\nⅡ 報告\n1 運営状況について(資料1)\nⅢ 閉会\n議事\n皆様お疲れ様でございます。定刻になりましたので始めます。\n",
        ));
        let members: Vec<&str> = r
            .attendance
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(members, ["森", "川上", "北村", "東", "南"]);
        let staff: Vec<&str> = r
            .attendance
            .secretariat
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(staff, ["田村", "山本", "中島"]);
        let agenda: Vec<&str> = r.agenda.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(agenda, ["会長挨拶", "報告", "閉会"]);
    }

    #[test]
    fn numbered_lines_under_the_materials_label_are_materials() {
        // `1 会議次第` is the order of business handed out, not the label `会議次第`.
        let r = parse(&doc(
            "第1回 障害者施策審議会 会議録\n開催日時 令和7年5月20日(火) 14:00～16:00\n会議次第\n1 開会\n2 議題\n3 閉会\n配布資料\n1 会議次第\n2 委員名簿\n3 資料1 計画の進捗\n会議要旨\n事務局、【開会】\n",
        ));
        let titles: Vec<&str> = r.materials.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles.len(), 3, "{titles:?}");
        assert!(titles[0].contains("会議次第"), "{titles:?}");
        let agenda: Vec<&str> = r.agenda.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(agenda, ["開会", "議題", "閉会"]);
    }

    #[test]
    fn the_chair_is_named_by_the_speaker_label() {
        let r = parse(&doc(
            "第2回 全体会 会議録\n日時 令和6年11月5日(火) 10:00～12:00\n出席者 佐藤委員 鈴木委員\n議題\n(1) 報告\n会議録\n◯議長（佐藤）　開会します。\n◯鈴木委員　意見です。\n",
        ));
        let roles: Vec<(&str, Role)> = r
            .attendance
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.role))
            .collect();
        assert_eq!(roles, [("佐藤", Role::Chair), ("鈴木", Role::Member)]);
    }

    #[test]
    fn wrong_weekday_is_kept_and_warned() {
        let r = parse(&doc(
            "第1回 全体会 会議概要\n日時 令和6年5月20日(火) 14:00～16:00\n会議概要\n・説明した。\n",
        ));
        assert_eq!(r.meeting.weekday.as_deref(), Some("火"));
        assert!(
            r.warnings.iter().any(|w| w.message.contains("weekday")),
            "{:?}",
            r.warnings
        );
    }
    #[test]
    fn a_flattened_page_with_its_labels_and_turns() {
        let r = parse(&doc(
            "令和6年度 第1回 山田市障害者自立支援協議会 全体会 議事録 開 催 日  令和6年7月3日(水)午後2時~4時 場  所  山田市役所 大会議室 出席委員  森委員,川上委員,北村委員(3名) 欠席委員  東委員(1名) 傍 聴 者  なし 1 開会 ■事務局  それでは,定刻になりましたので始めます。本日は委員4名中3名のご出席です。 ■森会長  議題(1)について事務局から説明をお願いします。",
        ));
        let m = &r.meeting;
        assert_eq!(r.kind, DocumentKind::Minutes);
        assert_eq!(m.council.as_deref(), Some("山田市障害者自立支援協議会"));
        assert_eq!(
            (
                m.date.as_deref(),
                m.start_time.as_deref(),
                m.end_time.as_deref()
            ),
            (Some("2024-07-03"), Some("14:00"), Some("16:00"))
        );
        assert_eq!(m.venue.as_deref(), Some("山田市役所 大会議室"));
        let present = r.attendance.members.iter().filter(|m| m.present).count();
        assert_eq!((present, r.attendance.members.len()), (3, 4));
        assert_eq!(m.style, Some(Style::Verbatim));
        let first = &r
            .proceedings
            .iter()
            .flat_map(|s| &s.entries)
            .next()
            .unwrap();
        assert_eq!(
            (first.kind, first.speaker.as_deref()),
            (crate::record::EntryKind::Note, Some("事務局"))
        );
    }

    #[test]
    fn a_title_and_the_date_on_one_line_and_an_opening_time() {
        let r = parse(&doc(
            "第 2 回 山田区障害者施策推進協議会 令和5年9月11日(月) 山田区福祉部障害者福祉課 午後 2時00分開会\n○障害者福祉課長 皆様こんにちは。課長の森でございます。\n",
        ));
        let m = &r.meeting;
        assert_eq!(m.council.as_deref(), Some("山田区障害者施策推進協議会"));
        assert_eq!(
            (m.session_number, m.date.as_deref()),
            (Some(2), Some("2023-09-11"))
        );
        assert_eq!(m.start_time.as_deref(), Some("14:00"));
    }

    #[test]
    fn an_end_time_that_cannot_be_right_is_left_out_with_a_warning() {
        let r = parse(&doc(
            "第1回 部会 会議録\n日時 令和6年5月20日(月) 午前10時から午後11時55分\n会議録\n(事務局)\n始めます。\n",
        ));
        assert_eq!(
            (r.meeting.start_time.as_deref(), r.meeting.end_time),
            (Some("10:00"), None)
        );
        assert!(
            r.warnings.iter().any(|w| w.message.contains("8 hours")),
            "{:?}",
            r.warnings
        );
    }

    #[test]
    fn the_council_named_in_the_opening_words() {
        let r = parse(&doc(
            "1 日時\n令和6年7月26日(金曜日)午後7時00分~8時45分\n2 会場\n市役所\n(委員長)\nみなさんこんばんは。令和6年度第2回山田市市民福祉推進委員会に御参加いただきまして、ありがとうございます。\n",
        ));
        assert_eq!(
            r.meeting.council.as_deref(),
            Some("山田市市民福祉推進委員会")
        );
        assert_eq!(r.meeting.session_number, Some(2));
    }

    #[test]
    fn items_printed_inline_after_their_parent() {
        assert_eq!(
            split_inline_items("2 議題、(1)計画について、(2)日程について"),
            ["2 議題", "(1)計画について", "(2)日程について"]
        );
    }
}
