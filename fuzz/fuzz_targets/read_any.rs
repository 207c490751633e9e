//! The whole pipeline on arbitrary bytes: sniff, read, interpret, check.
#![no_main]

#[path = "only_our_panics.rs"]
mod only_our_panics;

use std::sync::LazyLock;

use jixiao::pipeline::{process_bytes, Config};
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    let mut c = Config::default();
    // Small limits keep each run fast; they are limits, not shortcuts: the same code runs.
    c.limits.max_rows = 2_000;
    c.limits.max_cells = 20_000;
    c.limits.max_entry_bytes = 16 * 1024 * 1024;
    c.limits.max_millis = 2_000;
    // OCR runs pdftoppm and tesseract for seconds a page: not what fuzzing is for.
    c.limits.max_ocr_pages = 0;
    c
});

fuzz_target!(|data: &[u8]| {
    only_our_panics::install();
    let _ = process_bytes(data, "fuzz", &CONFIG);
});
