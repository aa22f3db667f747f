//! The next meeting's notes, scaffolded from the last meeting's record: the roster carried over
//! with everyone present, the session number +1 (1 again when the fiscal year has rolled over in
//! April), the recurring agenda items (開会, その他) and empty entries to fill.

use chrono::{Duration, NaiveDate};

use super::{ItemNotes, MaterialNote, MeetingNotes, Notes, PersonNote, Roster};
use crate::record::{Record, Role};
use crate::text::era::{ERAS, fiscal_text, fiscal_year_of};

/// How far ahead the next meeting is proposed when no date is given: 13 weeks, the same
/// weekday (a council that meets three or four times a year).
pub const DEFAULT_GAP_DAYS: i64 = 91;

/// Agenda titles that recur at every meeting.
fn recurring(title: &str) -> bool {
    let t = crate::text::compact(title);
    t.contains("開会") || t.contains("閉会") || t == "その他"
}

/// The next meeting's notes from the last one's record; `date` is the next meeting's date, or
/// [`DEFAULT_GAP_DAYS`] after the last one.
pub fn next_notes(last: &Record, date: Option<NaiveDate>) -> Notes {
    let m = &last.meeting;
    let last_date = m
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let date = date
        .or_else(|| last_date.map(|d| d + Duration::days(DEFAULT_GAP_DAYS)))
        .unwrap_or_else(today);
    let fy = fiscal_year_of(date);
    let last_fy = m.fiscal_year.or(last_date.map(fiscal_year_of));
    let session = match (last_fy, m.session_number) {
        (Some(lfy), Some(s)) if lfy == fy => s + 1,
        _ => 1,
    };
    let a = &last.attendance;
    let role_name = |role: Role| {
        a.members
            .iter()
            .find(|p| p.role == role)
            .map(|p| p.name.clone())
    };
    let roster = Roster {
        chair: role_name(Role::Chair),
        vice_chair: role_name(Role::ViceChair),
        members: a
            .members
            .iter()
            .map(|p| PersonNote::Name(p.name.clone()))
            .collect(),
        absent: Vec::new(),
        secretariat: a
            .secretariat
            .iter()
            .map(|p| PersonNote::Name(p.name.clone()))
            .collect(),
        observers: a
            .observers
            .iter()
            .map(|p| PersonNote::Name(p.name.clone()))
            .collect(),
    };
    let agenda: Vec<ItemNotes> = last
        .agenda
        .iter()
        .filter(|it| recurring(&it.title))
        .map(|it| ItemNotes {
            title: it.title.clone(),
            materials: Vec::new(),
            decision: false,
            entries: Vec::new(),
            children: Vec::new(),
        })
        .collect();
    // 次第 and 委員名簿 (no id) recur; numbered materials belong to their meeting.
    let materials = last
        .materials
        .iter()
        .filter(|mat| mat.id.is_none())
        .map(|mat| MaterialNote {
            id: None,
            title: renumber(&mat.title, fy, session),
        })
        .collect();
    Notes {
        meeting: MeetingNotes {
            council: m.council.clone().unwrap_or_default(),
            body: m.body.clone().unwrap_or_else(|| "全体会".into()),
            fiscal_year: Some(fy),
            session,
            date: date.format("%Y-%m-%d").to_string(),
            weekday: None,
            start: m.start_time.clone().unwrap_or_else(|| "14:00".into()),
            end: m.end_time.clone().unwrap_or_else(|| "16:00".into()),
            venue: m.venue.clone().unwrap_or_default(),
        },
        roster,
        materials,
        public_phones: Vec::new(),
        agenda,
    }
}

/// Today's date (UTC), from the system clock.
fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + Duration::days((secs / 86_400) as i64)
}

/// `令和6年度(2024年度)第3回全体会次第` → the new fiscal year and session.
fn renumber(title: &str, fy: i32, session: u32) -> String {
    use regex::Regex;
    use std::sync::LazyLock;
    static FY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:{ERAS})(?:\d+|元)年度(?:\(\d{{4}}年度\)|（\d{{4}}年度）)?"
        ))
        .unwrap()
    });
    static SESSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"第\d+回").unwrap());
    let t = FY.replace_all(title, format!("{}({fy}年度)", fiscal_text(fy)));
    SESSION
        .replace_all(&t, format!("第{session}回"))
        .into_owned()
}

/// The scaffold as commented TOML, ready to fill in.
pub fn to_commented_toml(n: &Notes, from: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Notes for the next meeting of {}{}, scaffolded from {from}.\n",
        n.meeting.council, n.meeting.body
    ));
    out.push_str(
        "# Check the date (proposed), add the absent to roster.absent, add agenda items and\n\
         # materials, and fill each item's entries, e.g.\n\
         #\n\
         #   [[agenda.entries]]\n\
         #   kind = \"explanation\"   # explanation, opinion, question, answer, resolution, note\n\
         #   speaker = \"事務局\"\n\
         #   text = \"資料に沿って説明した。\"\n\
         #\n\
         # Then: gijiroku check NOTES.toml && gijiroku draft NOTES.toml -o draft.docx\n\n",
    );
    out.push_str(&n.to_toml());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{AgendaItem, Attendance, Meeting, Member};

    fn last(date: &str, fy: i32, session: u32) -> Record {
        let mut r: Record = serde_json::from_value(serde_json::json!({
            "schema_version": 1, "kind": "minutes",
            "source": {"path": "x.txt", "sha256": "", "format": "txt", "encoding": "UTF-8", "pages": null},
            "meeting": {}, "attendance": {"members": [], "secretariat": [], "observers": [], "printed_count": null},
            "agenda": [], "materials": [], "proceedings": [], "aliases": [], "facts": [], "header_notes": [],
            "title": null, "issuer": null, "issued": null, "sections": [], "organizations": [],
            "programmes": [], "warnings": []
        }))
        .unwrap();
        r.meeting = Meeting {
            council: Some("さくら台市障害者支援協議会".into()),
            body: Some("全体会".into()),
            fiscal_year: Some(fy),
            session_number: Some(session),
            date: Some(date.into()),
            ..Meeting::default()
        };
        r.attendance = Attendance {
            members: vec![
                Member {
                    name: "高田".into(),
                    role: Role::Chair,
                    present: true,
                    organization: None,
                    note: None,
                },
                Member {
                    name: "西村".into(),
                    role: Role::Member,
                    present: false,
                    organization: None,
                    note: None,
                },
            ],
            ..Attendance::default()
        };
        let item = |t: &str, p: &str| AgendaItem {
            number: Some(p.into()),
            title: t.into(),
            materials: vec![],
            children: vec![],
            path: p.into(),
        };
        r.agenda = vec![
            item("開会", "1."),
            item("報告事項", "2."),
            item("その他", "3."),
        ];
        r
    }

    #[test]
    fn next_session_in_the_same_fiscal_year() {
        let n = next_notes(&last("2024-10-21", 2024, 2), None);
        assert_eq!(n.meeting.date, "2025-01-20");
        assert_eq!(n.meeting.session, 3);
        assert_eq!(n.meeting.fiscal_year, Some(2024));
        assert_eq!(n.roster.chair.as_deref(), Some("高田"));
        assert!(n.roster.absent.is_empty(), "everyone present");
        let titles: Vec<&str> = n.agenda.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["開会", "その他"]);
    }

    #[test]
    fn the_fiscal_year_rolls_over_in_april() {
        let n = next_notes(&last("2025-02-17", 2024, 3), None);
        assert_eq!(n.meeting.date, "2025-05-19");
        assert_eq!((n.meeting.fiscal_year, n.meeting.session), (Some(2025), 1));
        let n = next_notes(
            &last("2025-02-17", 2024, 3),
            NaiveDate::from_ymd_opt(2025, 3, 24),
        );
        assert_eq!((n.meeting.fiscal_year, n.meeting.session), (Some(2024), 4));
    }

    #[test]
    fn material_titles_get_the_new_session() {
        assert_eq!(
            renumber("令和6年度(2024年度)第3回全体会次第", 2025, 1),
            "令和7年度(2025年度)第1回全体会次第"
        );
    }
}
