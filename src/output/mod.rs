//! Writers of the dataset in OUT: one file per format, all from the same records.

pub mod csv;
pub mod jsonl;

use std::path::Path;

use crate::record::Record;

/// Output formats a run can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Jsonl,
    Csv,
}

impl OutFormat {
    pub fn parse(s: &str) -> Option<OutFormat> {
        match s.trim() {
            "jsonl" => Some(OutFormat::Jsonl),
            "csv" => Some(OutFormat::Csv),
            _ => None,
        }
    }

    pub const ALL: &'static [OutFormat] = &[OutFormat::Jsonl, OutFormat::Csv];
}

/// Writes every requested format into `dir` (created if missing).
pub fn write_all(dir: &Path, records: &[Record], formats: &[OutFormat]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for f in formats {
        match f {
            OutFormat::Jsonl => jsonl::write(&dir.join("records.jsonl"), records)?,
            OutFormat::Csv => csv::write_all(dir, records)?,
        }
    }
    Ok(())
}
