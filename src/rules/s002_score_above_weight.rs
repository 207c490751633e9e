//! S002: a 得分 above its own 分值.

use serde_json::json;

use super::s00_common::{
    fund_score, fund_weight, indicator_finding, indicator_score, indicator_weight, points_msg,
    points_values, report_sources, total_score, total_weight, Points,
};
use super::{finding, fund_sources, line_name, msg, CheckContext, Rule};
use crate::record::{Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "S002",
    name: "score-above-weight",
    severity: Severity::Error,
    summary: "a 得分 exceeds its own 分值 (an indicator row, the fund block, or the total)",
    doc: "\
## What it checks
Every indicator row, fund line and total row that states both its 分值 (权重, 标准分) and its
得分: the score may not be above the points the item is worth. The figures are compared as
written.

## Why it matters
A score above the maximum is impossible under any scoring rule; it inflates the total and
the grade, and usually means the 分值 and 得分 columns were swapped or a figure was typed
into the wrong row.

## Example
Fires: 受助学生人数, 分值 10, 得分 12 → \"受助学生人数: score 12 exceeds its 10 points\".
Fires: 总分 row 分值 100, 得分 103.
Quiet: 分值 10, 得分 10; 分值 10, 得分 8.
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        let over = |w: Option<Points>, s: Option<Points>| match (w, s) {
            (Some(w), Some(s)) if w.below(s) => Some((w, s)),
            _ => None,
        };
        for ind in &report.indicators {
            if let Some((w, s)) = over(indicator_weight(ind), indicator_score(ind)) {
                out.push(indicator_finding(
                    &RULE,
                    ri,
                    ind,
                    points_msg(&RULE, "message", &ind.name, w, s),
                    points_values(w, s),
                    &["weight", "score"],
                ));
            }
        }
        for fund in &report.funds {
            let Some((w, s)) = over(fund_weight(fund), fund_score(fund)) else {
                continue;
            };
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "line": line_name(fund) }),
                points_msg(&RULE, "message", &fund.label, w, s),
                points_values(w, s),
                fund_sources(fund, &["weight", "score"]),
            ));
        }
        if let Some((w, s)) = over(total_weight(report), total_score(report)) {
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "total": "score" }),
                msg(&RULE, "total")
                    .arg("score", s.shown())
                    .arg("weight", w.shown()),
                points_values(w, s),
                report_sources(report, &["total_weight", "total_score"]),
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
    fn fires_on_an_indicator_a_fund_line_and_a_total_above_their_points() {
        let mut ind = scored(indicator("受助学生人数", "90人", "90人", ""), "10", "12");
        ind.level1 = Some("效益指标".into());
        let mut total = fund("total", "年度资金总额", "100", "100", "100%");
        total.weight = Some(10.0);
        total.score = Some(10.5);
        total.written.score = Some(1);
        let mut rep = report(vec![total], vec![ind], None);
        rep.total_score = Some(103.0);
        rep.scores.total_weight = Some(100.0);
        let f = run(check, &record(vec![rep]));
        assert_eq!(
            subjects(&f),
            [
                (Some(0), r#"{"indicator":"受助学生人数"}"#.to_string()),
                (Some(0), r#"{"line":"total"}"#.to_string()),
                (Some(0), r#"{"total":"score"}"#.to_string()),
            ]
        );
        assert_eq!(f[0].message, "受助学生人数: score 12 exceeds its 10 points");
        assert_eq!(
            f[0].message_zh,
            "受助学生人数：得分 12 分，超过其分值 10 分"
        );
        assert_eq!(f[2].values["score"], json!(103));
    }

    #[test]
    fn quiet_at_or_below_the_points_and_where_one_is_missing() {
        let full = scored(indicator("受助学生人数", "90人", "90人", ""), "10", "10");
        let less = scored(indicator("苗木成活率", "95%", "90%", "干旱"), "5", "4.5");
        let mut no_weight = indicator("补贴渔船数", "6", "6", "");
        no_weight.score = Some(20.0);
        let mut rep = report(vec![], vec![full, less, no_weight], None);
        rep.total_score = Some(100.0);
        rep.scores.total_weight = Some(100.0);
        assert!(run(check, &record(vec![rep])).is_empty());
        assert!(run(check, &seed_001()).is_empty());
    }
}
