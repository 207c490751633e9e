//! The .docx reader on arbitrary bytes, and on arbitrary document.xml inside a valid zip.
#![no_main]

use jixiao::limits::Limits;
use jixiao::read::docx::{parse_document_xml, DocxReader};
use jixiao::read::Reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_rows: 2_000,
        max_cells: 20_000,
        max_millis: 2_000,
        ..Limits::default()
    };
    let _ = DocxReader.read(data, &limits);
    let _ = parse_document_xml(data, &limits);
});
