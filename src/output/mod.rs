//! Writers of the dataset in OUT: one file per format, all from the same records.
//!
//! A run goes through the records once: each record is flattened into its table rows
//! ([`rows`]) once, and every requested writer takes the record and its rows in turn, so
//! that adding a format costs its encoding, not another pass over the dataset.

pub mod charts;
pub mod crops;
pub mod csv;
pub mod html;
pub mod jsonl;
pub mod load;
pub mod rows;
pub mod sqlite;
pub mod tally;
pub mod xlsx;

use std::path::Path;

use crate::i18n::Lang;
use crate::record::Record;

use rows::RecordRows;

/// Output formats a run can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Jsonl,
    Csv,
    Sqlite,
    Xlsx,
    Html,
}

impl OutFormat {
    pub fn parse(s: &str) -> Option<OutFormat> {
        match s.trim() {
            "jsonl" => Some(OutFormat::Jsonl),
            "csv" => Some(OutFormat::Csv),
            "sqlite" => Some(OutFormat::Sqlite),
            "xlsx" => Some(OutFormat::Xlsx),
            "html" => Some(OutFormat::Html),
            _ => None,
        }
    }

    pub const ALL: &'static [OutFormat] = &[
        OutFormat::Jsonl,
        OutFormat::Csv,
        OutFormat::Sqlite,
        OutFormat::Xlsx,
        OutFormat::Html,
    ];
}

/// File names in OUT, by format.
pub const SQLITE_FILE: &str = "jixiao.sqlite";
pub const XLSX_FILE: &str = "findings.xlsx";
pub const HTML_FILE: &str = "report.html";

/// The records of a dataset, in dataset order, as the writers see them: each writer
/// keeps only what its own file needs, so a dataset kept on disk is written without
/// ever being held in memory whole.
pub trait RecordSource {
    /// How many records there are.
    fn count(&self) -> usize;
    /// Calls `f` on every record in dataset order, stopping at the first error.
    fn each(&self, f: &mut dyn FnMut(&Record) -> std::io::Result<()>) -> std::io::Result<()>;
}

impl RecordSource for &[Record] {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Record) -> std::io::Result<()>) -> std::io::Result<()> {
        self.iter().try_for_each(f)
    }
}

/// One output file (or set of files) being written, a record at a time.
pub trait Writer {
    /// The next record in dataset order, with its rows (empty when no writer of the run
    /// uses rows).
    fn record(&mut self, rec: &Record, rows: &RecordRows) -> std::io::Result<()>;
    /// Completes the file(s); nothing is complete before.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

fn open(dir: &Path, format: OutFormat, lang: Lang) -> std::io::Result<Box<dyn Writer>> {
    Ok(match format {
        OutFormat::Jsonl => Box::new(jsonl::JsonlWriter::create(&dir.join("records.jsonl"))?),
        OutFormat::Csv => Box::new(csv::CsvWriter::create(dir)?),
        OutFormat::Sqlite => Box::new(sqlite::SqliteWriter::create(&dir.join(SQLITE_FILE))?),
        OutFormat::Xlsx => Box::new(xlsx::XlsxWriter::create(&dir.join(XLSX_FILE), lang)),
        OutFormat::Html => Box::new(html::HtmlWriter::create(&dir.join(HTML_FILE), lang)?),
    })
}

/// Writes every requested format into `dir` (created if missing), in one pass over the
/// records. `lang` is the language of the workbook and the review page's first view;
/// the other files do not depend on it.
pub fn write_all_from(
    dir: &Path,
    records: &dyn RecordSource,
    formats: &[OutFormat],
    lang: Lang,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut writers = formats
        .iter()
        .map(|f| open(dir, *f, lang))
        .collect::<std::io::Result<Vec<_>>>()?;
    let need_rows = formats.iter().any(|f| *f != OutFormat::Jsonl);
    let mut id = 0usize;
    records.each(&mut |r| {
        id += 1;
        let rows = if need_rows {
            RecordRows::of(id, r)
        } else {
            RecordRows::default()
        };
        writers.iter_mut().try_for_each(|w| w.record(r, &rows))
    })?;
    writers.into_iter().try_for_each(|w| w.finish())
}
