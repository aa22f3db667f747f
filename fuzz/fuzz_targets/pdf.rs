//! PDF extraction, checks included (streams inflated into bounded counters, the page tree
//! walked with a visited set). Run without the worker thread, so that a hang or a panic in the
//! third-party crates shows up as libFuzzer's timeout or crash instead of being absorbed.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gijiroku::ingest::pdf::extract(Path::new("fuzz.pdf"), data);
});
