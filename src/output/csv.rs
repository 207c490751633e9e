//! files.csv, funds.csv, indicators.csv, facts.csv, findings.csv: flat tables for
//! spreadsheets and SQL, one row per file / fund line / indicator / fact / finding.

use std::path::Path;

use serde_json::Value;

use super::RecordSource;
use crate::model::Source;
use crate::record::num_json;

fn num(v: Option<f64>) -> String {
    v.map(|x| num_json(x).to_string()).unwrap_or_default()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn loc(s: &Source) -> [String; 4] {
    [opt(s.page), opt(s.table), opt(s.row), opt(s.col)]
}

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

pub const FILES_HEADER: &[&str] = &[
    "path", "sha256", "format", "status", "reports", "findings", "error",
];
pub const FUNDS_HEADER: &[&str] = &[
    "path",
    "sha256",
    "report",
    "kind",
    "year",
    "program",
    "unit",
    "money_unit",
    "line",
    "label",
    "budget",
    "executed",
    "rate",
    "budget_wan",
    "executed_wan",
    "initial",
    "weight",
    "score",
    "reason",
    "page",
    "table",
    "row",
    "col",
];
pub const INDICATORS_HEADER: &[&str] = &[
    "path",
    "sha256",
    "report",
    "kind",
    "year",
    "program",
    "unit",
    "level1",
    "level2",
    "name",
    "canonical",
    "match",
    "confidence",
    "target_raw",
    "target_op",
    "target_value",
    "target_value_hi",
    "target_unit",
    "actual_raw",
    "actual_op",
    "actual_value",
    "actual_value_hi",
    "actual_unit",
    "met",
    "reason",
    "weight",
    "score",
    "page",
    "table",
    "row",
    "col",
];
pub const FACTS_HEADER: &[&str] = &[
    "path",
    "sha256",
    "concept",
    "line",
    "label",
    "value",
    "unit",
    "value_wan",
    "text",
    "page",
    "paragraph",
    "start",
    "end",
    "table",
    "row",
    "col",
];
pub const FINDINGS_HEADER: &[&str] = &[
    "path", "sha256", "rule", "name", "severity", "report", "subject", "message", "values",
    "source",
];

fn op_str(op: crate::value::Op) -> String {
    serde_json::to_value(op)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn write_all(dir: &Path, records: &dyn RecordSource) -> std::io::Result<()> {
    let mut files = writer(&dir.join("files.csv"), FILES_HEADER)?;
    let mut funds = writer(&dir.join("funds.csv"), FUNDS_HEADER)?;
    let mut inds = writer(&dir.join("indicators.csv"), INDICATORS_HEADER)?;
    let mut facts = writer(&dir.join("facts.csv"), FACTS_HEADER)?;
    let mut finds = writer(&dir.join("findings.csv"), FINDINGS_HEADER)?;
    records.each(&mut |r| {
        let path = &r.file.path;
        let sha = &r.file.sha256;
        let error = r
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.code, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        files.write_record([
            path.clone(),
            sha.clone(),
            r.file.format.clone().unwrap_or_default(),
            r.status.as_str().to_string(),
            r.reports.len().to_string(),
            r.findings.len().to_string(),
            error,
        ])?;
        for (i, rep) in r.reports.iter().enumerate() {
            let head = [
                path.clone(),
                sha.clone(),
                i.to_string(),
                rep.kind.as_str().to_string(),
                opt(rep.year),
                rep.program.clone().unwrap_or_default(),
                rep.meta.unit.clone().unwrap_or_default(),
            ];
            for f in &rep.funds {
                let mut row: Vec<String> = head.to_vec();
                row.extend([
                    rep.money_unit.clone().unwrap_or_default(),
                    f.line.clone().unwrap_or_default(),
                    f.label.clone(),
                    num(f.budget),
                    num(f.executed),
                    num(f.rate),
                    num(f.budget_wan),
                    num(f.executed_wan),
                    num(f.initial),
                    num(f.weight),
                    num(f.score),
                    f.reason.clone().unwrap_or_default(),
                ]);
                row.extend(loc(&f.source));
                funds.write_record(&row)?;
            }
            for ind in &rep.indicators {
                let mut row: Vec<String> = head.to_vec();
                row.extend([
                    ind.level1.clone().unwrap_or_default(),
                    ind.level2.clone().unwrap_or_default(),
                    ind.name.clone(),
                    ind.canonical.clone().unwrap_or_default(),
                    ind.match_kind.to_string(),
                    num_json(ind.confidence).to_string(),
                ]);
                for p in [&ind.target, &ind.actual] {
                    row.extend([
                        p.raw.clone(),
                        op_str(p.op),
                        num(p.value),
                        num(p.value_hi),
                        p.unit.clone().unwrap_or_default(),
                    ]);
                }
                row.extend([
                    opt(ind.met),
                    ind.reason.clone(),
                    num(ind.weight),
                    num(ind.score),
                ]);
                row.extend(loc(&ind.source));
                inds.write_record(&row)?;
            }
        }
        for f in &r.facts {
            let s = &f.source;
            facts.write_record([
                path.clone(),
                sha.clone(),
                f.concept.clone(),
                f.line.clone().unwrap_or_default(),
                f.label.clone(),
                num_json(f.value).to_string(),
                f.unit.clone().unwrap_or_default(),
                num(f.value_wan),
                f.text.clone(),
                opt(s.page),
                opt(s.paragraph),
                opt(s.start),
                opt(s.end),
                opt(s.table),
                opt(s.row),
                opt(s.col),
            ])?;
        }
        for f in &r.findings {
            finds.write_record([
                path.clone(),
                sha.clone(),
                f.rule.to_string(),
                f.name.to_string(),
                f.severity.as_str().to_string(),
                opt(f.report),
                json(&f.subject),
                f.message.clone(),
                json(&f.values),
                json(&Value::from(
                    f.source
                        .iter()
                        .map(|s| serde_json::to_value(s).unwrap_or(Value::Null))
                        .collect::<Vec<_>>(),
                )),
            ])?;
        }
        Ok(())
    })?;
    for w in [&mut files, &mut funds, &mut inds, &mut facts, &mut finds] {
        w.flush()?;
    }
    Ok(())
}

fn writer(path: &Path, header: &[&str]) -> std::io::Result<csv::Writer<std::fs::File>> {
    let mut w = csv::Writer::from_path(path).map_err(std::io::Error::other)?;
    w.write_record(header).map_err(std::io::Error::other)?;
    Ok(w)
}
