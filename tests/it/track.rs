//! Tracking across meetings and linking materials, over the samples and the seeds.

use std::path::Path;
use std::process::Command;

use gijiroku::index::search::{Filters, Searcher};
use gijiroku::record::DocumentKind;
use gijiroku::track::{self, FactQuery};

fn records() -> Vec<track::Stored> {
    Searcher::open(crate::shared_index())
        .unwrap()
        .records()
        .unwrap()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gijiroku"))
}

#[test]
fn case_counts_form_one_series_in_date_order() {
    if !crate::have_seeds("case_counts_form_one_series_in_date_order") {
        return;
    }
    let points = track::facts(
        &records(),
        &FactQuery {
            query: "ケース".into(),
            unit: Some("件".into()),
            ..Default::default()
        },
    );
    let series: Vec<(&str, f64)> = points
        .iter()
        .map(|p| (p.date.as_deref().unwrap(), p.value))
        .collect();
    // The seed's first point, then the samples' Libero series worded differently each time; at
    // 2023-05-22 the short-stay count (３件) is not the series, the Libero count (２件) is.
    assert_eq!(
        series,
        vec![
            ("2022-03-22", 1.0),
            ("2023-05-22", 2.0),
            ("2023-09-19", 3.0),
            ("2024-02-26", 5.0),
            ("2024-05-27", 6.0),
            ("2024-10-21", 8.0),
            ("2025-02-17", 11.0),
        ]
    );
    assert!(points[0].quote.contains("現在関わっているケースは、１件"));
    assert_eq!(points[0].agenda_ref.as_deref(), Some("2.(3)"));
    // On 2025-02-17 the minutes stand for the meeting, not the report handed out there.
    assert_eq!(points[6].record_kind, DocumentKind::Minutes);
    assert!(points.iter().all(|p| p.primary && p.unit == "件"));
}

#[test]
fn all_lists_every_match_and_sub_counts_stay_out() {
    if !crate::have_seeds("all_lists_every_match_and_sub_counts_stay_out") {
        return;
    }
    let points = track::facts(
        &records(),
        &FactQuery {
            query: "ケース".into(),
            unit: Some("件".into()),
            all: true,
            ..Default::default()
        },
    );
    let on = |d: &str| -> Vec<f64> {
        points
            .iter()
            .filter(|p| p.date.as_deref() == Some(d))
            .map(|p| p.value)
            .collect()
    };
    // The short-stay cases are another series at the same meeting; the question repeating the
    // ２件 is the same point.
    assert_eq!(on("2023-05-22"), vec![3.0, 2.0]);
    // `６件で、そのうち２件は…世帯`: the 2 is not a case count.
    assert_eq!(on("2024-05-27"), vec![6.0]);
    // The report handed out on 2025-02-17 repeats the 11 and adds the new cases since October.
    assert_eq!(on("2025-02-17"), vec![11.0, 11.0, 3.0]);
    assert_eq!(points.iter().filter(|p| p.primary).count(), 7);
}

#[test]
fn synonyms_widen_the_query_and_units_filter() {
    if !crate::have_seeds("synonyms_widen_the_query_and_units_filter") {
        return;
    }
    let rs = records();
    let libero = track::facts(
        &rs,
        &FactQuery {
            query: "相談支援包括化推進業務".into(),
            unit: Some("件".into()),
            ..Default::default()
        },
    );
    let dates: Vec<&str> = libero.iter().filter_map(|p| p.date.as_deref()).collect();
    for d in ["2023-05-22", "2024-05-27", "2024-10-21", "2025-02-17"] {
        assert!(dates.contains(&d), "{d} missing from {dates:?}");
    }
    let places = track::facts(
        &rs,
        &FactQuery {
            query: "受入れ先".into(),
            unit: Some("か所".into()),
            ..Default::default()
        },
    );
    assert!(!places.is_empty());
    assert!(
        places
            .iter()
            .all(|p| track::normalize_unit(&p.unit) == "カ所")
    );
    let none = track::facts(
        &rs,
        &FactQuery {
            query: "ケース".into(),
            unit: Some("件".into()),
            council: Some("鎌倉市".into()),
            ..Default::default()
        },
    );
    assert_eq!(none.len(), 1, "{none:?}");
    assert_eq!(none[0].date.as_deref(), Some("2022-03-22"));
}

#[test]
fn agenda_history_lists_each_meeting_with_its_resolutions() {
    if !crate::have_seeds("agenda_history_lists_each_meeting_with_its_resolutions") {
        return;
    }
    let rows = track::agenda(&records(), "重層的支援");
    let sample_plenaries = [
        "2023-05-22",
        "2023-09-19",
        "2024-02-26",
        "2024-05-27",
        "2024-10-21",
        "2025-02-17",
    ];
    let dates: Vec<&str> = rows.iter().filter_map(|r| r.date.as_deref()).collect();
    assert_eq!(dates[0], "2022-03-22", "the seed comes first: {dates:?}");
    assert_eq!(&dates[1..], &sample_plenaries);
    for r in &rows[1..] {
        assert!(r.title.contains("重層的支援体制整備事業"), "{}", r.title);
        assert_eq!(r.resolutions.len(), 1, "{r:?}");
        assert!(r.entries_by_kind.get("explanation").copied().unwrap_or(0) >= 4);
    }
    let may24 = &rows[4];
    assert_eq!(may24.path, "2.(3)");
    assert_eq!(may24.materials, vec!["資料3-1", "資料3-2"]);
    assert_eq!(may24.resolutions, vec!["状況を確認した。"]);
}

#[test]
fn agenda_history_finds_rewordings() {
    if !crate::have_seeds("agenda_history_finds_rewordings") {
        return;
    }
    // `地域生活支援拠点` is worded differently over the years (機能の充実 / 運用状況の検証 / …).
    let rows = track::agenda(&records(), "地域生活支援拠点");
    assert!(rows.len() >= 3, "{rows:?}");
    assert!(rows.iter().all(|r| r.title.contains("地域生活支援拠点")));
}

#[test]
fn every_cited_material_resolves_or_is_reported_missing() {
    if !crate::have_seeds("every_cited_material_resolves_or_is_reported_missing") {
        return;
    }
    let rs = records();
    let mut resolved = Vec::new();
    for (_, r) in rs.iter().filter(|(_, r)| r.kind == DocumentKind::Minutes) {
        if !r.source.path.contains("samples/") {
            continue;
        }
        let links = track::material_links(r, &rs);
        // Every id cited in the agenda is among the links.
        let mut cited = Vec::new();
        for (_, item) in r.agenda_items() {
            cited.extend(item.materials.iter().cloned());
        }
        for id in &cited {
            assert!(
                links.iter().any(|l| l.id.as_ref() == Some(id)),
                "{}: {id} cited but not linked",
                r.source.path
            );
        }
        for l in &links {
            if let Some(m) = &l.resolved {
                resolved.push((
                    r.meeting.date.clone().unwrap(),
                    l.id.clone().unwrap(),
                    m.path.rsplit('/').next().unwrap().to_string(),
                ));
            }
        }
    }
    resolved.sort();
    assert_eq!(
        resolved,
        vec![
            (
                "2024-05-27".to_string(),
                "資料3-2".to_string(),
                "2024-05-27_shiryo3-2_jusoteki-gaiyoban.txt".to_string()
            ),
            (
                "2025-02-17".to_string(),
                "資料2".to_string(),
                "2025-02-17_shiryo2_libero-katsudo.pdf".to_string()
            ),
        ]
    );
}

#[test]
fn a_material_names_the_meeting_it_was_handed_out_at() {
    if !crate::have_seeds("a_material_names_the_meeting_it_was_handed_out_at") {
        return;
    }
    let rs = records();
    let (_, report) = rs
        .iter()
        .find(|(_, r)| r.source.path.ends_with("libero-katsudo.pdf"))
        .unwrap();
    assert_eq!(report.material_id.as_deref(), Some("資料2"));
    assert_eq!(report.meeting.date.as_deref(), Some("2025-02-17"));
    let at = track::distributed_at(report, &rs);
    assert_eq!(at.len(), 1);
    assert_eq!(at[0].date.as_deref(), Some("2025-02-17"));
    // A search hit in the material names that meeting.
    let s = Searcher::open(crate::shared_index()).unwrap();
    let hits = s
        .search(
            "包括的相談支援事業",
            &Filters {
                limit: 50,
                ..Default::default()
            },
        )
        .unwrap();
    let in_guide = hits
        .iter()
        .find(|h| h.path.ends_with("jusoteki-gaiyoban.txt"))
        .expect("the guide is found");
    assert_eq!(in_guide.distributed_at.len(), 1);
    assert!(in_guide.distributed_at[0].title.contains("第1回"));
    // Minutes hits name no distribution.
    assert!(
        hits.iter()
            .filter(|h| h.path.contains("minutes/"))
            .all(|h| h.distributed_at.is_empty())
    );
}

#[test]
fn show_lists_the_materials_with_their_links() {
    if !crate::have_seeds("show_lists_the_materials_with_their_links") {
        return;
    }
    let rs = records();
    let (id, _) = rs
        .iter()
        .find(|(_, r)| r.source.path.ends_with("2024-05-27_zentaikai_summary.txt"))
        .unwrap();
    let out = bin()
        .args(["show", id, "--index"])
        .arg(crate::shared_index())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let links = &text[text.find("資料の所在:").expect("a links block")..];
    assert!(
        links.contains("資料3-2 重層的支援体制整備事業実施計画（令和6年度）概要版 [議題 2.(3)]")
    );
    assert!(links.contains("/samples/materials/2024-05-27_shiryo3-2_jusoteki-gaiyoban.txt (id "));
    assert!(links.contains(
        "資料4 令和6年度(2024年度)協議会の重点テーマ（案） [議題 3.(1)]\n      → 未登録"
    ));
}

#[test]
fn sidecar_gives_the_meeting_and_an_edit_reingests() {
    if !crate::have_seeds("sidecar_gives_the_meeting_and_an_edit_reingests") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let material = docs.join("gaiyo.txt");
    std::fs::write(
        &material,
        "地域生活支援拠点の概要\n\n１．目的\n緊急時の受入れ体制を整える。拠点は市内に３カ所ある。\n",
    )
    .unwrap();
    let sidecar = docs.join("gaiyo.txt.meta.yaml");
    std::fs::write(&sidecar, "id: 資料４\nmeeting: 2024-10-21\nbody: 全体会\n").unwrap();
    let index = dir.path().join("index");
    let ingest = |expect_added: usize, expect_updated: usize| {
        let r = gijiroku::pipeline::ingest(&index, std::slice::from_ref(&docs), false, &|_| {})
            .unwrap();
        assert_eq!((r.added, r.updated), (expect_added, expect_updated));
    };
    ingest(1, 0);
    let rs = Searcher::open(&index).unwrap().records().unwrap();
    let r = &rs[0].1;
    assert_eq!(r.material_id.as_deref(), Some("資料4"));
    assert_eq!(r.meeting.date.as_deref(), Some("2024-10-21"));
    assert_eq!(r.meeting.fiscal_year, Some(2024));
    assert_eq!(r.meeting.body.as_deref(), Some("全体会"));
    // Unchanged: skipped. An edited sidecar: re-ingested.
    ingest(0, 0);
    std::fs::write(&sidecar, "id: 資料５\nmeeting: 2025-02-17\n").unwrap();
    ingest(0, 1);
    let rs = Searcher::open(&index).unwrap().records().unwrap();
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].1.material_id.as_deref(), Some("資料5"));
    assert_eq!(rs[0].1.meeting.fiscal_year, Some(2024));
    // A broken sidecar is that file's error, with the sidecar's path.
    std::fs::write(&sidecar, "meeting: いつか\n").unwrap();
    let r = gijiroku::pipeline::ingest(&index, &[docs], false, &|_| {}).unwrap();
    assert_eq!(r.failed.len(), 1);
    let msg = gijiroku::error::chain(&r.failed[0].1);
    assert!(
        msg.contains("gaiyo.txt.meta.yaml") && msg.contains("not a date"),
        "{msg}"
    );
}

#[test]
fn cli_track_prints_table_csv_json_and_svg() {
    if !crate::have_seeds("cli_track_prints_table_csv_json_and_svg") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("cases.svg");
    let run = |args: &[&str]| -> String {
        let out = bin()
            .args(args)
            .arg("--index")
            .arg(crate::shared_index())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run(&["track", "facts", "ケース", "--unit", "件", "--csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 8, "{csv}");
    assert!(lines[1].starts_with("2022-03-22,1,,false,件,現在関わっているケース,"));
    assert!(lines[7].starts_with("2025-02-17,11,"));
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "track",
        "facts",
        "ケース",
        "--unit",
        "件",
        "--json",
    ]))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 7);
    assert_eq!(json[3]["value"], 5.0);
    let table = run(&[
        "track",
        "facts",
        "ケース",
        "--unit",
        "件",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert!(table.contains("2024-10-21      8件  Libero さくらが支援を行っているケース"));
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(chart.matches("<circle").count(), 7);
    let agenda = run(&["track", "agenda", "重層的支援"]);
    assert!(agenda.contains(
        "2024-05-27  全体会  2.(3) 重層的支援体制整備事業の状況について  （資料3-1、資料3-2）"
    ));
    assert!(agenda.contains("    ⇒ 了承。"));
}

/// Renders the chart in headless Chromium and counts the pixels of the series' colour: the line
/// is drawn, across the width of the plot.
#[test]
fn svg_chart_renders_in_chromium() {
    if !crate::have_seeds("svg_chart_renders_in_chromium") {
        return;
    }
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok())
    else {
        crate::have_tool(
            "svg_chart_renders_in_chromium",
            false,
            "headless Chromium is needed for this test: run scripts/setup.sh",
        );
        return;
    };
    let points = track::facts(
        &records(),
        &FactQuery {
            query: "ケース".into(),
            unit: Some("件".into()),
            ..Default::default()
        },
    );
    let out_dir = crate::root().join("target/screenshots");
    std::fs::create_dir_all(&out_dir).unwrap();
    let svg_path = out_dir.join("track-cases.svg");
    std::fs::write(&svg_path, track::svg(&points, "ケース（件）")).unwrap();
    let png = out_dir.join("track-cases.png");
    let _ = std::fs::remove_file(&png);
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=760,420",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", svg_path.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let (w, h, rgba) = decode_png(&png);
    assert_eq!((w, h), (760, 420));
    let blue = |x: usize, y: usize| {
        let p = &rgba[(y * w + x) * 4..(y * w + x) * 4 + 3];
        // LINE_COLOUR #1a5fb4, allowing for anti-aliasing.
        (p[0] as i32 - 0x1a).abs() < 40
            && (p[1] as i32 - 0x5f).abs() < 40
            && (p[2] as i32 - 0xb4).abs() < 40
    };
    let columns_with_line = (0..w).filter(|&x| (0..h).any(|y| blue(x, y))).count();
    assert!(
        columns_with_line > 500,
        "the line covers {columns_with_line} of {w} columns; see {}",
        png.display()
    );
}

fn decode_png(path: &Path) -> (usize, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf[..w * h * 4].to_vec(),
        png::ColorType::Rgb => buf[..w * h * 3]
            .chunks(3)
            .flat_map(|c| [c[0], c[1], c[2], 255])
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (w, h, rgba)
}
