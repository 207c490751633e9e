//! The spreadsheet reader against fixtures written by scripts/make_sheet_fixtures.py.

use std::io::Write;
use std::time::{Duration, Instant};

use jixiao::error::ReadError;
use jixiao::limits::Limits;
use jixiao::model::{Cell, Document, Format, Table, Typed};
use jixiao::read::sheet::SheetReader;
use jixiao::read::{read_bytes, sniff, Reader};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/sheet/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> Document {
    read_bytes(&fixture(name), &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
}

fn cell(t: &Table, row: usize, col: usize) -> &Cell {
    t.cells
        .iter()
        .find(|c| c.row == row && c.col == col)
        .unwrap_or_else(|| panic!("no cell at ({row}, {col}) in {:?}", t.sheet))
}

fn has_cell(t: &Table, row: usize, col: usize) -> bool {
    t.cells.iter().any(|c| c.row == row && c.col == col)
}

fn text(t: &Table, row: usize, col: usize) -> &str {
    &cell(t, row, col).text
}

/// What every format of the fixture workbook reads the same.
fn assert_common(doc: &Document) {
    assert_eq!(doc.pages, None);
    assert_eq!(doc.paragraphs().count(), 0);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    let ts = tables(doc);
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].sheet.as_deref(), Some("自评表"));
    assert_eq!(ts[1].sheet.as_deref(), Some("说明"));
    assert_eq!((ts[0].index, ts[1].index), (0, 1));
    let t = ts[0];
    // A1 is (0, 0): positions are absolute sheet coordinates.
    assert_eq!(text(t, 0, 0), "项目名称");
    // B1:C1, a horizontal merge of two columns.
    let b1 = cell(t, 0, 1);
    assert_eq!(
        (b1.text.as_str(), b1.row_span, b1.col_span),
        ("城乡医疗救助", 1, 2)
    );
    assert!(!has_cell(t, 0, 2), "covered C1 must not be emitted");
    assert_eq!(t.at(0, 2).map(|c| c.text.as_str()), Some("城乡医疗救助"));
    assert_eq!(text(t, 0, 3), "年度");
    assert_eq!(cell(t, 0, 4).typed, Some(Typed::Number(2022.0)));
    assert_eq!(text(t, 0, 4), "2022");
}

#[test]
fn xlsx_cells_spans_and_values() {
    let doc = read("selfeval.xlsx");
    assert_eq!(doc.format, Format::Xlsx);
    assert_common(&doc);
    let ts = tables(&doc);
    let t = ts[0];
    assert_eq!((t.n_rows, t.n_cols), (6, 5));
    // A3:A5, a vertical merge of three rows.
    let a3 = cell(t, 2, 0);
    assert_eq!(
        (a3.text.as_str(), a3.row_span, a3.col_span),
        ("资金情况", 3, 1)
    );
    assert!(!has_cell(t, 3, 0) && !has_cell(t, 4, 0));
    assert_eq!(t.at(4, 0).map(|c| c.text.as_str()), Some("资金情况"));
    // Strings are kept exactly as written, spaces included.
    assert_eq!(text(t, 1, 0), " 备注 ");
    assert_eq!(text(t, 2, 1), "年度资金总额");
    // Numbers: typed, and written without float noise or a trailing ".0".
    assert_eq!(text(t, 2, 2), "1146.81");
    assert_eq!(cell(t, 2, 2).typed, Some(Typed::Number(1146.81)));
    assert_eq!(text(t, 3, 2), "4108");
    assert_eq!(cell(t, 3, 2).typed, Some(Typed::Number(4108.0)));
    assert_eq!(text(t, 4, 2), "0.5");
    assert_eq!(cell(t, 4, 2).typed, Some(Typed::Number(0.5)));
    // Stored as 0.30000000000000004.
    assert_eq!(text(t, 3, 3), "0.3");
    assert_eq!(cell(t, 3, 3).typed, Some(Typed::Number(0.3)));
    // 0.9406 formatted 0.00%.
    assert_eq!(text(t, 2, 3), "94.06%");
    assert_eq!(cell(t, 2, 3).typed, Some(Typed::Percent(94.06)));
    // Dates and booleans as text.
    assert_eq!(text(t, 2, 4), "2022-12-31");
    assert_eq!(cell(t, 2, 4).typed, None);
    assert_eq!(text(t, 4, 3), "TRUE");
    // =C3+C4+C5 with its cached value.
    assert_eq!(text(t, 5, 2), "5255.31");
    assert_eq!(cell(t, 5, 2).typed, Some(Typed::Number(5255.31)));
    // Empty cells inside the used range are not emitted.
    assert!(!has_cell(t, 5, 1) && !has_cell(t, 4, 4));
    assert_eq!(t.cells.len(), 22);
    // One column of text is still a table.
    let notes = ts[1];
    assert_eq!((notes.n_rows, notes.n_cols), (2, 1));
    assert_eq!(text(notes, 1, 0), "本表金额单位为万元");
}

#[test]
fn xls_reads_the_same_cells_as_xlsx() {
    let xlsx = read("selfeval.xlsx");
    let xls = read("selfeval.xls");
    assert_eq!(xls.format, Format::Xls);
    assert_common(&xls);
    let (a, b) = (tables(&xlsx), tables(&xls));
    // The percent format comes from the BIFF records (calamine keeps it private): the
    // cell reads as displayed, like the .xlsx one.
    let d3 = cell(b[0], 2, 3);
    assert_eq!(
        (d3.text.as_str(), d3.typed),
        ("94.06%", Some(Typed::Percent(94.06)))
    );
    // xlwt stores formulas without a cached result, so =C3+C4+C5 reads as empty.
    assert!(!has_cell(b[0], 5, 2));
    let same = |c: &&Cell| (c.row, c.col) != (5, 2);
    let xlsx_cells: Vec<&Cell> = a[0].cells.iter().filter(same).collect();
    let xls_cells: Vec<&Cell> = b[0].cells.iter().filter(same).collect();
    assert_eq!(xlsx_cells, xls_cells);
    assert_eq!(a[1].cells, b[1].cells);
}

#[test]
fn ods_spans_and_percentages() {
    let doc = read("selfeval.ods");
    assert_eq!(doc.format, Format::Ods);
    assert_common(&doc);
    let t = tables(&doc)[0];
    let a2 = cell(t, 1, 0);
    assert_eq!(
        (a2.text.as_str(), a2.row_span, a2.col_span),
        ("资金情况", 3, 1)
    );
    assert_eq!(text(t, 1, 2), "1146.81");
    assert_eq!(text(t, 1, 3), "94.06%");
    assert_eq!(cell(t, 1, 3).typed, Some(Typed::Percent(94.06)));
    assert_eq!(cell(t, 2, 2).typed, Some(Typed::Number(4108.0)));
}

#[test]
fn sniff_tells_workbooks_apart() {
    assert_eq!(sniff(&fixture("selfeval.xlsx")).ok(), Some(Format::Xlsx));
    assert_eq!(sniff(&fixture("selfeval.xls")).ok(), Some(Format::Xls));
    assert_eq!(sniff(&fixture("selfeval.ods")).ok(), Some(Format::Ods));
}

#[test]
fn truncated_files_are_damaged() {
    let limits = Limits::default();
    let xlsx = fixture("selfeval.xlsx");
    let err = SheetReader(Format::Xlsx)
        .read(&xlsx[..xlsx.len() / 2], &limits)
        .expect_err("half an xlsx");
    assert!(
        matches!(err, ReadError::Damaged { format: "xlsx", .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "xlsx.damaged");
    let xls = fixture("selfeval.xls");
    let err = SheetReader(Format::Xls)
        .read(&xls[..xls.len() / 2], &limits)
        .expect_err("half an xls");
    assert_eq!(err.code(), "xls.damaged");
    let ods = fixture("selfeval.ods");
    let err = SheetReader(Format::Ods)
        .read(&ods[..ods.len() - 40], &limits)
        .expect_err("truncated ods");
    assert_eq!(err.code(), "ods.damaged");
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    let limits = Limits::default();
    let mut bytes = fixture("selfeval.xls");
    // Scribble over the workbook stream, keeping the compound-file header.
    for (i, b) in bytes.iter_mut().enumerate().skip(1600) {
        *b = (i * 37 % 251) as u8;
    }
    let _ = SheetReader(Format::Xls).read(&bytes, &limits);
    for format in [Format::Xlsx, Format::Xls, Format::Ods] {
        let err = SheetReader(format)
            .read(b"not a spreadsheet at all", &limits)
            .expect_err("garbage");
        assert_eq!(err.code(), format!("{}.damaged", format.as_str()));
    }
}

#[test]
fn password_protected_xls_is_encrypted() {
    let err = read_bytes(&fixture("encrypted.xls"), &Limits::default()).expect_err("encrypted");
    assert!(
        matches!(err, ReadError::Encrypted { format: "xls" }),
        "{err:?}"
    );
}

#[test]
fn cell_limit_keeps_what_was_read() {
    let limits = Limits {
        max_cells: 10,
        ..Limits::default()
    };
    let doc = read_bytes(&fixture("selfeval.xlsx"), &limits).expect("partial read");
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].code, "limit.cells");
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1, "reading stops at the limit");
    // Row-major: the first ten cells are rows 1 and 2 of the sheet.
    assert_eq!(ts[0].cells.len(), 10);
    assert_eq!(text(ts[0], 1, 4), "日期");
}

#[test]
fn row_limit_on_small_fixture() {
    let limits = Limits {
        max_rows: 2,
        ..Limits::default()
    };
    let doc = read_bytes(&fixture("selfeval.xls"), &limits).expect("partial read");
    let codes: Vec<&str> = doc.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["limit.rows"]);
    let ts = tables(&doc);
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].n_rows, 2);
    // The vertical merge starts past the limit and is dropped with its rows.
    assert!(ts[0].cells.iter().all(|c| c.row < 2 && c.row_span == 1));
}

/// A one-sheet workbook with `rows` rows of three cells, written directly.
fn big_xlsx(rows: usize) -> Vec<u8> {
    let mut sheet = String::with_capacity(rows * 90);
    sheet.push_str(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=rows {
        sheet.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目{r}</t></is></c><c r="B{r}"><v>{r}.25</v></c><c r="C{r}"><v>{r}</v></c></row>"#
        ));
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(body.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

#[test]
fn hundred_thousand_rows_stop_at_the_row_limit() {
    let bytes = big_xlsx(100_000);
    assert_eq!(sniff(&bytes).ok(), Some(Format::Xlsx));
    let started = Instant::now();
    let doc = read_bytes(&bytes, &Limits::default()).expect("partial read");
    let elapsed = started.elapsed();
    // Generous for a debug build on a busy machine; reading all 100,000 rows
    // would not matter for the assertion, stopping early is what bounds it.
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    let codes: Vec<&str> = doc.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["limit.rows"]);
    let t = tables(&doc)[0];
    assert_eq!(t.sheet.as_deref(), Some("明细"));
    assert_eq!((t.n_rows, t.n_cols), (Limits::default().max_rows, 3));
    assert_eq!(t.cells.len(), Limits::default().max_rows * 3);
    let last = t.cells.last().expect("cells");
    assert_eq!(
        (last.row, last.col, last.text.as_str()),
        (19_999, 2, "20000")
    );
    assert_eq!(text(t, 0, 1), "1.25");
    assert_eq!(text(t, 19_999, 0), "项目20000");
}

/// An .ods of one sheet: `rows` repeated `row_repeat` times, as LibreOffice writes them.
fn ods_with(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_str()),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#,
        ),
    ] {
        zip.start_file(name, stored).expect("zip entry");
        zip.write_all(body.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

#[test]
fn ods_repeated_cells_are_bounded_before_parsing() {
    // 1 KiB asking for 90,000 rows of 1,000 filled cells: the parser would allocate the
    // 90-million-cell grid (5.7 GiB); it is refused first, at once.
    let bomb = ods_with(
        r#"<table:table-row table:number-rows-repeated="90000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#,
    );
    let started = Instant::now();
    let err = read_bytes(&bomb, &Limits::default()).expect_err("refused");
    assert_eq!(err.code(), "limit.cells");
    assert!(started.elapsed() < Duration::from_secs(5));

    // The padding every writer adds (a million empty rows, a thousand empty cells) is
    // free and does not count.
    let padded = ods_with(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>预算</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
    );
    let doc = read_bytes(&padded, &Limits::default()).expect("read");
    let t = tables(&doc)[0];
    assert_eq!(t.cells[0].text, "预算");
}
