//! PDF reader: lopdf parses the file; our own content-stream interpreter
//! (`content`) gives every glyph with its box and every ruling; tables are
//! rebuilt from the rulings (`tables`), the other text becomes lines and
//! paragraphs (`layout`), and tables continued over a page break are joined here.
//!
//! Why lopdf and an interpreter of our own: lopdf is a parser only (fast, and it
//! bounds decompression and reference depth), and its own text extraction breaks
//! at every font change; pdf-extract gives glyphs but no control over limits;
//! pdf_oxide's tables are wrong and it costs 145 crates. With our own interpreter
//! every limit (operators, glyphs, nesting, time) is ours to enforce.
//!
//! Geometry: pages are numbered from 1; every `bbox` is `[x0, y0, x1, y1]` in
//! points with the origin at the top-left corner of the page as displayed (after
//! /Rotate and the crop box), y growing downwards, so boxes read like the page.

mod content;
mod fonts;
mod layout;
mod lexer;
pub mod ocr;
mod tables;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::time::{Duration, Instant};

use lopdf::{LoadOptions, ObjectId};

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Cell, Document, Format, Issue, Table};

use content::{Interp, PageContent, PageLimits};
use fonts::Font;
use tables::{PCell, PTable};

pub struct PdfReader;

impl super::Reader for PdfReader {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
        read_pdf(bytes, limits)
    }
}

/// Operators interpreted per page; Word writes a few thousand for a dense page.
const MAX_OPS_PER_PAGE: usize = 2_000_000;
/// Glyphs kept per page; a dense A4 page has under 5,000.
const MAX_GLYPHS_PER_PAGE: usize = 200_000;
/// Rulings kept per page.
const MAX_SEGS_PER_PAGE: usize = 100_000;
/// Bytes any one stream may decompress to.
const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;

/// How far above the bottom margin a table split inside a row may end: the break
/// falls between two lines of the row's text, so up to about a line's height.
const SPLIT_SLACK: f64 = 18.0;

/// One block of a page, in reading order.
enum Piece {
    Para(String, [f64; 4], u32),
    Table(PTable),
}

fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let deadline = Instant::now() + Duration::from_millis(limits.max_millis);
    let stream_cap = limits.max_entry_bytes.min(MAX_STREAM_BYTES) as usize;
    let (pdf, pages) = load(bytes, limits, stream_cap)?;
    let mut doc = Document::new(Format::Pdf);
    let mut issues: Vec<Issue> = Vec::new();
    let n_pages = pages.len().min(limits.max_pages as usize);
    if pages.len() > n_pages {
        issues.push(Issue {
            code: "limit.pages".into(),
            message: format!("only the first {n_pages} pages were read"),
        });
    }
    doc.pages = Some(n_pages as u32);
    let mut run = PageRun::default();
    for (i, &pid) in pages.iter().take(n_pages).enumerate() {
        let pno = i + 1;
        if Instant::now() > deadline {
            issues.push(Issue {
                code: "limit.millis".into(),
                message: format!("time limit reached before page {pno}"),
            });
            break;
        }
        // The document's budgets (limits.max_operators, limits.max_glyphs) are shared by
        // its pages; a page never gets more than the per-page caps.
        let ops_left = limits.max_operators.saturating_sub(run.ops_used);
        let glyphs_left = limits.max_glyphs.saturating_sub(run.glyphs_used);
        if ops_left == 0 || glyphs_left == 0 {
            let (code, what) = if ops_left == 0 {
                ("limit.operators", "operators")
            } else {
                ("limit.glyphs", "glyphs")
            };
            issues.push(Issue {
                code: code.into(),
                message: format!("the document's {what} limit was reached before page {pno}"),
            });
            break;
        }
        let plimits = PageLimits {
            max_ops: MAX_OPS_PER_PAGE.min(usize::try_from(ops_left).unwrap_or(usize::MAX)),
            max_glyphs: MAX_GLYPHS_PER_PAGE.min(usize::try_from(glyphs_left).unwrap_or(usize::MAX)),
            max_segs: MAX_SEGS_PER_PAGE,
            max_stream_bytes: stream_cap,
            max_depth: limits.max_depth.min(32),
            deadline,
        };
        run.page(&pdf, pid, pno, plimits, &mut issues);
    }
    run.finish(&mut issues);
    assemble(&mut doc, run.pages, limits, &mut issues);
    doc.issues = issues;
    Ok(doc)
}

/// Parses the file and lists its pages (one more than the page limit, to tell that
/// pages were left out). lopdf's own panics on malformed structure are caught.
fn load(
    bytes: &[u8],
    limits: &Limits,
    stream_cap: usize,
) -> Result<(lopdf::Document, Vec<ObjectId>), ReadError> {
    let opts = LoadOptions {
        max_decompressed_size: Some(stream_cap),
        ..LoadOptions::default()
    };
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        lopdf::Document::load_mem_with_options(bytes, opts)
    }));
    let pdf = match loaded {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => return Err(ReadError::damaged("pdf", e)),
        Err(_) => {
            return Err(ReadError::damaged(
                "pdf",
                "the file structure cannot be parsed",
            ))
        }
    };
    if pdf.objects.len() > limits.max_objects {
        return Err(ReadError::limit(
            "objects",
            format!("{} objects > {}", pdf.objects.len(), limits.max_objects),
        ));
    }
    if pdf.is_encrypted() && !pdf.was_encrypted() {
        return Err(ReadError::Encrypted { format: "pdf" });
    }
    let pages: Vec<ObjectId> = catch_unwind(AssertUnwindSafe(|| {
        pdf.page_iter()
            .take(limits.max_pages as usize + 1)
            .collect()
    }))
    .unwrap_or_default();
    if pages.is_empty() {
        return Err(ReadError::damaged("pdf", "no pages found"));
    }
    Ok((pdf, pages))
}

/// What the pages read so far gave, and what they tell about the file as a whole.
#[derive(Default)]
struct PageRun {
    fonts: HashMap<ObjectId, (u32, Rc<Font>)>,
    /// Each page's pieces and height; an empty page where a page could not be read.
    pages: Vec<(Vec<Piece>, f64)>,
    text_pages: usize,
    image_only: Vec<usize>,
    unmapped_fonts: Vec<String>,
    damaged: Vec<String>,
    ops_used: u64,
    glyphs_used: u64,
}

impl PageRun {
    fn page(
        &mut self,
        pdf: &lopdf::Document,
        pid: ObjectId,
        pno: usize,
        plimits: PageLimits,
        issues: &mut Vec<Issue>,
    ) {
        let got = catch_unwind(AssertUnwindSafe(|| {
            Interp::new(pdf, &mut self.fonts, plimits).run_page(pid)
        }));
        let pc: PageContent = match got {
            Ok(Ok(pc)) => pc,
            Ok(Err(e)) => return self.lost(format!("page {pno}: {e}")),
            Err(_) => return self.lost(format!("page {pno}: content cannot be interpreted")),
        };
        if let Some(why) = &pc.damage {
            self.damaged.push(format!("page {pno}: {why}"));
        }
        self.ops_used += pc.ops as u64;
        self.glyphs_used += pc.glyphs.len() as u64;
        if let Some((code, why)) = &pc.cut {
            issues.push(Issue {
                code: (*code).into(),
                message: format!("page {pno} cut short: {why}"),
            });
        }
        let has_text = pc.glyphs.iter().any(|g| !g.c.is_whitespace());
        if has_text {
            self.text_pages += 1;
        } else if pc.images > 0 && pc.unmapped == 0 {
            self.image_only.push(pno);
        }
        let lost = pc.unmapped > 0 && (pc.unmapped >= 5 || pc.unmapped * 10 >= pc.glyphs.len());
        if lost {
            for f in &pc.unmapped_fonts {
                if !self.unmapped_fonts.contains(f) {
                    self.unmapped_fonts.push(f.clone());
                }
            }
        }
        let height = pc.height;
        match catch_unwind(AssertUnwindSafe(|| page_pieces(pc, pno as u32))) {
            Ok(p) => self.pages.push((p, height)),
            Err(_) => self.lost(format!("page {pno}: layout cannot be rebuilt")),
        }
    }

    /// A page that could not be read: its place is kept, empty.
    fn lost(&mut self, why: String) {
        self.damaged.push(why);
        self.pages.push((Vec::new(), 0.0));
    }

    /// The issues about the file as a whole: damage, lost fonts, pages without text.
    fn finish(&self, issues: &mut Vec<Issue>) {
        if !self.damaged.is_empty() {
            issues.push(Issue {
                code: "pdf.damaged".into(),
                message: self.damaged.join("; "),
            });
        }
        if !self.unmapped_fonts.is_empty() {
            issues.push(Issue {
                code: "pdf.unmapped_font".into(),
                message: format!(
                    "text in fonts without a usable ToUnicode map was lost: {}",
                    self.unmapped_fonts.join(", ")
                ),
            });
        }
        let image_only = &self.image_only;
        if self.text_pages == 0 && self.unmapped_fonts.is_empty() && self.damaged.is_empty() {
            issues.push(Issue {
                code: "pdf.no_text".into(),
                message: if image_only.is_empty() {
                    "no page has text".into()
                } else {
                    format!(
                        "no page has text; {} page(s) hold only images (scanned?)",
                        image_only.len()
                    )
                },
            });
        } else if !image_only.is_empty() {
            issues.push(Issue {
                code: "pdf.no_text".into(),
                message: format!("pages with only images, no text: {image_only:?}"),
            });
        }
    }
}

/// Lines like "- 3 -", "第 3 页", "3/12" in the top or bottom margin.
fn is_page_furniture(text: &str, bbox: [f64; 4], height: f64) -> bool {
    let in_margin = bbox[1] > height * 0.9 || bbox[3] < height * 0.08;
    if !in_margin {
        return false;
    }
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && t.chars().count() <= 16
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || "-—–/第页共PageOf．.,，".contains(c))
}

fn page_pieces(pc: PageContent, page: u32) -> Vec<Piece> {
    let height = pc.height;
    let (tabs, rest) = tables::find_tables(&pc.hsegs, &pc.vsegs, pc.glyphs, page);
    let lines = layout::lines(rest);
    let mut pieces: Vec<(f64, Piece)> = Vec::new();
    // Without rulings, aligned text may still be a table.
    let mut free: Vec<&layout::Line> = lines.iter().collect();
    let mut skip = vec![false; lines.len()];
    if tabs.is_empty() {
        for (a, b, t) in tables::borderless(&lines, page) {
            for s in skip.iter_mut().take(b).skip(a) {
                *s = true;
            }
            pieces.push((t.bbox[1], Piece::Table(t)));
        }
        free = lines
            .iter()
            .zip(&skip)
            .filter(|(_, s)| !**s)
            .map(|(l, _)| l)
            .collect();
    }
    for t in tabs {
        pieces.push((t.bbox[1], Piece::Table(t)));
    }
    // Paragraphs are built between tables so that none runs across one.
    let mut bounds: Vec<f64> = pieces.iter().map(|(y, _)| *y).collect();
    bounds.sort_by(f64::total_cmp);
    let mut groups: Vec<Vec<layout::Line>> = vec![Vec::new(); bounds.len() + 1];
    for l in free {
        let k = bounds.partition_point(|&y| y < l.y0);
        if let Some(g) = groups.get_mut(k) {
            g.push(l.clone());
        }
    }
    for g in groups {
        for p in layout::paragraphs(&g) {
            if is_page_furniture(&p.text, p.bbox, height) {
                continue;
            }
            pieces.push((p.bbox[1], Piece::Para(p.text, p.bbox, page)));
        }
    }
    pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
    pieces.into_iter().map(|(_, p)| p).collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True when `next` (first piece of a page) continues `prev` (last piece of the
/// page before): same left and right edges and every column boundary of one
/// close to a boundary of the other.
fn continues(prev: &PTable, next: &PTable) -> bool {
    if next.page != prev.page + 1 {
        return false;
    }
    let near = |a: f64, b: f64| (a - b).abs() <= 3.0;
    if !near(prev.bbox[0], next.bbox[0]) || !near(prev.bbox[2], next.bbox[2]) {
        return false;
    }
    let shared = next
        .xs
        .iter()
        .filter(|x| prev.xs.iter().any(|y| near(**x, *y)))
        .count();
    shared * 2 >= next.xs.len().max(prev.xs.len())
}

/// Joins `next` below `prev`: columns on the union of both boundaries, a repeated
/// header dropped, a merged cell cut by the page break made whole again.
fn join(prev: &mut PTable, mut next: PTable, bottom_line: f64) {
    union_columns(prev, &mut next);
    drop_repeated_header(prev, &mut next);
    let base = prev.n_rows;
    let top: Vec<usize> = (0..next.cells.len())
        .filter(|&k| next.cells[k].row == 0)
        .collect();
    // For each cell of the continuation's top row, the cell of the same columns
    // that ends with the last row before the break.
    let matched: Vec<Option<usize>> = top
        .iter()
        .map(|&k| {
            let c = &next.cells[k];
            prev.cells
                .iter()
                .position(|p| p.col == c.col && p.cs == c.cs && p.row + p.rs == base)
        })
        .collect();
    let pairs: Vec<(usize, usize)> = top
        .iter()
        .zip(&matched)
        .filter_map(|(&k, m)| m.map(|i| (k, i)))
        .collect();
    let (absorbed, shift) = if row_split_by_break(prev, &next, &top, &matched, bottom_line) {
        (absorb_split_row(prev, &next, &pairs), base - 1)
    } else {
        (absorb_cut_merges(prev, &next, &pairs), base)
    };
    for (k, mut c) in next.cells.into_iter().enumerate() {
        if !absorbed.contains(&k) {
            c.row += shift;
            prev.cells.push(c);
        }
    }
    prev.n_rows = shift + next.n_rows;
    prev.page = next.page;
    prev.bbox = next.bbox;
}

/// Puts both tables on the union of their column boundaries.
fn union_columns(prev: &mut PTable, next: &mut PTable) {
    let mut xs: Vec<f64> = prev.xs.clone();
    for x in &next.xs {
        if !xs.iter().any(|y| (x - y).abs() <= 3.0) {
            xs.push(*x);
        }
    }
    xs.sort_by(f64::total_cmp);
    let remap = |t: &mut PTable, xs: &[f64]| {
        let idx = |x: f64| {
            xs.iter()
                .enumerate()
                .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
                .map_or(0, |(i, _)| i)
        };
        for c in &mut t.cells {
            let a = c.col;
            let b = c.col + c.cs;
            let (xa, xb) = (
                t.xs.get(a).copied().unwrap_or(0.0),
                t.xs.get(b).copied().unwrap_or(0.0),
            );
            let (na, nb) = (idx(xa), idx(xb));
            c.col = na;
            c.cs = nb.saturating_sub(na).max(1);
        }
        t.xs = xs.to_vec();
    };
    remap(prev, &xs);
    remap(next, &xs);
}

/// Drops a header row (up to three) repeated at the top of the continuation.
fn drop_repeated_header(prev: &PTable, next: &mut PTable) {
    let row_sig = |t: &PTable, r: usize| -> Vec<(usize, usize, String)> {
        t.cells
            .iter()
            .filter(|c| c.row == r)
            .map(|c| (c.col, c.cs, squash(&c.text)))
            .collect()
    };
    let mut drop_rows = 0;
    for k in 1..=3usize.min(next.n_rows.saturating_sub(1)) {
        let same = (0..k).all(|r| {
            let a = row_sig(prev, r);
            !a.is_empty() && a.iter().any(|x| !x.2.is_empty()) && a == row_sig(next, r)
        });
        if same {
            drop_rows = k;
        }
    }
    if drop_rows > 0 {
        next.cells.retain(|c| c.row >= drop_rows);
        for c in &mut next.cells {
            c.row -= drop_rows;
        }
        next.n_rows -= drop_rows;
    }
}

/// A row split by the page break (as LibreOffice allows): the table fills its
/// page down to the bottom margin, the top row of the continuation has the
/// same cells as the last row before the break, every cell with text in it
/// continues a cell whose text ran to the right edge, and none starts under a
/// merged cell (a new group label there starts a new row). Short labels that
/// exactly fill narrow columns look wrapped too, so one more sign is needed: a
/// cell of the row that ended before the break (text above, none below), or a
/// cell of several lines that goes on. And a cell goes on only if its text fills
/// the piece of the row down to the break: a cell of one line in a row piece three
/// lines high ended on this page, however exactly it fills its width.
fn row_split_by_break(
    prev: &PTable,
    next: &PTable,
    top: &[usize],
    matched: &[Option<usize>],
    bottom_line: f64,
) -> bool {
    !top.is_empty()
        && prev.bbox[3] >= bottom_line - SPLIT_SLACK
        && matched.iter().all(Option::is_some)
        && top.iter().any(|&k| !next.cells[k].text.trim().is_empty())
        && top.iter().zip(matched).all(|(&k, m)| {
            let c = &next.cells[k];
            let b = c.text.trim().chars().next();
            b.is_none()
                || m.and_then(|i| prev.cells.get(i)).is_some_and(|p| {
                    p.rs == 1
                        && p.last.as_ref().is_some_and(|l| {
                            layout::wrapped_before(l, c.first_w, b.unwrap_or(' '), p.bbox[2])
                                && reaches_bottom(l, p.bbox[3])
                        })
                })
        })
        && top.iter().zip(matched).any(|(&k, m)| {
            let c = &next.cells[k];
            m.and_then(|i| prev.cells.get(i)).is_some_and(|p| {
                let (above, below) = (!p.text.trim().is_empty(), !c.text.trim().is_empty());
                (p.rs == 1 && above && !below) || (below && p.n_lines >= 2)
            })
        })
}

/// Appends the text of each top cell of the continuation to the cell it continues;
/// returns the continuation's cells taken in.
fn absorb_split_row(prev: &mut PTable, next: &PTable, pairs: &[(usize, usize)]) -> Vec<usize> {
    let mut absorbed = Vec::new();
    for &(k, i) in pairs {
        let (Some(c), Some(p)) = (next.cells.get(k), prev.cells.get_mut(i)) else {
            continue;
        };
        let t = c.text.trim();
        if !t.is_empty() {
            let a = p.text.chars().last().unwrap_or(' ');
            let b = t.chars().next().unwrap_or(' ');
            if layout::needs_space(a, b) {
                p.text.push(' ');
            }
            p.text.push_str(t);
        }
        p.rs += c.rs - 1;
        if c.last.is_some() {
            p.last = c.last.clone();
        }
        absorbed.push(k);
    }
    absorbed
}

/// Merged cells cut by the page break: an empty cell at the top of the
/// continuation under a cell of the same columns continues it when either
/// of them is merged down. Returns the continuation's cells taken in.
fn absorb_cut_merges(prev: &mut PTable, next: &PTable, pairs: &[(usize, usize)]) -> Vec<usize> {
    let mut absorbed = Vec::new();
    for &(k, i) in pairs {
        let (Some(c), Some(p)) = (next.cells.get(k), prev.cells.get_mut(i)) else {
            continue;
        };
        if c.text.trim().is_empty() && (p.rs > 1 || c.rs > 1) && !p.text.trim().is_empty() {
            p.rs += c.rs;
            absorbed.push(k);
        }
    }
    absorbed
}

fn assemble(
    doc: &mut Document,
    pages: Vec<(Vec<Piece>, f64)>,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) {
    // The bottom margin, which a table whose last row was split by the page break
    // reaches: the lowest content on the other pages (text and tables fill pages
    // down to it). The page itself does not count, or a table that merely ends
    // lowest in a short document would look split.
    let lowest: Vec<f64> = pages
        .iter()
        .map(|(p, _)| {
            p.iter()
                .map(|x| match x {
                    Piece::Para(_, b, _) => b[3],
                    Piece::Table(t) => t.bbox[3],
                })
                .fold(f64::MIN, f64::max)
        })
        .collect();
    let bottom_line = |page: u32| -> f64 {
        lowest
            .iter()
            .enumerate()
            .filter(|(i, _)| *i + 1 != page as usize)
            .map(|(_, y)| *y)
            .fold(f64::MIN, f64::max)
    };
    let mut flat: Vec<Piece> = Vec::new();
    // First page of each table, since joining moves `page` to the last.
    let mut first_page: Vec<u32> = Vec::new();
    for (pieces, _) in pages {
        for (k, p) in pieces.into_iter().enumerate() {
            if let (0, Piece::Table(t)) = (k, &p) {
                if let Some(Piece::Table(prev)) = flat.last_mut() {
                    if continues(prev, t) {
                        if let Piece::Table(t) = p {
                            let line = bottom_line(prev.page);
                            join(prev, t, line);
                        }
                        continue;
                    }
                }
            }
            if let Piece::Table(t) = &p {
                first_page.push(t.page);
            }
            flat.push(p);
        }
    }
    let mut cells_total = 0usize;
    let mut paras = 0usize;
    let mut cut = false;
    let mut tno = 0usize;
    for p in flat {
        match p {
            Piece::Para(text, bbox, page) => {
                if paras >= limits.max_paragraphs {
                    cut = true;
                    continue;
                }
                paras += 1;
                doc.push_paragraph(text, Some(page), Some(round4(bbox)));
            }
            Piece::Table(t) => {
                let page = first_page.get(tno).copied();
                tno += 1;
                let mut cells: Vec<Cell> = Vec::with_capacity(t.cells.len());
                for c in t.cells {
                    if c.row >= limits.max_rows || cells_total >= limits.max_cells {
                        cut = true;
                        continue;
                    }
                    cells_total += 1;
                    cells.push(to_cell(c));
                }
                let mut table = Table::from_cells(0, cells);
                table.page = page;
                doc.push_table(table);
            }
        }
    }
    if cut {
        issues.push(Issue {
            code: "limit.cells".into(),
            message: "the document holds more cells or paragraphs than the limits allow".into(),
        });
    }
}

/// Whether a cell's last line sits at the bottom of the cell (less than a line
/// above it, allowing for the cell's padding): text cut by a page break does.
fn reaches_bottom(last: &layout::Line, cell_bottom: f64) -> bool {
    cell_bottom - last.y1 <= 0.6 * last.size + 5.0
}

fn round4(b: [f64; 4]) -> [f64; 4] {
    b.map(|x| (x * 100.0).round() / 100.0)
}

fn to_cell(c: PCell) -> Cell {
    Cell {
        row: c.row,
        col: c.col,
        row_span: c.rs,
        col_span: c.cs,
        text: c.text,
        typed: None,
        page: Some(c.page),
        bbox: Some(round4(c.bbox)),
        confidence: None,
    }
}
