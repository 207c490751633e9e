//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

use jixiao::pipeline::{process_path, Config};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample(rel: &str) -> PathBuf {
    root().join("samples").join(rel)
}

/// The record of one file as JSON, with the path written relative to the repository.
pub fn record(path: &Path) -> Value {
    let display = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    let rec = process_path(path, &display, &Config::default());
    serde_json::to_value(&rec).expect("records serialise")
}

/// Every sample file, sorted.
pub fn all_samples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(&root().join("samples"))
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["docx", "doc", "pdf", "xlsx", "xls", "ods", "txt"].contains(&e))
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Funds of a report as comparable tuples: (line, budget, executed, rate).
pub fn funds(report: &Value) -> Vec<(Value, Value, Value, Value)> {
    report["funds"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["line"].clone(),
                f["budget"].clone(),
                f["executed"].clone(),
                f["rate"].clone(),
            )
        })
        .collect()
}

/// Indicators of a report as comparable tuples: (name, canonical, target raw, actual raw).
pub fn indicators(report: &Value) -> Vec<(String, Value, String, String)> {
    report["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                squash(i["name"].as_str().unwrap_or("")),
                i["canonical"].clone(),
                squash(i["target"]["raw"].as_str().unwrap_or("")),
                squash(i["actual"]["raw"].as_str().unwrap_or("")),
            )
        })
        .collect()
}

/// Text without white space: formats differ in where they break lines.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// (rule, report, subject) of every finding, sorted.
pub fn findings(rec: &Value) -> Vec<(String, Value, String)> {
    let mut out: Vec<(String, Value, String)> = rec["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["report"].clone(),
                f["subject"].to_string(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.1.to_string(), &a.2).cmp(&(&b.0, b.1.to_string(), &b.2)));
    out
}
