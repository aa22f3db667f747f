//! Questions with their answers and speakers as people: the samples' records pair every
//! answer with its question, and the binary shows the pairs (`search --with-answers`, `qa`)
//! and the people (`speakers`, `--speaker`).

use std::process::{Command, Output};
use std::sync::OnceLock;

use gijiroku::record::{EntryKind, PersonGroup};

use crate::{parse_relative, sample_minutes};

fn gijiroku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gijiroku"))
        .args(args)
        .current_dir(crate::root())
        .output()
        .unwrap()
}

/// An index of the sample minutes, made by the binary once per run.
fn index() -> &'static str {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = gijiroku(&[
            "ingest",
            "samples/minutes",
            "--index",
            dir.path().to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
    .to_str()
    .unwrap()
}

fn run(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--index", index()]);
    let out = gijiroku(&all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_answer_of_the_samples_points_to_what_it_answers() {
    let mut answers = 0;
    for rel in sample_minutes() {
        let r = parse_relative(&rel);
        let flat: Vec<_> = r.proceedings.iter().flat_map(|s| &s.entries).collect();
        for (i, e) in flat.iter().enumerate() {
            if e.kind != EntryKind::Answer {
                assert_eq!(e.reply_to, None, "{}: entry {i}", rel.display());
                continue;
            }
            answers += 1;
            let q = e
                .reply_to
                .unwrap_or_else(|| panic!("{}: answer {i} points nowhere", rel.display()));
            assert!(q < i, "{}: answer {i} points ahead", rel.display());
            assert!(
                matches!(flat[q].kind, EntryKind::Question | EntryKind::Opinion),
                "{}: answer {i} points to a {:?}",
                rel.display(),
                flat[q].kind
            );
        }
    }
    assert!(answers >= 30, "{answers} answers");
}

#[test]
fn named_speakers_of_the_samples_are_people_of_their_attendance() {
    for rel in sample_minutes() {
        let r = parse_relative(&rel);
        for e in r.proceedings.iter().flat_map(|s| &s.entries) {
            let Some(label) = &e.speaker else { continue };
            let Some(name) = label.strip_suffix("委員").filter(|n| !n.is_empty()) else {
                continue;
            };
            let p = e
                .person
                .as_ref()
                .unwrap_or_else(|| panic!("{}: {label} unresolved", rel.display()));
            assert_eq!(p.group, PersonGroup::Member, "{label}");
            assert!(p.listed, "{}: {label} not on the roster", rel.display());
            assert!(p.name.starts_with(name), "{label} → {}", p.name);
        }
    }
}

#[test]
fn search_questions_with_answers_shows_the_answer() {
    let text = run(&["search", "--kind", "question", "--with-answers", "Libero"]);
    assert!(text.contains("(question 委員"), "{text}");
    assert!(
        text.contains("さくらの増員で、どのような取組みを強化するのか。"),
        "{text}"
    );
    assert!(
        text.contains("    → 答 会長（高田） (line 99): 多機関協働の中心となる会議の運営に加え"),
        "{text}"
    );
    // As JSON, the answers are fields of the hit; a hit on an answer carries its question.
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "search",
        "--kind",
        "answer",
        "--json",
        "多機関協働の中心",
    ]))
    .unwrap();
    assert_eq!(json[0]["kind"], "answer");
    assert!(
        json[0]["question"]["text"]
            .as_str()
            .unwrap()
            .contains("Liberoさくらの増員")
    );
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "search",
        "--kind",
        "question",
        "--with-answers",
        "--json",
        "Libero",
    ]))
    .unwrap();
    let hits = json.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| !h["answers"].as_array().unwrap().is_empty())
    );
}

#[test]
fn qa_lists_the_pairs_by_meeting_and_for_a_query() {
    let all = run(&["qa"]);
    assert!(all.matches("  [").count() >= 25, "{all}");
    assert!(all.contains("問 杉山委員 (line 122): 受講者の募集は、どのように行うのでしょうか。"));
    assert!(all.contains("      答 事務局(基幹相談支援センター 小林) (line 125): 市内の相談支援事業所の連絡会を通じて"));
    let found = run(&["qa", "受講者の募集"]);
    assert!(found.contains("受講者の募集は"), "{found}");
    assert!(!found.contains("障害種別ごとの内訳"), "{found}");
    let json: serde_json::Value =
        serde_json::from_str(&run(&["qa", "--json", "--speaker", "佐々木"])).unwrap();
    let pairs = json.as_array().unwrap();
    assert_eq!(pairs.len(), 2, "{json}");
    assert!(
        pairs
            .iter()
            .all(|p| p["question"]["speaker"] == "佐々木委員")
    );
    assert!(
        pairs
            .iter()
            .all(|p| !p["answers"].as_array().unwrap().is_empty())
    );
}

#[test]
fn speakers_are_counted_as_people_and_found_by_name() {
    let text = run(&["speakers"]);
    assert!(
        text.starts_with("turns  questions  answers  meetings  person"),
        "{text}"
    );
    // One person under the roster's full name and another meeting's family name.
    let line = text
        .lines()
        .find(|l| l.contains("木下 由美子"))
        .expect("木下 listed");
    assert!(line.contains("木下部会長"), "{line}");
    let json: serde_json::Value =
        serde_json::from_str(&run(&["speakers", "--json", "佐々木"])).unwrap();
    assert_eq!(json[0]["questions"], 2, "{json}");
    // `--speaker` by the full name finds the turns of the meeting whose roster has only the
    // family name too.
    let full: serde_json::Value = serde_json::from_str(&run(&[
        "search",
        "--json",
        "--limit",
        "100",
        "--speaker",
        "木下由美子",
        "ありがとうございます",
    ]))
    .unwrap();
    let dates: std::collections::BTreeSet<&str> = full
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates.into_iter().collect::<Vec<_>>(),
        vec!["2023-11-20", "2024-11-18"]
    );
}

#[test]
fn a_record_read_alone_gets_back_the_texts_of_only_the_entries_asked_for() {
    let s = gijiroku::index::search::Searcher::open(std::path::Path::new(index())).unwrap();
    let ids: Vec<String> = s
        .records_without_texts()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert!(ids.len() >= 2);
    for id in &ids {
        let whole = s.record(id).unwrap();
        let (alone_id, mut alone) = s.record_alone(id).unwrap();
        assert_eq!(&alone_id, id);
        let places: Vec<(usize, usize)> = whole
            .proceedings
            .iter()
            .enumerate()
            .flat_map(|(si, sec)| (0..sec.entries.len()).map(move |ei| (si, ei)))
            .collect();
        assert!(places.len() > 3, "{id} has entries");
        assert!(
            places
                .iter()
                .all(|&(si, ei)| alone.proceedings[si].entries[ei].text.is_empty()),
            "the record document leaves the texts out"
        );
        // Every third entry, the last one among them.
        let wanted: Vec<(usize, usize)> = places.iter().copied().step_by(3).collect();
        s.put_back_entries(id, &mut alone, &wanted).unwrap();
        for &(si, ei) in &places {
            let got = &alone.proceedings[si].entries[ei].text;
            if wanted.contains(&(si, ei)) {
                assert_eq!(got, &whole.proceedings[si].entries[ei].text);
                assert!(!got.is_empty());
            } else {
                assert!(got.is_empty(), "{id} ({si}, {ei}) was not asked for");
            }
        }
    }
}
