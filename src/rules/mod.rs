//! The rule registry: a plain list of rule values, in code order.
//!
//! A rule is one file holding a `pub const RULE: Rule` and its check function; adding one
//! means adding the file, one line in [`RULES`], and a test that makes it fire and one
//! that keeps it quiet. Checks take the whole [`Record`] so that rules reading the
//! narrative (`facts`) or comparing reports fit the same signature; findings carry the
//! index of the report they concern.
//!
//! Arithmetic is rounding-aware throughout: a written value stands for the interval its
//! last written digit allows (see [`Interval`]), as XBRL Calculations 1.1 treats reported
//! facts, so a finding is only raised when no reading of the written figures is consistent.

use serde_json::Value;

use crate::i18n::{Lang, Msg};
use crate::model::Source;
use crate::normalize::Patterns;
use crate::record::{Finding, Fund, Record, Severity};
use crate::value::compact;
pub use crate::value::{fmt_written, Interval};

pub mod d001_dataset_duplicate;
pub mod f001_fund_rate_mismatch;
pub mod f002_fund_executed_exceeds_budget;
pub mod f003_fund_components_mismatch;
pub mod f004_fund_underexecution_unexplained;
pub mod f005_fund_narrative_conflict;
pub mod i001_indicator_target_missed_unexplained;
pub mod i002_indicator_percent_out_of_range;
pub mod i003_indicator_narrative_conflict;
pub mod n001_narrative_sum_mismatch;
pub mod n002_narrative_product_mismatch;
pub mod n003_narrative_ratio_mismatch;
pub mod n004_narrative_value_conflict;
pub mod s001_fund_score_mismatch;
pub mod s002_score_above_weight;
pub mod s003_total_score_mismatch;
pub mod s004_grade_score_mismatch;
pub mod s005_indicator_score_deducted_unexplained;
pub mod s006_indicator_full_score_target_missed;
pub mod s00_common;

/// One check, with what `jixiao rules` shows about it.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable code, e.g. "F001".
    pub code: &'static str,
    /// Stable kebab-case name, e.g. "fund-rate-mismatch".
    pub name: &'static str,
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Sections "What it checks", "Why it matters", "Example".
    pub doc: &'static str,
    pub check: fn(&Record, &CheckContext) -> Vec<Finding>,
}

impl Rule {
    /// The rule's title in `lang`.
    pub fn title(&self, lang: Lang) -> String {
        lang.word(self.code, "title")
    }

    /// The one-line summary: the rule's own in English, the catalogue's in Chinese.
    pub fn summary_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.summary.to_string(),
            Lang::Zh => lang.word(self.code, "summary"),
        }
    }

    /// What `jixiao rules` lists beside the code: the summary, after the title in
    /// Chinese (the English name already says what the title would).
    pub fn listing(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.summary.to_string(),
            Lang::Zh => format!("{}：{}", self.title(lang), self.summary_in(lang)),
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .field("severity", &self.severity)
            .finish_non_exhaustive()
    }
}

/// What every check may consult besides the record.
pub struct CheckContext<'a> {
    pub patterns: &'a Patterns,
    pub config: &'a RuleConfig,
    /// The sums, products and ratios the file's prose states (the narrative rules'
    /// input). Not part of the record: the dataset holds the facts, not this working
    /// structure.
    pub narrative: &'a crate::facts::Narrative,
}

/// Settings users may change.
#[derive(Clone, Debug)]
pub struct RuleConfig {
    /// F004 fires below this execution rate, in percent.
    pub underexecution_threshold: f64,
}

impl Default for RuleConfig {
    fn default() -> Self {
        RuleConfig {
            underexecution_threshold: 90.0,
        }
    }
}

/// Every rule, in code order.
static RULES: &[Rule] = &[
    d001_dataset_duplicate::RULE,
    f001_fund_rate_mismatch::RULE,
    f002_fund_executed_exceeds_budget::RULE,
    f003_fund_components_mismatch::RULE,
    f004_fund_underexecution_unexplained::RULE,
    f005_fund_narrative_conflict::RULE,
    i001_indicator_target_missed_unexplained::RULE,
    i002_indicator_percent_out_of_range::RULE,
    i003_indicator_narrative_conflict::RULE,
    n001_narrative_sum_mismatch::RULE,
    n002_narrative_product_mismatch::RULE,
    n003_narrative_ratio_mismatch::RULE,
    n004_narrative_value_conflict::RULE,
    s001_fund_score_mismatch::RULE,
    s002_score_above_weight::RULE,
    s003_total_score_mismatch::RULE,
    s004_grade_score_mismatch::RULE,
    s005_indicator_score_deducted_unexplained::RULE,
    s006_indicator_full_score_target_missed::RULE,
];

/// All rules, in code order.
pub fn registry() -> &'static [Rule] {
    RULES
}

/// The rule with this code, ignoring case ("f001" finds F001).
pub fn find(code: &str) -> Option<&'static Rule> {
    let code = code.trim();
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Runs every rule on a record. Findings come sorted by report (record-level ones first),
/// then rule code, then subject, so that output is the same whatever the rule order.
pub fn check_record(record: &Record, ctx: &CheckContext) -> Vec<Finding> {
    let mut out: Vec<Finding> = RULES
        .iter()
        .flat_map(|rule| (rule.check)(record, ctx))
        .collect();
    out.sort_by_cached_key(|f| (f.report, f.rule, f.subject.to_string()));
    out
}

/// A check over the whole dataset: findings with the index of the record they belong to.
pub type DatasetCheck = fn(&[Record]) -> Vec<(usize, Finding)>;

/// A rule that compares records with each other. It is also in [`RULES`] (for `jixiao
/// rules`), with a per-record check that finds nothing.
pub struct DatasetRule {
    pub code: &'static str,
    /// What the rule groups records by: the keys of one record, each made with
    /// [`group_key`]. Two records can affect each other's findings of this rule only when
    /// they share a key, so a dataset too large for memory is checked one connected group
    /// of records at a time, and a record that shares no key with any other is checked
    /// alone.
    pub group_keys: fn(&Record) -> Vec<u64>,
    pub check: DatasetCheck,
}

static DATASET_RULES: &[DatasetRule] = &[d001_dataset_duplicate::DATASET];

/// A key to group records by, as a hash: the same key gives the same hash in every run
/// (`DefaultHasher::new()` has fixed keys). Two keys that collide only put two records
/// in one group, and the rules compare the real values.
pub fn group_key(key: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// The keys of every dataset rule for one record, sorted and without repeats; each is
/// tied to its rule's code, so two rules never share a group by accident.
pub fn dataset_group_keys(record: &Record) -> Vec<u64> {
    let mut keys: Vec<u64> = DATASET_RULES
        .iter()
        .flat_map(|rule| {
            (rule.group_keys)(record)
                .into_iter()
                .map(|k| group_key((rule.code, k)))
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Runs the dataset rules over every record, replacing what an earlier pass of them found
/// (a resumed run or a merge recomputes them over the union). Findings of a record stay
/// in the order [`check_record`] gives.
pub fn check_dataset(records: &mut [Record]) {
    for r in records.iter_mut() {
        r.findings
            .retain(|f| !DATASET_RULES.iter().any(|d| d.code == f.rule));
    }
    let mut touched = std::collections::BTreeSet::new();
    for rule in DATASET_RULES {
        for (i, f) in (rule.check)(records) {
            if let Some(r) = records.get_mut(i) {
                r.findings.push(f);
                touched.insert(i);
            }
        }
    }
    for i in touched {
        if let Some(r) = records.get_mut(i) {
            r.findings
                .sort_by_cached_key(|f| (f.report, f.rule, f.subject.to_string()));
        }
    }
}

/// A finding of `rule`, with its code, name and severity filled in and its message
/// rendered in English and Chinese from the catalogue.
pub fn finding(
    rule: &Rule,
    report: Option<usize>,
    subject: Value,
    message: Msg,
    values: Value,
    source: Vec<Source>,
) -> Finding {
    Finding {
        rule: rule.code,
        name: rule.name,
        severity: rule.severity,
        report,
        subject,
        message: message.render(Lang::En),
        message_zh: message.render(Lang::Zh),
        values,
        source,
    }
}

/// The message `key` of `rule` in the catalogue (its section is the rule's code).
pub fn msg(rule: &Rule, key: &'static str) -> Msg {
    Msg::new(rule.code, key)
}

/// Text shown as written in every language, as an item of a list in a message.
pub fn text(s: impl std::fmt::Display) -> Msg {
    Msg::new("common", "item").arg("text", s)
}

// ---- fund columns ----

/// A money column of the fund block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyColumn {
    Budget,
    Executed,
}

impl MoneyColumn {
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyColumn::Budget => "budget",
            MoneyColumn::Executed => "executed",
        }
    }
}

/// A fund cell's value as written and its decimals.
pub fn fund_value(fund: &Fund, col: MoneyColumn) -> Option<(f64, Option<u32>)> {
    match col {
        MoneyColumn::Budget => fund.budget.map(|v| (v, fund.written.budget)),
        MoneyColumn::Executed => fund.executed.map(|v| (v, fund.written.executed)),
    }
    .filter(|(v, _)| v.is_finite())
}

/// The interval of a fund money cell in 万元, so that lines written in different units
/// still compare; in the unit as written where the 万元 value is unknown.
pub fn fund_interval(fund: &Fund, col: MoneyColumn) -> Option<Interval> {
    let (v, d) = fund_value(fund, col)?;
    let wan = match col {
        MoneyColumn::Budget => fund.budget_wan,
        MoneyColumn::Executed => fund.executed_wan,
    };
    let k = match wan {
        Some(w) if v != 0.0 && w.is_finite() && w / v > 0.0 => w / v,
        _ => 1.0,
    };
    Some(Interval::written(v, d).scale(k))
}

/// A label as a message shows it: trimmed, without the colon a form's label cell ends with.
pub fn label_shown(label: &str) -> &str {
    label.trim().trim_end_matches([':', '：'])
}

/// What a finding calls a fund line: its canonical id, or the label when it has none.
pub fn line_name(fund: &Fund) -> String {
    fund.line
        .clone()
        .unwrap_or_else(|| fund.label.trim().to_string())
}

/// The sources of the named columns of a fund line, falling back to the line's own.
pub fn fund_sources(fund: &Fund, columns: &[&str]) -> Vec<Source> {
    let out: Vec<Source> = columns
        .iter()
        .filter_map(|c| fund.sources.get(*c).cloned())
        .collect();
    if out.is_empty() {
        vec![fund.source.clone()]
    } else {
        out
    }
}

// ---- text ----

/// Whether an explanation cell says nothing: empty, or a word meaning "none".
pub fn is_nothing(text: &str) -> bool {
    let t = compact(text);
    let t = t.trim_end_matches(['。', '.', '；', ';', '，', ',']);
    matches!(
        t,
        "" | "无"
            | "没有"
            | "/"
            | "-"
            | "--"
            | "—"
            | "——"
            | "－"
            | "暂无"
            | "空"
            | "无原因"
            | "不适用"
            | "N/A"
            | "n/a"
    )
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Small builders for records in rule tests.

    use std::collections::BTreeMap;

    use crate::model::Source;
    use crate::normalize::Patterns;
    use crate::record::{
        FileInfo, Fund, FundWritten, Goals, Indicator, Meta, Record, Report, ReportKind, Status,
        SCHEMA,
    };
    use crate::value::{parse_number, parse_rate, parse_value, Parsed};

    use super::{CheckContext, RuleConfig};

    fn num(s: &str) -> (Option<f64>, Option<u32>) {
        match parse_number(s) {
            Some(n) => (Some(n.value), Some(n.decimals)),
            None => (None, None),
        }
    }

    fn cell(row: usize, col: usize) -> Source {
        Source {
            table: Some(0),
            row: Some(row),
            col: Some(col),
            ..Source::default()
        }
    }

    /// A fund line from its cells as written ("" for an empty cell); amounts in 万元.
    pub fn fund(line: &str, label: &str, budget: &str, executed: &str, rate: &str) -> Fund {
        let (b, bd) = num(budget);
        let (e, ed) = num(executed);
        let r = parse_rate(rate);
        let row = 4;
        let mut sources = BTreeMap::new();
        sources.insert("label".to_string(), cell(row, 1));
        if b.is_some() {
            sources.insert("budget".to_string(), cell(row, 2));
        }
        if e.is_some() {
            sources.insert("executed".to_string(), cell(row, 3));
        }
        if r.is_some() {
            sources.insert("rate".to_string(), cell(row, 4));
        }
        Fund {
            line: (!line.is_empty()).then(|| line.to_string()),
            label: label.to_string(),
            budget: b,
            executed: e,
            rate: r.map(|n| n.value),
            budget_wan: b,
            executed_wan: e,
            initial: None,
            weight: None,
            score: None,
            reason: None,
            rate_computed: false,
            written: FundWritten {
                budget: bd,
                executed: ed,
                rate: r.map(|n| n.decimals),
                ..FundWritten::default()
            },
            source: cell(row, 1),
            sources,
        }
    }

    pub fn indicator(name: &str, target: &str, actual: &str, reason: &str) -> Indicator {
        let t = parse_value(target);
        let a = parse_value(actual);
        Indicator {
            level1: None,
            level2: None,
            name: name.to_string(),
            canonical: None,
            match_kind: "none",
            confidence: 0.0,
            met: crate::value::met(&t, &a),
            target: t,
            actual: a,
            reason: reason.to_string(),
            weight: None,
            score: None,
            weight_raw: None,
            score_raw: None,
            source: cell(10, 3),
            sources: Default::default(),
        }
    }

    /// An indicator with its 分值 and 得分 cells as written ("" for an empty cell).
    pub fn scored(mut ind: Indicator, weight: &str, score: &str) -> Indicator {
        for (key, raw, col) in [("weight", weight, 6), ("score", score, 7)] {
            let Some(n) = parse_number(raw) else {
                continue;
            };
            ind.sources.insert(key.to_string(), cell(10, col));
            if key == "weight" {
                ind.weight = Some(n.value);
                ind.weight_raw = Some(raw.to_string());
            } else {
                ind.score = Some(n.value);
                ind.score_raw = Some(raw.to_string());
            }
        }
        ind
    }

    /// A parsed value built by hand, for shapes the value parser may not produce yet.
    pub fn parsed(
        raw: &str,
        op: crate::value::Op,
        value: Option<f64>,
        hi: Option<f64>,
        unit: Option<&str>,
    ) -> Parsed {
        Parsed {
            raw: raw.to_string(),
            op,
            value,
            value_hi: hi,
            unit: unit.map(str::to_string),
        }
    }

    pub fn report(funds: Vec<Fund>, indicators: Vec<Indicator>, note: Option<&str>) -> Report {
        Report {
            kind: ReportKind::TransferRegionSelfeval,
            title: None,
            year: None,
            program: None,
            meta: Meta::default(),
            money_unit: Some("万元".to_string()),
            funds,
            goals: Goals::default(),
            indicators,
            note: note.map(str::to_string),
            total_score: None,
            scores: Default::default(),
            source: Source::default(),
        }
    }

    pub fn record(reports: Vec<Report>) -> Record {
        Record {
            schema: SCHEMA,
            file: FileInfo {
                path: "t.docx".to_string(),
                sha256: String::new(),
                format: Some("docx".to_string()),
                bytes: 0,
                pages: None,
            },
            status: Status::Ok,
            errors: Vec::new(),
            title: None,
            year: None,
            ocr: false,
            ocr_pages: Vec::new(),
            reports,
            facts: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Runs one check with the built-in patterns and the default configuration.
    pub fn run(
        check: fn(&Record, &CheckContext) -> Vec<crate::record::Finding>,
        rec: &Record,
    ) -> Vec<crate::record::Finding> {
        run_with(check, rec, &RuleConfig::default())
    }

    pub fn run_with(
        check: fn(&Record, &CheckContext) -> Vec<crate::record::Finding>,
        rec: &Record,
        config: &RuleConfig,
    ) -> Vec<crate::record::Finding> {
        let patterns = Patterns::builtin();
        let ctx = CheckContext {
            patterns: &patterns,
            config,
            narrative: &Default::default(),
        };
        check(rec, &ctx)
    }

    /// Runs one check on a record whose prose stated `narrative` (see `facts::narrate`).
    pub fn run_narrated(
        check: fn(&Record, &CheckContext) -> Vec<crate::record::Finding>,
        rec: &Record,
        narrative: &crate::facts::Narrative,
    ) -> Vec<crate::record::Finding> {
        let patterns = Patterns::builtin();
        let ctx = CheckContext {
            patterns: &patterns,
            config: &RuleConfig::default(),
            narrative,
        };
        check(rec, &ctx)
    }

    /// Seed 000 (米易县 2022): the annexed form's fund block.
    pub fn seed_000() -> Record {
        record(vec![report(
            vec![
                fund("total", "年度资金总额", "1146.81", "1078.71", "94.06%"),
                fund("central", "其中：中央补助", "756.03", "683.18", "90.36%"),
                fund("other", "其他资金", "390.78", "395.53", "101.22%"),
            ],
            vec![indicator("救助对象对救助工作满意度", "≥95%", "98%", "")],
            Some("无"),
        )])
    }

    /// Seed 001 (绵阳市 2020): three forms, each with 说明 无.
    pub fn seed_001() -> Record {
        let mut months = indicator("指标7: 基金滚存结余可支配月数", "6-9个月", "13", "");
        months.target = parsed(
            "6-9个月",
            crate::value::Op::Range,
            Some(6.0),
            Some(9.0),
            Some("个月"),
        );
        months.met = Some(false);
        let mut resident = indicator("指标2: 以常住人口数为基数计算的", "≥98%", "101%", "");
        resident.canonical = Some("ri.enrollment_rate_resident".to_string());
        resident.match_kind = "pattern";
        resident.confidence = 1.0;
        let mut ratio70 = indicator("指标4: 参保人政策范围内住院费用", "70%左右", "74%", "");
        ratio70.target = parsed(
            "70%左右",
            crate::value::Op::Approx,
            Some(70.0),
            None,
            Some("%"),
        );
        ratio70.met = None;
        record(vec![
            report(
                vec![
                    fund("total", "年度资金总额：", "15329.53", "11852.5", "77.32%"),
                    fund(
                        "central",
                        "其中：中央补助",
                        "11221.53",
                        "11221.53",
                        "100.00%",
                    ),
                    fund("local", "地方资金", "4108", "630.97", "15.36%"),
                    fund("other", "其他资金", "", "", ""),
                ],
                vec![
                    indicator("政策知晓率", "≥80%", "80%", ""),
                    indicator("救助对象满意度", "≥85%", "85%", ""),
                ],
                Some("无"),
            ),
            report(
                vec![
                    fund(
                        "total",
                        "年度资金总额:",
                        "208629.83",
                        "208629.83",
                        "100.00%",
                    ),
                    fund(
                        "central",
                        "其中:中央补助",
                        "165878.36",
                        "165878.36",
                        "100.00%",
                    ),
                    fund("local", "地方资金", "42751.47", "42751.47", "100.00%"),
                    fund("other", "其他资金", "", "", ""),
                ],
                vec![
                    indicator("指标1: 以户籍人口数为基数计算的", "≥91.5%", "92.00%", ""),
                    resident,
                    ratio70,
                    months,
                    indicator("指标1: 参保对象满意度(%)", "≥90%", "95%", ""),
                ],
                Some("无"),
            ),
            report(
                vec![
                    fund("total", "年度资金总额：", "259", "109.67", "42.34%"),
                    fund("central", "其中：中央补助", "259", "109.67", "42.34%"),
                    fund("local", "地方资金", "", "", ""),
                    fund("other", "其他资金", "", "", ""),
                ],
                vec![
                    indicator("医保信息系统验收合格率", "100%", "100%", ""),
                    indicator("参保群众政策知晓率", "≥80%", "90%", ""),
                ],
                Some("无"),
            ),
        ])
    }

    /// The findings' (report, subject) pairs, for compact assertions.
    pub fn subjects(fs: &[crate::record::Finding]) -> Vec<(Option<usize>, String)> {
        fs.iter()
            .map(|f| (f.report, f.subject.to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    /// A rule added without its catalogue entries fails here, naming what is missing.
    #[test]
    fn every_rule_speaks_both_languages() {
        for rule in registry() {
            for lang in Lang::ALL {
                let section = crate::i18n::catalogue(lang).get(rule.code);
                for key in ["title", "message"] {
                    assert!(
                        section.is_some_and(|s| s.contains_key(key)),
                        "{}.toml has no {}.{key}",
                        lang.code(),
                        rule.code
                    );
                }
            }
            let zh = crate::i18n::catalogue(Lang::Zh).get(rule.code);
            assert!(
                zh.is_some_and(|s| s.contains_key("summary")),
                "zh.toml has no {}.summary",
                rule.code
            );
        }
    }

    #[test]
    fn codes_are_unique_and_sorted() {
        let codes: Vec<&str> = registry().iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(
            codes,
            [
                "D001", "F001", "F002", "F003", "F004", "F005", "I001", "I002", "I003", "N001",
                "N002", "N003", "N004", "S001", "S002", "S003", "S004", "S005", "S006"
            ]
        );
        let mut names: Vec<&str> = registry().iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), codes.len());
    }

    #[test]
    fn every_doc_has_the_three_sections() {
        for r in registry() {
            for section in ["What it checks", "Why it matters", "Example"] {
                assert!(r.doc.contains(section), "{} lacks {section}", r.code);
            }
            assert!(!r.summary.contains('\n'), "{} summary is one line", r.code);
            assert!(!r.summary.is_empty());
        }
    }

    #[test]
    fn find_ignores_case() {
        assert_eq!(find("f001").map(|r| r.name), Some("fund-rate-mismatch"));
        assert_eq!(find("I002").map(|r| r.code), Some("I002"));
        assert!(find("F999").is_none());
        assert!(find("").is_none());
    }

    #[test]
    fn rules_report_their_own_code() {
        let rec = seed_001();
        let patterns = Patterns::builtin();
        let config = RuleConfig::default();
        let ctx = CheckContext {
            patterns: &patterns,
            config: &config,
            narrative: &Default::default(),
        };
        for r in registry() {
            for f in (r.check)(&rec, &ctx) {
                assert_eq!((f.rule, f.name, f.severity), (r.code, r.name, r.severity));
            }
        }
    }

    #[test]
    fn check_record_on_seed_001_is_sorted_and_complete() {
        let rec = seed_001();
        let patterns = Patterns::builtin();
        let config = RuleConfig::default();
        let ctx = CheckContext {
            patterns: &patterns,
            config: &config,
            narrative: &Default::default(),
        };
        let got: Vec<(Option<usize>, &str, String)> = check_record(&rec, &ctx)
            .iter()
            .map(|f| (f.report, f.rule, f.subject.to_string()))
            .collect();
        let mut want: Vec<(Option<usize>, &str, String)> = vec![
            (Some(0), "F004", r#"{"line":"local"}"#.into()),
            (Some(0), "F004", r#"{"line":"total"}"#.into()),
            (
                Some(1),
                "I001",
                r#"{"indicator":"指标7: 基金滚存结余可支配月数"}"#.into(),
            ),
            (Some(2), "F004", r#"{"line":"central"}"#.into()),
            (Some(2), "F004", r#"{"line":"total"}"#.into()),
        ];
        // 以常住人口数为基数计算的 is cut off before 参保率, so only the catalogue's
        // bounded mark on its canonical id brings I002 (see the I002 tests)
        if patterns.is_bounded("ri.enrollment_rate_resident") {
            want.insert(
                3,
                (
                    Some(1),
                    "I002",
                    r#"{"indicator":"指标2: 以常住人口数为基数计算的"}"#.into(),
                ),
            );
        }
        assert_eq!(got, want);
    }

    #[test]
    fn seed_000_gives_only_f002() {
        let rec = seed_000();
        let patterns = Patterns::builtin();
        let config = RuleConfig::default();
        let ctx = CheckContext {
            patterns: &patterns,
            config: &config,
            narrative: &Default::default(),
        };
        let got: Vec<&str> = check_record(&rec, &ctx).iter().map(|f| f.rule).collect();
        assert_eq!(got, ["F002"]);
    }

    #[test]
    fn intervals_follow_written_digits() {
        let i = Interval::written(94.06, Some(2));
        assert!((i.lo - 94.055).abs() < 1e-12 && (i.hi - 94.065).abs() < 1e-12);
        let j = Interval::written(4108.0, Some(0));
        assert_eq!((j.lo, j.hi), (4107.5, 4108.5));
        // unknown decimals: the shortest form's digits
        let k = Interval::written(94.06, None);
        assert!((k.hi - 94.065).abs() < 1e-9);
        assert!(Interval::written(1146.81, Some(2))
            .meets(Interval::written(756.03, Some(2)) + Interval::written(390.78, Some(2))));
        assert!(!Interval::exact(1000.0).meets(Interval::exact(900.0)));
        assert!(Interval::written(395.53, Some(2)).above(Interval::written(390.78, Some(2))));
        assert!(Interval::ratio_percent(Interval::exact(1.0), Interval::exact(0.0)).is_none());
    }

    proptest::proptest! {
        #[test]
        fn no_panic_on_hostile_numbers(
            vals in proptest::collection::vec(
                (proptest::option::of(proptest::num::f64::ANY),
                 proptest::option::of(proptest::num::f64::ANY),
                 proptest::option::of(proptest::num::f64::ANY),
                 proptest::option::of(0u32..40),
                 0usize..4),
                0..6),
            text in ".{0,12}",
        ) {
            let lines = ["total", "central", "local", ""];
            let funds = vals
                .iter()
                .map(|(b, e, r, d, l)| {
                    let mut f = fund(lines.get(*l).copied().unwrap_or(""), &text, "", "", "");
                    f.budget = *b;
                    f.executed = *e;
                    f.rate = *r;
                    f.budget_wan = e.map(|x| x * 3.0);
                    f.written.budget = *d;
                    f.written.rate = *d;
                    f
                })
                .collect();
            let mut ind = indicator(&text, &text, &text, &text);
            ind.met = Some(false);
            ind.actual.value = vals.first().and_then(|v| v.0);
            let rec = record(vec![report(funds, vec![ind], Some(&text))]);
            let patterns = Patterns::builtin();
            let config = RuleConfig::default();
            let ctx = CheckContext { patterns: &patterns, config: &config, narrative: &Default::default() };
            let _ = check_record(&rec, &ctx);
        }
    }

    #[test]
    fn nothing_words() {
        for t in [
            "",
            " ",
            "无",
            "无。",
            "无.",
            "没有",
            "/",
            "-",
            "—",
            "暂无",
            "空",
            "　无　",
        ] {
            assert!(is_nothing(t), "{t:?}");
        }
        for t in ["资金未及时拨付", "无法统计", "参保人数增加导致"] {
            assert!(!is_nothing(t), "{t:?}");
        }
    }
}
