//! The spreadsheet reader (.xlsx, .xls, .ods) on arbitrary bytes.
#![no_main]

#[path = "only_our_panics.rs"]
mod only_our_panics;

use jixiao::limits::Limits;
use jixiao::model::Format;
use jixiao::read::sheet::SheetReader;
use jixiao::read::Reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    only_our_panics::install();
    let limits = Limits {
        max_rows: 2_000,
        max_cells: 20_000,
        max_entry_bytes: 16 * 1024 * 1024,
        max_millis: 2_000,
        ..Limits::default()
    };
    for f in [Format::Xlsx, Format::Xls, Format::Ods] {
        let _ = SheetReader(f).read(data, &limits);
    }
});
