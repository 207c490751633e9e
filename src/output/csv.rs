//! files.csv, funds.csv, indicators.csv, facts.csv, findings.csv: flat tables for
//! spreadsheets and SQL, one row per file / fund line / indicator / fact / finding.

use std::fs::File;
use std::path::Path;

use serde_json::Value;

use super::rows::{self, at, Table, Val};
use super::{TableFile, TableFiles};
use crate::value::num_json;

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

/// The flat files (CSV, and Parquet with the same columns): name without extension, the
/// table its rows come from, its columns.
pub const FLAT_FILES: [(&str, &Table, &[&str]); 5] = [
    ("files", &rows::FILES, FILES_COLUMNS),
    ("funds", &rows::FUNDS, FUNDS_COLUMNS),
    ("indicators", &rows::INDICATORS, INDICATORS_COLUMNS),
    ("facts", &rows::FACTS, FACTS_COLUMNS),
    ("findings", &rows::FINDINGS, FINDINGS_COLUMNS),
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
pub struct Out {
    w: ::csv::Writer<File>,
    table: &'static Table,
    pick: Vec<usize>,
}

impl TableFile for Out {
    fn table(&self) -> &'static Table {
        self.table
    }

    fn push(&mut self, row: &[Val]) -> std::io::Result<()> {
        self.w
            .write_record(self.pick.iter().map(|&i| field(at(row, i))))
            .map_err(std::io::Error::other)
    }

    fn close(mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

/// The five CSV files, written a record at a time.
pub fn create(dir: &Path) -> std::io::Result<TableFiles<Out>> {
    TableFiles::create(|stem, table, columns| {
        let pick = table.pick(columns);
        let mut w = ::csv::Writer::from_path(dir.join(format!("{stem}.csv")))
            .map_err(std::io::Error::other)?;
        w.write_record(table.names(&pick))
            .map_err(std::io::Error::other)?;
        Ok(Out { w, table, pick })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_in_its_table() {
        for (name, table, columns) in FLAT_FILES {
            let pick = table.pick(columns);
            assert!(pick.iter().all(|&i| i < table.columns.len()), "{name}");
        }
    }
}
