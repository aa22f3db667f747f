//! Speakers as people: each entry's speaker label resolved against the meeting's attendance
//! (`田中委員`, `○田中委員長`, `議長（田中）` → the member 田中 of the roster; `事務局(武藤)`,
//! `事務局(障害福祉課 武藤)` → the secretariat's 武藤), a post-pass that sets
//! [`crate::record::Entry::person`]. Names compare by [`fold_name`]: widths, spaces and the
//! variant characters of names (`髙橋` = `高橋`, `齋藤` = `斎藤`) folded, and a family name
//! matches the one roster name it begins (`田中` → `田中 太郎`).

use crate::record::{Attendance, PersonGroup, Record, Role, SpeakerRef};
use crate::text::speakers::POSTS;
use crate::text::{fold_name, fold_width};

/// Role words a member's label ends with, longest first, and the role each names.
const MEMBER_SUFFIXES: &[(&str, Option<Role>)] = &[
    ("副部会長", Some(Role::ViceChair)),
    ("副委員長", Some(Role::ViceChair)),
    ("副会長", Some(Role::ViceChair)),
    ("副議長", Some(Role::ViceChair)),
    ("部会長", Some(Role::Chair)),
    ("委員長", Some(Role::Chair)),
    ("会長", Some(Role::Chair)),
    ("議長", Some(Role::Chair)),
    ("座長", Some(Role::Chair)),
    ("委員", None),
];

/// Sets the `person` of every entry of a record's proceedings.
pub fn resolve(record: &mut Record) {
    let body = record.meeting.body.clone().unwrap_or_default();
    let att = &record.attendance;
    for section in &mut record.proceedings {
        for e in &mut section.entries {
            e.person = e
                .speaker
                .as_deref()
                .and_then(|label| resolve_label(label, att, &body));
        }
    }
}

/// The person a speaker label names, in the light of the meeting's attendance and body.
pub fn resolve_label(label: &str, att: &Attendance, body: &str) -> Option<SpeakerRef> {
    let label = strip_marks(&fold_width(label));
    if label.is_empty() {
        return None;
    }
    if let Some((head, inner)) = split_bracket(&label) {
        let (org, name) = split_inner(inner);
        // `事務局(森課長)`, `事務局(吉田課長補佐)`: the name without its post.
        let name = POSTS
            .iter()
            .find_map(|w| name.strip_suffix(w).filter(|n| looks_like_name(n)))
            .unwrap_or(name);
        if MEMBER_SUFFIXES
            .iter()
            .any(|(w, _)| head.ends_with(w) && head != *w)
        {
            // `上田委員(相談支援部会長)`: the member; the brackets say what they speak as.
            return resolve_label(head, att, body);
        }
        if head.contains("事務局") || is_official_word(head) {
            return secretariat(att, name, org.or(Some(inner)), looks_like_name(name));
        }
        if head.contains("オブザーバー") {
            return observer(att, name, org);
        }
        if let Some(role) = role_word(head) {
            // `議長（佐藤）`: the chair named in the brackets.
            return member(att, name, role, None);
        }
        return by_name(att, &label);
    }
    for &(suffix, role) in MEMBER_SUFFIXES {
        if let Some(name) = label.strip_suffix(suffix) {
            let name = name.trim();
            if name.is_empty() || name == "副" {
                return bare_role(att, suffix, body);
            }
            if name.contains("事務局") {
                return None;
            }
            return member(att, name, role, Some(suffix));
        }
    }
    for suffix in POSTS {
        if let Some(name) = label.strip_suffix(suffix) {
            let name = name.trim();
            // `障害福祉課長`: a post, matched to the one person holding it; `田辺係長`: a name
            // (a family name is at most a few characters; a department's is longer).
            if let Some(found) = secretariat(att, "", Some(&label), false) {
                return Some(found);
            }
            return secretariat(att, name, None, looks_like_name(name));
        }
    }
    if label.contains("事務局") || label == "委員" || label.contains("オブザーバー") {
        return None;
    }
    by_name(att, &label)
}

/// The label without marks (`○`, `■`, `【】`) and without brackets around the whole of it.
fn strip_marks(label: &str) -> String {
    let marks: &[char] = &[
        '○', '◯', '〇', '●', '■', '□', '◎', '◆', '◇', '・', '【', '】', '[', ']', '〔', '〕', ':',
        '：',
    ];
    let mut s = label.trim().trim_matches(marks).trim().to_string();
    while s.starts_with('(') && s.ends_with(')') && s.matches('(').count() == 1 {
        s = s[1..s.len() - 1].trim().to_string();
    }
    s.replace('（', "(").replace('）', ")")
}

/// `事務局(障害福祉課 平野)` → (`事務局`, `障害福祉課 平野`).
fn split_bracket(label: &str) -> Option<(&str, &str)> {
    let open = label.find('(')?;
    let inner = label[open + 1..].strip_suffix(')')?;
    let head = label[..open].trim();
    Some((head, inner.trim()))
}

/// The brackets' organisation and name: `障害福祉課 平野` → (`障害福祉課`, `平野`), `武藤` →
/// (none, `武藤`).
fn split_inner(inner: &str) -> (Option<&str>, &str) {
    match inner.rfind([' ', '　', '・']) {
        Some(at) => {
            let sep = inner[at..].chars().next().map_or(1, char::len_utf8);
            (Some(inner[..at].trim()), inner[at + sep..].trim())
        }
        None => (None, inner),
    }
}

/// True when a label's part can be a person's name rather than a department's: a family name is
/// at most a few characters, a department's is longer or ends with its unit.
fn looks_like_name(s: &str) -> bool {
    let n = s.chars().count();
    const NOT_NAMES: &[&str] = &[
        "事務局",
        "支援",
        "相談",
        "福祉",
        "連携",
        "家庭",
        "部会",
        "協議",
        "こども",
    ];
    (1..=4).contains(&n)
        && !NOT_NAMES.iter().any(|w| s.contains(w))
        && !s.contains(['の', 'と'])
        && !s.ends_with(['課', '部', '室', '局', '係', '所'])
        && !s.ends_with("センター")
}

fn is_official_word(s: &str) -> bool {
    POSTS.iter().any(|w| s.ends_with(w))
}

fn role_word(s: &str) -> Option<Option<Role>> {
    MEMBER_SUFFIXES
        .iter()
        .find(|(w, _)| s == *w)
        .map(|&(_, role)| role)
}

/// A bare role (`会長`, `部会長`, `副会長`): the roster's one holder of it, where the body's
/// chair is called so (a 全体会's `部会長` is a 部会's chair reporting, not the chair).
fn bare_role(att: &Attendance, word: &str, body: &str) -> Option<SpeakerRef> {
    let subcommittee = body.contains("部会") && !body.contains("全体会");
    let role = match word {
        "会長" | "委員長" if !subcommittee => Role::Chair,
        "部会長" if subcommittee => Role::Chair,
        "議長" | "座長" => Role::Chair,
        "副会長" | "副委員長" if !subcommittee => Role::ViceChair,
        "副部会長" if subcommittee => Role::ViceChair,
        _ => return None,
    };
    let mut holders = att.members.iter().filter(|m| m.role == role);
    let m = holders.next()?;
    if holders.next().is_some() {
        return None;
    }
    Some(SpeakerRef {
        name: m.name.clone(),
        group: PersonGroup::Member,
        role: Some(m.role),
        organization: m.organization.clone(),
        listed: true,
    })
}

/// Which of `names` is `name`: the one equal to it, or the one it is the family name of.
fn find<'a>(names: impl Iterator<Item = &'a str> + Clone, name: &str) -> Option<usize> {
    let want = fold_name(name);
    if want.is_empty() {
        return None;
    }
    if let Some(i) = names.clone().position(|n| fold_name(n) == want) {
        return Some(i);
    }
    let family = |n: &str| {
        let n = fold_width(n);
        n.split([' ', '　'])
            .next()
            .map(fold_name)
            .unwrap_or_default()
    };
    // A family name is the first word of a roster name, or the beginning of one printed
    // without a space (`田中` of `田中太郎`), never a department's (`障害福祉課` of `障害福祉課長`).
    let short = looks_like_name(&want);
    let starts: Vec<usize> = names
        .clone()
        .enumerate()
        .filter(|(_, n)| family(n) == want || (short && fold_name(n).starts_with(&want)))
        .map(|(i, _)| i)
        .collect();
    (starts.len() == 1).then(|| starts[0])
}

fn member(
    att: &Attendance,
    name: &str,
    role: Option<Role>,
    suffix: Option<&str>,
) -> Option<SpeakerRef> {
    if name.is_empty() {
        return None;
    }
    if let Some(i) = find(att.members.iter().map(|m| m.name.as_str()), name) {
        let m = &att.members[i];
        return Some(SpeakerRef {
            name: m.name.clone(),
            group: PersonGroup::Member,
            role: Some(m.role),
            organization: m.organization.clone(),
            listed: true,
        });
    }
    // Not a member: perhaps an official with a member-like label, or on no list at all.
    if let Some(found) = secretariat(att, name, None, false) {
        return Some(found);
    }
    let _ = suffix;
    if !looks_like_name(name) {
        // `相談支援部会長`: a body's chair, not a name.
        return None;
    }
    Some(SpeakerRef {
        name: name.to_string(),
        group: PersonGroup::Member,
        role: role.or(Some(Role::Member)),
        organization: None,
        listed: false,
    })
}

/// The secretariat's person `name`, or the one whose post is `org`; when `unlisted`, a person
/// named by the label alone where the attendance does not list them.
fn secretariat(
    att: &Attendance,
    name: &str,
    org: Option<&str>,
    unlisted: bool,
) -> Option<SpeakerRef> {
    let listed = |p: &crate::record::Person| SpeakerRef {
        name: p.name.clone(),
        group: PersonGroup::Secretariat,
        role: None,
        organization: p.organization.clone(),
        listed: true,
    };
    if let Some(i) = find(att.secretariat.iter().map(|p| p.name.as_str()), name) {
        return Some(listed(&att.secretariat[i]));
    }
    // A post (`障害福祉課長`) or a role (`医療的ケア児等コーディネーター`) held by one person;
    // a department (`障害福祉課`) names no one.
    let post = |o: &&str| {
        o.ends_with('長')
            || !(o.ends_with(['課', '部', '室', '係', '局', '所']) || o.ends_with("センター"))
    };
    if let Some(org) = org.filter(post) {
        let org = fold_name(org);
        let mut holders = att
            .secretariat
            .iter()
            .filter(|p| p.organization.as_deref().map(fold_name).as_ref() == Some(&org));
        if let (Some(p), None) = (holders.next(), holders.next()) {
            return Some(listed(p));
        }
    }
    if !unlisted || name.is_empty() {
        return None;
    }
    Some(SpeakerRef {
        name: name.to_string(),
        group: PersonGroup::Secretariat,
        role: None,
        organization: org.filter(|o| *o != name).map(str::to_string),
        listed: false,
    })
}

fn observer(att: &Attendance, name: &str, org: Option<&str>) -> Option<SpeakerRef> {
    if name.is_empty() {
        return None;
    }
    if let Some(i) = find(att.observers.iter().map(|p| p.name.as_str()), name) {
        let o = &att.observers[i];
        return Some(SpeakerRef {
            name: o.name.clone(),
            group: PersonGroup::Observer,
            role: None,
            organization: o.organization.clone(),
            listed: true,
        });
    }
    Some(SpeakerRef {
        name: name.to_string(),
        group: PersonGroup::Observer,
        role: None,
        organization: org.map(str::to_string),
        listed: false,
    })
}

/// A bare name (`中澤`): whoever of the attendance bears it.
fn by_name(att: &Attendance, name: &str) -> Option<SpeakerRef> {
    if find(att.members.iter().map(|m| m.name.as_str()), name).is_some() {
        return member(att, name, None, None);
    }
    if find(att.secretariat.iter().map(|p| p.name.as_str()), name).is_some() {
        return secretariat(att, name, None, false);
    }
    if find(att.observers.iter().map(|p| p.name.as_str()), name).is_some() {
        return observer(att, name, None);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Member, Observer, Person};

    fn att() -> Attendance {
        let m = |name: &str, role, org: Option<&str>| Member {
            name: name.into(),
            role,
            present: true,
            organization: org.map(str::to_string),
            note: None,
        };
        let p = |name: &str, org: Option<&str>| Person {
            name: name.into(),
            present: true,
            organization: org.map(str::to_string),
        };
        Attendance {
            members: vec![
                m("田中 太郎", Role::Chair, Some("みどり園")),
                m("髙橋", Role::Member, None),
                m("佐藤 一郎", Role::ViceChair, None),
                m("佐藤 花子", Role::Member, None),
            ],
            secretariat: vec![
                p("武藤", Some("障害福祉課")),
                p("森 達也", Some("障害福祉課長")),
            ],
            observers: vec![Observer {
                name: "三浦".into(),
                note: None,
                organization: Some("ひまわり".into()),
            }],
            printed_count: None,
        }
    }

    fn who(label: &str, body: &str) -> Option<(String, PersonGroup, bool)> {
        resolve_label(label, &att(), body).map(|p| (p.name, p.group, p.listed))
    }

    fn named(label: &str) -> Option<String> {
        who(label, "全体会").map(|w| w.0)
    }

    #[test]
    fn member_labels_in_their_forms() {
        assert_eq!(named("田中委員").as_deref(), Some("田中 太郎"));
        assert_eq!(named("○田中委員長").as_deref(), Some("田中 太郎"));
        assert_eq!(named("田中太郎委員").as_deref(), Some("田中 太郎"));
        assert_eq!(named("議長（田中）").as_deref(), Some("田中 太郎"));
        assert_eq!(named("(高橋委員)").as_deref(), Some("髙橋"));
        assert_eq!(named("■髙橋"), Some("髙橋".into()));
        let r = resolve_label("田中委員", &att(), "").unwrap();
        assert_eq!(r.role, Some(Role::Chair));
        assert_eq!(r.organization.as_deref(), Some("みどり園"));
    }

    #[test]
    fn a_family_name_shared_by_two_is_not_guessed() {
        let r = resolve_label("佐藤委員", &att(), "").unwrap();
        assert_eq!((r.name.as_str(), r.listed), ("佐藤", false));
        assert_eq!(named("佐藤花子委員").as_deref(), Some("佐藤 花子"));
    }

    #[test]
    fn secretariat_and_observers() {
        assert_eq!(
            who("事務局(武藤)", ""),
            Some(("武藤".into(), PersonGroup::Secretariat, true))
        );
        assert_eq!(named("○事務局（障害福祉課 武藤）").as_deref(), Some("武藤"));
        assert_eq!(named("事務局(障害福祉課長)").as_deref(), Some("森 達也"));
        assert_eq!(named("障害福祉課長").as_deref(), Some("森 達也"));
        assert_eq!(named("森課長").as_deref(), Some("森 達也"));
        assert_eq!(
            who("事務局(斎藤)", ""),
            Some(("斎藤".into(), PersonGroup::Secretariat, false))
        );
        assert_eq!(named("事務局(障害福祉課)"), None);
        assert_eq!(named("事務局(森課長)").as_deref(), Some("森 達也"));
        assert_eq!(named("障害福祉課"), None);
        assert_eq!(named("相談支援部会長"), None);
        assert_eq!(
            named("田中委員(相談支援部会長)").as_deref(),
            Some("田中 太郎")
        );
        assert_eq!(
            who("オブザーバー(ひまわり 三浦)", ""),
            Some(("三浦".into(), PersonGroup::Observer, true))
        );
    }

    #[test]
    fn bare_roles_name_the_chair_of_the_body_only() {
        assert_eq!(named("会長").as_deref(), Some("田中 太郎"));
        assert_eq!(named("副会長").as_deref(), Some("佐藤 一郎"));
        // A 全体会's 部会長 is a sub-committee's chair reporting.
        assert_eq!(named("部会長"), None);
        assert_eq!(
            who("部会長", "相談支援部会").map(|w| w.0).as_deref(),
            Some("田中 太郎")
        );
        assert_eq!(named("委員"), None);
        assert_eq!(named("事務局"), None);
    }

    #[test]
    fn names_fold_their_variants() {
        assert_eq!(fold_name("髙橋 一郎"), fold_name("高橋一郎"));
        assert_eq!(fold_name("齋藤"), "斎藤");
        assert_eq!(fold_name("渡邉"), fold_name("渡辺"));
    }
}
