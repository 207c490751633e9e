//! Parsing the values written in forms and prose: numbers, money, rates, targets.
//! Everything is normalised first (full-width → half-width, spaces dropped).

//!
//! - `text.rs`: the text before parsing (full-width, spaces, sign spellings);
//! - `number.rs`: numbers, money and units as written;
//! - `target.rs`: targets and actuals (`parse_value`);
//! - `verdict.rs`: whether an actual meets its target (`met`);
//! - `interval.rs`: the range a written figure stands for (rounding-aware checks);
//! - `json.rs`: numbers as the dataset writes them.

mod interval;
mod json;
mod number;
mod target;
#[cfg(test)]
mod tests;
mod text;
mod verdict;

pub use self::interval::*;
pub use self::json::*;
pub use self::number::*;
pub use self::target::*;
pub use self::text::*;
pub use self::verdict::*;
