//! .xlsx / .xls / .ods with calamine: every sheet a table, merged regions as spans.

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Document, Format};
use crate::read::Reader;

pub struct SheetReader(pub Format);

impl Reader for SheetReader {
    fn format(&self) -> Format {
        self.0
    }

    fn read(&self, _bytes: &[u8], _limits: &Limits) -> Result<Document, ReadError> {
        Err(ReadError::Unsupported {
            format: self.0.as_str(),
            message: "not implemented".into(),
        })
    }
}
