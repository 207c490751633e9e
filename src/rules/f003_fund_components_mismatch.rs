//! F003: the 其中 lines do not add up to 年度资金总额.

use serde_json::json;

use crate::i18n::Msg;

use super::{
    finding, fmt_written, fund_interval, fund_value, label_shown, msg, CheckContext, Interval,
    MoneyColumn, Rule,
};
use crate::model::Source;
use crate::record::{num_json, Finding, Fund, Record, Severity};

pub const RULE: Rule = Rule {
    code: "F003",
    name: "fund-components-mismatch",
    severity: Severity::Error,
    summary: "the lines under 其中 do not add up to 年度资金总额 (per column)",
    doc: "\
## What it checks
For the budget (A) and the executed (B) columns separately: whether the lines listed under
其中 (中央补助, 地方资金, 上年结转资金, 其他资金 …: every line other than the total that has a
value in the column) add up to the 年度资金总额 line. The check is rounding-aware as XBRL
Calculations 1.1 is: each written figure stands for the interval its last digit allows, and
the total is consistent when the sum of the parts' intervals meets the total's interval.
It runs only when the total has a value and at least one component has one. Where a form
lists both 地方资金 and its split by level (省级/市级/县级), either reading may close the sum.

## Why it matters
The total is what gets reported upward and compared across regions; components that do
not add up mean a line is missing from the table, counted twice, or mistyped.

## Example
Quiet: A 1146.81 = 756.03 (中央补助) + 390.78 (其他资金); B 1078.71 = 683.18 + 395.53.
Quiet: A 259 with a single component 259.
Fires: A 1000 with components 600 + 300 = 900.
",
    check,
};

/// Lines that split 地方资金 by level of government.
const LEVELS: [&str; 3] = ["provincial", "municipal", "county"];

fn is_total(f: &Fund) -> bool {
    f.line.as_deref() == Some("total")
}

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for col in [MoneyColumn::Budget, MoneyColumn::Executed] {
            let Some(total) = report
                .funds
                .iter()
                .find(|f| is_total(f) && fund_value(f, col).is_some())
            else {
                continue;
            };
            let (Some(t_int), Some((t_val, t_dec))) =
                (fund_interval(total, col), fund_value(total, col))
            else {
                continue;
            };
            let parts: Vec<&Fund> = report
                .funds
                .iter()
                .filter(|f| !is_total(f) && fund_value(f, col).is_some())
                .collect();
            if parts.is_empty() {
                continue;
            }
            if readings(&parts)
                .iter()
                .any(|reading| sum(reading, col).meets(t_int))
            {
                continue;
            }
            let s = sum(&parts, col);
            let point: f64 = parts
                .iter()
                .filter_map(|f| fund_value(f, col).map(|(v, _)| v))
                .sum();
            let terms: Vec<Msg> = parts
                .iter()
                .filter_map(|f| {
                    fund_value(f, col).map(|(v, d)| {
                        msg(&RULE, "term")
                            .arg("label", label(f))
                            .arg("value", fmt_written(v, d))
                    })
                })
                .collect();
            let mut source: Vec<Source> = Vec::new();
            for f in std::iter::once(&total).chain(parts.iter()) {
                source.push(
                    f.sources
                        .get(col.as_str())
                        .cloned()
                        .unwrap_or_else(|| f.source.clone()),
                );
            }
            let components: Vec<serde_json::Value> = parts
                .iter()
                .filter_map(|f| {
                    fund_value(f, col).map(
                        |(v, _)| json!({"line": f.line, "label": label(f), "value": num_json(v)}),
                    )
                })
                .collect();
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "column": col.as_str() }),
                msg(&RULE, "message")
                    .arg("label", label(total))
                    .word("column", "words", col.as_str())
                    .arg("total", fmt_written(t_val, t_dec))
                    .list("terms", terms, "plus")
                    .arg("sum", round_to_written(point, &parts, col))
                    .opt("unit", report.money_unit.as_deref()),
                json!({
                    "total": num_json(t_val),
                    "sum": num_json(point),
                    "difference": num_json(t_val - point),
                    "sum_min": num_json(s.lo),
                    "sum_max": num_json(s.hi),
                    "components": components,
                }),
                source,
            ));
        }
    }
    out
}

fn label(f: &Fund) -> &str {
    label_shown(&f.label)
}

fn sum(parts: &[&Fund], col: MoneyColumn) -> Interval {
    parts
        .iter()
        .filter_map(|f| fund_interval(f, col))
        .fold(Interval::exact(0.0), |acc, i| acc + i)
}

/// The ways the components may be read: all of them; without rows repeated verbatim (a
/// fund block printed again on the next page); and, where 地方资金 appears beside its split by
/// level, either the aggregate or the split (never both).
fn readings<'a>(parts: &[&'a Fund]) -> Vec<Vec<&'a Fund>> {
    let line = |f: &Fund| f.line.clone().unwrap_or_default();
    let has_local = parts.iter().any(|f| line(f) == "local");
    let has_levels = parts.iter().any(|f| LEVELS.contains(&line(f).as_str()));
    let mut out = vec![parts.to_vec()];
    let mut unique: Vec<&Fund> = Vec::new();
    for f in parts {
        let same = |g: &&Fund| {
            g.line == f.line
                && g.label.trim() == f.label.trim()
                && g.budget == f.budget
                && g.executed == f.executed
        };
        if !unique.iter().any(same) {
            unique.push(f);
        }
    }
    if unique.len() < parts.len() {
        out.push(unique);
    }
    // Department forms list two breakdowns of one total (by source: 财政拨款, 其他资金 …;
    // by use: 基本支出, 项目支出); the second has no catalogue line, so each kind is
    // also read on its own.
    let (known, unknown): (Vec<&Fund>, Vec<&Fund>) =
        parts.iter().copied().partition(|f| f.line.is_some());
    if !known.is_empty() && !unknown.is_empty() {
        out.push(known);
        out.push(unknown);
    }
    if has_local && has_levels {
        out.push(
            parts
                .iter()
                .copied()
                .filter(|f| line(f) != "local")
                .collect(),
        );
        out.push(
            parts
                .iter()
                .copied()
                .filter(|f| !LEVELS.contains(&line(f).as_str()))
                .collect(),
        );
    }
    out
}

/// A sum shown with the most decimals any part was written with.
fn round_to_written(v: f64, parts: &[&Fund], col: MoneyColumn) -> String {
    let d = parts
        .iter()
        .filter_map(|f| fund_value(f, col).and_then(|(_, d)| d))
        .max();
    fmt_written(v, d)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn fires_when_parts_fall_short() {
        let rec = record(vec![report(
            vec![
                fund("total", "年度资金总额：", "1000", "900", "90%"),
                fund("central", "其中：中央补助", "600", "600", "100%"),
                fund("local", "地方资金", "300", "300", "100%"),
            ],
            vec![],
            None,
        )]);
        let f = run(check, &rec);
        assert_eq!(f.len(), 1, "executed 900 = 600 + 300 is fine");
        assert_eq!(f[0].subject, json!({"column": "budget"}));
        assert_eq!(
            f[0].message,
            "年度资金总额: budget 1000 ≠ 其中：中央补助 600 + 地方资金 300 = 900"
        );
        assert_eq!(f[0].values["total"], json!(1000));
        assert_eq!(f[0].values["sum"], json!(900));
        assert_eq!(f[0].values["difference"], json!(100));
        assert_eq!(f[0].source.len(), 3);
    }

    #[test]
    fn two_breakdowns_of_one_total_stay_quiet() {
        let mut by_use = fund("central", "其中：基本支出", "300", "", "");
        by_use.line = None;
        let mut project = fund("central", "项目支出", "700", "", "");
        project.line = None;
        let rec = record(vec![report(
            vec![
                fund("total", "年度资金总额", "1000", "", ""),
                fund("appropriation", "财政拨款", "900", "", ""),
                fund("other", "其他资金", "100", "", ""),
                by_use,
                project,
            ],
            vec![],
            None,
        )]);
        assert!(run(check, &rec).is_empty());
    }

    #[test]
    fn fires_beyond_rounding_only() {
        // 9.96 against 10.00: three parts written to 0.01 can drift by 0.015 at most.
        let off = record(vec![report(
            vec![
                fund("total", "合计", "10.00", "", ""),
                fund("central", "中央", "3.33", "", ""),
                fund("provincial", "省级", "3.33", "", ""),
                fund("county", "县级", "3.30", "", ""),
            ],
            vec![],
            None,
        )]);
        assert_eq!(run(check, &off).len(), 1);
        // 3.33 × 3 = 9.99 against 10.00: each part may be up to 3.335, so it closes.
        let rounded = record(vec![report(
            vec![
                fund("total", "合计", "10.00", "", ""),
                fund("central", "中央", "3.33", "", ""),
                fund("provincial", "省级", "3.33", "", ""),
                fund("county", "县级", "3.33", "", ""),
            ],
            vec![],
            None,
        )]);
        assert!(run(check, &rounded).is_empty());
    }

    #[test]
    fn quiet_on_seeds() {
        assert!(run(check, &seed_000()).is_empty());
        assert!(run(check, &seed_001()).is_empty());
    }

    #[test]
    fn quiet_without_total_or_components() {
        let no_total = record(vec![report(
            vec![fund("central", "中央补助", "600", "", "")],
            vec![],
            None,
        )]);
        assert!(run(check, &no_total).is_empty());
        let no_parts = record(vec![report(
            vec![
                fund("total", "年度资金总额", "1000", "", ""),
                fund("central", "中央补助", "", "", ""),
            ],
            vec![],
            None,
        )]);
        assert!(run(check, &no_parts).is_empty());
    }

    #[test]
    fn a_repeated_row_is_not_counted_twice() {
        let rec = record(vec![report(
            vec![
                fund("total", "年度资金总额", "1146.81", "1078.71", "94.06%"),
                fund("central", "其中：中央补助", "756.03", "683.18", "90.36%"),
                fund("other", "其他资金", "390.78", "395.53", "101.22%"),
                fund("other", "其他资金", "390.78", "395.53", "101.22%"),
            ],
            vec![],
            None,
        )]);
        assert!(run(check, &rec).is_empty());
    }

    #[test]
    fn local_beside_its_levels_is_not_counted_twice() {
        let rec = record(vec![report(
            vec![
                fund("total", "年度资金总额", "1000", "", ""),
                fund("central", "中央补助", "600", "", ""),
                fund("local", "地方资金", "400", "", ""),
                fund("provincial", "省级资金", "250", "", ""),
                fund("county", "县级资金", "150", "", ""),
            ],
            vec![],
            None,
        )]);
        assert!(run(check, &rec).is_empty());
    }
}
