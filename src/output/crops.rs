//! Page crops for the review page: the part of a PDF page around the cells a finding
//! cites, so that the auditor sees the form itself beside the finding.
//!
//! A cited page is rendered once with `pdftoppm` (grey, 100 dpi), the band of the page
//! from a little above the first cited cell to a little below the last is cut out at the
//! page's full width (so the row labels show), and kept as a PNG. The cited cells are
//! outlined by the page (an SVG rectangle over the image), not drawn into it. Crops stop
//! when the page holds [`BUDGET_BYTES`] of them or rendering has taken [`BUDGET_TIME`];
//! one page may take [`RENDER_TIME`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::model::Source;
use crate::record::{Finding, Record};

/// Resolution of the rendered pages: table text is legible, a crop weighs 15–40 KiB.
pub const DPI: f64 = 100.0;
/// Total size of the crops one review page may hold (as PNG, before base64).
pub const BUDGET_BYTES: usize = 12 * 1024 * 1024;
/// Space kept above and below the cited cells, in points.
const MARGIN_PT: f64 = 36.0;
/// The tallest band a crop shows, in points (a cited column can span a page).
const MAX_BAND_PT: f64 = 360.0;
/// The largest rendered page decoded (a poster-sized page is left without crops).
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;
/// Time one page may take to render.
const RENDER_TIME: Duration = Duration::from_secs(20);
/// Time all the pages of one review page may take to render: past it, the findings
/// that follow show no crop (as past [`BUDGET_BYTES`]).
pub const BUDGET_TIME: Duration = Duration::from_secs(300);

/// A crop: a PNG and the cited boxes in its pixels.
#[derive(Debug, Clone)]
pub struct Crop {
    pub page: u32,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// x, y, width, height in the crop's pixels.
    pub boxes: Vec<[f64; 4]>,
}

/// A page rendered in grey, one byte a pixel.
struct Page {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// Crops for the findings of one page being written.
pub struct Cropper {
    /// A folder for pdftoppm's output, removed at the end.
    scratch: PathBuf,
    used: usize,
    /// False once pdftoppm could not be run: no crop is tried again.
    tool: bool,
    /// The pages of the current file rendered so far (a file's findings often cite the
    /// same page).
    pages: HashMap<u32, Option<Page>>,
    file: String,
    /// Time spent rendering so far.
    spent: Duration,
    pub capped: bool,
}

impl Cropper {
    pub fn new(scratch: PathBuf) -> Cropper {
        Cropper {
            scratch,
            used: 0,
            tool: true,
            pages: HashMap::new(),
            file: String::new(),
            spent: Duration::ZERO,
            capped: false,
        }
    }

    /// The crop for a finding of `rec`: its first cited page with boxes; None for other
    /// formats, findings without boxes, files no longer where the record says, and once
    /// the budget is spent.
    pub fn crop(&mut self, rec: &Record, f: &Finding) -> Option<Crop> {
        if rec.file.format.as_deref() != Some("pdf") || !self.tool {
            return None;
        }
        let page = f.source.iter().find(|s| s.bbox.is_some())?.page?;
        let boxes: Vec<[f64; 4]> = f
            .source
            .iter()
            .filter(|s| s.page == Some(page))
            .filter_map(|s: &Source| s.bbox)
            .filter(|b| b.iter().all(|v| v.is_finite()) && b[2] > b[0] && b[3] > b[1])
            .collect();
        if boxes.is_empty() {
            return None;
        }
        if self.used >= BUDGET_BYTES || self.spent >= BUDGET_TIME {
            self.capped = true;
            return None;
        }
        if self.file != rec.file.path {
            self.pages.clear();
            self.file = rec.file.path.clone();
        }
        if !self.pages.contains_key(&page) {
            let start = Instant::now();
            let rendered = self.render(Path::new(&rec.file.path), page);
            self.spent += start.elapsed();
            self.pages.insert(page, rendered);
        }
        let crop = cut(self.pages.get(&page)?.as_ref()?, page, &boxes)?;
        self.used += crop.png.len();
        Some(crop)
    }

    fn render(&mut self, pdf: &Path, page: u32) -> Option<Page> {
        if !pdf.is_file() {
            return None;
        }
        std::fs::create_dir_all(&self.scratch).ok()?;
        let root = self.scratch.join("page");
        let p = page.to_string();
        let mut cmd = Command::new("pdftoppm");
        cmd.args(["-f", &p, "-l", &p, "-r", &DPI.to_string(), "-gray", "-png"])
            .arg("-singlefile")
            .arg(pdf)
            .arg(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let png = root.with_extension("png");
        let _ = std::fs::remove_file(&png);
        match run(cmd) {
            Err(_) => {
                self.tool = false;
                return None;
            }
            Ok(false) => return None,
            Ok(true) => {}
        }
        let page = decode(&png);
        let _ = std::fs::remove_file(&png);
        page
    }
}

impl Drop for Cropper {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// Runs a command to its end within [`RENDER_TIME`]: Ok(true) when it succeeded, an
/// error when it cannot be started.
fn run(mut cmd: Command) -> std::io::Result<bool> {
    let mut child = cmd.spawn()?;
    let deadline = Instant::now() + RENDER_TIME;
    loop {
        match child.try_wait()? {
            Some(status) => return Ok(status.success()),
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(false);
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// A grey PNG as one byte a pixel.
fn decode(path: &Path) -> Option<Page> {
    let file = std::fs::File::open(path).ok()?;
    let mut dec = png::Decoder::new(std::io::BufReader::new(file));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().ok()?;
    let size = reader
        .output_buffer_size()
        .filter(|n| *n <= MAX_PAGE_BYTES)?;
    let mut buf = vec![0u8; size];
    let info = reader.next_frame(&mut buf).ok()?;
    let (width, height) = (info.width as usize, info.height as usize);
    // pdftoppm -gray writes grey pixels, in an RGB PNG: the first byte of each is the
    // grey value, whatever the number of bytes a pixel.
    let stride = info.line_size;
    let channels = stride.checked_div(width).unwrap_or(0);
    if info.bit_depth != png::BitDepth::Eight || !(1..=4).contains(&channels) {
        return None;
    }
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        let line = buf.get(y * stride..(y + 1) * stride)?;
        pixels.extend(line.chunks(channels).take(width).map(|c| c[0]));
    }
    Some(Page {
        width,
        height,
        pixels,
    })
}

/// The band of `page` around `boxes` (in points), as a PNG with the boxes in its pixels.
fn cut(page: &Page, number: u32, boxes: &[[f64; 4]]) -> Option<Crop> {
    let k = DPI / 72.0;
    let top = boxes.iter().map(|b| b[1]).fold(f64::INFINITY, f64::min);
    let bottom = boxes.iter().map(|b| b[3]).fold(f64::NEG_INFINITY, f64::max);
    let bottom = bottom.min(top + MAX_BAND_PT);
    let y0 = (((top - MARGIN_PT) * k).floor().max(0.0) as usize).min(page.height);
    let y1 = (((bottom + MARGIN_PT) * k).ceil().max(0.0) as usize).min(page.height);
    if y1 <= y0 || page.width == 0 {
        return None;
    }
    let rows = page.pixels.get(y0 * page.width..y1 * page.width)?;
    let (width, height) = (
        u32::try_from(page.width).ok()?,
        u32::try_from(y1 - y0).ok()?,
    );
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, width, height);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::High);
        let mut w = enc.write_header().ok()?;
        w.write_image_data(rows).ok()?;
    }
    let boxes = boxes
        .iter()
        .map(|b| {
            [
                b[0] * k,
                b[1] * k - y0 as f64,
                (b[2] - b[0]) * k,
                (b[3] - b[1]) * k,
            ]
        })
        .collect();
    Some(Crop {
        page: number,
        png,
        width,
        height,
        boxes,
    })
}

/// Standard base64, for images inside the page.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn a_band_around_the_boxes_at_full_width() {
        let page = Page {
            width: 850,
            height: 1100,
            pixels: vec![255; 850 * 1100],
        };
        let crop = cut(&page, 2, &[[275.0, 700.0, 398.0, 714.0]]).expect("a crop");
        assert_eq!(crop.width, 850);
        // (700 − 36) × 100/72 = 922.2 → 922; (714 + 36) × 100/72 = 1041.7 → 1042
        assert_eq!(crop.height, 1042 - 922);
        let b = crop.boxes[0];
        assert!((b[0] - 381.94).abs() < 0.01 && (b[1] - (972.22 - 922.0)).abs() < 0.01);
        assert!(crop.png.starts_with(b"\x89PNG"));
        // Boxes off the page give nothing rather than a panic.
        assert!(cut(&page, 1, &[[0.0, 5000.0, 10.0, 5010.0]]).is_none());
    }
}
