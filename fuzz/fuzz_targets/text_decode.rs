//! Text decoding: any bytes are decoded (with replacements and warnings) or refused as binary,
//! never a panic.
#![no_main]

use std::path::Path;

use gijiroku::record::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gijiroku::ingest::text::extract_with_warnings(Path::new("fuzz.txt"), Format::Txt, data);
    let _ = gijiroku::ingest::text::extract_with_warnings(Path::new("fuzz.md"), Format::Md, data);
});
