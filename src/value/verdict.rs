//! Whether an actual meets its target (`met`), in the target's unit and direction.

use super::*;

/// Phrases saying a target was not reached.
pub(super) fn says_missed(s: &str) -> bool {
    [
        "未完成",
        "未达到",
        "未实现",
        "没有完成",
        "没有达到",
        "未达标",
        "未能完成",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// Words saying a target was reached.
pub(super) const ACHIEVED: &[&str] = &[
    "完成",
    "已完成",
    "全部完成",
    "达到",
    "已达到",
    "达标",
    "已达标",
    "实现",
    "已实现",
];

/// Money units in 万元, for converting between 元, 万元 and 亿元.
pub(super) fn money_in_wan(unit: &str) -> Option<f64> {
    match unit {
        "元" => Some(MoneyUnit::Yuan.in_wan()),
        "万元" | "万" => Some(MoneyUnit::Wan.in_wan()),
        "亿元" | "亿" => Some(MoneyUnit::Yi.in_wan()),
        _ => None,
    }
}

/// A unit-less value read against a percent: a fraction (≤ 1.5, written with decimals) is
/// scaled by 100, a value in 0..=100 is taken as a percent already, anything else is not
/// comparable.
pub(super) fn bare_as_percent(v: f64, raw: &str) -> Option<f64> {
    if v > 0.0 && v <= 1.5 && (v.fract() != 0.0 || raw.contains(['.', '．'])) {
        Some(v * 100.0)
    } else if (0.0..=100.0).contains(&v) {
        Some(v)
    } else {
        None
    }
}

/// The actual's value in the target's unit, or `None` when the units do not compare.
pub(super) fn in_target_unit(target: &Parsed, actual: &Parsed, a: f64) -> Option<f64> {
    match (target.unit.as_deref(), actual.unit.as_deref()) {
        (None, None) => Some(a),
        (Some(t), Some(u)) if t == u => Some(a),
        (Some("%"), None) => bare_as_percent(a, &actual.raw),
        (None, Some("%")) => Some(a),
        (Some(_), None) | (None, Some(_)) => Some(a),
        (Some(t), Some(u)) => {
            if let (Some(ft), Some(fu)) = (money_in_wan(t), money_in_wan(u)) {
                return Some(a * fu / ft);
            }
            if t.strip_prefix('万') == Some(u) {
                Some(a / 10_000.0)
            } else if u.strip_prefix('万') == Some(t) {
                Some(a * 10_000.0)
            } else {
                None
            }
        }
    }
}

/// The target's value, made comparable with a percent actual when the target has no unit.
pub(super) fn target_value(target: &Parsed, actual: &Parsed, t: f64) -> Option<f64> {
    match (target.unit.as_deref(), actual.unit.as_deref()) {
        (None, Some("%")) => bare_as_percent(t, &target.raw),
        _ => Some(t),
    }
}

/// Whether an actual meets its target: `None` where the two cannot be compared.
///
/// * An empty actual → `None`.
/// * Numeric targets (≥ > ≤ < = ~ range) need a numeric actual (its own op, as in "≥99%",
///   is ignored: its value is what was reached) and compatible units: the same unit, or
///   one side without a unit, or a percent against a unit-less value that is a fraction
///   (≤ 1.5, compared ×100) or lies in 0..=100; 万人 against 人 (any 万X against X) and
///   元/万元/亿元 are scaled. Anything else → `None`.
/// * `>=`, `>`, `<=`, `<`: the plain comparison.
/// * `=`: a target of 0 needs exactly 0; any other plain number is a quantity to reach,
///   so the actual must be at least the target ("100%" needs 100%).
/// * `~` (左右): met within 10% of the target (70%左右: 74% is met, 60% is not).
/// * `range`: lo ≤ actual ≤ hi (6-9个月: 8 is met, 13 is not).
/// * `not_below_last_year` / `not_above_last_year`: only the actual's words decide
///   (高于上年, 不低于上年, 持平, 保持 …); a bare number cannot be compared with last year.
/// * `qualitative`: met when the actual repeats the target word or says 完成 / 达到 / 达标 /
///   实现; not met when it says 未完成 / 未达到 / 未实现 / 没有完成; otherwise `None`.
/// * `text`: `None`, unless the actual says the target was not reached.
///
/// Comparisons allow a relative error of 1e-9 so that scaled values compare as written.
pub fn met(target: &Parsed, actual: &Parsed) -> Option<bool> {
    let a_text = normalise(&actual.raw);
    if a_text.is_empty() {
        return None;
    }
    let missed = says_missed(&a_text);
    match target.op {
        Op::Text => missed.then_some(false),
        Op::Qualitative => {
            if missed {
                return Some(false);
            }
            let t_text = normalise(&target.raw);
            let t_text = t_text.trim_end_matches(['。', ';', ',', '、']);
            let first = a_text
                .split(['。', ';', ','])
                .next()
                .unwrap_or("")
                .trim_end_matches(['、', '.']);
            if (!t_text.is_empty() && a_text.contains(t_text)) || ACHIEVED.contains(&first) {
                Some(true)
            } else if matches!((t_text, first), ("是", "否") | ("否", "是")) {
                Some(false)
            } else {
                None
            }
        }
        Op::NotBelowLastYear | Op::NotAboveLastYear => {
            last_year_verdict(target.op == Op::NotBelowLastYear, &a_text)
        }
        Op::Ge | Op::Gt | Op::Le | Op::Lt | Op::Eq | Op::Approx | Op::Range => {
            let Some(a) = actual.value.filter(|_| {
                matches!(
                    actual.op,
                    Op::Eq | Op::Ge | Op::Gt | Op::Le | Op::Lt | Op::Approx
                )
            }) else {
                return missed.then_some(false);
            };
            let t = target_value(target, actual, target.value?)?;
            let a = in_target_unit(target, actual, a)?;
            let eps = 1e-9 * t.abs().max(1.0);
            match target.op {
                Op::Ge => Some(a >= t - eps),
                Op::Gt => Some(a > t + eps),
                Op::Le => Some(a <= t + eps),
                Op::Lt => Some(a < t - eps),
                Op::Eq if t == 0.0 => Some(a.abs() <= eps),
                Op::Eq => Some(a >= t - eps),
                Op::Approx => Some((a - t).abs() <= 0.1 * t.abs() + eps),
                _ => {
                    let hi = target_value(target, actual, target.value_hi?)?;
                    Some(a >= t - eps && a <= hi + eps)
                }
            }
        }
    }
}

/// [`met`] for an indicator whose quantity is better low (受害率, 投诉率 …): a bare
/// number target is then a ceiling (0.9 → at most 0.9), not a level to reach.
pub fn met_oriented(target: &Parsed, actual: &Parsed, lower_is_better: bool) -> Option<bool> {
    if lower_is_better && target.op == Op::Eq {
        let ceiling = Parsed {
            op: Op::Le,
            ..target.clone()
        };
        return met(&ceiling, actual);
    }
    met(target, actual)
}

/// Reads an actual's words against a last-year target.
pub(super) fn last_year_verdict(not_below: bool, a: &str) -> Option<bool> {
    let same = ["持平", "保持", "一致"].iter().any(|w| a.contains(w));
    let not_lower = ["不低于上年", "不少于上年", "不低于去年"]
        .iter()
        .any(|w| a.contains(w));
    let not_higher = ["不高于上年", "不超过上年", "不高于去年"]
        .iter()
        .any(|w| a.contains(w));
    let higher = !not_higher
        && ["高于上年", "高于去年", "超过上年"]
            .iter()
            .any(|w| a.contains(w));
    let lower =
        (a.contains("低于上年") || a.contains("低于去年") || a.contains("少于上年")) && !not_lower;
    if not_below {
        if not_lower || higher || same {
            Some(true)
        } else if lower {
            Some(false)
        } else {
            None
        }
    } else if not_higher || lower || same {
        Some(true)
    } else if higher {
        Some(false)
    } else {
        None
    }
}
