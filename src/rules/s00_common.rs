//! What the score rules (S001–S006) share: a form's 分值 and 得分 as written, and the
//! intervals they stand for.
//!
//! A deduction or an excess is read from the figures as written (得分 9 of 分值 10 is a
//! deduction whatever they were rounded from); sums and products are checked on the
//! intervals, as the F rules check B/A.

use serde_json::{json, Value};

use super::{finding, fmt_written, label_shown, msg, Interval, Rule};
use crate::forms::scores::points_value;
use crate::i18n::Msg;
use crate::model::Source;
use crate::record::{num_json, Finding, Fund, Indicator, Report};

/// A points figure: its value and the decimals written (None: unknown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Points {
    pub value: f64,
    pub decimals: Option<u32>,
}

impl Points {
    fn of(value: Option<f64>, decimals: Option<u32>) -> Option<Points> {
        value
            .filter(|v| v.is_finite())
            .map(|value| Points { value, decimals })
    }

    pub fn interval(self) -> Interval {
        Interval::written(self.value, self.decimals)
    }

    /// As written: 9, 9.5, 7.93.
    pub fn shown(self) -> String {
        fmt_written(self.value, self.decimals)
    }

    pub fn json(self) -> Value {
        num_json(self.value)
    }

    /// Strictly below `o` as written, beyond floating-point noise.
    pub fn below(self, o: Points) -> bool {
        self.value < o.value - 1e-9 * o.value.abs().max(1.0)
    }
}

fn raw_points(value: Option<f64>, raw: Option<&str>) -> Option<Points> {
    let decimals = raw.and_then(points_value).map(|n| n.decimals);
    Points::of(value, decimals)
}

pub fn indicator_weight(ind: &Indicator) -> Option<Points> {
    raw_points(ind.weight, ind.weight_raw.as_deref())
}

pub fn indicator_score(ind: &Indicator) -> Option<Points> {
    raw_points(ind.score, ind.score_raw.as_deref())
}

pub fn fund_weight(f: &Fund) -> Option<Points> {
    Points::of(f.weight, f.written.weight)
}

pub fn fund_score(f: &Fund) -> Option<Points> {
    Points::of(f.score, f.written.score)
}

pub fn total_score(r: &Report) -> Option<Points> {
    Points::of(r.total_score, r.scores.total_score_decimals)
}

pub fn total_weight(r: &Report) -> Option<Points> {
    Points::of(r.scores.total_weight, r.scores.total_weight_decimals)
}

/// The fund line that carries the block's 分值/得分: the total line, else the first
/// line that has either. Forms repeat the block's points on the 其中 line below the
/// total; they are one block's points, counted once.
pub fn scored_fund(r: &Report) -> Option<&Fund> {
    let scored = |f: &&Fund| fund_weight(f).is_some() || fund_score(f).is_some();
    r.funds
        .iter()
        .filter(scored)
        .find(|f| f.line.as_deref() == Some("total"))
        .or_else(|| r.funds.iter().find(scored))
}

/// The sources of an indicator's named cells (weight, score), else its name cell.
pub fn indicator_sources(ind: &Indicator, keys: &[&str]) -> Vec<Source> {
    let mut out: Vec<Source> = keys
        .iter()
        .filter_map(|k| ind.sources.get(*k).cloned())
        .collect();
    if out.is_empty() {
        out.push(ind.source.clone());
    }
    out
}

/// The sources of a form's total row figures and grade that are known.
pub fn report_sources(r: &Report, keys: &[&str]) -> Vec<Source> {
    let mut out: Vec<Source> = keys
        .iter()
        .filter_map(|k| r.scores.sources.get(*k).cloned())
        .collect();
    if out.is_empty() {
        out.push(r.source.clone());
    }
    out
}

/// `{"weight": …, "score": …}` for a finding's values.
pub fn points_values(weight: Points, score: Points) -> Value {
    json!({ "weight": weight.json(), "score": score.json() })
}

/// The message `key` of `rule` about an item's points: its name, 得分 and 分值.
pub fn points_msg(
    rule: &Rule,
    key: &'static str,
    name: &str,
    weight: Points,
    score: Points,
) -> Msg {
    msg(rule, key)
        .arg("name", label_shown(name))
        .arg("score", score.shown())
        .arg("weight", weight.shown())
}

/// A finding about one indicator row, citing its cells named in `keys`.
pub fn indicator_finding(
    rule: &Rule,
    ri: usize,
    ind: &Indicator,
    message: Msg,
    values: Value,
    keys: &[&str],
) -> Finding {
    finding(
        rule,
        Some(ri),
        json!({ "indicator": ind.name }),
        message,
        values,
        indicator_sources(ind, keys),
    )
}
