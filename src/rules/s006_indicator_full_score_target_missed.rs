//! S006: full marks for an indicator that missed its numeric target.

use serde_json::json;

use super::s00_common::{indicator_finding, indicator_score, indicator_weight, points_msg};
use super::{CheckContext, Rule};
use crate::record::{num_json, Finding, Record, Severity};
use crate::value::Op;

pub const RULE: Rule = Rule {
    code: "S006",
    name: "indicator-full-score-target-missed",
    severity: Severity::Warning,
    summary:
        "an indicator's actual fails its numeric target (met = false) yet it is given its full 分值",
    doc: "\
## What it checks
Every indicator whose actual was compared with a numeric target (≥, ≤, >, <, =, a range) and
found to miss it, and whose 得分 equals (or exceeds) its 分值 as written. A reason given in
the row does not change the score the rule asks for.

## Why it matters
The national scoring rule for quantitative indicators is proportional: 未达到指标值的按比例
计分. Full marks for a missed target inflate the total and hide the shortfall in the grade.

## Example
Fires: 森林抚育（营林）面积, target 1, actual 0.8, 分值 10, 得分 10.
Quiet: the same row with 得分 8, or with actual 1.
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for ind in &report.indicators {
            let numeric = matches!(
                ind.target.op,
                Op::Ge | Op::Le | Op::Gt | Op::Lt | Op::Eq | Op::Range
            ) && ind.target.value.is_some();
            if ind.met != Some(false) || !numeric {
                continue;
            }
            let (Some(w), Some(s)) = (indicator_weight(ind), indicator_score(ind)) else {
                continue;
            };
            if w.value <= 0.0 || s.below(w) {
                continue;
            }
            out.push(indicator_finding(
                &RULE,
                ri,
                ind,
                points_msg(&RULE, "message", &ind.name, w, s)
                    .arg("actual", ind.actual.raw.trim())
                    .arg("target", ind.target.raw.trim()),
                json!({
                    "target": ind.target.value.map(num_json),
                    "target_op": ind.target.op,
                    "actual": ind.actual.value.map(num_json),
                    "weight": w.json(),
                    "score": s.json(),
                }),
                &["score"],
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn fires_on_full_marks_for_a_missed_target() {
        // the other checker's case: target 100, actual 80, 得分 10 of 10, no reason
        let ind = scored(indicator("培训人次", "100", "80", ""), "10", "10");
        assert_eq!(ind.met, Some(false));
        let f = run(check, &record(vec![report(vec![], vec![ind], None)]));
        assert_eq!(
            subjects(&f),
            [(Some(0), r#"{"indicator":"培训人次"}"#.to_string())]
        );
        assert_eq!(
            f[0].message,
            "培训人次: actual 80 misses target 100, yet it is given the full 10 points"
        );
        assert_eq!(
            f[0].message_zh,
            "培训人次：实际完成值 80 未达到指标值 100，却得满分 10 分（未达到指标值的应按比例计分）"
        );
    }

    #[test]
    fn quiet_when_scored_in_proportion_met_or_not_numeric() {
        let partial = scored(indicator("培训人次", "100", "80", ""), "10", "8");
        let met = scored(indicator("补贴渔船数", "6", "6", ""), "20", "20");
        let mut qualitative = scored(
            indicator("群众满意情况", "明显提高", "有所提高", ""),
            "10",
            "10",
        );
        qualitative.met = Some(false);
        let rec = record(vec![report(vec![], vec![partial, met, qualitative], None)]);
        assert!(run(check, &rec).is_empty());
    }
}
