//! Directories: the organisations a material lists with their phone numbers — each number with
//! the name printed before it or above it, its label (`☎`, `FAX：`, `（事務所）`), and the heading
//! it is listed under as its category.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Kind;
use super::{NAME_MAX, Parser, Role};
use crate::record::{Organization, Phone};
use crate::text::{compact, fold_width, heal_join};

/// A phone number, in either width. Example: `0467-61-2600`, `０１２０－０００－１２３`, `(03)0000-1234`
pub(super) static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    let d = "[0-9０-９]";
    let h = r"[\s　]?[-‐‑‒–−－][\s　]?";
    Regex::new(&format!(
        r"[(（][\s　]?[0０]{d}{{1,4}}[\s　]?[)）][\s　]?{d}{{1,4}}{h}{d}{{3,4}}|[0０]{d}{{1,4}}{h}{d}{{1,4}}{h}{d}{{3,4}}"
    ))
    .unwrap()
});

/// A label in brackets after a number, or alone on the next line. Example: `（事務所）`
pub(super) static PAREN_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s　]*[(（][\s　]*(?P<l>[^()（）0-9０-９]{1,10}?)[\s　]*[)）]").unwrap()
});

/// A text that is only a phone label. Example: `☎`, `FAX ：`, `相談電話`, `事務所：`
pub(super) static WHOLE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:☎|℡|📞|TEL|Tel|tel|ＴＥＬ|FAX|Fax|fax|ＦＡＸ|電話番号|電話|ファクス|ファックス|代表|直通|携帯|事務所|夜間|休日|\S{0,4}(?:電話|専用|ダイヤル|ライン))[\s　]*[:：.]?$")
        .unwrap()
});

/// A phone label at the end of a name. Example: `さくら相談室 TEL：`
pub(super) static TRAILING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[\s　]*(?P<l>☎|℡|📞|TEL|Tel|tel|ＴＥＬ|FAX|Fax|fax|ＦＡＸ|電話番号|電話)[\s　]*[:：.]?|[\s　]*[:：])[\s　]*$")
        .unwrap()
});

/// Headings of a contact block, never part of a name. Example: `お問い合わせ`, `連絡先`
pub(super) static CONTACT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:お?問い?合わ?せ(?:先|窓口)?|連絡先|相談先|申込先|申し込み先)$").unwrap()
});

/// Address, e-mail, web and opening-hours lines of a contact block.
pub(super) static CONTACT_DETAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)
        ^[\s　]*(?:〒|住所|所在地|メール|E-?mail|e-?mail|Mail|URL|HP|ホームページ|アクセス|時間|受付|開所|開館|定休|休館|休業|休み)
      | @ | https?:// | www\.
      | [0-9０-９]+[\s　]*(?:番地|丁目|号室|階)
    ").unwrap()
});

/// Name endings that make a line a complete organisation name, not the first half of a wrapped one.
pub(super) const ORG_SUFFIXES: &[&str] = &[
    "課",
    "部",
    "局",
    "室",
    "係",
    "所",
    "会",
    "館",
    "園",
    "院",
    "センター",
    "担当",
    "法人",
    "ステーション",
    "クリニック",
    "ホーム",
    "事務局",
    "委員会",
];

/// A directory entry found on a line.
pub(super) struct Segment {
    pub(super) name: Option<String>,
    pub(super) number: String,
    pub(super) label: Option<String>,
}

pub(super) fn is_complete_name(t: &str) -> bool {
    let t = t.trim();
    ORG_SUFFIXES.iter().any(|s| t.ends_with(s))
}

/// Joins the lines of a wrapped name or heading; white space inside a line is kept as one space.
pub(super) fn join_name<'s>(parts: impl Iterator<Item = &'s str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p
            .trim()
            .trim_start_matches(['・', '●', '○', '◎', '■', '◆', '▶', '•'])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        heal_join(&mut out, &p);
    }
    out
}

pub(super) fn normalize_label(l: &str) -> String {
    let l = fold_width(l.trim());
    let l = l.trim_matches([' ', ':', '.']).trim();
    match l {
        "☎" | "℡" | "📞" => "電話".to_string(),
        other => other.to_string(),
    }
}

/// The directory entries of a line: each number with the name and label printed before it (and a
/// bracketed label after it), and the text left after the last number. None when the line has no
/// number, or when the numbers stand inside a sentence.
pub(super) fn phone_segments(text: &str) -> Option<(Vec<Segment>, Option<String>)> {
    let mut segments = Vec::new();
    let mut pos = 0;
    for m in PHONE.find_iter(text) {
        let before = text[..m.start()].chars().last();
        let after = text[m.end()..].chars().next();
        let is_digit =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        if is_digit(before) || is_digit(after) || m.start() < pos {
            continue;
        }
        let pre = text[pos..m.start()].trim();
        if pre.contains(['。', '、']) || compact(pre).chars().count() > NAME_MAX {
            return None;
        }
        let (name, mut label) = split_pre(pre);
        pos = m.end();
        if let Some(caps) = PAREN_LABEL.captures(&text[pos..]) {
            label = Some(normalize_label(&caps["l"]));
            pos += caps.get(0).unwrap().end();
        }
        segments.push(Segment {
            name,
            number: fold_width(m.as_str())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect(),
            label,
        });
    }
    if segments.is_empty() {
        return None;
    }
    let rest = text[pos..].trim();
    if rest.contains('。') {
        return None;
    }
    Some((segments, (!rest.is_empty()).then(|| rest.to_string())))
}

/// Splits the text before a number into a name and a label.
pub(super) fn split_pre(pre: &str) -> (Option<String>, Option<String>) {
    let t = pre
        .trim()
        .trim_start_matches(['・', '●', '○', '◎', '■', '◆', '▶', '•', ' ', '　']);
    if t.is_empty() {
        return (None, None);
    }
    if WHOLE_LABEL.is_match(t) {
        return (None, Some(normalize_label(t)));
    }
    if let Some(caps) = TRAILING_LABEL.captures(t) {
        let m = caps.get(0).unwrap();
        let name = t[..m.start()].trim();
        let label = caps.name("l").map(|l| normalize_label(l.as_str()));
        if !name.is_empty() {
            return (Some(join_name(std::iter::once(name))), label);
        }
        return (None, label);
    }
    (Some(join_name(std::iter::once(t))), None)
}

impl Parser<'_> {
    /// A line that can be (part of) an organisation's name.
    pub(super) fn name_like(&self, i: usize) -> bool {
        let s = &self.shapes[i];
        let t = &self.lines[i].text;
        self.is_free_text(i)
            && !s.full
            && !s.bullet
            && !s.ends_sentence
            && s.len >= 2
            && s.len <= NAME_MAX
            && !t.contains(['。', '、', '：', ':'])
            && !CONTACT_DETAIL.is_match(t)
            && t.chars().any(|c| !c.is_ascii_digit() && !c.is_whitespace())
    }

    pub(super) fn find_organizations(&mut self) {
        let notes = self.note_lines();
        for i in 0..self.lines.len() {
            if self.kinds[i] != Kind::Text {
                continue;
            }
            if let Some((segments, rest)) = phone_segments(&self.lines[i].text) {
                let mut current = None;
                if segments[0].name.is_none() {
                    current = self.previous_entry(i);
                    if current.is_none()
                        && let Some(parts) = self.find_name(i, &notes)
                    {
                        let name = join_name(parts.iter().map(|&j| self.lines[j].text.as_str()));
                        let org = self.new_org(name, parts[0]);
                        for j in parts {
                            self.roles[j] = Role::NamePart(org);
                        }
                        current = Some(org);
                    }
                    if current.is_none() {
                        self.warn(i, "phone number without an organisation name");
                        continue;
                    }
                }
                for seg in segments {
                    if let Some(name) = seg.name {
                        current = Some(self.new_org(name, i));
                    }
                    let org = current.expect("set above");
                    self.organizations[org].phones.push(Phone {
                        number: seg.number,
                        label: seg.label,
                    });
                }
                self.roles[i] = Role::OrgLine(current.expect("a directory line has a number"));
                self.leftovers[i] = rest;
            } else if let Some(caps) = PAREN_LABEL.captures(&self.lines[i].text)
                && caps.get(0).unwrap().end() == self.lines[i].text.len()
                && i > 0
                && let Role::OrgLine(org) | Role::LabelLine(org) = self.roles[i - 1]
                && let Some(phone) = self.organizations[org].phones.last_mut()
                && phone.label.is_none()
            {
                phone.label = Some(normalize_label(&caps["l"]));
                self.roles[i] = Role::LabelLine(org);
            }
        }
    }

    pub(super) fn new_org(&mut self, name: String, line: usize) -> usize {
        self.organizations.push(Organization {
            name,
            category: None,
            phones: Vec::new(),
            line: self.lines[line].no,
        });
        self.org_start.push(line);
        self.organizations.len() - 1
    }

    /// `※` notes and the lines that continue them.
    pub(super) fn note_lines(&self) -> Vec<bool> {
        let mut notes = vec![false; self.lines.len()];
        for i in 0..self.lines.len() {
            let t = self.lines[i].text.trim_start();
            notes[i] = t.starts_with('※')
                || (i > 0
                    && notes[i - 1]
                    && self.lines_apart(i - 1, i) == 1
                    && !self.shapes[i - 1].ends_sentence);
        }
        notes
    }

    /// A numbers-only line right after an entry's numbers or labels belongs to that entry.
    pub(super) fn previous_entry(&self, i: usize) -> Option<usize> {
        if i == 0 || self.lines_apart(i - 1, i) > 2 {
            return None;
        }
        match self.roles[i - 1] {
            Role::OrgLine(org) | Role::LabelLine(org) => Some(org),
            _ => None,
        }
    }

    /// The name printed above a numbers-only line: the nearest name-like line, skipping address,
    /// e-mail, hours and notes; joined with the line above it when the name wraps.
    pub(super) fn find_name(&self, i: usize, notes: &[bool]) -> Option<Vec<usize>> {
        let mut j = i;
        let mut skipped = 0;
        loop {
            if j == 0 {
                return None;
            }
            j -= 1;
            if !self.is_free_text(j) {
                return None;
            }
            let t = &self.lines[j].text;
            if notes[j] || CONTACT_DETAIL.is_match(t) {
                skipped += 1;
                if skipped > 4 {
                    return None;
                }
                continue;
            }
            if !self.name_like(j) {
                return None;
            }
            let mut parts = vec![j];
            if j > 0
                && self.lines_apart(j - 1, j) == 1
                && self.name_like(j - 1)
                && !notes[j - 1]
                && !is_complete_name(&self.lines[j - 1].text)
                && !CONTACT_HEADING.is_match(&compact(&self.lines[j - 1].text))
                && self.shapes[j - 1].len + self.shapes[j].len <= NAME_MAX
            {
                parts.insert(0, j - 1);
            }
            return Some(parts);
        }
    }

    pub(super) fn categorize(&mut self, org: usize) {
        self.organizations[org].category = if self.in_colophon {
            None
        } else {
            self.sections.last().map(|s| s.title.clone())
        };
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn two_entries_on_one_line_under_their_heading() {
        let r = parse(
            "相談窓口一覧\n\n障害のある方の相談\n\n名称 電話 名称 電話\n\nひだまり相談室 0120-000-101 つばさ支援センター ０１２０－０００－１０２",
        );
        let got: Vec<(&str, Option<&str>)> = r
            .organizations
            .iter()
            .map(|o| (o.name.as_str(), o.category.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("ひだまり相談室", Some("障害のある方の相談")),
                ("つばさ支援センター", Some("障害のある方の相談"))
            ]
        );
        assert_eq!(phones(&r.organizations[1]), [("0120-000-102", None)]);
        assert!(!r.sections.iter().any(|s| s.text.contains("名称")));
    }

    #[test]
    fn numbers_only_line_takes_the_wrapped_name_above_and_labels() {
        let r = parse(
            "こどもの相談\n名称 電話\nさくら台こども\n相談センター\n0120-000-201\n（事務所）\n\n0120-000-202\n（相談電話）",
        );
        assert_eq!(r.organizations.len(), 1);
        let o = &r.organizations[0];
        assert_eq!(o.name, "さくら台こども相談センター");
        assert_eq!(o.category.as_deref(), Some("こどもの相談"));
        assert_eq!(
            phones(o),
            [
                ("0120-000-201", Some("事務所")),
                ("0120-000-202", Some("相談電話"))
            ]
        );
        assert_eq!(o.line, 3);
    }

    #[test]
    fn contact_block_with_address_and_note() {
        let r = parse(
            "お問い合わせ\n\nLibero さくら\n\n※駐車場がありませんので\n　公共交通機関でお越しください。\n\nさくら台市中央１丁目２番地３号\n☎ 0120-000-301　FAX ： 0120-000-302　メール：info@example.invalid",
        );
        assert_eq!(r.organizations.len(), 1);
        let o = &r.organizations[0];
        assert_eq!(o.name, "Libero さくら");
        assert_eq!(
            phones(o),
            [
                ("0120-000-301", Some("電話")),
                ("0120-000-302", Some("FAX"))
            ]
        );
        let text = &r.sections.last().unwrap().text;
        assert!(text.contains("公共交通機関でお越しください。"), "{text}");
        assert!(text.contains("中央１丁目"), "{text}");
        assert!(text.contains("メール：info@example.invalid"), "{text}");
    }

    #[test]
    fn phone_inside_a_sentence_is_not_an_organisation() {
        let r =
            parse("相談のご案内\nご不明な点は障害福祉課（0120-000-401）までお問い合わせください。");
        assert!(r.organizations.is_empty());
        assert!(r.sections[0].text.contains("0120-000-401"));
    }

    #[test]
    fn phone_without_a_name_is_a_warning() {
        let r = parse("相談のご案内\n相談はお気軽にどうぞ。\n0120-000-501");
        assert!(r.organizations.is_empty());
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, Some(3));
        assert!(r.sections[0].text.contains("0120-000-501"));
    }

    #[test]
    fn contact_heading_is_not_part_of_the_name() {
        let r = parse(
            "お問い合わせ\nさくら台市社会福祉協議会 Liberoさくら\n電話 0120-000-701　FAX 0120-000-702",
        );
        let o = &r.organizations[0];
        assert_eq!(o.name, "さくら台市社会福祉協議会 Liberoさくら");
        assert_eq!(o.category.as_deref(), Some("お問い合わせ"));
        assert_eq!(
            phones(o),
            [
                ("0120-000-701", Some("電話")),
                ("0120-000-702", Some("FAX"))
            ]
        );
    }
}
