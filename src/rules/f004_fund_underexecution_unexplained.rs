//! F004: money left unspent, and the form says nothing about why.

use serde_json::json;

use super::{finding, fund_sources, is_nothing, label_shown, line_name, msg, CheckContext, Rule};
use crate::record::{num_json, Finding, Fund, Record, Report, Severity};

pub const RULE: Rule = Rule {
    code: "F004",
    name: "fund-underexecution-unexplained",
    severity: Severity::Warning,
    summary:
        "B/A is below the threshold (default 90%) and no explanation is given anywhere in the form",
    doc: "\
## What it checks
For every fund line with a budget (A) above zero: the execution rate, B/A × 100 where both
amounts are given and the stated rate otherwise. When it is below the threshold (90% unless
configured) and the form explains nothing, one finding per line. The form counts as
explaining when any of these holds: its 说明 cell says something other than 无 (or 没有, /,
-, —, 暂无, 空); a fund line has a reason cell that says something; an indicator's
未完成原因 cell mentions the money (资金, 执行, 支出, 拨付, 预算); or the stated achievement
(全年实际完成情况) speaks of money left unspent (未执行, 未支出, 未拨付, 未使用, 结转, 结余资金).

## Why it matters
A self-evaluation that leaves a large share of a transfer unspent is expected to say why
(late allotment, projects not yet settled, money carried over); the printed notes of the
forms ask for it. Low execution with 说明 无 is the commonest gap auditors query.

## Example
Fires twice on a form with 年度资金总额 A 15329.53, B 11852.5 (77.32%) and 地方资金 A 4108,
B 630.97 (15.36%), 说明 无 and every reason cell empty; 中央补助 at 100.00% stays quiet.
Quiet: the same form with 说明 \"地方配套资金于12月下达，次年初拨付\".
",
    check,
};

/// Words by which an indicator's reason cell speaks of the money.
const FUND_WORDS: [&str; 5] = ["资金", "执行", "支出", "拨付", "预算"];

/// Words by which the stated achievement speaks of money left unspent.
const UNSPENT_WORDS: [&str; 6] = ["未执行", "未支出", "未拨付", "未使用", "结转", "结余资金"];

fn explained(report: &Report) -> bool {
    if report.note.as_deref().is_some_and(|n| !is_nothing(n)) {
        return true;
    }
    if report
        .funds
        .iter()
        .any(|f| f.reason.as_deref().is_some_and(|r| !is_nothing(r)))
    {
        return true;
    }
    if report
        .indicators
        .iter()
        .any(|i| !is_nothing(&i.reason) && FUND_WORDS.iter().any(|w| i.reason.contains(w)))
    {
        return true;
    }
    report
        .goals
        .actual
        .as_deref()
        .is_some_and(|a| UNSPENT_WORDS.iter().any(|w| a.contains(w)))
}

/// The execution rate of a line in percent: computed where possible, as stated otherwise.
fn execution(fund: &Fund) -> Option<(f64, bool)> {
    let budget = fund.budget.filter(|b| b.is_finite() && *b > 0.0)?;
    let computed = match (fund.budget_wan, fund.executed_wan) {
        (Some(a), Some(b)) if a > 0.0 => Some(b / a * 100.0),
        _ => fund.executed.map(|b| b / budget * 100.0),
    };
    match computed {
        Some(c) if c.is_finite() => Some((c, true)),
        _ => fund.rate.filter(|r| r.is_finite()).map(|r| (r, false)),
    }
}

fn check(record: &Record, ctx: &CheckContext) -> Vec<Finding> {
    let threshold = ctx.config.underexecution_threshold;
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        let low: Vec<(&Fund, f64, bool)> = report
            .funds
            .iter()
            .filter_map(|f| execution(f).map(|(r, c)| (f, r, c)))
            .filter(|(_, r, _)| *r < threshold)
            .collect();
        if low.is_empty() || explained(report) {
            continue;
        }
        for (fund, rate, computed) in low {
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "line": line_name(fund) }),
                msg(&RULE, "message")
                    .arg("label", label_shown(&fund.label))
                    .arg("rate", format!("{rate:.2}"))
                    .arg("threshold", num_json(threshold)),
                json!({
                    "budget": fund.budget.map(num_json),
                    "executed": fund.executed.map(num_json),
                    "rate": fund.rate.map(num_json),
                    "computed": computed.then(|| num_json(rate)),
                    "threshold": num_json(threshold),
                }),
                fund_sources(fund, &["budget", "executed", "rate"]),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::RuleConfig;
    use super::*;

    fn lines(fs: &[Finding]) -> Vec<(Option<usize>, String)> {
        let mut v = subjects(fs);
        v.sort();
        v
    }

    #[test]
    fn fires_on_seed_001_forms_0_and_2() {
        let f = run(check, &seed_001());
        assert_eq!(
            lines(&f),
            vec![
                (Some(0), r#"{"line":"local"}"#.to_string()),
                (Some(0), r#"{"line":"total"}"#.to_string()),
                (Some(2), r#"{"line":"central"}"#.to_string()),
                (Some(2), r#"{"line":"total"}"#.to_string()),
            ]
        );
        let local = f
            .iter()
            .find(|x| x.subject == json!({"line": "local"}))
            .map(|x| x.message.clone());
        assert_eq!(
            local.as_deref(),
            Some("地方资金: execution 15.36% is below 90% and the form gives no reason")
        );
        let total = f
            .iter()
            .find(|x| x.report == Some(0) && x.subject == json!({"line": "total"}));
        assert_eq!(
            total.map(|x| x.message.as_str()),
            Some("年度资金总额: execution 77.32% is below 90% and the form gives no reason")
        );
        assert_eq!(
            total.map(|x| x.values["threshold"].clone()),
            Some(json!(90))
        );
    }

    #[test]
    fn falls_back_to_the_stated_rate() {
        let rec = record(vec![report(
            vec![fund("total", "年度资金总额", "259", "", "42.34%")],
            vec![],
            Some("无。"),
        )]);
        let f = run(check, &rec);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values["computed"], json!(null));
        assert_eq!(f[0].values["rate"], json!(42.34));
    }

    #[test]
    fn quiet_when_explained_somewhere() {
        let base = || {
            report(
                vec![fund("total", "年度资金总额", "259", "109.67", "42.34%")],
                vec![indicator("参保群众政策知晓率", "≥80%", "90%", "")],
                Some("无"),
            )
        };
        let mut noted = base();
        noted.note = Some("地方配套资金于12月下达，次年初拨付".to_string());
        let mut line_reason = base();
        line_reason.funds[0].reason = Some("项目尚未验收结算".to_string());
        let mut ind_reason = base();
        ind_reason.indicators[0].reason = "资金下达较晚，部分项目未完成".to_string();
        let mut goals = base();
        goals.goals.actual = Some("剩余资金149.33万元结转下年使用".to_string());
        for r in [noted, line_reason, ind_reason, goals] {
            assert!(run(check, &record(vec![r])).is_empty());
        }
        // an indicator reason that does not speak of money explains nothing about it
        let mut other = base();
        other.indicators[0].reason = "宣传力度不够".to_string();
        assert_eq!(run(check, &record(vec![other])).len(), 1);
    }

    #[test]
    fn quiet_at_or_above_threshold_and_without_budget() {
        assert!(run(check, &seed_000()).is_empty());
        let rec = record(vec![report(
            vec![
                fund("total", "年度资金总额", "0", "0", ""),
                fund("central", "中央补助", "", "5", "10%"),
                fund("local", "地方资金", "100", "90", "90%"),
            ],
            vec![],
            None,
        )]);
        assert!(run(check, &rec).is_empty());
    }

    #[test]
    fn threshold_is_configurable() {
        let rec = record(vec![report(
            vec![fund(
                "total",
                "年度资金总额",
                "1146.81",
                "1078.71",
                "94.06%",
            )],
            vec![],
            Some("无"),
        )]);
        assert!(run(check, &rec).is_empty());
        let strict = RuleConfig {
            underexecution_threshold: 95.0,
        };
        assert_eq!(run_with(check, &rec, &strict).len(), 1);
    }
}
