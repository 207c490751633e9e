//! A row of a table as the interpreter sees it: one slot per grid column.

use crate::model::{Cell, Source, Table};
use crate::normalize::Patterns;

/// One grid position of a row.
#[derive(Debug, Clone)]
pub struct Slot<'a> {
    pub cell: &'a Cell,
    /// The cell starts in this row (false: a vertical merge from above).
    pub origin_row: bool,
    /// The cell starts in this column (false: covered by a horizontal span).
    pub origin_col: bool,
}

#[derive(Debug, Clone)]
pub struct RowView<'a> {
    pub table: &'a Table,
    pub row: usize,
    pub slots: Vec<Option<Slot<'a>>>,
    /// Simplified text per column (see [`Patterns::simplify`]), for keyword tests.
    keys: Vec<String>,
}

impl<'a> RowView<'a> {
    /// Every row of a table, with merged cells resolved.
    pub fn all(table: &'a Table, patterns: &Patterns) -> Vec<RowView<'a>> {
        let grid = table.grid();
        grid.iter()
            .enumerate()
            .map(|(r, cols)| {
                let keys = cols
                    .iter()
                    .enumerate()
                    .map(|(c, idx)| match idx.and_then(|i| table.cells.get(i)) {
                        Some(cell) if cell.col == c => patterns.simplify(&cell.text),
                        _ => String::new(),
                    })
                    .collect();
                (r, cols, keys)
            })
            .map(|(r, cols, keys)| RowView {
                table,
                row: r,
                keys,
                slots: cols
                    .iter()
                    .enumerate()
                    .map(|(c, idx)| {
                        idx.and_then(|i| table.cells.get(i)).map(|cell| Slot {
                            cell,
                            origin_row: cell.row == r,
                            origin_col: cell.col == c,
                        })
                    })
                    .collect(),
            })
            .collect()
    }

    pub fn width(&self) -> usize {
        self.slots.len()
    }

    /// The raw text at a column ("" for covered or missing positions, or positions
    /// covered horizontally). Vertically merged cells give their text in every row.
    pub fn text(&self, col: usize) -> &'a str {
        match self.slots.get(col) {
            Some(Some(s)) if s.origin_col => s.cell.text.as_str(),
            _ => "",
        }
    }

    /// Text only where the cell starts in this row (vertical continuations give "").
    pub fn own_text(&self, col: usize) -> &'a str {
        match self.slots.get(col) {
            Some(Some(s)) if s.origin_col && s.origin_row => s.cell.text.as_str(),
            _ => "",
        }
    }

    /// Whether the position is a vertical continuation of a cell from above.
    pub fn is_continued(&self, col: usize) -> bool {
        matches!(self.slots.get(col), Some(Some(s)) if !s.origin_row)
    }

    /// The cell at a column, if it starts in that column.
    pub fn cell(&self, col: usize) -> Option<&'a Cell> {
        match self.slots.get(col) {
            Some(Some(s)) if s.origin_col => Some(s.cell),
            _ => None,
        }
    }

    /// How many columns the cell at `col` spans.
    pub fn span(&self, col: usize) -> usize {
        self.cell(col).map(|c| c.col_span.max(1)).unwrap_or(1)
    }

    /// Columns whose cell starts in this row and column and holds text.
    pub fn filled(&self) -> Vec<usize> {
        (0..self.width())
            .filter(|&c| !self.own_text(c).trim().is_empty())
            .collect()
    }

    /// Columns holding text, including vertical continuations.
    pub fn filled_any(&self) -> Vec<usize> {
        (0..self.width())
            .filter(|&c| !self.text(c).trim().is_empty())
            .collect()
    }

    /// Simplified text at a column ("" where [`RowView::text`] is "").
    pub fn key(&self, col: usize) -> &str {
        self.keys.get(col).map(String::as_str).unwrap_or("")
    }

    pub fn source(&self, col: usize) -> Source {
        let cell = self.cell(col);
        Source {
            page: cell.and_then(|c| c.page).or(self.table.page),
            sheet: self.table.sheet.clone(),
            table: Some(self.table.index),
            row: Some(self.row),
            col: Some(col),
            bbox: cell.and_then(|c| c.bbox),
            confidence: cell.and_then(|c| c.confidence),
            ..Source::default()
        }
    }
}
