//! OCR of PDF pages that have no usable text: scanned forms, and PDFs whose fonts
//! have no ToUnicode map.
//!
//! Each page is rendered with `pdftoppm` (200 dpi, colour), cleaned, and its table
//! grid found in the image; every cell and every text strip outside the tables is
//! cropped and the crops of a page are read by one `tesseract` run (chi_sim+eng,
//! TSV output with word confidences). The result is the same document model the
//! other readers build, so the same interpreter reads it.
//!
//! - Red is not ink: a pixel's grey level is its *brightest* channel, so a red seal
//!   becomes light and drops out while black text and rules stay dark, also where a
//!   seal overlaps them.
//! - Noise: isolated dark pixels are removed before OCR.
//! - Skew: the angle that makes the rows of dark pixels line up best (the sharpest
//!   horizontal projection) is searched within ±2° and the page rotated back.
//! - Grid: horizontal rules are long dark runs; between two rules, a vertical rule is
//!   a column dark over nearly the whole band. Columns are the union of all bands'
//!   rules; a cell whose rule above is missing continues the cell above (`row_span`).
//!   A table that starts a page and has the columns of the table ending the previous
//!   page is the same table, continued.
//! - Confidence: a cell's confidence is the lowest word confidence of its text (0..1);
//!   it lands in `Cell::confidence` and from there in every value's `Source`. Cells
//!   that hold a digit and have a confidence below [`LOW_CONFIDENCE`] are listed in
//!   one `ocr.low_confidence` issue, which makes the record `partial`: such numbers
//!   are to be checked by a person, not trusted.
//! - tesseract runs single-threaded (`OMP_THREAD_LIMIT=1`): files are read in
//!   parallel by the batch, and nested threading only oversubscribes the cores.
//!
//! - Time: the file's budget (`limits.max_millis`) plus [`PAGE_MILLIS`] for each
//!   page rendered; tools still running at the deadline are killed.
//!
//! Without tesseract (or its chi_sim data) or pdftoppm the document comes back empty
//! with a `pdf.no_text` issue saying how to install them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::error::ReadError;
use crate::limits::Limits;
use crate::model::{Block, Cell, Document, Format, Issue, Table};

/// Resolution pages are rendered at.
pub const DPI: u32 = 200;
/// Cells holding a digit with a confidence below this are reported.
pub const LOW_CONFIDENCE: f64 = 0.80;
/// Time added to a file's budget for each page read by OCR.
pub const PAGE_MILLIS: u64 = 30_000;
/// Grey level below which a pixel is ink.
const INK: u8 = 150;
const INSTALL_HINT: &str =
    "install OCR with: apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils";

/// True when tesseract with Chinese data and pdftoppm can be run.
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let langs = Command::new("tesseract")
            .arg("--list-langs")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        let has_chi = langs
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("chi_sim"))
            .unwrap_or(false);
        let pdftoppm = Command::new("pdftoppm")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        has_chi && pdftoppm
    })
}

/// A cheap test for a PDF that can only be read by OCR: images and no font at all.
/// Object streams can hide font dictionaries, so a file with them does not qualify.
pub fn looks_image_only(pdf: &[u8]) -> bool {
    use crate::read::find;
    find(pdf, b"/Image").is_some()
        && find(pdf, b"/Font").is_none()
        && find(pdf, b"/ObjStm").is_none()
}

/// The document of a PDF without usable text when OCR is not installed.
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

/// Reads every page of a PDF by OCR (up to `limits.max_pages` and
/// `limits.max_ocr_pages`).
pub fn ocr_pdf(pdf: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    ocr_pages(pdf, None, limits)
}

/// Reads the given pages (1-based) of a PDF by OCR, for a PDF reader that found
/// some pages without usable text. Blocks carry their page numbers.
pub fn ocr_pdf_pages(pdf: &[u8], pages: &[u32], limits: &Limits) -> Result<Document, ReadError> {
    ocr_pages(pdf, Some(pages), limits)
}

fn ocr_pages(pdf: &[u8], pages: Option<&[u32]>, limits: &Limits) -> Result<Document, ReadError> {
    if !available() {
        return Ok(no_text_document(None));
    }
    let started = Instant::now();
    let mut deadline = started + Duration::from_millis(limits.max_millis);
    let tmp = TempDir::new()?;
    let input = tmp.path().join("in.pdf");
    std::fs::write(&input, pdf)?;
    let mut images: Vec<(u32, PathBuf)> = Vec::new();
    match pages {
        None => {
            let mut cmd = Command::new("pdftoppm");
            cmd.args([
                "-r",
                &DPI.to_string(),
                "-png",
                "-l",
                &limits.max_pages.min(limits.max_ocr_pages).to_string(),
            ])
            .arg(&input)
            .arg(tmp.path().join("p"));
            run(cmd, deadline, "pdftoppm")?;
            images = rendered(tmp.path(), "p");
        }
        Some(list) => {
            for &n in list
                .iter()
                .take(limits.max_pages.min(limits.max_ocr_pages) as usize)
            {
                let prefix = format!("q{n}");
                let mut cmd = Command::new("pdftoppm");
                cmd.args(["-r", &DPI.to_string(), "-png", "-f", &n.to_string()])
                    .args(["-l", &n.to_string()])
                    .arg(&input)
                    .arg(tmp.path().join(&prefix));
                run(cmd, deadline, "pdftoppm")?;
                images.extend(
                    rendered(tmp.path(), &prefix)
                        .into_iter()
                        .map(|(_, p)| (n, p)),
                );
            }
        }
    }
    if images.is_empty() {
        return Err(ReadError::damaged("pdf", "no page could be rendered"));
    }
    // OCR costs seconds a page: each page adds to the file's time budget.
    deadline += Duration::from_millis(PAGE_MILLIS.saturating_mul(images.len() as u64));
    let mut doc = Document::new(Format::Pdf);
    doc.ocr = true;
    doc.pages = images.iter().map(|(n, _)| *n).max();
    let mut b = Builder::default();
    for (n, path) in images {
        if Instant::now() > deadline {
            doc.issues.push(Issue {
                code: "limit.millis".into(),
                message: format!(
                    "OCR took longer than {} ms; pages from {n} on are not read",
                    limits.max_millis
                ),
            });
            break;
        }
        let page = Page::load(&path)?;
        let regions = page.layout();
        let texts = page.recognise(&regions, tmp.path(), n, deadline)?;
        b.page(n, &regions, texts, limits);
    }
    b.finish(&mut doc);
    Ok(doc)
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

/// The images pdftoppm wrote for a prefix, by page number.
fn rendered(dir: &Path, prefix: &str) -> Vec<(u32, PathBuf)> {
    let mut out: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(prefix)?.strip_prefix('-')?;
            let n = rest.strip_suffix(".png")?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    out.sort();
    out
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, ReadError> {
        use std::sync::atomic::{AtomicU64, Ordering};
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

/// A rendered page as grey levels (brightest channel), deskewed and cleaned.
struct Page {
    w: usize,
    h: usize,
    /// true = ink.
    ink: Vec<bool>,
}

/// A cell found in the grid, in pixels of the deskewed page.
#[derive(Debug, Clone)]
struct GridCell {
    row: usize,
    col: usize,
    row_span: usize,
    col_span: usize,
    rect: [usize; 4],
}

#[derive(Debug, Clone)]
struct GridTable {
    top: usize,
    bottom: usize,
    /// Column edges in pixels.
    edges: Vec<usize>,
    cells: Vec<GridCell>,
}

/// What to read on a page: tables and the text strips between them, top to bottom.
#[derive(Debug)]
enum Region {
    Strip([usize; 4]),
    Table(GridTable),
}

/// The words of one crop: lines of (text, confidence 0..1).
type Lines = Vec<Vec<(String, f64)>>;

impl Page {
    fn load(path: &Path) -> Result<Page, ReadError> {
        let bad = |e: String| ReadError::damaged("pdf", format!("rendered page: {e}"));
        let file = std::fs::File::open(path)?;
        let mut dec = png::Decoder::new(std::io::BufReader::new(file));
        dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = dec.read_info().map_err(|e| bad(e.to_string()))?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| bad("too large".into()))?;
        let mut buf = vec![0u8; size];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| bad(e.to_string()))?;
        let (w, h) = (info.width as usize, info.height as usize);
        let channels = match info.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => return Err(bad("indexed colour".into())),
        };
        let stride = info.line_size;
        let mut grey = vec![255u8; w * h];
        for y in 0..h {
            let Some(line) = buf.get(y * stride..y * stride + w * channels) else {
                break;
            };
            for x in 0..w {
                let px = &line[x * channels..x * channels + channels.min(3)];
                // The brightest channel: red seals turn light, black and grey stay dark.
                grey[y * w + x] = px.iter().copied().max().unwrap_or(255);
            }
        }
        let angle = skew_angle(&grey, w, h);
        let grey = if angle.abs() > 0.0005 {
            rotate(&grey, w, h, angle)
        } else {
            grey
        };
        let mut ink: Vec<bool> = grey.iter().map(|&g| g < INK).collect();
        despeckle(&mut ink, w, h);
        Ok(Page { w, h, ink })
    }

    fn at(&self, x: usize, y: usize) -> bool {
        x < self.w && y < self.h && self.ink[y * self.w + x]
    }

    /// Horizontal rules: (y from, y to, x from, x to) of each group of rows holding a
    /// long dark run.
    fn rules(&self) -> Vec<(usize, usize, usize, usize)> {
        let min_len = (DPI / 2) as usize;
        let mut rows: Vec<(usize, usize, usize)> = Vec::new();
        for y in 0..self.h {
            let line = &self.ink[y * self.w..(y + 1) * self.w];
            let (mut best_x0, mut best_x1) = (0, 0);
            let mut run_start = None;
            let mut last_ink = 0usize;
            for (x, &dark) in line.iter().enumerate() {
                if dark {
                    // A rule may be broken by a pixel or two; the strokes of a line
                    // of text are further apart than that.
                    if run_start.is_none() || x > last_ink + 2 {
                        run_start = Some(x);
                    }
                    last_ink = x;
                    let s = run_start.unwrap_or(x);
                    if x - s > best_x1 - best_x0 {
                        best_x0 = s;
                        best_x1 = x;
                    }
                }
            }
            if best_x1 - best_x0 >= min_len {
                rows.push((y, best_x0, best_x1));
            }
        }
        let mut out: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (y, x0, x1) in rows {
            match out.last_mut() {
                Some(last) if y <= last.1 + 2 => {
                    last.1 = y;
                    last.2 = last.2.min(x0);
                    last.3 = last.3.max(x1);
                }
                _ => out.push((y, y, x0, x1)),
            }
        }
        // Rules are thin; a thick group is a filled area or text.
        out.retain(|r| r.1 - r.0 <= (DPI / 25) as usize);
        out
    }

    /// Vertical rules within a band: x centres of columns dark over ≥ 95 % of it and
    /// dark right under the rule above and right over the rule below. Text has a
    /// margin to the rules, so a stroke of a character in a low row does not count.
    fn verticals(&self, y0: usize, y1: usize, x0: usize, x1: usize) -> Vec<usize> {
        if y1 <= y0 + 6 {
            return Vec::new();
        }
        let (top, bottom) = (y0 + 1, y1);
        let need = ((bottom - top) as f64 * 0.95) as usize;
        let dark =
            |x: usize, y: usize| self.at(x, y) || (x > 0 && self.at(x - 1, y)) || self.at(x + 1, y);
        let mut hits = Vec::new();
        for x in x0.saturating_sub(3)..(x1 + 4).min(self.w) {
            let ends = (top..top + 3).chain(bottom - 3..bottom).all(|y| dark(x, y));
            if !ends {
                continue;
            }
            let n = (top..bottom).filter(|&y| dark(x, y)).count();
            if n >= need {
                hits.push(x);
            }
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for x in hits {
            match out.last_mut() {
                Some(g) if x <= g.1 + 2 => g.1 = x,
                _ => out.push((x, x)),
            }
        }
        out.into_iter().map(|(a, b)| (a + b) / 2).collect()
    }

    /// Share of ink along a horizontal rule at y over [x0, x1).
    fn rule_cover(&self, y0: usize, y1: usize, x0: usize, x1: usize) -> f64 {
        if x1 <= x0 {
            return 0.0;
        }
        let n = (x0..x1)
            .filter(|&x| (y0.saturating_sub(2)..=y1 + 2).any(|y| self.at(x, y)))
            .count();
        n as f64 / (x1 - x0) as f64
    }

    fn layout(&self) -> Vec<Region> {
        let rules = self.rules();
        let mut tables: Vec<GridTable> = Vec::new();
        let mut i = 0;
        while i + 1 < rules.len() {
            // Grow a table from rule i while the band below each rule has side rules.
            let mut bands: Vec<(usize, Vec<usize>)> = Vec::new();
            let mut j = i;
            while j + 1 < rules.len() {
                let (a, b) = (rules[j], rules[j + 1]);
                // The whole width: a rule interrupted by a merged cell starts
                // right of the table's left border.
                let v = self.verticals(a.1, b.0, 0, self.w.saturating_sub(1));
                if v.len() < 2 {
                    break;
                }
                bands.push((j, v));
                j += 1;
            }
            if bands.is_empty() {
                i += 1;
                continue;
            }
            tables.push(self.grid(&rules, &bands));
            i = j + 1;
        }
        let mut regions = Vec::new();
        let mut y = 0;
        for t in tables {
            if t.top > y + 10 {
                regions.push(Region::Strip([0, y, self.w, t.top.saturating_sub(2)]));
            }
            y = t.bottom + 3;
            regions.push(Region::Table(t));
        }
        if y + 10 < self.h {
            regions.push(Region::Strip([0, y, self.w, self.h]));
        }
        regions
    }

    fn grid(
        &self,
        rules: &[(usize, usize, usize, usize)],
        bands: &[(usize, Vec<usize>)],
    ) -> GridTable {
        let mut xs: Vec<usize> = bands.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        xs.sort_unstable();
        let mut edges: Vec<usize> = Vec::new();
        let mut group: Vec<usize> = Vec::new();
        for x in xs {
            if group.last().is_some_and(|&l| x > l + 8) {
                edges.push(group.iter().sum::<usize>() / group.len().max(1));
                group.clear();
            }
            group.push(x);
        }
        if !group.is_empty() {
            edges.push(group.iter().sum::<usize>() / group.len());
        }
        let col_of = |x: usize| {
            edges
                .iter()
                .enumerate()
                .min_by_key(|(_, &e)| e.abs_diff(x))
                .map(|(i, _)| i)
                .unwrap_or(0)
        };
        let mut cells: Vec<GridCell> = Vec::new();
        for (r, (j, v)) in bands.iter().enumerate() {
            let (Some(top), Some(bottom)) = (rules.get(*j), rules.get(j + 1)) else {
                continue;
            };
            for w in v.windows(2) {
                let (x0, x1) = (w[0], w[1]);
                let (c0, c1) = (col_of(x0), col_of(x1));
                if c1 <= c0 {
                    continue;
                }
                // A missing rule above the cell means it continues the cell above.
                let open =
                    r > 0 && self.rule_cover(top.0, top.1, x0 + 6, x1.saturating_sub(6)) < 0.5;
                if open {
                    if let Some(above) = cells
                        .iter_mut()
                        .find(|c| c.col == c0 && c.col_span == c1 - c0 && c.row + c.row_span == r)
                    {
                        above.row_span += 1;
                        above.rect[3] = bottom.0;
                        continue;
                    }
                }
                cells.push(GridCell {
                    row: r,
                    col: c0,
                    row_span: 1,
                    col_span: c1 - c0,
                    rect: [x0, top.1, x1, bottom.0],
                });
            }
        }
        let top = bands
            .first()
            .and_then(|(j, _)| rules.get(*j))
            .map(|r| r.0)
            .unwrap_or(0);
        let bottom = bands
            .last()
            .and_then(|(j, _)| rules.get(j + 1))
            .map(|r| r.1)
            .unwrap_or(top);
        GridTable {
            top,
            bottom,
            edges,
            cells,
        }
    }

    /// Writes the crop as a PNG with a white margin; None when it holds no ink.
    fn crop(&self, rect: [usize; 4], inset: usize, path: &Path) -> Result<bool, ReadError> {
        let [x0, y0, x1, y1] = rect;
        let (x0, y0) = (x0 + inset, y0 + inset);
        let (x1, y1) = (
            x1.saturating_sub(inset).min(self.w),
            y1.saturating_sub(inset).min(self.h),
        );
        if x1 <= x0 + 2 || y1 <= y0 + 2 {
            return Ok(false);
        }
        let count = (y0..y1)
            .map(|y| (x0..x1).filter(|&x| self.ink[y * self.w + x]).count())
            .sum::<usize>();
        if count < 12 {
            return Ok(false);
        }
        let pad = 12;
        let (cw, ch) = (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad);
        let mut data = vec![255u8; cw * ch];
        for y in y0..y1 {
            for x in x0..x1 {
                if self.ink[y * self.w + x] {
                    data[(y - y0 + pad) * cw + (x - x0 + pad)] = 0;
                }
            }
        }
        let file = std::fs::File::create(path)?;
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), cw as u32, ch as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let io = |e: png::EncodingError| ReadError::Io(std::io::Error::other(e.to_string()));
        let mut writer = enc.write_header().map_err(io)?;
        writer.write_image_data(&data).map_err(io)?;
        writer.finish().map_err(io)?;
        Ok(true)
    }

    /// OCR of every cell and strip of the page in one tesseract run. The result
    /// follows the regions: for each region, for each cell (or the strip), its lines.
    fn recognise(
        &self,
        regions: &[Region],
        dir: &Path,
        page: u32,
        deadline: Instant,
    ) -> Result<Vec<Vec<Lines>>, ReadError> {
        let mut list = String::new();
        // (region, item) of each crop written, in list order.
        let mut order: Vec<(usize, usize)> = Vec::new();
        let mut out: Vec<Vec<Lines>> = Vec::new();
        for (ri, region) in regions.iter().enumerate() {
            let rects: Vec<[usize; 4]> = match region {
                Region::Strip(r) => vec![*r],
                Region::Table(t) => t.cells.iter().map(|c| c.rect).collect(),
            };
            out.push(vec![Vec::new(); rects.len()]);
            for (ci, rect) in rects.into_iter().enumerate() {
                let path = dir.join(format!("c{page}-{ri}-{ci}.png"));
                let inset = if matches!(region, Region::Table(_)) {
                    5
                } else {
                    0
                };
                if self.crop(rect, inset, &path)? {
                    list.push_str(&path.to_string_lossy());
                    list.push('\n');
                    order.push((ri, ci));
                }
            }
        }
        if order.is_empty() {
            return Ok(out);
        }
        let list_path = dir.join(format!("list{page}.txt"));
        std::fs::write(&list_path, list)?;
        let base = dir.join(format!("out{page}"));
        let mut cmd = Command::new("tesseract");
        cmd.arg(&list_path).arg(&base).args([
            "-l",
            "chi_sim+eng",
            "--psm",
            "6",
            "--dpi",
            &DPI.to_string(),
            "tsv",
        ]);
        run(cmd, deadline, "tesseract")?;
        let tsv = std::fs::read_to_string(base.with_extension("tsv"))?;
        let mut cur: Option<(usize, (u32, u32, u32))> = None;
        for line in tsv.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                continue;
            }
            let text = f[11].trim();
            let conf: f64 = f[10].parse().unwrap_or(-1.0);
            if text.is_empty() || conf < 0.0 {
                continue;
            }
            let img: usize = f[1].parse().unwrap_or(0);
            let key = (
                f[2].parse().unwrap_or(0),
                f[3].parse().unwrap_or(0),
                f[4].parse().unwrap_or(0),
            );
            let Some(&(ri, ci)) = order.get(img.saturating_sub(1)) else {
                continue;
            };
            let Some(lines) = out.get_mut(ri).and_then(|r| r.get_mut(ci)) else {
                continue;
            };
            if cur != Some((img, key)) || lines.is_empty() {
                lines.push(Vec::new());
                cur = Some((img, key));
            }
            if let Some(l) = lines.last_mut() {
                l.push((text.to_string(), (conf / 100.0).clamp(0.0, 1.0)));
            }
        }
        Ok(out)
    }
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
    let t = text.trim().trim_matches(STRAY).trim();
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

fn skew_angle(grey: &[u8], w: usize, h: usize) -> f64 {
    // Rules give the angle best: pixels of dark runs longer than a character. Pages
    // without rules fall back to all ink (lines of text).
    let mut pts: Vec<(f64, f64)> = Vec::new();
    let min_run = (DPI / 7) as usize;
    for y in 0..h {
        let line = &grey[y * w..(y + 1) * w];
        let mut start = 0;
        for x in 0..=w {
            let dark = line.get(x).is_some_and(|&g| g < INK);
            if !dark {
                if x - start >= min_run {
                    pts.extend((start..x).step_by(2).map(|px| (px as f64, y as f64)));
                }
                start = x + 1;
            }
        }
    }
    if pts.len() < 500 {
        pts.clear();
        for y in (0..h).step_by(2) {
            for x in (0..w).step_by(2) {
                if grey[y * w + x] < INK {
                    pts.push((x as f64, y as f64));
                }
            }
        }
    }
    if pts.len() < 100 {
        return 0.0;
    }
    let score = |a: f64| -> f64 {
        let t = a.tan();
        let mut bins = vec![0u32; h + w / 10 + 8];
        let off = (w as f64 * 0.04) + 4.0;
        for &(x, y) in &pts {
            let v = y + x * t + off;
            if let Some(b) = bins.get_mut(v.max(0.0) as usize) {
                *b += 1;
            }
        }
        bins.iter().map(|&c| (c as f64) * (c as f64)).sum()
    };
    let deg = |d: f64| d.to_radians();
    let mut best = (0.0, score(0.0));
    for k in -20..=20 {
        let a = deg(k as f64 * 0.1);
        let s = score(a);
        if s > best.1 {
            best = (a, s);
        }
    }
    let centre = best.0;
    for k in -5..=5 {
        let a = centre + deg(k as f64 * 0.02);
        let s = score(a);
        if s > best.1 {
            best = (a, s);
        }
    }
    best.0
}

/// Rotates so that lines with y + x·tan(a) constant become horizontal.
fn rotate(grey: &[u8], w: usize, h: usize, a: f64) -> Vec<u8> {
    let (s, c) = a.sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let mut out = vec![255u8; w * h];
    for yo in 0..h {
        let v = yo as f64 - cy;
        for xo in 0..w {
            let u = xo as f64 - cx;
            let xi = (cx + u * c + v * s).round();
            let yi = (cy - u * s + v * c).round();
            if xi >= 0.0 && yi >= 0.0 && (xi as usize) < w && (yi as usize) < h {
                out[yo * w + xo] = grey[yi as usize * w + xi as usize];
            }
        }
    }
    out
}

/// Removes ink pixels with at most one ink neighbour (dust, not strokes).
fn despeckle(ink: &mut [bool], w: usize, h: usize) {
    let src = ink.to_vec();
    for y in 1..h.saturating_sub(1) {
        for x in 1..w.saturating_sub(1) {
            if !src[y * w + x] {
                continue;
            }
            let mut n = 0;
            for dy in 0..3 {
                for dx in 0..3 {
                    if (dy != 1 || dx != 1) && src[(y + dy - 1) * w + x + dx - 1] {
                        n += 1;
                    }
                }
            }
            if n <= 1 {
                ink[y * w + x] = false;
            }
        }
    }
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
}

impl Builder {
    fn page(&mut self, n: u32, regions: &[Region], texts: Vec<Vec<Lines>>, limits: &Limits) {
        let pt = 72.0 / DPI as f64;
        for (region, items) in regions.iter().zip(texts) {
            match region {
                Region::Strip(_) => {
                    for lines in items {
                        for l in lines {
                            let text = join(&l);
                            if text.trim().is_empty() {
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
        let continues = self.open_edges.as_ref().is_some_and(|e| {
            e.len() == t.edges.len() && e.iter().zip(&t.edges).all(|(a, b)| a.abs_diff(*b) <= 12)
        });
        if continues {
            if let Some(Block::Table(prev)) = self.blocks.last_mut() {
                let offset = prev.n_rows;
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
    }

    #[test]
    fn skew_of_a_drawn_line_is_found() {
        let (w, h) = (2000, 200);
        let mut g = vec![255u8; w * h];
        let a: f64 = 0.8f64.to_radians();
        for x in 0..w {
            let y = (150.0 - x as f64 * a.tan()).round() as usize;
            g[y * w + x] = 0;
            g[(y + 1) * w + x] = 0;
        }
        let found = skew_angle(&g, w, h);
        assert!((found - a).abs() < 0.1f64.to_radians(), "{found} vs {a}");
    }

    #[test]
    fn image_only_test_needs_images_and_no_fonts() {
        assert!(looks_image_only(b"%PDF-1.4 /XObject << /Subtype /Image >>"));
        assert!(!looks_image_only(b"%PDF-1.4 /Subtype /Image /Font"));
        assert!(!looks_image_only(b"%PDF-1.4 /Type /ObjStm /Image"));
        assert!(!looks_image_only(b"%PDF-1.4 text"));
    }
}
