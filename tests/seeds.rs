//! What SEEDS-EXPECTED.md says a run must find in the four seeds, in every format
//! the seeds exist in under samples/: every finding listed, and nothing else (the quiet
//! cases are the absence of any other finding).

mod common;

use common::{findings, funds, indicators, record, sample};
use serde_json::{json, Value};

fn formats(stem: &str, txt: &str, exts: &[&str]) -> Vec<Value> {
    let mut out: Vec<Value> = exts
        .iter()
        .map(|e| record(&sample(&format!("seeds/{stem}.{e}"))))
        .collect();
    if !txt.is_empty() {
        out.push(record(&sample(&format!("seeds/{txt}"))));
    }
    out
}

fn all_findings(rec: &Value) -> Vec<(String, Value, String)> {
    findings(rec)
}

fn fund(line: &str, b: Value, e: Value, r: Value) -> (Value, Value, Value, Value) {
    (json!(line), b, e, r)
}

#[test]
fn seed_000_miyi() {
    for rec in formats(
        "000_miyi_2022",
        "000_578085824ea13247.txt",
        &["docx", "xlsx", "xls"],
    ) {
        let path = rec["file"]["path"].as_str().unwrap_or("").to_string();
        assert_eq!(rec["status"], "ok", "{path}");
        let reports = rec["reports"].as_array().expect("reports");
        assert_eq!(reports.len(), 1, "{path}");
        let r = &reports[0];
        assert_eq!(r["kind"], "transfer_region_selfeval", "{path}");
        assert_eq!(r["program"], "城乡医疗救助", "{path}");
        assert_eq!(r["year"], 2022, "{path}");
        assert_eq!(r["meta"]["unit"], "米易县医疗保障局", "{path}");
        assert_eq!(r["meta"]["central_dept"], "国家医疗保障局", "{path}");
        assert_eq!(r["meta"]["local_dept"], "攀枝花市医疗保障局", "{path}");
        assert_eq!(r["money_unit"], "万元", "{path}");
        assert_eq!(
            funds(r),
            vec![
                fund("total", json!(1146.81), json!(1078.71), json!(94.06)),
                fund("central", json!(756.03), json!(683.18), json!(90.36)),
                fund("other", json!(390.78), json!(395.53), json!(101.22)),
            ],
            "{path}"
        );
        let inds = indicators(r);
        assert_eq!(inds.len(), 12, "{path}: {inds:#?}");
        assert_eq!(inds[0].0, "医疗救助对象人次规模");
        assert_eq!(inds[0].2, "符合救助条件的对象按规定纳入救助范围");
        assert_eq!(inds[0].3, "31811");
        let last = &inds[11];
        assert_eq!(last.0, "救助对象对救助工作满意度");
        assert_eq!(last.1, json!("common.satisfaction"));
        assert_eq!((last.2.as_str(), last.3.as_str()), ("≥95%", "98%"));
        assert_eq!(
            all_findings(&rec),
            vec![
                (
                    "F002".to_string(),
                    json!(0),
                    json!({"line": "other"}).to_string()
                ),
                (
                    "F005".to_string(),
                    json!(0),
                    json!({"line": "total"}).to_string()
                ),
            ],
            "{path}"
        );
    }
}

#[test]
fn seed_001_mianyang_three_forms() {
    for rec in formats(
        "001_mianyang_2020",
        "001_717aef90079029f5.txt",
        &["docx", "xlsx", "xls"],
    ) {
        let path = rec["file"]["path"].as_str().unwrap_or("").to_string();
        let reports = rec["reports"].as_array().expect("reports");
        assert_eq!(reports.len(), 3, "{path}");
        for r in reports {
            assert_eq!(r["year"], 2020, "{path}");
            assert_eq!(r["kind"], "transfer_region_selfeval", "{path}");
            assert_eq!(r["meta"]["unit"], "绵阳市医疗保障局", "{path}");
        }
        assert_eq!(
            reports[0]["program"],
            "城乡医疗救助补助资金（普遍补助部分）"
        );
        assert_eq!(
            funds(&reports[0]),
            vec![
                fund("total", json!(15329.53), json!(11852.5), json!(77.32)),
                fund("central", json!(11221.53), json!(11221.53), json!(100)),
                fund("local", json!(4108), json!(630.97), json!(15.36)),
            ],
            "{path}"
        );
        let inds0 = indicators(&reports[0]);
        assert_eq!(inds0.len(), 14, "{path}: {inds0:#?}");
        assert_eq!(inds0[0].2, "对符合条件的重点救助对象资助参加城乡居");
        assert_eq!(
            funds(&reports[1]),
            vec![
                fund("total", json!(208629.83), json!(208629.83), json!(100)),
                fund("central", json!(165878.36), json!(165878.36), json!(100)),
                fund("local", json!(42751.47), json!(42751.47), json!(100)),
            ],
            "{path}"
        );
        assert_eq!(
            funds(&reports[2]),
            vec![
                fund("total", json!(259), json!(109.67), json!(42.34)),
                fund("central", json!(259), json!(109.67), json!(42.34)),
            ],
            "{path}"
        );
        let inds1 = indicators(&reports[1]);
        let months = inds1
            .iter()
            .find(|i| i.0.contains("基金滚存结余可支配月数"))
            .expect("fund balance months");
        assert_eq!((months.2.as_str(), months.3.as_str()), ("6-9个月", "13"));
        let f = all_findings(&rec);
        let codes: Vec<(&str, i64)> = f
            .iter()
            .map(|(c, r, _)| (c.as_str(), r.as_i64().unwrap_or(-1)))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("F004", 0),
                ("F004", 0),
                ("F004", 2),
                ("F004", 2),
                ("I001", 1),
                ("I002", 1),
                ("I003", 1),
                ("I003", 1)
            ],
            "{path}: {f:#?}"
        );
        let subjects: Vec<&str> = f.iter().map(|x| x.2.as_str()).collect();
        assert!(subjects[0..2].contains(&r#"{"line":"local"}"#), "{path}");
        assert!(subjects[0..2].contains(&r#"{"line":"total"}"#), "{path}");
        assert!(subjects[2..4].contains(&r#"{"line":"central"}"#), "{path}");
        assert!(subjects[4].contains("基金滚存结余可支配月数"), "{path}");
        assert!(subjects[5].contains("以常住人口数为基数计算的"), "{path}");
        assert!(subjects[6..8]
            .iter()
            .any(|s| s.contains("以常住人口数为基数计算的")));
        assert!(subjects[6..8]
            .iter()
            .any(|s| s.contains("参保人政策范围内住院费用")));
    }
}

#[test]
fn seed_002_guangxi_no_unit() {
    for rec in formats(
        "002_guangxi_2023",
        "002_d9e8f365160b70ab.txt",
        &["docx", "xlsx", "xls"],
    ) {
        let path = rec["file"]["path"].as_str().unwrap_or("").to_string();
        let reports = rec["reports"].as_array().expect("reports");
        assert_eq!(reports.len(), 1, "{path}");
        let r = &reports[0];
        assert_eq!(r["money_unit"], Value::Null, "{path}");
        assert_eq!(r["year"], 2023, "{path}");
        assert_eq!(r["program"], "医疗救助补助资金", "{path}");
        assert_eq!(
            funds(r),
            vec![
                fund("total", json!(278346), json!(278346), json!(100)),
                fund("central", json!(215947), json!(215947), json!(100)),
                fund("local", json!(62399), json!(62399), json!(100)),
            ],
            "{path}"
        );
        let inds = r["indicators"].as_array().expect("indicators");
        assert_eq!(inds.len(), 11, "{path}");
        let first = &inds[0];
        assert!(first["actual"]["raw"]
            .as_str()
            .unwrap_or("")
            .starts_with("100%。符合救助条件的对象已按规定纳入救助范围"));
        assert_eq!(first["actual"]["value"], 100);
        assert_eq!(first["actual"]["unit"], "%");
        assert_eq!(all_findings(&rec), vec![], "{path}");
    }
}

#[test]
fn seed_004_narrative_has_no_forms() {
    for rec in formats("004_zhongshan_2022", "004_ac554894d8ea01b1.txt", &["docx"]) {
        assert_eq!(rec["status"], "ok");
        assert_eq!(rec["reports"], json!([]));
        assert_eq!(rec["year"], 2022);
        assert_eq!(
            all_findings(&rec),
            vec![(
                "N004".to_string(),
                Value::Null,
                json!({"concept": "standard.per_capita"}).to_string()
            )]
        );
    }
}
