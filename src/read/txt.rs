//! .txt: the flattening used by the seeds. Lines holding tab-separated cells are
//! table rows; rows written one cell per tab-led line are grouped up to a blank line.

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Document, Format};
use crate::read::Reader;

pub struct TxtReader;

impl Reader for TxtReader {
    fn format(&self) -> Format {
        Format::Txt
    }

    fn read(&self, _bytes: &[u8], _limits: &Limits) -> Result<Document, ReadError> {
        Ok(Document::new(Format::Txt))
    }
}
