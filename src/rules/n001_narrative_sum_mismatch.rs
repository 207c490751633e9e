//! N001: parts the text lists do not add up to the total it states.

use serde_json::json;

use crate::i18n::Msg;

use super::{finding, msg, text, CheckContext, Interval, Rule};
use crate::facts::Breakdown;
use crate::record::{num_json, Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "N001",
    name: "narrative-sum-mismatch",
    severity: Severity::Warning,
    summary: "parts listed in text do not add up to the total the text states",
    doc: "\
## What it checks
Breakdowns written in prose: a total followed by 其中 / 分别为 and its parts, parts followed by
合计 / 共计 / 共 and their total, an amount with its parts in brackets (1146.81万元（中央756.03万元、
省级390.78万元）), and, where the text states the total allotted, spent and left over once each,
allotted = spent + left over. Parts are added as XBRL Calculations 1.1 does, rounding-aware:
each figure stands for the interval its last written digit allows, and a finding is raised
only when no choice of values inside those intervals makes the sum equal the total.
Only figures of one kind are added (money in 万元 whatever unit it is written in; persons,
person-visits and households apart). A 其中 list that need not be complete (其中特困人员…)
is only checked for parts exceeding the total; a list of fund levels (中央/省级/县级) or of
住院 and 门诊 is complete, as is a list whose every part names its source (财政拨款, 上年结转,
其他资金 …). A 其中 opening a sentence still lists the parts of the total just before it; a
list ends at an adjustment (调减 / 调增), at a second 其中 or 分别, at a new total, or at the
full stop after it. Lists introduced by 含 / 包括 are examples, not breakdowns, and are never
added up; a bracketed 包括 gloss belongs to its item. Growth rates and other years' figures
take no part.

## Why it matters
Narratives restate the fund block and the service counts in words; a sum that does not close
means a part was left out or mistyped, and auditors tick such sums by hand.

## Example
Fires: 直接救助对象525万人次，其中：住院医疗救助187万人次，门诊医疗救助318万人次 →
\"直接救助对象 525万人次, but its parts add up to 505万人次 (187万人次 + 318万人次)\".
Quiet: 支出495.5万元 … 支出96.3万元 … 支出486.91万元，合计医疗救助支出1078.71万元.
Quiet: 直接救助对象525万人次，其中特困人员12万人次 (an incomplete list that does not exceed).
",
    check,
};

fn sum(b: &Breakdown) -> Interval {
    b.parts
        .iter()
        .fold(Interval::exact(0.0), |acc, p| acc + p.interval())
}

/// The parts' sum in the total's unit as written, for messages.
fn sum_written(b: &Breakdown) -> String {
    let t = &b.total;
    let mid: f64 = b.parts.iter().map(|p| (p.lo + p.hi) / 2.0).sum();
    // back from 万元 / persons to the total's written unit
    let k = if t.value != 0.0 && t.hi + t.lo != 0.0 {
        t.value / ((t.lo + t.hi) / 2.0)
    } else {
        1.0
    };
    let v = mid * k;
    let shown = if t.unit.starts_with('万') && !t.unit.contains('元') {
        v / 10_000.0
    } else {
        v
    };
    format!("{}{}", num_json((shown * 1e6).round() / 1e6), t.unit)
}

fn check(_record: &Record, ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.narrative.breakdowns {
        let total = b.total.interval();
        let parts = sum(b);
        let wrong = if b.exhaustive {
            !parts.meets(total)
        } else {
            parts.above(total)
        };
        if !wrong {
            continue;
        }
        let listed: Vec<Msg> = b.parts.iter().map(|p| text(&p.written)).collect();
        let label = Some(b.total.label.as_str()).filter(|l| !l.is_empty());
        let mut source = vec![b.total.source.clone()];
        source.extend(b.parts.iter().map(|p| p.source.clone()));
        out.push(finding(
            &RULE,
            b.report,
            json!({ "concept": b.total.concept }),
            msg(&RULE, "message")
                .opt("label", label)
                .arg("total", &b.total.written)
                .arg("sum", sum_written(b))
                .list("terms", listed, "plus"),
            json!({
                "marker": b.marker,
                "total": num_json(b.total.value),
                "parts": b.parts.iter().map(|p| num_json(p.value)).collect::<Vec<_>>(),
                "sum_lo": num_json(parts.lo),
                "sum_hi": num_json(parts.hi),
                "exhaustive": b.exhaustive,
                "sentence": b.text,
            }),
            source,
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
    fn fires_when_parts_miss_the_total() {
        let f =
            on(&["直接救助对象525万人次，其中：住院医疗救助187万人次，门诊医疗救助318万人次。"]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, json!({"concept": "ma.beneficiary_visits"}));
        assert_eq!(
            f[0].message,
            "直接救助对象 525万人次, but its parts add up to 505万人次 (187万人次 + 318万人次)"
        );
        assert_eq!(f[0].report, None);
        let g = on(&[
            "中央和省级财政补助资金，1146.81万元，县级财政补助资金265.94万元，合计1402.75万元。",
        ]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].values["marker"], json!("合计"));
        assert_eq!(g[0].subject, json!({"concept": "fund.budget"}));
    }

    #[test]
    fn fires_when_an_incomplete_list_exceeds() {
        let f = on(&["直接救助对象52万人次，其中特困人员30万人次、低保对象25万人次。"]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values["exhaustive"], json!(false));
    }

    #[test]
    fn fires_on_allotted_spent_and_left() {
        let f = on(&[
            "全县共下达医疗救助资金1412.75万元。",
            "合计医疗救助支出1078.71万元，剩余324.04万元。",
        ]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values["marker"], json!("结余"));
    }

    #[test]
    fn quiet_on_seed_sums() {
        assert!(on(&[
            "（三）资金安排、分解下达情况。米易县共下达医疗救助资金1412.75万元，其中中央和省财政补助资金1146.81万元（中央756.03万元、省级390.78万元），县级财政补助资金265.94万元。",
            "2022年，中央和省级财政补助资金，1146.81万元，县级财政补助资金265.94万元，合计1412.75万元。",
            "（1）数量指标。资助参保人数21575人，支出495.5万元；门诊救助2355人次，支出96.3万元；住院救助7881人次，支出486.91万元，合计医疗救助支出1078.71万元，剩余334.04万元（含省级下达2022年资助参保部分）。",
            "2023年，广西医疗救助资金共资助参保305万人；直接救助对象525万人次，其中：住院医疗救助187万人次，门诊医疗救助338万人次。",
        ])
        .is_empty());
    }

    #[test]
    fn fires_on_a_list_after_the_full_stop_and_on_named_sources() {
        let f = on(&["项目预算资金100万元。其中：中央资金50万元，省级资金40万元。"]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values["exhaustive"], json!(true));
        let g = on(&[
            "预算数90万元，其中：财政拨款50万元，其他资金（包括结转资金、利息收入）30万元。",
        ]);
        assert_eq!(g.len(), 1);
    }

    #[test]
    fn quiet_where_a_list_ends_or_its_gloss_belongs_to_an_item() {
        assert!(on(&[
            // the adjustment is no part of the list
            "预算资金100万元，其中中央资金60万元，省级资金40万元，年中调减资金10万元。",
            // the gloss's figures are the item's, the item counts once
            "预算数90万元，其中：财政拨款50万元，其他资金（包括结转资金、利息收入）40万元。",
            "项目预算资金100万元。其中：中央资金60万元，省级资金40万元。",
        ])
        .is_empty());
    }

    #[test]
    fn quiet_on_incomplete_lists_including_and_rounding() {
        assert!(on(&[
            "直接救助对象525万人次，其中特困人员12万人次、低保对象100万人次。",
            "共支出资金300万元（含资助参保100万元、门诊救助50万元）。",
            "下达资金1000万元，拨付800万元，共支出750万元。",
            "中央资金33.3万元，省级资金33.3万元，县级资金33.3万元，合计100万元。",
            "资助参保305万人，同比增长1.64%；住院救助187万人次，门诊救助338万人次，合计525万人次。",
        ])
        .is_empty());
    }
}
