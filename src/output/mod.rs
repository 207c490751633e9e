//! Writers of the dataset in OUT: one file per format, all from the same records.

pub mod csv;
pub mod html;
pub mod jsonl;
pub mod sqlite;
pub mod xlsx;

use std::path::Path;

use crate::record::Record;

/// Output formats a run can write (the values of `--formats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Jsonl,
    Csv,
    Sqlite,
    Xlsx,
    Html,
}

impl OutFormat {
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
/// goes through them once or a few times and keeps only what its own file needs, so a
/// dataset kept on disk is written without ever being held in memory whole.
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

/// Writes every requested format into `dir` (created if missing).
pub fn write_all(dir: &Path, records: &[Record], formats: &[OutFormat]) -> std::io::Result<()> {
    write_all_from(dir, &records, formats)
}

/// [`write_all`] from any [`RecordSource`].
pub fn write_all_from(
    dir: &Path,
    records: &dyn RecordSource,
    formats: &[OutFormat],
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for f in formats {
        match f {
            OutFormat::Jsonl => jsonl::write(&dir.join("records.jsonl"), records)?,
            OutFormat::Csv => csv::write_all(dir, records)?,
            OutFormat::Sqlite => sqlite::write(&dir.join(SQLITE_FILE), records)?,
            OutFormat::Xlsx => xlsx::write(&dir.join(XLSX_FILE), records)?,
            OutFormat::Html => html::write(&dir.join(HTML_FILE), records)?,
        }
    }
    Ok(())
}
