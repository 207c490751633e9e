//! .xlsx / .xls / .ods with calamine: every sheet a table, merged regions as spans.
//!
//! Conventions every consumer of these tables relies on:
//! - One [`Table`] per worksheet, in workbook order, named by `Table.sheet`; hidden
//!   sheets are read too (an auditor wants everything the file holds), chart and
//!   macro sheets are skipped. No paragraphs are produced, even for a sheet holding a
//!   single column of text.
//! - Positions are absolute sheet coordinates: A1 is row 0, col 0, so a cell at
//!   `row`/`col` is what a user sees as row `row + 1`, column letter `col`. A sheet
//!   whose content starts at C5 therefore has empty leading rows and columns.
//! - Empty cells produce no [`Cell`]; the interpreter treats a missing position as
//!   empty. The one exception is the origin of a merged region, which is kept even
//!   when blank so that the region's extent survives.
//! - A merged region is one origin cell with `row_span`/`col_span`; the covered
//!   positions are never emitted, even when a file keeps stale values in them. Spans
//!   are clipped to the extent of the cells read, so a region declared over whole
//!   columns does not inflate the grid.
//! - Numbers carry `Typed::Number`; their text is the shortest decimal form after
//!   rounding to 10 decimals (1146.81, not 1146.8099999999999; 4108, not 4108.0).
//!   Percent-formatted cells carry `Typed::Percent` (already × 100) and the text as
//!   Excel displays it ("94.06%"), in every format: calamine gives .xlsx styles,
//!   .ods value types come from content.xml, and .xls formats (private in calamine)
//!   from the BIFF records themselves (`biff`).
//! - Formulas read as their cached value. A formula saved without one (as some
//!   generators write them) reads as empty: there is no evaluator here.
//! - Booleans read as TRUE/FALSE, dates as ISO 8601, errors as written (#DIV/0!).

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use quick_xml::events::{BytesStart, Event};

use calamine::{
    CellErrorType, Data, DataRef, Dimensions, ExcelDateTime, Ods, OdsError, Range,
    Reader as CalamineReader, SheetType, Xls, XlsError, Xlsx, XlsxError,
};

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Cell, Document, Format, Issue, Table, Typed};
use crate::read::biff;
use crate::read::compound::{Broken, Compound};
use crate::read::{check_zip_entries, read_zip_entry, Reader};

/// Columns kept per sheet. 256 (column IV) is the .xls format's own limit and far
/// beyond any real form; the cap keeps a sparse hostile sheet (a value in A1 and
/// one in XFD1) from producing a grid of millions of empty positions.
pub const MAX_COLS: u32 = 256;

pub struct SheetReader(pub Format);

impl Reader for SheetReader {
    fn format(&self) -> Format {
        self.0
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
        let format = self.0;
        let tag = format.as_str();
        if matches!(format, Format::Xlsx | Format::Ods) && !bytes.starts_with(b"PK") {
            // A password-protected workbook is a compound file, which calamine parses
            // (to say it is encrypted) with no bound on its sector chains: a looping
            // chain grew a buffer until memory ran out. Sniffing has already said what
            // such a file is.
            return Err(match super::sniff(bytes) {
                Err(e @ ReadError::Encrypted { .. }) => e,
                _ => ReadError::damaged(tag, "not a zip archive"),
            });
        }
        if matches!(format, Format::Xlsx | Format::Ods) {
            // calamine decompresses entries itself without any bound, so the archive
            // is vetted before it gets the bytes.
            check_zip_entries(bytes, limits).map_err(|e| match e {
                ReadError::Damaged { message, .. } => ReadError::Damaged {
                    format: tag,
                    message,
                },
                other => other,
            })?;
        }
        // calamine indexes and subtracts positions taken from the file (merge refs,
        // BIFF record lengths); hostile values have made it panic before, and one bad
        // file must not take down a batch, so a panic is reported as damage.
        let outcome = catch_unwind(AssertUnwindSafe(|| match format {
            Format::Xlsx => read_xlsx(bytes, limits),
            Format::Xls => read_xls(bytes, limits),
            Format::Ods => read_ods(bytes, limits),
            other => Err(ReadError::Unsupported {
                format: other.as_str(),
                message: "not a spreadsheet format".into(),
            }),
        }));
        match outcome {
            Ok(result) => result,
            Err(_) => Err(ReadError::damaged(
                tag,
                "the spreadsheet parser failed on malformed content",
            )),
        }
    }
}

fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let sheets = worksheet_names(book.sheets_metadata());
    let mut doc = Document::new(Format::Xlsx);
    let mut budget = Budget::new(limits);
    for name in sheets {
        if budget.exhausted() {
            break;
        }
        match read_xlsx_sheet(&mut book, &name, &mut budget) {
            Ok(sheet) => finish_sheet(&mut doc, sheet, &mut budget),
            Err(e) => {
                sheet_failed(&mut doc, "xlsx", &name, xlsx_error(e))?;
                break;
            }
        }
    }
    doc.issues.append(&mut budget.issues);
    Ok(doc)
}

/// Streams one worksheet's cells so that reading stops at the row or cell limit
/// instead of materialising a huge sheet first.
fn read_xlsx_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<SheetCells, XlsxError> {
    let merges = book.merge_cells_by_sheet_name(name)?;
    let mut sheet = SheetCells::new(name, merges);
    let mut reader = book.worksheet_cells_reader(name)?;
    while let Some((cell, style_id)) = reader.next_cell_with_style_id()? {
        let (row, col) = cell.get_position();
        let format = reader
            .styles()
            .get(style_id)
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.as_str());
        let value = convert(Value::from_ref(cell.get_value()), format);
        if !sheet.push(row, col, value, budget) {
            break;
        }
    }
    Ok(sheet)
}

fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    // calamine's own compound-file reader has no bounds: the file is vetted with a
    // reader that reads the same way, bounded (see `compound`).
    let compound = match Compound::open(bytes) {
        Ok(c) if c.chains_end() => Some(c),
        Ok(_) | Err(Broken::Chains) => {
            return Err(ReadError::damaged(
                "xls",
                "a sector chain of the compound file loops or runs past the end of the file",
            ))
        }
        Err(Broken::Unjudged) => None,
    };
    let workbook = compound
        .as_ref()
        .and_then(|c| c.stream("Workbook").or_else(|| c.stream("Book")));
    if let Some(cells) = workbook.as_deref().map(biff::grid_cells) {
        let max = grid_limit(limits);
        if cells > max {
            return Err(ReadError::limit(
                "cells",
                format!(
                    "the sheets span {cells} grid cells from their first to their last value \
                     (more than {max}); the spreadsheet parser would allocate every one"
                ),
            ));
        }
    }
    let mut book = Xls::new(Cursor::new(bytes)).map_err(xls_error)?;
    let percents = workbook
        .as_deref()
        .map(|w| biff::percent_cells(w, |f| percent_decimals(f).is_some()))
        .unwrap_or_default();
    let sheets = worksheet_names(book.sheets_metadata());
    let mut doc = Document::new(Format::Xls);
    let mut budget = Budget::new(limits);
    for name in sheets {
        if budget.exhausted() {
            break;
        }
        let merges = match book.merge_cells_by_sheet_name(&name) {
            Ok(m) => m,
            Err(e) => {
                sheet_failed(&mut doc, "xls", &name, xls_error(e))?;
                break;
            }
        };
        match book.worksheet_range(&name) {
            Ok(range) => {
                let formats = percents.get(&name).cloned().unwrap_or_default();
                let sheet = sheet_from_range(
                    &name,
                    merges,
                    &range,
                    &formats,
                    &HashMap::new(),
                    &mut budget,
                );
                finish_sheet(&mut doc, sheet, &mut budget);
            }
            Err(e) => {
                sheet_failed(&mut doc, "xls", &name, xls_error(e))?;
                break;
            }
        }
    }
    doc.issues.append(&mut budget.issues);
    Ok(doc)
}

/// Grid cells that calamine may allocate for an .xls or an .ods: ten times the cells
/// kept, about 64 MiB at the default limit.
fn grid_limit(limits: &Limits) -> u64 {
    (limits.max_cells as u64).saturating_mul(10)
}

fn read_ods(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if let Some(cells) = ods_grid_cells(bytes, limits) {
        let max = grid_limit(limits);
        if cells > max {
            return Err(ReadError::limit(
                "cells",
                format!(
                    "a sheet's repeated cells span {cells} grid cells (more than {max}); \
                     the spreadsheet parser would allocate every one"
                ),
            ));
        }
    }
    let mut book: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(ods_error)?;
    let sheets = worksheet_names(book.sheets_metadata());
    // calamine gives neither merged regions nor value types for .ods; both come from
    // a second pass over content.xml. calamine stays the judge of damage: when only
    // that pass fails, the sheets are still read, without spans.
    let mut extras = ods_extras(bytes, limits).unwrap_or_default();
    let mut doc = Document::new(Format::Ods);
    let mut budget = Budget::new(limits);
    for name in sheets {
        if budget.exhausted() {
            break;
        }
        match book.worksheet_range(&name) {
            Ok(range) => {
                let extra = extras.remove(&name).unwrap_or_default();
                let sheet = sheet_from_range(
                    &name,
                    extra.merges,
                    &range,
                    &HashMap::new(),
                    &extra.percents,
                    &mut budget,
                );
                finish_sheet(&mut doc, sheet, &mut budget);
            }
            Err(e) => {
                sheet_failed(&mut doc, "ods", &name, ods_error(e))?;
                break;
            }
        }
    }
    doc.issues.append(&mut budget.issues);
    Ok(doc)
}

/// What content.xml tells about one .ods table beyond its values.
#[derive(Default)]
struct OdsExtras {
    merges: Vec<Dimensions>,
    /// Cells whose value type is `percentage`, with their converted value.
    percents: HashMap<(u32, u32), (String, Option<Typed>)>,
}

/// Scans content.xml for spanned cells and percentage values, by table name.
/// Repeat counts (LibreOffice writes a million repeated empty rows) only move
/// the position; nothing is expanded.
/// The grid cells calamine allocates for the largest sheet of an .ods: it expands
/// repeated rows and columns of cells with content (`number-rows-repeated`,
/// `number-columns-repeated`) into a dense grid, so a 1 KiB file asking for 90,000 rows
/// of 1,000 cells made it take 5.7 GiB. Empty repeated cells, which every
/// spreadsheet writer pads sheets with, cost nothing and are not counted. `None` when
/// content.xml cannot be read (calamine reports that itself).
fn ods_grid_cells(bytes: &[u8], limits: &Limits) -> Option<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let xml = read_zip_entry(&mut archive, "content.xml", limits).ok()??;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let (mut row, mut row_repeat) = (0u64, 1u64);
    let mut col = 0u64;
    // Rows and columns, first and last, holding content in the current sheet.
    let mut span: Option<(u64, u64, u64, u64)> = None;
    let mut largest = 0u64;
    let grid = |s: Option<(u64, u64, u64, u64)>| {
        s.map_or(0, |(r0, r1, c0, c1)| {
            (r1 - r0 + 1).saturating_mul(c1 - c0 + 1)
        })
    };
    loop {
        buf.clear();
        let (e, empty) = match reader.read_event_into(&mut buf).ok()? {
            Event::Eof => break,
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "table" => {
                        if depth == 1 {
                            largest = largest.max(grid(span.take()));
                        }
                        depth = depth.saturating_sub(1);
                    }
                    "table-row" if depth == 1 => {
                        row = row.saturating_add(row_repeat);
                    }
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        match e.local_name().as_ref() {
            "table" if !empty => {
                depth += 1;
                if depth == 1 {
                    (row, col, span) = (0, 0, None);
                }
            }
            "table-row" if depth == 1 => {
                row_repeat = count(&e, "number-rows-repeated");
                col = 0;
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table-cell" | "covered-table-cell" if depth == 1 => {
                let repeat = count(&e, "number-columns-repeated");
                let content = !empty || attr(&e, "value-type").is_some();
                if content {
                    let (r1, c1) = (
                        row.saturating_add(row_repeat - 1),
                        col.saturating_add(repeat - 1),
                    );
                    let (a, b, c, d) = span.unwrap_or((row, r1, col, c1));
                    span = Some((a.min(row), b.max(r1), c.min(col), d.max(c1)));
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    Some(largest.max(grid(span)))
}

fn ods_extras(bytes: &[u8], limits: &Limits) -> Option<HashMap<String, OdsExtras>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let xml = read_zip_entry(&mut archive, "content.xml", limits).ok()??;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out: HashMap<String, OdsExtras> = HashMap::new();
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut name = String::new();
    let (mut row, mut col) = (0u64, 0u64);
    let mut row_repeat = 1u64;
    // A percentage cell waiting for its displayed text.
    let mut pending: Option<((u32, u32), f64, String)> = None;
    let max_rows = limits.max_rows as u64;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).ok()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let local = e.local_name();
            match local.as_ref() {
                "table" => {
                    depth += 1;
                    if depth == 1 && !empty {
                        name = attr(e, "name").unwrap_or_default();
                        (row, col) = (0, 0);
                    }
                    if empty {
                        depth -= 1;
                    }
                }
                "table-row" if depth == 1 => {
                    row_repeat = count(e, "number-rows-repeated");
                    col = 0;
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table-cell" | "covered-table-cell" if depth == 1 => {
                    let repeat = count(e, "number-columns-repeated");
                    let row_span = count(e, "number-rows-spanned");
                    let col_span = count(e, "number-columns-spanned");
                    let inside = row < max_rows && col < u64::from(MAX_COLS);
                    if inside {
                        let pos = (row as u32, col as u32);
                        let sheet = out.entry(name.clone()).or_default();
                        if row_span > 1 || col_span > 1 {
                            let end = (
                                row.saturating_add(row_span - 1).min(u64::from(u32::MAX)) as u32,
                                col.saturating_add(col_span - 1).min(u64::from(u32::MAX)) as u32,
                            );
                            sheet.merges.push(Dimensions::new(pos, end));
                        }
                        let percent = attr(e, "value-type").as_deref() == Some("percentage");
                        if percent {
                            if let Some(v) = attr(e, "value").and_then(|v| v.parse::<f64>().ok()) {
                                if empty {
                                    let value = number(v, Some("0.00%"));
                                    sheet.percents.insert(pos, (value.0, value.1));
                                } else {
                                    pending = Some((pos, v, String::new()));
                                }
                            }
                        }
                    }
                    col = col.saturating_add(repeat);
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) => {
                if let Some((_, _, text)) = pending.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "table" => depth = depth.saturating_sub(1),
                "table-row" if depth == 1 => {
                    row = row.saturating_add(row_repeat);
                    if row >= max_rows {
                        // Nothing past the row limit is read from the sheet either.
                        row = max_rows;
                    }
                }
                "table-cell" | "covered-table-cell" if depth == 1 => {
                    if let Some((pos, v, shown)) = pending.take() {
                        out.entry(name.clone())
                            .or_default()
                            .percents
                            .insert(pos, ods_percent(v, &shown));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Some(out)
}

/// An .ods percentage: the typed value from `office:value`, the text as displayed
/// when the file holds a plain "94.06%" rendering, else two decimals.
fn ods_percent(v: f64, shown: &str) -> (String, Option<Typed>) {
    let shown = shown.trim();
    let plain = shown.strip_suffix('%').is_some_and(|n| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ','))
    });
    let decimals = shown
        .strip_suffix('%')
        .and_then(|n| n.split_once('.'))
        .map_or(0, |(_, d)| d.len());
    let (text, typed) = number(v, Some(&format!("0.{}%", "0".repeat(decimals))));
    if plain {
        (shown.to_string(), typed)
    } else {
        (text, typed)
    }
}

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A repeat or span count; absent, zero or unreadable counts are 1.
fn count(e: &BytesStart<'_>, local: &str) -> u64 {
    attr(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

fn worksheet_names(meta: &[calamine::Sheet]) -> Vec<String> {
    meta.iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

/// A sheet that cannot be read fails the whole file when nothing was read before
/// it; otherwise the sheets already read are kept and the loss is recorded.
fn sheet_failed(
    doc: &mut Document,
    format: &'static str,
    name: &str,
    err: ReadError,
) -> Result<(), ReadError> {
    if doc.blocks.is_empty() {
        return Err(err);
    }
    doc.issues.push(Issue {
        code: format!("{format}.damaged"),
        message: format!("sheet {name}: {err}"),
    });
    Ok(())
}

fn sheet_from_range(
    name: &str,
    merges: Vec<Dimensions>,
    range: &Range<Data>,
    formats: &HashMap<(u32, u32), String>,
    overrides: &HashMap<(u32, u32), (String, Option<Typed>)>,
    budget: &mut Budget,
) -> SheetCells {
    let mut sheet = SheetCells::new(name, merges);
    let Some((r0, c0)) = range.start() else {
        return sheet;
    };
    for (r, c, data) in range.used_cells() {
        let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        let value = match overrides.get(&(row, col)) {
            Some(v) => Some(v.clone()),
            None => convert(
                Value::from_data(data),
                formats.get(&(row, col)).map(String::as_str),
            ),
        };
        if !sheet.push(row, col, value, budget) {
            break;
        }
    }
    sheet
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::Encrypted { format: "xlsx" },
        other => ReadError::damaged("xlsx", other),
    }
}

fn xls_error(e: XlsError) -> ReadError {
    match e {
        XlsError::Password => ReadError::Encrypted { format: "xls" },
        other => ReadError::damaged("xls", other),
    }
}

fn ods_error(e: OdsError) -> ReadError {
    match e {
        OdsError::Password => ReadError::Encrypted { format: "ods" },
        other => ReadError::damaged("ods", other),
    }
}

/// What is left of the document-wide limits, and the issues met on the way.
struct Budget {
    max_rows: usize,
    cells_left: usize,
    issues: Vec<Issue>,
}

impl Budget {
    fn new(limits: &Limits) -> Budget {
        Budget {
            max_rows: limits.max_rows,
            cells_left: limits.max_cells,
            issues: Vec::new(),
        }
    }

    fn exhausted(&self) -> bool {
        self.cells_left == 0
    }

    fn issue(&mut self, code: &str, message: String) {
        self.issues.push(Issue {
            code: code.into(),
            message,
        });
    }
}

/// The cells of one sheet while it is being read, keyed by position.
struct SheetCells {
    name: String,
    merges: Vec<Dimensions>,
    cells: BTreeMap<(u32, u32), (String, Option<Typed>)>,
    cols_dropped: bool,
}

impl SheetCells {
    fn new(name: &str, merges: Vec<Dimensions>) -> SheetCells {
        SheetCells {
            name: name.to_string(),
            merges,
            cells: BTreeMap::new(),
            cols_dropped: false,
        }
    }

    /// Takes one cell; returns false when the sheet (or the document) is full and
    /// reading this sheet should stop.
    fn push(
        &mut self,
        row: u32,
        col: u32,
        value: Option<(String, Option<Typed>)>,
        budget: &mut Budget,
    ) -> bool {
        if row as usize >= budget.max_rows {
            // Cells arrive row by row, so everything after this one is past the limit.
            let (name, max) = (self.name.clone(), budget.max_rows);
            budget.issue(
                "limit.rows",
                format!("sheet {name}: only the first {max} rows were read"),
            );
            return false;
        }
        let Some(value) = value else {
            return true;
        };
        if col >= MAX_COLS {
            if !self.cols_dropped {
                self.cols_dropped = true;
                let name = self.name.clone();
                budget.issue(
                    "limit.cols",
                    format!("sheet {name}: cells beyond column {MAX_COLS} were dropped"),
                );
            }
            return true;
        }
        if budget.cells_left == 0 {
            let name = self.name.clone();
            budget.issue(
                "limit.cells",
                format!(
                    "cell limit reached in sheet {name}; the rest of the workbook was not read"
                ),
            );
            return false;
        }
        if self.cells.insert((row, col), value).is_none() {
            budget.cells_left -= 1;
        }
        true
    }

    /// Applies the merged regions and builds the table.
    fn into_table(self, budget: &mut Budget) -> Table {
        let SheetCells {
            name,
            mut merges,
            mut cells,
            ..
        } = self;
        let last_row = cells.keys().map(|k| k.0).max();
        let last_col = cells.keys().map(|k| k.1).max();
        let mut spans: BTreeMap<(u32, u32), (usize, usize)> = BTreeMap::new();
        if let (Some(last_row), Some(last_col)) = (last_row, last_col) {
            merges.sort();
            // Removing covered cells costs one lookup per covered row; the work is
            // bounded so that thousands of tall regions cannot stall the read.
            let mut work: usize = budget.max_rows.saturating_mul(8).max(100_000);
            for m in &merges {
                let (r0, c0) = m.start;
                let (r1, c1) = (m.end.0.min(last_row), m.end.1.min(last_col));
                if r0 > r1 || c0 > c1 || (r0 == r1 && c0 == c1) {
                    continue;
                }
                // Overlapping regions are invalid in every format; they are applied
                // as given and `Table::at` resolves a doubly covered position to the
                // first origin.
                let rows = (r1 - r0) as usize + 1;
                if work < rows {
                    budget.issue(
                        "limit.cells",
                        format!("sheet {name}: too many merged regions, some were ignored"),
                    );
                    break;
                }
                work -= rows;
                for r in r0..=r1 {
                    let covered: Vec<(u32, u32)> = cells
                        .range((r, c0)..=(r, c1))
                        .map(|(k, _)| *k)
                        .filter(|k| *k != (r0, c0))
                        .collect();
                    for k in covered {
                        cells.remove(&k);
                        budget.cells_left += 1;
                    }
                }
                spans.insert((r0, c0), (rows, (c1 - c0) as usize + 1));
                cells
                    .entry((r0, c0))
                    .or_insert_with(|| (String::new(), None));
            }
        }
        let cells = cells
            .into_iter()
            .map(|((r, c), (text, typed))| {
                let (row_span, col_span) = spans.get(&(r, c)).copied().unwrap_or((1, 1));
                Cell {
                    row_span,
                    col_span,
                    typed,
                    ..Cell::new(r as usize, c as usize, text)
                }
            })
            .collect();
        let mut table = Table::from_cells(0, cells);
        table.sheet = Some(name);
        table
    }
}

fn finish_sheet(doc: &mut Document, sheet: SheetCells, budget: &mut Budget) {
    let table = sheet.into_table(budget);
    doc.push_table(table);
}

/// A cell value from either calamine representation.
enum Value<'a> {
    Empty,
    Text(&'a str),
    Float(f64),
    Int(i64),
    Bool(bool),
    Date(ExcelDateTime),
    Error(&'a CellErrorType),
}

impl<'a> Value<'a> {
    fn from_ref(v: &'a DataRef<'a>) -> Value<'a> {
        match v {
            DataRef::Empty => Value::Empty,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                Value::Text(s)
            }
            DataRef::SharedString(s) => Value::Text(s),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) => Value::Date(*d),
            DataRef::Error(e) => Value::Error(e),
        }
    }

    fn from_data(v: &'a Data) -> Value<'a> {
        match v {
            Data::Empty => Value::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s),
            Data::Float(f) => Value::Float(*f),
            Data::Int(i) => Value::Int(*i),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(d) => Value::Date(*d),
            Data::Error(e) => Value::Error(e),
        }
    }
}

/// The text and typed value of a cell, or `None` for an empty one. `format` is the
/// cell's number format code when the file format makes it reachable.
fn convert(value: Value<'_>, format: Option<&str>) -> Option<(String, Option<Typed>)> {
    match value {
        Value::Empty => None,
        Value::Text("") => None,
        Value::Text(s) => Some((s.to_string(), None)),
        Value::Float(v) => Some(number(v, format)),
        // Integers beyond 2^53 lose precision as f64, but their text stays exact.
        Value::Int(i) => match format.and_then(percent_decimals) {
            Some(_) => Some(number(i as f64, format)),
            None => Some((i.to_string(), Some(Typed::Number(i as f64)))),
        },
        Value::Bool(b) => Some((if b { "TRUE" } else { "FALSE" }.to_string(), None)),
        Value::Date(d) => Some((date_text(&d), None)),
        Value::Error(e) => Some((e.to_string(), None)),
    }
}

fn number(v: f64, format: Option<&str>) -> (String, Option<Typed>) {
    if !v.is_finite() {
        return (v.to_string(), None);
    }
    if let Some(decimals) = format.and_then(percent_decimals) {
        let pct = v * 100.0;
        let typed = clean(pct).parse::<f64>().unwrap_or(pct);
        let text = format!("{:.*}%", decimals, pct);
        // "-0.00%" for a tiny negative fraction reads as a sign error to an auditor.
        let text = match text.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| matches!(c, '0' | '.' | '%')) => rest.to_string(),
            _ => text,
        };
        return (text, Some(Typed::Percent(typed)));
    }
    let text = clean(v);
    let typed = text.parse::<f64>().unwrap_or(v);
    (text, Some(Typed::Number(typed)))
}

/// Shortest decimal text of `v` rounded to 10 decimals: binary noise such as
/// 1146.8099999999999 disappears, integral values have no ".0".
pub fn clean(v: f64) -> String {
    let s = format!("{v:.10}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s.as_str()
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The number of decimals shown when `format` displays a percent, `None` when
/// it does not. Only the first section (positive numbers) counts; quoted text,
/// escaped characters and bracketed colours or conditions are skipped.
pub fn percent_decimals(format: &str) -> Option<usize> {
    let mut chars = format.chars();
    let mut percent = false;
    let mut decimals = 0usize;
    let mut after_point = false;
    while let Some(ch) = chars.next() {
        match ch {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '%' => percent = true,
            '.' if !percent => after_point = true,
            '0' | '#' | '?' if after_point && !percent => decimals += 1,
            _ => {}
        }
    }
    percent.then_some(decimals.min(15))
}

fn date_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        let total = (d.as_f64() * 86_400.0).round();
        if !total.is_finite() {
            return clean(d.as_f64());
        }
        let sign = if total < 0.0 { "-" } else { "" };
        let secs = total.abs() as u64;
        return format!(
            "{sign}{}:{:02}:{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        );
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if h == 0 && mi == 0 && s == 0 {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_float_noise() {
        let noisy: f64 = "1146.8099999999999".parse().unwrap_or_default();
        assert_eq!(clean(noisy), "1146.81");
        assert_eq!(clean(4108.0), "4108");
        assert_eq!(clean(0.5), "0.5");
        assert_eq!(clean(-0.0), "0");
        assert_eq!(clean(0.1 + 0.2), "0.3");
        assert_eq!(clean(-12.25), "-12.25");
    }

    #[test]
    fn percent_formats() {
        assert_eq!(percent_decimals("0.00%"), Some(2));
        assert_eq!(percent_decimals("0%"), Some(0));
        assert_eq!(percent_decimals("0.0%;[Red]-0.0%"), Some(1));
        assert_eq!(percent_decimals("#,##0.00"), None);
        assert_eq!(percent_decimals("0.00\"%\""), None);
        assert_eq!(percent_decimals("General"), None);
    }

    #[test]
    fn percent_cell_text() {
        let (text, typed) = number(0.9406, Some("0.00%"));
        assert_eq!(text, "94.06%");
        assert_eq!(typed, Some(Typed::Percent(94.06)));
        let (text, _) = number(-0.00001, Some("0.00%"));
        assert_eq!(text, "0.00%");
    }
}
