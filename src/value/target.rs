//! Targets and actuals: the comparison a value states (≥, ≤, ranges, 左右, 不低于上年,
//! qualitative words) and its number and unit.

use serde::{Deserialize, Serialize};

use super::*;

/// How a target or actual constrains its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Anything else: kept as written (and any op a later version writes, read back).
    #[serde(rename = "text", other)]
    Text,
}

/// A parsed target or actual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    pub raw: String,
    pub op: Op,
    #[serde(serialize_with = "crate::value::ser_num")]
    pub value: Option<f64>,
    #[serde(serialize_with = "crate::value::ser_num")]
    pub value_hi: Option<f64>,
    pub unit: Option<String>,
}

/// Words before a value that set its comparison. Longer spellings come before the shorter
/// ones they contain (不低于 before 低于).
pub(super) const PREFIX_OPS: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("大于等于", Op::Ge),
    ("高于或等于", Op::Ge),
    ("小于或等于", Op::Le),
    ("小于等于", Op::Le),
    ("低于或等于", Op::Le),
    ("不得低于", Op::Ge),
    ("不应低于", Op::Ge),
    ("不得高于", Op::Le),
    ("不得超过", Op::Le),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不大于", Op::Le),
    ("不多于", Op::Le),
    ("控制在", Op::Le),
    ("保持在", Op::Ge),
    ("稳定在", Op::Ge),
    ("大约", Op::Approx),
    ("至少", Op::Ge),
    ("达到", Op::Ge),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("多于", Op::Gt),
    ("低于", Op::Lt),
    ("小于", Op::Lt),
    ("少于", Op::Lt),
    ("等于", Op::Eq),
    (">=", Op::Ge),
    ("=>", Op::Ge),
    ("<=", Op::Le),
    ("=<", Op::Le),
    ("≥", Op::Ge),
    ("≮", Op::Ge),
    ("≤", Op::Le),
    ("≯", Op::Le),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Eq),
    ("约", Op::Approx),
    ("为", Op::Eq),
];

/// Words after a value (and its unit) that set its comparison.
pub(super) const SUFFIX_OPS: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("以上", Op::Ge),
    ("及以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("左右", Op::Approx),
    ("上下", Op::Approx),
];

/// Lead-in words that say nothing about the value.
pub(super) const LEAD_INS: &[&str] = &["原则上", "确保", "力争", "平均"];

/// Where a value cell turns into prose: "100%。符合救助条件的对象…".
pub(super) fn is_clause_break(s: &str) -> bool {
    // "1,23" is a broken number, not the value 1 followed by prose.
    s.starts_with('。')
        || s.starts_with(';')
        || s.strip_prefix(',')
            .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_digit()))
}

pub(super) fn strip_range_sep(s: &str) -> Option<&str> {
    ["-", "~", "—", "–", "―", "至", "到"]
        .iter()
        .find_map(|sep| s.strip_prefix(sep))
}

/// A string starting with a date: 2020年12月底, 12月底前, 2023年12月31日, 2023-12-31.
pub(super) fn starts_with_date(s: &str) -> bool {
    let b = s.as_bytes();
    let run = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = s.get(run..).unwrap_or("");
    if run == 4 {
        let year = s.get(..4).and_then(|y| y.parse::<u32>().ok()).unwrap_or(0);
        if !(1900..=2100).contains(&year) {
            return false;
        }
        if rest.starts_with('年') {
            return true;
        }
        if let Some(r) = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('/'))
            .or_else(|| rest.strip_prefix('.'))
        {
            let m = r.bytes().take_while(u8::is_ascii_digit).count();
            let after = r.get(m..).unwrap_or("");
            return (1..=2).contains(&m)
                && (after.is_empty() || after.starts_with(['-', '/', '.', '月']));
        }
        return false;
    }
    if (1..=2).contains(&run) && rest.starts_with('月') {
        let month = s
            .get(..run)
            .and_then(|m| m.parse::<u32>().ok())
            .unwrap_or(0);
        return (1..=12).contains(&month);
    }
    false
}

/// Words that only make sense as deadlines.
pub(super) fn mentions_deadline(s: &str) -> bool {
    [
        "年底",
        "月底",
        "年末",
        "月末",
        "季度末",
        "年前",
        "月前",
        "日前",
        "日止",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// Exact short answers that grade rather than measure.
pub(super) const QUALITATIVE_WORDS: &[&str] = &[
    "好",
    "较好",
    "良好",
    "优",
    "优秀",
    "是",
    "否",
    "合格",
    "达标",
    "完成",
    "已完成",
    "满意",
    "基本满意",
    "到位",
    "及时",
    "有效",
    "显著",
    "明显",
    "持平",
    "符合实际",
];

/// Stems of graded phrases (明显提高, 有效缓解, 成效明显, 逐步扩大 …).
pub(super) const QUALITATIVE_STEMS: &[&str] = &[
    "提高",
    "提升",
    "扩大",
    "缓解",
    "明显",
    "显著",
    "改善",
    "增强",
    "加强",
    "降低",
    "减少",
    "减轻",
    "完成",
    "达标",
    "合格",
    "良好",
    "较好",
    "满意",
    "到位",
    "开展",
    "健全",
    "完善",
    "规范",
    "持平",
    "保持",
    "稳定",
    "有效",
    "稳步",
    "逐步",
    "持续",
    "符合实际",
    "上年",
    "实现",
    "达到",
    "落实",
    "增长",
    "下降",
    "好转",
    "成效",
];

/// A short graded phrase, or prose whose first clause is one.
pub(super) fn is_qualitative(s: &str) -> bool {
    let first = s
        .split(['。', ';', ',', '!', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches(['、', '.']);
    if first.is_empty() || first.bytes().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if QUALITATIVE_WORDS.contains(&first) {
        return true;
    }
    // A quality named as a noun (资金使用有效性, 政策知晓度, 任务完成率) is what an
    // indicator measures, not a grade given to it.
    if first.ends_with(['性', '度', '率']) {
        return false;
    }
    first.chars().count() <= 8 && QUALITATIVE_STEMS.iter().any(|w| first.contains(w))
}

/// The numeric reading of a normalised value: op, value, value_hi, unit.
pub(super) fn parse_numeric(s: &str) -> Option<(Op, f64, Option<f64>, Option<String>)> {
    let mut rest = s;
    while let Some(r) = LEAD_INS.iter().find_map(|w| rest.strip_prefix(w)) {
        rest = r;
    }
    let mut op = None;
    if let Some((r, o)) = PREFIX_OPS
        .iter()
        .find_map(|(w, o)| rest.strip_prefix(w).map(|r| (r, *o)))
    {
        rest = r;
        op = Some(o);
    }
    let (num, len) = scan_number(rest)?;
    rest = rest.get(len..)?;
    let mut unit = None;
    if let Some((u, l)) = scan_unit(rest) {
        unit = Some(u);
        rest = rest.get(l..)?;
    }
    let mut hi = None;
    if let Some(r) = strip_range_sep(rest) {
        if let Some((n2, l2)) = scan_number(r) {
            if !r.starts_with(['-', '+']) {
                hi = Some(n2.value);
                rest = r.get(l2..)?;
                if let Some((u, l)) = scan_unit(rest) {
                    unit = Some(u);
                    rest = rest.get(l..)?;
                }
            }
        }
    }
    if let Some(r) = rest.strip_prefix('(') {
        let close = r.find(')')?;
        let inner = r.get(..close)?;
        if unit.is_none() {
            if let Some((u, l)) = scan_unit(inner) {
                if l == inner.len() {
                    unit = Some(u);
                }
            }
        }
        rest = r.get(close + 1..)?;
    }
    if let Some((r, o)) = SUFFIX_OPS
        .iter()
        .find_map(|(w, o)| rest.strip_prefix(w).map(|r| (r, *o)))
    {
        rest = r;
        op = Some(o);
    }
    if !rest.is_empty() && !is_clause_break(rest) {
        return None;
    }
    let value = num.value;
    match hi {
        Some(h) => {
            let (lo, hi) = if h < value { (h, value) } else { (value, h) };
            Some((Op::Range, lo, Some(hi), unit))
        }
        None => Some((op.unwrap_or(Op::Eq), value, None, unit)),
    }
}

/// Phrases that set a target against last year's figure.
pub(super) fn last_year_op(s: &str) -> Option<Op> {
    const BASES: [&str; 3] = ["上年", "上一年", "去年"];
    let has = |words: &[&str]| {
        words.iter().any(|w| {
            s.match_indices(w).any(|(at, _)| {
                s.get(at + w.len()..)
                    .is_some_and(|after| BASES.iter().any(|b| after.starts_with(b)))
            })
        })
    };
    if has(&["不低于", "不少于", "不小于", "不得低于"]) {
        Some(Op::NotBelowLastYear)
    } else if has(&["不高于", "不超过", "不大于", "不多于"]) {
        Some(Op::NotAboveLastYear)
    } else {
        None
    }
}

/// Parses a target or an actual as written in an indicator row.
///
/// * Comparisons: ≥ ≧ >= 不低于 不少于 至少 达到 …以上 (`Ge`); > ＞ 大于 高于 超过 (`Gt`);
///   ≤ ≦ 不高于 不超过 控制在 …以下 …以内 (`Le`); < 低于 小于 (`Lt`); 约 …左右 (`Approx`);
///   a, b with - ~ — 至 between (`Range`); a plain value or = ═ (`Eq`).
/// * `unit` is the unit written after the number (%, 人次, 万人, 元/人, 人/期, 个月 …) or in
///   brackets after it ("≥410 (万人)"); values are never scaled ("305万人" stays 305 万人).
/// * A cell that starts with a value and then goes on in prose ("100%。符合救助条件的…")
///   reads as that value; `raw` always keeps the whole cell as written.
/// * 不低于上年 … → `NotBelowLastYear`, 不高于上年 … → `NotAboveLastYear`, value `None`.
///   高于上年 / 低于上年 are graded words (`Qualitative`): they name a direction, not a bound.
/// * Graded words (明显提高, 有效缓解, 成效明显, 达标, 完成, 是 …) → `Qualitative`.
/// * Dates (2020年12月底, 12月底前, 2023年12月31日), placeholders (≥**%) and any other
///   prose → `Text` with no value and no unit.
pub fn parse_value(raw: &str) -> Parsed {
    let s = normalise(raw);
    let s = s.trim_end_matches(['。', ';', ',', '、']);
    let text = |op| Parsed {
        raw: raw.to_string(),
        op,
        value: None,
        value_hi: None,
        unit: None,
    };
    if s.is_empty() || s.contains('*') || starts_with_date(s) {
        return text(Op::Text);
    }
    if let Some((op, value, value_hi, unit)) = parse_numeric(s) {
        return Parsed {
            raw: raw.to_string(),
            op,
            value: Some(value),
            value_hi,
            unit,
        };
    }
    if let Some(op) = last_year_op(s) {
        return text(op);
    }
    if mentions_deadline(s) {
        return text(Op::Text);
    }
    if is_qualitative(s) {
        return text(Op::Qualitative);
    }
    text(Op::Text)
}
