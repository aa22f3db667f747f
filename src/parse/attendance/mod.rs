//! Attendance: members with roles (◎会長, ○副会長, `（会長）`, `会長:`), absences (`（欠席：…）`,
//! 欠席者), the secretariat, observers, proxies and notes (`※代理出席`), printed head counts.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::{Attendance, Member, Observer, Person, Role};
use crate::text::fold_width;

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

/// A printed head count: `(14名)`, `（合計20人）`, `計15名`.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]?\s*(?:合計|計|全)?\s*(?P<n>\d{1,3})\s*(?:名|人)\s*[)）]?").unwrap()
});

/// An absence list inside an attendance block: `（欠席：恩田、○太田、川田）`, `※欠席:佐藤`.
static ABSENT_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[(（]\s*欠席(?:者|委員)?\s*[:：]?\s*(?P<a>[^)）]*)[)）]|※\s*欠席(?:者|委員)?\s*[:：]\s*(?P<b>[^※\n]*))")
        .unwrap()
});

/// Online attendance repeats names already listed: `(オンライン参加:佐藤、鈴木)`.
static ONLINE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*(?:オンライン|web|Web|WEB|リモート)\s*(?:参加|出席)?\s*[:：]\s*(?P<names>[^)）]*)[)）]").unwrap()
});

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

/// Role words that may precede a name (`部会長 上田`) or follow it (`上田部会長`, `上田（会長）`).
const CHAIR_WORDS: &[&str] = &["部会長", "会長", "議長", "座長", "委員長"];
const VICE_WORDS: &[&str] = &["副部会長", "副会長", "副議長", "副座長", "副委員長"];

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
        for seg in segments(&text, block.group) {
            parse_segment(&seg.0, seg.1, block.absent, &mut att, &mut sub_chairs);
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

/// A line that only names the group of the names after it — `委員`, `<委員>`, `(委 員)`,
/// `(1)部会委員`, `出席委員`, `事務局`, `幹事`, `(2)県` — as the marker [`GROUP`] reads.
fn group_heading(line: &str) -> Option<&'static str> {
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
fn segments(text: &str, default: Group) -> Vec<(String, Group, Option<Role>)> {
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
            w if VICE_WORDS.contains(&w) => (Group::Members, Some(Role::ViceChair)),
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

fn parse_segment(
    text: &str,
    group: Group,
    absent_block: bool,
    att: &mut Attendance,
    sub_chairs: &mut Vec<String>,
) {
    let mut text = text.to_string();
    // Online lists repeat names: note them, do not add them.
    let mut online: Vec<String> = Vec::new();
    text = ONLINE_LIST
        .replace_all(&text, |c: &regex::Captures| {
            online.extend(
                split_names(&c["names"])
                    .into_iter()
                    .map(|n| strip_honorific(&n).0),
            );
            " ".to_string()
        })
        .into_owned();
    let mut absent_names: Vec<String> = Vec::new();
    text = ABSENT_LIST
        .replace_all(&text, |c: &regex::Captures| {
            let list = c
                .name("a")
                .or(c.name("b"))
                .map(|m| m.as_str())
                .unwrap_or("");
            absent_names.extend(split_names(list));
            " ".to_string()
        })
        .into_owned();
    if let Some(c) = COUNT.captures(&text)
        && group == Group::Members
        && !absent_block
        && att.printed_count.is_none()
        && text
            .trim_end()
            .ends_with(c.get(0).unwrap().as_str().trim_end())
    {
        att.printed_count = c["n"].parse().ok();
    }
    let text = COUNT.replace_all(&text, |c: &regex::Captures| {
        // Keep counts that are part of a name (none expected); drop bracketed totals.
        if c.get(0).unwrap().as_str().contains(['(', '（', '計']) {
            " ".to_string()
        } else {
            c.get(0).unwrap().as_str().to_string()
        }
    });
    let names = if group == Group::Members {
        split_names(&text)
    } else {
        split_staff(&text)
    };
    for name in names {
        add(att, group, &name, !absent_block, &online, sub_chairs);
    }
    for name in absent_names {
        add(att, group, &name, false, &online, sub_chairs);
    }
}

/// Splits a list of names: on commas when there are any, else on white space; a line of the form
/// `organisation post name` is one person.
fn split_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.contains(['、', ',', '，']) {
            // `小林係長、平賀主任(事務局)`: the mark at the end is every name's.
            let mark = ["(事務局)", "（事務局）"]
                .into_iter()
                .find(|m| line.ends_with(m));
            out.extend(
                split_top_level(line, &['、', ',', '，'])
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| match mark {
                        Some(m) if !s.ends_with(m) => format!("{s}{m}"),
                        _ => s,
                    }),
            );
            continue;
        }
        // `奥山委員・阿部委員・…`, `田中 英樹・大塚 淳子・…`: the middle dot separates names.
        let dots = split_top_level(line, &['・']);
        if dots.len() >= 3 && dots.iter().filter(|d| d.chars().count() > 14).count() <= 1 {
            out.extend(dots.into_iter().filter(|s| !s.is_empty()));
            continue;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let all_suffixed = tokens.len() > 1
            && tokens.iter().all(|t| {
                let t = without_note(t);
                let (_, role) = strip_honorific(t);
                role.is_some() || t.ends_with("委員")
            });
        if all_suffixed {
            out.extend(tokens.iter().map(|t| t.to_string()));
        } else if tokens.len() >= 2
            && tokens
                .iter()
                .all(|t| is_role_word(t) || t.chars().count() <= 4)
            && tokens.len() % 2 == 0
            && tokens.chunks(2).all(|c| is_role_word(c[0]))
        {
            // `部会長 上田 委員 石川`: role word, name, role word, name.
            out.extend(tokens.chunks(2).map(|c| format!("{} {}", c[0], c[1])));
        } else {
            out.push(line.to_string());
        }
    }
    out
}

/// Splits on the separators outside brackets: `向井委員(会長、副会長)、石川委員` is two names.
fn split_top_level(text: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' | '「' | '【' => depth += 1,
            ')' | '）' | '」' | '】' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && seps.contains(&c) {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    out.push(cur.trim().to_string());
    out
}

/// A name without the note in brackets printed after it (`小助川委員(大久保委員代理)`).
fn without_note(t: &str) -> &str {
    match t.find(['(', '（']) {
        Some(i) if i > 0 && t.ends_with([')', '）']) => &t[..i],
        _ => t,
    }
}

/// Staff lists name a department, then its people: `障害福祉課 森課長、吉田課長補佐 基幹相談支援
/// センター 斎藤、小林`. Each person gets the department printed before them as organisation.
fn split_staff(text: &str) -> Vec<String> {
    let is_org = |t: &str| ORG_SUFFIXES.iter().any(|s| t.ends_with(s)) && t.chars().count() >= 3;
    let mut out = Vec::new();
    for line in text.lines() {
        let items: Vec<String> = if line.contains(['、', ',', '，']) {
            line.split(['、', ',', '，']).map(str::to_string).collect()
        } else {
            vec![line.to_string()]
        };
        let mut org: Option<String> = None;
        for item in items {
            let tokens: Vec<&str> = item.split_whitespace().collect();
            // One person per line (`障害福祉課長 森 達也`): leave it to `add`.
            if tokens.len() <= 1
                || !tokens.iter().any(|t| is_org(t))
                || !line.contains(['、', ',', '，'])
            {
                match (&org, tokens.len()) {
                    (Some(o), 1) => out.push(format!("{o} {}", tokens[0])),
                    _ => out.push(item.trim().to_string()),
                }
                continue;
            }
            let mut person: Vec<&str> = Vec::new();
            for t in tokens {
                if is_org(t) {
                    if !person.is_empty() {
                        out.push(with_org(&org, &person.join(" ")));
                        person.clear();
                    }
                    org = Some(t.to_string());
                } else {
                    person.push(t);
                }
            }
            if !person.is_empty() {
                out.push(with_org(&org, &person.join(" ")));
            }
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

fn with_org(org: &Option<String>, person: &str) -> String {
    match org {
        Some(o) => format!("{o} {person}"),
        None => person.to_string(),
    }
}

/// Endings of department and organisation names.
const ORG_SUFFIXES: &[&str] = &[
    "課",
    "センター",
    "室",
    "事務所",
    "協議会",
    "部",
    "局",
    "所",
    "園",
    "会",
    "学校",
    "法人",
];

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

fn is_role_word(t: &str) -> bool {
    t == "委員" || CHAIR_WORDS.contains(&t) || VICE_WORDS.contains(&t)
}

/// Removes honorifics and role suffixes; returns the name and the role they imply.
fn strip_honorific(name: &str) -> (String, Option<Role>) {
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
    for w in VICE_WORDS {
        if let Some(s) = n.strip_suffix(w).filter(|s| !s.is_empty()) {
            return (s.trim().to_string(), Some(Role::ViceChair));
        }
    }
    for w in CHAIR_WORDS {
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

fn add(
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
        role = role.or(Some(if VICE_WORDS.contains(&w) {
            Role::ViceChair
        } else if w == "委員" {
            Role::Member
        } else {
            Role::Chair
        }));
    }
    let name;
    if tokens.len() >= 2 && is_role_word(tokens[0]) {
        let w = tokens[0];
        role = role.or(Some(if VICE_WORDS.contains(&w) {
            Role::ViceChair
        } else if w == "委員" {
            Role::Member
        } else {
            Role::Chair
        }));
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
                continue_role(m, role);
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

fn continue_role(m: &mut Member, role: Option<Role>) {
    if let Some(r) = role
        && m.role == Role::Member
    {
        m.role = r;
    }
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
        let roles = roles_of(&att);
        assert_eq!(
            roles,
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
        let roles = roles_of(&att);
        assert_eq!(
            roles,
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
        let roles = roles_of(&att);
        assert_eq!(
            roles,
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
