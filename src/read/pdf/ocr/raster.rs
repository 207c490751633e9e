//! The page image before recognition: grey levels with red taken out, the paper's
//! shade flattened, skew measured and undone, quarter turns, and the ink mask the
//! grid is found in.
//!
//! - Red is not ink: a pixel's grey level is its *brightest* channel, so a red seal
//!   becomes light and drops out while black text and rules stay dark, also where a
//!   seal overlaps them; clearly reddish bright pixels (a seal's rim blurred by JPEG)
//!   become paper.
//! - Uneven paper: archive scans are grey, darker at the edges and around folds, and
//!   lie on a darker scanner lid. Each pixel is divided by the local paper shade (a
//!   bright percentile of the blocks around it), so paper becomes white wherever it
//!   is and ink keeps its contrast; the lid around the sheet turns white too.
//! - Skew: the angle that makes the rows of dark pixels line up best (the sharpest
//!   horizontal projection) is searched within ±[`MAX_SKEW_DEG`] and undone.

use crate::error::ReadError;

use super::DPI;

/// Grey level below which a pixel is ink.
pub const INK: u8 = 150;
/// Grey level below which a pixel may belong to a rule: a hairline scanned at
/// 150 dpi and JPEG-compressed is a grey smear, lighter than text strokes (its
/// core 160–205 on paper flattened to 255). The grid asks rules to be long,
/// nearly unbroken and to meet each other, so the text's grey fringes that this
/// level takes in too do not make rules.
pub const RULE_INK: u8 = 215;
/// Grey level below which a pixel is the core of a rule: horizontal rules are
/// found at this level, where rows through text do not pass for rules.
pub const RULE_CORE: u8 = 190;
/// Largest skew searched, in degrees: sheets fed by hand into a scanner lie up to
/// a few degrees off.
const MAX_SKEW_DEG: f64 = 5.0;
/// Pixels a rendered page may have (about A2 at 200 dpi); larger renders are refused
/// rather than allocated.
pub const MAX_PIXELS: usize = 40_000_000;
/// A pixel whose red channel is at least this bright and [`SEAL_MARGIN`] above
/// green and blue is a seal's ink, and becomes paper. The brightest channel alone
/// leaves the rim of a seal, dulled by JPEG's halved colour resolution, as a grey
/// ring that the grid would take for rules; black text under a seal stays, its
/// red channel being dark.
const SEAL_RED: u8 = 180;
const SEAL_MARGIN: u16 = 20;
/// Red this far above green and blue is the seal's ink itself.
const SEAL_INK: u16 = 80;
/// Side of the blocks whose bright percentile is the local paper shade.
const BLOCK: usize = 32;

/// A page as grey levels, 0 = black.
#[derive(Debug, Clone)]
pub struct Raster {
    pub w: usize,
    pub h: usize,
    pub grey: Vec<u8>,
    /// Where a seal was taken out (0) over the page (255), turned and deskewed
    /// with it; empty when the page has no seal. What was under a seal is not
    /// known: the grid lets a rule it sees on both sides run on under it.
    pub seal: Vec<u8>,
}

/// The ink of a page: true = dark, dust removed.
pub struct Ink {
    pub w: usize,
    pub h: usize,
    pub ink: Vec<bool>,
    /// Under a seal (empty: no seal on the page).
    pub hidden: Vec<bool>,
}

impl Ink {
    pub fn at(&self, x: usize, y: usize) -> bool {
        x < self.w && y < self.h && self.ink[y * self.w + x]
    }

    /// The pixel lies under a seal that was taken out.
    pub fn hidden(&self, x: usize, y: usize) -> bool {
        x < self.w && y < self.h && self.hidden.get(y * self.w + x) == Some(&true)
    }
}

impl Raster {
    /// Reads a binary PPM (P6) or PGM (P5) as pdftoppm writes it, as grey levels
    /// (brightest channel). PPM because pdftoppm writes it 15 times faster than PNG
    /// (no compression), and it needs no decoder.
    pub fn load_pnm(path: &std::path::Path) -> Result<Raster, ReadError> {
        let bytes = std::fs::read(path)?;
        Raster::from_pnm(&bytes)
    }

    pub fn from_pnm(bytes: &[u8]) -> Result<Raster, ReadError> {
        let bad = |e: &str| ReadError::damaged("pdf", format!("rendered page: {e}"));
        // Header: magic, width, height, maxval, separated by white space (and
        // comments), then one white-space byte and the samples.
        let mut fields: Vec<usize> = Vec::new();
        let mut i = 2;
        let channels = match bytes.get(..2) {
            Some(b"P6") => 3,
            Some(b"P5") => 1,
            _ => return Err(bad("not a binary PPM/PGM")),
        };
        while fields.len() < 3 {
            match bytes.get(i) {
                None => return Err(bad("header cut short")),
                Some(b'#') => {
                    while bytes.get(i).is_some_and(|&c| c != b'\n') {
                        i += 1;
                    }
                }
                Some(c) if c.is_ascii_whitespace() => i += 1,
                Some(c) if c.is_ascii_digit() => {
                    let start = i;
                    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    let v = std::str::from_utf8(&bytes[start..i])
                        .ok()
                        .and_then(|t| t.parse().ok())
                        .ok_or_else(|| bad("bad number in header"))?;
                    fields.push(v);
                }
                Some(_) => return Err(bad("bad header")),
            }
        }
        let (w, h, max) = (fields[0], fields[1], fields[2]);
        if max != 255 {
            return Err(bad("not 8 bits a sample"));
        }
        if w.saturating_mul(h) > MAX_PIXELS {
            return Err(ReadError::limit(
                "pages",
                format!("a page renders to {w}×{h} pixels, more than OCR reads"),
            ));
        }
        let data = bytes
            .get(i + 1..)
            .filter(|d| d.len() >= w * h * channels)
            .ok_or_else(|| bad("samples cut short"))?;
        let mut seal = Vec::new();
        let mut grey = Vec::with_capacity(w * h);
        for (i, px) in data.chunks_exact(channels).take(w * h).enumerate() {
            match *px {
                // In u16: white (255 over 255) is not red.
                [r, g, b] if r >= SEAL_RED && r as u16 >= g.max(b) as u16 + SEAL_MARGIN => {
                    // Only the seal's own red hides what is under it: pale pink
                    // specks of JPEG colour noise lie all over a scan.
                    if r as u16 >= g.max(b) as u16 + SEAL_INK {
                        if seal.is_empty() {
                            seal = vec![255u8; w * h];
                        }
                        seal[i] = 0;
                    }
                    grey.push(255);
                }
                _ => grey.push(px.iter().copied().max().unwrap_or(255)),
            }
        }
        Ok(Raster { w, h, grey, seal })
    }

    /// Divides every pixel by the local paper shade.
    pub fn flatten(&mut self) {
        let (bw, bh) = (self.w.div_ceil(BLOCK), self.h.div_ceil(BLOCK));
        if bw == 0 || bh == 0 {
            return;
        }
        // The 80th percentile of a block is paper unless ink covers most of it.
        let mut shade = vec![255u8; bw * bh];
        for by in 0..bh {
            for bx in 0..bw {
                let mut hist = [0u32; 256];
                let mut n = 0u32;
                for y in by * BLOCK..((by + 1) * BLOCK).min(self.h) {
                    for x in bx * BLOCK..((bx + 1) * BLOCK).min(self.w) {
                        hist[self.grey[y * self.w + x] as usize] += 1;
                        n += 1;
                    }
                }
                let mut seen = 0;
                for (v, c) in hist.iter().enumerate() {
                    seen += c;
                    if seen * 5 >= n * 4 {
                        shade[by * bw + bx] = v as u8;
                        break;
                    }
                }
            }
        }
        // Dense text or a filled header covers a whole block: the brightest block
        // around it (two blocks each way, about 8 mm) is the paper there.
        let mut paper = vec![255u8; bw * bh];
        for by in 0..bh {
            for bx in 0..bw {
                let mut m = 0u8;
                for y in by.saturating_sub(2)..(by + 3).min(bh) {
                    for x in bx.saturating_sub(2)..(bx + 3).min(bw) {
                        m = m.max(shade[y * bw + x]);
                    }
                }
                paper[by * bw + bx] = m.max(1);
            }
        }
        // Bilinear between block centres, so no block edges show.
        let half = BLOCK as f64 / 2.0;
        for y in 0..self.h {
            let fy = ((y as f64 - half) / BLOCK as f64).clamp(0.0, (bh - 1) as f64);
            let (y0, ty) = (fy.floor() as usize, fy - fy.floor());
            let y1 = (y0 + 1).min(bh - 1);
            for x in 0..self.w {
                let fx = ((x as f64 - half) / BLOCK as f64).clamp(0.0, (bw - 1) as f64);
                let (x0, tx) = (fx.floor() as usize, fx - fx.floor());
                let x1 = (x0 + 1).min(bw - 1);
                let p = |yy: usize, xx: usize| paper[yy * bw + xx] as f64;
                let bg = (p(y0, x0) * (1.0 - tx) + p(y0, x1) * tx) * (1.0 - ty)
                    + (p(y1, x0) * (1.0 - tx) + p(y1, x1) * tx) * ty;
                let g = &mut self.grey[y * self.w + x];
                *g = ((*g as f64) * 255.0 / bg.max(1.0)).min(255.0) as u8;
            }
        }
    }

    /// Measures the skew and rotates it away; returns the angle undone (radians).
    pub fn deskew(&mut self) -> f64 {
        let angle = skew_angle(&self.grey, self.w, self.h);
        if angle.abs() > 0.0005 {
            self.grey = rotate(&self.grey, self.w, self.h, angle);
            if !self.seal.is_empty() {
                self.seal = rotate(&self.seal, self.w, self.h, angle);
            }
        }
        angle
    }

    /// The page turned clockwise by `quarters` quarter turns.
    pub fn turned(&self, quarters: u8) -> Raster {
        let (w, h) = if quarters % 2 == 1 {
            (self.h, self.w)
        } else {
            (self.w, self.h)
        };
        let seal = if self.seal.is_empty() {
            Vec::new()
        } else {
            turn(&self.seal, self.w, self.h, quarters)
        };
        Raster {
            w,
            h,
            grey: turn(&self.grey, self.w, self.h, quarters),
            seal,
        }
    }

    /// Writes the cleaned, upright page as `p<n>.pgm` into `$JIXIAO_OCR_DEBUG`, when
    /// that is set: what the grid and the recogniser see, for looking into a miss.
    pub fn dump(&self, n: u32) {
        let Some(dir) = std::env::var_os("JIXIAO_OCR_DEBUG") else {
            return;
        };
        let mut bytes = format!("P5\n{} {}\n255\n", self.w, self.h).into_bytes();
        bytes.extend_from_slice(&self.grey);
        let _ = std::fs::write(std::path::Path::new(&dir).join(format!("p{n}.pgm")), bytes);
        if !self.seal.is_empty() {
            let mut bytes = format!("P5\n{} {}\n255\n", self.w, self.h).into_bytes();
            bytes.extend_from_slice(&self.seal);
            let _ = std::fs::write(
                std::path::Path::new(&dir).join(format!("p{n}-seal.pgm")),
                bytes,
            );
        }
    }

    /// The ink mask (pixels darker than `level`), dust removed.
    pub fn ink(&self, level: u8) -> Ink {
        let mut ink: Vec<bool> = self.grey.iter().map(|&g| g < level).collect();
        despeckle(&mut ink, self.w, self.h);
        Ink {
            w: self.w,
            h: self.h,
            ink,
            hidden: seal_reach(&self.seal, self.w, self.h),
        }
    }

    /// The grey levels of `rect` resampled to `nw`×`nh` (area average when
    /// shrinking, bilinear when enlarging).
    pub fn resample(&self, rect: [usize; 4], nw: usize, nh: usize) -> Vec<u8> {
        let [x0, y0, x1, y1] = rect;
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        let mut out = vec![255u8; nw * nh];
        if x1 <= x0 || y1 <= y0 || nw == 0 || nh == 0 {
            return out;
        }
        let (sw, sh) = ((x1 - x0) as f64, (y1 - y0) as f64);
        let (sx, sy) = (sw / nw as f64, sh / nh as f64);
        let px = |x: usize, y: usize| self.grey[y * self.w + x] as f64;
        for oy in 0..nh {
            for ox in 0..nw {
                let v = if sx > 1.0 || sy > 1.0 {
                    let fx0 = x0 + (ox as f64 * sx) as usize;
                    let fy0 = y0 + (oy as f64 * sy) as usize;
                    let fx1 = (x0 + ((ox + 1) as f64 * sx).ceil() as usize).clamp(fx0 + 1, x1);
                    let fy1 = (y0 + ((oy + 1) as f64 * sy).ceil() as usize).clamp(fy0 + 1, y1);
                    let mut sum = 0.0;
                    for y in fy0..fy1 {
                        for x in fx0..fx1 {
                            sum += px(x, y);
                        }
                    }
                    sum / ((fx1 - fx0) * (fy1 - fy0)) as f64
                } else {
                    let fx = (x0 as f64 + (ox as f64 + 0.5) * sx - 0.5)
                        .clamp(x0 as f64, (x1 - 1) as f64);
                    let fy = (y0 as f64 + (oy as f64 + 0.5) * sy - 0.5)
                        .clamp(y0 as f64, (y1 - 1) as f64);
                    let (ix, iy) = (fx.floor() as usize, fy.floor() as usize);
                    let (tx, ty) = (fx - ix as f64, fy - iy as f64);
                    let (jx, jy) = ((ix + 1).min(x1 - 1), (iy + 1).min(y1 - 1));
                    (px(ix, iy) * (1.0 - tx) + px(jx, iy) * tx) * (1.0 - ty)
                        + (px(ix, jy) * (1.0 - tx) + px(jx, jy) * tx) * ty
                };
                out[oy * nw + ox] = v.round().clamp(0.0, 255.0) as u8;
            }
        }
        out
    }
}

/// A `w`×`h` image turned clockwise by `quarters` quarter turns.
fn turn(px: &[u8], w: usize, h: usize, quarters: u8) -> Vec<u8> {
    match quarters % 4 {
        0 => px.to_vec(),
        2 => {
            let mut out = px.to_vec();
            out.reverse();
            out
        }
        q => {
            // Clockwise: the new pixel (x, y) is the old (y, h-1-x); counter-
            // clockwise: the old (w-1-y, x).
            let mut out = vec![255u8; w * h];
            for ny in 0..w {
                for nx in 0..h {
                    let (ox, oy) = if q == 1 {
                        (ny, h - 1 - nx)
                    } else {
                        (w - 1 - ny, nx)
                    };
                    out[ny * h + nx] = px[oy * w + ox];
                }
            }
            out
        }
    }
}

/// The skew of a page (radians): rules give the angle best, so pixels of dark runs
/// longer than a character are used; pages without rules fall back to all ink
/// (lines of text).
pub fn skew_angle(grey: &[u8], w: usize, h: usize) -> f64 {
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
        // Every row: sampling every other row would put all points of the level
        // page into even bins, doubling its score over every tilted one.
        for y in 0..h {
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
    let max_tan = MAX_SKEW_DEG.to_radians().tan();
    let off = w as f64 * max_tan + 4.0;
    let mut bins = vec![0u32; h + 2 * off as usize + 8];
    let mut score = |a: f64| -> f64 {
        bins.iter_mut().for_each(|b| *b = 0);
        let t = a.tan();
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
    let steps = (MAX_SKEW_DEG / 0.1) as i32;
    for k in -steps..=steps {
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

/// Rotates so that lines with y + x·tan(a) constant become horizontal (bilinear).
pub fn rotate(grey: &[u8], w: usize, h: usize, a: f64) -> Vec<u8> {
    let (s, c) = a.sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let mut out = vec![255u8; w * h];
    for yo in 0..h {
        let v = yo as f64 - cy;
        for xo in 0..w {
            let u = xo as f64 - cx;
            let xi = cx + u * c + v * s;
            let yi = cy - u * s + v * c;
            if xi < 0.0 || yi < 0.0 || xi > (w - 1) as f64 || yi > (h - 1) as f64 {
                continue;
            }
            let (ix, iy) = (xi.floor() as usize, yi.floor() as usize);
            let (tx, ty) = (xi - ix as f64, yi - iy as f64);
            let (jx, jy) = ((ix + 1).min(w - 1), (iy + 1).min(h - 1));
            let p = |x: usize, y: usize| grey[y * w + x] as f64;
            let g = (p(ix, iy) * (1.0 - tx) + p(jx, iy) * tx) * (1.0 - ty)
                + (p(ix, jy) * (1.0 - tx) + p(jx, jy) * tx) * ty;
            out[yo * w + xo] = g.round() as u8;
        }
    }
    out
}

/// Removes ink pixels with at most one ink neighbour (dust, not strokes).
/// Pixels a seal hides: its red ink, and a margin around it ([`SEAL_RIM`]). The
/// rim of a stamped ring is pink, blurred by the scan and JPEG's halved colour
/// resolution, and turns to paper with the seal; a rule it crosses is broken a few
/// pixels beyond the red itself, often right where the rule meets another.
fn seal_reach(seal: &[u8], w: usize, h: usize) -> Vec<bool> {
    if seal.len() != w * h || w == 0 {
        return Vec::new();
    }
    let r = SEAL_RIM;
    // A square dilation, done as two passes of a running count along rows, then
    // along columns: linear in the page whatever the radius.
    let spread = |mark: &[bool], len: usize, n: usize, at: &dyn Fn(usize, usize) -> usize| {
        let mut out = vec![false; mark.len()];
        for line in 0..n {
            let mut count = 0usize;
            for i in 0..len + r {
                if i < len && mark[at(line, i)] {
                    count += 1;
                }
                if i > 2 * r && mark[at(line, i - 2 * r - 1)] {
                    count -= 1;
                }
                if i >= r && count > 0 {
                    out[at(line, i - r)] = true;
                }
            }
        }
        out
    };
    let red: Vec<bool> = seal.iter().map(|&s| s < 128).collect();
    let rows = spread(&red, w, h, &|y, x| y * w + x);
    spread(&rows, h, w, &|x, y| y * w + x)
}

/// Pixels a seal's blurred rim reaches beyond its red ink.
const SEAL_RIM: usize = (super::DPI / 50) as usize;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_of_a_drawn_line_is_found() {
        let (w, h) = (2000, 400);
        for deg in [0.8f64, -3.5] {
            let mut g = vec![255u8; w * h];
            let a: f64 = deg.to_radians();
            for x in 0..w {
                let y = (200.0 - x as f64 * a.tan()).round() as usize;
                g[y * w + x] = 0;
                g[(y + 1) * w + x] = 0;
            }
            let found = skew_angle(&g, w, h);
            assert!((found - a).abs() < 0.1f64.to_radians(), "{found} vs {a}");
        }
    }

    #[test]
    fn skew_of_short_lines_of_text_without_rules_is_found() {
        // A page of text whose rules are too faint to count: short lines of
        // characters (blocks 18 pixels high, no run as long as a rule) tilted 1.4°,
        // so that the tilt spreads each line by a few pixels only; measured on all
        // of the ink.
        let (w, h) = (1200, 900);
        let a: f64 = (-1.4f64).to_radians();
        let mut g = vec![255u8; w * h];
        for row in 0..10 {
            for cell in 0..6 {
                let y0 = 100.0 + row as f64 * 70.0;
                let x0 = 60 + cell * 180;
                for x in (x0..x0 + 110).filter(|x| x % 12 < 8) {
                    let y = y0 - x as f64 * a.tan();
                    for dy in (0..18).filter(|dy| dy % 4 != 3) {
                        g[(y.round() as usize + dy) * w + x] = 0;
                    }
                }
            }
        }
        let found = skew_angle(&g, w, h);
        assert!((found - a).abs() < 0.1f64.to_radians(), "{found} vs {a}");
    }

    #[test]
    fn grey_paper_turns_white_and_ink_stays_dark() {
        // Paper shaded from 160 (left) to 220 (right), a black bar in the middle.
        let (w, h) = (512, 128);
        let mut grey = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let paper = 160 + (x * 60 / w) as u8;
                let bar = (60..68).contains(&y) && (40..470).contains(&x);
                grey[y * w + x] = if bar { paper / 4 } else { paper };
            }
        }
        let mut r = Raster {
            w,
            h,
            grey,
            seal: Vec::new(),
        };
        r.flatten();
        for x in [10, 128, 250] {
            assert!(
                r.grey[20 * w + x] > 230,
                "paper at {x}: {}",
                r.grey[20 * w + x]
            );
        }
        for x in [50, 128, 200] {
            assert!(
                r.grey[64 * w + x] < INK,
                "ink at {x}: {}",
                r.grey[64 * w + x]
            );
        }
    }

    #[test]
    fn pnm_pages_are_read_as_their_brightest_channel() {
        // 4×1 PPM: a seal's red and its dulled rim (paper), black ink, and black
        // ink under the seal's red (ink).
        let mut ppm = b"P6\n# pdftoppm\n4 1\n255\n".to_vec();
        ppm.extend_from_slice(&[220, 30, 30, 200, 170, 165, 10, 10, 10, 70, 15, 20]);
        let r = Raster::from_pnm(&ppm).expect("ppm");
        assert_eq!((r.w, r.h, r.grey.clone()), (4, 1, vec![255, 255, 10, 70]));
        // Only the seal's own red marks where it hides what lies under it.
        assert_eq!(r.seal, vec![0, 255, 255, 255]);
        // White paper is not red.
        let white = b"P6 1 1 255\n\xff\xff\xff";
        assert!(Raster::from_pnm(white).expect("ppm").seal.is_empty());
        let pgm = b"P5 1 2 255\n\x05\x07";
        assert_eq!(Raster::from_pnm(pgm).expect("pgm").grey, vec![5, 7]);
        assert!(Raster::from_pnm(b"P6\n2 1\n255\n\x01").is_err());
        assert!(Raster::from_pnm(b"P6\n99999 99999\n255\n").is_err());
        assert!(Raster::from_pnm(b"GIF89a").is_err());
    }

    #[test]
    fn a_seal_hides_its_red_and_a_rim_around_it() {
        let (w, h) = (30, 20);
        let mut seal = vec![255u8; w * h];
        seal[10 * w + 15] = 0;
        let hidden = seal_reach(&seal, w, h);
        let r = SEAL_RIM;
        for y in 0..h {
            for x in 0..w {
                let near = x.abs_diff(15) <= r && y.abs_diff(10) <= r;
                assert_eq!(hidden[y * w + x], near, "({x}, {y})");
            }
        }
        assert!(seal_reach(&[], w, h).is_empty());
    }

    #[test]
    fn quarter_turns_move_pixels_where_they_belong() {
        // A 3×2 image, pixel values are their index.
        let r = Raster {
            w: 3,
            h: 2,
            grey: vec![0, 1, 2, 3, 4, 5],
            seal: Vec::new(),
        };
        let cw = r.turned(1);
        assert_eq!((cw.w, cw.h), (2, 3));
        // Clockwise: the bottom-left (3) goes to the top-left.
        assert_eq!(cw.grey, vec![3, 0, 4, 1, 5, 2]);
        assert_eq!(r.turned(3).grey, vec![2, 5, 1, 4, 0, 3]);
        assert_eq!(r.turned(2).grey, vec![5, 4, 3, 2, 1, 0]);
        assert_eq!(cw.turned(3).grey, r.grey);
    }

    #[test]
    fn resampling_keeps_the_picture() {
        let r = Raster {
            w: 4,
            h: 2,
            grey: vec![0, 0, 255, 255, 0, 0, 255, 255],
            seal: Vec::new(),
        };
        assert_eq!(r.resample([0, 0, 4, 2], 2, 1), vec![0, 255]);
        let up = r.resample([0, 0, 4, 2], 8, 4);
        assert_eq!(up[0], 0);
        assert_eq!(up[7], 255);
    }
}
