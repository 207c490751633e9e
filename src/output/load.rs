//! Records read back from records.jsonl, for `--resume` and `merge`.
//!
//! The record types are written, never parsed, elsewhere; this rebuilds them field by
//! field from JSON so that a record read back and written again gives the same line.
//! What the JSON does not carry (the decimals written in fund cells) stays at its
//! default: rules that need it have already run when the record was first written.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::model::Source;
use crate::record::{
    ErrorEntry, Fact, FileInfo, Finding, Fund, Goals, Indicator, Meta, Record, Report, ReportKind,
    Severity, Status, SCHEMA,
};
use crate::value::{Op, Parsed};

/// Calls `f` with every record of a records.jsonl, read one line at a time, with the
/// line's byte offset and length (for [`record_at`]); a line that is not a record is an
/// error naming it. Memory holds one record, whatever the file's size.
pub fn each_record(
    path: &Path,
    f: &mut dyn FnMut(u64, u64, Record) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::BufRead;
    let mut r = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut line = Vec::new();
    let (mut offset, mut n) = (0u64, 0usize);
    loop {
        line.clear();
        let len = r.read_until(b'\n', &mut line)? as u64;
        if len == 0 {
            return Ok(());
        }
        n += 1;
        if !line.iter().all(u8::is_ascii_whitespace) {
            let rec = serde_json::from_slice::<Value>(&line)
                .ok()
                .and_then(|v| record_from_value(&v))
                .ok_or_else(|| {
                    std::io::Error::other(format!(
                        "{}: line {n} is not a jixiao/1 record",
                        path.display()
                    ))
                })?;
            f(offset, len, rec)?;
        }
        offset += len;
    }
}

/// The record on the line at `offset` (of `len` bytes) of a records file.
pub fn record_at(file: &mut std::fs::File, offset: u64, len: u64) -> std::io::Result<Record> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; usize::try_from(len).map_err(std::io::Error::other)?];
    file.read_exact(&mut buf)?;
    let v: Value = serde_json::from_slice(&buf).map_err(std::io::Error::other)?;
    record_from_value(&v).ok_or_else(|| std::io::Error::other("a stored record does not read back"))
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn u(v: &Value) -> Option<usize> {
    v.as_u64().and_then(|x| usize::try_from(x).ok())
}

fn arr(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// Strings the record types hold as `&'static str`: known values map to constants; an
/// unknown one (written by a later version) is kept by leaking it once, which a
/// process reading a bounded set of files can afford.
fn interned(v: &Value, known: &[&'static str]) -> Option<&'static str> {
    let text = v.as_str()?;
    Some(match known.iter().find(|k| **k == text) {
        Some(k) => k,
        None => Box::leak(text.to_string().into_boxed_str()),
    })
}

pub fn source_from_value(v: &Value) -> Source {
    let bbox = v["bbox"].as_array().and_then(|a| {
        let xs: Vec<f64> = a.iter().filter_map(Value::as_f64).collect();
        <[f64; 4]>::try_from(xs.as_slice()).ok()
    });
    Source {
        page: v["page"].as_u64().and_then(|x| u32::try_from(x).ok()),
        sheet: s(&v["sheet"]),
        table: u(&v["table"]),
        row: u(&v["row"]),
        col: u(&v["col"]),
        paragraph: u(&v["paragraph"]),
        start: u(&v["start"]),
        end: u(&v["end"]),
        bbox,
        confidence: f(&v["confidence"]),
    }
}

fn op_from(v: &Value) -> Op {
    match v.as_str().unwrap_or("") {
        ">=" => Op::Ge,
        "<=" => Op::Le,
        ">" => Op::Gt,
        "<" => Op::Lt,
        "=" => Op::Eq,
        "~" => Op::Approx,
        "range" => Op::Range,
        "not_below_last_year" => Op::NotBelowLastYear,
        "not_above_last_year" => Op::NotAboveLastYear,
        "qualitative" => Op::Qualitative,
        _ => Op::Text,
    }
}

fn parsed_from(v: &Value) -> Parsed {
    Parsed {
        raw: s(&v["raw"]).unwrap_or_default(),
        op: op_from(&v["op"]),
        value: f(&v["value"]),
        value_hi: f(&v["value_hi"]),
        unit: s(&v["unit"]),
    }
}

fn fund_from(v: &Value) -> Fund {
    let sources: BTreeMap<String, Source> = v["sources"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, x)| (k.clone(), source_from_value(x)))
                .collect()
        })
        .unwrap_or_default();
    Fund {
        line: s(&v["line"]),
        label: s(&v["label"]).unwrap_or_default(),
        budget: f(&v["budget"]),
        executed: f(&v["executed"]),
        rate: f(&v["rate"]),
        budget_wan: f(&v["budget_wan"]),
        executed_wan: f(&v["executed_wan"]),
        initial: f(&v["initial"]),
        weight: f(&v["weight"]),
        score: f(&v["score"]),
        reason: s(&v["reason"]),
        rate_computed: v["rate_computed"].as_bool().unwrap_or(false),
        written: Default::default(),
        source: source_from_value(&v["source"]),
        sources,
    }
}

fn indicator_from(v: &Value) -> Indicator {
    Indicator {
        level1: s(&v["level1"]),
        level2: s(&v["level2"]),
        name: s(&v["name"]).unwrap_or_default(),
        canonical: s(&v["canonical"]),
        match_kind: interned(&v["match"], &["pattern", "fuzzy", "none"]).unwrap_or("none"),
        confidence: f(&v["confidence"]).unwrap_or(0.0),
        target: parsed_from(&v["target"]),
        actual: parsed_from(&v["actual"]),
        reason: s(&v["reason"]).unwrap_or_default(),
        met: v["met"].as_bool(),
        weight: f(&v["weight"]),
        score: f(&v["score"]),
        source: source_from_value(&v["source"]),
    }
}

fn kind_from(v: &Value) -> Option<ReportKind> {
    match v.as_str()? {
        "transfer_region_selfeval" => Some(ReportKind::TransferRegionSelfeval),
        "project_selfeval" => Some(ReportKind::ProjectSelfeval),
        "dept_overall_selfeval" => Some(ReportKind::DeptOverallSelfeval),
        _ => None,
    }
}

fn report_from(v: &Value) -> Option<Report> {
    let m = &v["meta"];
    Some(Report {
        kind: kind_from(&v["kind"])?,
        title: s(&v["title"]),
        year: v["year"].as_i64().and_then(|y| i32::try_from(y).ok()),
        program: s(&v["program"]),
        meta: Meta {
            central_dept: s(&m["central_dept"]),
            local_dept: s(&m["local_dept"]),
            unit: s(&m["unit"]),
            filer: s(&m["filer"]),
        },
        money_unit: s(&v["money_unit"]),
        funds: arr(&v["funds"]).iter().map(fund_from).collect(),
        goals: Goals {
            target: s(&v["goals"]["target"]),
            actual: s(&v["goals"]["actual"]),
        },
        indicators: arr(&v["indicators"]).iter().map(indicator_from).collect(),
        note: s(&v["note"]),
        total_score: f(&v["total_score"]),
        source: source_from_value(&v["source"]),
    })
}

fn fact_from(v: &Value) -> Fact {
    Fact {
        concept: s(&v["concept"]).unwrap_or_default(),
        line: s(&v["line"]),
        label: s(&v["label"]).unwrap_or_default(),
        value: f(&v["value"]).unwrap_or(0.0),
        unit: s(&v["unit"]),
        value_wan: f(&v["value_wan"]),
        text: s(&v["text"]).unwrap_or_default(),
        source: source_from_value(&v["source"]),
        qualifier: s(&v["qualifier"]),
        target: v["target"].as_bool().unwrap_or(false),
        report: u(&v["report"]),
        // Internal to the prose rules, which have run by the time a record is stored.
        half: 0.0,
        other_period: false,
    }
}

fn finding_from(v: &Value) -> Option<Finding> {
    let code = v["rule"].as_str()?;
    let (rule, name) = match crate::rules::find(code) {
        Some(r) if r.code == code => (r.code, r.name),
        _ => (
            interned(&v["rule"], &[])?,
            interned(&v["name"], &[]).unwrap_or(""),
        ),
    };
    Some(Finding {
        rule,
        name,
        severity: Severity::parse(v["severity"].as_str()?)?,
        report: u(&v["report"]),
        subject: v["subject"].clone(),
        message: s(&v["message"]).unwrap_or_default(),
        message_zh: s(&v["message_zh"]).unwrap_or_default(),
        values: v["values"].clone(),
        source: arr(&v["source"]).iter().map(source_from_value).collect(),
    })
}

/// One record from its JSON; None when the value is not a jixiao/1 record.
pub fn record_from_value(v: &Value) -> Option<Record> {
    if v["schema"].as_str()? != SCHEMA {
        return None;
    }
    let file = &v["file"];
    let status = match v["status"].as_str()? {
        "ok" => Status::Ok,
        "partial" => Status::Partial,
        "failed" => Status::Failed,
        _ => return None,
    };
    Some(Record {
        schema: SCHEMA,
        file: FileInfo {
            path: s(&file["path"])?,
            sha256: s(&file["sha256"]).unwrap_or_default(),
            format: s(&file["format"]),
            bytes: file["bytes"].as_u64().unwrap_or(0),
            pages: file["pages"].as_u64().and_then(|x| u32::try_from(x).ok()),
        },
        status,
        errors: arr(&v["errors"])
            .iter()
            .map(|e| ErrorEntry {
                code: s(&e["code"]).unwrap_or_default(),
                message: s(&e["message"]).unwrap_or_default(),
            })
            .collect(),
        title: s(&v["title"]),
        year: v["year"].as_i64().and_then(|y| i32::try_from(y).ok()),
        ocr: v["ocr"].as_bool().unwrap_or(false),
        reports: arr(&v["reports"])
            .iter()
            .map(report_from)
            .collect::<Option<Vec<_>>>()?,
        facts: arr(&v["facts"]).iter().map(fact_from).collect(),
        findings: arr(&v["findings"])
            .iter()
            .map(finding_from)
            .collect::<Option<Vec<_>>>()?,
        // The prose relations serve the rules only, which have already run.
        narrative: Default::default(),
    })
}
