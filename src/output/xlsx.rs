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

use super::RecordSource;
use crate::model::Source;
use crate::record::{num_json, Severity};

/// Excel's HYPERLINK takes at most 255 characters in each argument; longer paths are
/// written as plain text.
const MAX_LINK_CHARS: usize = 255;
/// Rows of a sheet, the header included.
const MAX_ROWS: usize = 1_048_576;
/// Excel shows at most 32,767 characters of a cell.
const MAX_CELL_CHARS: usize = 32_767;
const MIN_WIDTH: f64 = 6.0;
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

fn opt_text(s: &Option<String>) -> Cell {
    s.as_ref().map(|s| text(s.clone())).unwrap_or(Cell::Empty)
}

fn num(v: Option<f64>) -> Cell {
    match v.and_then(|x| num_json(x).as_f64()) {
        Some(x) => Cell::Num(x),
        None => Cell::Empty,
    }
}

fn int<T: TryInto<u32>>(v: Option<T>) -> Cell {
    match v.and_then(|x| x.try_into().ok()) {
        Some(x) => Cell::Num(f64::from(x)),
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

/// A row's cells, and the format that colours the whole row.
type Row<'a> = (Vec<Cell>, Option<&'a Format>);

struct Formats {
    header: Format,
    wrap: Format,
    link: Format,
    by_severity: [(Severity, Format); 3],
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
/// widths), then widths, frozen header and autofilter at the end. `row_format` colours a
/// whole row (findings by severity). The first error is kept and given by `finish`.
struct SheetOut<'a> {
    ws: Worksheet,
    fm: &'a Formats,
    book_dir: Option<&'a Path>,
    header: &'static [&'static str],
    widths: Vec<f64>,
    rows: usize,
    err: Option<rust_xlsxwriter::XlsxError>,
}

impl<'a> SheetOut<'a> {
    fn new(
        ws: Worksheet,
        name: &str,
        fm: &'a Formats,
        book_dir: Option<&'a Path>,
        header: &'static [&'static str],
    ) -> Self {
        let mut out = SheetOut {
            ws,
            fm,
            book_dir,
            header,
            widths: header.iter().map(|h| width_of(h) + 2.0).collect(),
            rows: 0,
            err: None,
        };
        if let Err(e) = out.ws.set_name(name) {
            out.err = Some(e);
        }
        for (c, h) in header.iter().enumerate() {
            if let Err(e) = out.ws.write_string_with_format(0, col(c), *h, &fm.header) {
                out.err.get_or_insert(e);
            }
        }
        out
    }

    fn push(&mut self, (cells, row_format): Row) {
        if self.err.is_some() || self.rows >= MAX_ROWS - 1 {
            return;
        }
        self.rows += 1;
        let row = u32::try_from(self.rows).unwrap_or(u32::MAX);
        if let Err(e) = self.cells(row, &cells, row_format) {
            self.err = Some(e);
        }
    }

    fn cells(
        &mut self,
        row: u32,
        cells: &[Cell],
        row_format: Option<&Format>,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        let ws = &mut self.ws;
        for (c, cell) in cells.iter().enumerate() {
            let colno = col(c);
            let w = match cell {
                Cell::Text(s) => {
                    let s: String = s.chars().take(MAX_CELL_CHARS).collect();
                    match row_format {
                        Some(f) => ws.write_string_with_format(row, colno, &s, f)?,
                        None => ws.write_string(row, colno, &s)?,
                    };
                    width_of(&s)
                }
                Cell::Num(x) => {
                    match row_format {
                        Some(f) => ws.write_number_with_format(row, colno, *x, f)?,
                        None => ws.write_number(row, colno, *x)?,
                    };
                    num_json(*x).to_string().len() as f64
                }
                Cell::Path(p) => {
                    match hyperlink(&link_target(p, self.book_dir), p) {
                        Some(f) => ws.write_formula_with_format(
                            row,
                            colno,
                            Formula::new(f).set_result(p),
                            &self.fm.link,
                        )?,
                        None => ws.write_string(row, colno, p)?,
                    };
                    width_of(p)
                }
                Cell::Empty => {
                    if let Some(f) = row_format {
                        ws.write_blank(row, colno, f)?;
                    }
                    0.0
                }
            };
            if let Some(cur) = self.widths.get_mut(c) {
                *cur = cur.max(w + 1.0);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Worksheet, rust_xlsxwriter::XlsxError> {
        if let Some(e) = self.err {
            return Err(e);
        }
        let ws = &mut self.ws;
        for (c, w) in self.widths.iter().enumerate() {
            let w = w.clamp(MIN_WIDTH, MAX_WIDTH);
            if w >= MAX_WIDTH {
                ws.set_column_format(col(c), &self.fm.wrap)?;
            }
            ws.set_column_width(col(c), w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        let last_row = u32::try_from(self.rows).unwrap_or(u32::MAX - 1);
        let last_col = col(self.header.len().saturating_sub(1));
        ws.autofilter(0, 0, last_row, last_col)?;
        Ok(self.ws)
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

pub const FINDINGS_HEADER: &[&str] = &[
    "severity", "rule", "name", "message", "path", "report", "subject", "values", "source",
    "sha256",
];
pub const FILES_HEADER: &[&str] = &[
    "path", "sha256", "format", "bytes", "pages", "status", "title", "year", "reports", "findings",
    "error",
];
pub const REPORTS_HEADER: &[&str] = &[
    "path",
    "report",
    "kind",
    "title",
    "year",
    "program",
    "central_dept",
    "local_dept",
    "unit",
    "money_unit",
    "funds",
    "indicators",
    "goal_target",
    "goal_actual",
];
pub const FUNDS_HEADER: &[&str] = &[
    "path",
    "report",
    "year",
    "program",
    "unit",
    "money_unit",
    "line",
    "label",
    "budget",
    "executed",
    "rate",
    "budget_wan",
    "executed_wan",
    "initial",
    "weight",
    "score",
    "reason",
];
pub const INDICATORS_HEADER: &[&str] = &[
    "path",
    "report",
    "year",
    "program",
    "unit",
    "level1",
    "level2",
    "name",
    "canonical",
    "match",
    "target",
    "target_value",
    "actual",
    "actual_value",
    "unit_written",
    "met",
    "reason",
];
pub const FACTS_HEADER: &[&str] = &[
    "path",
    "concept",
    "line",
    "label",
    "value",
    "unit",
    "value_wan",
    "text",
    "page",
    "paragraph",
];

/// Sheet names, in workbook order.
pub const SHEETS: &[&str] = &[
    "findings",
    "files",
    "reports",
    "funds",
    "indicators",
    "facts",
];

fn source_text(s: &[Source]) -> Cell {
    let parts: Vec<String> = s.iter().map(describe).collect();
    text(parts.join("; "))
}

/// "table 0 row 7 col 4" or "paragraph 12 chars 34..51", numbered as in records.jsonl.
pub fn describe(s: &Source) -> String {
    let mut out = Vec::new();
    if let Some(p) = s.page {
        out.push(format!("page {p}"));
    }
    if let Some(sh) = &s.sheet {
        out.push(format!("sheet {sh}"));
    }
    if let Some(t) = s.table {
        out.push(format!("table {t}"));
    }
    if let Some(r) = s.row {
        out.push(format!("row {r}"));
    }
    if let Some(c) = s.col {
        out.push(format!("col {c}"));
    }
    if let Some(p) = s.paragraph {
        out.push(format!("paragraph {p}"));
    }
    if let (Some(a), Some(b)) = (s.start, s.end) {
        out.push(format!("chars {a}..{b}"));
    }
    out.join(" ")
}

pub fn write(path: &Path, records: &dyn RecordSource) -> std::io::Result<()> {
    write_book(path, records).map_err(std::io::Error::other)
}

fn write_book(path: &Path, records: &dyn RecordSource) -> Result<(), rust_xlsxwriter::XlsxError> {
    let fm = formats();
    let book_dir = std::path::absolute(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let mut book = Workbook::new();
    // A fixed creation date keeps the file the same for the same records.
    book.set_properties(
        &DocProperties::new()
            .set_title("jixiao findings")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );

    let sev_format = |s: Severity| fm.by_severity.iter().find(|(k, _)| *k == s).map(|(_, f)| f);
    // Sheets in constant-memory mode: rows are written to disk as they come, so a
    // dataset of any size costs the same memory.
    let bd = book_dir.as_deref();
    let mut sheet = |name: &str, header: &'static [&'static str]| {
        SheetOut::new(
            book.new_worksheet_with_constant_memory(),
            name,
            &fm,
            bd,
            header,
        )
    };
    let mut findings = sheet("findings", FINDINGS_HEADER);
    let mut files = sheet("files", FILES_HEADER);
    let mut reports = sheet("reports", REPORTS_HEADER);
    let mut funds = sheet("funds", FUNDS_HEADER);
    let mut inds = sheet("indicators", INDICATORS_HEADER);
    let mut facts = sheet("facts", FACTS_HEADER);
    records
        .each(&mut |r| {
            let path = &r.file.path;
            for f in &r.findings {
                findings.push((
                    vec![
                        text(f.severity.as_str()),
                        text(f.rule),
                        text(f.name),
                        text(f.message.clone()),
                        Cell::Path(path.clone()),
                        int(f.report),
                        match &f.subject {
                            Value::Object(m) if m.len() == 1 => m
                                .values()
                                .next()
                                .map(|v| match v {
                                    Value::String(s) => text(s.clone()),
                                    other => json(other),
                                })
                                .unwrap_or(Cell::Empty),
                            other => json(other),
                        },
                        json(&f.values),
                        source_text(&f.source),
                        text(r.file.sha256.clone()),
                    ],
                    sev_format(f.severity),
                ));
            }
            let error = r
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.code, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            files.push((
                vec![
                    Cell::Path(path.clone()),
                    text(r.file.sha256.clone()),
                    opt_text(&r.file.format),
                    Cell::Num(r.file.bytes as f64),
                    int(r.file.pages),
                    text(r.status.as_str()),
                    opt_text(&r.title),
                    int(r.year),
                    int(Some(r.reports.len())),
                    int(Some(r.findings.len())),
                    text(error),
                ],
                None,
            ));
            for (ri, rep) in r.reports.iter().enumerate() {
                reports.push((
                    vec![
                        text(path.clone()),
                        int(Some(ri)),
                        text(rep.kind.as_str()),
                        opt_text(&rep.title),
                        int(rep.year),
                        opt_text(&rep.program),
                        opt_text(&rep.meta.central_dept),
                        opt_text(&rep.meta.local_dept),
                        opt_text(&rep.meta.unit),
                        opt_text(&rep.money_unit),
                        int(Some(rep.funds.len())),
                        int(Some(rep.indicators.len())),
                        opt_text(&rep.goals.target),
                        opt_text(&rep.goals.actual),
                    ],
                    None,
                ));
                let head = [
                    text(path.clone()),
                    int(Some(ri)),
                    int(rep.year),
                    opt_text(&rep.program),
                    opt_text(&rep.meta.unit),
                ];
                for f in &rep.funds {
                    let mut row = head.to_vec();
                    row.extend([
                        opt_text(&rep.money_unit),
                        opt_text(&f.line),
                        text(f.label.clone()),
                        num(f.budget),
                        num(f.executed),
                        num(f.rate),
                        num(f.budget_wan),
                        num(f.executed_wan),
                        num(f.initial),
                        num(f.weight),
                        num(f.score),
                        opt_text(&f.reason),
                    ]);
                    funds.push((row, None));
                }
                for ind in &rep.indicators {
                    let mut row = head.to_vec();
                    row.extend([
                        opt_text(&ind.level1),
                        opt_text(&ind.level2),
                        text(ind.name.clone()),
                        opt_text(&ind.canonical),
                        text(ind.match_kind),
                        text(ind.target.raw.clone()),
                        num(ind.target.value),
                        text(ind.actual.raw.clone()),
                        num(ind.actual.value),
                        opt_text(&ind.actual.unit.clone().or(ind.target.unit.clone())),
                        match ind.met {
                            Some(true) => text("true"),
                            Some(false) => text("false"),
                            None => Cell::Empty,
                        },
                        text(ind.reason.clone()),
                    ]);
                    inds.push((row, None));
                }
            }
            for f in &r.facts {
                facts.push((
                    vec![
                        text(path.clone()),
                        text(f.concept.clone()),
                        opt_text(&f.line),
                        text(f.label.clone()),
                        num(Some(f.value)),
                        opt_text(&f.unit),
                        num(f.value_wan),
                        text(f.text.clone()),
                        int(f.source.page),
                        int(f.source.paragraph),
                    ],
                    None,
                ));
            }
            Ok(())
        })
        .map_err(rust_xlsxwriter::XlsxError::IoError)?;
    for out in [findings, files, reports, funds, inds, facts] {
        book.push_worksheet(out.finish()?);
    }
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;

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
