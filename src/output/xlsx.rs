//! findings.xlsx: the dataset for auditors working in Excel. One sheet per table, the
//! findings first, each with a frozen header, an autofilter and widths fitted to the text;
//! findings coloured by severity; file paths as links that open the file (on the findings
//! and files sheets). Sheets are written in constant-memory mode, row by row.
//!
//! Links are HYPERLINK formulas, not hyperlink objects: the writer keeps every hyperlink
//! object in memory until the workbook is saved (about 2 KiB each: 60 MiB for the
//! findings of 10,000 files) and Excel takes at most 65,530 of them a sheet, while a
//! formula is written with its row and has no count limit.

use std::path::Path;

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};
use serde_json::Value;

use super::rows::{self, at, describe, RecordRows, Table, Val};
use super::tally::Tally;
use crate::i18n::Lang;
use crate::record::{num_json, Record, Severity};

mod summary;

/// Excel's HYPERLINK takes at most 255 characters in each argument; longer paths are
/// written as plain text.
const MAX_LINK_CHARS: usize = 255;
/// Rows of a sheet, the header included.
const MAX_ROWS: usize = 1_048_576;
/// Excel shows at most 32,767 characters of a cell.
const MAX_CELL_CHARS: usize = 32_767;
const MIN_WIDTH: f64 = 6.0;
/// Rows whose text sets the column widths.
const MEASURED_ROWS: usize = 2_000;
const MAX_WIDTH: f64 = 60.0;

/// A cell to write: text, a number, a file path (written as a link), or nothing.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Num(f64),
    Path(String),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(v: Option<f64>) -> Cell {
    match v.and_then(|x| num_json(x).as_f64()) {
        Some(x) => Cell::Num(x),
        None => Cell::Empty,
    }
}

fn json(v: &impl serde::Serialize) -> Cell {
    text(serde_json::to_string(v).unwrap_or_default())
}

/// Display width of text: CJK and other wide characters count double.
fn width_of(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) >= 0x1100 { 2.0 } else { 1.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// Where a link from the workbook to an input file leads: a path relative to the
/// workbook's folder (HYPERLINK resolves it against the workbook, so OUT and the archive
/// can move together), or a file:// URL of the absolute path where no relative one exists.
fn link_target(path: &str, book_dir: Option<&Path>) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| Path::new(path).to_path_buf());
    match book_dir.and_then(|dir| relative(&abs, dir)) {
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => format!(
            "file:///{}",
            abs.to_string_lossy()
                .replace('\\', "/")
                .trim_start_matches('/')
        ),
    }
}

/// `=HYPERLINK(target, text)`, or None when either is too long for Excel.
fn hyperlink(target: &str, text: &str) -> Option<String> {
    if target.chars().count() > MAX_LINK_CHARS || text.chars().count() > MAX_LINK_CHARS {
        return None;
    }
    let quote = |s: &str| s.replace('"', "\"\"");
    Some(format!(
        "=HYPERLINK(\"{}\",\"{}\")",
        quote(target),
        quote(text)
    ))
}

/// `target` relative to the folder `from` (both absolute), None when they share no root.
fn relative(target: &Path, from: &Path) -> Option<std::path::PathBuf> {
    use std::path::Component;
    let t: Vec<Component> = target.components().collect();
    let f: Vec<Component> = from.components().collect();
    if t.first() != f.first() {
        return None;
    }
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = std::path::PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in t.iter().skip(common) {
        out.push(c.as_os_str());
    }
    Some(out)
}

struct Formats {
    header: Format,
    wrap: Format,
    link: Format,
    by_severity: [(Severity, Format); 3],
}

impl Formats {
    /// The format that colours a finding's row.
    fn severity(&self, s: Option<Severity>) -> Option<&Format> {
        let s = s?;
        self.by_severity
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, f)| f)
    }
}

fn formats() -> Formats {
    let sev = |bg: u32, fg: u32| {
        Format::new()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
    };
    Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
        wrap: Format::new().set_text_wrap(),
        link: Format::new()
            .set_font_color(Color::RGB(0x0563C1))
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        by_severity: [
            (Severity::Error, sev(0xFFC7CE, 0x9C0006)),
            (Severity::Warning, sev(0xFFEB9C, 0x9C5700)),
            (Severity::Info, sev(0xDDEBF7, 0x1F4E78)),
        ],
    }
}

/// One sheet being written: rows go out as they come (the sheet keeps nothing but the
/// widths), then widths, frozen header and autofilter at the end. A row's format colours
/// the whole row (findings by severity). The first error is kept and given by `finish`.
struct SheetOut {
    ws: Worksheet,
    columns: usize,
    widths: Vec<f64>,
    rows: usize,
    err: Option<rust_xlsxwriter::XlsxError>,
}

impl SheetOut {
    fn new(mut ws: Worksheet, name: &str, fm: &Formats, header: &[&str]) -> Self {
        let mut err = ws.set_name(name).err();
        for (c, h) in header.iter().enumerate() {
            if let Err(e) = ws.write_string_with_format(0, col(c), *h, &fm.header) {
                err.get_or_insert(e);
            }
        }
        SheetOut {
            ws,
            columns: header.len(),
            widths: header.iter().map(|h| width_of(h) + 2.0).collect(),
            rows: 0,
            err,
        }
    }

    fn push(&mut self, cells: Vec<Cell>, row_format: Option<&Format>, link: &Links) {
        if self.err.is_some() || self.rows >= MAX_ROWS - 1 {
            return;
        }
        self.rows += 1;
        let row = u32::try_from(self.rows).unwrap_or(u32::MAX);
        // Widths are fitted to the first rows: measuring every cell of a large sheet
        // costs more than writing it, and a few thousand rows show the shape.
        let measure = self.rows <= MEASURED_ROWS;
        for (c, cell) in cells.into_iter().enumerate() {
            match write_cell(&mut self.ws, (row, col(c)), cell, row_format, link, measure) {
                Ok(w) => {
                    if let Some(cur) = self.widths.get_mut(c) {
                        *cur = cur.max(w + 1.0);
                    }
                }
                Err(e) => {
                    self.err = Some(e);
                    return;
                }
            }
        }
    }

    fn finish(mut self, fm: &Formats) -> Result<Worksheet, rust_xlsxwriter::XlsxError> {
        if let Some(e) = self.err {
            return Err(e);
        }
        let ws = &mut self.ws;
        for (c, w) in self.widths.iter().enumerate() {
            let w = w.clamp(MIN_WIDTH, MAX_WIDTH);
            if w >= MAX_WIDTH {
                ws.set_column_format(col(c), &fm.wrap)?;
            }
            ws.set_column_width(col(c), w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        let last_row = u32::try_from(self.rows).unwrap_or(u32::MAX - 1);
        let last_col = col(self.columns.saturating_sub(1));
        ws.autofilter(0, 0, last_row, last_col)?;
        Ok(self.ws)
    }
}

/// How file paths become links: the workbook's folder and the link format.
struct Links {
    book_dir: Option<std::path::PathBuf>,
    format: Format,
}

/// Writes one cell; gives the width of what it shows when `measure` asks for it.
fn write_cell(
    ws: &mut Worksheet,
    (row, colno): (u32, u16),
    cell: Cell,
    row_format: Option<&Format>,
    link: &Links,
    measure: bool,
) -> Result<f64, rust_xlsxwriter::XlsxError> {
    Ok(match cell {
        Cell::Text(mut s) => {
            // A text has at least as many bytes as characters: most need no cut.
            if s.len() > MAX_CELL_CHARS {
                s = s.chars().take(MAX_CELL_CHARS).collect();
            }
            let w = if measure { width_of(&s) } else { 0.0 };
            match row_format {
                Some(f) => ws.write_string_with_format(row, colno, s, f)?,
                None => ws.write_string(row, colno, s)?,
            };
            w
        }
        Cell::Num(x) => {
            match row_format {
                Some(f) => ws.write_number_with_format(row, colno, x, f)?,
                None => ws.write_number(row, colno, x)?,
            };
            if measure {
                num_json(x).to_string().len() as f64
            } else {
                0.0
            }
        }
        Cell::Path(p) => {
            match hyperlink(&link_target(&p, link.book_dir.as_deref()), &p) {
                Some(f) => ws.write_formula_with_format(
                    row,
                    colno,
                    Formula::new(f).set_result(&p),
                    &link.format,
                )?,
                None => ws.write_string(row, colno, &p)?,
            };
            width_of(&p)
        }
        Cell::Empty => {
            if let Some(f) = row_format {
                ws.write_blank(row, colno, f)?;
            }
            0.0
        }
    })
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A sheet: its name, the table its rows come from, its columns (see
/// [`Table::pick`]), and whether its paths are links that open the file.
struct Sheet {
    name: &'static str,
    table: &'static Table,
    columns: &'static [&'static str],
    links: bool,
}

/// The sheets, in workbook order: findings first.
const SHEETS: [Sheet; 6] = [
    Sheet {
        name: "findings",
        table: &rows::FINDINGS,
        columns: &[
            "severity", "rule", "name", "message", "path", "report", "subject", "values", "source",
            "sha256",
        ],
        links: true,
    },
    Sheet {
        name: "files",
        table: &rows::FILES,
        columns: &["path..=error"],
        links: true,
    },
    Sheet {
        name: "reports",
        table: &rows::REPORTS,
        columns: &[
            "path..=unit",
            "money_unit..=goal_actual",
            "total_score..=grade_level",
        ],
        links: false,
    },
    Sheet {
        name: "funds",
        table: &rows::FUNDS,
        columns: &["path", "report", "year..=reason"],
        links: false,
    },
    Sheet {
        name: "indicators",
        table: &rows::INDICATORS,
        columns: &[
            "path",
            "report",
            "year..=match",
            "target_raw",
            "target_value",
            "actual_raw",
            "actual_value",
            "unit_written",
            "met",
            "reason",
            "weight",
            "score",
        ],
        links: false,
    },
    Sheet {
        name: "facts",
        table: &rows::FACTS,
        columns: &["path", "concept..=text", "page", "paragraph"],
        links: false,
    },
];

/// How a column shows its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    Value,
    /// A file path, as a link that opens the file.
    Link,
    /// A finding's subject: the one value of a one-key object, else its JSON.
    Subject,
}

impl Sheet {
    fn show(&self, column: &str) -> Show {
        match column {
            "path" if self.links => Show::Link,
            "subject" => Show::Subject,
            _ => Show::Value,
        }
    }
}

/// A row value as a cell.
fn cell(v: &Val, show: Show, lang: Lang) -> Cell {
    match (v, show) {
        (Val::Null, _) => Cell::Empty,
        (Val::Text(s), Show::Link) => Cell::Path(s.to_string()),
        (Val::Text(s), _) => text(s.as_ref()),
        (Val::Int(i), _) => Cell::Num(*i as f64),
        (Val::Num(x), _) => num(Some(*x)),
        (Val::Bool(b), _) => text(b.to_string()),
        (Val::Json(Value::Object(m)), Show::Subject) if m.len() == 1 => m
            .values()
            .next()
            .map(|v| match v {
                Value::String(s) => text(s.clone()),
                other => json(other),
            })
            .unwrap_or(Cell::Empty),
        (Val::Json(j), _) => json(j),
        (Val::Sources(s), _) => text(
            s.iter()
                .map(|s| describe(s, lang))
                .collect::<Vec<_>>()
                .join(&lang.word("common", "semicolon")),
        ),
    }
}

/// The workbook being written, a sheet per table; the sheets are written in
/// constant-memory mode, rows going to disk as they come, so a dataset of any size
/// costs the same memory.
pub struct XlsxWriter {
    path: std::path::PathBuf,
    book: Workbook,
    fm: Formats,
    links: Links,
    /// Per sheet: where its rows are written, the row positions of its columns and how
    /// each shows.
    sheets: Vec<(SheetOut, Vec<usize>, Vec<Show>)>,
    lang: Lang,
    tally: Tally,
}

impl XlsxWriter {
    pub fn create(path: &Path, lang: Lang) -> XlsxWriter {
        let fm = formats();
        let mut book = Workbook::new();
        let sheets = SHEETS
            .iter()
            .map(|sh| {
                // The message in the workbook's language.
                let columns: Vec<&str> = sh
                    .columns
                    .iter()
                    .map(|c| match (*c, lang) {
                        ("message", Lang::Zh) => "message_zh",
                        (c, _) => c,
                    })
                    .collect();
                let pick = sh.table.pick(&columns);
                let names = sh.table.names(&pick);
                let headers: Vec<String> = names.iter().map(|n| lang.word("column", n)).collect();
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                let ws = book.new_worksheet_with_constant_memory();
                let out = SheetOut::new(ws, &lang.word("xlsx", sh.name), &fm, &headers);
                let shows = names.iter().map(|n| sh.show(n)).collect();
                (out, pick, shows)
            })
            .collect();
        let links = Links {
            book_dir: std::path::absolute(path)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf)),
            format: fm.link.clone(),
        };
        XlsxWriter {
            path: path.to_path_buf(),
            book,
            fm,
            links,
            sheets,
            lang,
            tally: Tally::default(),
        }
    }

    fn save(self) -> Result<(), rust_xlsxwriter::XlsxError> {
        let XlsxWriter {
            path,
            mut book,
            fm,
            sheets,
            lang,
            tally,
            ..
        } = self;
        // A fixed creation date keeps the file the same for the same records.
        book.set_properties(
            &DocProperties::new()
                .set_title(lang.word("xlsx", "title"))
                .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
        );
        book.push_worksheet(summary::sheet(&tally, lang, &fm.header)?);
        for (out, ..) in sheets {
            book.push_worksheet(out.finish(&fm)?);
        }
        book.save(path)
    }
}

impl super::Writer for XlsxWriter {
    fn record(&mut self, rec: &Record, rows: &RecordRows) -> std::io::Result<()> {
        self.tally.add(rec);
        for (sheet, (out, pick, shows)) in SHEETS.iter().zip(&mut self.sheets) {
            for (k, row) in rows.of_table(sheet.table).iter().enumerate() {
                let cells: Vec<Cell> = pick
                    .iter()
                    .zip(shows.iter())
                    .map(|(&i, show)| cell(at(row, i), *show, self.lang))
                    .collect();
                let severity = (sheet.table.name == rows::FINDINGS.name)
                    .then(|| rec.findings.get(k).map(|f| f.severity))
                    .flatten();
                out.push(cells, self.fm.severity(severity), &self.links);
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        self.save().map_err(std::io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_in_its_table() {
        for sh in &SHEETS {
            let pick = sh.table.pick(sh.columns);
            assert!(
                pick.iter().all(|&i| i < sh.table.columns.len()),
                "{}",
                sh.name
            );
        }
    }

    #[test]
    fn links_are_relative_to_the_workbook() {
        let dir = Path::new("/data/out");
        assert_eq!(
            relative(Path::new("/data/in/a b.docx"), dir),
            Some(std::path::PathBuf::from("../in/a b.docx"))
        );
        assert_eq!(
            link_target("/data/in/a b.docx", Some(dir)),
            "../in/a b.docx"
        );
        assert_eq!(
            link_target("/data/in/x#1.docx", None),
            "file:///data/in/x#1.docx"
        );
    }

    #[test]
    fn hyperlinks_quote_and_give_up_on_long_paths() {
        let f = hyperlink("../in/\"a\".docx", "in/\"a\".docx").expect("short");
        assert_eq!(
            f,
            "=HYPERLINK(\"../in/\"\"a\"\".docx\",\"in/\"\"a\"\".docx\")"
        );
        let long = "长".repeat(256);
        assert!(hyperlink(&long, "x").is_none());
        assert!(hyperlink("x", &long).is_none());
    }
}
