//! Speakers as people across meetings: the persons the entries of the stored records were
//! resolved to (see [`crate::parse::people`]), one person under every spelling the minutes use
//! (`髙橋` = `高橋`, by [`fold_name`]) and, where one roster gives the full name and another
//! only the family name, under both (`田中` → `田中 太郎` when that is the only 田中 of the
//! group). Works on stored records, so the CLI and the web page share it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::record::{Entry, EntryKind, PersonGroup, Role};
use crate::text::fold_name;
use crate::text::fold_width;
use crate::track::Stored;

/// One person, with what they said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// The person's key: their group and folded name (`member:田中太郎`); the speaker page's id.
    pub key: String,
    /// The name, the fullest spelling the attendance gives (`田中 太郎`).
    pub name: String,
    /// Member, secretariat or observer.
    pub group: PersonGroup,
    /// The role on the council at their latest meeting, for a member.
    pub role: Option<Role>,
    /// Every organisation or post given with them, first seen first.
    pub organizations: Vec<String>,
    /// Every speaker label and name they appear under, first seen first.
    pub spellings: Vec<String>,
    /// How many meetings they spoke at.
    pub meetings: usize,
    /// How many turns (entries) they spoke.
    pub turns: usize,
    /// How many of those were questions.
    pub questions: usize,
    /// How many were answers.
    pub answers: usize,
}

/// One meeting's entries by one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spoken {
    /// The meeting's id.
    pub meeting_id: String,
    /// The meeting's title.
    pub title: String,
    /// The meeting's date, ISO.
    pub date: Option<String>,
    /// What they said, in document order: (the section's agenda path, the entry's index in
    /// the record, the entry).
    pub entries: Vec<(Option<String>, usize, Entry)>,
}

/// A person's key before family names are merged into full ones.
fn raw_key(group: PersonGroup, name: &str) -> String {
    let g = match group {
        PersonGroup::Member => "member",
        PersonGroup::Secretariat => "secretariat",
        PersonGroup::Observer => "observer",
    };
    format!("{g}:{}", fold_name(name))
}

/// The family name of a name printed with a space (`田中 太郎` → `田中`), folded.
fn family(name: &str) -> Option<String> {
    let n = fold_width(name);
    let (f, rest) = n.split_once([' ', '　'])?;
    (!rest.trim().is_empty()).then(|| fold_name(f))
}

/// Maps each raw key to the key of its person: a family-name key to the one full-name key of
/// the same group that begins with it, when there is exactly one.
fn merged_keys(records: &[Stored]) -> HashMap<String, String> {
    // raw key → (group, folded name, family)
    let mut seen: BTreeMap<String, (PersonGroup, String, Option<String>)> = BTreeMap::new();
    for (_, r) in records {
        for e in r.proceedings.iter().flat_map(|s| &s.entries) {
            if let Some(p) = &e.person {
                seen.entry(raw_key(p.group, &p.name))
                    .or_insert_with(|| (p.group, fold_name(&p.name), family(&p.name)));
            }
        }
    }
    let mut map = HashMap::new();
    for (key, (group, folded, fam)) in &seen {
        let mut target = key.clone();
        if fam.is_none() {
            let fuller: Vec<&String> = seen
                .iter()
                .filter(|(k, (g, f, fm))| {
                    *k != key
                        && g == group
                        && f.len() > folded.len()
                        && (fm.as_deref() == Some(folded.as_str())
                            || (fm.is_none() && f.starts_with(folded.as_str())))
                })
                .map(|(k, _)| k)
                .collect();
            if fuller.len() == 1 {
                target = fuller[0].clone();
            }
        }
        map.insert(key.clone(), target);
    }
    map
}

/// Who is who across the records: the key of each entry's person (see [`Person::key`]), for
/// links from a meeting's turns to their speaker's page.
#[derive(Debug, Clone, Default)]
pub struct Keys(HashMap<String, String>);

impl Keys {
    /// The keys of everyone who spoke in `records`.
    pub fn of(records: &[Stored]) -> Keys {
        Keys(merged_keys(records))
    }

    /// The key of the person who spoke `e`, if the speaker was resolved.
    pub fn key(&self, e: &Entry) -> Option<String> {
        key_of(&self.0, e)
    }
}

/// The key of the person who spoke an entry, if resolved.
fn key_of(map: &HashMap<String, String>, e: &Entry) -> Option<String> {
    let p = e.person.as_ref()?;
    let raw = raw_key(p.group, &p.name);
    Some(map.get(&raw).cloned().unwrap_or(raw))
}

/// Every person who spoke in the records, most turns first (then by name).
pub fn directory(records: &[Stored]) -> Vec<Person> {
    let map = merged_keys(records);
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let mut met: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
    for (id, r) in records {
        for e in r.proceedings.iter().flat_map(|s| &s.entries) {
            let (Some(key), Some(p)) = (key_of(&map, e), &e.person) else {
                continue;
            };
            let person = people.entry(key.clone()).or_insert_with(|| Person {
                key: key.clone(),
                name: p.name.clone(),
                group: p.group,
                role: None,
                organizations: Vec::new(),
                spellings: Vec::new(),
                meetings: 0,
                turns: 0,
                questions: 0,
                answers: 0,
            });
            if fold_name(&p.name).len() > fold_name(&person.name).len()
                || (p.listed && fold_name(&p.name) == fold_name(&person.name))
            {
                person.name = p.name.clone();
            }
            if p.role.is_some() {
                person.role = p.role;
            }
            if let Some(o) = &p.organization
                && !person.organizations.contains(o)
            {
                person.organizations.push(o.clone());
            }
            for s in [e.speaker.as_ref(), Some(&p.name)].into_iter().flatten() {
                if !person.spellings.contains(s) {
                    person.spellings.push(s.clone());
                }
            }
            person.turns += 1;
            match e.kind {
                EntryKind::Question => person.questions += 1,
                EntryKind::Answer => person.answers += 1,
                _ => {}
            }
            met.entry(key).or_default().insert(id.clone());
        }
    }
    let mut out: Vec<Person> = people
        .into_values()
        .map(|mut p| {
            p.meetings = met.get(&p.key).map_or(0, |m| m.len());
            p
        })
        .collect();
    out.sort_by(|a, b| b.turns.cmp(&a.turns).then_with(|| a.key.cmp(&b.key)));
    out
}

/// True when an entry's speaker is `who`: part of its label or of its person's name, names
/// folded (`高橋` matches `髙橋委員`).
pub fn matches(e: &Entry, who: &str) -> bool {
    let who = fold_name(who);
    if who.is_empty() {
        return false;
    }
    e.speaker
        .as_deref()
        .is_some_and(|s| fold_name(s).contains(&who))
        || e.person
            .as_ref()
            .is_some_and(|p| fold_name(&p.name).contains(&who))
}

/// The people `who` names: those whose name or a spelling, folded, contains it.
pub fn find<'a>(people: &'a [Person], who: &str) -> Vec<&'a Person> {
    let w = fold_name(who);
    if w.is_empty() {
        return Vec::new();
    }
    people
        .iter()
        .filter(|p| {
            fold_name(&p.name).contains(&w) || p.spellings.iter().any(|s| fold_name(s).contains(&w))
        })
        .collect()
}

/// The other names, meeting by meeting, under which the minutes know the people `who` names
/// (`田中` at a meeting whose roster gives only the family name, when `who` is `田中太郎`):
/// what `Filters::speaker_in` takes, so that `--speaker` finds the person whatever label form
/// or roster spelling a meeting used.
pub fn speaker_forms(records: &[Stored], who: &str) -> Vec<(String, String)> {
    let map = merged_keys(records);
    let w = fold_name(who);
    let people = directory(records);
    let keys: Vec<&str> = people
        .iter()
        .filter(|p| fold_name(&p.name).contains(&w))
        .map(|p| p.key.as_str())
        .collect();
    let mut out: Vec<(String, String)> = Vec::new();
    for (id, r) in records {
        for e in r.proceedings.iter().flat_map(|s| &s.entries) {
            let (Some(key), Some(p)) = (key_of(&map, e), &e.person) else {
                continue;
            };
            if !keys.contains(&key.as_str()) || fold_name(&p.name).contains(&w) {
                continue;
            }
            let form = (id.clone(), p.name.clone());
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// What the person with `key` said, meeting by meeting (oldest first).
pub fn spoken(records: &[Stored], key: &str) -> Vec<Spoken> {
    let map = merged_keys(records);
    let mut out = Vec::new();
    for (id, r) in records {
        let mut entries = Vec::new();
        let mut at = 0;
        for s in &r.proceedings {
            for e in &s.entries {
                if key_of(&map, e).as_deref() == Some(key) {
                    entries.push((s.agenda_ref.clone(), at, e.clone()));
                }
                at += 1;
            }
        }
        if !entries.is_empty() {
            out.push(Spoken {
                meeting_id: id.clone(),
                title: r.title().unwrap_or_default().to_string(),
                date: r.meeting.date.clone(),
                entries,
            });
        }
    }
    out
}

/// The directory as text: one line per person with their counts.
pub fn render_text(people: &[Person]) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(o, "turns  questions  answers  meetings  person");
    for p in people {
        let role = match (p.group, p.role) {
            (PersonGroup::Member, Some(Role::Chair)) => "委員（議長・会長）",
            (PersonGroup::Member, Some(Role::ViceChair)) => "委員（副）",
            (PersonGroup::Member, _) => "委員",
            (PersonGroup::Secretariat, _) => "事務局",
            (PersonGroup::Observer, _) => "オブザーバー",
        };
        let orgs = if p.organizations.is_empty() {
            String::new()
        } else {
            format!("  {}", p.organizations.join("、"))
        };
        let _ = writeln!(
            o,
            "{:>5}  {:>9}  {:>7}  {:>8}  {} [{role}]{orgs}  ({})",
            p.turns,
            p.questions,
            p.answers,
            p.meetings,
            p.name,
            p.spellings.join("、")
        );
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn record(date: &str, speakers: &[(&str, &str, PersonGroup, EntryKind)]) -> Record {
        let entries: Vec<serde_json::Value> = speakers
            .iter()
            .enumerate()
            .map(|(i, (label, name, group, kind))| {
                serde_json::json!({
                    "kind": kind, "speaker": label, "text": "…", "line": i + 1, "page": null,
                    "cue": null, "reply_to": null,
                    "person": {"name": name, "group": group, "role": null, "organization": null, "listed": true}
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "schema_version": 1, "kind": "minutes",
            "source": {"path": "x.txt", "sha256": "0", "format": "txt", "encoding": "UTF-8", "pages": null},
            "meeting": {"date": date},
            "attendance": {"members": [], "secretariat": [], "observers": [], "printed_count": null},
            "agenda": [], "materials": [], "aliases": [], "facts": [],
            "header_notes": [], "title": null, "issuer": null, "issued": null, "sections": [],
            "organizations": [], "programmes": [], "warnings": [],
            "proceedings": [{"agenda_ref": null, "heading": null, "entries": entries}]
        }))
        .unwrap()
    }

    use EntryKind::*;
    use PersonGroup::*;

    fn records() -> Vec<Stored> {
        vec![
            (
                "a".into(),
                record(
                    "2024-01-01",
                    &[
                        ("田中委員", "田中", Member, Question),
                        ("事務局(武藤)", "武藤", Secretariat, Answer),
                        ("高橋委員", "高橋", Member, Opinion),
                    ],
                ),
            ),
            (
                "b".into(),
                record(
                    "2024-06-01",
                    &[
                        ("○田中委員長", "田中 太郎", Member, Note),
                        ("髙橋委員", "髙橋", Member, Question),
                        ("森", "森", Secretariat, Answer),
                    ],
                ),
            ),
        ]
    }

    #[test]
    fn one_person_under_every_spelling() {
        let people = directory(&records());
        let tanaka = people.iter().find(|p| p.name == "田中 太郎").unwrap();
        assert_eq!((tanaka.turns, tanaka.questions, tanaka.meetings), (2, 1, 2));
        assert_eq!(
            tanaka.spellings,
            vec!["田中委員", "田中", "○田中委員長", "田中 太郎"]
        );
        let takahashi = people.iter().find(|p| p.key == "member:高橋").unwrap();
        assert_eq!((takahashi.turns, takahashi.meetings), (2, 2));
        // A member and an official of the same name are two people.
        assert_eq!(people.len(), 4);
        assert_eq!(find(&people, "髙橋").len(), 1);
    }

    #[test]
    fn the_family_name_form_of_a_full_name_query_by_meeting() {
        assert_eq!(
            speaker_forms(&records(), "田中太郎"),
            vec![("a".to_string(), "田中".to_string())]
        );
        let s = spoken(&records(), "member:田中太郎");
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].entries[0].1, 0);
        let e = &records()[1].1.proceedings[0].entries[1];
        assert!(matches(e, "高橋"));
        assert!(!matches(e, "田中"));
    }

    #[test]
    fn two_full_names_keep_a_family_name_apart() {
        let mut rs = records();
        rs.push((
            "c".into(),
            record(
                "2024-09-01",
                &[("田中花子委員", "田中 花子", Member, Opinion)],
            ),
        ));
        let people = directory(&rs);
        assert!(people.iter().any(|p| p.key == "member:田中"));
        let text = render_text(&people);
        assert!(text.contains("田中 花子"), "{text}");
    }
}
