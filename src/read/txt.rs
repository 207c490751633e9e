//! .txt: the flattening used by the seeds. Two styles occur and may mix:
//! - a row per line, cells separated by tabs (`名称\t\t城乡医疗救助\t\t`);
//! - a cell per line, each led by one tab, a blank line ending the row; lines that
//!   follow a cell line without a tab continue that cell (multi-line cells).
//!
//! A row with a single cell is a paragraph: that is how indented paragraphs
//! (titles, 附件2, 注) come out of the flattening.

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Cell, Document, Format, Issue, Table};
use crate::read::Reader;

pub struct TxtReader;

impl Reader for TxtReader {
    fn format(&self) -> Format {
        Format::Txt
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
        let text = decode(bytes);
        let mut b = Builder {
            doc: Document::new(Format::Txt),
            rows: Vec::new(),
            row: None,
            limits,
            cells: 0,
            paras: 0,
        };
        let started = std::time::Instant::now();
        for (n, line) in text.lines().enumerate() {
            b.line(line);
            if b.doc.issues.iter().any(|i| i.code.starts_with("limit.")) {
                break;
            }
            if n % 4096 == 4095 && started.elapsed().as_millis() > u128::from(limits.max_millis) {
                b.limit(
                    "millis",
                    format!("reading stopped after {} ms", limits.max_millis),
                );
                break;
            }
        }
        b.end_row();
        b.flush_table();
        Ok(b.doc)
    }
}

/// UTF-8 (with or without BOM), else GB18030, the encoding of Chinese Windows text files.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

struct Builder<'a> {
    doc: Document,
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    limits: &'a Limits,
    cells: usize,
    paras: usize,
}

impl Builder<'_> {
    fn line(&mut self, raw: &str) {
        let line = strip_markers(raw);
        // A lone tab is an empty cell, not a blank line.
        if !line.contains('\t') && line.trim().is_empty() {
            self.end_row();
            return;
        }
        let lead = line.trim_start_matches(' ');
        if let Some(rest) = lead.strip_prefix('\t') {
            if !rest.contains('\t') {
                self.row
                    .get_or_insert_with(Vec::new)
                    .push(rest.trim().to_string());
                return;
            }
        }
        if line.contains('\t') {
            self.end_row();
            let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
            self.push_row(cells);
            return;
        }
        match self.row.as_mut().and_then(|r| r.last_mut()) {
            Some(cell) => {
                if !cell.is_empty() {
                    cell.push('\n');
                }
                cell.push_str(line.trim());
            }
            None => {
                self.flush_table();
                self.paragraph(line.trim().to_string());
            }
        }
    }

    fn end_row(&mut self) {
        if let Some(row) = self.row.take() {
            self.push_row(row);
        }
    }

    fn push_row(&mut self, cells: Vec<String>) {
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        if filled.is_empty() {
            return;
        }
        if cells.len() == 1 {
            let text = cells.into_iter().next().unwrap_or_default();
            self.flush_table();
            self.paragraph(text);
            return;
        }
        if self.rows.len() >= self.limits.max_rows {
            self.limit(
                "rows",
                format!("table cut at {} rows", self.limits.max_rows),
            );
            return;
        }
        self.cells += cells.len();
        if self.cells > self.limits.max_cells {
            self.limit(
                "cells",
                format!("document cut at {} cells", self.limits.max_cells),
            );
            return;
        }
        self.rows.push(cells);
    }

    fn paragraph(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        if self.paras >= self.limits.max_paragraphs {
            self.limit(
                "paragraphs",
                format!("document cut at {} paragraphs", self.limits.max_paragraphs),
            );
            return;
        }
        self.paras += 1;
        self.doc.push_paragraph(text, None, None);
    }

    fn flush_table(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        let cells = rows
            .into_iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.into_iter()
                    .enumerate()
                    .map(move |(c, text)| Cell::new(r, c, text))
            })
            .collect();
        self.doc.push_table(Table::from_cells(0, cells));
    }

    fn limit(&mut self, what: &str, message: String) {
        let code = format!("limit.{what}");
        if !self.doc.issues.iter().any(|i| i.code == code) {
            self.doc.issues.push(Issue { code, message });
        }
    }
}

/// Drops flattening artefacts such as `[bookmark: _GoBack]`.
fn strip_markers(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains("[bookmark:") {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("[bookmark:") {
        out.push_str(&rest[..i]);
        match rest[i..].find(']') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn read(s: &str) -> Document {
        TxtReader.read(s.as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn tab_led_cells_group_into_rows_and_continue_over_lines() {
        let d = read("标题\n\n\t名称\n\t城乡医疗救助\n\n\t目标\n\t\n一、资助参保。\n二、参保率。\n\t持续\n\n后记\n");
        let kinds: Vec<&str> = d
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(_) => "p",
                Block::Table(_) => "t",
            })
            .collect();
        assert_eq!(kinds, ["p", "t", "p"]);
        let t = d.tables().next().unwrap();
        assert_eq!((t.n_rows, t.n_cols), (2, 3));
        assert_eq!(t.at(0, 1).unwrap().text, "城乡医疗救助");
        assert_eq!(t.at(1, 1).unwrap().text, "一、资助参保。\n二、参保率。");
        assert_eq!(t.at(1, 2).unwrap().text, "持续");
    }

    #[test]
    fn tab_separated_lines_are_rows_and_single_cells_paragraphs() {
        let d = read("\t附件2\n\n表\n名称\t\tX\t\n\t年度资金总额：\t1\t2\t50%\n");
        let paras: Vec<&str> = d.paragraphs().map(|p| p.text.as_str()).collect();
        assert_eq!(paras, ["附件2", "表"]);
        let t = d.tables().next().unwrap();
        assert_eq!(t.at(1, 1).unwrap().text, "年度资金总额：");
        assert_eq!(t.at(1, 4).unwrap().text, "50%");
    }

    #[test]
    fn bookmarks_are_dropped_and_gbk_is_decoded() {
        let d = read("[bookmark: _GoBack]医疗救助补助资金\n");
        assert_eq!(d.paragraphs().next().unwrap().text, "医疗救助补助资金");
        let (gbk, _, _) = encoding_rs::GBK.encode("年度资金总额");
        let d = TxtReader.read(&gbk, &Limits::default()).unwrap();
        assert_eq!(d.paragraphs().next().unwrap().text, "年度资金总额");
    }

    #[test]
    fn rows_beyond_the_limit_are_cut_with_an_issue() {
        let s: String = (0..50).map(|i| format!("a{i}\tb\tc\n")).collect();
        let limits = Limits {
            max_rows: 10,
            ..Limits::default()
        };
        let d = TxtReader.read(s.as_bytes(), &limits).unwrap();
        assert_eq!(d.tables().next().unwrap().n_rows, 10);
        assert_eq!(d.issues[0].code, "limit.rows");
    }
}
