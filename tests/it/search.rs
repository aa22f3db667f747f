//! Search over the samples and the seeds: grep-like recall, ranking, filters, incremental ingest.

use std::path::Path;

use gijiroku::index::search::{Filters, Match, Searcher};
use gijiroku::pipeline::{Event, ingest};

fn index() -> &'static Path {
    crate::shared_index()
}

/// The file names (without their folders) `search --files` lists for `q`, in its order.
fn file_names(s: &Searcher, q: &str, filters: &Filters, whole_document: bool) -> Vec<String> {
    s.matching_paths(q, filters, whole_document)
        .unwrap()
        .iter()
        .map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The hits of the strict search alone (every term as written), without the fallback's.
fn strict(hits: Vec<gijiroku::index::search::Hit>) -> Vec<gijiroku::index::search::Hit> {
    hits.into_iter().filter(|h| !h.fallback).collect()
}

fn search(q: &str, filters: Filters) -> Vec<gijiroku::index::search::Hit> {
    let s = Searcher::open(index()).unwrap();
    s.search(
        q,
        &Filters {
            limit: if filters.limit == 0 {
                50
            } else {
                filters.limit
            },
            ..filters
        },
    )
    .unwrap()
}

/// (query, the form grep finds in the seed, seed file): kanji, kana, Latin, digits, mixed widths.
const GREP_FOUND: &[(&str, &str, &str)] = &[
    ("鎌倉芸術館", "鎌倉芸術館", "000"),
    ("大久保", "大久保", "000"),
    ("地域部会", "地域部会", "000"),
    ("ケアシテム", "ケアシテム", "000"),
    ("Liberoかまくら", "Liberoかまくら", "000"),
    ("8050", "8050", "000"),
    ("ヤングケアラー", "ヤングケアラー", "000"),
    ("ダブルケア", "ダブルケア", "000"),
    ("タグラグビー", "タグラグビー", "000"),
    ("厚生労働省", "厚生労働省", "000"),
    ("要保護児童対策", "要保護児童対策", "000"),
    ("書面会議", "書面会議", "000"),
    ("ピアサポーター", "ピアサポーター", "000"),
    ("割愛", "割愛", "000"),
    ("イニシアティブ", "イニシアティブ", "000"),
    ("顔の見える関係", "顔の見える関係", "000"),
    ("セーフティネット", "セーフティネット", "000"),
    ("令和4年度", "令和４年度", "000"),
    ("2年前", "２年前", "000"),
    ("コロナ禍", "コロナ禍", "000"),
    ("みえるか", "みえるか", "000"),
    ("0467-61-2600", "0467-61-2600", "001"),
    ("ささりんどう", "ささりんどう", "001"),
    ("包括的相談支援事業", "包括的相談支援事業", "001"),
    ("きしろ", "きしろ", "001"),
    ("16 カ所", "16 カ所", "001"),
    ("p.37", "p.37", "001"),
    ("老老介護", "老老介護", "001"),
    ("Libero かまくら", "Libero かまくら", "001"),
    ("ＬＩＢＥＲＯかまくら", "Libero かまくら", "001"),
];

#[test]
fn every_substring_grep_finds_gives_a_hit_in_that_document() {
    if !crate::have_seeds("every_substring_grep_finds_gives_a_hit_in_that_document") {
        return;
    }
    assert_eq!(GREP_FOUND.len(), 30);
    let mut misses = Vec::new();
    for (query, grep_form, seed) in GREP_FOUND {
        let file = std::fs::read_dir(crate::seeds())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(seed))
            .unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.lines().any(|l| l.contains(grep_form)),
            "grep does not find {grep_form:?}"
        );
        let hits = search(
            query,
            Filters {
                limit: 1000,
                ..Filters::default()
            },
        );
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if !hits.iter().any(|h| h.path.ends_with(&name)) {
            misses.push(*query);
        }
    }
    assert!(misses.is_empty(), "no hit in the seed for {misses:?}");
}

#[test]
fn the_seed_question_about_the_support_meeting_comes_first() {
    if !crate::have_seeds("the_seed_question_about_the_support_meeting_comes_first") {
        return;
    }
    let hits = search(
        "重層的支援会議",
        Filters {
            kind: Some(gijiroku::record::EntryKind::Question),
            ..Filters::default()
        },
    );
    let first = &hits[0];
    assert!(
        first.path.ends_with("000_b6a9ed49fe3ebcfa.txt"),
        "{first:?}"
    );
    assert!(
        first
            .snippet
            .contains("重層的支援会議にかかった案件はあるか"),
        "{}",
        first.snippet
    );
    assert_eq!(first.kind, Some(gijiroku::record::EntryKind::Question));
    assert_eq!(first.agenda_ref.as_deref(), Some("2.(3)"));
    assert_eq!(first.date.as_deref(), Some("2022-03-22"));
}

#[test]
fn libero_finds_both_seeds_and_the_samples() {
    if !crate::have_seeds("libero_finds_both_seeds_and_the_samples") {
        return;
    }
    let hits = search(
        "Libero",
        Filters {
            limit: 1000,
            ..Filters::default()
        },
    );
    for name in [
        "000_b6a9ed49fe3ebcfa.txt",
        "001_dea6203cfdabc490.txt",
        "2025-02-17_zentaikai_summary.txt",
    ] {
        assert!(
            hits.iter().any(|h| h.path.ends_with(name)),
            "no hit in {name}"
        );
    }
    // The synonym widens the query: the programme's official name is found too.
    assert!(
        hits.iter()
            .any(|h| h.snippet.contains("相談支援包括化推進業務") && !h.snippet.contains("Libero"))
    );
}

#[test]
fn a_date_filter_excludes_meetings_outside_the_range() {
    if !crate::have_seeds("a_date_filter_excludes_meetings_outside_the_range") {
        return;
    }
    let all = search(
        "重層的支援",
        Filters {
            limit: 1000,
            ..Filters::default()
        },
    );
    assert!(all.iter().any(|h| h.date.as_deref() == Some("2022-03-22")));
    let fy2024 = search(
        "重層的支援",
        Filters {
            from: "2024-04-01".parse().ok(),
            to: "2025-03-31".parse().ok(),
            limit: 1000,
            ..Filters::default()
        },
    );
    assert!(!fy2024.is_empty());
    assert!(
        fy2024.iter().all(|h| {
            let d = h.date.as_deref().unwrap_or("");
            ("2024-04-01"..="2025-03-31").contains(&d)
        }),
        "{:?}",
        fy2024.iter().map(|h| &h.date).collect::<Vec<_>>()
    );
}

#[test]
fn terms_are_anded_within_one_entry_and_can_be_excluded() {
    if !crate::have_seeds("terms_are_anded_within_one_entry_and_can_be_excluded") {
        return;
    }
    let both = search(
        "ヤングケアラー 教育",
        Filters {
            limit: 1000,
            ..Filters::default()
        },
    );
    let both = strict(both);
    assert!(!both.is_empty());
    let without = search(
        "ヤングケアラー -教育",
        Filters {
            limit: 1000,
            ..Filters::default()
        },
    );
    let with = search(
        "ヤングケアラー",
        Filters {
            limit: 1000,
            ..Filters::default()
        },
    );
    let (without, with) = (strict(without), strict(with));
    assert_eq!(without.len() + both.len(), with.len());
}

#[test]
fn filters_by_speaker_body_and_kind() {
    if !crate::have_seeds("filters_by_speaker_body_and_kind") {
        return;
    }
    let hits = search(
        "ケース",
        Filters {
            speaker: Some("会長".into()),
            limit: 1000,
            ..Filters::default()
        },
    );
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h.speaker.as_deref().unwrap_or("").contains("会長"))
    );
    let hits = search(
        "研修",
        Filters {
            body: Some("相談支援部会".into()),
            limit: 1000,
            ..Filters::default()
        },
    );
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h.body.as_deref() == Some("相談支援部会"))
    );
    let hits = search(
        "了承",
        Filters {
            kind: Some(gijiroku::record::EntryKind::Resolution),
            limit: 1000,
            ..Filters::default()
        },
    );
    assert!(hits.len() >= 3);
}

#[test]
fn aliases_defined_in_the_text_widen_a_query() {
    if !crate::have_seeds("aliases_defined_in_the_text_widen_a_query") {
        return;
    }
    // 地域部会 is defined as 地域生活支援拠点検討部会 in the seed minutes.
    let s = Searcher::open(index()).unwrap();
    assert!(
        s.variants("地域部会")
            .contains(&"地域生活支援拠点検討部会".to_string())
    );
}

#[test]
fn show_returns_the_stored_record() {
    if !crate::have_seeds("show_returns_the_stored_record") {
        return;
    }
    let hits = search("タグラグビー", Filters::default());
    let s = Searcher::open(index()).unwrap();
    let r = s.record(&hits[0].meeting_id).unwrap();
    assert_eq!(r.meeting.date.as_deref(), Some("2022-03-22"));
    assert!(s.record("nonexistent").is_err());
}

#[test]
fn a_term_inside_a_dictionary_compound_still_ranks() {
    if !crate::have_seeds("a_term_inside_a_dictionary_compound_still_ranks") {
        return;
    }
    // 重層的支援体制整備事業 is one word of the user dictionary, so the words of 重層的支援
    // (重層, 的, 支援) are not in the blocks that hold it: the compound ranks them instead.
    let hits = search(
        "重層的支援",
        Filters {
            limit: 1000,
            ..Filters::default()
        },
    );
    let agenda: Vec<_> = hits
        .iter()
        .filter(|h| h.doc_type == gijiroku::index::DocType::Agenda)
        .collect();
    assert!(agenda.len() >= 6, "{hits:#?}");
    assert!(hits.iter().all(|h| h.score > 0.0), "{hits:#?}");
}

#[test]
fn stored_records_come_back_whole() {
    if !crate::have_seeds("stored_records_come_back_whole") {
        return;
    }
    // The index stores each record without the texts its blocks hold, and puts them back.
    let s = Searcher::open(index()).unwrap();
    let records = s.records().unwrap();
    assert_eq!(records.len(), crate::sample_minutes().len() + 2 + 2);
    for (id, stored) in &records {
        let path = std::path::PathBuf::from(&stored.source.path);
        let parsed = gijiroku::pipeline::read(&path).unwrap();
        let parsed = serde_json::to_value(&parsed).unwrap();
        assert_eq!(
            serde_json::to_value(stored).unwrap(),
            parsed,
            "{}",
            path.display()
        );
        assert_eq!(
            serde_json::to_value(s.record(id).unwrap()).unwrap(),
            parsed,
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_bigram_of_a_term_is_not_the_term() {
    if !crate::have_seeds("every_bigram_of_a_term_is_not_the_term") {
        return;
    }
    // The bigram field keeps no positions: an entry with 地域, 域支 and 支援 apart must not
    // match 地域支援, in a search or in `--files`.
    let dir = tempfile::tempdir().unwrap();
    let docs = tempfile::tempdir().unwrap();
    let minutes = std::fs::read_to_string(
        crate::root().join("samples/minutes/2023-09-19_zentaikai_summary.txt"),
    )
    .unwrap();
    let (body, end) = minutes.rsplit_once("以上").unwrap();
    let apart = format!("{body}・地域ごとに区域支援の体制を検討する。\n\n以上{end}");
    std::fs::write(docs.path().join("apart.txt"), &apart).unwrap();
    ingest(dir.path(), &[docs.path().to_path_buf()], false, &|_| {}).unwrap();
    let s = Searcher::open(dir.path()).unwrap();
    let all = Filters {
        limit: 1000,
        ..Filters::default()
    };
    assert!(!strict(s.search("区域支援", &all).unwrap()).is_empty());
    assert!(strict(s.search("地域支援", &all).unwrap()).is_empty());
    assert!(
        s.matching_paths("地域支援", &all, false)
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.matching_paths("区域支援", &all, false).unwrap().len(), 1);
    // Excluding a term by its bigrams alone would drop the entry.
    let hits = strict(s.search("区域支援 -地域支援", &all).unwrap());
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(strict(s.search("区域支援 -区域支援", &all).unwrap()).is_empty());
}

#[test]
fn the_lists_of_the_best_blocks_give_the_ranking_of_a_full_search() {
    if !crate::have_seeds("the_lists_of_the_best_blocks_give_the_ranking_of_a_full_search") {
        return;
    }
    // The samples have no word in thousands of blocks, so lists are made for every word in
    // five, and short (8 blocks) so that searches both finish from them and go past them.
    // Three ways to the same ranking: scoring every candidate, block-max WAND over the words,
    // and the lists with the threshold algorithm.
    let mut every = Searcher::open(index()).unwrap();
    every.set_few_blocks(u64::MAX);
    let mut wand = Searcher::open(index()).unwrap();
    wand.set_few_blocks(0);
    wand.set_toplists(Default::default());
    let mut lists = Searcher::open(index()).unwrap();
    lists.set_few_blocks(0);
    lists.set_toplists(lists.compute_toplists(5, 8).unwrap());
    for q in [
        "支援",
        "相談支援",
        "会議",
        "ケース",
        "地域 支援",
        "ヤングケアラー 教育",
        "\"地域生活支援拠点\"",
        "障害 -支援",
        "Libero",
        "研修 報告",
        // Words in fewer than five blocks: their lists are made when asked for.
        "ピアサポーター",
        "ダブルケア 支援",
    ] {
        for limit in [1, 3, 10, 40] {
            let filters = Filters {
                limit,
                ..Filters::default()
            };
            let a = every.search(q, &filters).unwrap();
            assert!(!a.is_empty(), "{q}");
            for b in [
                wand.search(q, &filters).unwrap(),
                lists.search(q, &filters).unwrap(),
            ] {
                same_ranking(&a, &b, &format!("{q} top {limit}"));
            }
        }
    }
}

/// The same scores in the same order, and the same hits where no tie allows another order.
fn same_ranking(
    a: &[gijiroku::index::search::Hit],
    b: &[gijiroku::index::search::Hit],
    what: &str,
) {
    let scores = |hits: &[gijiroku::index::search::Hit]| -> Vec<i64> {
        hits.iter()
            .map(|h| (h.score * 1e4).round() as i64)
            .collect()
    };
    assert_eq!(scores(a), scores(b), "{what}");
    let tied = |h: &[gijiroku::index::search::Hit], i: usize| {
        (i > 0 && (h[i - 1].score - h[i].score).abs() < 1e-4)
            || (i + 1 < h.len() && (h[i + 1].score - h[i].score).abs() < 1e-4)
    };
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if !tied(a, i) {
            assert_eq!((&x.meeting_id, x.line), (&y.meeting_id, y.line), "{what}");
        }
    }
}

#[test]
fn incremental_ingest_skips_replaces_prunes_and_survives_a_bad_file() {
    if !crate::have_seeds("incremental_ingest_skips_replaces_prunes_and_survives_a_bad_file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = tempfile::tempdir().unwrap();
    let a = docs.path().join("a.txt");
    let b = docs.path().join("b.txt");
    std::fs::copy(
        crate::root().join("samples/minutes/2024-05-27_zentaikai_summary.txt"),
        &a,
    )
    .unwrap();
    std::fs::copy(
        crate::root().join("samples/minutes/2023-11-20_kodomo_verbatim.txt"),
        &b,
    )
    .unwrap();
    std::fs::write(docs.path().join("broken.pdf"), b"%PDF-1.7 not really").unwrap();
    let paths = [docs.path().to_path_buf()];
    let r = ingest(dir.path(), &paths, false, &|_| {}).unwrap();
    assert_eq!(
        (r.added, r.updated, r.unchanged, r.failed.len()),
        (2, 0, 0, 1)
    );
    assert!(r.failed[0].1.to_string().contains("broken.pdf"));
    let r = ingest(dir.path(), &paths, false, &|_| {}).unwrap();
    assert_eq!((r.added, r.unchanged), (0, 2));
    // Change one file: it is replaced, and its old text is gone.
    std::fs::write(
        &b,
        std::fs::read_to_string(&b)
            .unwrap()
            .replace("医療的ケア児", "医療的ケア児童"),
    )
    .unwrap();
    let events = std::sync::Mutex::new(Vec::new());
    let r = ingest(dir.path(), &paths, false, &|e| {
        if let Event::Updated(p) = e {
            events.lock().unwrap().push(p.clone());
        }
    })
    .unwrap();
    assert_eq!((r.updated, r.unchanged), (1, 1));
    assert_eq!(events.into_inner().unwrap(), std::slice::from_ref(&b));
    let s = Searcher::open(dir.path()).unwrap();
    let hits = s
        .search(
            "医療的ケア児童",
            &Filters {
                limit: 100,
                ..Filters::default()
            },
        )
        .unwrap();
    let hits = strict(hits);
    assert!(!hits.is_empty());
    let records: std::collections::BTreeSet<String> =
        hits.iter().map(|h| h.meeting_id.clone()).collect();
    assert_eq!(records.len(), 1, "the old version of b.txt is gone");
    // Remove a file and prune.
    std::fs::remove_file(&a).unwrap();
    let r = ingest(dir.path(), &paths, true, &|_| {}).unwrap();
    assert_eq!(r.removed, 1);
    let s = Searcher::open(dir.path()).unwrap();
    assert!(
        s.search(
            "委嘱",
            &Filters {
                limit: 10,
                ..Filters::default()
            }
        )
        .unwrap()
        .is_empty()
    );
}

#[test]
fn files_lists_every_matching_document_like_grep_l() {
    if !crate::have_seeds("files_lists_every_matching_document_like_grep_l") {
        return;
    }
    let s = Searcher::open(index()).unwrap();
    let all = Filters {
        limit: 10,
        ..Default::default()
    };
    // Every document holding the term, not just the top hits.
    let paths = s.matching_paths("Libero", &all, false).unwrap();
    assert!(paths.len() >= 8, "{paths:?}");
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("000_b6a9ed49fe3ebcfa.txt"))
    );
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("001_dea6203cfdabc490.txt"))
    );
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, paths);
    // AND in one entry finds fewer documents than AND anywhere in the document.
    let q = "鎌倉芸術館 ヤングケアラー";
    let in_entry = s.matching_paths(q, &all, false).unwrap();
    let anywhere = s.matching_paths(q, &all, true).unwrap();
    assert!(in_entry.is_empty(), "{in_entry:?}");
    assert_eq!(anywhere.len(), 1, "{anywhere:?}");
    assert!(anywhere[0].ends_with("000_b6a9ed49fe3ebcfa.txt"));
    // An excluded term removes the documents that hold it anywhere.
    let without = s.matching_paths("Libero -鎌倉芸術館", &all, true).unwrap();
    assert_eq!(without.len(), paths.len() - 1);
}

/// The hits of `q` (10 at most), as (file name, line, match, text of the snippet).
fn top(q: &str) -> Vec<gijiroku::index::search::Hit> {
    search(
        q,
        Filters {
            limit: 10,
            ..Filters::default()
        },
    )
}

fn file_of(h: &gijiroku::index::search::Hit) -> &str {
    h.path.rsplit('/').next().unwrap_or("")
}

#[test]
fn a_question_is_answered_by_its_content_words() {
    if !crate::have_seeds("a_question_is_answered_by_its_content_words") {
        return;
    }
    // No entry holds the question as typed; its content words 委員 and 任期 are in the entry
    // that gives the new term of office.
    let hits = top("委員の任期はいつまでか");
    let answer = hits
        .iter()
        .position(|h| {
            file_of(h) == "2024-05-27_zentaikai_summary.txt" && h.snippet.contains("新たな任期")
        })
        .unwrap_or_else(|| panic!("{hits:#?}"));
    assert!(hits.iter().all(|h| h.fallback), "{hits:#?}");
    assert!(
        matches!(hits[answer].matched, Match::Words | Match::Near),
        "{hits:#?}"
    );
}

#[test]
fn a_question_to_a_guidebook_finds_the_passage() {
    if !crate::have_seeds("a_question_to_a_guidebook_finds_the_passage") {
        return;
    }
    let hits = top("Liberoかまくらにはどんなときに相談すればよいか");
    assert!(
        hits.iter().any(|h| file_of(h) == "001_dea6203cfdabc490.txt"
            && h.line.is_some_and(|l| (626..=632).contains(&l))),
        "{hits:#?}"
    );
}

#[test]
fn abbreviations_find_what_the_minutes_spell_out() {
    if !crate::have_seeds("abbreviations_find_what_the_minutes_spell_out") {
        return;
    }
    let hits = top("GH 体験利用");
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .take(3)
            .all(|h| h.snippet.contains("グループホーム") && h.matched == Match::All),
        "{hits:#?}"
    );
    let hits = top("医ケア児");
    assert!(
        hits.iter().any(|h| h.snippet.contains("医療的ケア児")),
        "{hits:#?}"
    );
    // A spelling inside a longer term: 障がい福祉計画 finds 障害福祉計画.
    let hits = top("障がい福祉計画 目標");
    assert!(
        hits.iter()
            .any(|h| h.snippet.contains("障害福祉計画") || h.snippet.contains("成果目標")),
        "{hits:#?}"
    );
}

#[test]
fn words_never_in_one_entry_still_give_marked_hits() {
    if !crate::have_seeds("words_never_in_one_entry_still_give_marked_hits") {
        return;
    }
    // 8050問題 is printed 「8050」問題 in the guidebook and 8050世帯 in the minutes.
    let hits = top("8050問題");
    assert!(hits.len() >= 2, "{hits:#?}");
    assert!(
        hits.iter()
            .any(|h| file_of(h) == "000_b6a9ed49fe3ebcfa.txt"),
        "{hits:#?}"
    );
    // Two words that each occur, never in the same entry: every hit is a marked fallback.
    let hits = top("ヤングケアラー 空床確保");
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h.fallback && h.matched != Match::All),
        "{hits:#?}"
    );
    // A strict hit is not marked, and comes before the fallback.
    let hits = top("同行型研修 評価");
    assert!(
        !hits[0].fallback && hits[0].matched == Match::All,
        "{hits:#?}"
    );
    let first_fallback = hits.iter().position(|h| h.fallback).unwrap_or(hits.len());
    assert!(hits[first_fallback..].iter().all(|h| h.fallback));
}

#[test]
fn a_figure_word_finds_the_numbers_with_its_counter() {
    if !crate::have_seeds("a_figure_word_finds_the_numbers_with_its_counter") {
        return;
    }
    // ケース数 is never written: the entries count ケース in 件.
    let hits = top("Libero ケース数");
    let counted = hits
        .iter()
        .take(3)
        .filter(|h| h.snippet.contains("ケース") && h.snippet.contains('件'))
        .count();
    assert!(counted >= 2, "{hits:#?}");
}

#[test]
fn a_hit_in_a_long_section_points_at_its_paragraph() {
    if !crate::have_seeds("a_hit_in_a_long_section_points_at_its_paragraph") {
        return;
    }
    // The section 「Libero かまくらが担う事業」 begins on line 612; the paragraph on line 714.
    let hits = top("自覚がなく支援を");
    let h = hits
        .iter()
        .find(|h| file_of(h) == "001_dea6203cfdabc490.txt")
        .unwrap_or_else(|| panic!("{hits:#?}"));
    let line = h.line.unwrap();
    assert!((708..=714).contains(&line), "{h:#?}");
    // The record still holds the section whole.
    let s = Searcher::open(index()).unwrap();
    let record = s.record(&h.meeting_id).unwrap();
    assert!(
        record
            .sections
            .iter()
            .any(|sec| sec.text.contains("自覚がなく支援を") && sec.text.len() > 1000)
    );
}

#[test]
fn titles_rank_below_the_entries_that_discuss_them() {
    if !crate::have_seeds("titles_rank_below_the_entries_that_discuss_them") {
        return;
    }
    let hits = top("重層的支援");
    assert!(
        hits.iter()
            .take(5)
            .all(|h| h.doc_type != gijiroku::index::DocType::Agenda),
        "{hits:#?}"
    );
}

#[test]
fn one_character_finds_every_document_a_scan_finds() {
    if !crate::have_seeds("one_character_finds_every_document_a_scan_finds") {
        return;
    }
    let s = Searcher::open(index()).unwrap();
    let all = Filters {
        limit: 10,
        ..Default::default()
    };
    let files: Vec<std::path::PathBuf> = [
        crate::root().join("samples/minutes"),
        crate::root().join("samples/materials"),
        crate::seeds(),
    ]
    .iter()
    .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
    .filter(|p| gijiroku::ingest::extract(p).is_ok())
    .collect();
    for c in ["福", "県", "祉"] {
        // The scan: every file whose extracted text holds the character.
        let mut scanned: Vec<String> = files
            .iter()
            .filter(|p| {
                let doc = gijiroku::ingest::extract(p).unwrap();
                doc.lines.iter().any(|l| l.text.contains(c))
            })
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        scanned.sort();
        let mut found = file_names(&s, c, &all, true);
        found.sort();
        assert!(!scanned.is_empty(), "{c}: the scan finds nothing");
        assert_eq!(found, scanned, "{c}");
        // And the ranked search gives hits in blocks of more than one character.
        let hits = search(c, Filters::default());
        assert!(
            hits.iter()
                .any(|h| h.snippet.chars().count() > 1 && h.snippet.contains(c)),
            "{c}"
        );
    }
}

/// `--files` proves most meetings from the morphological field without reading their text
/// (words holding the term, such as the user dictionary's compounds); it must list exactly the
/// files the strict search finds by checking text: nouns inside compounds, katakana words whose
/// final `ー` the field drops, a verb's forms the field keeps as base forms, particles it keeps
/// not at all, Latin in another case, and terms together in one entry.
#[test]
fn files_proved_from_words_are_the_files_text_checks_find() {
    if !crate::have_seeds("files_proved_from_words_are_the_files_text_checks_find") {
        return;
    }
    let s = Searcher::open(index()).unwrap();
    let all = Filters {
        limit: 10,
        ..Default::default()
    };
    let mut some = 0;
    for q in [
        "協議会",
        "相談支援",
        "支援センター",
        "センター",
        "ケアラー",
        "ひきこもり",
        "事業所",
        "について",
        "行う",
        "行い",
        "障害福祉サービス",
        "LIBERO",
        "協議会 相談支援",
        "センター -協議会",
    ] {
        let hits = strict(search(
            q,
            Filters {
                limit: gijiroku::index::search::MAX_LIMIT,
                ..Default::default()
            },
        ));
        assert!(
            hits.len() < gijiroku::index::search::MAX_LIMIT,
            "{q}: too many hits to compare"
        );
        let mut by_text: Vec<String> = hits.into_iter().map(|h| h.path).collect();
        by_text.sort();
        by_text.dedup();
        let files = s.matching_paths(q, &all, false).unwrap();
        assert_eq!(files, by_text, "{q}");
        some += usize::from(!files.is_empty());
    }
    assert!(some >= 12, "only {some} of the terms are in the samples");
}

/// An index of our own small minutes (file name, text), ingested by the library; the folder
/// lives as long as the first value.
fn searcher_of(files: &[(String, String)]) -> (tempfile::TempDir, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (name, text) in files {
        std::fs::write(docs.join(name), text).unwrap();
    }
    let idx = dir.path().join("idx");
    let report =
        gijiroku::pipeline::ingest(&idx, std::slice::from_ref(&docs), false, &|_| {}).unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let s = Searcher::open(&idx).unwrap();
    (dir, s)
}

/// The morphological field keeps a verb as its base form and a katakana word without its final
/// `ー`: neither proves that a text spells them. Three small minutes (our own words), each
/// spelling the words differently (and holding the bigrams of each elsewhere); `--files` lists
/// exactly the files that spell the term.
#[test]
fn files_are_not_proved_by_base_forms_or_stems() {
    let texts = [
        (
            "a.txt",
            "第1回 北浜市自立支援協議会 会議録\n\n委員長　関係機関との連携を深めた。次回の日程は後で決める。\n事務局　ヤングケアラの相談が増えました。\n",
        ),
        (
            "b.txt",
            "第2回 北浜市自立支援協議会 会議録\n\n委員長　関係機関との連携を深める。\n事務局　ヤングケアラーの相談が増えました。\n",
        ),
        (
            "c.txt",
            "第3回 北浜市障害者支援協議会 会議録\n\n委員長　連携を深め、役割を決める。ヤングケアラーへの支援を進めます。\n",
        ),
    ];
    let files: Vec<(String, String)> = texts
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let (_dir, s) = searcher_of(&files);
    let all = Filters::default();
    let names = |q: &str| file_names(&s, q, &all, false);
    assert_eq!(names("深める"), ["b.txt"]);
    assert_eq!(names("深めた"), ["a.txt"]);
    assert_eq!(names("ヤングケアラー"), ["b.txt", "c.txt"]);
    assert_eq!(names("ヤングケアラ"), ["a.txt", "b.txt", "c.txt"]);
    assert_eq!(names("協議会"), ["a.txt", "b.txt", "c.txt"]);
    assert_eq!(names("自立支援協議会 ヤングケアラー"), ["b.txt"]);
    assert_eq!(names("ヤングケアラー -深める"), ["c.txt"]);
}

/// One agenda item repeated in every meeting: its titles score high by their words and are
/// ranked down by the boost, so the search must look past them, and the first hits must be
/// the same whatever the limit.
#[test]
fn the_first_hits_are_the_same_whatever_the_limit_past_repeated_titles() {
    let mut files = Vec::new();
    let said = [
        "拠点の件、了解です。",
        "地域生活支援拠点の整備について、緊急時の受け入れ先を増やしたいと考えています。",
        "地域生活支援拠点の面的整備は、相談と体験の機会を中心に進めます。短期入所の空きが少ないことが課題です。",
        "地域生活支援拠点の登録事業所は今年度二か所増えました。",
    ];
    for n in 1..=24 {
        let text = format!(
            "令和６年度 第{n}回 北浜市障害者支援協議会 会議録\n\n\
             ■日 時：令和６年{}月{}日（月）午後２時００分～午後３時００分\n\
             ■議 題：\n　（１）地域生活支援拠点の整備について\n\n\
             ■事務局\n　{}{}\n\n■田中委員\n　{}\n",
            (n % 12) + 1,
            (n % 27) + 1,
            said[n % 4],
            "説明を続けます。".repeat(n % 5),
            said[(n + 1) % 4],
        );
        files.push((format!("m{n:02}.txt"), text));
    }
    let (_dir, s) = searcher_of(&files);
    let keys = |q: &str, limit: usize| -> Vec<String> {
        s.search(
            q,
            &Filters {
                limit,
                ..Filters::default()
            },
        )
        .unwrap()
        .iter()
        .map(|h| h.key())
        .collect()
    };
    for q in ["地域生活支援拠点", "地域生活支援拠点の整備について", "拠点"]
    {
        let all = keys(q, 60);
        assert!(all.len() >= 48, "{q}: {}", all.len());
        assert!(all.iter().any(|k| k.contains("/agenda/")), "{q}: {all:?}");
        for limit in [1, 2, 3, 5, 8, 13, 21, 34] {
            assert_eq!(keys(q, limit), all[..limit], "{q}, limit {limit}");
        }
    }
    // Asked for the title itself, the titles come first; asked for less, entries do.
    assert!(keys("地域生活支援拠点の整備について", 1)[0].contains("/agenda/"));
    assert!(keys("地域生活支援拠点", 1)[0].contains("/entry/"));
}

/// The fallback reads its pool by the most each block can score and stops once no block left
/// could beat the best it keeps: what it ranks first is the same whatever the limit, as if
/// every block of the pool had been read. Forty meetings where the two terms of the query
/// are said apart (in neighbouring entries or far from each other), never in one entry.
#[test]
fn the_fallback_ranks_the_same_whatever_the_limit() {
    let mut files = Vec::new();
    let said = [
        "緊急時の受け入れ先を増やしたいと考えています。",
        "短期入所の空きが少ないことが課題です。",
        "登録事業所は今年度二か所増えました。",
        "相談と体験の機会を中心に進めます。",
        "緊急時の連絡体制は、夜間も含めて見直しました。",
        "新しい登録事業所には、研修への参加をお願いしています。",
        "登録事業所を一か所追加することを決定しました。",
    ];
    for n in 1..=40usize {
        let speakers = ["事務局", "田中委員", "佐藤委員", "会長"];
        let mut body = String::new();
        for (k, who) in speakers.iter().enumerate() {
            let line = said[(n * (k + 1) + k) % said.len()];
            body.push_str(&format!(
                "■{who}\n　{line}{}\n\n",
                "以上です。".repeat((n + k) % 3)
            ));
        }
        let text = format!(
            "令和６年度 第{n}回 南浜市障害者支援協議会 会議録\n\n\
             ■日 時：令和６年{}月{}日（月）午後２時００分～午後３時００分\n\
             ■議 題：\n　（１）地域生活支援拠点の整備について\n\n{body}",
            (n % 12) + 1,
            (n % 27) + 1,
        );
        files.push((format!("m{n:02}.txt"), text));
    }
    let (_dir, s) = searcher_of(&files);
    let hits = |q: &str, limit: usize| {
        s.search(
            q,
            &Filters {
                limit,
                ..Filters::default()
            },
        )
        .unwrap()
    };
    for q in [
        "緊急時 登録事業所",
        "短期入所 研修",
        "緊急時 登録事業所 体験",
        // Asks for a decision: what says one is raised.
        "緊急時と登録事業所について何を決めたか",
    ] {
        let all = hits(q, 100);
        assert!(all.len() >= 40, "{q}: {}", all.len());
        assert!(
            all.iter().all(|h| h.fallback),
            "{q}: no entry holds every term"
        );
        assert!(
            all.iter().any(|h| h.matched == Match::Near),
            "{q}: terms said in neighbouring entries"
        );
        let keys: Vec<String> = all.iter().map(|h| h.key()).collect();
        for limit in [1, 2, 3, 5, 8, 13, 21, 34] {
            let some: Vec<String> = hits(q, limit).iter().map(|h| h.key()).collect();
            assert_eq!(some, keys[..limit], "{q}, limit {limit}");
        }
    }
}
