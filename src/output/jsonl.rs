//! records.jsonl: one full record per line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::rows::RecordRows;
use crate::record::Record;

pub struct JsonlWriter(BufWriter<File>);

impl JsonlWriter {
    pub fn create(path: &Path) -> std::io::Result<JsonlWriter> {
        Ok(JsonlWriter(BufWriter::new(File::create(path)?)))
    }
}

impl super::Writer for JsonlWriter {
    fn record(&mut self, rec: &Record, _rows: &RecordRows) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.0, rec)?;
        self.0.write_all(b"\n")
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.0.flush()
    }

    fn wants_rows(&self) -> bool {
        false
    }
}
