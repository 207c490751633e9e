//! records.jsonl read back, for `--resume` and `merge`: every record with where its line
//! is, or the one record at a known place.

use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::Path;

use crate::record::Record;

/// Calls `f` with every record of a records.jsonl, read one line at a time, with the
/// line's byte offset and length (for [`record_at`]); a line that is not a record is an
/// error naming it. Memory holds one record, whatever the file's size.
pub fn each_record(
    path: &Path,
    f: &mut dyn FnMut(u64, u64, Record) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut r = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut line = Vec::new();
    let (mut offset, mut n) = (0u64, 0usize);
    loop {
        line.clear();
        let len = r.read_until(b'\n', &mut line)? as u64;
        if len == 0 {
            return Ok(());
        }
        n += 1;
        if !line.iter().all(u8::is_ascii_whitespace) {
            let rec = serde_json::from_slice::<Record>(&line).map_err(|e| {
                std::io::Error::other(format!(
                    "{}: line {n} is not a jixiao/1 record ({e})",
                    path.display()
                ))
            })?;
            f(offset, len, rec)?;
        }
        offset += len;
    }
}

/// Indicator names that matched no canonical id, with how often each occurs, most
/// frequent first (`jixiao unmapped`). Streams the file: memory holds the counts, not
/// the dataset.
pub fn unmapped_names(path: &Path) -> std::io::Result<Vec<(String, usize)>> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    each_record(path, &mut |_, _, rec| {
        for ind in rec.reports.iter().flat_map(|r| &r.indicators) {
            if ind.canonical.is_none() {
                *counts.entry(ind.name.clone()).or_default() += 1;
            }
        }
        Ok(())
    })?;
    let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(rows)
}

/// The record on the line at `offset` (of `len` bytes) of a records file.
pub fn record_at(file: &mut std::fs::File, offset: u64, len: u64) -> std::io::Result<Record> {
    file.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; usize::try_from(len).map_err(std::io::Error::other)?];
    file.read_exact(&mut buf)?;
    serde_json::from_slice(&buf)
        .map_err(|e| std::io::Error::other(format!("a stored record does not read back ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{process_path, Config};

    fn line_of(rec: &Record) -> String {
        serde_json::to_string(rec).expect("a record serialises")
    }

    /// What is read back and written again is the line that was read: records of every
    /// kind of source (table cells, PDF boxes, prose facts, findings) survive a resume.
    #[test]
    fn a_record_read_back_writes_the_same_line() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for rel in [
            "seeds/000_miyi_2022.docx",
            "seeds/001_mianyang_2020.xlsx",
            "pdf/002_guangxi_2023.word.pdf",
            "narratives/narrative_form_2022.docx",
        ] {
            let mut rec = process_path(&samples.join(rel), rel, &Config::default());
            // What only scans carry, without running OCR here.
            rec.ocr = true;
            if let Some(rep) = rec.reports.first_mut() {
                rep.source.confidence = Some(0.75);
            }
            assert!(!rec.findings.is_empty() || !rec.facts.is_empty(), "{rel}");
            let line = line_of(&rec);
            let back: Record = serde_json::from_str(&line).expect("reads back");
            assert_eq!(line_of(&back), line, "{rel}");
        }
    }

    #[test]
    fn values_a_later_version_writes_are_kept_or_read_as_text() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let rec = process_path(
            &samples.join("seeds/000_miyi_2022.docx"),
            "a.docx",
            &Config::default(),
        );
        let mut v = serde_json::to_value(&rec).expect("serialises");
        v["findings"][0]["rule"] = "X900".into();
        v["findings"][0]["name"] = "later-rule".into();
        v["reports"][0]["indicators"][0]["target"]["op"] = "between".into();
        let back: Record = serde_json::from_value(v).expect("reads back");
        assert_eq!(back.findings[0].rule, "X900");
        assert_eq!(back.findings[0].name, "later-rule");
        assert_eq!(
            back.reports[0].indicators[0].target.op,
            crate::value::Op::Text
        );
    }

    #[test]
    fn a_line_that_is_no_record_is_named() {
        let dir = super::super::test_dir("records-file");
        let path = dir.join("records.jsonl");
        let rec = process_path(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples/seeds/000_578085824ea13247.txt")
                .as_path(),
            "a.txt",
            &Config::default(),
        );
        let good = line_of(&rec);
        let other = good.replacen("jixiao/1", "jixiao/9", 1);
        std::fs::write(&path, format!("{good}\n\n{other}\n")).expect("write");
        let mut seen = Vec::new();
        let err = each_record(&path, &mut |offset, len, r| {
            seen.push((offset, len, r.file.path));
            Ok(())
        })
        .expect_err("the third line is refused");
        assert!(
            err.to_string().contains("line 3 is not a jixiao/1 record"),
            "{err}"
        );
        assert_eq!(seen, vec![(0, good.len() as u64 + 1, "a.txt".to_string())]);
        let mut file = std::fs::File::open(&path).expect("open");
        let again = record_at(&mut file, 0, good.len() as u64).expect("at offset 0");
        assert_eq!(line_of(&again), good);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
