//! F002: more money spent on a line than it was given.

use serde_json::json;

use super::{
    finding, fmt_written, fund_interval, fund_sources, label_shown, line_name, msg, CheckContext,
    MoneyColumn, Rule,
};
use crate::record::{num_json, Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "F002",
    name: "fund-executed-exceeds-budget",
    severity: Severity::Warning,
    summary: "a line's executed amount (B) is above its budget (A)",
    doc: "\
## What it checks
For every fund line with both a budget (A, 全年预算数) and an executed amount (B, 全年执行数),
whether B is above A beyond what rounding allows: the finding is raised only when every value
B's written digits allow lies above every value A's allow.

## Why it matters
全年执行数 is money actually paid out of this year's budget for the line. Paying more than
the budget means money came from elsewhere (a carry-over, another line, a later top-up) that
the table does not show, or one of the two figures is wrong. Either way the form's own
arithmetic does not close, and auditors want to see it.

## Example
Fires: 其他资金 A 390.78, B 395.53, rate 101.22% →
\"其他资金: executed 395.53 exceeds budget 390.78 (101.22%)\".
Quiet: 年度资金总额 A 1146.81, B 1078.71 (94.06%).
Quiet: A 100, B 100.4 written as 100 (rounding cannot tell them apart).
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for fund in &report.funds {
            let (Some(a), Some(b)) = (
                fund_interval(fund, MoneyColumn::Budget),
                fund_interval(fund, MoneyColumn::Executed),
            ) else {
                continue;
            };
            let (Some(budget), Some(executed)) = (fund.budget, fund.executed) else {
                continue;
            };
            if !b.above(a) {
                continue;
            }
            let pct = (budget != 0.0).then(|| executed / budget * 100.0);
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "line": line_name(fund) }),
                msg(&RULE, "message")
                    .arg("label", label_shown(&fund.label))
                    .arg("executed", fmt_written(executed, fund.written.executed))
                    .arg("budget", fmt_written(budget, fund.written.budget))
                    .opt("pct", pct.map(|p| format!("{p:.2}")))
                    .opt("unit", report.money_unit.as_deref()),
                json!({
                    "budget": num_json(budget),
                    "executed": num_json(executed),
                    "excess": num_json(executed - budget),
                    "computed": pct.map(num_json),
                    "rate": fund.rate.map(num_json),
                }),
                fund_sources(fund, &["budget", "executed"]),
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
    fn fires_on_seed_000_other() {
        let f = run(check, &seed_000());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].report, Some(0));
        assert_eq!(f[0].subject, json!({"line": "other"}));
        assert_eq!(
            f[0].message,
            "其他资金: executed 395.53 exceeds budget 390.78 (101.22%)"
        );
        assert_eq!(f[0].values["budget"], json!(390.78));
        assert_eq!(f[0].values["executed"], json!(395.53));
        assert_eq!(f[0].source.len(), 2);
    }

    #[test]
    fn subject_falls_back_to_label() {
        let rec = record(vec![report(
            vec![fund("", " 专项资金 ", "10", "12", "120%")],
            vec![],
            None,
        )]);
        let f = run(check, &rec);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, json!({"line": "专项资金"}));
        assert_eq!(
            f[0].message,
            "专项资金: executed 12 exceeds budget 10 (120.00%)"
        );
    }

    #[test]
    fn quiet_within_budget_or_rounding() {
        let rec = record(vec![report(
            vec![
                fund("total", "年度资金总额", "1146.81", "1078.71", "94.06%"),
                fund("central", "中央补助", "100", "100.4", "100.40%"),
                fund("local", "地方资金", "100.0", "100.04", "100.04%"),
                fund("other", "其他资金", "", "5", ""),
            ],
            vec![],
            None,
        )]);
        assert!(run(check, &rec).is_empty());
    }

    #[test]
    fn seed_001_is_quiet() {
        assert!(run(check, &seed_001()).is_empty());
    }
}
