//! Writers of the dataset in OUT: one file per format, all from the same records.
//!
//! A run goes through the records once: every requested writer takes each record in
//! turn, flattened into the rows of its tables by one layer ([`rows`]), so that adding a
//! format costs its encoding, not another pass over the dataset.

pub mod charts;
pub mod crops;
pub mod csv;
pub mod html;
pub mod jsonl;
pub mod parquet;
pub mod rows;
pub mod sqlite;
pub mod tally;
pub mod xlsx;

use std::path::Path;
use std::sync::Arc;

use crate::i18n::Lang;
use crate::record::Record;

use rows::RecordRows;

/// Output formats a run can write (the values of `--formats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Jsonl,
    Csv,
    Sqlite,
    Xlsx,
    Html,
    /// Not among the defaults: asked for by name (`--formats …,parquet`).
    Parquet,
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
pub trait Writer: Send {
    /// The next record in dataset order, with its rows.
    fn record(&mut self, rec: &Record, rows: &RecordRows) -> std::io::Result<()>;
    /// Completes the file(s); nothing is complete before.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
    /// Whether the writer reads the rows (records.jsonl does not).
    fn wants_rows(&self) -> bool {
        true
    }
}

/// A file of one table's rows: a CSV or a Parquet file.
pub trait TableFile: Send + Sized {
    fn table(&self) -> &'static rows::Table;
    fn push(&mut self, row: &[rows::Val]) -> std::io::Result<()>;
    fn close(self) -> std::io::Result<()>;
}

/// The flat files of a format, one a table with the columns of [`csv::FLAT_FILES`].
pub struct TableFiles<F>(Vec<F>);

impl<F: TableFile> TableFiles<F> {
    /// Opens one file a table: `open(stem, table, columns)`.
    pub fn create(
        open: impl Fn(&str, &'static rows::Table, &[&str]) -> std::io::Result<F>,
    ) -> std::io::Result<TableFiles<F>> {
        csv::FLAT_FILES
            .iter()
            .map(|(stem, table, columns)| open(stem, table, columns))
            .collect::<std::io::Result<Vec<_>>>()
            .map(TableFiles)
    }
}

impl<F: TableFile> Writer for TableFiles<F> {
    fn record(&mut self, _rec: &Record, rows: &RecordRows) -> std::io::Result<()> {
        for f in &mut self.0 {
            for row in rows.of_table(f.table()) {
                f.push(row)?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        self.0.into_iter().try_for_each(TableFile::close)
    }
}

/// Records waiting for a writer that is behind.
const QUEUE: usize = 64;

fn open(dir: &Path, format: OutFormat, lang: Lang) -> std::io::Result<Box<dyn Writer>> {
    Ok(match format {
        OutFormat::Jsonl => Box::new(jsonl::JsonlWriter::create(&dir.join("records.jsonl"))?),
        OutFormat::Csv => Box::new(csv::create(dir)?),
        OutFormat::Sqlite => Box::new(sqlite::SqliteWriter::create(&dir.join(SQLITE_FILE))?),
        OutFormat::Xlsx => Box::new(xlsx::XlsxWriter::create(&dir.join(XLSX_FILE), lang)),
        OutFormat::Html => Box::new(html::HtmlWriter::create(&dir.join(HTML_FILE), lang)?),
        OutFormat::Parquet => Box::new(parquet::create(dir)?),
    })
}

/// Writes every requested format into `dir` (created if missing), in one pass over the
/// records. `lang` is the language of the workbook and the review page's first view;
/// the other files do not depend on it.
///
/// Each writer runs on a thread of its own, taking the records in dataset order from a
/// short queue and flattening them into rows itself: the formats are written side by
/// side, so that all of them cost little more time than the slowest.
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
    if writers.len() == 1 {
        if let Some(mut w) = writers.pop() {
            let mut id = 0usize;
            records.each(&mut |r| {
                id += 1;
                feed(w.as_mut(), id, r)
            })?;
            return w.finish();
        }
    }
    std::thread::scope(|scope| {
        let mut queues = Vec::new();
        let mut running = Vec::new();
        for mut w in writers {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Arc<Record>>(QUEUE);
            queues.push(tx);
            running.push(scope.spawn(move || -> std::io::Result<()> {
                for (i, rec) in rx.into_iter().enumerate() {
                    feed(w.as_mut(), i + 1, &rec)?;
                }
                w.finish()
            }));
        }
        let fed = records.each(&mut |r| {
            let r = Arc::new(r.clone());
            for q in &queues {
                // A writer that stopped has an error of its own, given below.
                q.send(Arc::clone(&r))
                    .map_err(|_| std::io::Error::other("an output writer stopped"))?;
            }
            Ok(())
        });
        drop(queues);
        for w in running {
            match w.join() {
                Ok(result) => result?,
                Err(_) => return Err(std::io::Error::other("an output writer failed")),
            }
        }
        fed
    })
}

/// Hands the `id`-th record to a writer, with its rows when it reads them.
fn feed(w: &mut dyn Writer, id: usize, r: &Record) -> std::io::Result<()> {
    if w.wants_rows() {
        w.record(r, &RecordRows::of(id, r))
    } else {
        w.record(r, &RecordRows::default())
    }
}
