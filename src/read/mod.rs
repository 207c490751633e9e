//! Readers: one per format, all behind [`Reader`], all producing a [`Document`].
//! The format is found from the bytes ([`sniff`]), never from the file name, so an
//! .xlsx renamed .docx is still read as a workbook.

mod biff;
mod compound;
pub mod doc;
pub mod docx;
pub mod pdf;
pub mod sheet;
pub mod txt;

use std::io::{Cursor, Read};

use pdf::ocr;

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Document, Format};

/// One reader per format.
pub trait Reader {
    fn format(&self) -> Format;
    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError>;
}

/// The reader for a format, or `None` when this build cannot read it.
pub fn reader_for(format: Format) -> Option<Box<dyn Reader + Send + Sync>> {
    match format {
        Format::Docx => Some(Box::new(docx::DocxReader)),
        Format::Xlsx | Format::Xls | Format::Ods => Some(Box::new(sheet::SheetReader(format))),
        Format::Txt => Some(Box::new(txt::TxtReader)),
        Format::Pdf => Some(Box::new(pdf::PdfReader)),
        Format::Doc => Some(Box::new(doc::DocReader)),
    }
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Finds the format from the content. Zip containers are told apart by their
/// entries, compound files by their stream names.
pub fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        return sniff_cfb(bytes);
    }
    if looks_like_text(bytes) {
        return Ok(Format::Txt);
    }
    Err(ReadError::UnknownFormat(format!(
        "unrecognised content starting with {:02x?}",
        &bytes[..bytes.len().min(8)]
    )))
}

/// A compound file is told apart by the streams its directory lists. Searching the
/// bytes for the names is not enough: a font table holding "Bookman" in UTF-16 looks
/// like an Excel 5 `Book` stream. When the directory cannot be read (a truncated
/// file), only the long, distinctive names are searched for, so the right reader
/// reports the damage; otherwise the file is `cfb.damaged`.
fn sniff_cfb(bytes: &[u8]) -> Result<Format, ReadError> {
    let streams: Option<Vec<String>> = cfb::CompoundFile::open(Cursor::new(bytes)).ok().map(|c| {
        c.read_root_storage()
            .take(4096)
            .map(|e| e.name().to_string())
            .collect()
    });
    let has = |name: &str| match &streams {
        Some(names) => names.iter().any(|n| n.eq_ignore_ascii_case(name)),
        None => find(bytes, &utf16le(name)).is_some(),
    };
    if has("WordDocument") {
        return Ok(Format::Doc);
    }
    if has("Workbook") || (streams.is_some() && has("Book")) {
        return Ok(Format::Xls);
    }
    if has("EncryptedPackage") {
        // OOXML files protected with a password are wrapped in a compound file.
        return Err(ReadError::Encrypted { format: "ooxml" });
    }
    if streams.is_none() {
        return Err(ReadError::damaged(
            "cfb",
            "a compound file whose directory cannot be read",
        ));
    }
    Err(ReadError::UnknownFormat(
        "compound file without a Word or Excel stream".into(),
    ))
}

fn sniff_zip(bytes: &[u8]) -> Result<Format, ReadError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::damaged("zip", format!("not a readable zip archive: {e}")))?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if names.contains(&"word/document.xml") {
        return Ok(Format::Docx);
    }
    if names.contains(&"xl/workbook.xml") || names.contains(&"xl/workbook.bin") {
        return Ok(Format::Xlsx);
    }
    if names.contains(&"content.xml") && names.contains(&"mimetype") {
        return Ok(Format::Ods);
    }
    if names.iter().any(|n| n.starts_with("word/")) {
        return Err(ReadError::damaged("docx", "word/document.xml is missing"));
    }
    Err(ReadError::UnknownFormat(
        "zip archive that is neither Word nor a spreadsheet".into(),
    ))
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return false;
    }
    if std::str::from_utf8(sample).is_ok() {
        return true;
    }
    // A UTF-8 sample cut inside a character is still text.
    if let Err(e) = std::str::from_utf8(sample) {
        if e.error_len().is_none() {
            return true;
        }
    }
    let (_, _, had_errors) = encoding_rs::GB18030.decode(sample);
    !had_errors
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads a whole document: sniff, then the format's reader.
pub fn read_bytes(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::limit(
            "file_bytes",
            format!("{} bytes > {}", bytes.len(), limits.max_file_bytes),
        ));
    }
    let format = sniff(bytes)?;
    if matches!(format, Format::Docx | Format::Xlsx | Format::Ods) {
        // Vetted here as well as in the readers, so that no zip-based reader, present
        // or future, ever decompresses an archive whose entries declare a bomb.
        check_zip_entries(bytes, limits).map_err(|e| match e {
            ReadError::Damaged { message, .. } => ReadError::Damaged {
                format: format.as_str(),
                message,
            },
            other => other,
        })?;
    }
    if format == Format::Pdf {
        return read_pdf(bytes, limits);
    }
    let reader = reader_for(format).ok_or_else(|| ReadError::Unsupported {
        format: format.as_str(),
        message: "no reader for this format yet".into(),
    })?;
    reader.read(bytes, limits)
}

/// Issue codes of a PDF reader that mean "these pages need OCR".
pub const PDF_NEEDS_OCR: [&str; 2] = ["pdf.no_text", "pdf.unmapped_font"];

/// PDF: the text reader first; OCR ([`ocr::ocr_pdf`]) when the reader reports no
/// usable text (an issue in [`PDF_NEEDS_OCR`]) or, while there is no text reader,
/// when the file holds images and no fonts. Without tesseract such files give a
/// `pdf.no_text` issue telling how to install it.
fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let needs_ocr = |d: &Document| {
        d.issues
            .iter()
            .any(|i| PDF_NEEDS_OCR.contains(&i.code.as_str()))
    };
    match reader_for(Format::Pdf) {
        Some(reader) => {
            let doc = reader.read(bytes, limits)?;
            if !needs_ocr(&doc) {
                return Ok(doc);
            }
            if limits.max_ocr_pages == 0 {
                let mut doc = doc;
                doc.issues.push(crate::model::Issue {
                    code: "limit.ocr_pages".into(),
                    message: "OCR is turned off (ocr_pages = 0): pages without text were not read"
                        .into(),
                });
                return Ok(doc);
            }
            if !ocr::available() {
                return Ok(ocr::no_text_document(doc.pages));
            }
            let too_many = doc.pages.filter(|n| *n > limits.max_ocr_pages);
            let cut = |mut d: Document| {
                if let Some(n) = too_many {
                    d.issues.push(crate::model::Issue {
                        code: "limit.ocr_pages".into(),
                        message: format!(
                            "only the first {} of {n} pages were read by OCR",
                            limits.max_ocr_pages
                        ),
                    });
                }
                d
            };
            // OCR that recognises nothing (or fails) leaves the reader's own verdict,
            // with OCR's issues added, rather than an empty document that looks clean.
            match ocr::ocr_pdf(bytes, doc.pages, limits).map(cut) {
                Ok(o) if !o.blocks.is_empty() => Ok(o),
                Ok(o) => {
                    let mut doc = doc;
                    doc.issues.extend(o.issues);
                    doc.ocr_pages = o.ocr_pages;
                    Ok(doc)
                }
                Err(e) => {
                    let mut doc = doc;
                    doc.issues.push(crate::model::Issue {
                        code: e.code(),
                        message: format!("OCR failed: {e}"),
                    });
                    Ok(doc)
                }
            }
        }
        None if ocr::looks_image_only(bytes) && limits.max_ocr_pages > 0 => {
            ocr::ocr_pdf(bytes, None, limits)
        }
        None => Err(ReadError::Unsupported {
            format: "pdf",
            message: "no reader for this format yet".into(),
        }),
    }
}

/// Checks every entry of a zip archive against the size and ratio limits before
/// anything is decompressed, so that a zip bomb is refused up front.
pub fn check_zip_entries(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::damaged("zip", e))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let f = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::damaged("zip", e))?;
        let size = f.size();
        let packed = f.compressed_size().max(1);
        total = total.saturating_add(size);
        if size > limits.max_entry_bytes {
            return Err(ReadError::limit(
                "zip_entry_bytes",
                format!("{} declares {} bytes", f.name().unwrap_or_default(), size),
            ));
        }
        if size > 1024 * 1024 && size / packed > limits.max_compression_ratio {
            return Err(ReadError::limit(
                "zip_ratio",
                format!(
                    "{} expands {}x",
                    f.name().unwrap_or_default(),
                    size / packed
                ),
            ));
        }
    }
    if total > limits.max_entry_bytes.saturating_mul(2) {
        return Err(ReadError::limit(
            "zip_total_bytes",
            format!("archive declares {total} bytes"),
        ));
    }
    Ok(())
}

/// Reads one zip entry, refusing to decompress more than the limit even when the
/// entry's declared size lies.
pub fn read_zip_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, ReadError> {
    let f = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ReadError::damaged("zip", format!("{name}: {e}"))),
    };
    let packed = f.compressed_size().max(1);
    let cap = limits.max_entry_bytes.min(
        packed
            .saturating_mul(limits.max_compression_ratio)
            .max(1024 * 1024),
    );
    let mut out = Vec::new();
    f.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::damaged("zip", format!("{name}: {e}")))?;
    if out.len() as u64 > cap {
        return Err(ReadError::limit(
            "zip_entry_bytes",
            format!("{name} expands beyond {cap} bytes"),
        ));
    }
    Ok(Some(out))
}
