//! I003: the prose says an indicator reached one value, the table another.

use serde_json::json;

use super::{finding, msg, CheckContext, Interval, Rule};
use crate::facts::{comparable, fact_interval, fact_written, indicator_concept, scope, Kind};
use crate::record::{num_json, Fact, Finding, Indicator, Record, Severity};
use crate::value::compact;

pub const RULE: Rule = Rule {
    code: "I003",
    name: "indicator-narrative-conflict",
    severity: Severity::Warning,
    summary: "the narrative gives a value for an indicator that differs from the table's",
    doc: "\
## What it checks
For every indicator with a plain numeric actual (全年实际完成值 such as 101% or 21575), the
values the prose states as achieved for the same catalogue concept: the form's own
全年实际完成情况 and other prose cells, and, in a file with a single form, the narrative's
paragraphs. A finding when the prose's value and the table's cannot be the same number at
their written precision, and no other statement of the prose agrees with the table.
Targets are not achievements and are left out: the form's 年初设定目标 / 总体目标 cell, and
sentences that state goals (确保…, 计划…, 目标…, 年初设定…). So are values stated as bounds
(70%以上, 75%左右), values of other years, and percentages against counts.

## Why it matters
The 全年实际完成情况 text and the indicator table report the same year's results. When the
text says the enrollment rate reached 92% and the table says 101%, one of them was not
updated or was copied from elsewhere, and the table's figure is the one that gets summed.

## Example
Fires: goals actual text 以常住人口数为基数计算的基本医保综合参保率92%, table actual 101% →
\"指标2: 以常住人口数为基数计算的: the text states 92%, the table's actual is 101%\".
Quiet: the goals target text says 参保率91% (a target), or the text says 92.00% and the table 92%.
",
    check,
};

/// What an indicator's actual measures, and the factor to the prose's units.
fn measure(ind: &Indicator) -> Option<(Kind, f64)> {
    let unit = ind.actual.unit.as_deref().unwrap_or("");
    let name = compact(&ind.name);
    if unit == "%" {
        return Some((Kind::Percent, 1.0));
    }
    if !unit.is_empty() && !["人", "人次", "万人", "万人次", "户", "个月"].contains(&unit)
    {
        return None;
    }
    let wan = unit.starts_with('万') || name.contains("(万人") || name.contains("(万户");
    let kind = if unit == "个月" || name.contains("月数") {
        Kind::Months
    } else if unit.contains("人次") || name.contains("人次") {
        Kind::Visits
    } else {
        Kind::Persons
    };
    Some((kind, if wan { 10_000.0 } else { 1.0 }))
}

/// Decimals written in the actual's first number.
fn decimals(raw: &str) -> Option<u32> {
    let t = compact(raw);
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let num: String = t
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    Some(
        num.split_once('.')
            .map(|(_, d)| d.len() as u32)
            .unwrap_or(0),
    )
}

fn same_kind(f: &Fact, kind: Kind) -> bool {
    let percent = f.unit.as_deref() == Some("%");
    let months = f.unit.as_deref() == Some("个月");
    match kind {
        Kind::Percent => percent,
        Kind::Months => months,
        _ => !percent && !months && f.value_wan.is_none(),
    }
}

fn check(record: &Record, ctx: &CheckContext) -> Vec<Finding> {
    let n = record.reports.len();
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for ind in &report.indicators {
            let Some(av) = ind.actual.value.filter(|v| v.is_finite()) else {
                continue;
            };
            if ind.actual.op != crate::value::Op::Eq {
                continue;
            }
            let Some((kind, k)) = measure(ind) else {
                continue;
            };
            let concept = ind
                .canonical
                .clone()
                .or_else(|| {
                    let m = ctx.patterns.indicator(&ind.name);
                    m.canonical
                })
                .or_else(|| indicator_concept(&ind.name, kind).map(str::to_string));
            let Some(concept) = concept else { continue };
            let table = Interval::written(av, decimals(&ind.actual.raw)).scale(k);
            let facts: Vec<&Fact> = record
                .facts
                .iter()
                .filter(|f| {
                    f.concept == concept
                        && scope(f.report, n) == Some(ri)
                        && comparable(f)
                        && same_kind(f, kind)
                        && !(f.source.table.is_some()
                            && f.source.table == ind.source.table
                            && f.source.row == ind.source.row)
                })
                .collect();
            if facts.iter().any(|f| fact_interval(f).meets(table)) {
                continue;
            }
            let Some(f) = facts.first() else { continue };
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "indicator": ind.name }),
                msg(&RULE, "message")
                    .arg("name", ind.name.trim())
                    .arg("fact", fact_written(f))
                    .arg("actual", ind.actual.raw.trim()),
                json!({
                    "concept": concept,
                    "text": num_json(f.value),
                    "table": num_json(av * k),
                    "unit": f.unit,
                    "sentence": f.text,
                }),
                vec![f.source.clone(), ind.source.clone()],
            ));
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
    fn fires_on_seed_001_goals_text() {
        let mut rec = seed_001();
        // as the form's goals cells, read through one file with a single form
        rec.reports.truncate(2);
        rec.reports.remove(0);
        narrate(
            &mut rec,
            &[
                "1: 巩固参保率目标。参保人数稳定,以常住人口数为基数计算的基本医保综合参保率92%。 2: 稳步提高保障水平目标。参保人政策范围内住院费用报销比例70%;参保人住院费用实际报销比例52%。 3: 实现基金收支平衡。基金滚存结余可支配月数13个月。 4: 有效减轻参保人员医疗费用负担。参保对象满意度95%。",
            ],
        );
        let f = run(check, &rec);
        assert_eq!(
            subjects(&f),
            vec![
                (
                    Some(0),
                    r#"{"indicator":"指标2: 以常住人口数为基数计算的"}"#.to_string()
                ),
                (
                    Some(0),
                    r#"{"indicator":"指标4: 参保人政策范围内住院费用"}"#.to_string()
                ),
            ]
        );
        assert_eq!(
            f[0].message,
            "指标2: 以常住人口数为基数计算的: the text states 92%, the table's actual is 101%"
        );
        assert_eq!(f[1].values["text"], json!(70));
        assert_eq!(f[1].values["table"], json!(74));
    }

    #[test]
    fn fires_on_counts_in_wan() {
        let mut ind = indicator("参保人数(万人)", "≥410", "412", "");
        ind.target = parsed("≥410", crate::value::Op::Ge, Some(410.0), None, None);
        let mut rec = record(vec![report(vec![], vec![ind], None)]);
        narrate(&mut rec, &["全市城乡居民参保人数398万人。"]);
        let f = run(check, &rec);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values["text"], json!(3_980_000));
        assert_eq!(f[0].values["table"], json!(4_120_000));
    }

    #[test]
    fn quiet_on_targets_bounds_and_precision() {
        let mut rec = seed_001();
        rec.year = Some(2020);
        rec.reports.truncate(2);
        rec.reports.remove(0);
        narrate(
            &mut rec,
            &[
                "确保以常住人口数为基数计算的基本医保综合参保率达到91%。",
                "年初设定参保人政策范围内住院费用报销比例70%。",
                "以户籍人口数为基数计算的参保率92%，参保对象满意度95%以上。",
                "2019年以常住人口数为基数计算的参保率为97%。",
            ],
        );
        assert!(run(check, &rec).is_empty(), "{:?}", run(check, &rec));
    }

    #[test]
    fn quiet_when_one_statement_agrees() {
        let mut rec = record(vec![report(
            vec![],
            vec![indicator("救助对象对救助工作满意度", "≥95%", "98%", "")],
            None,
        )]);
        narrate(
            &mut rec,
            &["经满意度调查，救助对象满意度为98%，高于年初设定满意度大于等于95%的目标要求。"],
        );
        assert!(run(check, &rec).is_empty());
    }
}
