//! N002: a count times its per-head standard is not the amount the text states.

use serde_json::json;

use super::{finding, msg, CheckContext, Interval, Rule};
use crate::facts::Product;
use crate::record::{num_json, Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "N002",
    name: "narrative-product-mismatch",
    severity: Severity::Warning,
    summary: "count × per-unit standard differs from the amount the text states",
    doc: "\
## What it checks
Sentences that give a number of persons, a per-person standard (元/人) and an amount of money
together (根据实际参保人数461025人、配套标准21.96元/人，将配套资金1012.41万元拨付到位): whether
persons × standard can equal the amount. Rounding-aware: the standard 21.96 stands for
[21.955, 21.965], the amount 1012.41万元 for [1012.405, 1012.415]万元, and the finding is raised
only when the product's interval misses the amount's. The rule reads only sentences with
exactly one count, one standard and one amount, all stated as achieved or all as planned,
none as a bound (以上, 左右); a sentence mixing a budget with a plan (预算资金1060万元，计划按
21.96元/人配套461025人) relates nothing and is left alone.

## Why it matters
Matching funds are computed from heads and a standard; when the product and the amount paid
disagree, either the count, the standard or the payment is wrong, and the narrative is the
only place the computation is shown.

## Example
Fires: 参保人数461025人、配套标准21.96元/人，配套资金1102.41万元拨付到位 →
\"461025 人 × 21.96 元/人 = 1012.41万元, but the text states 1102.41 万元\".
Quiet: the same sentence with 1012.41 万元.
",
    check,
};

fn check(_record: &Record, ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &ctx.narrative.products {
        let Some(product) = product_wan(p) else {
            continue;
        };
        if product.meets(p.amount.interval()) {
            continue;
        }
        let mid = p.count.value * p.standard.value / 10_000.0;
        out.push(finding(
            &RULE,
            p.report,
            json!({ "concept": p.amount.concept }),
            msg(&RULE, "message")
                .arg("count", &p.count.written)
                .arg("standard", &p.standard.written)
                .arg("product", num_json((mid * 100.0).round() / 100.0))
                .arg("amount", &p.amount.written),
            json!({
                "count": num_json(p.count.value),
                "standard": num_json(p.standard.value),
                "product_wan": num_json(mid),
                "amount_wan": num_json((p.amount.lo + p.amount.hi) / 2.0),
                "sentence": p.text,
            }),
            vec![
                p.count.source.clone(),
                p.standard.source.clone(),
                p.amount.source.clone(),
            ],
        ));
    }
    out
}

/// count × standard in 万元, over every value the written figures allow.
fn product_wan(p: &Product) -> Option<Interval> {
    let (c, s) = (p.count.interval(), p.standard.interval());
    if c.lo < 0.0 || s.lo < 0.0 || !(c.hi.is_finite() && s.hi.is_finite()) {
        return None;
    }
    Some(Interval {
        lo: c.lo * s.lo / 10_000.0,
        hi: c.hi * s.hi / 10_000.0,
    })
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
    fn fires_when_the_product_misses() {
        let f = on(&["区级财政根据本年度实际参保人数 461025 人、配套标准 21.96 元/人，2022 年 12 月前将配套资金 1102.41 万元拨付到位。"]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "461025 人 × 21.96 元/人 = 1012.41万元, but the text states 1102.41 万元"
        );
        assert_eq!(f[0].subject, json!({"concept": "fund.executed"}));
        assert_eq!(f[0].source.len(), 3);
    }

    #[test]
    fn quiet_on_seed_004() {
        assert!(on(&[
            "2022 年区级下达钟山城乡居民基本医疗保险补助预算资金 1060 万元，计划到 2022 年末，按照配套标准 21.96 元/人，完成配套参保人数 461025 人。",
            "1. 资金执行情况：区级财政根据本年度实际参保人数 461025 人、配套标准 21.96 元/人，2022 年 12 月前将配套资金 1012.41 万元拨付到位。",
            "改进措施：加大宣传，按配套标准 610 元/人、参保人数 46 万人配套到位。",
        ])
        .is_empty());
    }

    #[test]
    fn quiet_on_rounded_figures_and_bounds() {
        assert!(on(&[
            "资助参保4.6万人，人均资助标准350元/人，共支出资金1610万元。",
            "资助参保46000人以上，资助标准350元/人，支出资金1600万元。",
        ])
        .is_empty());
    }
}
