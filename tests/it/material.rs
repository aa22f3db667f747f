//! Sample materials (`samples/materials/`): golden records, a clean parse with real structure,
//! nothing lost, and schema validation. Regenerate the golden files with
//! `GIJIROKU_BLESS=1 cargo test --test it material` and review the diff.

use std::path::PathBuf;

use gijiroku::record::DocumentKind;

use crate::{parse_relative, root};

fn sample_materials() -> Vec<PathBuf> {
    crate::samples_in("samples/materials")
}

#[test]
fn every_sample_material_matches_its_golden_record() {
    let samples = sample_materials();
    assert!(samples.len() >= 2, "expected at least 2 sample materials");
    let failures = crate::golden_differences(&samples, "tests/golden/materials");
    assert!(
        failures.is_empty(),
        "records differ from golden files:\n{}",
        failures.join("\n")
    );
}

#[test]
fn sample_materials_parse_cleanly_with_real_structure() {
    for rel in sample_materials() {
        let r = parse_relative(&rel);
        let at = rel.display();
        assert_eq!(r.kind, DocumentKind::Material, "{at}");
        assert!(r.warnings.is_empty(), "{at}: {:?}", r.warnings);
        assert!(r.title.is_some(), "{at}: no title");
        assert!(
            r.issued.is_some() && r.issuer.is_some(),
            "{at}: no colophon"
        );
        // Sections with titles, and text under them.
        assert!(r.sections.len() >= 4, "{at}: {} sections", r.sections.len());
        assert!(r.sections.iter().all(|s| !s.title.is_empty()), "{at}");
        assert!(
            r.sections.iter().filter(|s| !s.text.is_empty()).count() >= 3,
            "{at}"
        );
        // Organisations with a name, a category and numbers.
        assert!(!r.organizations.is_empty(), "{at}: no organisations");
        for o in &r.organizations {
            assert!(!o.name.is_empty() && !o.phones.is_empty(), "{at}: {o:?}");
            assert!(
                o.phones.iter().all(|p| p.number.starts_with('0')),
                "{at}: {o:?}"
            );
        }
        assert!(!r.facts.is_empty(), "{at}: no facts");
    }
}

#[test]
fn the_guidebook_has_its_directory_and_programmes() {
    let r = parse_relative(&PathBuf::from(
        "samples/materials/2024-05-27_shiryo3-2_jusoteki-gaiyoban.txt",
    ));
    let chapters: Vec<&str> = r
        .sections
        .iter()
        .filter(|s| s.level == 1 && s.number.is_some())
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(chapters, ["計画のねらい", "５つの事業", "相談窓口一覧"]);
    let numbers: Vec<&str> = r.programmes.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["❶", "❷", "❸", "❹", "❺"]);
    assert!(r.programmes.iter().all(|p| p.description.ends_with('。')));
    // A name wrapped over two lines, a number on its own line.
    let kikan = r
        .organizations
        .iter()
        .find(|o| o.name == "さくら台市基幹相談支援センター")
        .expect("the wrapped name is healed");
    assert_eq!(kikan.phones[0].number, "0120-000-121");
    assert_eq!(
        kikan.category.as_deref(),
        Some("障害分野（相談支援事業所）")
    );
    // Two numbers with their labels.
    let kodomo = r
        .organizations
        .iter()
        .find(|o| o.name == "さくら台市こども家庭センター")
        .unwrap();
    let labels: Vec<Option<&str>> = kodomo.phones.iter().map(|p| p.label.as_deref()).collect();
    assert_eq!(labels, [Some("代表"), Some("相談専用")]);
    // Two entries on one printed line.
    assert_eq!(
        r.organizations
            .iter()
            .filter(|o| o.category.as_deref() == Some("高齢分野（地域包括支援センター）"))
            .count(),
        4
    );
    assert_eq!(r.issued.as_deref(), Some("2024-05"));
    assert_eq!(r.issuer.as_deref(), Some("さくら台市健康福祉部福祉政策課"));
    assert!(
        r.facts
            .iter()
            .any(|f| f.value == 14.0 && f.unit == "カ所" && f.quote.contains("14 カ所の機関"))
    );
}

#[test]
fn the_pdf_report_reads_its_front_matter_and_contact() {
    let r = parse_relative(&PathBuf::from(
        "samples/materials/2025-02-17_shiryo2_libero-katsudo.pdf",
    ));
    assert_eq!(r.source.format, gijiroku::record::Format::Pdf);
    assert_eq!(
        r.title.as_deref(),
        Some("Libero さくら 活動状況報告（令和７年１月末現在）")
    );
    assert_eq!(r.issued.as_deref(), Some("2025-02-17"));
    let numbered: Vec<(&str, u32)> = r
        .sections
        .iter()
        .filter_map(|s| s.number.as_deref().map(|n| (n, s.level)))
        .collect();
    assert_eq!(
        numbered,
        [
            ("１．", 2),
            ("（１）", 3),
            ("（２）", 3),
            ("２．", 2),
            ("３．", 2),
            ("４．", 2)
        ]
    );
    let libero = &r.organizations[0];
    assert!(libero.name.ends_with("Libero さくら"), "{libero:?}");
    assert_eq!(libero.category.as_deref(), Some("お問い合わせ"));
    // The case count the minutes of 2025-02-17 report.
    assert!(
        r.facts
            .iter()
            .any(|f| f.value == 11.0 && f.unit == "件" && f.subject.contains("ケース"))
    );
}

#[test]
fn nothing_is_lost_from_the_text_materials() {
    // Every printed piece of every line is somewhere in the record; marks and numbers at the
    // start of a line may live in structure, labels lose their brackets, and the column headers
    // of a directory (`名称 電話`) are table furniture.
    let mark = regex::Regex::new(r"^(?:[・●※■◆]|[❶-❿]|\(\d+\)|\d+\.)+").unwrap();
    let header = regex::Regex::new(r"^(?:名称|電話)(?:\s+(?:名称|電話))*$").unwrap();
    for rel in sample_materials() {
        if rel.extension().unwrap() != "txt" {
            continue;
        }
        let record = parse_relative(&rel);
        let mut text = String::new();
        crate::all_text(&serde_json::to_value(&record).unwrap(), &mut text);
        let source = std::fs::read_to_string(root().join(&rel)).unwrap();
        let mut missing = Vec::new();
        for line in source.lines().filter(|l| !header.is_match(l.trim())) {
            for piece in line.split([' ', '\u{3000}']) {
                let c = gijiroku::text::compact(piece);
                let c = mark.replace(&c, "");
                let c = c.trim_start_matches('(').trim_end_matches(')');
                if c.chars().count() >= 2 && !text.contains(c) {
                    missing.push(c.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "{}: lost {missing:?}", rel.display());
    }
}

#[test]
fn sample_material_records_validate() {
    let errors = crate::schema_errors(&sample_materials());
    assert!(errors.is_empty(), "{errors:?}");
}
