//! F005: the prose states a fund amount that the table's fund block contradicts.

use serde_json::json;

use super::{
    finding, fmt_written, fund_interval, fund_sources, fund_value, label_shown, msg, CheckContext,
    MoneyColumn, Rule,
};
use crate::facts::{fact_interval, fact_written, scope};
use crate::record::{num_json, Fact, Finding, Fund, Record, Severity};

pub const RULE: Rule = Rule {
    code: "F005",
    name: "fund-narrative-conflict",
    severity: Severity::Warning,
    summary: "the narrative states a total or line amount that differs from the table's",
    doc: "\
## What it checks
Amounts the prose gives for a fund line (共下达医疗救助资金1412.75万元 → budget of the total;
合计支出1078.71万元 → executed of the total; 中央756.03万元 → the central line) against the same
line and column of the form's fund block, in 万元 and rounding-aware: a finding only when no
value the two written figures allow is the same. Prose is compared with the form it belongs
to: a form's own prose cells with that form, the narrative's paragraphs with the file's form
when the file has exactly one. Amounts of the whole fund pool (医疗救助基金支出28.71亿元),
parts of a breakdown (资助参保支出495.5万元), amounts for other years, and amounts stated as
bounds (不低于…) are not line amounts and are never compared. Where the prose states a line
twice and one statement agrees with the table, the rule stays quiet (N004 reports the prose
contradicting itself).

## Why it matters
The narrative and the form are signed together; when the prose says 1412.75万元 was allotted
and the form's total is 1146.81, one of them leaves money out (in the seed, the county's
265.94万元 is missing from the table), and execution rates computed from the form are wrong.

## Example
Fires: the prose says 米易县共下达医疗救助资金1412.75万元, the table's 年度资金总额 budget is
1146.81 → \"年度资金总额: the text states 共下达医疗救助资金 1412.75万元, the table's budget is 1146.81\".
Quiet: 医疗救助基金支出28.71亿元 against a transfer whose executed total is 278346: the fund's
spending is not this transfer's.
",
    check,
};

fn column_concept(col: MoneyColumn) -> &'static str {
    match col {
        MoneyColumn::Budget => "fund.budget",
        MoneyColumn::Executed => "fund.executed",
    }
}

fn candidates<'a>(
    record: &'a Record,
    ri: usize,
    line: &str,
    col: MoneyColumn,
) -> impl Iterator<Item = &'a Fact> + 'a {
    let n = record.reports.len();
    let concept = column_concept(col);
    let line = line.to_string();
    record.facts.iter().filter(move |f| {
        f.concept == concept
            && f.line.as_deref() == Some(line.as_str())
            && scope(f.report, n) == Some(ri)
            && f.value_wan.is_some()
            && f.qualifier.is_none()
            && !f.other_period
            // an allotment is a plan by nature; spending stated as a goal is not spending
            && (col == MoneyColumn::Budget || !f.target)
    })
}

fn wan_known(fund: &Fund, col: MoneyColumn) -> bool {
    match col {
        MoneyColumn::Budget => fund.budget_wan.is_some(),
        MoneyColumn::Executed => fund.executed_wan.is_some(),
    }
}

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for fund in &report.funds {
            let Some(line) = fund.line.as_deref() else {
                continue;
            };
            for col in [MoneyColumn::Budget, MoneyColumn::Executed] {
                if !wan_known(fund, col) {
                    continue;
                }
                let (Some(table), Some((tv, td))) =
                    (fund_interval(fund, col), fund_value(fund, col))
                else {
                    continue;
                };
                let facts: Vec<&Fact> = candidates(record, ri, line, col).collect();
                if facts.iter().any(|f| fact_interval(f).meets(table)) {
                    continue;
                }
                let Some(f) = facts.first() else { continue };
                let mut source = vec![f.source.clone()];
                source.extend(fund_sources(fund, &[col.as_str()]));
                out.push(finding(
                    &RULE,
                    Some(ri),
                    json!({ "line": line }),
                    msg(&RULE, "message")
                        .arg("label", label_shown(&fund.label))
                        .arg("fact_label", &f.label)
                        .arg("fact", fact_written(f))
                        .word("column", "words", col.as_str())
                        .arg("value", fmt_written(tv, td))
                        .opt("unit", report.money_unit.as_deref()),
                    json!({
                        "column": col.as_str(),
                        "text": f.value_wan.map(num_json),
                        "table": num_json(tv),
                        "difference": f.value_wan.map(|w| num_json(w - tv)),
                        "sentence": f.text,
                    }),
                    source,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::facts::narrate;

    #[test]
    fn fires_on_seed_000_total() {
        let mut rec = seed_000();
        narrate(
            &mut rec,
            &[
                "（三）资金安排、分解下达情况。米易县共下达医疗救助资金1412.75万元，其中中央和省财政补助资金1146.81万元（中央756.03万元、省级390.78万元），县级财政补助资金265.94万元。",
                "（1）数量指标。资助参保人数21575人，支出495.5万元；门诊救助2355人次，支出96.3万元；住院救助7881人次，支出486.91万元，合计医疗救助支出1078.71万元，剩余334.04万元（含省级下达2022年资助参保部分）。",
            ],
        );
        let f = run(check, &rec);
        assert_eq!(
            subjects(&f),
            vec![(Some(0), r#"{"line":"total"}"#.to_string())]
        );
        assert_eq!(
            f[0].message,
            "年度资金总额: the text states 共下达医疗救助资金 1412.75万元, the table's budget is 1146.81"
        );
        assert_eq!(f[0].values["text"], json!(1412.75));
        assert_eq!(f[0].values["table"], json!(1146.81));
        assert_eq!(f[0].source[0].paragraph, Some(0));
        assert_eq!(f[0].source.len(), 2);
    }

    #[test]
    fn fires_on_executed_in_yi() {
        let mut rec = record(vec![report(
            vec![fund("total", "年度资金总额", "278346", "278346", "100.00%")],
            vec![],
            None,
        )]);
        narrate(&mut rec, &["全年共拨付医疗救助补助资金26.5亿元。"]);
        let f = run(check, &rec);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values["column"], json!("executed"));
        assert_eq!(f[0].values["text"], json!(265000));
    }

    #[test]
    fn quiet_on_fund_pool_parts_and_rounding() {
        let mut rec = record(vec![report(
            vec![
                fund("total", "年度资金总额", "278346", "278346", "100.00%"),
                fund("central", "其中：中央补助", "215947", "215947", "100.00%"),
            ],
            vec![],
            None,
        )]);
        narrate(
            &mut rec,
            &[
                "2023年广西医疗救助资金共资助参保305万人；直接救助对象525万人次，医疗救助基金支出28.71亿元。",
                "资助参保支出12.3亿元；门诊救助支出5亿元，合计支出17.3亿元以上。",
                "共下达资金27.83亿元，其中中央资金21.59亿元。",
            ],
        );
        assert!(run(check, &rec).is_empty(), "{:?}", run(check, &rec));
    }

    #[test]
    fn several_forms_keep_the_narrative_apart() {
        let mut rec = seed_001();
        narrate(&mut rec, &["全年共下达资金1000万元。"]);
        assert!(run(check, &rec).is_empty());
    }
}
