//! I002: a ratio that cannot exceed 100% written above 100% (or below 0).

use serde_json::json;

use super::{finding, msg, CheckContext, Rule};
use crate::normalize::Patterns;
use crate::record::{num_json, Finding, Indicator, Record, Severity};
use crate::value::{compact, Parsed};

pub const RULE: Rule = Rule {
    code: "I002",
    name: "indicator-percent-out-of-range",
    severity: Severity::Error,
    summary: "a bounded ratio (rates, satisfaction, awareness, coverage) above 100% or below 0",
    doc: "\
## What it checks
Indicators that are bounded ratios: a share of a whole that cannot honestly exceed 100%
(参保率, 满意度, 知晓率, 覆盖率, 合格率, 准确率, 普及率, 到位率, 及时率, 报销比例, 结算率 …). An indicator is
bounded when its canonical id is marked bounded in the catalogue, or when its name, without
white space and a trailing (%), ends with one of those words and does not speak of growth or
change (增长率, 增幅, 提高率, 下降率, 变化率). The rule fires when the actual, or the target, is
a percent above 100 or below 0.

## Why it matters
A coverage rate of 101% means the numerator and the denominator were taken from different
populations or years (常住 vs 户籍 residents, say), or a figure was mistyped; either way the
reported achievement cannot be taken at face value.

## Example
Fires: 以常住人口数为基数计算的参保率, target ≥98%, actual 101% →
\"指标2: 以常住人口数为基数计算的: actual 101% is above 100% for a bounded ratio\".
Quiet: 参保对象满意度(%) target ≥90%, actual 95%; 参保人数增长率 actual 103% (a growth rate).
",
    check,
};

/// Name endings of ratios bounded by 100%.
const BOUNDED_ENDINGS: [&str; 27] = [
    "满意度",
    "满意率",
    "满意程度",
    "知晓率",
    "知晓度",
    "覆盖率",
    "参保率",
    "合格率",
    "达标率",
    "优良率",
    "准确率",
    "正确率",
    "普及率",
    "到位率",
    "及时率",
    "发放率",
    "兑现率",
    "兑付率",
    "签约率",
    "续约率",
    "成活率",
    "办结率",
    "报销比例",
    "救助比例",
    "结算率",
    "合规率",
    "规范率",
];

/// Words of growth or change: ratios that may well exceed 100% or fall below 0.
const CHANGE_WORDS: [&str; 5] = ["增长率", "增幅", "提高率", "下降率", "变化率"];

/// The name without white space and a trailing (%) / （%）.
fn bare_name(name: &str) -> String {
    let c = compact(name);
    c.strip_suffix("(%)").map(str::to_string).unwrap_or(c)
}

/// Whether the name says percent: a trailing (%) / （%）.
fn name_says_percent(name: &str) -> bool {
    compact(name).ends_with("(%)")
}

/// Whether a name reads as a bounded ratio, whatever its canonical id.
pub fn bounded_name(name: &str) -> bool {
    let n = bare_name(name);
    BOUNDED_ENDINGS.iter().any(|e| n.ends_with(e)) && !CHANGE_WORDS.iter().any(|w| n.contains(w))
}

/// Whether an indicator is a bounded ratio, by its canonical id (through the catalogue) or
/// its name. The name route catches indicators the patterns leave unmapped; the id route
/// catches names cut off before their telling word (以常住人口数为基数计算的…).
pub fn bounded(ind: &Indicator, patterns: &Patterns) -> bool {
    bounded_by(ind, &|id| patterns.is_bounded(id))
}

fn bounded_by(ind: &Indicator, is_bounded: &dyn Fn(&str) -> bool) -> bool {
    ind.canonical.as_deref().is_some_and(is_bounded) || bounded_name(&ind.name)
}

/// Whether a target or actual is written as a percent.
fn is_percent(p: &Parsed, name: &str) -> bool {
    match p.unit.as_deref() {
        Some(u) => u == "%",
        None => p.raw.contains(['%', '％']) || name_says_percent(name),
    }
}

/// The percents of a value outside [0, 100].
fn out_of_range(p: &Parsed, name: &str) -> Option<f64> {
    if !is_percent(p, name) {
        return None;
    }
    [p.value, p.value_hi]
        .into_iter()
        .flatten()
        .find(|v| v.is_finite() && (*v > 100.0 + 1e-9 || *v < -1e-9))
}

fn check(record: &Record, ctx: &CheckContext) -> Vec<Finding> {
    check_with(record, &|id| ctx.patterns.is_bounded(id))
}

fn check_with(record: &Record, is_bounded: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        for ind in &report.indicators {
            if !bounded_by(ind, is_bounded) {
                continue;
            }
            let actual = out_of_range(&ind.actual, &ind.name);
            let target = out_of_range(&ind.target, &ind.name);
            let mut parts = Vec::new();
            for (what, v, raw) in [
                ("actual", actual, &ind.actual.raw),
                ("target", target, &ind.target.raw),
            ] {
                if let Some(v) = v {
                    let side = if v > 100.0 { "above_100" } else { "below_0" };
                    parts.push(
                        msg(&RULE, "part")
                            .word("what", "words", what)
                            .arg("raw", raw.trim())
                            .word("side", "words", side),
                    );
                }
            }
            if parts.is_empty() {
                continue;
            }
            out.push(finding(
                &RULE,
                Some(ri),
                json!({ "indicator": ind.name }),
                msg(&RULE, "message")
                    .arg("name", ind.name.trim())
                    .list("parts", parts, "and"),
                json!({
                    "actual": actual.map(num_json),
                    "target": target.map(num_json),
                    "min": 0,
                    "max": 100,
                    "canonical": ind.canonical,
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
    use crate::value::Op;

    /// The catalogue's verdict on the ids these tests use (patterns/indicators.toml marks it bounded).
    fn catalogue(id: &str) -> bool {
        id == "ri.enrollment_rate_resident"
    }

    #[test]
    fn names_that_read_as_bounded() {
        for n in [
            "救助对象对救助工作满意度",
            "指标1: 参保对象满意度(%)",
            "参保对象满意度（％）",
            "参保群众政策知晓率",
            "“一站式”即时结算覆盖率",
            "以户籍人口数为基数计算的参保率",
            "医保信息系统验收合格率",
            "跨省异地就医直接结算率",
            "门诊医疗费用救助比例",
            "参保人政策范围内住院费用报销比例",
            "资金 到位率",
            "救助资金发放准确率",
            "苗木成活率",
            "农村自来水普及率",
            "群众满意率",
        ] {
            assert!(bounded_name(n), "{n}");
        }
        for n in [
            "指标2: 以常住人口数为基数计算的",
            "参保人数增长率",
            "满意度提高率",
            "参保人数(万人)",
            "基金滚存结余可支配月数",
            "年度任务完成率",
            "预算执行率",
        ] {
            assert!(!bounded_name(n), "{n}");
        }
    }

    #[test]
    fn canonical_route_marks_cut_off_names() {
        let mut ind = indicator("指标2: 以常住人口数为基数计算的", "≥98%", "101%", "");
        assert!(!bounded_by(&ind, &catalogue));
        ind.canonical = Some("ri.enrollment_rate_resident".to_string());
        assert!(bounded_by(&ind, &catalogue));
        // the real catalogue route, whatever the pattern set says: the name alone is not
        // enough, so `bounded` follows `Patterns::is_bounded` for this id
        let patterns = Patterns::builtin();
        assert_eq!(
            bounded(&ind, &patterns),
            patterns.is_bounded("ri.enrollment_rate_resident")
        );
    }

    #[test]
    fn fires_on_seed_001_resident_enrollment() {
        let f = check_with(&seed_001(), &catalogue);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].report, Some(1));
        assert_eq!(
            f[0].subject,
            json!({"indicator": "指标2: 以常住人口数为基数计算的"})
        );
        assert_eq!(
            f[0].message,
            "指标2: 以常住人口数为基数计算的: actual 101% is above 100% for a bounded ratio"
        );
        assert_eq!(f[0].values["actual"], json!(101));
        assert_eq!(f[0].values["target"], json!(null));
    }

    #[test]
    fn fires_by_name_on_target_and_actual() {
        let mut over = indicator("参保群众政策知晓率", "≥105%", "-2%", "");
        over.target = parsed("≥105%", Op::Ge, Some(105.0), None, Some("%"));
        let mut no_unit = indicator("参保对象满意度(%)", "≥90", "102", "");
        no_unit.target = parsed("≥90", Op::Ge, Some(90.0), None, None);
        let rec = record(vec![report(vec![], vec![over, no_unit], None)]);
        let f = run(check, &rec);
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].message,
            "参保群众政策知晓率: actual -2% is below 0% and target ≥105% is above 100% for a bounded ratio"
        );
        assert_eq!(f[1].values["actual"], json!(102));
    }

    #[test]
    fn quiet_within_range_growth_and_counts() {
        let rec = record(vec![report(
            vec![],
            vec![
                indicator("指标1: 参保对象满意度(%)", "≥90%", "95%", ""),
                indicator("医保信息系统验收合格率", "100%", "100.00%", ""),
                indicator("参保人数增长率", "≥100%", "103%", ""),
                indicator("指标1: 参保人数(万人)", "≥410", "412", ""),
                // a bounded name with a count, not a percent
                indicator("参保率", "≥410", "412", ""),
            ],
            None,
        )]);
        assert!(run(check, &rec).is_empty());
        assert!(run(check, &seed_000()).is_empty());
    }
}
