//! Builds the IPADIC dictionary for the Japanese tokenizer from Debian's `mecab-ipadic` sources
//! (EUC-JP CSVs), with lindera's own dictionary builder, into `OUT_DIR` (under `target/`, so it is
//! built once and cached). Nothing is downloaded: lindera's `embed-ipadic` fetches from a host
//! that is unreachable on many office networks.
//!
//! The source directory is `/usr/share/mecab/dic/ipadic`, or `GIJIROKU_IPADIC_DIR`.

use std::path::{Path, PathBuf};

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

const DEFAULT_SOURCE: &str = "/usr/share/mecab/dic/ipadic";

/// The IPADIC source layout: 13 fields per entry, EUC-JP.
const METADATA: &str = r#"{
  "name": "ipadic",
  "encoding": "EUC-JP",
  "default_word_cost": -10000,
  "default_left_context_id": 1288,
  "default_right_context_id": 1288,
  "default_field_value": "*",
  "flexible_csv": true,
  "skip_invalid_cost_or_id": false,
  "normalize_details": true,
  "dictionary_schema": { "fields": [
    "surface", "left_context_id", "right_context_id", "cost",
    "part_of_speech", "part_of_speech_subcategory_1", "part_of_speech_subcategory_2",
    "part_of_speech_subcategory_3", "conjugation_form", "conjugation_type",
    "base_form", "reading", "pronunciation" ] },
  "user_dictionary_schema": { "fields": ["surface", "part_of_speech", "reading"] }
}"#;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=GIJIROKU_IPADIC_DIR");
    let source = std::env::var_os("GIJIROKU_IPADIC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SOURCE));
    if !source.join("matrix.def").exists() {
        panic!(
            "\n\nThe IPADIC dictionary sources were not found in {}.\n\
             Install them with:\n\n    sudo apt-get install -y mecab-ipadic\n\n\
             or point GIJIROKU_IPADIC_DIR at a directory holding IPADIC's *.csv, *.def and matrix.def.\n",
            source.display()
        );
    }
    println!(
        "cargo:rerun-if-changed={}",
        source.join("matrix.def").display()
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let dict_dir = out_dir.join("ipadic");
    let stamp = dict_dir.join("metadata.json");
    if !is_fresh(&stamp, &source) {
        let metadata: Metadata = serde_json::from_str(METADATA).expect("valid metadata");
        DictionaryBuilder::new(metadata)
            .build_dictionary(&source, &dict_dir)
            .unwrap_or_else(|e| panic!("building IPADIC from {} failed: {e}", source.display()));
    }
    // `embedded_dictionary!` reads the files from `$LINDERA_WORKDIR/ipadic`.
    println!("cargo:rustc-env=LINDERA_WORKDIR={}", out_dir.display());
}

/// The dictionary is rebuilt only when the sources are newer than the built metadata.
fn is_fresh(stamp: &Path, source: &Path) -> bool {
    let built = match std::fs::metadata(stamp).and_then(|m| m.modified()) {
        Ok(t) => t,
        Err(_) => return false,
    };
    std::fs::metadata(source.join("matrix.def"))
        .and_then(|m| m.modified())
        .map(|src| src <= built)
        .unwrap_or(false)
}
