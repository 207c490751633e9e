//! The direction classifier: is a line crop upright or turned 180°? Used as a vote
//! over the longest lines of a page, to find the page's orientation. Single crops
//! are not flipped by it: a form is printed one way up, and on short crops (a
//! number alone) the classifier is least sure, and a wrong flip reads 100 as 001.

use ort::session::Session;
use ort::value::Tensor;

use super::super::raster::Raster;
use super::rec::{batch_input, HEIGHT};
use super::EngineError;

/// The classifier's input width (PP-OCR mobile cls: 3×48×192).
const WIDTH: usize = 192;

/// The share of the crops the classifier finds upside down, each weighted by how
/// sure it is.
pub fn upside_down(
    session: &mut Session,
    page: &Raster,
    rects: &[[usize; 4]],
) -> Result<f64, EngineError> {
    if rects.is_empty() {
        return Ok(0.0);
    }
    let data = batch_input(page, rects, WIDTH);
    let input = Tensor::from_array(([rects.len(), 3, HEIGHT, WIDTH], data))?;
    let outputs = session.run(ort::inputs![input])?;
    let (shape, p) = outputs[0].try_extract_tensor::<f32>()?;
    if shape.len() != 2 || shape[1] != 2 || p.len() < rects.len() * 2 {
        return Err(EngineError::Output(format!("classifier {shape:?}")));
    }
    let (mut up, mut down) = (0.0f64, 0.0f64);
    for pair in p.chunks_exact(2).take(rects.len()) {
        up += pair[0] as f64;
        down += pair[1] as f64;
    }
    Ok(down / (up + down).max(f64::MIN_POSITIVE))
}
