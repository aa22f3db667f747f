//! One name added to the attendance: its notes (`※代理出席`, `(オンライン)`), marks and role,
//! the organisation printed before it or the post after it, and the list it goes in (an
//! organisation listed among the members attends as an observer).

use std::sync::LazyLock;

use regex::Regex;

use super::Group;
use super::roles::{is_role_word, role_of_word, strip_honorific};
use crate::record::{Attendance, Member, Observer, Person, Role};

/// Posts printed after a staff member's name: `森課長`, `吉田課長補佐`.
const POSTS: &[&str] = &[
    "課長補佐",
    "課長",
    "係長",
    "主事",
    "主査",
    "主任",
    "所長",
    "室長",
    "センター長",
    "担当",
    "部長",
    "次長",
    "相談員",
    "職員",
];

/// Adds one printed name (`raw`) of `group` to the attendance; `online` are the names
/// listed as attending online, `sub_chairs` collects the chairs of sub-committees (`…部会長`).
pub(super) fn add_person(
    att: &mut Attendance,
    group: Group,
    raw: &str,
    present: bool,
    online: &[String],
    sub_chairs: &mut Vec<String>,
) {
    let mut s = raw.trim().trim_matches(['・', '。']).trim().to_string();
    if s.is_empty() || matches!(s.as_str(), "なし" | "無し" | "なし。" | "0名" | "該当なし")
    {
        return;
    }
    // Notes: `※代理出席`, `(高橋委員代理)`, `(オンライン)`.
    let mut note: Option<String> = None;
    if let Some(i) = s.find('※') {
        note = Some(s[i + '※'.len_utf8()..].trim().to_string());
        s = s[..i].trim().to_string();
    }
    static NOTE_PAREN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"[(（](?P<n>[^)）]*(?:代理|オンライン|途中|遅参|遅刻|早退|リモート)[^)）]*)[)）]",
        )
        .unwrap()
    });
    if let Some(c) = NOTE_PAREN.captures(&s) {
        note = Some(c["n"].trim().to_string());
        s = NOTE_PAREN.replace(&s, "").trim().to_string();
    }
    // `湯沢町福祉課 貝瀬主事(事務局)`: the secretariat listed among the participants.
    let mut group = group;
    for mark in ["(事務局)", "（事務局）"] {
        if let Some(rest) = s.strip_suffix(mark) {
            s = rest.trim().to_string();
            group = Group::Secretariat;
        }
    }
    // `まきはたの里(日中活動部会長)サービス管理責任者 堀篤志`: the role in the organisation's
    // brackets.
    static ORG_ROLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[(（][^)）]*?(?P<r>副?(?:部会長|会長|委員長|議長|座長))[)）]").unwrap()
    });
    let mut org_role = None;
    if s.contains(' ')
        && let Some(c) = ORG_ROLE.captures(&s)
    {
        org_role = Some(if c["r"].starts_with('副') {
            Role::ViceChair
        } else {
            Role::Chair
        });
    }
    // Marks.
    let mut role = org_role;
    if let Some(rest) = s.strip_prefix('◎') {
        role = Some(Role::Chair);
        s = rest.trim().to_string();
    } else if let Some(rest) = s.strip_prefix(['○', '〇', '◯']) {
        role = Some(Role::ViceChair);
        s = rest.trim().to_string();
    }
    // `木下 由美子（部会長）`: the role in brackets after a full name.
    let (without_role, paren_role) = strip_honorific(&s);
    if paren_role.is_some() && without_role.len() < s.len() && s.trim_end().ends_with([')', '）'])
    {
        s = without_role;
        role = role.or(paren_role);
    }
    // A role word before the name: `部会長 上田`.
    let mut organization: Option<String> = None;
    let mut tokens: Vec<&str> = s.split_whitespace().collect();
    // `向井 崇部会長 障害者基幹相談支援センター`: an organisation printed after the last person.
    if tokens.len() >= 2 && group == Group::Members && is_organization(tokens[tokens.len() - 1]) {
        let org = tokens.pop().expect("two tokens");
        att.observers.push(Observer {
            name: org.to_string(),
            note: None,
            organization: None,
        });
    }
    // A role word printed after the name: `山田 太郎 委員`, `佐藤 一郎 会長`.
    if tokens.len() >= 2 && is_role_word(tokens[tokens.len() - 1]) {
        let w = tokens.pop().expect("two tokens");
        role = role.or(Some(role_of_word(w)));
    }
    let name;
    if tokens.len() >= 2 && is_role_word(tokens[0]) {
        let w = tokens[0];
        role = role.or(Some(role_of_word(w)));
        name = tokens[1..].join(" ");
    } else if tokens.len() >= 3 || (tokens.len() == 2 && tokens[0].chars().count() > 4) {
        // `organisation post name` or `organisation name`: a surname and given name printed with
        // a space are both short.
        let n = tokens.len();
        let split =
            if n >= 3 && tokens[n - 1].chars().count() <= 3 && tokens[n - 2].chars().count() <= 3 {
                n - 2
            } else {
                n - 1
            };
        name = tokens[split..].join(" ");
        organization = Some(tokens[..split].join(" "));
    } else {
        name = tokens.join(" ");
    }
    let (name, suffix_role) = strip_honorific(&name);
    if name.is_empty() {
        return;
    }
    if suffix_role == Some(Role::Chair) && tokens.join(" ").ends_with("部会長") {
        sub_chairs.push(name.clone());
    }
    let role = role.or(suffix_role);
    // An organisation listed without a person (`障害者就労支援センター`) attends, but is no member.
    if group == Group::Members && is_organization(&name) {
        att.observers.push(Observer {
            name,
            note,
            organization: None,
        });
        return;
    }
    if note.is_none() && online.iter().any(|o| o == &name) {
        note = Some("オンライン参加".to_string());
    }
    match group {
        Group::Members => {
            // An absence list may repeat a member already listed: update rather than duplicate.
            if let Some(m) = att.members.iter_mut().find(|m| m.name == name) {
                m.present = present && m.present;
                raise_role(m, role);
                return;
            }
            att.members.push(Member {
                name,
                role: role.unwrap_or(Role::Member),
                present,
                organization,
                note,
            })
        }
        Group::Secretariat => {
            // `森課長` → 森, with the post kept beside the department.
            // A post printed without a name (`障害福祉課長`) stays whole: surnames are short.
            let (name, organization) = match POSTS.iter().find(|p| {
                name.ends_with(*p)
                    && name.len() > p.len()
                    && name[..name.len() - p.len()].chars().count() <= 3
            }) {
                Some(post) => {
                    let n = name[..name.len() - post.len()].trim().to_string();
                    let org = match organization {
                        Some(o) => format!("{o} {post}"),
                        None => post.to_string(),
                    };
                    (n, Some(org))
                }
                None => (name, organization),
            };
            att.secretariat.push(Person {
                name,
                present,
                organization,
            })
        }
        Group::Observers => att.observers.push(Observer {
            name,
            note,
            organization,
        }),
    }
}

/// A name that is an organisation's: it ends like one and is longer than a person's name.
fn is_organization(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "センター",
        "協議会",
        "事業所",
        "事務所",
        "法人",
        "学校",
        "課",
        "係",
        "室",
        "局",
        "部",
        "社",
    ];
    name.chars().count() >= 5 && !name.contains(' ') && ENDINGS.iter().any(|e| name.ends_with(e))
}

/// A member listed again takes the role the new listing gives, unless it has one already.
fn raise_role(m: &mut Member, role: Option<Role>) {
    if let Some(r) = role
        && m.role == Role::Member
    {
        m.role = r;
    }
}
