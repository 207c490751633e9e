//! The record written for every input file (schema "jixiao/1"; its fields are described
//! in README.md, "Outputs").

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::model::Source;
use crate::value::Parsed;
pub use crate::value::{num_json, ser_num};

pub const SCHEMA: &str = "jixiao/1";

/// `&'static str` under another name: serde's derive borrows a field spelled `&str` from
/// the input it reads, which would tie a record read back to its buffer. These fields
/// are read by [`de_schema`] and [`de_interned`] instead.
type Interned = &'static str;

/// Only `schema` "jixiao/1" reads back as a record: a line of anything else is refused
/// rather than misread.
fn de_schema<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let s = String::deserialize(d)?;
    if s == SCHEMA {
        Ok(SCHEMA)
    } else {
        Err(serde::de::Error::custom(format!(
            "schema {s:?}, not {SCHEMA:?}"
        )))
    }
}

/// The record's `&'static str` fields (rule codes and names, match kinds) read back: each
/// distinct string is kept once for the life of the process, so reading a million
/// records costs the few dozen values they hold, not a string per record.
fn de_interned<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let s = String::deserialize(d)?;
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&known) = seen.get(s.as_str()) {
        return Ok(known);
    }
    let leaked: &'static str = Box::leak(s.into_boxed_str());
    seen.insert(leaked);
    Ok(leaked)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileInfo {
    pub path: String,
    pub sha256: String,
    pub format: Option<String>,
    pub bytes: u64,
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Partial,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEntry {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    #[serde(deserialize_with = "de_schema")]
    pub schema: Interned,
    pub file: FileInfo,
    pub status: Status,
    pub errors: Vec<ErrorEntry>,
    pub title: Option<String>,
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// Which engine read each page OCR read, and how the page was turned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr_pages: Vec<crate::model::OcrPage>,
    pub reports: Vec<Report>,
    pub facts: Vec<Fact>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    TransferRegionSelfeval,
    ProjectSelfeval,
    DeptOverallSelfeval,
}

impl ReportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::TransferRegionSelfeval => "transfer_region_selfeval",
            ReportKind::ProjectSelfeval => "project_selfeval",
            ReportKind::DeptOverallSelfeval => "dept_overall_selfeval",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub central_dept: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_dept: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 填报单位 when it differs from the unit that spends the money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filer: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub kind: ReportKind,
    pub title: Option<String>,
    pub year: Option<i32>,
    pub program: Option<String>,
    pub meta: Meta,
    pub money_unit: Option<String>,
    pub funds: Vec<Fund>,
    pub goals: Goals,
    pub indicators: Vec<Indicator>,
    /// The 说明 cell, when the form has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 总分 of scored forms: the 得分 figure of the total row (合计, 总分, 自评得分 …).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_num")]
    pub total_score: Option<f64>,
    /// 分值 total, grade and where they are.
    #[serde(flatten)]
    pub scores: Scores,
    /// Where the form starts.
    pub source: Source,
}

/// The scoring of a form beyond its 总分 (`Report::total_score`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Scores {
    /// The 分值 figure of the total row (usually 100).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_num"
    )]
    pub total_weight: Option<f64>,
    /// The grade as written (自评等级 优 / 良好 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// The grade on the 优/良/中/差 scale (优秀 → 优, 良好 → 良, 合格 → 中, 不合格 → 差).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_level: Option<String>,
    /// Points a block title states where no column carries them: "funds" for
    /// 预算执行情况（10分）, "indicators" for 绩效指标（90分）.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub block_weights: std::collections::BTreeMap<String, f64>,
    /// Where the total row's figures and the grade are: keys total_score, total_weight, grade.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sources: std::collections::BTreeMap<String, Source>,
    /// Decimals written in the total row's 得分 and 分值 cells.
    #[serde(skip)]
    pub total_score_decimals: Option<u32>,
    #[serde(skip)]
    pub total_weight_decimals: Option<u32>,
    /// The form states a scoring scheme for the execution rate other than the
    /// proportional one (a tiered table: 执行率≥90%得10分，80%-90%得8分 …).
    #[serde(skip)]
    pub tiered_rate_scheme: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Fund {
    /// Canonical fund line (an `id` of patterns/funds.toml: total, central, provincial, …),
    /// or null when the label matched none.
    pub line: Option<String>,
    pub label: String,
    #[serde(serialize_with = "ser_num")]
    pub budget: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub executed: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub rate: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub budget_wan: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub executed_wan: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_num")]
    pub initial: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_num")]
    pub weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_num")]
    pub score: Option<f64>,
    /// 原因 cell of forms that explain each line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// True when the form has no rate column and `rate` is B/A computed here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rate_computed: bool,
    /// The cells as written, by column (budget, executed, rate …), for rounding-aware checks.
    #[serde(skip)]
    pub written: FundWritten,
    pub source: Source,
    /// Where each value came from, by column name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sources: std::collections::BTreeMap<String, Source>,
}

/// Decimals written in each fund cell (None where the cell was empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FundWritten {
    pub budget: Option<u32>,
    pub executed: Option<u32>,
    pub rate: Option<u32>,
    pub weight: Option<u32>,
    pub score: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Goals {
    pub target: Option<String>,
    pub actual: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Indicator {
    pub level1: Option<String>,
    pub level2: Option<String>,
    pub name: String,
    pub canonical: Option<String>,
    #[serde(rename = "match", deserialize_with = "de_interned")]
    pub match_kind: Interned,
    #[serde(serialize_with = "ser_conf")]
    pub confidence: f64,
    pub target: Parsed,
    pub actual: Parsed,
    pub reason: String,
    pub met: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_num")]
    pub weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_num")]
    pub score: Option<f64>,
    /// The 分值 and 得分 cells as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_raw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_raw: Option<String>,
    pub source: Source,
    /// Where the 分值 and 得分 cells are (keys weight, score).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sources: std::collections::BTreeMap<String, Source>,
}

fn ser_conf<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    num_json(*v).serialize(s)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact {
    pub concept: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    pub label: String,
    #[serde(serialize_with = "ser_conf")]
    pub value: f64,
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_num")]
    pub value_wan: Option<f64>,
    pub text: String,
    pub source: Source,
    /// How the figure is bounded where the text says so: ">=" (以上, 不低于), "<=" (以内),
    /// ">", "<", "~" (左右, 约).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// True when the text states a goal (确保, 计划, 年初设定 …, or the form's target
    /// cell) rather than what was achieved.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub target: bool,
    /// The form whose prose cell holds the figure; absent for the narrative's paragraphs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<usize>,
    /// Half the rounding step of the written figure, in `value`'s units.
    #[serde(skip)]
    pub half: f64,
    /// Stated for another year (上年, 2021年 …) than the document's.
    #[serde(skip)]
    pub other_period: bool,
    /// A share of a base the text names beside it (中央财政补贴47.5%为614.39万元): one
    /// base among a list's, so not comparable with the same line elsewhere.
    #[serde(skip)]
    pub share: bool,
}

/// Also the values of `--fail-on`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    #[serde(deserialize_with = "de_interned")]
    pub rule: Interned,
    #[serde(deserialize_with = "de_interned")]
    pub name: Interned,
    pub severity: Severity,
    pub report: Option<usize>,
    pub subject: Value,
    /// In English: records.jsonl is the same whatever the locale of the run.
    pub message: String,
    /// The message in Chinese, as the review page and the workbook show it with
    /// `--lang zh`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message_zh: String,
    pub values: Value,
    pub source: Vec<Source>,
}
