//! N004: the text states one quantity twice, with different values.

use serde_json::json;

use crate::i18n::Msg;

use super::{finding, msg, text, CheckContext, Rule};
use crate::facts::{comparable, fact_interval, fact_written, scope, total_marked};
use crate::record::{num_json, Fact, Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "N004",
    name: "narrative-value-conflict",
    severity: Severity::Warning,
    summary: "one quantity is stated twice in a file with different values",
    doc: "\
## What it checks
Facts of the same concept (and, for money, the same fund line) stated as achieved values in
the same place: one form's prose cells, or the narrative together with the file's form when
it has one. A finding when two statements cannot be the same value at their written
precision (461025人 and 46万人 agree; 21.96元/人 and 610元/人 do not). Left out: goals and
plans (确保…, 计划…, 年初设定…, the form's target cell), values stated as bounds (95%以上,
75%左右), values of other years, and money that is not a fund line (parts of a breakdown,
the fund pool's 基金支出, and total amounts the text does not mark as totals with 共 or
合计). Prose of a file with several forms is compared within each form.

## Why it matters
The same standard, count or rate should read the same everywhere in a report; two values mean
a paragraph was copied from another year or another program, and the reader cannot tell
which one is true.

## Example
Fires: 配套标准 21.96 元/人 in the execution paragraph and 按配套标准 610 元/人 in the output
paragraph → \"standard.per_capita: stated as 21.96元/人 and as 610元/人\".
Quiet: 实际参保人数 461025 人 and 参保居民人数 46 万人 (46万 allows 455000–465000).
",
    check,
};

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let n = record.reports.len();
    let mut out = Vec::new();
    let mut done: Vec<(Option<usize>, &str, Option<&str>)> = Vec::new();
    for (i, a) in record.facts.iter().enumerate() {
        if !eligible(a) {
            continue;
        }
        let key = (scope(a.report, n), a.concept.as_str(), a.line.as_deref());
        if done.contains(&key) {
            continue;
        }
        let same: Vec<&Fact> = record
            .facts
            .iter()
            .skip(i + 1)
            .filter(|b| {
                eligible(b)
                    && (scope(b.report, n), b.concept.as_str(), b.line.as_deref()) == key
                    && b.unit_kind() == a.unit_kind()
                    && standard_of(b) == standard_of(a)
            })
            .collect();
        let Some(b) = same
            .iter()
            .find(|b| !fact_interval(a).meets(fact_interval(b)))
        else {
            continue;
        };
        done.push(key);
        let mut values: Vec<String> = vec![fact_written(a)];
        for f in std::iter::once(*b).chain(same.iter().copied()) {
            let w = fact_written(f);
            if !values.contains(&w) {
                values.push(w);
            }
        }
        let values: Vec<Msg> = values.iter().map(text).collect();
        let name = match &a.line {
            Some(l) => format!("{} ({l})", a.concept),
            None => a.concept.clone(),
        };
        out.push(finding(
            &RULE,
            key.0.filter(|_| a.report.is_some() || b.report.is_some()),
            json!({ "concept": a.concept }),
            msg(&RULE, "message")
                .arg("name", name)
                .list("values", values, "and_as"),
            json!({
                "values": [num_json(a.value), num_json(b.value)],
                "unit": a.unit,
                "line": a.line,
                "sentences": [a.text, b.text],
            }),
            vec![a.source.clone(), b.source.clone()],
        ));
    }
    out
}

fn eligible(f: &Fact) -> bool {
    comparable(f)
        && !(f.concept.starts_with("fund.") && f.line.is_none())
        // an amount spent on one purpose reads like the total in prose; only a stated
        // total (共, 合计) is taken for the total
        && (f.line.as_deref() != Some("total") || total_marked(&f.label))
        && !(f.concept == "standard.per_capita" && standard_of(f).is_empty())
}

/// What a per-head standard is a standard of: 配套标准 and 资助标准 are different amounts.
fn standard_of(f: &Fact) -> String {
    if f.concept != "standard.per_capita" {
        return String::new();
    }
    let Some(p) = f.label.rfind("标准") else {
        return String::new();
    };
    let head: Vec<char> = f.label.get(..p).unwrap_or("").chars().collect();
    head.iter().skip(head.len().saturating_sub(2)).collect()
}

trait UnitKind {
    fn unit_kind(&self) -> &'static str;
}

impl UnitKind for Fact {
    fn unit_kind(&self) -> &'static str {
        match self.unit.as_deref() {
            _ if self.value_wan.is_some() => "money",
            Some("%") => "percent",
            Some(u) if u.contains("人次") => "visits",
            Some(u) if u.ends_with('人') && !u.contains('/') => "persons",
            Some(u) if u.contains('/') => "per",
            _ => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::facts::narrate;

    fn on(paragraphs: &[&str]) -> Vec<Finding> {
        let mut rec = record(vec![]);
        rec.year = Some(2022);
        narrate(&mut rec, paragraphs);
        run(check, &rec)
    }

    #[test]
    fn fires_on_seed_004_standard() {
        let f = on(&[
            "2022 年区级下达钟山城乡居民基本医疗保险补助预算资金 1060 万元，计划到 2022 年末，按照配套标准 21.96 元/人，完成配套参保人数 461025 人。",
            "1. 资金执行情况：区级财政根据本年度实际参保人数 461025 人、配套标准 21.96 元/人，2022 年 12 月前将配套资金 1012.41 万元拨付到位。",
            "1. 数量指标：本年度参保居民人数 46 万人，年初设定值 48 万人，完成率 96%，改进措施：加大宣传，及医保工作统筹部署，按配套标准 610 元/人、参保人数 46 万人配套到",
            "确保参保率稳定保持在 95% 以上，城乡居民医保参保率90%以上。",
        ]);
        assert_eq!(
            subjects(&f),
            vec![(None, r#"{"concept":"standard.per_capita"}"#.to_string())]
        );
        assert_eq!(
            f[0].message,
            "standard.per_capita: stated as 21.96元/人 and as 610元/人"
        );
    }

    #[test]
    fn fires_on_money_lines() {
        let f = on(&["全年共下达资金1000万元。", "全年共下达资金1100万元。"]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, json!({"concept": "fund.budget"}));
    }

    #[test]
    fn quiet_on_rounding_targets_other_years_and_parts() {
        assert!(on(&[
            "实际参保人数461025人，本年度参保居民人数46万人。",
            "年初设定满意度95%，救助对象满意度为98%。",
            "2021年救助对象满意度为91%。",
            "资助参保支出495.5万元，门诊救助支出96.3万元，合计支出591.8万元。",
            "医疗救助基金支出28.71亿元。",
            "按配套标准30元/人配套，资助标准380元/人。",
            "共下达资金2.5亿元，即25000万元。",
        ])
        .is_empty());
    }
}
