//! The `web_params` entry point (see `../entries.rs`, shared with the stable replay test).
#![no_main]

include!("../entries.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::web_params(data));
