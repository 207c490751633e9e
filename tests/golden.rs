//! Golden records: every sample's full record is kept under tests/golden/ and any
//! change to what jixiao extracts from a sample shows up here as a diff.
//!
//! After an intended change, review the diff and re-bless with
//! `JIXIAO_BLESS=1 cargo test --test golden`.
//!
//! Scanned samples are checked by tests/ocr.rs instead, within what OCR confidence
//! allows: their text depends on the tesseract version and on OCR's time budgets.

mod common;

use std::path::PathBuf;

use common::{all_samples, record, root};

/// The samples with a golden record: all but the scans.
fn samples() -> Vec<PathBuf> {
    all_samples()
        .into_iter()
        .filter(|p| !p.starts_with(root().join("samples/scans")))
        .collect()
}

fn golden_path(sample: &std::path::Path) -> PathBuf {
    let rel = sample
        .strip_prefix(root().join("samples"))
        .unwrap_or(sample)
        .to_string_lossy()
        .replace('/', "__");
    root().join("tests/golden").join(format!("{rel}.json"))
}

#[test]
fn every_sample_matches_its_golden_record() {
    let bless = std::env::var_os("JIXIAO_BLESS").is_some();
    let samples = samples();
    assert!(
        samples.len() >= 20,
        "samples/ holds {} files",
        samples.len()
    );
    let mut failures = Vec::new();
    for s in &samples {
        let got = serde_json::to_string_pretty(&record(s)).expect("json") + "\n";
        let path = golden_path(s);
        if bless {
            std::fs::write(&path, &got).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => {
                let line = want
                    .lines()
                    .zip(got.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                failures.push(format!(
                    "{}: differs from {} at line {}:\n  golden: {}\n  now:    {}",
                    s.display(),
                    path.display(),
                    line + 1,
                    want.lines().nth(line).unwrap_or(""),
                    got.lines().nth(line).unwrap_or("")
                ));
            }
            Err(_) => failures.push(format!(
                "{}: no golden record at {} (JIXIAO_BLESS=1 writes it)",
                s.display(),
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_golden_without_its_sample() {
    let samples: Vec<PathBuf> = samples().iter().map(|s| golden_path(s)).collect();
    for e in std::fs::read_dir(root().join("tests/golden")).expect("golden dir") {
        let p = e.expect("entry").path();
        assert!(samples.contains(&p), "stale golden record {}", p.display());
    }
}
