//! Score arithmetic on whole forms: the cases of the published suite of another score
//! checker, written as the forms they describe and read through the whole pipeline.

use jixiao::pipeline::{process_bytes, Config};
use serde_json::{json, Value};

/// A scored project form with one fund line and one indicator row.
fn form(budget: &str, executed: &str, rate: &str, fund_score: &str, indicator: &str) -> String {
    format!(
        "职业技能培训补助项目支出绩效自评表\n（2023年度）\n项目名称：职业技能培训补助\n\
         项目资金（万元）\t\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
         \t年度资金总额\t{budget}\t{executed}\t10\t{rate}\t{fund_score}\n\
         一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n\
         产出指标\t数量指标\t{indicator}\n"
    )
}

/// The findings of a form as (rule, subject), for the rules named.
fn findings(text: &str, rules: &[&str]) -> Vec<(String, Value)> {
    let rec = process_bytes(text.as_bytes(), "form.txt", &Config::default());
    assert_eq!(rec.reports.len(), 1, "one form is read");
    rec.findings
        .iter()
        .filter(|f| rules.iter().any(|r| f.rule.starts_with(r)))
        .map(|f| (f.rule.to_string(), f.subject.clone()))
        .collect()
}

#[test]
fn fund_score_that_the_rate_does_not_give() {
    // fund 100 / 50, 分值 10, 得分 9: 10 × 50% = 5
    let text = form("100", "50", "50.00%", "9", "培训人次\t100\t100\t10\t10\t");
    assert_eq!(
        findings(&text, &["S"]),
        [("S001".to_string(), json!({"line": "total"}))]
    );
    // the same block scored 5 is quiet
    let text = form("100", "50", "50.00%", "5", "培训人次\t100\t100\t10\t10\t");
    assert!(findings(&text, &["S"]).is_empty());
}

#[test]
fn full_score_for_a_missed_target_without_a_reason() {
    // target 100, actual 80, 得分 10 of 10, no reason: S006 and I001
    let text = form("100", "100", "100.00%", "10", "培训人次\t100\t80\t10\t10\t");
    let got = findings(&text, &["S", "I"]);
    assert!(got.contains(&("S006".to_string(), json!({"indicator": "培训人次"}))));
    assert!(got.contains(&("I001".to_string(), json!({"indicator": "培训人次"}))));
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn partial_score_for_a_met_target() {
    // 得分 5 and the indicator met: the other checker finds nothing. A deduction needs its
    // reason here (S005), so the form gives one.
    let text = form(
        "100",
        "100",
        "100.00%",
        "10",
        "培训人次\t100\t100\t10\t5\t培训质量抽查有两期不达标，扣5分",
    );
    assert!(findings(&text, &["S", "I", "F"]).is_empty());
    // without it the deduction is unexplained
    let text = form("100", "100", "100.00%", "10", "培训人次\t100\t100\t10\t5\t");
    assert_eq!(
        findings(&text, &["S", "I", "F"]),
        [("S005".to_string(), json!({"indicator": "培训人次"}))]
    );
}

#[test]
fn totals_and_grades_are_read_and_checked() {
    let base = form(
        "100",
        "100",
        "100.00%",
        "10",
        "培训人次\t100\t100\t90\t90\t",
    );
    let graded = |total: &str, grade: &str| {
        format!("{base}总分\t\t\t\t\t100\t{total}\t\n自评等级\t{grade}\n")
    };
    let rec = process_bytes(
        graded("100", "优").as_bytes(),
        "form.txt",
        &Config::default(),
    );
    let r = &rec.reports[0];
    assert_eq!(r.total_score, Some(100.0));
    assert_eq!(r.scores.total_weight, Some(100.0));
    assert_eq!(r.scores.grade.as_deref(), Some("优"));
    assert_eq!(r.scores.grade_level.as_deref(), Some("优"));
    assert!(findings(&graded("100", "优秀"), &["S"]).is_empty());
    assert_eq!(
        findings(&graded("95", "优"), &["S"]),
        [("S003".to_string(), json!({"total": "score"}))]
    );
    assert_eq!(
        findings(&graded("100", "良好"), &["S"]),
        [("S004".to_string(), json!({"grade": "良好"}))]
    );
}
