//! Facts and prose findings expected of the seeds and of the narrative samples, through
//! the whole pipeline, in every format the documents exist in.

mod common;

use common::{findings, record, root, sample};
use serde_json::{json, Value};

const PROSE_RULES: &[&str] = &["F005", "I003", "N001", "N002", "N003", "N004"];

fn prose_findings(rec: &Value) -> Vec<(String, Value)> {
    findings(rec)
        .into_iter()
        .filter(|f| PROSE_RULES.contains(&f.0.as_str()))
        .map(|f| (f.0, serde_json::from_str(&f.2).unwrap_or(Value::Null)))
        .collect()
}

/// Whether the record has a fact of this concept, line and value.
fn has_fact(rec: &Value, concept: &str, line: Option<&str>, value: f64) -> bool {
    rec["facts"].as_array().is_some_and(|fs| {
        fs.iter().any(|f| {
            f["concept"] == concept
                && f["line"].as_str() == line
                && f["value"]
                    .as_f64()
                    .is_some_and(|v| (v - value).abs() < 1e-9)
        })
    })
}

fn assert_facts(rec: &Value, want: &[(&str, Option<&str>, f64)]) {
    let path = rec["file"]["path"].as_str().unwrap_or("");
    for (c, l, v) in want {
        assert!(
            has_fact(rec, c, *l, *v),
            "{path}: no fact {c} {l:?} {v}; facts: {}",
            rec["facts"]
        );
    }
}

fn seed(name: &str) -> Value {
    record(&sample(&format!("seeds/{name}")))
}

fn f(rule: &str, subject: Value) -> (String, Value) {
    (rule.to_string(), subject)
}

const FACTS_000: &[(&str, Option<&str>, f64)] = &[
    ("fund.budget", Some("total"), 1412.75),
    ("fund.budget", Some("central"), 756.03),
    ("fund.budget", Some("provincial"), 390.78),
    ("fund.budget", Some("county"), 265.94),
    ("fund.executed", Some("total"), 1078.71),
    ("fund.balance", Some("total"), 334.04),
    ("ma.insurance_subsidy_persons", None, 21575.0),
    ("ma.outpatient_visits", None, 2355.0),
    ("ma.inpatient_visits", None, 7881.0),
    ("common.satisfaction", None, 98.0),
];

const FACTS_002: &[(&str, Option<&str>, f64)] = &[
    ("ma.insurance_subsidy_persons", None, 3_050_000.0),
    ("ma.beneficiary_visits", None, 5_250_000.0),
    ("ma.inpatient_visits", None, 1_870_000.0),
    ("ma.outpatient_visits", None, 3_380_000.0),
];

const FACTS_004: &[(&str, Option<&str>, f64)] = &[
    ("fund.budget", Some("total"), 1060.0),
    ("fund.executed", Some("total"), 1012.41),
    ("ri.enrolled_persons", None, 461_025.0),
    ("standard.per_capita", None, 21.96),
    ("standard.per_capita", None, 610.0),
];

// ---- seeds, text flattenings ----

#[test]
fn seed_000_txt_facts() {
    let rec = seed("000_578085824ea13247.txt");
    assert_facts(&rec, FACTS_000);
    // the text of a fact is its clause, the span its figure
    let fact = rec["facts"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["value"] == json!(1412.75)))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(fact["text"], "米易县共下达医疗救助资金1412.75万元");
    assert_eq!(fact["label"], "共下达医疗救助资金");
    assert_eq!(fact["unit"], "万元");
    assert_eq!(fact["value_wan"], json!(1412.75));
    // years, section numbers and the 95% goal are no achieved facts
    for f in rec["facts"].as_array().into_iter().flatten() {
        assert!(f["value"] != json!(2022), "{f}");
        if f["value"] == json!(95) {
            assert_eq!(f["target"], true, "{f}");
        }
    }
}

#[test]
fn seed_002_txt_facts() {
    let rec = seed("002_d9e8f365160b70ab.txt");
    assert_facts(&rec, FACTS_002);
    let units: Vec<&str> = rec["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["concept"] == "ma.insurance_subsidy_persons")
        .filter_map(|f| f["unit"].as_str())
        .collect();
    assert!(!units.is_empty() && units.iter().all(|u| *u == "万人"));
    // growth rates (同比上年增长26.51%) are no facts; 基金支出 has no fund line
    for f in rec["facts"].as_array().into_iter().flatten() {
        assert!(
            f["value"] != json!(26.51) && f["value"] != json!(1.64),
            "{f}"
        );
        if f["value"] == json!(28.71) {
            assert!(f["line"].is_null(), "{f}");
        }
    }
}

#[test]
fn seed_004_txt_facts_and_n004() {
    let rec = seed("004_ac554894d8ea01b1.txt");
    assert_facts(&rec, FACTS_004);
    assert_eq!(
        prose_findings(&rec),
        vec![f("N004", json!({"concept": "standard.per_capita"}))]
    );
}

#[test]
fn seed_001_txt_i003() {
    let rec = seed("001_717aef90079029f5.txt");
    assert_eq!(
        prose_findings(&rec),
        vec![
            f(
                "I003",
                json!({"indicator": "指标2: 以常住人口数为基数计算的"})
            ),
            f(
                "I003",
                json!({"indicator": "指标4: 参保人政策范围内住院费用"})
            ),
        ]
    );
}

#[test]
fn seed_002_txt_is_quiet() {
    assert_eq!(prose_findings(&seed("002_d9e8f365160b70ab.txt")), vec![]);
}

/// F005 on 000 needs the fund block, which needs the fund-line patterns.
#[test]
fn seed_000_txt_f005() {
    let rec = seed("000_578085824ea13247.txt");
    let funds = rec["reports"][0]["funds"].as_array().map_or(0, |f| f.len());
    if funds == 0 {
        eprintln!("fund block not read: fund-line patterns missing");
        return;
    }
    assert_eq!(
        prose_findings(&rec),
        vec![f("F005", json!({"line": "total"}))]
    );
}

// ---- seeds, every other format ----

fn other_formats(stem: &str, exts: &[&str]) -> Vec<Value> {
    exts.iter()
        .map(|e| seed(&format!("{stem}.{e}")))
        .filter(|r| {
            let ok = r["status"] != "failed";
            if !ok {
                eprintln!("{}: {}", r["file"]["path"], r["errors"]);
            }
            ok
        })
        .collect()
}

#[test]
fn seed_000_other_formats() {
    for rec in other_formats("000_miyi_2022", &["docx", "xlsx", "xls"]) {
        if rec["file"]["format"] == "docx" {
            assert_facts(&rec, FACTS_000);
        }
        if rec["reports"][0]["funds"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
            && rec["file"]["format"] == "docx"
        {
            assert_eq!(
                prose_findings(&rec),
                vec![f("F005", json!({"line": "total"}))],
                "{}",
                rec["file"]["path"]
            );
        }
    }
}

#[test]
fn seed_001_other_formats() {
    for rec in other_formats("001_mianyang_2020", &["docx", "xlsx", "xls"]) {
        assert_eq!(
            prose_findings(&rec),
            vec![
                f(
                    "I003",
                    json!({"indicator": "指标2: 以常住人口数为基数计算的"})
                ),
                f(
                    "I003",
                    json!({"indicator": "指标4: 参保人政策范围内住院费用"})
                ),
            ],
            "{}",
            rec["file"]["path"]
        );
    }
}

#[test]
fn seed_002_other_formats() {
    for rec in other_formats("002_guangxi_2023", &["docx", "xlsx", "xls"]) {
        assert_facts(&rec, FACTS_002);
        assert_eq!(prose_findings(&rec), vec![], "{}", rec["file"]["path"]);
    }
}

#[test]
fn seed_004_docx() {
    for rec in other_formats("004_zhongshan_2022", &["docx"]) {
        assert_facts(&rec, FACTS_004);
        assert_eq!(
            prose_findings(&rec),
            vec![f("N004", json!({"concept": "standard.per_capita"}))]
        );
    }
}

// ---- narrative samples ----

fn narrative(name: &str) -> Vec<Value> {
    let mut out = vec![record(
        &root()
            .join("tests/fixtures/narratives")
            .join(format!("{name}.txt")),
    )];
    out.extend(other_formats(&format!("../narratives/{name}"), &["docx"]));
    out
}

#[test]
fn narrative_form_planted_findings() {
    for rec in narrative("narrative_form_2022") {
        let path = rec["file"]["path"].as_str().unwrap_or("").to_string();
        let mut want = vec![
            f("I003", json!({"indicator": "救助对象满意度"})),
            f("N001", json!({"concept": "ma.beneficiary_visits"})),
        ];
        let has_funds = rec["reports"][0]["funds"]
            .as_array()
            .is_some_and(|f| !f.is_empty());
        if has_funds {
            want.insert(0, f("F005", json!({"line": "total"})));
        }
        let mut got = prose_findings(&rec);
        got.sort_by_key(|x| (x.0.clone(), x.1.to_string()));
        assert_eq!(got, want, "{path}");
        // every other rule stays quiet on the form: its arithmetic is right
        let others: Vec<String> = findings(&rec)
            .into_iter()
            .filter(|f| !PROSE_RULES.contains(&f.0.as_str()))
            .map(|f| f.0)
            .collect();
        assert!(others.is_empty(), "{path}: {others:?}");
        assert_facts(
            &rec,
            &[
                ("fund.budget", Some("total"), 820.0),
                ("fund.executed", Some("total"), 760.0),
                ("fund.balance", Some("total"), 60.0),
                ("ma.beneficiary_visits", None, 15_200.0),
                ("common.satisfaction", None, 90.0),
            ],
        );
    }
}

#[test]
fn narrative_only_planted_findings() {
    for rec in narrative("narrative_only_2023") {
        let path = rec["file"]["path"].as_str().unwrap_or("").to_string();
        let got = prose_findings(&rec);
        assert_eq!(
            got,
            vec![
                f("N002", json!({"concept": "fund.executed"})),
                f("N003", json!({"concept": "ri.enrolled_persons"})),
                f("N004", json!({"concept": "ri.enrollment_rate"})),
            ],
            "{path}"
        );
        let msgs: Vec<String> = rec["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["message"].as_str().map(str::to_string))
            .collect();
        assert!(
            msgs.contains(
                &"382150 人 × 30 元/人 = 1146.45万元, but the text states 1246.45 万元".to_string()
            ),
            "{path}: {msgs:?}"
        );
        assert!(msgs.contains(&"完成率 90%, but 38 万人 / 40 万人 = 95.00%".to_string()));
    }
}
