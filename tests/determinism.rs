//! The same inputs give byte-identical outputs whatever `--jobs` is, and whichever
//! order the inputs are named in.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::root;

fn run(out: &Path, jobs: &str, inputs: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(root())
        .arg("run")
        .args(inputs)
        .args(["--jobs", jobs, "-o"])
        .arg(out)
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn files_of(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

#[test]
fn outputs_do_not_depend_on_jobs_or_input_order() {
    let base = std::env::temp_dir().join(format!("jixiao-det-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (a, b, c) = (base.join("a"), base.join("b"), base.join("c"));
    // Scanned samples are left out: OCR gives up on a page after a time budget, so on a
    // loaded machine its text can depend on timing (see OCR.md).
    let mut entries: Vec<String> = std::fs::read_dir(root().join("samples"))
        .expect("samples")
        .map(|e| {
            format!(
                "samples/{}",
                e.expect("entry").file_name().to_string_lossy()
            )
        })
        .filter(|p| p != "samples/scans")
        .collect();
    entries.sort();
    let forward: Vec<&str> = entries.iter().map(String::as_str).collect();
    run(&a, "1", &forward);
    run(&b, "4", &forward);
    // The same files named entry by entry, in reverse order.
    let backward: Vec<&str> = forward.iter().rev().copied().collect();
    run(&c, "3", &backward);
    let fa = files_of(&a);
    assert!(fa.iter().any(|p| p.ends_with("records.jsonl")));
    for other in [&b, &c] {
        let fo = files_of(other);
        assert_eq!(
            fa.iter().map(|p| p.file_name()).collect::<Vec<_>>(),
            fo.iter().map(|p| p.file_name()).collect::<Vec<_>>()
        );
        for (x, y) in fa.iter().zip(&fo) {
            // Every output, binary ones included: jixiao.sqlite is written row by row in
            // record order, and findings.xlsx carries a fixed creation date.
            let name = x.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let (bx, by) = (
                std::fs::read(x).expect("read"),
                std::fs::read(y).expect("read"),
            );
            assert!(bx == by, "{name} differs between runs");
        }
    }
    let _ = std::fs::remove_dir_all(&base);
}
