//! N003: a stated percentage is not the ratio of the two figures it relates.

use serde_json::json;

use super::{finding, msg, CheckContext, Interval, Rule};
use crate::record::{num_json, Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "N003",
    name: "narrative-ratio-mismatch",
    severity: Severity::Warning,
    summary: "a stated percentage differs from the ratio of the two figures it relates",
    doc: "\
## What it checks
Sentences that state two figures and the rate between them: a completion rate after an
achieved figure and its target (本年度参保居民人数46万人，年初设定值48万人，完成率96%), or an
execution rate after an amount allotted and an amount spent (下达资金1000万元，支出950万元，
执行率95%; the two amounts may stand in earlier sentences of the paragraph, or once each
anywhere in the text for the same fund line), a share stated as 完成…X的Y% or 占…X的Y% (the
figure before is the numerator), and a share stated before its amount (总保费200万元，中央
财政补贴40%为80万元: of the last amount stated before it). The ratio is computed over every value the written figures allow (46万 is
anything from 45.5万 to 46.5万), and a finding is raised only when the stated rate falls
outside it. Rates stated as bounds (95%以上) and sentences where the roles are not clear
(not exactly one figure of each role) are left alone; growth rates are never ratios here.

## Why it matters
A rate that does not follow from the figures beside it means one of the three was changed
without the others, and the rate is what summaries quote.

## Example
Fires: 本年度参保居民人数46万人，年初设定值48万人，完成率90% →
\"完成率 90%, but 46 万人 / 48 万人 = 95.83%\".
Quiet: the same with 完成率96% (95.8% rounds to 96%).
",
    check,
};

fn check(_record: &Record, ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &ctx.narrative.ratios {
        let Some(computed) =
            Interval::ratio_percent(r.numerator.interval(), r.denominator.interval())
        else {
            continue;
        };
        if computed.meets(r.rate.interval()) {
            continue;
        }
        let mid = if r.denominator.value != 0.0 {
            (r.numerator.lo + r.numerator.hi) / (r.denominator.lo + r.denominator.hi) * 100.0
        } else {
            continue;
        };
        out.push(finding(
            &RULE,
            r.report,
            json!({ "concept": r.rate.concept.clone().or_else(|| r.numerator.concept.clone()) }),
            msg(&RULE, "message")
                .arg("name", &r.name)
                .arg("rate", &r.rate.written)
                .arg("num", &r.numerator.written)
                .arg("den", &r.denominator.written)
                .arg("computed", format!("{mid:.2}")),
            json!({
                "rate": num_json(r.rate.value),
                "computed": num_json(mid),
                "computed_lo": num_json(computed.lo),
                "computed_hi": num_json(computed.hi),
                "numerator": num_json(r.numerator.value),
                "denominator": num_json(r.denominator.value),
                "sentence": r.text,
            }),
            vec![
                r.rate.source.clone(),
                r.numerator.source.clone(),
                r.denominator.source.clone(),
            ],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::facts::narrate;

    fn on(paragraphs: &[&str]) -> Vec<Finding> {
        let mut rec = record(vec![]);
        let stated = narrate(&mut rec, paragraphs);
        run_narrated(check, &rec, &stated)
    }

    #[test]
    fn fires_on_completion_and_execution_rates() {
        let f = on(&["1. 数量指标：本年度参保居民人数 46 万人，年初设定值 48 万人，完成率 90%。"]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "完成率 90%, but 46 万人 / 48 万人 = 95.83%");
        assert_eq!(f[0].subject, json!({"concept": "ri.enrolled_persons"}));
        let g = on(&["全年下达资金1000万元，实际支出850万元，执行率95%。"]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].subject, json!({"concept": "fund.rate"}));
    }

    #[test]
    fn fires_on_shares_stated_anywhere_in_the_paragraph() {
        let f = on(&["全年培训2299人，完成目标任务数2000人的120%。"]);
        assert_eq!(f.len(), 1);
        // a share whose amount is written in the wrong unit
        let g = on(&["总保费1000万元，中央财政补贴40%为400万元，省级财政补贴30%为300元。"]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].subject, json!({"concept": "fund.budget"}));
        let h = on(&[
            "2022年预算数8000万元。",
            "全年执行总量7900万元，预算执行率为98.85%。",
        ]);
        assert_eq!(h.len(), 1);
    }

    #[test]
    fn quiet_when_the_shares_hold() {
        assert!(on(&[
            "全年培训2399人，完成目标任务数2000人的120%。",
            "中央资金60万元，占总投入100万元的60%。",
            "总保费100.21万元，中央财政补贴50%为50.1万元，县级财政补贴20%为20.04万元。",
            "2022年预算数8000万元。全年执行总量7900万元，预算执行率为98.75%。",
        ])
        .is_empty());
    }

    #[test]
    fn quiet_on_rounding_bounds_and_growth() {
        assert!(on(&[
            "1. 数量指标：本年度参保居民人数 46 万人，年初设定值 48 万人，完成率 96%，改进措施：加大宣传。",
            "全年下达资金1000万元，实际支出950万元，执行率95%以上。",
            "全年下达资金1000万元，实际支出950万元，同比增长12%。",
            "下达资金1000万元，支出1078.71万元，执行率107.87%。",
        ])
        .is_empty());
    }
}
