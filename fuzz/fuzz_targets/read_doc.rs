//! The .doc reader (jixiao's own compound-file and Word binary reader) and the form
//! interpreter on arbitrary bytes.
#![no_main]

use std::sync::LazyLock;

use jixiao::forms::interpret;
use jixiao::limits::Limits;
use jixiao::normalize::Patterns;
use jixiao::read::doc::DocReader;
use jixiao::read::Reader;
use libfuzzer_sys::fuzz_target;

static PATTERNS: LazyLock<Patterns> = LazyLock::new(Patterns::builtin);

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_rows: 2_000,
        max_cells: 20_000,
        max_millis: 2_000,
        ..Limits::default()
    };
    if let Ok(doc) = DocReader.read(data, &limits) {
        let _ = interpret(&doc, &PATTERNS);
    }
});
