//! files.csv, funds.csv, indicators.csv, facts.csv, findings.csv: flat tables for
//! spreadsheets and SQL, one row per file / fund line / indicator / fact / finding.

use std::fs::File;
use std::path::Path;

use serde_json::Value;

use super::rows::{self, at, RecordRows, Table, Val};
use crate::record::{num_json, Record};

/// The columns of each file (see [`Table::pick`]).
const FILES_COLUMNS: &[&str] = &[
    "path", "sha256", "format", "status", "reports", "findings", "error",
];
const FUNDS_COLUMNS: &[&str] = &[
    "path..=sha256",
    "report",
    "kind..=unit",
    "money_unit..=reason",
    "page",
    "table..=col",
];
const INDICATORS_COLUMNS: &[&str] = &[
    "path..=sha256",
    "report",
    "kind..=unit",
    "level1..=actual_unit",
    "met..=score",
    "page",
    "table..=col",
];
const FACTS_COLUMNS: &[&str] = &[
    "path..=sha256",
    "concept..=text",
    "page",
    "paragraph..=end",
    "table..=col",
];
const FINDINGS_COLUMNS: &[&str] = &["path..=sha256", "rule..=message_zh"];

/// The CSV files: name, the table its rows come from, its columns.
pub const CSV_FILES: [(&str, &Table, &[&str]); 5] = [
    ("files.csv", &rows::FILES, FILES_COLUMNS),
    ("funds.csv", &rows::FUNDS, FUNDS_COLUMNS),
    ("indicators.csv", &rows::INDICATORS, INDICATORS_COLUMNS),
    ("facts.csv", &rows::FACTS, FACTS_COLUMNS),
    ("findings.csv", &rows::FINDINGS, FINDINGS_COLUMNS),
];

/// A value as a CSV field: empty for null, numbers as records.jsonl writes them, JSON
/// compact. Sources are JSON objects with their keys sorted, as findings.csv has always
/// written them (jixiao.sqlite keeps the record's key order).
pub fn field(v: &Val) -> String {
    match v {
        Val::Null => String::new(),
        Val::Text(s) => s.to_string(),
        Val::Int(i) => i.to_string(),
        Val::Num(x) => num_json(*x).to_string(),
        Val::Bool(b) => b.to_string(),
        Val::Json(j) => serde_json::to_string(j).unwrap_or_default(),
        Val::Sources(s) => serde_json::to_string(&Value::from(
            s.iter()
                .map(|s| serde_json::to_value(s).unwrap_or(Value::Null))
                .collect::<Vec<_>>(),
        ))
        .unwrap_or_default(),
    }
}

/// One CSV file, the table its rows come from and the row positions of its columns.
struct Out {
    w: ::csv::Writer<File>,
    table: &'static Table,
    pick: Vec<usize>,
}

impl Out {
    fn write(&mut self, row: &[Val]) -> std::io::Result<()> {
        self.w
            .write_record(self.pick.iter().map(|&i| field(at(row, i))))
            .map_err(std::io::Error::other)
    }
}

/// The five CSV files, written a record at a time.
pub struct CsvWriter {
    files: Vec<Out>,
}

impl CsvWriter {
    pub fn create(dir: &Path) -> std::io::Result<CsvWriter> {
        let files = CSV_FILES
            .iter()
            .map(|(name, table, columns)| {
                let pick = table.pick(columns);
                let mut w =
                    ::csv::Writer::from_path(dir.join(name)).map_err(std::io::Error::other)?;
                w.write_record(table.names(&pick))
                    .map_err(std::io::Error::other)?;
                Ok(Out { w, table, pick })
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        Ok(CsvWriter { files })
    }
}

impl super::Writer for CsvWriter {
    fn record(&mut self, _rec: &Record, rows: &RecordRows) -> std::io::Result<()> {
        for out in &mut self.files {
            for row in rows.of_table(out.table) {
                out.write(row)?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        for mut o in self.files {
            o.w.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_in_its_table() {
        for (name, table, columns) in CSV_FILES {
            let pick = table.pick(columns);
            assert!(pick.iter().all(|&i| i < table.columns.len()), "{name}");
        }
    }
}
