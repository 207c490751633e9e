//! OCR of PDF pages that have no usable text: scanned forms, and PDFs whose fonts
//! have no ToUnicode map.
//!
//! Each page is rendered with `pdftoppm` (200 dpi, colour) and cleaned (`raster`:
//! red taken out, the paper's shade flattened, skew undone); its orientation is
//! found (sideways and upside-down sheets are turned upright); the table grid is
//! found in the ink (`grid`); the text is read by one of two engines, and the result
//! is the same document model the other readers build, so the same interpreter reads
//! it.
//!
//! - Engines: PP-OCR models through ONNX Runtime (`ppocr`), when its files are
//!   installed: the page's text lines are detected once, cut at the cell borders of
//!   the grid, and each piece recognised; else tesseract (`tesseract`) on crops of
//!   every cell. The record's `ocr_pages` says which engine read each page.
//!   `JIXIAO_OCR_ENGINE=tesseract` forces the fallback (for comparisons).
//! - Orientation (PP-OCR only): a page whose detected lines are mostly taller than
//!   wide is turned a quarter; the direction classifier's vote over its longest lines
//!   then decides whether it is upside down.
//! - Confidence: a cell's confidence is the lowest confidence of its text (0..1):
//!   PP-OCR's mean character probability of a line, tesseract's word confidence. It
//!   lands in `Cell::confidence` and from there in every value's `Source`. Cells
//!   that hold a digit and have a confidence below [`LOW_CONFIDENCE`] are listed in
//!   one `ocr.low_confidence` issue, which makes the record `partial`: such numbers
//!   are to be checked by a person, not trusted.
//! - A page on which OCR recognises no text is named in an `ocr.no_text` issue, and
//!   a page the engine failed on in an `ocr.failed` issue; both make the record
//!   `partial`, so an empty scan never passes as a clean read.
//! - Pages are read in parallel (rayon), the models loaded once per process.
//! - Time: the file's budget (`limits.max_millis`) plus [`PAGE_MILLIS`] for each
//!   page; pages not started by the deadline are not read (`limit.millis`) and tools
//!   still running at the deadline are killed.
//!
//! Without either engine, or without pdftoppm, the document comes back empty with a
//! `pdf.no_text` issue saying how to install them.

mod grid;
pub mod ppocr;
mod raster;
mod tesseract;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Block, Cell, Document, Format, Issue, OcrPage, Table};

use grid::{GridTable, Region};
use raster::Raster;

/// Resolution pages are rendered at.
pub const DPI: u32 = 200;
/// Cells holding a digit with a confidence below this are reported.
pub const LOW_CONFIDENCE: f64 = 0.80;
/// Time added to a file's budget for each page read by OCR.
pub const PAGE_MILLIS: u64 = 30_000;
/// A page whose lines across add up to less than this many page widths may be
/// sideways and is also looked at turned (a form page holds dozens of widths).
const SPARSE_LINE_MASS: usize = 4;
/// PP-OCR lines whose confidence is below this are dust, stamp remnants or rule
/// debris, not text (PaddleOCR's own default drop score).
const MIN_LINE_SCORE: f64 = 0.5;
const INSTALL_HINT: &str = "install OCR with scripts/setup (PP-OCR: pip install --target \
~/.local/share/jixiao/ocr onnxruntime rapidocr; or tesseract: apt-get install tesseract-ocr \
tesseract-ocr-chi-sim poppler-utils)";

/// The words of one crop: lines of (text, confidence 0..1).
pub(crate) type Lines = Vec<Vec<(String, f64)>>;
/// A recognised piece of a text line: its rectangle, text and confidence.
type Piece = ([usize; 4], String, f64);
/// Per region, per cell (one item for a strip): its text lines; the degrees turned.
type PageText = (Vec<Region>, Vec<Vec<Lines>>, u16);

/// The engine that reads pages in this process.
#[derive(Clone, Copy)]
enum Engine {
    Ppocr(&'static ppocr::Engine),
    Tesseract,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Ppocr(_) => "ppocr",
            Engine::Tesseract => "tesseract",
        }
    }
}

/// Pages read at once in this process; 0 = one per core.
static PAGE_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Sets how many pages OCR reads at once in this process (0: one per core). A run's
/// `--jobs` sets it, so that `--jobs 1` reads one page at a time and OCR never
/// takes more cores than the run was given. Takes effect when the first page is read.
pub fn set_page_threads(n: usize) {
    PAGE_THREADS.store(n, Ordering::Relaxed);
}

/// The pool pages are read on: one for the process, shared by the files read at
/// once, so that pages of several files together stay within the bound. A file's
/// thread waits in it for its own pages; `None` (pages one after another) when no
/// thread can be started.
fn page_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(PAGE_THREADS.load(Ordering::Relaxed))
            .thread_name(|i| format!("jixiao-ocr-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// PP-OCR when it loads (unless `JIXIAO_OCR_ENGINE=tesseract`), else tesseract
/// when installed; decided once per process.
fn engine() -> Option<Engine> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    *ENGINE.get_or_init(|| {
        let forced = std::env::var("JIXIAO_OCR_ENGINE").unwrap_or_default();
        if forced != "tesseract" {
            if let Ok(e) = ppocr::engine() {
                return Some(Engine::Ppocr(e));
            }
        }
        tesseract::available().then_some(Engine::Tesseract)
    })
}

/// The name of the engine pages are read with (`ppocr`, `tesseract`), if any.
pub fn engine_name() -> Option<&'static str> {
    engine().map(Engine::name)
}

/// True when pages can be read by OCR: pdftoppm and an engine.
pub fn available() -> bool {
    static PDFTOPPM: OnceLock<bool> = OnceLock::new();
    let pdftoppm = *PDFTOPPM.get_or_init(|| {
        Command::new("pdftoppm")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    });
    pdftoppm && engine().is_some()
}

/// A cheap test for a PDF that can only be read by OCR: images and no font at all.
/// Object streams can hide font dictionaries, so a file with them does not qualify.
pub fn looks_image_only(pdf: &[u8]) -> bool {
    use crate::read::find;
    find(pdf, b"/Image").is_some()
        && find(pdf, b"/Font").is_none()
        && find(pdf, b"/ObjStm").is_none()
}

/// The document of a PDF without usable text when OCR is not available.
pub fn no_text_document(pages: Option<u32>) -> Document {
    let mut doc = Document::new(Format::Pdf);
    doc.pages = pages;
    doc.issues.push(Issue {
        code: "pdf.no_text".into(),
        message: format!(
            "the PDF has no usable text layer and OCR is not available; {INSTALL_HINT}"
        ),
    });
    doc
}

/// Reads every page of a PDF of `pages` pages by OCR (up to `limits.max_pages` and
/// `limits.max_ocr_pages`); `None` counts them.
pub fn ocr_pdf(pdf: &[u8], pages: Option<u32>, limits: &Limits) -> Result<Document, ReadError> {
    let count = match pages {
        Some(n) => n,
        None => lopdf::Document::load_mem(pdf)
            .map(|d| d.get_pages().len() as u32)
            .map_err(|e| ReadError::damaged("pdf", e))?,
    };
    let last = count.min(limits.max_pages).min(limits.max_ocr_pages);
    let mut doc = ocr_pages(pdf, &(1..=last).collect::<Vec<_>>(), limits)?;
    doc.pages = Some(count);
    Ok(doc)
}

/// Reads the given pages (1-based) of a PDF by OCR, for a PDF reader that found
/// some pages without usable text. Blocks carry their page numbers.
pub fn ocr_pdf_pages(pdf: &[u8], pages: &[u32], limits: &Limits) -> Result<Document, ReadError> {
    let cap = limits.max_pages.min(limits.max_ocr_pages) as usize;
    ocr_pages(pdf, &pages[..pages.len().min(cap)], limits)
}

/// What reading one page gave.
struct PageRead {
    n: u32,
    regions: Vec<Region>,
    texts: Vec<Vec<Lines>>,
    info: Option<OcrPage>,
    issue: Option<Issue>,
}

fn ocr_pages(pdf: &[u8], pages: &[u32], limits: &Limits) -> Result<Document, ReadError> {
    let Some(engine) = engine().filter(|_| available()) else {
        return Ok(no_text_document(None));
    };
    let started = Instant::now();
    // OCR costs seconds a page: each page adds to the file's time budget, up to 1.5
    // times `max_millis`: the batch abandons a file at twice that, and the pages in
    // hand must have time to finish, so that a long scan ends as a partial record with
    // `limit.millis` rather than as a failed one.
    let budget = limits
        .max_millis
        .saturating_add(PAGE_MILLIS.saturating_mul(pages.len() as u64))
        .min(limits.max_millis.saturating_mul(3) / 2)
        .max(limits.max_millis);
    let deadline = started + Duration::from_millis(budget);
    let tmp = TempDir::new()?;
    let input = tmp.path().join("in.pdf");
    std::fs::write(&input, pdf)?;
    let read = |&n: &u32| {
        if Instant::now() > deadline {
            return PageRead::failed(
                n,
                "limit.millis",
                format!(
                    "page {n} not read: OCR of the file took longer than its budget ({budget} ms)"
                ),
            );
        }
        read_page(engine, &input, tmp.path(), n, deadline)
            .unwrap_or_else(|e| PageRead::failed(n, &e.code(), format!("page {n}: {e}")))
    };
    let reads: Vec<PageRead> = match page_pool() {
        Some(pool) => pool.install(|| pages.par_iter().map(read).collect()),
        None => pages.iter().map(read).collect(),
    };
    let mut doc = Document::new(Format::Pdf);
    doc.ocr = true;
    doc.pages = pages.iter().copied().max();
    let mut b = Builder::default();
    let mut empty = Vec::new();
    for r in reads {
        if let Some(issue) = r.issue {
            b.issue(issue);
        }
        if let Some(info) = r.info {
            if info.lines == 0 {
                empty.push(r.n.to_string());
            }
            doc.ocr_pages.push(info);
        }
        b.page(r.n, &r.regions, r.texts, limits);
    }
    if !empty.is_empty() {
        b.issue(Issue {
            code: "ocr.no_text".into(),
            message: format!(
                "OCR recognised no text on page {} (blank, or an image too poor to read)",
                empty.join(", ")
            ),
        });
    }
    b.finish(&mut doc);
    Ok(doc)
}

impl PageRead {
    fn failed(n: u32, code: &str, message: String) -> PageRead {
        PageRead {
            n,
            regions: Vec::new(),
            texts: Vec::new(),
            info: None,
            issue: Some(Issue {
                code: if code.starts_with("limit.") {
                    code.to_string()
                } else {
                    "ocr.failed".to_string()
                },
                message,
            }),
        }
    }
}

/// Renders, cleans and reads one page.
fn read_page(
    engine: Engine,
    input: &Path,
    dir: &Path,
    n: u32,
    deadline: Instant,
) -> Result<PageRead, ReadError> {
    let prefix = format!("p{n}");
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-r", &DPI.to_string(), "-f", &n.to_string()])
        .args(["-l", &n.to_string(), "-singlefile"])
        .arg(input)
        .arg(dir.join(&prefix));
    run(cmd, deadline, "pdftoppm")?;
    let path = dir.join(format!("{prefix}.ppm"));
    let loaded = Raster::load_pnm(&path);
    let _ = std::fs::remove_file(&path);
    let mut raster = loaded?;
    raster.flatten();
    raster.deskew();
    let (regions, texts, turned) = match engine {
        Engine::Ppocr(e) => read_ppocr(e, raster, n)
            .map_err(|err| ReadError::damaged("pdf", format!("PP-OCR: {err}")))?,
        Engine::Tesseract => {
            let ink = raster.ink(raster::INK);
            let regions = grid::layout(
                &raster.ink(raster::RULE_CORE),
                &raster.ink(raster::RULE_INK),
            );
            let texts = tesseract::recognise(&ink, &regions, dir, n, deadline)?;
            (regions, texts, 0)
        }
    };
    let lines = texts
        .iter()
        .flatten()
        .flatten()
        .filter(|l| l.iter().any(|(t, _)| is_text(t)))
        .count();
    Ok(PageRead {
        n,
        regions,
        texts,
        info: Some(OcrPage {
            page: n,
            engine: engine.name().to_string(),
            turned,
            lines,
        }),
        issue: None,
    })
}

/// Orientation, grid and text of a page by PP-OCR; the degrees the page was turned
/// clockwise to stand upright.
fn read_ppocr(e: &ppocr::Engine, mut page: Raster, n: u32) -> Result<PageText, ppocr::EngineError> {
    let mut boxes = e.detect(&page)?;
    let mut turned = 0u16;
    if sideways(&boxes) {
        page = upright(&page);
        turned = 90;
        boxes = e.detect(&page)?;
    } else if line_mass(&boxes) < SPARSE_LINE_MASS * page.w {
        // Few lines read across: a sideways page of short lines can look the same.
        // Whichever way up shows more text in lines wins.
        let other = upright(&page);
        let other_boxes = e.detect(&other)?;
        if line_mass(&other_boxes) > 2 * line_mass(&boxes).max(1) {
            page = other;
            turned = 90;
            boxes = other_boxes;
        }
    }
    if e.upside_down(&page, &vote_sample(&boxes))? > 0.5 {
        page = page.turned(2);
        turned += 180;
        let (w, h) = (page.w, page.h);
        for b in &mut boxes {
            let [x0, y0, x1, y1] = b.rect;
            b.rect = [w - x1, h - y1, w - x0, h - y0];
        }
    }
    page.dump(n);
    let regions = grid::layout(&page.ink(raster::RULE_CORE), &page.ink(raster::RULE_INK));
    grid::erase(&regions, &mut page.grey, page.w);
    let (mut pieces, mut slots) = assign(&regions, &boxes);
    let ink = page.ink(raster::INK);
    for (rect, slot) in unread_ink(&regions, &pieces, &slots, &ink) {
        pieces.push(rect);
        slots.push(slot);
    }
    let read = e.recognise(&page, &pieces)?;
    let mut found: Vec<Vec<Vec<Piece>>> = regions
        .iter()
        .map(|r| match r {
            Region::Strip(_) => vec![Vec::new()],
            Region::Table(t) => vec![Vec::new(); t.cells.len()],
        })
        .collect();
    for ((rect, (ri, ci)), (mut text, conf)) in pieces.iter().zip(&slots).zip(read) {
        if conf < MIN_LINE_SCORE || text.trim().is_empty() {
            continue;
        }
        if matches!(text.trim(), "1" | "l" | "I" | "|") && slanted(&ink, *rect) {
            text = "/".to_string();
        }
        if let Some(item) = found.get_mut(*ri).and_then(|r| r.get_mut(*ci)) {
            item.push((*rect, text, conf));
        }
    }
    let texts = found
        .into_iter()
        .map(|items| items.into_iter().map(lines_of).collect())
        .collect();
    Ok((regions, texts, turned))
}

/// A sideways page turned a quarter clockwise and deskewed again: the skew of a
/// sideways page is measured on its runs across, which are then the table's short
/// vertical rules and the strokes of upright text; turned, its long rules read
/// across and give the angle (a residue of a degree leaves no row of the page
/// dark along a whole rule, and the table's grid is lost).
fn upright(page: &Raster) -> Raster {
    let mut turned = page.turned(1);
    turned.deskew();
    turned
}

/// A page turned a quarter: its lines of three characters or more stand upright.
fn sideways(boxes: &[ppocr::TextBox]) -> bool {
    let long = |a: usize, b: usize| a >= 3 * b.max(1);
    let tall = boxes.iter().filter(|b| long(b.height(), b.width())).count();
    let wide = boxes.iter().filter(|b| long(b.width(), b.height())).count();
    tall >= 3 && tall > 2 * wide
}

/// Total width of the lines that read across (at least twice as wide as high).
fn line_mass(boxes: &[ppocr::TextBox]) -> usize {
    boxes
        .iter()
        .filter(|b| b.width() >= 2 * b.height())
        .map(ppocr::TextBox::width)
        .sum()
}

/// The lines the direction classifier votes on: the longest ones (short crops are
/// where it is least sure).
fn vote_sample(boxes: &[ppocr::TextBox]) -> Vec<[usize; 4]> {
    let mut v: Vec<&ppocr::TextBox> = boxes
        .iter()
        .filter(|b| b.width() >= 2 * b.height())
        .collect();
    v.sort_by_key(|b| std::cmp::Reverse(b.width()));
    v.into_iter().take(24).map(|b| b.rect).collect()
}

/// Cuts the detected lines at the cells of the grid: a line inside a table gives a
/// piece for every cell it overlaps by at least a character's width and half its
/// height (a line the detector ran across a rule is two pieces); a line outside the
/// tables belongs to the strip it lies in. Returns the pieces and the (region, item)
/// each belongs to.
fn assign(regions: &[Region], boxes: &[ppocr::TextBox]) -> (Vec<[usize; 4]>, Vec<(usize, usize)>) {
    let (mut pieces, mut slots) = (Vec::new(), Vec::new());
    for b in boxes {
        let [bx0, by0, bx1, by1] = b.rect;
        let bh = by1.saturating_sub(by0);
        let mut placed = false;
        for (ri, region) in regions.iter().enumerate() {
            match region {
                Region::Table(t) => {
                    if by1 <= t.top || by0 >= t.bottom {
                        continue;
                    }
                    for (ci, c) in t.cells.iter().enumerate() {
                        let [cx0, cy0, cx1, cy1] = c.rect;
                        let (x0, y0, x1, y1) =
                            (bx0.max(cx0), by0.max(cy0), bx1.min(cx1), by1.min(cy1));
                        if x1 <= x0 || y1 <= y0 {
                            continue;
                        }
                        let ch = cy1.saturating_sub(cy0);
                        if (x1 - x0) * 5 >= bh * 2 && (y1 - y0) * 2 >= bh.min(ch) {
                            pieces.push([x0, y0, x1, y1]);
                            slots.push((ri, ci));
                            placed = true;
                        }
                    }
                }
                Region::Strip([_, sy0, _, sy1]) => {
                    let cy = (by0 + by1) / 2;
                    if (*sy0..*sy1).contains(&cy) {
                        pieces.push(b.rect);
                        slots.push((ri, 0));
                        placed = true;
                    }
                }
            }
            if placed {
                break;
            }
        }
    }
    (pieces, slots)
}

/// Ink of table cells that no detected line reached: each band of rows holding
/// such ink, with its extent, and the cell. The detector sees the page at under
/// half its resolution, where a lone sign (=, ≥, a dash, a single digit, the minus
/// sign of a figure wrapped onto a line of its own) is a few pixels and no line;
/// that ink, cut out, is read as one piece. Dust is not: a band needs
/// [`MIN_CELL_INK`] dark pixels and a height of [`MIN_CELL_INK_SIDE`], or, a dash,
/// a width of [`MIN_DASH`] and three times its height.
fn unread_ink(
    regions: &[Region],
    pieces: &[[usize; 4]],
    slots: &[(usize, usize)],
    ink: &raster::Ink,
) -> Vec<([usize; 4], (usize, usize))> {
    let mut out = Vec::new();
    // Clear of the rules, which were erased but leave fringes.
    let inset = (DPI / 40) as usize;
    for (ri, region) in regions.iter().enumerate() {
        let Region::Table(t) = region else { continue };
        for (ci, cell) in t.cells.iter().enumerate() {
            let [x0, y0, x1, y1] = cell.rect;
            let (x0, y0) = (x0 + inset, y0 + inset);
            let (x1, y1) = (x1.saturating_sub(inset), y1.saturating_sub(inset));
            if x1 <= x0 || y1 <= y0 {
                continue;
            }
            let read: Vec<&[usize; 4]> = pieces
                .iter()
                .zip(slots)
                .filter(|(_, s)| **s == (ri, ci))
                .map(|(p, _)| p)
                .collect();
            let covered = |y: usize| read.iter().any(|p| y + 2 >= p[1] && y < p[3] + 2);
            let mut band: Option<[usize; 5]> = None; // x0, y0, x1, y1, dark pixels
            for y in y0..=y1 {
                let row: Vec<usize> = if y < y1 && !covered(y) {
                    (x0..x1).filter(|&x| ink.at(x, y)).collect()
                } else {
                    Vec::new()
                };
                if let (Some(&a), Some(&b)) = (row.first(), row.last()) {
                    band = Some(match band {
                        Some(bd) => [bd[0].min(a), bd[1], bd[2].max(b), y, bd[4] + row.len()],
                        None => [a, y, b, y, row.len()],
                    });
                    continue;
                }
                // The bars of an = and the strokes of a character lie a few rows
                // apart; a band ends after a wider gap (or at the cell's end).
                let Some(bd) = band.filter(|bd| y >= y1 || y > bd[3] + inset) else {
                    continue;
                };
                band = None;
                let [bx0, by0, bx1, by1, n] = bd;
                let (bw, bh) = (bx1 + 1 - bx0, by1 + 1 - by0);
                let dash = bw >= MIN_DASH && bw >= 3 * bh;
                if n >= MIN_CELL_INK && (bh >= MIN_CELL_INK_SIDE || dash) {
                    let rect = [
                        bx0.saturating_sub(inset).max(x0),
                        by0.saturating_sub(inset).max(y0),
                        (bx1 + 1 + inset).min(x1),
                        (by1 + 1 + inset).min(y1),
                    ];
                    out.push((rect, (ri, ci)));
                }
            }
        }
    }
    out
}

/// Dark pixels a band of a cell's ink needs to be read without a detected line (a
/// hyphen-minus at 200 dpi has 10).
const MIN_CELL_INK: usize = 8;
/// Height that such ink needs: an = sign at 200 dpi is 9 pixels high.
const MIN_CELL_INK_SIDE: usize = (DPI / 25) as usize;
/// Width of a dash (three times its height too): a hyphen-minus is 6 pixels wide
/// and 2 high; specks of dust are as high as wide.
const MIN_DASH: usize = (DPI / 40) as usize;

/// Whether the one stroke in `rect` leans right going up, as a slash does: the
/// recogniser reads a lone "/" (a form's "not applicable") as 1 about as often as
/// not, and a 1 stands upright (its flag, if anything, leans the other way). The
/// ink's mean x in the top third against the bottom third, over its height.
fn slanted(ink: &raster::Ink, rect: [usize; 4]) -> bool {
    let [x0, y0, x1, y1] = rect;
    let dark: Vec<(usize, usize)> = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| ink.at(x, y))
        .collect();
    let (Some(top), Some(bottom)) = (
        dark.iter().map(|p| p.1).min(),
        dark.iter().map(|p| p.1).max(),
    ) else {
        return false;
    };
    let height = bottom - top + 1;
    if height < 6 {
        return false;
    }
    let mean_x = |from: usize, to: usize| {
        let xs: Vec<f64> = dark
            .iter()
            .filter(|p| p.1 >= from && p.1 < to)
            .map(|p| p.0 as f64)
            .collect();
        (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
    };
    let third = height / 3;
    match (
        mean_x(top, top + third),
        mean_x(bottom + 1 - third, bottom + 1),
    ) {
        (Some(up), Some(down)) => (up - down) / height as f64 > SLASH_LEAN,
        _ => false,
    }
}

/// Lean (horizontal shift over height between the thirds) above which a stroke is a
/// slash: a slash of the forms' fonts leans 0.4 to 0.6, an upright 1 under 0.1.
const SLASH_LEAN: f64 = 0.25;

/// Pieces of one cell or strip as lines, top to bottom: a piece whose middle lies
/// within the height of the line before joins it; words left to right.
fn lines_of(mut pieces: Vec<Piece>) -> Lines {
    pieces.sort_by_key(|(r, _, _)| (r[1] + r[3], r[0]));
    let mut lines: Vec<(usize, usize, Vec<Piece>)> = Vec::new();
    for p in pieces {
        let mid = (p.0[1] + p.0[3]) / 2;
        match lines.last_mut() {
            Some((y0, y1, l)) if (*y0..*y1).contains(&mid) => {
                *y0 = (*y0).min(p.0[1]);
                *y1 = (*y1).max(p.0[3]);
                l.push(p);
            }
            _ => lines.push((p.0[1], p.0[3], vec![p])),
        }
    }
    lines
        .into_iter()
        .map(|(_, _, mut l)| {
            l.sort_by_key(|(r, _, _)| r[0]);
            l.into_iter().map(|(_, t, c)| (t, c)).collect()
        })
        .collect()
}

/// Runs a tool to completion, killing it at the deadline.
fn run(mut cmd: Command, deadline: Instant, name: &str) -> Result<(), ReadError> {
    let mut child = cmd
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| ReadError::Unsupported {
            format: "pdf",
            message: format!("cannot run {name}: {e}; {INSTALL_HINT}"),
        })?;
    loop {
        match child.try_wait()? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => {
                return Err(ReadError::damaged(
                    "pdf",
                    format!("{name} failed ({status})"),
                ))
            }
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::limit(
                    "millis",
                    format!("{name} did not finish in time"),
                ));
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, ReadError> {
        use std::sync::atomic::AtomicU64;
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "jixiao-ocr-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether a table continues the open table of the page before: each of its
/// column edges lies on one of the open table's (within 12 px), in order. The
/// continued part may have fewer columns: the page before also held rows of other
/// columns (a funds block above the indicators), whose edges are the table's too.
/// Returns, for each edge, the index of the open table's edge it lies on.
fn continued_columns(open: &[usize], edges: &[usize]) -> Option<Vec<usize>> {
    if edges.len() < 3 {
        return None;
    }
    // A page turned upright or deskewed on its own lies a few pixels off the page
    // before: the left borders give the shift, and each edge takes the nearest.
    let first = open.iter().position(|&o| o.abs_diff(edges[0]) <= 12)?;
    let shift = open[first] as i64 - edges[0] as i64;
    let mut map = Vec::with_capacity(edges.len());
    let mut from = first;
    for &x in edges {
        let x = x as i64 + shift;
        let i = (from..open.len())
            .filter(|&i| (open[i] as i64 - x).abs() <= 12)
            .min_by_key(|&i| (open[i] as i64 - x).abs())?;
        map.push(i);
        from = i + 1;
    }
    Some(map)
}

/// A row cut by the page break: the first row of a table continued on a new page
/// goes on the last row of the page before when all its text lies under text (not
/// numbers) of that row, none of it is a number, and some cell that row filled is
/// empty in it (a row of its own fills its value cells; the rest of a cut row holds
/// only the wrapped ends of its longer texts). Its text is appended to the cells
/// above and the row removed; returns whether it was.
fn join_split_row(prev: &mut [Cell], prev_rows: usize, next: &mut Vec<Cell>) -> bool {
    let Some(last) = prev_rows.checked_sub(1) else {
        return false;
    };
    let numeric = |t: &str| {
        let t = t.trim();
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || ".,%-+ ".contains(c))
    };
    let covering = |cells: &[Cell], col: usize| {
        cells.iter().position(|c| {
            c.row <= last
                && last < c.row + c.row_span.max(1)
                && c.col <= col
                && col < c.col + c.col_span.max(1)
        })
    };
    let first: Vec<usize> = (0..next.len()).filter(|&i| next[i].row == 0).collect();
    // (cell of the new row, the cell above it)
    let mut pairs = Vec::new();
    let mut has_text = false;
    let mut left_empty = false;
    for &i in &first {
        let c = &next[i];
        let Some(p) = covering(prev, c.col) else {
            return false;
        };
        let above = &prev[p];
        let text = c.text.trim();
        if text.is_empty() {
            left_empty |= !above.text.trim().is_empty() && above.row == last;
        } else if numeric(text) || above.text.trim().is_empty() || numeric(&above.text) {
            return false;
        } else {
            has_text = true;
        }
        pairs.push((i, p));
    }
    if !has_text || !left_empty {
        return false;
    }
    let mut gone = Vec::new();
    for (i, p) in pairs {
        let (text, conf, span) = (next[i].text.clone(), next[i].confidence, next[i].row_span);
        let (col, col_span) = (next[i].col, next[i].col_span);
        let above = &mut prev[p];
        let same_columns = above.col == col && above.col_span == col_span;
        if !text.trim().is_empty() {
            above.text.push_str(&text);
            above.confidence = match (above.confidence, conf) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        // A cell reaching further down (a level label merged over several rows)
        // makes the cell above reach as far, when it covers the same columns.
        if span > 1 && same_columns && above.row + above.row_span.max(1) == last + 1 {
            above.row_span = above.row_span.max(1) + span - 1;
            gone.push(i);
        } else if span > 1 {
            next[i].row = 1;
            next[i].row_span = span - 1;
        } else {
            gone.push(i);
        }
    }
    let mut k = 0;
    next.retain(|_| {
        k += 1;
        !gone.contains(&(k - 1))
    });
    for c in next.iter_mut() {
        c.row = c.row.saturating_sub(1);
    }
    true
}

/// Text, as opposed to marks: a line of nothing but symbols outside a table (a
/// dark blot read as ■, a rule's remnant read as —) says nothing. In cells such
/// marks stay: "—" there means an empty amount.
fn is_text(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Joins words: no space between CJK characters or between a number and its unit,
/// a space between two Latin words or numbers.
fn join(words: &[(String, f64)]) -> String {
    let mut s = String::new();
    for (w, _) in words {
        let needs_space = s
            .chars()
            .last()
            .zip(w.chars().next())
            .is_some_and(|(a, b)| a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
        if needs_space {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// Strips what dust and rule remnants at a cell's edges read as: stray
/// punctuation around the text, and letters glued after a number ("100.00%co").
fn tidy(text: &str) -> String {
    const STRAY: &[char] = &[
        '.', ',', ';', ':', '\'', '"', '|', '‘', '’', '“', '”', '-', '_', '`', '~', '¢', '«', '»',
    ];
    let t = text.trim().trim_end_matches(STRAY);
    // A minus sign before a figure is the figure's (变动率 -0.3), not a stray mark;
    // read alone, a short dash comes back as any of the dashes.
    let minus: String;
    let t = match t.strip_prefix(['–', '—', '−', '‐', '﹣', '－']) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => {
            minus = format!("-{rest}");
            minus.as_str()
        }
        _ => t,
    };
    let t = match t.trim_start_matches(STRAY) {
        rest if rest.starts_with(|c: char| c.is_ascii_digit())
            && t[..t.len() - rest.len()].ends_with('-') =>
        {
            &t[t.len() - rest.len() - 1..]
        }
        rest => rest,
    }
    .trim();
    // A cell of one sign that the recogniser takes for the character of the same
    // shape: = for 二, a dash (nothing to report) for 一. Alone in a cell of a form,
    // the numerals mean nothing; the signs are what 符号 columns and empty amounts
    // hold.
    match t {
        "二" => return "=".to_string(),
        "一" => return "—".to_string(),
        _ => {}
    }
    let numeric_end = t
        .trim_end_matches(|c: char| c.is_ascii_lowercase())
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_digit() || c == '%');
    let all_numeric = t
        .trim_end_matches(|c: char| c.is_ascii_lowercase())
        .chars()
        .all(|c| c.is_ascii_digit() || ".,%".contains(c));
    if numeric_end
        && all_numeric
        && t.len() - t.trim_end_matches(|c: char| c.is_ascii_lowercase()).len() <= 3
    {
        return t
            .trim_end_matches(|c: char| c.is_ascii_lowercase())
            .to_string();
    }
    t.to_string()
}

/// Builds the document page by page, continuing a table over a page break.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    paragraphs: usize,
    /// Column edges (pixels) of the last block when it is a table.
    open_edges: Option<Vec<usize>>,
    cells: usize,
    low: Vec<String>,
    cut: bool,
    issues: Vec<Issue>,
}

impl Builder {
    fn issue(&mut self, issue: Issue) {
        self.issues.push(issue);
    }

    fn page(&mut self, n: u32, regions: &[Region], texts: Vec<Vec<Lines>>, limits: &Limits) {
        let pt = 72.0 / DPI as f64;
        for (region, items) in regions.iter().zip(texts) {
            match region {
                Region::Strip(_) => {
                    for lines in items {
                        for l in lines {
                            let text = join(&l);
                            if !is_text(&text) {
                                continue;
                            }
                            self.open_edges = None;
                            self.blocks.push(Block::Paragraph(crate::model::Paragraph {
                                index: self.paragraphs,
                                text,
                                page: Some(n),
                                bbox: None,
                            }));
                            self.paragraphs += 1;
                        }
                    }
                }
                Region::Table(t) => {
                    let mut cells = Vec::new();
                    for (g, lines) in t.cells.iter().zip(items) {
                        if self.cells >= limits.max_cells {
                            self.cut = true;
                            break;
                        }
                        self.cells += 1;
                        let text = lines.iter().map(|l| join(l)).collect::<Vec<_>>();
                        let text = join(&text.into_iter().map(|t| (t, 1.0)).collect::<Vec<_>>());
                        let text = tidy(&text);
                        let conf = lines
                            .iter()
                            .flatten()
                            .map(|(_, c)| *c)
                            .fold(None, |m: Option<f64>, c| Some(m.map_or(c, |m| m.min(c))));
                        let mut cell = Cell::new(g.row, g.col, text);
                        cell.row_span = g.row_span;
                        cell.col_span = g.col_span;
                        cell.page = Some(n);
                        cell.confidence = conf.map(|c| (c * 100.0).round() / 100.0);
                        let [x0, y0, x1, y1] = g.rect;
                        cell.bbox = Some([
                            x0 as f64 * pt,
                            y0 as f64 * pt,
                            x1 as f64 * pt,
                            y1 as f64 * pt,
                        ]);
                        cells.push(cell);
                    }
                    self.table(n, t, cells);
                }
            }
        }
    }

    fn table(&mut self, n: u32, t: &GridTable, cells: Vec<Cell>) {
        let columns = self
            .open_edges
            .as_ref()
            .and_then(|e| continued_columns(e, &t.edges));
        if let Some(map) = columns {
            if let Some(Block::Table(prev)) = self.blocks.last_mut() {
                let mut cells = cells;
                for c in &mut cells {
                    let end = c.col + c.col_span.max(1);
                    if let (Some(&a), Some(&b)) = (map.get(c.col), map.get(end)) {
                        c.col = a;
                        c.col_span = b - a;
                    }
                }
                // The rows of the new page follow the last row of the page before,
                // whether or not their first row went onto it.
                let offset = prev.n_rows;
                join_split_row(&mut prev.cells, prev.n_rows, &mut cells);
                let mut all = std::mem::take(&mut prev.cells);
                all.extend(cells.into_iter().map(|mut c| {
                    c.row += offset;
                    c
                }));
                let index = prev.index;
                let page = prev.page;
                *prev = Table::from_cells(index, all);
                prev.page = page;
                return;
            }
        }
        let index = self
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        let mut table = Table::from_cells(index, cells);
        table.page = Some(n);
        self.blocks.push(Block::Table(table));
        self.open_edges = Some(t.edges.clone());
    }

    fn finish(mut self, doc: &mut Document) {
        for b in &self.blocks {
            if let Block::Table(t) = b {
                for c in &t.cells {
                    if let Some(conf) = c.confidence {
                        if conf < LOW_CONFIDENCE && c.text.chars().any(|ch| ch.is_ascii_digit()) {
                            self.low.push(format!(
                                "table {} row {} col {}: {:?} ({conf:.2})",
                                t.index, c.row, c.col, c.text
                            ));
                        }
                    }
                }
            }
        }
        if !self.low.is_empty() {
            let n = self.low.len();
            let shown: Vec<&str> = self.low.iter().take(30).map(String::as_str).collect();
            doc.issues.push(Issue {
                code: "ocr.low_confidence".into(),
                message: format!(
                    "{n} OCR-read cells with numbers have a confidence below {LOW_CONFIDENCE}: {}{}",
                    shown.join("; "),
                    if n > shown.len() { "; …" } else { "" }
                ),
            });
        }
        doc.issues.append(&mut self.issues);
        if self.cut {
            doc.issues.push(Issue {
                code: "limit.cells".into(),
                message: "the document has more table cells than the limit; the rest is not read"
                    .into(),
            });
        }
        doc.blocks = self.blocks;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_join_without_spaces_in_chinese() {
        let w = |s: &str| (s.to_string(), 0.9);
        assert_eq!(join(&[w("1146.81"), w("万元")]), "1146.81万元");
        assert_eq!(join(&[w("≥"), w("90%")]), "≥90%");
        assert_eq!(join(&[w("920.0"), w("0")]), "920.00");
        assert_eq!(join(&[w("B"), w("A")]), "B A");
    }

    #[test]
    fn stray_marks_around_numbers_are_dropped() {
        assert_eq!(tidy("15329.53."), "15329.53");
        assert_eq!(tidy("100.00%co"), "100.00%");
        assert_eq!(tidy("77.32%,"), "77.32%");
        assert_eq!(tidy("其中:中央补助"), "其中:中央补助");
        assert_eq!(tidy("3268人"), "3268人");
        assert_eq!(tidy("-0.3"), "-0.3");
        assert_eq!(tidy("–0.3"), "-0.3");
        assert_eq!(tidy("—"), "—");
        assert_eq!(tidy("'-12.5%."), "-12.5%");
        assert_eq!(tidy("- 完成"), "完成");
    }

    #[test]
    fn cells_with_ink_but_no_detected_line_are_read_from_their_ink() {
        let (w, h) = (500, 100);
        let mut ink = vec![false; w * h];
        let mut mark = |x0: usize, x1: usize, y0: usize, y1: usize| {
            for y in y0..y1 {
                for x in x0..x1 {
                    ink[y * w + x] = true;
                }
            }
        };
        // An = sign in cell 0, two specks of dust in cell 1, text in cell 2, and
        // in cell 3 a minus sign on a line of its own above a figure's digits.
        mark(320, 326, 30, 32);
        mark(320, 380, 50, 65);
        mark(40, 60, 40, 43);
        mark(40, 60, 48, 51);
        mark(140, 142, 40, 42);
        mark(160, 162, 60, 62);
        mark(240, 300, 40, 60);
        let ink = raster::Ink {
            w,
            h,
            ink,
            hidden: Vec::new(),
        };
        let cell = |col: usize| grid::GridCell {
            row: 0,
            col,
            row_span: 1,
            col_span: 1,
            rect: [col * 100, 10, col * 100 + 100, 90],
        };
        let table = GridTable {
            top: 10,
            bottom: 90,
            edges: vec![0, 100, 200, 300, 400],
            cells: vec![cell(0), cell(1), cell(2), cell(3)],
            lines: Vec::new(),
        };
        // The text of cells 2 and 3 was detected, not the minus sign; cells 0 and 1
        // got no line.
        let pieces = [[240, 40, 300, 60], [320, 50, 380, 65]];
        let found = unread_ink(&[Region::Table(table)], &pieces, &[(0, 2), (0, 3)], &ink);
        assert_eq!(found.len(), 2, "{found:?}");
        let ([x0, y0, x1, y1], slot) = found[0];
        assert_eq!(slot, (0, 0));
        assert!(
            x0 <= 40 && x1 >= 60 && y0 <= 40 && y1 >= 51,
            "{:?}",
            found[0].0
        );
        assert!(x1 <= 100 && y1 <= 90);
        let ([x0, y0, x1, y1], slot) = found[1];
        assert_eq!(slot, (0, 3));
        assert!(x0 <= 320 && x1 >= 326 && y0 <= 30 && (32..50).contains(&y1));
    }

    #[test]
    fn a_stroke_leaning_right_is_a_slash_and_an_upright_one_is_not() {
        let (w, h) = (200, 60);
        let mut ink = vec![false; w * h];
        for y in 10..50 {
            // A slash rising to the right, 24 pixels over 40.
            let x = 40 + (50 - y) * 24 / 40;
            ink[y * w + x] = true;
            ink[y * w + x + 1] = true;
            // A 1: an upright with a flag to the left at the top and a foot.
            ink[y * w + 140] = true;
            ink[y * w + 141] = true;
        }
        for x in 134..140 {
            ink[13 * w + x] = true;
        }
        for x in 134..148 {
            ink[49 * w + x] = true;
        }
        let ink = raster::Ink {
            w,
            h,
            ink,
            hidden: Vec::new(),
        };
        assert!(slanted(&ink, [30, 5, 80, 55]));
        assert!(!slanted(&ink, [120, 5, 170, 55]));
        assert!(!slanted(&ink, [0, 0, 20, 20]));
    }

    #[test]
    fn a_sign_alone_in_a_cell_is_the_sign_not_the_numeral() {
        assert_eq!(tidy("二"), "=");
        assert_eq!(tidy(" 一 "), "—");
        assert_eq!(tidy("一级指标"), "一级指标");
        assert_eq!(tidy("二级指标"), "二级指标");
    }

    fn row(r: usize, texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .enumerate()
            .map(|(c, t)| Cell::new(r, c, t.to_string()))
            .collect()
    }

    #[test]
    fn a_row_cut_by_the_page_break_is_joined() {
        // Last row of page 1: name wrapped, target and actual on the first line.
        let mut prev = row(0, &["满意度指", "服务对象满", "群众对服务", "≥90%", "95%"]);
        let mut next = row(0, &["标", "意度", "的评价", "", ""]);
        next.extend(row(1, &["成本指标", "经济成本", "人均成本", "100", "98"]));
        assert!(join_split_row(&mut prev, 1, &mut next));
        let texts: Vec<&str> = prev.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "满意度指标",
                "服务对象满意度",
                "群众对服务的评价",
                "≥90%",
                "95%"
            ]
        );
        assert_eq!(next.len(), 5);
        assert!(next.iter().all(|c| c.row == 0));
    }

    #[test]
    fn a_label_merged_down_past_the_break_reaches_on() {
        // Column 0 holds a level label merged over the row cut by the break and the
        // rows after it.
        let mut prev = row(0, &["产出指标", "门诊医疗", "符合实际"]);
        let mut next = row(0, &["", "费用救助比例", ""]);
        next[0].row_span = 3;
        next.extend(
            row(1, &["", "住院医疗费用救助比例", "符合实际"])
                .into_iter()
                .skip(1),
        );
        next.extend(row(2, &["", "政策知晓率", "≥80%"]).into_iter().skip(1));
        assert!(join_split_row(&mut prev, 1, &mut next));
        assert_eq!(prev[0].row_span, 3);
        assert_eq!(prev[1].text, "门诊医疗费用救助比例");
        assert_eq!(next.len(), 4);
        assert_eq!((next[0].row, next[0].col), (0, 1));
    }

    #[test]
    fn a_row_of_its_own_at_the_top_of_a_page_is_kept() {
        let prev = row(0, &["数量指标", "培训人次", "≥100", "120"]);
        // Its own values: numbers under numbers.
        let mut next = row(0, &["质量指标", "合格率", "≥90%", "95%"]);
        assert!(!join_split_row(&mut prev.clone(), 1, &mut next));
        // Text only, but every cell the row above filled is filled here too.
        let prev = row(0, &["效益指标", "满意度", "较高", "高"]);
        let mut next = row(0, &["效益指标", "知晓率", "较高", "较高"]);
        assert!(!join_split_row(&mut prev.clone(), 1, &mut next));
        assert_eq!(next.len(), 4);
    }

    #[test]
    fn a_table_continues_on_some_of_the_columns_before() {
        let open = [100, 300, 420, 600, 800, 1000];
        assert_eq!(
            continued_columns(&open, &[102, 298, 421, 601, 799, 1003]),
            Some(vec![0, 1, 2, 3, 4, 5])
        );
        // The funds block above had an edge at 300 the indicators do not have.
        assert_eq!(
            continued_columns(&open, &[101, 419, 600, 1001]),
            Some(vec![0, 2, 3, 5])
        );
        // Shifted a few pixels, and nearer one edge than the other.
        assert_eq!(
            continued_columns(&[100, 300, 310, 600], &[108, 316, 608]),
            Some(vec![0, 2, 3])
        );
        // An edge of its own: another table.
        assert_eq!(continued_columns(&open, &[100, 350, 600]), None);
        assert_eq!(continued_columns(&open, &[100, 600]), None);
    }

    #[test]
    fn marks_alone_are_not_text() {
        assert!(!is_text("■"));
        assert!(!is_text(" —|. "));
        assert!(is_text("年度"));
        assert!(is_text("100%"));
    }

    #[test]
    fn image_only_test_needs_images_and_no_fonts() {
        assert!(looks_image_only(b"%PDF-1.4 /XObject << /Subtype /Image >>"));
        assert!(!looks_image_only(b"%PDF-1.4 /Subtype /Image /Font"));
        assert!(!looks_image_only(b"%PDF-1.4 /Type /ObjStm /Image"));
        assert!(!looks_image_only(b"%PDF-1.4 text"));
    }
}
