//! records.jsonl: one full record per line.

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use super::RecordSource;

pub fn write(path: &Path, records: &dyn RecordSource) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    records.each(&mut |r| {
        serde_json::to_writer(&mut w, r)?;
        w.write_all(b"\n")
    })?;
    w.flush()
}

/// Reads records.jsonl back as JSON values (for `unmapped`, `merge`, tests).
pub fn read_values(path: &Path) -> std::io::Result<Vec<serde_json::Value>> {
    let f = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut out = Vec::new();
    for line in f.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(std::io::Error::other)?);
    }
    Ok(out)
}
