//! S005: points deducted from an indicator with no reason given.

use super::s00_common::{
    indicator_finding, indicator_score, indicator_weight, points_msg, points_values,
};
use super::{is_nothing, CheckContext, Rule};
use crate::record::{Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "S005",
    name: "indicator-score-deducted-unexplained",
    severity: Severity::Warning,
    summary: "an indicator scored below its 分值 while its reason cell is empty or 无",
    doc: "\
## What it checks
Every indicator row with a 分值 and a 得分 below it, where the reason cell (偏差原因分析及改进
措施, 未完成原因, 说明) is empty or says nothing (无, /, -, 暂无 …), or the form has no such
cell. The figures are compared as written.

## Why it matters
A deduction says the indicator fell short; the form asks why and what will be done. A
deduction without a reason is either an unexplained shortfall or a score given without
looking at the indicator.

## Example
Fires: 困难群众就医保障落实情况, 分值 30, 得分 27, reason empty.
Quiet: 参保人数, 分值 15, 得分 13, reason 部分对象年中迁出，人数少于计划.
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for ind in &report.indicators {
            let (Some(w), Some(s)) = (indicator_weight(ind), indicator_score(ind)) else {
                continue;
            };
            if !s.below(w) || !is_nothing(&ind.reason) {
                continue;
            }
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
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn fires_on_a_deduction_without_a_reason() {
        let ind = scored(indicator("是否满意", "95%", "95%", "无"), "10", "9");
        let f = run(check, &record(vec![report(vec![], vec![ind], None)]));
        assert_eq!(
            subjects(&f),
            [(Some(0), r#"{"indicator":"是否满意"}"#.to_string())]
        );
        assert_eq!(
            f[0].message,
            "是否满意: scored 9 of 10 points and no reason is given for the deduction"
        );
        assert_eq!(
            f[0].message_zh,
            "是否满意：得分 9 分，低于分值 10 分，未说明扣分原因"
        );
    }

    #[test]
    fn quiet_with_a_reason_full_marks_or_no_points() {
        let explained = scored(
            indicator("参保人数", "8500", "8420", "部分对象年中迁出，人数少于计划"),
            "15",
            "13",
        );
        let full = scored(indicator("补助资金到账率", "100%", "100%", ""), "15", "15");
        let blank = scored(indicator("发放覆盖率", "=100%", "", ""), "60", "");
        let rec = record(vec![report(vec![], vec![explained, full, blank], None)]);
        assert!(run(check, &rec).is_empty());
        assert!(run(check, &seed_001()).is_empty());
    }
}
