//! Text recognition: each line crop scaled to 48 px high, batched with crops of
//! similar width, and the model's per-column character probabilities decoded by
//! CTC (best path: repeats merged, blanks dropped). A line's confidence is the mean
//! probability of its characters, as PaddleOCR gives it.

use ort::session::Session;
use ort::value::Tensor;

use super::super::raster::Raster;
use super::EngineError;

/// Height of the model's input.
pub const HEIGHT: usize = 48;
/// The narrowest input. PaddleOCR pads every crop to 320 px; a form's cells are
/// mostly short numbers, and the model reads them as well at their own width, in a
/// fraction of the time.
const MIN_WIDTH: usize = 96;
/// The widest input: a line longer than 50 heights is squeezed.
const MAX_WIDTH: usize = HEIGHT * 50;
/// Crops per run; similar widths are batched so padding stays small.
const BATCH: usize = 8;

/// Model input for crops of a page: `[n, 3, HEIGHT, width]`, grey repeated over the
/// channels, scaled to -1..1, padded with 0 on the right.
pub fn batch_input(page: &Raster, rects: &[[usize; 4]], width: usize) -> Vec<f32> {
    let plane = HEIGHT * width;
    let mut data = vec![0f32; rects.len() * 3 * plane];
    for (i, r) in rects.iter().enumerate() {
        let (w, h) = (r[2].saturating_sub(r[0]), r[3].saturating_sub(r[1]));
        if w == 0 || h == 0 {
            continue;
        }
        let rw = ((HEIGHT as f64 * w as f64 / h as f64).ceil() as usize).clamp(1, width);
        let px = page.resample(*r, rw, HEIGHT);
        for c in 0..3 {
            let base = (i * 3 + c) * plane;
            for y in 0..HEIGHT {
                for x in 0..rw {
                    data[base + y * width + x] = px[y * rw + x] as f32 / 127.5 - 1.0;
                }
            }
        }
    }
    data
}

/// The width a batch is padded to: its widest crop, at least [`MIN_WIDTH`].
pub fn batch_width(rects: &[[usize; 4]]) -> usize {
    rects
        .iter()
        .map(|r| {
            let (w, h) = (r[2].saturating_sub(r[0]), r[3].saturating_sub(r[1]).max(1));
            (HEIGHT as f64 * w as f64 / h as f64).ceil() as usize
        })
        .max()
        .unwrap_or(0)
        .clamp(MIN_WIDTH, MAX_WIDTH)
}

pub fn recognise(
    session: &mut Session,
    page: &Raster,
    rects: &[[usize; 4]],
    chars: &[String],
) -> Result<Vec<(String, f64)>, EngineError> {
    let ratio =
        |r: &[usize; 4]| r[2].saturating_sub(r[0]) as f64 / r[3].saturating_sub(r[1]).max(1) as f64;
    let mut order: Vec<usize> = (0..rects.len()).collect();
    order.sort_by(|&a, &b| ratio(&rects[a]).total_cmp(&ratio(&rects[b])));
    let mut out = vec![(String::new(), 0.0); rects.len()];
    for chunk in order.chunks(BATCH) {
        let batch: Vec<[usize; 4]> = chunk.iter().map(|&i| rects[i]).collect();
        let width = batch_width(&batch);
        let data = batch_input(page, &batch, width);
        let input = Tensor::from_array(([batch.len(), 3, HEIGHT, width], data))?;
        let outputs = session.run(ort::inputs![input])?;
        let (shape, probs) = outputs[0].try_extract_tensor::<f32>()?;
        if shape.len() != 3 || shape[0] as usize != batch.len() {
            return Err(EngineError::Output(format!("recognition {shape:?}")));
        }
        let (t, c) = (shape[1] as usize, shape[2] as usize);
        if probs.len() < batch.len() * t * c {
            return Err(EngineError::Output(format!("recognition {shape:?}")));
        }
        for (k, &i) in chunk.iter().enumerate() {
            out[i] = ctc_decode(&probs[k * t * c..(k + 1) * t * c], c, chars);
        }
    }
    Ok(out)
}

/// Best-path CTC decoding of `t × classes` probabilities: the most likely class of
/// each column, repeats merged, blanks (class 0) dropped; the confidence is the mean
/// probability of the characters kept.
pub fn ctc_decode(probs: &[f32], classes: usize, chars: &[String]) -> (String, f64) {
    let mut text = String::new();
    let (mut sum, mut n) = (0.0f64, 0usize);
    let mut prev = 0usize;
    for col in probs.chunks_exact(classes.max(1)) {
        let (best, p) =
            col.iter().enumerate().fold(
                (0usize, f32::MIN),
                |m, (i, &p)| if p > m.1 { (i, p) } else { m },
            );
        if best != 0 && best != prev {
            if let Some(ch) = chars.get(best) {
                text.push_str(ch);
                sum += p as f64;
                n += 1;
            }
        }
        prev = best;
    }
    let conf = if n == 0 { 0.0 } else { sum / n as f64 };
    (text, conf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctc_merges_repeats_and_drops_blanks() {
        let chars: Vec<String> = ["", "1", "0", "%", " "]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // Columns: 1 1 _ 0 _ 0 0 % → "100%".
        let best = [1, 1, 0, 2, 0, 2, 2, 3];
        let mut probs = Vec::new();
        for &b in &best {
            let mut col = vec![0.02f32; 5];
            col[b] = 0.9;
            probs.extend(col);
        }
        let (text, conf) = ctc_decode(&probs, 5, &chars);
        assert_eq!(text, "100%");
        assert!((conf - 0.9).abs() < 1e-6);
        assert_eq!(
            ctc_decode(&[0.9, 0.1, 0.0, 0.0, 0.0], 5, &chars),
            (String::new(), 0.0)
        );
    }

    #[test]
    fn crops_are_scaled_to_the_model_height_and_padded() {
        // A 100×20 page, black left half; the crop is the whole page (ratio 5).
        let mut grey = vec![255u8; 100 * 20];
        for y in 0..20 {
            for x in 0..50 {
                grey[y * 100 + x] = 0;
            }
        }
        let page = Raster {
            w: 100,
            h: 20,
            grey,
            seal: Vec::new(),
        };
        let rects = [[0, 0, 100, 20]];
        let width = batch_width(&rects);
        assert_eq!(width, 240);
        let data = batch_input(&page, &rects, width);
        assert_eq!(data.len(), 3 * HEIGHT * width);
        // Crop width 240: black, then white, then padding.
        assert_eq!(data[10 * width + 5], -1.0);
        assert_eq!(data[10 * width + 200], 1.0);
        let wide = batch_input(&page, &rects, 320);
        assert_eq!(wide[10 * 320 + 300], 0.0);
    }
}
