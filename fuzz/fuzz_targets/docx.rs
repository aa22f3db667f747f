//! DOCX extraction, checks included (parts inflated into bounded buffers, XML checked for
//! well-formedness and depth), without the worker thread (see `pdf.rs`).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gijiroku::ingest::docx::extract(Path::new("fuzz.docx"), data);
});
