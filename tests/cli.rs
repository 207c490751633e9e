//! The command line as users and scripts meet it: exit codes, outputs, summary.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::root;

fn jixiao() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    // English whatever the locale of the machine running the tests.
    c.current_dir(root())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c
}

fn temp_out(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("jixiao-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    p
}

#[test]
fn run_on_samples_writes_the_dataset_and_a_summary() {
    let out = temp_out("run");
    let o = jixiao()
        .args(["run", "samples/seeds", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("14 files (14 ok, 0 partial, 0 failed), 20 forms"),
        "{stderr}"
    );
    let records = std::fs::read_to_string(out.join("records.jsonl")).expect("records");
    assert_eq!(records.lines().count(), 14);
    for line in records.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        assert_eq!(v["schema"], "jixiao/1");
    }
    let files = std::fs::read_to_string(out.join("files.csv")).expect("files.csv");
    let mut lines = files.lines();
    assert_eq!(
        lines.next(),
        Some("path,sha256,format,status,reports,findings,error")
    );
    assert_eq!(lines.count(), 14);
    let funds = std::fs::read_to_string(out.join("funds.csv")).expect("funds.csv");
    assert!(funds.contains("其他资金,390.78,395.53,101.22"), "{funds}");
    let findings = std::fs::read_to_string(out.join("findings.csv")).expect("findings.csv");
    assert!(findings.contains("F002,fund-executed-exceeds-budget,warning,0"));
    for f in ["indicators.csv", "facts.csv"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn fail_on_gives_exit_3_and_bad_usage_exit_2() {
    let out = temp_out("failon");
    let o = jixiao()
        .args([
            "run",
            "samples/seeds/000_miyi_2022.docx",
            "--fail-on",
            "warning",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(3));
    let o = jixiao()
        .args([
            "run",
            "samples/seeds/002_guangxi_2023.docx",
            "--fail-on",
            "warning",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "002 has no findings");
    for args in [
        vec!["run"],
        vec!["run", "no/such/folder"],
        vec!["run", "samples", "--fail-on", "loud"],
        vec!["frobnicate"],
        vec!["rules", "X999"],
        vec!["run", "samples", "--shard", "3/2"],
        vec!["run", "samples", "--formats", "csv,xml"],
        vec!["run", "samples", "--limit", "rows=0"],
        vec!["run", "samples", "--limits", "no/such.toml"],
        vec!["extract", "no/such.docx"],
        vec!["merge", "samples"],
    ] {
        let o = jixiao().args(&args).output().expect("runs");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn extract_prints_one_record() {
    let o = jixiao()
        .args(["extract", "samples/seeds/001_mianyang_2020.xlsx"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("pretty json");
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["file"]["format"], "xlsx");
}

/// `jixiao extract F | head`: the reader goes away and jixiao ends quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    // Its record, pretty-printed, is larger than a pipe holds: the write after the reader
    // is gone fails.
    let mut child = jixiao()
        .args(["extract", "samples/pdf/001_mianyang_2020.word.pdf"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut head = [0u8; 10];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut head)
        .expect("the start of the record");
    let o = child.wait_with_output().expect("ends");
    assert_eq!(&head[..1], b"{");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

#[test]
fn rules_lists_the_registry_and_documents_each_rule() {
    let o = jixiao().arg("rules").output().expect("runs");
    let text = String::from_utf8_lossy(&o.stdout);
    for code in ["F001", "F002", "F003", "F004", "I001", "I002"] {
        assert!(
            text.lines().any(|l| l.starts_with(code)),
            "{code} in\n{text}"
        );
    }
    let o = jixiao().args(["rules", "f002"]).output().expect("runs");
    let doc = String::from_utf8_lossy(&o.stdout);
    assert!(
        doc.starts_with("F002 fund-executed-exceeds-budget (warning)"),
        "{doc}"
    );
    assert!(doc.contains("Example"), "{doc}");
}

#[test]
fn unmapped_lists_names_without_canonical_most_frequent_first() {
    let out = temp_out("unmapped");
    let o = jixiao()
        .args(["run", "samples/seeds", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0));
    let o = jixiao().arg("unmapped").arg(&out).output().expect("runs");
    let text = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<(usize, &str)> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(n, name)| (n.parse().expect("count"), name))
        .collect();
    assert!(
        rows.contains(&(4, "退役军人参保及关系转移接续系统适应性")),
        "{text}"
    );
    assert!(rows.windows(2).all(|w| w[0].0 >= w[1].0), "sorted by count");
    assert!(
        !text.contains("救助对象对救助工作满意度"),
        "mapped names are not listed"
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// The README's table of limits lists every limit with its default, so that the
/// documentation cannot drift from `src/limits.rs`.
#[test]
fn readme_lists_every_limit_with_its_default() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let defaults = jixiao::limits::Limits::default();
    for l in jixiao::limits::LIMITS {
        let row = readme
            .lines()
            .find(|line| line.starts_with(&format!("| `{}` |", l.name)))
            .unwrap_or_else(|| panic!("README has no row for limit {}", l.name));
        let value = defaults.get(l.name).expect("default");
        let written = row.split('|').nth(2).expect("default column").trim();
        let digits: String = written
            .split_whitespace()
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let n: u64 = digits.parse().expect("a number");
        let scaled = if written.ends_with("MiB") { n << 20 } else { n };
        assert_eq!(scaled, value, "README default of {}: {written}", l.name);
        for code in l.codes.split(", ") {
            assert!(
                row.contains(&format!("`{code}`")),
                "README row of {} lacks {code}",
                l.name
            );
        }
    }
}
