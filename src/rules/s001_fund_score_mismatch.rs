//! S001: the fund block's 得分 that 分值 × min(B/A, 100%) cannot give.

use serde_json::json;

use super::s00_common::{fund_score, fund_weight};
use super::{
    finding, fund_interval, fund_sources, label_shown, line_name, msg, CheckContext, Interval,
    MoneyColumn, Rule,
};
use crate::record::{num_json, Finding, Fund, Record, Severity};

pub const RULE: Rule = Rule {
    code: "S001",
    name: "fund-score-mismatch",
    severity: Severity::Warning,
    summary: "the fund block's score differs from 分值 × min(B/A, 100%) beyond the rounding of the written figures",
    doc: "\
## What it checks
A fund line that states a 分值 (or 权重; or a block title 预算执行情况（10分）) and a 得分 for
预算执行率: the score should be 分值 × min(B/A, 100%), the national scoring rule for the
execution rate. Every written figure stands for the interval its last digit allows (得分 9
for [8.5, 9.5), 分值 10 for [9.5, 10.5)); the score is consistent when its interval meets
the range of 分值 × min(B/A, 100%) over the intervals of 分值, B and A. Where B or A is
missing the stated rate is used. A form that states another scheme for the rate (a tiered
table such as 执行率≥90%得10分、80%-90%得8分, or 每低1个百分点扣0.5分) is not checked.

## Why it matters
The execution-rate score is the one score of the form that follows from its own figures;
one that does not means the rate was scored by hand, generously, or from other figures
than those reported.

## Example
Fires: 年度资金总额 A 100, B 50, 分值 10, 得分 9 → 10 × 50% = 5, not 9.
Quiet: A 65.66, B 65.07 (99.10%), 分值 10, 得分 9 ([9.41, 10.41) meets [8.5, 9.5)).
Quiet: A 9.48, B 9.48, 分值 10, 得分 10.
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        if report.scores.tiered_rate_scheme {
            continue;
        }
        for fund in &report.funds {
            let (Some(w), Some(s)) = (fund_weight(fund), fund_score(fund)) else {
                continue;
            };
            if w.value <= 0.0 {
                continue;
            }
            let Some(rate) = rate_interval(fund) else {
                continue;
            };
            // min(B/A, 100%) over every value the rate may stand for.
            let share = Interval {
                lo: (rate.lo / 100.0).clamp(0.0, 1.0),
                hi: (rate.hi / 100.0).clamp(0.0, 1.0),
            };
            let wi = w.interval();
            let expected = Interval {
                lo: wi.lo * share.lo,
                hi: wi.hi * share.hi,
            };
            if s.interval().meets(expected) {
                continue;
            }
            let point_rate = match (fund.budget, fund.executed) {
                (Some(a), Some(b)) if a > 0.0 => b / a * 100.0,
                _ => fund.rate.unwrap_or((rate.lo + rate.hi) / 2.0),
            };
            let point = w.value * (point_rate / 100.0).clamp(0.0, 1.0);
            let label = label_shown(&fund.label);
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "line": line_name(fund) }),
                msg(&RULE, "message")
                    .arg("label", label)
                    .arg("score", s.shown())
                    .arg("weight", w.shown())
                    .arg("rate", format!("{point_rate:.2}"))
                    .arg("expected", format!("{point:.2}")),
                json!({
                    "weight": w.json(),
                    "score": s.json(),
                    "rate": num_json(point_rate),
                    "expected": num_json(point),
                    "expected_min": num_json(expected.lo),
                    "expected_max": num_json(expected.hi),
                }),
                fund_sources(fund, &["budget", "executed", "rate", "weight", "score"]),
            ));
        }
    }
    out
}

/// B/A in percent over the intervals of B and A; the stated rate where either is
/// missing or A is 0.
fn rate_interval(fund: &Fund) -> Option<Interval> {
    let computed = match (
        fund_interval(fund, MoneyColumn::Executed),
        fund_interval(fund, MoneyColumn::Budget),
    ) {
        (Some(b), Some(a)) if fund.budget.is_some_and(|x| x > 0.0) => Interval::ratio_percent(b, a),
        _ => None,
    };
    computed.or_else(|| {
        let r = fund.rate.filter(|r| r.is_finite() && !fund.rate_computed)?;
        Some(Interval::written(r, fund.written.rate))
    })
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn one(b: &str, e: &str, r: &str, weight: f64, score: f64) -> Vec<Finding> {
        let mut f = fund("total", "年度资金总额", b, e, r);
        f.weight = Some(weight);
        f.score = Some(score);
        run(check, &record(vec![report(vec![f], vec![], None)]))
    }

    #[test]
    fn fires_when_the_score_does_not_follow_from_the_rate() {
        // the other checker's case: fund 100 / 50, 分值 10, 得分 9
        let f = one("100", "50", "50%", 10.0, 9.0);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, json!({"line": "total"}));
        assert_eq!(
            f[0].message,
            "年度资金总额: score 9 of 10 points, but 10 × min(B/A, 100%) = 10 × 50.00% = 5.00"
        );
        assert_eq!(
            f[0].message_zh,
            "年度资金总额：预算执行率得分 9 分，按分值 10 分 × 执行率 50.00%（超过 100% 按 100% 计）应为 5.00 分"
        );
        assert_eq!(f[0].values["expected"], json!(5));
        // executed above budget counts as 100%: 10 points, not 8
        assert_eq!(one("100", "120", "120%", 10.0, 8.0).len(), 1);
    }

    #[test]
    fn quiet_within_rounding_and_at_the_cap() {
        assert!(one("65.66", "65.07", "99%", 10.0, 9.0).is_empty());
        assert!(one("9.48", "9.48", "100%", 10.0, 10.0).is_empty());
        assert!(one("100", "120", "120%", 10.0, 10.0).is_empty());
        assert!(one("251.89", "199.5", "79.20%", 10.0, 7.92).is_empty());
    }

    #[test]
    fn the_stated_rate_serves_where_an_amount_is_missing() {
        assert_eq!(one("", "", "79.27%", 10.0, 9.5).len(), 1);
        assert!(one("", "", "79.27%", 10.0, 7.93).is_empty());
    }

    #[test]
    fn quiet_under_a_tiered_scheme_or_without_both_points() {
        let mut f = fund("total", "年度资金总额", "100", "50", "50%");
        f.weight = Some(10.0);
        f.score = Some(9.0);
        let mut rep = report(vec![f.clone()], vec![], None);
        rep.scores.tiered_rate_scheme = true;
        assert!(run(check, &record(vec![rep])).is_empty());
        f.weight = None;
        assert!(run(check, &record(vec![report(vec![f], vec![], None)])).is_empty());
        assert!(run(check, &seed_000()).is_empty());
    }
}
