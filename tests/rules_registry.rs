//! The rule registry as the pipeline and the CLI see it.

use jixiao::model::Source;
use jixiao::normalize::Patterns;
use jixiao::record::{
    FileInfo, Fund, FundWritten, Goals, Meta, Record, Report, ReportKind, Status, SCHEMA,
};
use jixiao::rules::{check_record, find, registry, CheckContext, RuleConfig};

fn fund(line: &str, label: &str, budget: f64, executed: f64, rate: f64) -> Fund {
    Fund {
        line: Some(line.to_string()),
        label: label.to_string(),
        budget: Some(budget),
        executed: Some(executed),
        rate: Some(rate),
        budget_wan: Some(budget),
        executed_wan: Some(executed),
        initial: None,
        weight: None,
        score: None,
        reason: None,
        rate_computed: false,
        written: FundWritten {
            budget: Some(2),
            executed: Some(2),
            rate: Some(2),
            ..FundWritten::default()
        },
        source: Source::default(),
        sources: Default::default(),
    }
}

fn record(funds: Vec<Fund>, note: &str) -> Record {
    Record {
        schema: SCHEMA,
        file: FileInfo {
            path: "000.docx".to_string(),
            sha256: String::new(),
            format: Some("docx".to_string()),
            bytes: 0,
            pages: None,
        },
        status: Status::Ok,
        errors: Vec::new(),
        title: None,
        year: Some(2022),
        ocr: false,
        ocr_pages: Vec::new(),
        reports: vec![Report {
            kind: ReportKind::TransferRegionSelfeval,
            title: None,
            year: Some(2022),
            program: Some("城乡医疗救助".to_string()),
            meta: Meta::default(),
            money_unit: Some("万元".to_string()),
            funds,
            goals: Goals::default(),
            indicators: Vec::new(),
            note: Some(note.to_string()),
            total_score: None,
            scores: Default::default(),
            source: Source::default(),
        }],
        facts: Vec::new(),
        findings: Vec::new(),
    }
}

#[test]
fn registry_lists_rules_in_code_order() {
    let codes: Vec<&str> = registry().iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
    assert!(codes.contains(&"F001") && codes.contains(&"I002"));
    assert_eq!(
        find("f002").map(|r| r.name),
        Some("fund-executed-exceeds-budget")
    );
    assert_eq!(find("i001").map(|r| r.severity.as_str()), Some("warning"));
}

#[test]
fn seed_000_funds_give_one_f002() {
    let rec = record(
        vec![
            fund("total", "年度资金总额", 1146.81, 1078.71, 94.06),
            fund("central", "其中：中央补助", 756.03, 683.18, 90.36),
            fund("other", "其他资金", 390.78, 395.53, 101.22),
        ],
        "无",
    );
    let patterns = Patterns::builtin();
    let config = RuleConfig::default();
    let ctx = CheckContext {
        patterns: &patterns,
        config: &config,
        narrative: &Default::default(),
    };
    let found = check_record(&rec, &ctx);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!((f.rule, f.report), ("F002", Some(0)));
    let json = serde_json::to_value(f).unwrap_or_default();
    assert_eq!(json["severity"], "warning");
    assert_eq!(json["subject"]["line"], "other");
    assert_eq!(
        json["message"],
        "其他资金: executed 395.53 exceeds budget 390.78 (101.22%)"
    );
}

#[test]
fn threshold_comes_from_config() {
    let rec = record(
        vec![fund("total", "年度资金总额", 1146.81, 1078.71, 94.06)],
        "无",
    );
    let patterns = Patterns::builtin();
    let quiet = RuleConfig::default();
    assert_eq!(quiet.underexecution_threshold, 90.0);
    let strict = RuleConfig {
        underexecution_threshold: 95.0,
    };
    let run = |config: &RuleConfig| {
        let ctx = CheckContext {
            patterns: &patterns,
            config,
            narrative: &Default::default(),
        };
        check_record(&rec, &ctx)
            .iter()
            .map(|f| f.rule)
            .collect::<Vec<_>>()
    };
    assert!(run(&quiet).is_empty());
    assert_eq!(run(&strict), ["F004"]);
}
