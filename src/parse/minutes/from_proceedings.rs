//! What the proceedings tell about the header: the agenda printed as their headings when the
//! header has none, the chair named by a speaker label, the council named in the opening words.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::agenda::{self, AgendaLine};
use crate::record::{AgendaItem, AgendaWalk, Attendance, Meeting, Section};
use crate::text::era::{ERA_YEAR, ERAS};
use crate::text::fold_width;
use crate::text::speakers;

/// Minutes without an agenda in their header print it as the headings of the proceedings: that
/// agenda, when every section's agenda reference is one of its items.
pub(super) fn agenda_from_headings(sections: &[Section]) -> Option<Vec<AgendaItem>> {
    let lines: Vec<AgendaLine> = sections
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
    let paths: Vec<&str> = AgendaWalk::new(&built)
        .map(|(_, i)| i.path.as_str())
        .collect();
    let consistent = sections
        .iter()
        .filter_map(|s| s.agenda_ref.as_deref())
        .all(|p| paths.contains(&p));
    consistent.then_some(built)
}

/// The opening words name the meeting when the header does not: `令和6年度第2回山田市市民福祉
/// 推進委員会に御参加いただき…`, `ただ今から、山田県総合支援協議会を開催いたします`.
pub(super) fn council_from_opening(meeting: &mut Meeting, sections: &[Section]) {
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
pub(super) fn infer_chair(att: &mut Attendance, sections: &[Section]) {
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
            None => speakers::CHAIR_ROLES
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
