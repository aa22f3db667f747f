//! Minutes: the header block (title, date, venue, attendance, agenda, materials) and then the
//! proceedings, assembled into a [`Record`].
//!
//! This file assembles the record and says how much a document looks like minutes. Beside it:
//! `fields.rs` (the header walked, each line sorted into its field), `body_start.rs` (where the
//! proceedings begin), `meeting.rs` (the meeting's fields from the header: title, date,
//! weekday, times, venue) and `from_proceedings.rs` (what the proceedings tell about the
//! header: an agenda, the chair, the council).

mod body_start;
mod fields;
mod from_proceedings;
mod meeting;

use super::agenda;
use super::attendance;
use super::{aliases, facts, proceedings};
use crate::ingest::Document;
use crate::normalize::{self, CleanLine};
use crate::record::{AgendaWalk, Attendance, DocumentKind, Record, Warning};
use crate::text::labels::{self, Field};

use fields::split_header;
use from_proceedings::{agenda_from_headings, council_from_opening, infer_chair};

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

    let mut meeting = meeting::from_header(&header, body, &mut warnings);

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
    // Minutes without an agenda in their header print it as the headings of the proceedings.
    let agenda = if agenda.is_empty() {
        agenda_from_headings(&procs.sections).unwrap_or(agenda)
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
    for (_, item) in AgendaWalk::new(&agenda) {
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
        meeting,
        attendance,
        agenda,
        materials,
        proceedings: procs.sections,
        aliases: alias_list,
        facts: fact_list,
        header_notes: header.notes,
        warnings,
        ..Record::new(DocumentKind::Minutes, doc.source())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Role, Style};

    fn doc(text: &str) -> Document {
        Document::from_text(text)
    }

    fn names<'a>(people: impl IntoIterator<Item = &'a String>) -> Vec<&'a str> {
        people.into_iter().map(String::as_str).collect()
    }

    fn member_names(r: &Record) -> Vec<&str> {
        names(r.attendance.members.iter().map(|m| &m.name))
    }

    fn agenda_titles(r: &Record) -> Vec<&str> {
        names(r.agenda.iter().map(|a| &a.title))
    }

    fn material_titles(r: &Record) -> Vec<&str> {
        names(r.materials.iter().map(|m| &m.title))
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
        let titles = material_titles(&r);
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
        let names = member_names(&r);
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
        let members = member_names(&r);
        assert_eq!(members, ["森", "川上", "北村", "東", "南"]);
        let staff = names(r.attendance.secretariat.iter().map(|p| &p.name));
        assert_eq!(staff, ["田村", "山本", "中島"]);
        let agenda = agenda_titles(&r);
        assert_eq!(agenda, ["会長挨拶", "報告", "閉会"]);
    }

    #[test]
    fn numbered_lines_under_the_materials_label_are_materials() {
        // `1 会議次第` is the order of business handed out, not the label `会議次第`.
        let r = parse(&doc(
            "第1回 障害者施策審議会 会議録\n開催日時 令和7年5月20日(火) 14:00～16:00\n会議次第\n1 開会\n2 議題\n3 閉会\n配布資料\n1 会議次第\n2 委員名簿\n3 資料1 計画の進捗\n会議要旨\n事務局、【開会】\n",
        ));
        let titles = material_titles(&r);
        assert_eq!(titles.len(), 3, "{titles:?}");
        assert!(titles[0].contains("会議次第"), "{titles:?}");
        let agenda = agenda_titles(&r);
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
}
