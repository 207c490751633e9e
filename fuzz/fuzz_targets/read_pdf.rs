//! The PDF reader (lopdf, then jixiao's own content interpreter, layout and table
//! rebuilding) and the form interpreter on arbitrary bytes. OCR is not reached: the
//! reader is called directly, as OCR runs other programs.
#![no_main]

#[path = "only_our_panics.rs"]
mod only_our_panics;

use std::sync::LazyLock;

use jixiao::forms::interpret;
use jixiao::limits::Limits;
use jixiao::normalize::Patterns;
use jixiao::read::pdf::PdfReader;
use jixiao::read::Reader;
use libfuzzer_sys::fuzz_target;

static PATTERNS: LazyLock<Patterns> = LazyLock::new(Patterns::builtin);

fuzz_target!(|data: &[u8]| {
    only_our_panics::install();
    let limits = Limits {
        max_pages: 20,
        max_rows: 2_000,
        max_cells: 20_000,
        max_entry_bytes: 16 * 1024 * 1024,
        max_millis: 2_000,
        ..Limits::default()
    };
    if let Ok(doc) = PdfReader.read(data, &limits) {
        let _ = interpret(&doc, &PATTERNS);
    }
});
