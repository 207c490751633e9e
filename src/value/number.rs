//! Numbers and money as written: digits with separators and decimals, 万/亿/元,
//! and the units that may follow a number.

use serde::Serialize;

use super::*;

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

/// Scans a number at the start of an already normalised string: optional sign, digits
/// (thousands separators only in valid groups of three), optional decimals.
/// Returns the number and the byte length it takes.
pub(super) fn scan_number(s: &str) -> Option<(Num, usize)> {
    let b = s.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let run_from = |i: usize| {
        b.get(i..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };

    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let first = run_from(i);
    if first == 0 {
        return None;
    }
    i += first;
    if first <= 3 {
        while b.get(i) == Some(&b',')
            && digit_at(i + 1)
            && digit_at(i + 2)
            && digit_at(i + 3)
            && !digit_at(i + 4)
        {
            i += 4;
        }
    }
    let mut decimals = 0usize;
    if b.get(i) == Some(&b'.') && digit_at(i + 1) {
        decimals = run_from(i + 1);
        i += 1 + decimals;
    }
    let text: String = s.get(..i)?.chars().filter(|c| *c != ',').collect();
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    let decimals = u32::try_from(decimals).unwrap_or(u32::MAX);
    Some((Num { value, decimals }, i))
}

/// A bare number (the whole string): "1146.81", "1,012.41", "１１４６．８１", "-3".
/// Thousands separators must form valid groups ("1,23" is refused); no exponents, no
/// inf/nan, no lone or repeated decimal points.
pub fn parse_number(s: &str) -> Option<Num> {
    let t = normalise(s);
    let (n, len) = scan_number(&t)?;
    (len == t.len()).then_some(n)
}

/// A money amount with an optional unit: "3359.62万", "28.71亿元", "1,012.41".
/// Nothing else may follow the unit.
pub fn parse_amount(s: &str) -> Option<Amount> {
    let t = normalise(s);
    let (num, len) = scan_number(&t)?;
    let unit = match t.get(len..)? {
        "" => None,
        "元" => Some(MoneyUnit::Yuan),
        "万元" | "万" => Some(MoneyUnit::Wan),
        "亿元" | "亿" => Some(MoneyUnit::Yi),
        _ => return None,
    };
    Some(Amount { num, unit })
}

/// Rounds to `decimals` places where that is representable, to drop the noise that
/// scaling by 100 leaves (0.9406 × 100 = 94.06000000000001).
pub(super) fn round_to(v: f64, decimals: u32) -> f64 {
    if decimals > 15 {
        return v;
    }
    let f = 10f64.powi(decimals as i32);
    let r = (v * f).round() / f;
    if r.is_finite() {
        r
    } else {
        v
    }
}

/// A rate as a percent (the whole string).
///
/// * "94.06%" → 94.06 (2 decimals); "100.00%" → 100 (2 decimals).
/// * A bare number written with decimals and at most 1.5 is a fraction:
///   "0.9406" → 94.06 (2 decimals), "1.00" → 100 (0 decimals). The decimals count drops by
///   two, never below zero.
/// * Any other bare number is taken as a percent already: "94.06" → 94.06, and "1" → 1
///   (an integer cannot be told apart from a fraction, and whole-number rates are the
///   common case in these forms).
pub fn parse_rate(s: &str) -> Option<Num> {
    let t = normalise(s);
    if let Some(head) = t.strip_suffix('%') {
        let (n, len) = scan_number(head)?;
        return (len == head.len()).then_some(n);
    }
    let (n, len) = scan_number(&t)?;
    if len != t.len() {
        return None;
    }
    if n.value.abs() <= 1.5 && n.decimals > 0 {
        let decimals = n.decimals.saturating_sub(2);
        Some(Num {
            value: round_to(n.value * 100.0, decimals),
            decimals,
        })
    } else {
        Some(n)
    }
}

/// The half-open interval a written number stands for: 94.06 → [94.055, 94.065).
pub fn interval(n: Num) -> (f64, f64) {
    let exp = i32::try_from(n.decimals).unwrap_or(i32::MAX);
    let half = 0.5 * 10f64.powi(-exp);
    (n.value - half, n.value + half)
}

/// Units that may follow a number. Matching takes the longest, so 万人次 wins over 万人.
pub(super) const UNITS: &[&str] = &[
    "%",
    "‰",
    "个百分点",
    "百分点",
    "万人次",
    "人次",
    "万人",
    "人",
    "万户",
    "户",
    "万家",
    "家",
    "个工作日",
    "工作日",
    "个月",
    "个",
    "次",
    "万元",
    "亿元",
    "元",
    "天",
    "日",
    "年",
    "月",
    "周",
    "小时",
    "分钟",
    "件",
    "项",
    "套",
    "所",
    "台",
    "张",
    "份",
    "例",
    "批",
    "场",
    "期",
    "条",
    "篇",
    "名",
    "位",
    "辆",
    "处",
    "座",
    "间",
    "床",
    "册",
    "本",
    "种",
    "类",
    "级",
    "分",
    "万",
    "亿",
    "平方米",
    "公里",
    "千米",
    "米",
    "吨",
    "万亩",
    "亩",
    "公顷",
    "岁",
    "倍",
    "轮",
    "组",
    "支",
    "盒",
    "枚",
    "块",
    "单",
    "笔",
];

/// Longest unit spelt at the start of `s`, with "/人", "/期", "/年" … compounds.
pub(super) fn scan_unit(s: &str) -> Option<(String, usize)> {
    let base = UNITS
        .iter()
        .filter(|u| s.starts_with(**u))
        .max_by_key(|u| u.len())?;
    let mut unit = (*base).to_string();
    let mut len = base.len();
    while let Some(rest) = s.get(len..).and_then(|r| r.strip_prefix('/')) {
        let Some(next) = UNITS
            .iter()
            .filter(|u| rest.starts_with(**u) && **u != "%")
            .max_by_key(|u| u.len())
        else {
            break;
        };
        if unit.chars().count() + 1 + next.chars().count() > 10 {
            break;
        }
        unit.push('/');
        unit.push_str(next);
        len += 1 + next.len();
    }
    Some((unit, len))
}
