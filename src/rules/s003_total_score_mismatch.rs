//! S003: a total row that the scores or points it totals do not add up to.

use serde_json::json;

use super::s00_common::{
    fund_score, fund_weight, indicator_score, indicator_weight, report_sources, scored_fund,
    total_score, total_weight, Points,
};
use super::{finding, label_shown, msg, CheckContext, Interval, Rule};
use crate::record::{num_json, Finding, Record, Report, Severity};

pub const RULE: Rule = Rule {
    code: "S003",
    name: "total-score-mismatch",
    severity: Severity::Error,
    summary: "a stated total differs from the sum of the 得分 it totals, or the 分值 do not add up to the total 分值",
    doc: "\
## What it checks
The total row of a scored form (合计, 总分, 总计, 自评得分, 自评总分):
- its 分值 (usually 100) against the 分值 of the form: the fund block's (counted once,
  from its total line or its block title 预算执行情况（10分）) and every indicator row's;
- its 得分 against the 得分 of the same parts, when every part that carries a 分值 also
  carries a 得分 and the parts' 分值 add up to the total's.
Sums are checked as XBRL Calculations 1.1 does: each written figure stands for the interval
its last digit allows, and the total is consistent when the sum of the parts' intervals
meets the total's.

## Why it matters
The total decides the grade and, in many regions, next year's budget; a total that is not
the sum of its parts was typed over, or rows were added or dropped after it was summed.

## Example
Fires: 合计 分值 100, the rows' 分值 10 + 20 + 20 + 30 = 80.
Fires: 总分 得分 98, the rows' 得分 10 + 20 + 20 + 30 = 80 (分值 add up to 80 and the total row states 80).
Quiet: 总分 94 against 9 + 13 + 15 + 10 + 10 + 27 + 9 = 93: seven integer parts span
[89.5, 96.5), which meets [93.5, 94.5).
",
    check,
};

/// The form's parts: fund block and indicator rows, as (label, 分值, 得分).
fn parts(report: &Report) -> Vec<(String, Option<Points>, Option<Points>)> {
    let mut out = Vec::new();
    if let Some(f) = scored_fund(report) {
        let label = label_shown(&f.label).to_string();
        out.push((label, fund_weight(f), fund_score(f)));
    }
    for ind in &report.indicators {
        out.push((
            ind.name.trim().to_string(),
            indicator_weight(ind),
            indicator_score(ind),
        ));
    }
    out
}

fn sum(points: &[Points]) -> Interval {
    points
        .iter()
        .fold(Interval::exact(0.0), |acc, p| acc + p.interval())
}

fn terms(points: &[Points]) -> String {
    points
        .iter()
        .map(|p| p.shown())
        .collect::<Vec<_>>()
        .join(" + ")
}

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        let parts = parts(report);
        let weights: Vec<Points> = parts.iter().filter_map(|p| p.1).collect();
        let scores: Vec<Points> = parts.iter().filter_map(|p| p.2).collect();
        let any_indicator = |f: fn(&crate::record::Indicator) -> Option<Points>| {
            report.indicators.iter().any(|i| f(i).is_some())
        };
        let mut weights_fit = true;
        if let Some(tw) = total_weight(report).filter(|_| any_indicator(indicator_weight)) {
            let s = sum(&weights);
            weights_fit = s.meets(tw.interval());
            if !weights_fit {
                out.push(mismatch(report, ri, "weight", tw, &weights));
            }
        }
        let Some(ts) = total_score(report).filter(|_| any_indicator(indicator_score)) else {
            continue;
        };
        // The total sums the parts only when they are the whole form: a part worth points
        // with no score read, or points that fall short of the total's, means the rows
        // read are not all it totals.
        let unscored = parts.iter().any(|p| p.1.is_some() && p.2.is_none());
        if unscored || !weights_fit {
            continue;
        }
        if !sum(&scores).meets(ts.interval()) {
            out.push(mismatch(report, ri, "score", ts, &scores));
        }
    }
    out
}

fn mismatch(
    report: &Report,
    ri: usize,
    what: &'static str,
    total: Points,
    parts: &[Points],
) -> Finding {
    let point: f64 = parts.iter().map(|p| p.value).sum();
    let key = if what == "score" { "message" } else { "weight" };
    finding(
        &RULE,
        Some(ri),
        json!({ "total": what }),
        msg(&RULE, key)
            .arg("total", total.shown())
            .arg("sum", super::fmt_written(point, None))
            .arg("terms", terms(parts)),
        json!({
            "total": total.json(),
            "sum": num_json(point),
            "parts": parts.len(),
        }),
        report_sources(
            report,
            &[if what == "score" {
                "total_score"
            } else {
                "total_weight"
            }],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn form(rows: &[(&str, &str)], total_w: Option<f64>, total_s: Option<f64>) -> Record {
        let inds = rows
            .iter()
            .enumerate()
            .map(|(i, (w, s))| scored(indicator(&format!("指标{i}"), "", "", ""), w, s))
            .collect();
        let mut rep = report(vec![], inds, None);
        rep.scores.total_weight = total_w;
        rep.total_score = total_s;
        record(vec![rep])
    }

    #[test]
    fn fires_when_the_points_do_not_add_up() {
        let f = run(
            check,
            &form(
                &[("10", ""), ("20", ""), ("20", ""), ("30", "")],
                Some(100.0),
                None,
            ),
        );
        assert_eq!(
            subjects(&f),
            [(Some(0), r#"{"total":"weight"}"#.to_string())]
        );
        assert_eq!(
            f[0].message,
            "total 分值 100, but the 分值 of the form add up to 80 (10 + 20 + 20 + 30)"
        );
        assert_eq!(
            f[0].message_zh,
            "分值合计 100 分，但各项分值之和为 80 分（10 + 20 + 20 + 30）"
        );
    }

    #[test]
    fn fires_when_the_scores_do_not_add_up() {
        let rows = [("10", "10"), ("20", "20"), ("20", "20"), ("30", "30")];
        let f = run(check, &form(&rows, Some(80.0), Some(98.0)));
        assert_eq!(
            subjects(&f),
            [(Some(0), r#"{"total":"score"}"#.to_string())]
        );
        assert_eq!(f[0].values["sum"], json!(80));
    }

    #[test]
    fn quiet_within_rounding_and_when_the_rows_are_not_the_whole_form() {
        // h001: 总分 94 against seven integer parts adding up to 93
        let mut total = fund("total", "年度资金总额", "65.66", "65.07", "99%");
        total.weight = Some(10.0);
        total.score = Some(9.0);
        let inds = [
            ("15", "13"),
            ("15", "15"),
            ("10", "10"),
            ("10", "10"),
            ("30", "27"),
            ("10", "9"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (w, s))| scored(indicator(&format!("指标{i}"), "", "", ""), w, s))
        .collect();
        let mut rep = report(vec![total], inds, None);
        rep.total_score = Some(94.0);
        rep.scores.total_weight = Some(100.0);
        assert!(run(check, &record(vec![rep])).is_empty());
        // a row worth points but not scored: the total is not the sum of what was read
        let rows = [("50", "50"), ("50", "")];
        assert!(run(check, &form(&rows, None, Some(97.0))).is_empty());
        // blank form: only the points, which add up
        assert!(run(check, &form(&[("60", ""), ("40", "")], Some(100.0), None)).is_empty());
        assert!(run(check, &seed_001()).is_empty());
    }
}
