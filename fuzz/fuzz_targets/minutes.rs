//! The parser (minutes or material, detected) on decoded text.
#![no_main]

use std::path::Path;

use gijiroku::record::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = gijiroku::ingest::extract_bytes(Path::new("fuzz.txt"), Format::Txt, data) {
        let _ = gijiroku::parse::parse_document(&doc);
    }
});
