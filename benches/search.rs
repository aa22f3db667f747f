//! Query latency, measured in-process over an existing index (a benchmark, not a test).
//!
//! ```text
//! cargo bench --bench search -- INDEX_DIR [QUERIES_FILE] [RUNS]
//! ```
//! QUERIES_FILE has the format of `../shared/bench/queries.txt` (`id<TAB>kind<TAB>text`, `#`
//! comments). Each query runs RUNS times (default 50) after one warm-up; the median and p99 of
//! each, and of all runs together, are printed, for top-10 with snippets.

use std::path::PathBuf;
use std::time::Instant;

use gijiroku::index::search::{Filters, Searcher};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(index) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench search -- INDEX_DIR [QUERIES_FILE] [RUNS]");
        return;
    };
    let queries_file = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/bench/queries.txt".into());
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(50);
    let text = std::fs::read_to_string(&queries_file).expect("the queries file");
    let queries: Vec<(String, String, String)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let l = l.split('#').next().unwrap_or("").trim_end();
            let mut parts = l.splitn(3, '\t');
            let (id, kind, q) = (parts.next()?, parts.next()?, parts.next()?);
            let q = if kind == "phrase" {
                format!("\"{q}\"")
            } else {
                q.to_string()
            };
            Some((id.to_string(), kind.to_string(), q))
        })
        .collect();
    let t = Instant::now();
    let searcher = Searcher::open(&index).expect("an index");
    println!("open: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let filters = Filters {
        limit: 10,
        ..Filters::default()
    };
    let mut all = Vec::new();
    println!(
        "{:<4} {:<7} {:>9} {:>9} {:>6}  query",
        "id", "kind", "median", "p99", "hits"
    );
    for (id, kind, q) in &queries {
        let hits = searcher.search(q, &filters).expect("the query runs");
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let h = searcher.search(q, &filters).expect("the query runs");
            std::hint::black_box(h);
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{id:<4} {kind:<7} {:>7.2}ms {:>7.2}ms {:>6}  {q}",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            hits.len()
        );
        all.extend(times);
    }
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "all {} runs: median {:.2} ms, p99 {:.2} ms",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );
}
