//! Golden tests: every sample's record equals its reviewed expected JSON in `tests/golden/`.
//! Regenerate with `GIJIROKU_BLESS=1 cargo test --test it golden` and review the diff.

use crate::{parse_relative, sample_minutes};

#[test]
fn every_sample_matches_its_golden_record() {
    let samples = sample_minutes();
    assert!(
        samples.len() >= 8,
        "expected at least 8 sample minutes, found {}",
        samples.len()
    );
    let failures = crate::golden_differences(&samples, "tests/golden");
    assert!(
        failures.is_empty(),
        "records differ from golden files:\n{}",
        failures.join("\n")
    );
}

#[test]
fn samples_parse_without_warnings() {
    for rel in sample_minutes() {
        let r = parse_relative(&rel);
        assert!(r.warnings.is_empty(), "{}: {:?}", rel.display(), r.warnings);
    }
}

#[test]
fn samples_cover_the_house_styles_and_formats() {
    use gijiroku::record::{Format, Style};
    let records: Vec<_> = sample_minutes().iter().map(|p| parse_relative(p)).collect();
    let count = |f: Format| records.iter().filter(|r| r.source.format == f).count();
    assert!(count(Format::Pdf) >= 2);
    assert!(count(Format::Docx) >= 1);
    assert!(records.iter().any(|r| r.source.encoding == "Shift_JIS"));
    let styles = |s: Style| {
        records
            .iter()
            .filter(|r| r.meeting.style == Some(s))
            .count()
    };
    assert!(styles(Style::Summary) >= 4 && styles(Style::Verbatim) >= 3);
    let years: std::collections::BTreeSet<i32> = records
        .iter()
        .filter_map(|r| r.meeting.fiscal_year)
        .collect();
    assert!(years.len() >= 2, "{years:?}");
}

#[test]
fn the_libero_case_count_changes_across_meetings() {
    // The series analysts follow: one point per 全体会, in date order.
    let mut points: Vec<(String, f64)> = Vec::new();
    for rel in sample_minutes() {
        let r = parse_relative(&rel);
        for f in &r.facts {
            let about_libero = f.quote.contains("Libero") || f.quote.contains("重層的支援会議");
            if f.unit == "件" && about_libero && f.subject.contains("ケース") {
                points.push((r.meeting.date.clone().unwrap(), f.value));
                break;
            }
        }
    }
    points.sort_by(|a, b| a.0.cmp(&b.0));
    let values: Vec<f64> = points.iter().map(|p| p.1).collect();
    assert_eq!(values, [2.0, 3.0, 5.0, 6.0, 8.0, 11.0], "{points:?}");
}

#[test]
fn nothing_is_lost_from_the_text_samples() {
    // Every printed line of some length is somewhere in the record (marks and numbering at the
    // start of a line may live in structure instead; alias definitions may live in `aliases`).
    let strip = regex::Regex::new(r"^(?:[・○◯〇→⇒＊※■●]|\(\d+\)|\d+[.．]|[①-⑳])+").unwrap();
    let alias = regex::Regex::new(r"\(以下[^)]*\)").unwrap();
    for rel in crate::sample_minutes() {
        if rel.extension().unwrap() != "txt" {
            continue;
        }
        let record = crate::parse_relative(&rel);
        let mut text = String::new();
        crate::all_text(&serde_json::to_value(&record).unwrap(), &mut text);
        let bytes = std::fs::read(crate::root().join(&rel)).unwrap();
        let (decoded, _) = gijiroku::ingest::text::decode(&rel, &bytes).unwrap();
        // The header lives in structured fields; check from the first proceedings entry on.
        let first = record
            .proceedings
            .iter()
            .flat_map(|s| &s.entries)
            .min_by_key(|e| e.line)
            .expect("every sample has proceedings");
        let mut missing = Vec::new();
        for (i, line) in decoded.lines().enumerate() {
            if i + 1 < first.line {
                continue;
            }
            let mut line = line;
            if i + 1 == first.line {
                let head: String = first.text.chars().take(8).collect();
                if let Some(at) = line.find(&head) {
                    line = &line[at..];
                }
            }
            // A one-line page is checked piece by piece, as the labels cut it.
            for piece in line.split([' ', '\u{3000}']) {
                let c = gijiroku::text::compact(piece);
                let c = strip.replace(&c, "");
                let c = if text.contains(c.as_ref()) {
                    c
                } else {
                    alias.replace_all(&c, "").into_owned().into()
                };
                // A speaker label (`木下部会長:`) lives in `speaker`.
                let c = match c.split_once([':', '：']) {
                    Some((label, speech))
                        if label.chars().count() <= 24 && !text.contains(c.as_ref()) =>
                    {
                        std::borrow::Cow::Owned(speech.to_string())
                    }
                    _ => c,
                };
                if c.chars().count() >= 13 && !text.contains(c.as_ref()) {
                    missing.push(c.into_owned());
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{}: lost {:?}",
            rel.display(),
            &missing[..missing.len().min(3)]
        );
    }
}
