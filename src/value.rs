//! Parsing the values written in forms and prose: numbers, money, rates, targets.
//! Everything is normalised first (full-width → half-width, spaces dropped).

use serde::Serialize;

/// How a target or actual constrains its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    /// 左右: roughly.
    #[serde(rename = "~")]
    Approx,
    /// value .. value_hi
    #[serde(rename = "range")]
    Range,
    #[serde(rename = "not_below_last_year")]
    NotBelowLastYear,
    #[serde(rename = "not_above_last_year")]
    NotAboveLastYear,
    /// A graded word such as 明显提高, 有效缓解, 成效明显.
    #[serde(rename = "qualitative")]
    Qualitative,
    /// Anything else: kept as written.
    #[serde(rename = "text")]
    Text,
}

/// A parsed target or actual.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    pub raw: String,
    pub op: Op,
    pub value: Option<f64>,
    pub value_hi: Option<f64>,
    pub unit: Option<String>,
}

/// A number as written, with the count of decimals written (for rounding-aware checks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub value: f64,
    pub decimals: u32,
}

/// Money units as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    Wan,
    #[serde(rename = "亿元")]
    Yi,
}

impl MoneyUnit {
    /// How many 万元 one of this unit is.
    pub fn in_wan(self) -> f64 {
        match self {
            MoneyUnit::Yuan => 0.0001,
            MoneyUnit::Wan => 1.0,
            MoneyUnit::Yi => 10_000.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }
}

/// An amount of money as written: "3359.62万", "28.71亿元", "1,012.41".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub num: Num,
    pub unit: Option<MoneyUnit>,
}

// ---- API (implemented below) ----

/// Full-width digits, letters and punctuation to half-width; ideographic space to space.
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// `halfwidth` with every kind of white space removed.
pub fn compact(s: &str) -> String {
    halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A bare number (the whole string): "1146.81", "1,012.41", "１１４６．８１", "-3".
pub fn parse_number(s: &str) -> Option<Num> {
    let t = compact(s).replace(',', "");
    let v: f64 = t.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    let decimals = t.split_once('.').map(|(_, d)| d.len() as u32).unwrap_or(0);
    Some(Num { value: v, decimals })
}

/// A money amount with an optional unit: "3359.62万", "28.71亿元", "1,012.41".
pub fn parse_amount(s: &str) -> Option<Amount> {
    let t = compact(s);
    for (suffix, unit) in [
        ("万元", MoneyUnit::Wan),
        ("亿元", MoneyUnit::Yi),
        ("元", MoneyUnit::Yuan),
        ("万", MoneyUnit::Wan),
        ("亿", MoneyUnit::Yi),
    ] {
        if let Some(head) = t.strip_suffix(suffix) {
            return parse_number(head).map(|num| Amount {
                num,
                unit: Some(unit),
            });
        }
    }
    parse_number(&t).map(|num| Amount { num, unit: None })
}

/// A rate as a percent: "94.06%" → 94.06; "0.9406" → 94.06 (a bare fraction ≤ 1.5).
pub fn parse_rate(s: &str) -> Option<Num> {
    let t = compact(s);
    if let Some(head) = t.strip_suffix('%') {
        return parse_number(head);
    }
    let n = parse_number(&t)?;
    if n.value.abs() <= 1.5 && n.decimals > 0 {
        Some(Num {
            value: n.value * 100.0,
            decimals: n.decimals.saturating_sub(2),
        })
    } else {
        Some(n)
    }
}

/// The interval a written number stands for: 94.06 → [94.055, 94.065).
pub fn interval(n: Num) -> (f64, f64) {
    let half = 0.5 * 10f64.powi(-(n.decimals as i32));
    (n.value - half, n.value + half)
}

/// Parses a target or an actual as written in an indicator row.
pub fn parse_value(raw: &str) -> Parsed {
    let t = compact(raw);
    if let Some(n) = parse_number(t.trim_end_matches('%')) {
        return Parsed {
            raw: raw.to_string(),
            op: Op::Eq,
            value: Some(n.value),
            value_hi: None,
            unit: t.ends_with('%').then(|| "%".to_string()),
        };
    }
    Parsed {
        raw: raw.to_string(),
        op: Op::Text,
        value: None,
        value_hi: None,
        unit: None,
    }
}

/// Whether an actual meets its target: `None` where the two cannot be compared.
pub fn met(target: &Parsed, actual: &Parsed) -> Option<bool> {
    let (t, a) = (target.value?, actual.value?);
    match target.op {
        Op::Ge => Some(a >= t),
        Op::Le => Some(a <= t),
        _ => None,
    }
}
