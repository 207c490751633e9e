//! The range of true values a written figure stands for: what every arithmetic check
//! compares, so that a figure rounded as written is never called wrong.

/// The closed range of true values a written figure can stand for.
///
/// Both ends are kept closed: treating the upper end of `[v − h, v + h)` as included only
/// makes checks more lenient by a point, never raises a finding the half-open reading
/// would not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    pub fn exact(v: f64) -> Interval {
        Interval { lo: v, hi: v }
    }

    /// The interval of `value` written with `decimals` digits after the point.
    /// Where the decimals are unknown (a typed spreadsheet value) the value's own shortest
    /// decimal form is taken as what was written: 94.06 keeps a tolerance of ±0.005, while a
    /// computed 94.061027… is as good as exact.
    pub fn written(value: f64, decimals: Option<u32>) -> Interval {
        let d = decimals.unwrap_or_else(|| shortest_decimals(value)).min(15);
        let half = 0.5 * 10f64.powi(-(d as i32));
        Interval {
            lo: value - half,
            hi: value + half,
        }
    }

    /// Multiplied by a non-negative factor.
    pub fn scale(self, k: f64) -> Interval {
        Interval {
            lo: self.lo * k,
            hi: self.hi * k,
        }
    }

    /// Whether the two intervals share a point, allowing for floating-point noise.
    pub fn meets(self, o: Interval) -> bool {
        let eps = 1e-9
            * [self.lo, self.hi, o.lo, o.hi]
                .iter()
                .fold(1.0f64, |m, x| m.max(x.abs()));
        self.lo <= o.hi + eps && o.lo <= self.hi + eps
    }

    /// Whether every point of `self` lies above every point of `o`.
    pub fn above(self, o: Interval) -> bool {
        !self.meets(o) && self.lo > o.hi
    }

    /// `num / den × 100` over all values the intervals allow; None when the denominator
    /// may be zero or negative.
    pub fn ratio_percent(num: Interval, den: Interval) -> Option<Interval> {
        if den.lo <= 0.0 || !den.lo.is_finite() || !den.hi.is_finite() {
            return None;
        }
        let cands = [
            num.lo / den.lo,
            num.lo / den.hi,
            num.hi / den.lo,
            num.hi / den.hi,
        ];
        let lo = cands.iter().copied().fold(f64::INFINITY, f64::min) * 100.0;
        let hi = cands.iter().copied().fold(f64::NEG_INFINITY, f64::max) * 100.0;
        (lo.is_finite() && hi.is_finite()).then_some(Interval { lo, hi })
    }
}

impl std::ops::Add for Interval {
    type Output = Interval;

    fn add(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
        }
    }
}

/// Digits after the point in the shortest form that reads back as `v`.
fn shortest_decimals(v: f64) -> u32 {
    let s = format!("{v}");
    s.split_once('.').map(|(_, d)| d.len() as u32).unwrap_or(0)
}

/// A value as written: with its written decimals, or in its shortest form.
pub fn fmt_written(value: f64, decimals: Option<u32>) -> String {
    match decimals {
        Some(d) => format!("{:.*}", d.min(15) as usize, value),
        None => format!("{value}"),
    }
}
