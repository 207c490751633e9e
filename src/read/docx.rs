//! .docx: a streaming read of word/document.xml with zip + quick-xml.
//!
//! One pass over the events, no DOM, so the cost is linear in the size of the XML
//! and a hostile file is cut by the limits instead of exhausting memory.
//!
//! What is read and what is not:
//! - Only the body (word/document.xml). Headers, footers, footnotes and comments
//!   live in other parts and are not read: the figures auditors check are in the body.
//! - A paragraph's text is every `w:t` of its runs joined, so a number that Word
//!   split over several runs ("11" + "46.81") stays one number. Runs inside
//!   `w:hyperlink`, `w:smartTag`, `w:fldSimple`, `w:sdt`, `w:customXml`, `w:ins` and
//!   `w:moveTo` count; `w:del`, `w:moveFrom`, field instructions (`w:instrText`, and
//!   anything between a `w:fldChar` begin and its separate) do not. The result of a
//!   complex field (between separate and end) is kept, as Word displays it.
//! - `w:tab` becomes a space: tabs in these forms only align text, and a space keeps
//!   the words apart without looking like a cell boundary. `w:br` and `w:cr` become
//!   '\n' inside the paragraph.
//! - Paragraphs whose text is blank are dropped, in the body and in cells.
//! - Text boxes: Word writes each box twice, as DrawingML (`mc:Choice`) and as VML
//!   (`mc:Fallback`). Everything inside `mc:Fallback` is skipped so the text is read
//!   once. The paragraphs of a text box become paragraphs of their own right after
//!   the paragraph that anchors the box (in a table cell: further lines of the cell).
//! - Tables: cells carry grid coordinates. `w:gridBefore` moves the first cell of a
//!   row right, `w:gridSpan` gives `col_span`, a `w:vMerge` continuation cell extends
//!   the origin cell above it (`row_span`) and is not a cell of its own, legacy
//!   `w:hMerge` continuation extends the cell to its left. Cell text is the cell's
//!   paragraphs joined with '\n'; empty cells are kept with text "".
//! - Nested tables: each becomes a table of its own, emitted right after the table
//!   that contains it (tables appear in the order they start), and its text is not
//!   copied into the containing cell. A cell of a form that holds a whole sub-table is
//!   better read as that sub-table than as one long string.
//! - Tracked property changes (`w:tcPrChange`, `w:trPrChange` …) hold the *old*
//!   properties and are skipped, so an old `w:gridSpan` cannot distort the grid.
//! - Limits: rows beyond `max_rows` (per table), cells beyond `max_cells`, paragraphs
//!   beyond `max_paragraphs` (body and text boxes), elements deeper than `max_depth`
//!   and grid columns beyond 256 are skipped; running past `max_millis` stops the walk
//!   and keeps the open tables as read so far. Each cut adds one `limit.*` issue
//!   (`limit.rows`, `limit.cells`, `limit.paragraphs`, `limit.depth`, `limit.cols`,
//!   `limit.millis`), which makes the record partial. Blocks are numbered here, not
//!   with `Document::push_*`, whose counting would make long documents quadratic.

use std::collections::HashMap;
use std::io::Cursor;
use std::time::Instant;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Block, Cell, Document, Format, Issue, Paragraph, Table};
use crate::read::{check_zip_entries, read_zip_entry, Reader};

pub struct DocxReader;

impl Reader for DocxReader {
    fn format(&self) -> Format {
        Format::Docx
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
        check_zip_entries(bytes, limits).map_err(as_docx)?;
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ReadError::damaged("docx", format!("not a readable zip archive: {e}")))?;
        let xml = read_zip_entry(&mut archive, "word/document.xml", limits)
            .map_err(as_docx)?
            .ok_or_else(|| ReadError::damaged("docx", "word/document.xml is missing"))?;
        // docProps/app.xml has a page count, but python-docx and many converters leave
        // a template's stale value there (always 1); no count is better than a wrong one.
        parse_document_xml(&xml, limits)
    }
}

/// The zip helpers report damage as "zip"; to the user it is a damaged .docx.
fn as_docx(e: ReadError) -> ReadError {
    match e {
        ReadError::Damaged { message, .. } => ReadError::Damaged {
            format: "docx",
            message,
        },
        other => other,
    }
}

/// Reads the text of word/document.xml into a document. Public so that other
/// WordprocessingML containers (a flat XML export, an embedded part) can reuse it.
pub fn parse_document_xml(xml: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let text = decode_xml(xml);
    let mut walker = Walker::new(limits);
    walker.run(&text)?;
    Ok(walker.finish())
}

/// document.xml is UTF-8 in practice; UTF-16 is allowed by XML and honoured by its
/// byte-order mark. Invalid bytes become U+FFFD rather than failing the whole file.
fn decode_xml(xml: &[u8]) -> String {
    if let Some(rest) = xml.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if xml.starts_with(&[0xFF, 0xFE]) || xml.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(xml);
        return text.into_owned();
    }
    String::from_utf8_lossy(xml).into_owned()
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Word limits a table to 63 columns; a far larger grid can only come from a
/// hostile `w:gridSpan` and would make every consumer of the grid allocate for it.
const MAX_GRID_COLS: usize = 256;

/// How often (in XML events) the clock is checked against `max_millis`.
const CLOCK_EVERY: u64 = 4096;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Space {
    Word,
    Compat,
    Other,
}

/// The elements whose end matters; everything else is `Other`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Paragraph,
    Run,
    Text,
    Table,
    Row,
    RowProps,
    Cell,
    CellProps,
    TextBox,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldPhase {
    Instruction,
    Result,
}

/// Where a paragraph's text goes once the paragraph ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Cell,
    TextBox,
}

/// Content that belongs after a paragraph: text-box paragraphs and tables.
enum Deferred {
    Paragraph(String),
    Table(Table),
}

#[derive(Default)]
struct ParaBuf {
    text: String,
    deferred: Vec<Deferred>,
}

struct CellBuf {
    col: usize,
    span: usize,
    vmerge: VMerge,
    hmerge_continue: bool,
    text: String,
}

#[derive(Default)]
struct TableBuf {
    cells: Vec<Cell>,
    /// Rows started so far; the current row's index while inside a `w:tr`.
    rows: usize,
    col: usize,
    /// Grid column → index in `cells` of the cell a `w:vMerge` continuation extends.
    vmerge_origin: HashMap<usize, usize>,
    /// Index in `cells` of the last cell emitted in the current row (for `w:hMerge`).
    last_in_row: Option<usize>,
    cell: Option<CellBuf>,
    /// Tables nested in this one, in the order they start, emitted after it.
    nested: Vec<Table>,
}

struct Walker<'l> {
    limits: &'l Limits,
    doc: Document,
    stack: Vec<Kind>,
    /// Depth inside a skipped subtree; 0 when reading.
    skip: usize,
    paras: Vec<ParaBuf>,
    frames: Vec<Frame>,
    tables: Vec<TableBuf>,
    fields: Vec<FieldPhase>,
    /// How many fields on `fields` are still in their instruction part.
    in_instruction: usize,
    cells_total: usize,
    paragraphs_total: usize,
    tables_total: usize,
    started: Instant,
}

impl<'l> Walker<'l> {
    fn new(limits: &'l Limits) -> Walker<'l> {
        Walker {
            limits,
            doc: Document::new(Format::Docx),
            stack: Vec::new(),
            skip: 0,
            paras: Vec::new(),
            frames: Vec::new(),
            tables: Vec::new(),
            fields: Vec::new(),
            in_instruction: 0,
            cells_total: 0,
            paragraphs_total: 0,
            tables_total: 0,
            started: Instant::now(),
        }
    }

    fn issue(&mut self, code: &str, message: String) {
        let code = format!("limit.{code}");
        // One issue per limit is enough to mark the record partial.
        if !self.doc.issues.iter().any(|i| i.code == code) {
            self.doc.issues.push(Issue { code, message });
        }
    }

    fn run(&mut self, text: &str) -> Result<(), ReadError> {
        let mut reader = NsReader::from_str(text);
        let mut events: u64 = 0;
        loop {
            events += 1;
            if events.is_multiple_of(CLOCK_EVERY)
                && self.started.elapsed().as_millis() > u128::from(self.limits.max_millis)
            {
                self.issue(
                    "millis",
                    format!(
                        "document.xml not read to the end within {} ms",
                        self.limits.max_millis
                    ),
                );
                self.close_all();
                return Ok(());
            }
            let (space, event) = match reader.read_resolved_event() {
                Ok((ns, event)) => (space_of(&ns, &event), event),
                // The XML parser's own nesting bound, far past `max_depth`: what was read
                // so far stays, like any other limit.
                Err(quick_xml::Error::Namespace(
                    quick_xml::name::NamespaceError::TooDeeplyNested(n),
                )) => {
                    self.issue("depth", format!("XML nested deeper than {n} elements"));
                    self.close_all();
                    return Ok(());
                }
                Err(e) => {
                    return Err(ReadError::damaged(
                        "docx",
                        format!(
                            "word/document.xml is not well-formed XML near byte {}: {e}",
                            reader.error_position()
                        ),
                    ))
                }
            };
            match event {
                Event::Start(e) => {
                    if self.skip > 0 {
                        self.skip += 1;
                        continue;
                    }
                    if self.stack.len() >= self.limits.max_depth {
                        self.issue(
                            "depth",
                            format!("XML nested deeper than {} elements", self.limits.max_depth),
                        );
                        self.skip = 1;
                        continue;
                    }
                    match self.start(space, &e) {
                        Some(kind) => self.stack.push(kind),
                        None => self.skip = 1,
                    }
                }
                Event::Empty(e) => {
                    if self.skip > 0 {
                        continue;
                    }
                    if let Some(kind) = self.start(space, &e) {
                        self.end(kind);
                    }
                }
                Event::End(_) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                        continue;
                    }
                    if let Some(kind) = self.stack.pop() {
                        self.end(kind);
                    }
                }
                Event::Text(t) if self.taking_text() => {
                    let s = t.xml10_content();
                    self.push_text(&s);
                }
                Event::CData(t) if self.taking_text() => {
                    let s = t.xml10_content();
                    self.push_text(&s);
                }
                Event::GeneralRef(r) if self.taking_text() => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        let mut buf = [0u8; 4];
                        self.push_text(c.encode_utf8(&mut buf));
                    } else if let Some(s) =
                        quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                    {
                        self.push_text(s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !self.stack.is_empty() || self.skip > 0 {
            return Err(ReadError::damaged(
                "docx",
                "word/document.xml ends inside an open element",
            ));
        }
        Ok(())
    }

    fn finish(self) -> Document {
        self.doc
    }

    /// Ends every open element as if its end tag had been read, so that what was read
    /// before a limit stopped the walk is kept.
    fn close_all(&mut self) {
        self.skip = 0;
        while let Some(kind) = self.stack.pop() {
            self.end(kind);
        }
    }

    fn taking_text(&self) -> bool {
        self.skip == 0 && self.in_instruction == 0 && self.stack.last() == Some(&Kind::Text)
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn parent(&self) -> Option<Kind> {
        self.stack.last().copied()
    }

    /// Handles a start tag; `None` means the element and everything in it is skipped.
    fn start(&mut self, space: Space, e: &BytesStart) -> Option<Kind> {
        let local = local_name(e);
        match space {
            Space::Compat => {
                return if local == "Fallback" {
                    None
                } else {
                    Some(Kind::Other)
                }
            }
            Space::Other => return Some(Kind::Other),
            Space::Word => {}
        }
        let kind = match local {
            "p" => {
                self.paras.push(ParaBuf::default());
                Kind::Paragraph
            }
            "r" => Kind::Run,
            "t" => Kind::Text,
            "tab" | "ptab" if self.parent() == Some(Kind::Run) => {
                self.push_text(" ");
                Kind::Other
            }
            "br" | "cr" if self.parent() == Some(Kind::Run) => {
                self.push_text("\n");
                Kind::Other
            }
            "noBreakHyphen" if self.parent() == Some(Kind::Run) => {
                self.push_text("-");
                Kind::Other
            }
            "fldChar" => {
                self.field_char(e);
                Kind::Other
            }
            // Deleted text, moved-away text, field instructions and the old
            // properties of tracked changes are not what the reader sees.
            "del" | "moveFrom" | "instrText" | "delText" | "delInstrText" | "tcPrChange"
            | "trPrChange" | "tblPrChange" | "tblPrExChange" | "tblGridChange" | "pPrChange"
            | "rPrChange" | "sectPrChange" | "numberingChange" => return None,
            "txbxContent" => {
                self.frames.push(Frame::TextBox);
                Kind::TextBox
            }
            "tbl" => {
                self.tables.push(TableBuf::default());
                Kind::Table
            }
            "tr" => return self.start_row(),
            "trPr" => Kind::RowProps,
            "gridBefore" if self.parent() == Some(Kind::RowProps) => {
                let n = val_usize(e).unwrap_or(0).min(MAX_GRID_COLS);
                if let Some(t) = self.tables.last_mut() {
                    // Only cells not yet placed move; gridBefore precedes them.
                    if t.cell.is_none() && t.last_in_row.is_none() {
                        t.col = t.col.max(n);
                    }
                }
                Kind::Other
            }
            "tc" => return self.start_cell(),
            "tcPr" => Kind::CellProps,
            "gridSpan" if self.parent() == Some(Kind::CellProps) => {
                let n = val_usize(e).unwrap_or(1).clamp(1, MAX_GRID_COLS);
                if let Some(c) = self.current_cell() {
                    c.span = n;
                }
                Kind::Other
            }
            "vMerge" if self.parent() == Some(Kind::CellProps) => {
                let restart = val(e).is_some_and(|v| v == "restart");
                if let Some(c) = self.current_cell() {
                    c.vmerge = if restart {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
                Kind::Other
            }
            "hMerge" if self.parent() == Some(Kind::CellProps) => {
                let restart = val(e).is_some_and(|v| v == "restart");
                if let Some(c) = self.current_cell() {
                    c.hmerge_continue = !restart;
                }
                Kind::Other
            }
            _ => Kind::Other,
        };
        Some(kind)
    }

    fn current_cell(&mut self) -> Option<&mut CellBuf> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    fn field_char(&mut self, e: &BytesStart) {
        match attr(e, "fldCharType").as_deref() {
            // A runaway sequence of unmatched begins cannot grow this without end.
            Some("begin") if self.fields.len() < self.limits.max_depth.max(1).saturating_mul(4) => {
                self.fields.push(FieldPhase::Instruction);
                self.in_instruction += 1;
            }
            Some("separate") => {
                if let Some(top) = self.fields.last_mut() {
                    if *top == FieldPhase::Instruction {
                        *top = FieldPhase::Result;
                        self.in_instruction = self.in_instruction.saturating_sub(1);
                    }
                }
            }
            Some("end") => {
                let was_instruction = self.fields.pop() == Some(FieldPhase::Instruction);
                self.in_instruction = self
                    .in_instruction
                    .saturating_sub(usize::from(was_instruction));
            }
            _ => {}
        }
    }

    fn start_row(&mut self) -> Option<Kind> {
        let max_rows = self.limits.max_rows;
        let rows = self.tables.last()?.rows;
        if rows >= max_rows {
            self.issue(
                "rows",
                format!("a table has more than {max_rows} rows; the rest is not read"),
            );
            return None;
        }
        let t = self.tables.last_mut()?;
        t.col = 0;
        t.last_in_row = None;
        t.cell = None;
        Some(Kind::Row)
    }

    fn start_cell(&mut self) -> Option<Kind> {
        let max_cells = self.limits.max_cells;
        let over_cells = self.cells_total >= max_cells;
        let col = self.tables.last()?.col;
        if col >= MAX_GRID_COLS {
            self.issue(
                "cols",
                format!("a table row is wider than {MAX_GRID_COLS} grid columns"),
            );
            return None;
        }
        if over_cells {
            self.issue(
                "cells",
                format!("the document has more than {max_cells} table cells; the rest is not read"),
            );
            return None;
        }
        let t = self.tables.last_mut()?;
        t.cell = Some(CellBuf {
            col,
            span: 1,
            vmerge: VMerge::None,
            hmerge_continue: false,
            text: String::new(),
        });
        self.frames.push(Frame::Cell);
        Some(Kind::Cell)
    }

    fn end(&mut self, kind: Kind) {
        match kind {
            Kind::Paragraph => self.end_paragraph(),
            Kind::TextBox => {
                if self.frames.last() == Some(&Frame::TextBox) {
                    self.frames.pop();
                }
            }
            Kind::Cell => {
                if self.frames.last() == Some(&Frame::Cell) {
                    self.frames.pop();
                }
                self.end_cell();
            }
            Kind::Row => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows += 1;
                    t.cell = None;
                }
            }
            Kind::Table => self.end_table(),
            Kind::Run | Kind::Text | Kind::RowProps | Kind::CellProps | Kind::Other => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        match self.frames.last() {
            Some(Frame::Cell) => {
                let Some(t) = self.tables.last_mut() else {
                    return;
                };
                let mut tables = Vec::new();
                if let Some(c) = t.cell.as_mut() {
                    add_line(&mut c.text, &p.text);
                    for d in p.deferred {
                        match d {
                            Deferred::Paragraph(s) => add_line(&mut c.text, &s),
                            Deferred::Table(tb) => tables.push(tb),
                        }
                    }
                }
                t.nested.extend(tables);
            }
            Some(Frame::TextBox) if !self.paras.is_empty() => {
                if let Some(parent) = self.paras.last_mut() {
                    if !p.text.trim().is_empty() {
                        parent.deferred.push(Deferred::Paragraph(p.text));
                    }
                    parent.deferred.extend(p.deferred);
                }
            }
            _ => {
                self.emit_paragraph(p.text);
                for d in p.deferred {
                    match d {
                        Deferred::Paragraph(s) => self.emit_paragraph(s),
                        Deferred::Table(t) => self.emit_table(t),
                    }
                }
            }
        }
    }

    fn emit_paragraph(&mut self, text: String) {
        if text.trim().is_empty() {
            return;
        }
        if self.paragraphs_total >= self.limits.max_paragraphs {
            let max = self.limits.max_paragraphs;
            self.issue(
                "paragraphs",
                format!("the document has more than {max} paragraphs; the rest is not read"),
            );
            return;
        }
        // Numbered here rather than with Document::push_paragraph, which counts the
        // paragraphs already pushed and would make a long document quadratic.
        self.doc.blocks.push(Block::Paragraph(Paragraph {
            index: self.paragraphs_total,
            text,
            page: None,
            bbox: None,
        }));
        self.paragraphs_total += 1;
    }

    fn emit_table(&mut self, mut table: Table) {
        table.index = self.tables_total;
        self.tables_total += 1;
        self.doc.blocks.push(Block::Table(table));
    }

    fn end_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(c) = t.cell.take() else { return };
        let row = t.rows;
        let span = c.span.min(MAX_GRID_COLS.saturating_sub(c.col)).max(1);
        t.col = c.col.saturating_add(span);

        if c.vmerge == VMerge::Continue {
            let origin = t.vmerge_origin.get(&c.col).copied();
            if let Some(o) = origin.and_then(|i| t.cells.get_mut(i)) {
                // Only a cell that reaches down to this row can be continued; a gap
                // (a row without a cell in this column) ends the merge.
                if o.row + o.row_span == row {
                    o.row_span += 1;
                    add_line(&mut o.text, &c.text);
                    t.last_in_row = origin;
                    return;
                }
            }
        }
        if c.hmerge_continue {
            if let Some(prev) = t.last_in_row.and_then(|i| t.cells.get_mut(i)) {
                if prev.row == row && prev.col + prev.col_span == c.col {
                    prev.col_span += span;
                    add_line(&mut prev.text, &c.text);
                    return;
                }
            }
        }

        let idx = t.cells.len();
        for k in c.col..c.col + span {
            t.vmerge_origin.remove(&k);
        }
        if c.vmerge == VMerge::Restart {
            t.vmerge_origin.insert(c.col, idx);
        }
        t.cells.push(Cell {
            row,
            col: c.col,
            row_span: 1,
            col_span: span,
            text: c.text,
            ..Cell::default()
        });
        t.last_in_row = Some(idx);
        self.cells_total += 1;
    }

    fn end_table(&mut self) {
        let Some(t) = self.tables.pop() else { return };
        let mut out = Vec::with_capacity(1 + t.nested.len());
        if !t.cells.is_empty() {
            out.push(Table::from_cells(0, t.cells));
        }
        out.extend(t.nested);
        if let Some(parent) = self.tables.last_mut() {
            parent.nested.extend(out);
        } else if let Some(p) = self.paras.last_mut() {
            // A table inside a text box belongs after the paragraph anchoring the box.
            p.deferred.extend(out.into_iter().map(Deferred::Table));
        } else {
            for table in out {
                self.emit_table(table);
            }
        }
    }
}

fn add_line(buf: &mut String, line: &str) {
    if line.trim().is_empty() {
        return;
    }
    if !buf.is_empty() {
        buf.push('\n');
    }
    buf.push_str(line);
}

fn space_of(ns: &ResolveResult, event: &Event) -> Space {
    let prefix = match event {
        Event::Start(e) | Event::Empty(e) => e.name().prefix().map(|p| p.into_inner()),
        _ => return Space::Other,
    };
    match ns {
        ResolveResult::Bound(n) if n.0 == W_NS || n.0 == W_STRICT_NS => Space::Word,
        ResolveResult::Bound(n) if n.0 == MC_NS => Space::Compat,
        ResolveResult::Bound(_) => Space::Other,
        // Files written without namespace declarations still use Word's prefixes.
        ResolveResult::Unknown(_) | ResolveResult::Unbound => match prefix {
            Some("mc") => Space::Compat,
            Some("w") | None => Space::Word,
            Some(_) => Space::Other,
        },
    }
}

fn local_name<'a>(e: &'a BytesStart<'a>) -> &'a str {
    e.local_name().into_inner()
}

/// The value of the attribute with this local name, whatever its prefix.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .map(|a| a.value.into_owned())
}

fn val(e: &BytesStart) -> Option<String> {
    attr(e, "val")
}

fn val_usize(e: &BytesStart) -> Option<usize> {
    val(e)?
        .trim()
        .parse::<u64>()
        .ok()
        .map(|n| n.min(usize::MAX as u64) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_document_is_decoded() {
        let s = "\u{feff}<a>表</a>";
        let bytes: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_xml(&bytes), "<a>表</a>");
    }
}
