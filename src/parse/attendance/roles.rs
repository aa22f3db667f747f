//! The role words and honorifics printed around a name (`上田部会長`, `上田（会長）`,
//! `部会長 上田`, `田中さん`), and the role they give.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Role;
use crate::text::speakers::{CHAIR_ROLES, VICE_CHAIR_ROLES};

/// True when a word is a role (`委員`, a chair's or a vice chair's), which may precede a name
/// (`部会長 上田`) or follow it (`上田部会長`, `上田（会長）`).
pub(super) fn is_role_word(t: &str) -> bool {
    t == "委員" || CHAIR_ROLES.contains(&t) || VICE_CHAIR_ROLES.contains(&t)
}

/// The role a role word gives: a vice chair's, a member's (`委員`) or a chair's.
pub(super) fn role_of_word(w: &str) -> Role {
    if VICE_CHAIR_ROLES.contains(&w) {
        Role::ViceChair
    } else if w == "委員" {
        Role::Member
    } else {
        Role::Chair
    }
}

/// Removes honorifics and role suffixes; returns the name and the role they imply.
pub(super) fn strip_honorific(name: &str) -> (String, Option<Role>) {
    let mut n = name.trim().to_string();
    let mut role = None;
    for suffix in ["様", "さん", "氏"] {
        if let Some(s) = n.strip_suffix(suffix) {
            n = s.trim().to_string();
        }
    }
    // `上田（会長）`, `上田(副会長)`
    static PAREN_ROLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[(（]\s*(?P<r>副?(?:部会長|会長|議長|座長|委員長))\s*[)）]$").unwrap()
    });
    if let Some(c) = PAREN_ROLE.captures(&n) {
        role = Some(if c["r"].starts_with('副') {
            Role::ViceChair
        } else {
            Role::Chair
        });
        n = n[..c.get(0).unwrap().start()].trim().to_string();
    }
    for w in VICE_CHAIR_ROLES {
        if let Some(s) = n.strip_suffix(w).filter(|s| !s.is_empty()) {
            return (s.trim().to_string(), Some(Role::ViceChair));
        }
    }
    for w in CHAIR_ROLES {
        if let Some(s) = n
            .strip_suffix(w)
            .filter(|s| !s.is_empty() && !s.ends_with('副'))
        {
            return (s.trim().to_string(), Some(Role::Chair));
        }
    }
    if let Some(s) = n.strip_suffix("委員").filter(|s| !s.is_empty()) {
        return (s.trim().to_string(), role.or(Some(Role::Member)));
    }
    (n, role)
}
