//! The fallback engine: tesseract (chi_sim+eng) on the crops of every cell and
//! strip of a page, in one run per page (crops listed in a file), with word
//! confidences from its TSV output. It runs when ONNX Runtime or the PP-OCR models
//! are not installed.
//!
//! tesseract runs single-threaded (`OMP_THREAD_LIMIT=1`): pages and files are read
//! in parallel already, and nested threading only oversubscribes the cores.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use crate::error::ReadError;

use super::grid::Region;
use super::raster::Ink;
use super::{run, Lines, DPI};

/// True when tesseract with its Simplified Chinese data can be run.
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("tesseract")
            .arg("--list-langs")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("chi_sim"))
            .unwrap_or(false)
    })
}

/// Writes the crop as a PGM with a white margin; None when it holds no ink.
fn crop(ink: &Ink, rect: [usize; 4], inset: usize, path: &Path) -> Result<bool, ReadError> {
    let [x0, y0, x1, y1] = rect;
    let (x0, y0) = (x0 + inset, y0 + inset);
    let (x1, y1) = (
        x1.saturating_sub(inset).min(ink.w),
        y1.saturating_sub(inset).min(ink.h),
    );
    if x1 <= x0 + 2 || y1 <= y0 + 2 {
        return Ok(false);
    }
    let count = (y0..y1)
        .map(|y| (x0..x1).filter(|&x| ink.ink[y * ink.w + x]).count())
        .sum::<usize>();
    if count < 12 {
        return Ok(false);
    }
    let pad = 12;
    let (cw, ch) = (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad);
    let mut data = vec![255u8; cw * ch];
    for y in y0..y1 {
        for x in x0..x1 {
            if ink.ink[y * ink.w + x] {
                data[(y - y0 + pad) * cw + (x - x0 + pad)] = 0;
            }
        }
    }
    // PGM: tesseract (leptonica) reads it, and it needs no encoder.
    let mut out = format!("P5\n{cw} {ch}\n255\n").into_bytes();
    out.extend_from_slice(&data);
    std::fs::write(path, out)?;
    Ok(true)
}

/// OCR of every cell and strip of the page in one tesseract run. The result
/// follows the regions: for each region, for each cell (or the strip), its lines.
pub fn recognise(
    ink: &Ink,
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
            let path = dir.join(format!("c{page}-{ri}-{ci}.pgm"));
            let inset = if matches!(region, Region::Table(_)) {
                5
            } else {
                0
            };
            if crop(ink, rect, inset, &path)? {
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
