//! Precision of prose facts on the development set's narratives: every fact the tool
//! outputs is one the truth lists, or one reviewed in `tests/facts_allowed.tsv` with its
//! reason, so that wrong readings cannot creep back unseen. Skipped, with a message,
//! where the development set is not beside the repository ($JIXIAO_DEVSET names
//! another place).

mod common;

use std::path::PathBuf;

use common::{record, root};
use serde_json::Value;

const FORMATS: &[&str] = &["docx", "doc", "pdf", "txt"];
/// Known misreadings may make up at most this share of the facts output.
const MAX_WRONG: f64 = 0.05;

fn devset() -> Option<PathBuf> {
    let dir = std::env::var_os("JIXIAO_DEVSET")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared").join("devset"));
    dir.join("docs").is_dir().then_some(dir)
}

struct Allowed {
    doc: String,
    concept: String,
    line: Option<String>,
    value: f64,
    wrong: bool,
    used: bool,
}

fn allowed() -> Vec<Allowed> {
    let text = std::fs::read_to_string(root().join("tests").join("facts_allowed.tsv"))
        .expect("tests/facts_allowed.tsv is readable");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 5, "facts_allowed.tsv: five columns a line: {l}");
            assert!(!c[4].trim().is_empty(), "facts_allowed.tsv: no reason: {l}");
            Allowed {
                doc: c[0].to_string(),
                concept: c[1].to_string(),
                line: (c[2] != "-").then(|| c[2].to_string()),
                value: c[3]
                    .parse()
                    .expect("facts_allowed.tsv: a number in column 4"),
                wrong: c[4].starts_with("wrong:"),
                used: false,
            }
        })
        .collect()
}

/// The fact's value as the truth states it: 万元 for money.
fn value_of(f: &Value) -> Option<f64> {
    f["value_wan"].as_f64().or_else(|| f["value"].as_f64())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005 * b.abs().max(1.0)
}

/// As the scorer matches: same concept, same line where both give one, same value.
fn in_truth(f: &Value, truth: &[Value]) -> bool {
    truth.iter().any(|t| {
        t["concept"] == f["concept"]
            && (t["line"].is_null() || f["line"].is_null() || t["line"] == f["line"])
            && value_of(t)
                .zip(value_of(f))
                .is_some_and(|(tv, v)| close(v, tv))
    })
}

#[test]
fn every_fact_on_the_narratives_is_in_the_truth_or_reviewed() {
    let Some(dev) = devset() else {
        eprintln!("facts_precision: no development set at ../shared/devset; skipped");
        return;
    };
    let mut allow = allowed();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dev.join("docs"))
        .expect("devset docs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    docs.sort();
    let (mut total, mut outside, mut wrong) = (0usize, 0usize, 0usize);
    let mut unexplained = Vec::new();
    for path in docs {
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("spec")).expect("json");
        let truth = spec["expected_facts"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if truth.is_empty() || spec["narrative"].is_null() {
            continue;
        }
        let id = spec["id"].as_str().unwrap_or_default().to_string();
        for fmt in FORMATS {
            let file = dev.join("files").join(format!("{id}.{fmt}"));
            if !file.is_file() {
                continue;
            }
            let rec = record(&file);
            for f in rec["facts"].as_array().into_iter().flatten() {
                total += 1;
                if in_truth(f, &truth) {
                    continue;
                }
                outside += 1;
                let v = value_of(f).unwrap_or(f64::NAN);
                let hit = allow.iter_mut().find(|a| {
                    a.doc == id
                        && f["concept"] == a.concept.as_str()
                        && f["line"].as_str() == a.line.as_deref()
                        && close(v, a.value)
                });
                match hit {
                    Some(a) => {
                        a.used = true;
                        wrong += usize::from(a.wrong);
                    }
                    None => unexplained.push(format!(
                        "{id}.{fmt}\t{}\t{}\t{v}\t{}",
                        f["concept"].as_str().unwrap_or_default(),
                        f["line"].as_str().unwrap_or("-"),
                        f["text"].as_str().unwrap_or_default()
                    )),
                }
            }
        }
    }
    let share = wrong as f64 / total.max(1) as f64;
    eprintln!(
        "facts_precision: {total} facts, {outside} outside the truth (all reviewed), {wrong} known wrong ({:.1}%)",
        share * 100.0
    );
    assert!(
        unexplained.is_empty(),
        "facts neither in the truth nor in tests/facts_allowed.tsv:\n{}",
        unexplained.join("\n")
    );
    let stale: Vec<String> = allow
        .iter()
        .filter(|a| !a.used)
        .map(|a| format!("{} {} {:?} {}", a.doc, a.concept, a.line, a.value))
        .collect();
    assert!(
        stale.is_empty(),
        "facts_allowed.tsv lists facts no longer output (remove them):\n{}",
        stale.join("\n")
    );
    assert!(
        total > 0 && share <= MAX_WRONG,
        "known wrong facts are {:.1}% of {total}",
        share * 100.0
    );
}
