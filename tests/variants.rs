//! The designed variants of samples/variants/ (see samples/README.md): each layout
//! the interpreter must handle, with the values and findings it must give.

mod common;

use common::{findings, funds, indicators, record, sample};
use serde_json::{json, Value};

fn both(stem: &str) -> Vec<Value> {
    ["docx", "xlsx"]
        .iter()
        .map(|e| record(&sample(&format!("variants/{stem}.{e}"))))
        .collect()
}

fn rules_of(rec: &Value) -> Vec<(String, Value, String)> {
    findings(rec)
}

#[test]
fn project_form_with_scores_split_target_and_total() {
    for rec in both("project_selfeval_2023") {
        let r = &rec["reports"][0];
        assert_eq!(r["kind"], "project_selfeval");
        assert_eq!(r["program"], "义务教育阶段家庭经济困难学生生活补助");
        assert_eq!(r["money_unit"], "万元");
        // 总分 | 100 | 96.5: the total score is the figure under 得分, not under 分值.
        assert_eq!(r["total_score"], 96.5);
        assert_eq!(
            funds(r),
            vec![
                (json!("total"), json!(920), json!(874), json!(95)),
                (
                    json!("appropriation"),
                    json!(870),
                    json!(828.1),
                    json!(95.18)
                ),
                (json!("carryover"), json!(50), json!(45.9), json!(91.8)),
            ]
        );
        let total = &r["funds"][0];
        assert_eq!(
            (
                total["initial"].clone(),
                total["weight"].clone(),
                total["score"].clone()
            ),
            (json!(850), json!(10), json!(9.5))
        );
        assert_eq!(r["funds"][1]["weight"], Value::Null, "a dash reads as null");
        let split = &r["indicators"][0];
        assert_eq!(
            split["target"]["raw"], "≥3200人",
            "符号 | 数值 | 单位 joined"
        );
        assert_eq!(split["target"]["op"], ">=");
        assert_eq!(split["target"]["value"], 3200);
        assert_eq!(split["target"]["unit"], "人");
        assert_eq!(split["weight"], 10);
        assert_eq!(indicators(r).len(), 9);
        // 8 of its 10 points with the reason cell empty: also an unexplained deduction.
        let missed = json!({"indicator": "补助资金发放及时率"}).to_string();
        assert_eq!(
            rules_of(&rec),
            vec![
                ("I001".into(), json!(0), missed.clone()),
                ("S005".into(), json!(0), missed)
            ]
        );
    }
}

#[test]
fn dept_form_without_rate_column_in_yuan() {
    for rec in both("dept_overall_2022") {
        let r = &rec["reports"][0];
        assert_eq!(r["kind"], "dept_overall_selfeval");
        assert_eq!(r["money_unit"], "元");
        assert_eq!(r["meta"]["unit"], "桐江县人力资源和社会保障局");
        let f = &r["funds"];
        assert_eq!(f[0]["budget"], 13452600);
        assert_eq!(f[0]["rate"], 96.01);
        assert_eq!(f[0]["rate_computed"], true);
        assert_eq!(f[0]["budget_wan"], 1345.26);
        assert_eq!(f[0]["executed_wan"], 1291.543827);
        assert_eq!(f[2]["line"], "other");
        assert_eq!(f[2]["rate"], 50.1);
        assert!(f[2]["reason"]
            .as_str()
            .unwrap_or("")
            .starts_with("其他资金为就业创业培训社会资金"));
        assert_eq!(indicators(r).len(), 6);
        assert_eq!(r["indicators"][5]["canonical"], "common.satisfaction");
        assert_eq!(r["total_score"], 99.6);
        assert_eq!(
            rules_of(&rec),
            vec![],
            "the 原因 cell explains the low line"
        );
    }
}

#[test]
fn split_table_without_unit_full_width_digits_and_planted_errors() {
    for rec in both("no_unit_split_table") {
        let reports = rec["reports"].as_array().expect("reports");
        assert_eq!(reports.len(), 1, "one form over two tables");
        let r = &reports[0];
        assert_eq!(r["money_unit"], Value::Null);
        assert_eq!(
            funds(r),
            vec![
                (json!("total"), json!(1234.56), json!(1180.2), json!(96.5)),
                (json!("central"), json!(856), json!(856), json!(100)),
                (json!("local"), json!(350), json!(324.2), json!(92.63)),
            ]
        );
        assert_eq!(indicators(r).len(), 6);
        assert_eq!(r["indicators"][5]["actual"]["value"], 96);
        assert_eq!(
            rules_of(&rec),
            vec![
                (
                    "F001".into(),
                    json!(0),
                    json!({"line": "total"}).to_string()
                ),
                (
                    "F003".into(),
                    json!(0),
                    json!({"column": "budget"}).to_string()
                ),
            ]
        );
    }
}

#[test]
fn traditional_characters_numbering_and_placeholders() {
    for rec in both("traditional_wording") {
        let r = &rec["reports"][0];
        assert_eq!(
            funds(r),
            vec![
                (json!("total"), json!(5230.4), json!(5102.88), json!(97.56)),
                (json!("central"), json!(3860), json!(3860), json!(100)),
                (json!("local"), json!(1370.4), json!(1242.88), json!(90.69)),
            ]
        );
        let canon: Vec<Value> = indicators(r).into_iter().map(|i| i.1).collect();
        assert_eq!(
            canon,
            vec![
                json!("ri.enrolled_persons"),
                json!("ri.fiscal_subsidy_standard"),
                json!("ri.enrollment_rate"),
                json!("ri.policy_reimbursement_ratio"),
                json!("ri.fund_balance_months"),
                json!("common.satisfaction"),
            ]
        );
        assert_eq!(rules_of(&rec), vec![]);
    }
}

#[test]
fn two_forms_stacked_on_one_sheet() {
    let rec = record(&sample("variants/two_forms_one_table_xlsx.xlsx"));
    let reports = rec["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["program"], "城乡医疗救助补助资金");
    assert_eq!(reports[1]["program"], "城乡居民医保补助资金");
    assert_eq!(indicators(&reports[0]).len(), 4);
    assert_eq!(indicators(&reports[1]).len(), 4);
    assert_eq!(
        rules_of(&rec),
        vec![
            (
                "F002".into(),
                json!(1),
                json!({"line": "local"}).to_string()
            ),
            (
                "F002".into(),
                json!(1),
                json!({"line": "total"}).to_string()
            ),
        ]
    );
}
