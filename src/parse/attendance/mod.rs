//! Attendance: members with roles (◎会長, ○副会長, `（会長）`, `会長:`), absences (`（欠席：…）`,
//! 欠席者), the secretariat, observers, proxies and notes (`※代理出席`), printed head counts.
//!
//! This file holds the blocks and the pass over them: a block's wrapped lines healed, its group
//! headings read as markers, the legends (`（敬称略）`, `◎会長、○副会長`) dropped, then each
//! segment parsed. Beside it: `groups.rs` (which list the names belong to), `segment.rs` (one
//! group's text: absence and online lists, head counts), `lists.rs` (a list cut into persons),
//! `roles.rs` (role words and honorifics) and `person.rs` (one name into the attendance).

mod groups;
mod lists;
mod person;
mod roles;
mod segment;

use std::sync::LazyLock;

use regex::Regex;

use crate::record::{Attendance, Role};
use crate::text::fold_width;

use groups::{group_heading, segments};
use segment::parse_segment;

/// Which list a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Committee members.
    Members,
    /// The secretariat.
    Secretariat,
    /// Observers.
    Observers,
}

/// Text of one attendance-related header field.
#[derive(Debug, Clone)]
pub struct Block {
    /// The default group of the field (出席者 → members, 事務局 → secretariat).
    pub group: Group,
    /// True for an absence field (欠席者).
    pub absent: bool,
    /// The field's lines, as printed.
    pub lines: Vec<String>,
}

/// `（敬称略）` and the legend `◎会長、○副会長` are not names.
/// Example: `◎会長、○副会長`
static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [(（]?\s*敬称略\s*[)）]?
      | [◎]\s*(?:は|：|:)?\s*(?:部会長|会長|議長|座長|委員長)\s*[、,，\s]*[○〇◯]\s*(?:は|：|:)?\s*副(?:部会長|会長|議長|座長|委員長)
      | [(（]?\s*順不同\s*[)）]?
      | [(（]?\s*五十音順\s*[)）]?
      | [(（]\s*名簿順\s*[)）]
      | ほか\s*傍聴者\s*\d+\s*[名人]
        ",
    )
    .unwrap()
});

/// Parses the attendance blocks of a header.
pub fn parse(blocks: &[Block]) -> Attendance {
    let mut att = Attendance::default();
    let mut sub_chairs = Vec::new();
    for block in blocks {
        let lines: Vec<String> = heal_wraps(&block.lines)
            .into_iter()
            .map(|l| group_heading(&l).map(str::to_string).unwrap_or(l))
            .collect();
        let text = lines.join("\n");
        let text = fold_width(&text);
        let text = NOISE.replace_all(&text, " ");
        for (text, group, _) in segments(&text, block.group) {
            parse_segment(&text, group, block.absent, &mut att, &mut sub_chairs);
        }
    }
    // `佐藤会長、…、田中部会長`: beside the council's chair, the chairs of its sub-committees
    // are members.
    let chairs = att.members.iter().filter(|m| m.role == Role::Chair).count();
    if chairs > sub_chairs.len() {
        for m in &mut att.members {
            if m.role == Role::Chair && sub_chairs.contains(&m.name) {
                m.role = Role::Member;
            }
        }
    }
    att
}

/// Joins the lines of a list that a printed page wrapped: a line ending in a separator
/// (`、`, `,`, `・`) continues on the next, and so does a `委` / `員` cut.
fn heal_wraps(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for l in lines {
        let t = l.trim();
        if let Some(prev) = out.last_mut() {
            let p = prev.trim_end();
            // A comma list cut inside a name (`…、向井` / `崇部会長`) continues too, unless the next
            // line opens a group of its own.
            let cut_inside = p.contains(['、', ',', '，'])
                && !t.starts_with(['(', '（', '<', '＜', '[', '【', '※', '•', '・'])
                && group_heading(t).is_none()
                && !t.contains([':', '：']);
            if p.ends_with(['、', ',', '，', '・'])
                || (p.ends_with('委') && t.starts_with('員'))
                || cut_inside
            {
                let keep = p.len();
                prev.truncate(keep);
                prev.push_str(t);
                continue;
            }
        }
        out.push(t.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The members as (name, role), in order.
    fn roles_of(att: &Attendance) -> Vec<(&str, Role)> {
        att.members
            .iter()
            .map(|m| (m.name.as_str(), m.role))
            .collect()
    }

    fn block(group: Group, lines: &[&str]) -> Block {
        Block {
            group,
            absent: false,
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn summary_roster_with_marks_and_absences() {
        let att = parse(&[block(
            Group::Members,
            &[
                "（敬称略）",
                "◎会長、○副会長",
                "(委員)青木、◎石川、上田、",
                "大野 （欠席：小川、○加藤）",
                "(事務局)田中、中村（欠席：森）",
                "(オブザーバー)吉田※代理出席",
            ],
        )]);
        let names: Vec<(&str, Role, bool)> = att
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.role, m.present))
            .collect();
        assert_eq!(
            names,
            [
                ("青木", Role::Member, true),
                ("石川", Role::Chair, true),
                ("上田", Role::Member, true),
                ("大野", Role::Member, true),
                ("小川", Role::Member, false),
                ("加藤", Role::ViceChair, false),
            ]
        );
        assert_eq!(att.secretariat.len(), 3);
        assert!(!att.secretariat[2].present);
        assert_eq!(att.observers[0].name, "吉田");
        assert_eq!(att.observers[0].note.as_deref(), Some("代理出席"));
    }

    #[test]
    fn suffixed_names_and_role_groups() {
        let att = parse(&[block(
            Group::Members,
            &["会長:佐藤一郎 副会長:鈴木花子 委員:高橋、田中(14名)"],
        )]);
        assert_eq!(
            roles_of(&att),
            [
                ("佐藤一郎", Role::Chair),
                ("鈴木花子", Role::ViceChair),
                ("高橋", Role::Member),
                ("田中", Role::Member)
            ]
        );
        assert_eq!(att.printed_count, Some(14));
        // `委員長:` on its own line, a full name with a space, then the members.
        let att = parse(&[block(
            Group::Members,
            &["委員長:森 一郎", "委員:川上 花子、北村 次郎"],
        )]);
        assert_eq!(
            roles_of(&att),
            [
                ("森 一郎", Role::Chair),
                ("川上 花子", Role::Member),
                ("北村 次郎", Role::Member)
            ]
        );
        let att = parse(&[block(Group::Members, &["佐藤委員 鈴木委員 高橋部会長"])]);
        assert_eq!(att.members.len(), 3);
        assert_eq!(att.members[2].role, Role::Chair);
    }

    #[test]
    fn one_line_per_person_and_proxy() {
        let att = parse(&[block(
            Group::Members,
            &[
                "さくら台市社会福祉協議会 地域福祉課長 山田 太郎",
                "田中委員(高橋委員代理)",
            ],
        )]);
        assert_eq!(att.members[0].name, "山田 太郎");
        assert_eq!(
            att.members[0].organization.as_deref(),
            Some("さくら台市社会福祉協議会 地域福祉課長")
        );
        assert_eq!(att.members[1].name, "田中");
        assert_eq!(att.members[1].note.as_deref(), Some("高橋委員代理"));
        let att = parse(&[block(
            Group::Members,
            &["さくら台市こども発達センター 園長 木下 由美子（部会長）"],
        )]);
        assert_eq!(
            (att.members[0].name.as_str(), att.members[0].role),
            ("木下 由美子", Role::Chair)
        );
    }

    #[test]
    fn staff_with_departments_and_posts() {
        let att = parse(&[block(
            Group::Secretariat,
            &["障害福祉課 森課長、吉田課長補佐、橋本主事 基幹相談支援センター 斎藤、小林"],
        )]);
        let got: Vec<(&str, Option<&str>)> = att
            .secretariat
            .iter()
            .map(|p| (p.name.as_str(), p.organization.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("森", Some("障害福祉課 課長")),
                ("吉田", Some("障害福祉課 課長補佐")),
                ("橋本", Some("障害福祉課 主事")),
                ("斎藤", Some("基幹相談支援センター")),
                ("小林", Some("基幹相談支援センター")),
            ]
        );
    }

    #[test]
    fn absence_field() {
        let att = parse(&[Block {
            group: Group::Members,
            absent: true,
            lines: vec!["小川委員、森委員".into()],
        }]);
        assert!(att.members.iter().all(|m| !m.present));
        assert_eq!(att.members.len(), 2);
    }
    #[test]
    fn group_headings_are_never_names() {
        let att = parse(&[block(
            Group::Members,
            &["委員", "森田委員 川上委員 北村委員(西委員代理) 東委員"],
        )]);
        let names: Vec<&str> = att.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["森田", "川上", "北村", "東"]);
        assert_eq!(att.members[2].note.as_deref(), Some("西委員代理"));
        let att = parse(&[block(
            Group::Members,
            &["(1)部会委員", "森田部会長、川上委員", "(2)県", "野村課長"],
        )]);
        assert_eq!(att.members.len(), 2);
        assert_eq!(att.secretariat[0].name, "野村");
    }

    #[test]
    fn middle_dots_and_a_name_wrapped_by_the_page() {
        let att = parse(&[block(
            Group::Members,
            &[
                "森田委員・川上委員・北村(一)委員・北村(花)委",
                "員・東委員・南委員",
            ],
        )]);
        let names: Vec<&str> = att.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["森田", "川上", "北村(一)", "北村(花)", "東", "南"]);
    }

    #[test]
    fn names_with_their_role_after_them_and_organisations_without_a_person() {
        let att = parse(&[block(
            Group::Members,
            &[
                "森 太郎 会長、川上 花子 副会長、北村 一郎部会長、南 二郎部会長 相談支援センター、社会福祉協議会",
            ],
        )]);
        assert_eq!(
            roles_of(&att),
            [
                ("森 太郎", Role::Chair),
                ("川上 花子", Role::ViceChair),
                ("北村 一郎", Role::Member),
                ("南 二郎", Role::Member),
            ]
        );
        let orgs: Vec<&str> = att.observers.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(orgs, ["相談支援センター", "社会福祉協議会"]);
    }

    #[test]
    fn a_roster_with_the_secretariat_marked_and_roles_in_brackets() {
        let att = parse(&[block(
            Group::Members,
            &[
                "ひかり園(就労部会長)サービス管理責任者 森一郎",
                "山田町福祉課 川上主事(事務局)",
            ],
        )]);
        assert_eq!(
            (att.members[0].name.as_str(), att.members[0].role),
            ("森一郎", Role::Chair)
        );
        assert_eq!(att.members.len(), 1);
        assert_eq!(att.secretariat[0].name, "川上");
    }
}
