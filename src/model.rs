//! The document model every reader produces: paragraphs and tables in document
//! order, each piece carrying where it came from.
//!
//! Tables are stored as a grid of *origin* cells: a merged region is one `Cell` at
//! its top-left position with `row_span`/`col_span`, never repeated. Covered grid
//! positions resolve to their origin through [`Table::at`], which is how the
//! interpreter carries merged 一级/二级 labels down their groups.

use serde::{Deserialize, Serialize};

/// The file formats jixiao recognises from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Doc,
    Pdf,
    Xlsx,
    Xls,
    Ods,
    Txt,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Txt => "txt",
        }
    }
}

/// Where a value came from. Fields a format cannot know stay `None` and are left
/// out of the JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// Confidence of a value read by OCR (0..1); absent for text read directly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// A value a spreadsheet stored with a type, kept so that `0.9406` formatted as a
/// percent is read as 94.06 % and not as a bare fraction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Typed {
    /// A plain number, as stored.
    Number(f64),
    /// A percent-formatted cell, already multiplied by 100 (0.9406 → 94.06).
    Percent(f64),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Paragraph {
    /// Index among the document's paragraphs (0-based, document order).
    pub index: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    /// The cell's text; paragraphs inside a cell are joined with '\n'.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typed: Option<Typed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

impl Cell {
    pub fn new(row: usize, col: usize, text: impl Into<String>) -> Cell {
        Cell {
            row,
            col,
            row_span: 1,
            col_span: 1,
            text: text.into(),
            ..Cell::default()
        }
    }
}

/// Widest grid a table may have; real forms have fewer than 20 columns.
pub const MAX_COLS: usize = 512;
/// Tallest grid a table may have; readers cut long tables well before this.
pub const MAX_ROWS: usize = 1_000_000;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// Index among the document's tables (0-based, document order).
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub n_rows: usize,
    pub n_cols: usize,
    /// Origin cells, sorted by (row, col).
    pub cells: Vec<Cell>,
}

impl Table {
    /// Builds a table from origin cells, computing the grid size and sorting.
    pub fn from_cells(index: usize, mut cells: Vec<Cell>) -> Table {
        // A hostile file can claim any span or position; the grid is allocated from
        // them, so both are bounded here, once, for every reader.
        cells.retain(|c| c.col < MAX_COLS && c.row < MAX_ROWS);
        for c in &mut cells {
            c.col_span = c.col_span.clamp(1, MAX_COLS - c.col);
            c.row_span = c.row_span.clamp(1, MAX_ROWS - c.row);
        }
        cells.sort_by_key(|c| (c.row, c.col));
        let n_rows = cells
            .iter()
            .map(|c| c.row + c.row_span.max(1))
            .max()
            .unwrap_or(0);
        let n_cols = cells
            .iter()
            .map(|c| c.col + c.col_span.max(1))
            .max()
            .unwrap_or(0);
        Table {
            index,
            sheet: None,
            page: None,
            n_rows,
            n_cols,
            cells,
        }
    }

    /// For every grid position, the index into `cells` of the cell covering it.
    pub fn grid(&self) -> Vec<Vec<Option<usize>>> {
        let mut g = vec![vec![None; self.n_cols]; self.n_rows];
        for (i, c) in self.cells.iter().enumerate() {
            let rows = c.row..(c.row + c.row_span.max(1)).min(self.n_rows);
            let cols = c.col..(c.col + c.col_span.max(1)).min(self.n_cols);
            for line in g.get_mut(rows).into_iter().flatten() {
                for slot in line.get_mut(cols.clone()).into_iter().flatten() {
                    slot.get_or_insert(i);
                }
            }
        }
        g
    }

    /// The origin cells that start in row `r`, left to right.
    pub fn row_cells(&self, r: usize) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(move |c| c.row == r)
    }

    /// The cell covering grid position (r, c), if any.
    pub fn at(&self, r: usize, c: usize) -> Option<&Cell> {
        self.cells.iter().find(|x| {
            r >= x.row
                && r < x.row + x.row_span.max(1)
                && c >= x.col
                && c < x.col + x.col_span.max(1)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// How one page was read by OCR.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OcrPage {
    pub page: u32,
    /// `ppocr` (PP-OCR models through ONNX Runtime) or `tesseract` (the fallback).
    pub engine: String,
    /// Degrees the page image was turned clockwise to stand upright (pages fed into
    /// the scanner sideways or upside down); bboxes are on the upright page.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub turned: u16,
    /// Lines of text recognised; 0 also gives an `ocr.no_text` issue.
    pub lines: usize,
}

fn is_zero(v: &u16) -> bool {
    *v == 0
}

/// A problem met while reading that did not stop the read (or did, for `failed`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub format: Format,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    pub blocks: Vec<Block>,
    /// Problems that lost part of the content; a non-empty list makes the record `partial`.
    pub issues: Vec<Issue>,
    /// True when some text was recognised by OCR.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// How each page read by OCR was read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ocr_pages: Vec<OcrPage>,
    /// Paragraphs and tables pushed so far, so numbering is not a scan per push.
    #[serde(skip)]
    counts: (usize, usize),
}

impl Document {
    pub fn new(format: Format) -> Document {
        Document {
            format,
            pages: None,
            blocks: Vec::new(),
            issues: Vec::new(),
            ocr: false,
            ocr_pages: Vec::new(),
            counts: (0, 0),
        }
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// Appends a paragraph, numbering it.
    pub fn push_paragraph(&mut self, text: String, page: Option<u32>, bbox: Option<[f64; 4]>) {
        let index = self.counts.0;
        self.counts.0 += 1;
        self.blocks.push(Block::Paragraph(Paragraph {
            index,
            text,
            page,
            bbox,
        }));
    }

    /// Appends a table, numbering it.
    pub fn push_table(&mut self, mut table: Table) {
        table.index = self.counts.1;
        self.counts.1 += 1;
        self.blocks.push(Block::Table(table));
    }
}
