//! Text detection: the DB (differentiable binarisation) model gives every pixel a
//! probability of being text; regions above [`THRESH`] are text lines. Pages are
//! deskewed before detection, so a line's box is its axis-aligned bounding box,
//! grown by the DB "unclip" distance (the model is trained on shrunken regions).

use ort::session::Session;
use ort::value::Tensor;

use super::super::raster::Raster;
use super::EngineError;

/// The shorter side of the page as the model sees it. 736 px for an A4 page at
/// 200 dpi is about 90 dpi: a 10.5 pt character is 13 px high there, well inside
/// what the model was trained on.
pub const SIDE: usize = 736;
/// The longer side is capped, so a long strip of a page stays bounded.
const MAX_SIDE: usize = 2400;
/// Pixel probability above which a pixel is text.
const THRESH: f32 = 0.3;
/// Mean probability a region needs to be a line.
const BOX_THRESH: f32 = 0.5;
/// How far a region is grown: area × ratio / perimeter.
const UNCLIP: f64 = 1.6;
/// Regions kept a page; a page of a form has a few hundred.
const MAX_BOXES: usize = 3000;

/// A detected line of text: its rectangle in page pixels and the mean probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBox {
    pub rect: [usize; 4],
    pub score: f32,
}

impl TextBox {
    pub fn width(&self) -> usize {
        self.rect[2].saturating_sub(self.rect[0])
    }
    pub fn height(&self) -> usize {
        self.rect[3].saturating_sub(self.rect[1])
    }
}

/// The input size: shorter side [`SIDE`], both sides multiples of 32.
fn input_size(w: usize, h: usize) -> (usize, usize) {
    let ratio = SIDE as f64 / w.min(h).max(1) as f64;
    let ratio = ratio.min(MAX_SIDE as f64 / w.max(h).max(1) as f64);
    let r32 = |v: f64| ((v / 32.0).round() as usize).max(1) * 32;
    (r32(w as f64 * ratio), r32(h as f64 * ratio))
}

pub fn detect(session: &mut Session, page: &Raster) -> Result<Vec<TextBox>, EngineError> {
    let (w, h) = input_size(page.w, page.h);
    let small = page.resample([0, 0, page.w, page.h], w, h);
    let plane: Vec<f32> = small.iter().map(|&v| v as f32 / 127.5 - 1.0).collect();
    let mut data = Vec::with_capacity(3 * w * h);
    for _ in 0..3 {
        data.extend_from_slice(&plane);
    }
    let input = Tensor::from_array(([1usize, 3, h, w], data))?;
    let outputs = session.run(ort::inputs![input])?;
    let (shape, prob) = outputs[0].try_extract_tensor::<f32>()?;
    if shape.len() != 4 || shape[2] as usize != h || shape[3] as usize != w || prob.len() < w * h {
        return Err(EngineError::Output(format!("detection map {shape:?}")));
    }
    Ok(boxes(&prob[..w * h], w, h, page.w, page.h))
}

/// DB post-processing: connected regions of the thresholded (and slightly dilated)
/// map, scored by their mean probability, grown by the unclip distance and scaled to
/// the page.
pub fn boxes(prob: &[f32], w: usize, h: usize, page_w: usize, page_h: usize) -> Vec<TextBox> {
    // A 2×2 dilation joins strokes split by one pixel, as PaddleOCR does.
    let on = |x: usize, y: usize| prob[y * w + x] > THRESH;
    let mut mask = vec![false; w * h];
    for y in 0..h {
        for x in 0..w {
            mask[y * w + x] = on(x, y)
                || (x > 0 && on(x - 1, y))
                || (y > 0 && on(x, y - 1))
                || (x > 0 && y > 0 && on(x - 1, y - 1));
        }
    }
    let (sx, sy) = (page_w as f64 / w as f64, page_h as f64 / h as f64);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !mask[start] || seen[start] {
            continue;
        }
        if out.len() >= MAX_BOXES {
            break;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        seen[start] = true;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
            for (dx, dy) in [
                (-1i64, 0i64),
                (1, 0),
                (0, -1),
                (0, 1),
                (-1, -1),
                (1, 1),
                (-1, 1),
                (1, -1),
            ] {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                    continue;
                }
                let j = ny as usize * w + nx as usize;
                if mask[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        if bw.min(bh) < 3 {
            continue;
        }
        let mut sum = 0.0f32;
        for y in y0..=y1 {
            sum += prob[y * w + x0..=y * w + x1].iter().sum::<f32>();
        }
        let score = sum / (bw * bh) as f32;
        if score < BOX_THRESH {
            continue;
        }
        let d = (bw * bh) as f64 * UNCLIP / (2 * (bw + bh)) as f64;
        let grow = |lo: usize, hi: usize, s: f64, max: usize| {
            let a = ((lo as f64 - d) * s).max(0.0).round() as usize;
            let b = (((hi + 1) as f64 + d) * s).round().min(max as f64) as usize;
            (a, b)
        };
        let (px0, px1) = grow(x0, x1, sx, page_w);
        let (py0, py1) = grow(y0, y1, sy, page_h);
        if px1 <= px0 + 3 || py1 <= py0 + 3 {
            continue;
        }
        out.push(TextBox {
            rect: [px0, py0, px1, py1],
            score,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_keeps_the_shape_in_multiples_of_32() {
        assert_eq!(input_size(1654, 2339), (736, 1056));
        assert_eq!(input_size(2200, 1700), (960, 736));
        let (w, h) = input_size(100, 30_000);
        assert!(h <= MAX_SIDE + 32 && w >= 32, "{w}×{h}");
    }

    #[test]
    fn regions_of_the_map_become_grown_boxes() {
        // A 40×10 map with one line (x 5..25, y 3..6) and a faint blot.
        let (w, h) = (40, 10);
        let mut prob = vec![0.0f32; w * h];
        for y in 3..6 {
            for x in 5..25 {
                prob[y * w + x] = 0.9;
            }
        }
        for y in 1..3 {
            for x in 30..33 {
                prob[y * w + x] = 0.35;
            }
        }
        // The page is twice the map.
        let b = boxes(&prob, w, h, 80, 20);
        assert_eq!(b.len(), 1, "{b:?}");
        let [x0, y0, x1, y1] = b[0].rect;
        // Region x 5..=25 (dilated), y 3..=6; grown by d = 21*4*1.6/50 ≈ 2.7.
        assert!(
            (4..10).contains(&x0) && (51..=58).contains(&x1),
            "{:?}",
            b[0]
        );
        assert!(y0 < 6 && y1 > 13 && y1 <= 20, "{:?}", b[0]);
        assert!(b[0].score > 0.5);
    }
}
