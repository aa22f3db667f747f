//! Whether a speaker is known: a role word, an organisation, or a roster name with the suffix
//! printed after it (`野口委員`, `高田会長`).

use std::collections::BTreeSet;

use crate::text::{compact, fold_width};

/// Role words a speaker may be.
const ROLE_SPEAKERS: &[&str] = &[
    "事務局",
    "会長",
    "副会長",
    "部会長",
    "副部会長",
    "議長",
    "副議長",
    "座長",
    "委員長",
    "委員",
    "オブザーバー",
];

/// Endings of an organisation that may speak (`障害福祉課`, `基幹相談支援センター`).
const ORG_ENDINGS: &[&str] = &["課", "センター", "事務局", "事務所", "室", "部会", "協議会"];

/// Suffixes after a person's name in a speaker (`野口委員`, `高田会長`).
pub(super) const NAME_SUFFIXES: &[&str] = &[
    "副部会長",
    "部会長",
    "副会長",
    "会長",
    "委員長",
    "委員",
    "議長",
    "座長",
    "課長",
    "係長",
    "主事",
    "さん",
    "氏",
];

/// Why a speaker is not known, or None when it is.
pub(super) fn unknown_speaker(speaker: &str, names: &BTreeSet<String>) -> Option<String> {
    let s = compact(speaker);
    if ROLE_SPEAKERS.contains(&s.as_str()) || ORG_ENDINGS.iter().any(|e| s.ends_with(e)) {
        return None;
    }
    let base = NAME_SUFFIXES
        .iter()
        .find_map(|suf| s.strip_suffix(suf).filter(|b| !b.is_empty()))
        .unwrap_or(&s);
    let known = names
        .iter()
        .any(|n| n == base || n.starts_with(base) || surname(n) == base);
    (!known).then(|| format!("unknown speaker {speaker:?}: not on the roster"))
}

/// The surname of a name printed with a space (`佐藤 花子` → `佐藤`), or the name.
pub(super) fn surname(name: &str) -> String {
    let folded = fold_width(name);
    compact(folded.split_whitespace().next().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers() {
        let names: BTreeSet<String> = ["野口", "佐藤 花子"].iter().map(|s| compact(s)).collect();
        assert_eq!(unknown_speaker("事務局", &names), None);
        assert_eq!(unknown_speaker("野口委員", &names), None);
        assert_eq!(unknown_speaker("佐藤委員", &names), None);
        assert_eq!(unknown_speaker("基幹相談支援センター", &names), None);
        assert!(unknown_speaker("田中委員", &names).is_some());
    }
}
