//! .doc (Word 97–2003): LibreOffice-written files of every sample document read into
//! the same tables as their .docx; encrypted and damaged files give their codes.

mod common;

use common::{record, sample};
use jixiao::limits::Limits;
use jixiao::model::{Block, Document};
use jixiao::read::read_bytes;

fn read(rel: &str) -> Document {
    let bytes = std::fs::read(sample(rel)).expect("sample");
    read_bytes(&bytes, &Limits::default()).expect("readable")
}

/// (row, col, row_span, col_span, text) of a cell.
type CellKey = (usize, usize, usize, usize, String);

fn tables(d: &Document) -> Vec<Vec<CellKey>> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(
                t.cells
                    .iter()
                    .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.clone()))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

#[test]
fn doc_tables_equal_docx_tables() {
    // Cell for cell, spans included, for the forms whose .docx grid has no unused
    // columns (a .doc only knows the boundaries its rows use).
    for stem in [
        "seeds/000_miyi_2022",
        "seeds/001_mianyang_2020",
        "seeds/004_zhongshan_2022",
        "variants/project_selfeval_2023",
        "variants/dept_overall_2022",
        "variants/traditional_wording",
    ] {
        let name = stem.rsplit('/').next().unwrap_or(stem);
        let doc = read(&format!("doc/{name}.doc"));
        let docx = read(&format!("{stem}.docx"));
        assert_eq!(tables(&doc), tables(&docx), "{stem}");
        let paras = |d: &Document| d.paragraphs().map(|p| p.text.clone()).collect::<Vec<_>>();
        assert_eq!(paras(&doc), paras(&docx), "{stem}");
    }
}

#[test]
fn merged_cells_keep_their_spans() {
    let doc = read("doc/project_selfeval_2023.doc");
    let t = doc.tables().next().expect("a table");
    let money = t
        .cells
        .iter()
        .find(|c| c.text == "项目资金（万元）")
        .expect("label");
    assert_eq!(
        (money.row, money.col, money.row_span, money.col_span),
        (2, 0, 5, 2)
    );
    let output = t.cells.iter().find(|c| c.text == "产出指标").expect("一级");
    assert_eq!(output.row_span, 5);
    let total = t.cells.iter().find(|c| c.text == "850.00").expect("budget");
    assert_eq!((total.row, total.col, total.col_span), (3, 3, 2));
}

#[test]
fn doc_record_has_the_seed_funds() {
    let rec = record(&sample("doc/000_miyi_2022.doc"));
    assert_eq!(rec["status"], "ok");
    assert_eq!(rec["file"]["format"], "doc");
    let f = &rec["reports"][0]["funds"][0];
    assert_eq!(f["budget"], 1146.81);
    assert_eq!(f["executed"], 1078.71);
    assert_eq!(f["rate"], 94.06);
}

fn set_u16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

/// Offset of the WordDocument stream's FIB inside the file: the stream starts at
/// a sector whose first bytes are the FIB signature.
fn fib_offset(bytes: &[u8]) -> usize {
    (512..bytes.len() - 12)
        .step_by(512)
        .find(|&o| {
            bytes[o..o + 2] == [0xEC, 0xA5]
                && u16::from_le_bytes([bytes[o + 2], bytes[o + 3]]) >= 0xC1
        })
        .expect("FIB")
}

#[test]
fn encrypted_doc_is_reported_as_encrypted() {
    let mut bytes = std::fs::read(sample("doc/000_miyi_2022.doc")).expect("sample");
    let at = fib_offset(&bytes);
    let flags = u16::from_le_bytes([bytes[at + 10], bytes[at + 11]]);
    set_u16(&mut bytes, at + 10, flags | 0x0100);
    let err = read_bytes(&bytes, &Limits::default()).expect_err("encrypted");
    assert_eq!(err.code(), "doc.encrypted");
}

#[test]
fn damaged_docs_fail_cleanly() {
    let good = std::fs::read(sample("doc/001_mianyang_2020.doc")).expect("sample");
    let limits = Limits::default();
    // Truncated at many points: an error or a partial read, never a panic.
    for cut in (1..good.len()).step_by(good.len() / 40) {
        let r = std::panic::catch_unwind(|| read_bytes(&good[..cut], &limits));
        let r = r.unwrap_or_else(|_| panic!("panic at cut {cut}"));
        if let Err(e) = r {
            // A cut can lose the directory entry that names the Word stream.
            let code = e.code();
            assert!(
                code.ends_with(".damaged") || code.starts_with("file.") || code.starts_with("doc."),
                "{code}"
            );
        }
    }
    // Corrupted piece table: the FIB points the CLX outside the table stream.
    let mut bad = good.clone();
    let at = fib_offset(&bad);
    let clx = at + 154 + 33 * 8;
    bad[clx..clx + 4].copy_from_slice(&0x7fff_fff0u32.to_le_bytes());
    let err = read_bytes(&bad, &limits).expect_err("damaged");
    assert_eq!(err.code(), "doc.damaged");
    // Byte noise over the whole file, deterministic.
    let mut seed = 0x2545_f491u32;
    for _ in 0..30 {
        let mut noisy = good.clone();
        for _ in 0..200 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let i = seed as usize % noisy.len();
            noisy[i] = (seed >> 8) as u8;
        }
        let r = std::panic::catch_unwind(|| read_bytes(&noisy, &limits));
        assert!(r.is_ok(), "panic on noisy input");
    }
}
