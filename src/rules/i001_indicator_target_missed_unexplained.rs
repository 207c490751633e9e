//! I001: an indicator that missed its target, with no reason given.

use serde_json::json;

use super::{finding, is_nothing, msg, CheckContext, Rule};
use crate::record::{num_json, Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "I001",
    name: "indicator-target-missed-unexplained",
    severity: Severity::Warning,
    summary: "an indicator's actual fails its target and the reason cell is empty or 无",
    doc: "\
## What it checks
Every indicator whose actual (全年实际完成值) was compared with its target (指标值) and found to
miss it, where the 未完成原因和改进措施 cell is empty or says nothing (无, 没有, /, -, —, 暂无, 空).
Only comparable pairs count: \"70%左右\" against 74%, or a qualitative target such as 明显提高,
is never a miss.

## Why it matters
The form asks for the reason and the remedy of every missed target; an empty cell means the
miss went unexplained, which is exactly what a reviewer must follow up.
A value outside a range in either direction is a miss: 13 months of reserves against a
target of 6-9 months means money is sitting idle.

## Example
Fires: 基金滚存结余可支配月数, target 6-9个月, actual 13, reason empty →
\"指标7: 基金滚存结余可支配月数: actual 13 misses target 6-9个月 and no reason is given\".
Quiet: 参保人数 target ≥410, actual 405, reason 参保人数减少系外出务工人员增加导致.
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for ind in &report.indicators {
            if ind.met != Some(false) || !is_nothing(&ind.reason) {
                continue;
            }
            let name = ind.name.trim();
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "indicator": ind.name }),
                msg(&RULE, "message")
                    .arg("name", name)
                    .arg("actual", ind.actual.raw.trim())
                    .arg("target", ind.target.raw.trim()),
                json!({
                    "target": ind.target.value.map(num_json),
                    "target_hi": ind.target.value_hi.map(num_json),
                    "target_op": ind.target.op,
                    "actual": ind.actual.value.map(num_json),
                    "unit": ind.target.unit.as_ref().or(ind.actual.unit.as_ref()),
                }),
                vec![ind.source.clone()],
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
    fn fires_on_seed_001_reserve_months() {
        let f = run(check, &seed_001());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].report, Some(1));
        assert_eq!(
            f[0].subject,
            json!({"indicator": "指标7: 基金滚存结余可支配月数"})
        );
        assert_eq!(
            f[0].message,
            "指标7: 基金滚存结余可支配月数: actual 13 misses target 6-9个月 and no reason is given"
        );
        assert_eq!(f[0].values["target"], json!(6));
        assert_eq!(f[0].values["target_hi"], json!(9));
        assert_eq!(f[0].values["target_op"], json!("range"));
        assert_eq!(f[0].values["actual"], json!(13));
        assert_eq!(f[0].source.len(), 1);
    }

    #[test]
    fn fires_on_nothing_words() {
        let mut ind = indicator("参保人数(万人)", "≥410", "405", "无。");
        ind.target = parsed("≥410", crate::value::Op::Ge, Some(410.0), None, None);
        ind.met = Some(false);
        let f = run(check, &record(vec![report(vec![], vec![ind], None)]));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].report, Some(0));
    }

    #[test]
    fn quiet_with_a_reason_or_when_met_or_not_comparable() {
        let mut explained = indicator(
            "指标7: 基金滚存结余可支配月数",
            "6-9个月",
            "13",
            "参保人数增加导致",
        );
        explained.met = Some(false);
        let mut met = indicator("参保对象满意度", "≥90%", "95%", "");
        met.met = Some(true);
        let mut unknown = indicator("指标4: 参保人政策范围内住院费用", "70%左右", "74%", "");
        unknown.met = None;
        let rec = record(vec![report(
            vec![],
            vec![explained, met, unknown],
            Some("无"),
        )]);
        assert!(run(check, &rec).is_empty());
        assert!(run(check, &seed_000()).is_empty());
    }
}
