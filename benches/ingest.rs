//! Where ingest's time goes, part by part, on a corpus folder (one thread, so the figures add up):
//! extraction and parsing, the Japanese analysis chain, lindera's segmenter alone (the floor of
//! the chain), the bigram analyser, and the JSON of the stored records.
//!
//! `cargo bench --bench ingest -- /tmp/bench/corpus-1k [MAX_FILES]`

use std::path::PathBuf;
use std::time::Instant;

use gijiroku::index::tokenizer::{BigramTokenizer, JapaneseTokenizer};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let dir = PathBuf::from(args.first().expect("usage: ingest CORPUS_DIR [MAX_FILES]"));
    let max: usize = args
        .get(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("a corpus folder")
        .map(|e| e.unwrap().path())
        .filter(|p| gijiroku::ingest::format_of(p).is_some())
        .collect();
    files.sort();
    files.truncate(max);
    let bytes: usize = files
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len() as usize)
        .sum();
    let mb = bytes as f64 / 1e6;
    let report = |what: &str, secs: f64| {
        println!("{what:<34} {secs:>7.2} s  {:>7.1} MB/s", mb / secs);
    };
    println!("{} files, {mb:.1} MB, one thread", files.len());

    let t = Instant::now();
    let records: Vec<gijiroku::Record> = files
        .iter()
        .filter_map(|p| gijiroku::pipeline::read(p).ok())
        .collect();
    report("extract + parse", t.elapsed().as_secs_f64());

    let mut texts: Vec<String> = Vec::new();
    for r in &records {
        for s in &r.proceedings {
            texts.extend(s.entries.iter().map(|e| e.text.clone()));
        }
    }
    let mut ja = JapaneseTokenizer::new(&[]).expect("the dictionary loads");
    // Warm up: the first pass over the embedded dictionary faults its pages in, which would
    // count against whichever of the two analyses below ran first.
    for text in &texts {
        ja.segment_only(text);
    }
    let t = Instant::now();
    let mut n = 0usize;
    for text in &texts {
        let mut s = ja.token_stream(text);
        while s.advance() {
            n += 1;
        }
    }
    report(
        "Japanese analysis chain (entries)",
        t.elapsed().as_secs_f64(),
    );
    let t = Instant::now();
    let mut m = 0usize;
    for text in &texts {
        m += ja.segment_only(text);
    }
    report("  lindera segmenter alone", t.elapsed().as_secs_f64());
    println!("  ({n} terms kept of {m} segments)");
    let t = Instant::now();
    let mut b = 0usize;
    for text in &texts {
        let mut s = BigramTokenizer.token_stream(text);
        while s.advance() {
            b += 1;
        }
    }
    report("bigram analyser (entries)", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let json: usize = records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap().len())
        .sum();
    report("record JSON", t.elapsed().as_secs_f64());
    println!("  ({b} bigrams; stored JSON {:.1} MB)", json as f64 / 1e6);
}
