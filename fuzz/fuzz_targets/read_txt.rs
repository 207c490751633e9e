//! The text reader and the form interpreter on arbitrary text.
#![no_main]

use std::sync::LazyLock;

use jixiao::forms::interpret;
use jixiao::limits::Limits;
use jixiao::normalize::Patterns;
use jixiao::read::txt::TxtReader;
use jixiao::read::Reader;
use libfuzzer_sys::fuzz_target;

static PATTERNS: LazyLock<Patterns> = LazyLock::new(Patterns::builtin);

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = TxtReader.read(data, &Limits::default()) {
        let _ = interpret(&doc, &PATTERNS);
    }
});
