//! Which list the names belong to: the group markers (`(委員)`, `<事務局>`, `【オブザーバー】`,
//! `委員:`, `会長：`), the lines that only name a group (`委員`, `(1)部会委員`, `幹事`), and a
//! block cut at its markers into one segment per group.

use std::sync::LazyLock;

use regex::Regex;

use super::Group;
use crate::record::Role;
use crate::text::speakers::VICE_CHAIR_ROLES;

/// A group marker: `(委員)`, `<事務局>`, `【オブザーバー】`, `委員:`, `会長：`.
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[\s、,])
        (?:
            [(（<＜〈【\[]\s*(?P<g1>委員|事務局|オブザーバー|出席職員|幹事|関係機関|説明者|説明員|参考人|会長|副会長|部会長|副部会長|委員長|副委員長)\s*[)）>＞〉】\]]
          | (?P<g2>委員|事務局|オブザーバー|出席職員|幹事|会長|副会長|部会長|副部会長|委員長|副委員長|議長|副議長|座長|副座長|その他|コンサルタント)\s*[:：]
          | (?P<g3>その他|事務局)\s
        )
      | ^\s*(?P<g4>委員)\s
        ",
    )
    .unwrap()
});

/// A line that only names the group of the names after it — `委員`, `<委員>`, `(委 員)`,
/// `(1)部会委員`, `出席委員`, `事務局`, `幹事`, `(2)県` — as the marker [`GROUP`] reads.
pub(super) fn group_heading(line: &str) -> Option<&'static str> {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[(（]\d{1,2}[)）]|\d{1,2}[.．、]?)").unwrap());
    let folded = crate::text::compact(line);
    let numbered = NUMBER.find(&folded).map(|m| m.end());
    let core = folded[numbered.unwrap_or(0)..].trim_end_matches([':', '：']);
    // `(2)千葉県(事務局)`: a group of staff named by its office.
    if numbered.is_some() && core.ends_with("(事務局)") && core.chars().count() <= 14 {
        return Some("<事務局>");
    }
    // The group word, alone or in one pair of brackets: `(委員)清水` names a person.
    let word = match core.chars().next() {
        Some('(' | '<' | '【' | '[' | '〈') => {
            let inner = &core[core.chars().next().map_or(0, char::len_utf8)..];
            inner.strip_suffix([')', '>', '】', ']', '〉'])?
        }
        _ => core,
    };
    let n = word.chars().count();
    if n == 0
        || n > 14
        || word.contains([
            '、', ',', '，', '・', '(', ')', '<', '>', '【', '】', '[', ']',
        ])
    {
        return None;
    }
    if matches!(
        word,
        "委員" | "部会委員" | "出席委員" | "委員出席者" | "構成員" | "出席者" | "協議会委員"
    ) {
        return Some("<委員>");
    }
    if word.contains("事務局")
        || matches!(
            word,
            "幹事" | "出席職員" | "職員" | "関係職員" | "関係課" | "説明員"
        )
    {
        return Some("<事務局>");
    }
    if matches!(word, "オブザーバー" | "関係機関") {
        return Some("<オブザーバー>");
    }
    // A numbered group that is not the members: the staff of the prefecture or city.
    if numbered.is_some() && !word.contains("委員") && n <= 8 {
        return Some("<事務局>");
    }
    None
}

/// Splits a block into (text, group) segments at group markers.
pub(super) fn segments(text: &str, default: Group) -> Vec<(String, Group, Option<Role>)> {
    let mut out = Vec::new();
    let mut last = 0;
    let mut group = (default, None);
    for caps in GROUP.captures_iter(text) {
        let m = caps.get(0).unwrap();
        out.push((text[last..m.start()].to_string(), group.0, group.1));
        let word = caps
            .name("g1")
            .or(caps.name("g2"))
            .or(caps.name("g3"))
            .or(caps.name("g4"))
            .unwrap()
            .as_str();
        group = match word {
            "委員" => (Group::Members, None),
            "事務局" | "出席職員" | "幹事" => (Group::Secretariat, None),
            "オブザーバー"
            | "関係機関"
            | "説明者"
            | "説明員"
            | "参考人"
            | "その他"
            | "コンサルタント" => (Group::Observers, None),
            w if VICE_CHAIR_ROLES.contains(&w) => (Group::Members, Some(Role::ViceChair)),
            _ => (Group::Members, Some(Role::Chair)),
        };
        last = m.end();
    }
    out.push((text[last..].to_string(), group.0, group.1));
    out.into_iter()
        .filter(|s| !s.0.trim().is_empty())
        .map(|(t, g, r)| {
            // Carry a group role into the text so that parse_segment sees it.
            let t = match r {
                Some(Role::Chair) => format!("◎{}", t.trim()),
                Some(Role::ViceChair) => format!("○{}", t.trim()),
                _ => t,
            };
            (t, g, r)
        })
        .collect()
}
