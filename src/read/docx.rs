//! .docx: a streaming read of word/document.xml with zip + quick-xml.

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Document, Format};
use crate::read::Reader;

pub struct DocxReader;

impl Reader for DocxReader {
    fn format(&self) -> Format {
        Format::Docx
    }

    fn read(&self, _bytes: &[u8], _limits: &Limits) -> Result<Document, ReadError> {
        Err(ReadError::Unsupported {
            format: "docx",
            message: "not implemented".into(),
        })
    }
}
