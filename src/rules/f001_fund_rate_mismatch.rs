//! F001: a stated execution rate that no rounding of B/A can give.

use serde_json::json;

use super::{
    finding, fmt_written, fund_interval, fund_sources, label_shown, line_name, msg, CheckContext,
    Interval, MoneyColumn, Rule,
};
use crate::record::{num_json, Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "F001",
    name: "fund-rate-mismatch",
    severity: Severity::Error,
    summary: "a stated execution rate differs from B/A by more than its rounding allows",
    doc: "\
## What it checks
For every fund line with a budget (A), an executed amount (B) and a stated execution rate,
whether the rate can be B/A × 100 rounded to the digits written. Each written figure stands
for the interval its last digit allows (94.06% for anything in [94.055, 94.065), 4108 for
[4107.5, 4108.5)); the rate is consistent when its interval meets the range of B/A over the
intervals of B and A. Lines with A = 0 or a missing value are skipped.

## Why it matters
The rate is what readers and scorers look at; a rate that does not follow from the
amounts means one of the three cells is wrong, was copied from another line or another
year, or was typed before the final figures came in.

## Example
Quiet: 年度资金总额 A 1146.81, B 1078.71, rate 94.06% (B/A = 94.0610%).
Quiet: 其他资金 A 390.78, B 395.53, rate 101.22% (B/A = 101.2155%, within rounding).
Fires: A 100, B 95, rate 100% (B/A = 95%; 100% allows only [99.5, 100.5)).
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for fund in &report.funds {
            let (Some(rate), Some(b), Some(a)) = (
                fund.rate.filter(|r| r.is_finite()),
                fund_interval(fund, MoneyColumn::Executed),
                fund_interval(fund, MoneyColumn::Budget),
            ) else {
                continue;
            };
            let (Some(budget), Some(executed)) = (fund.budget, fund.executed) else {
                continue;
            };
            let stated = Interval::written(rate, fund.written.rate);
            if budget == 0.0 {
                // Nothing budgeted and nothing spent: no rate follows, so a stated
                // rate other than 0 (100% is the usual slip) was not computed from them.
                if executed == 0.0 && !stated.meets(Interval::exact(0.0)) {
                    out.push(undefined_rate(ri, fund, rate));
                }
                continue;
            }
            let Some(computed) = Interval::ratio_percent(b, a) else {
                continue;
            };
            if stated.meets(computed) {
                continue;
            }
            // A bare fraction (0.9406) that escaped conversion to percent is a reading
            // slip, not an error of the form.
            if rate.abs() <= 1.5 {
                let d = fund.written.rate.map(|d| d.saturating_sub(2));
                if Interval::written(rate * 100.0, d).meets(computed) {
                    continue;
                }
            }
            let point = executed / budget * 100.0;
            let label = label_shown(&fund.label);
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "line": line_name(fund) }),
                msg(&RULE, "message")
                    .arg("label", label)
                    .arg("rate", fmt_written(rate, fund.written.rate))
                    .arg("executed", fmt_written(executed, fund.written.executed))
                    .arg("budget", fmt_written(budget, fund.written.budget))
                    .arg("computed", format!("{point:.2}"))
                    .opt("unit", report.money_unit.as_deref()),
                json!({
                    "budget": num_json(budget),
                    "executed": num_json(executed),
                    "rate": num_json(rate),
                    "computed": num_json(point),
                    "computed_min": num_json(computed.lo),
                    "computed_max": num_json(computed.hi),
                    "tolerance": num_json((stated.hi - stated.lo) / 2.0),
                }),
                fund_sources(fund, &["budget", "executed", "rate"]),
            ));
        }
    }
    out
}

/// A rate stated over a budget and an execution of 0.
fn undefined_rate(ri: usize, fund: &crate::record::Fund, rate: f64) -> Finding {
    let label = label_shown(&fund.label);
    finding(
        &RULE,
        Some(ri),
        json!({ "line": line_name(fund) }),
        msg(&RULE, "undefined")
            .arg("label", label)
            .arg("rate", fmt_written(rate, fund.written.rate)),
        json!({
            "budget": num_json(0.0),
            "executed": num_json(0.0),
            "rate": num_json(rate),
        }),
        fund_sources(fund, &["budget", "executed", "rate"]),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn one(b: &str, e: &str, r: &str) -> Vec<Finding> {
        let rec = record(vec![report(
            vec![fund("total", "年度资金总额", b, e, r)],
            vec![],
            None,
        )]);
        run(check, &rec)
    }

    #[test]
    fn fires_on_a_rate_no_rounding_explains() {
        let f = one("100", "95", "100%");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "F001");
        assert_eq!(f[0].report, Some(0));
        assert_eq!(f[0].subject, json!({"line": "total"}));
        assert_eq!(
            f[0].message,
            "年度资金总额: rate 100% differs from executed/budget 95/100 = 95.00%"
        );
        assert_eq!(f[0].values["computed"], json!(95));
        assert_eq!(f[0].values["rate"], json!(100));
        assert_eq!(f[0].source.len(), 3);
        // two decimals written: 94.07% cannot come from 1078.71/1146.81
        assert_eq!(one("1146.81", "1078.71", "94.07%").len(), 1);
    }

    #[test]
    fn quiet_within_rounding() {
        assert!(one("1146.81", "1078.71", "94.06%").is_empty());
        assert!(one("390.78", "395.53", "101.22%").is_empty());
        assert!(one("15329.53", "11852.5", "77.32%").is_empty());
        assert!(one("4108", "630.97", "15.36%").is_empty());
        assert!(one("259", "109.67", "42.34%").is_empty());
        assert!(one("11221.53", "11221.53", "100.00%").is_empty());
    }

    #[test]
    fn fires_on_a_rate_stated_over_nothing() {
        let f = one("0", "0", "100%");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, json!({"line": "total"}));
        assert_eq!(
            f[0].message,
            "年度资金总额: rate 100% stated, but budget and executed are both 0 (B/A is undefined)"
        );
        assert!(one("0.00", "0.00", "0.00%").is_empty());
    }

    #[test]
    fn quiet_when_values_are_missing_or_budget_zero() {
        assert!(one("0", "0", "0%").is_empty());
        assert!(one("0", "5", "100%").is_empty());
        assert!(one("", "95", "100%").is_empty());
        assert!(one("100", "", "100%").is_empty());
        assert!(one("100", "95", "").is_empty());
    }

    #[test]
    fn quiet_on_an_unconverted_fraction() {
        let mut rec = record(vec![report(
            vec![fund("total", "年度资金总额", "1146.81", "1078.71", "")],
            vec![],
            None,
        )]);
        rec.reports[0].funds[0].rate = Some(0.9406);
        rec.reports[0].funds[0].written.rate = Some(4);
        assert!(run(check, &rec).is_empty());
    }

    #[test]
    fn unknown_decimals_follow_the_value() {
        // typed spreadsheet cells: no written decimals
        let typed = |rate: f64| {
            let mut rec = record(vec![report(
                vec![fund(
                    "total",
                    "年度资金总额",
                    "1146.81",
                    "1078.71",
                    "94.06%",
                )],
                vec![],
                None,
            )]);
            rec.reports[0].funds[0].written = Default::default();
            rec.reports[0].funds[0].rate = Some(rate);
            run(check, &rec)
        };
        assert!(typed(94.06).is_empty());
        assert!(typed(1078.71 / 1146.81 * 100.0).is_empty());
        // 94.1 allows [94.05, 94.15): B/A = 94.061 is inside
        assert!(typed(94.1).is_empty());
        assert_eq!(typed(94.16).len(), 1);
    }

    #[test]
    fn seed_000_is_quiet() {
        assert!(run(check, &seed_000()).is_empty());
    }

    #[test]
    fn seed_001_is_quiet() {
        assert!(run(check, &seed_001()).is_empty());
    }
}
