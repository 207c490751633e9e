//! The same document in every format gives the same funds, indicators and table
//! findings: .docx is the reference, .xlsx/.xls/.txt (and any other format of the
//! same document in samples/) must agree with it.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{all_samples, findings, funds, indicators, record, squash};
use serde_json::Value;

/// The seeds' .txt files carry their archive ids; the documents are named.
fn document_of(path: &std::path::Path) -> String {
    let stem = path.file_name().and_then(|s| s.to_str()).unwrap_or("");
    let stem = stem.split('.').next().unwrap_or("");
    match stem.split('_').next() {
        Some(id @ ("000" | "001" | "002" | "004")) => id.to_string(),
        _ => stem.to_string(),
    }
}

fn summary(rec: &Value) -> Value {
    let reports: Vec<Value> = rec["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            serde_json::json!({
                "kind": r["kind"],
                "program": r["program"].as_str().map(squash),
                "year": r["year"],
                "money_unit": r["money_unit"],
                "funds": funds(r).into_iter().map(|f| serde_json::json!([f.0, f.1, f.2, f.3])).collect::<Vec<_>>(),
                "indicators": indicators(r).into_iter().map(|i| serde_json::json!([i.0, i.1, i.2, i.3])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let table_findings: Vec<Value> = findings(rec)
        .into_iter()
        .filter(|f| !f.0.starts_with('N') && f.0 != "F005" && f.0 != "I003")
        .map(|f| serde_json::json!([f.0, f.1, f.2]))
        .collect();
    serde_json::json!({"reports": reports, "findings": table_findings})
}

#[test]
fn every_format_of_a_document_agrees_with_its_docx() {
    let mut groups: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    // Scans are compared within OCR confidence, in tests/ocr.rs.
    for s in all_samples()
        .into_iter()
        .filter(|s| !s.starts_with(common::sample("scans")))
    {
        groups.entry(document_of(&s)).or_default().push(s);
    }
    let mut compared = 0;
    let mut failures = Vec::new();
    for (doc, files) in &groups {
        let Some(reference) = files
            .iter()
            .find(|f| f.extension().is_some_and(|e| e == "docx"))
        else {
            continue;
        };
        let want = summary(&record(reference));
        for f in files.iter().filter(|f| *f != reference) {
            compared += 1;
            let got = summary(&record(f));
            if got != want {
                failures.push(format!(
                    "{doc}: {} differs from {}\n  docx: {}\n  this: {}",
                    f.display(),
                    reference.display(),
                    want,
                    got
                ));
            }
        }
    }
    assert!(compared >= 10, "only {compared} files compared");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
