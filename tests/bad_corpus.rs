//! The bad-input corpus of scripts/make_bad_corpus.py through the `jixiao` binary:
//! every regular file gets exactly one record with a status and, unless it is ok, an
//! error code; the statuses and codes the script's manifest promises are the ones
//! given; nothing panics and the run ends in bounded time.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::root;

/// Generous for 2 slow cores; the corpus reads in a few seconds when nothing hangs.
const RUN_LIMIT: Duration = Duration::from_secs(240);

fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Regular files under `dir` (links not followed), named as jixiao names them: the
/// path under `dir`, undecodable bytes as U+FFFD.
fn regular_files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            regular_files(&p, base, out);
        } else if meta.is_file() {
            out.push(rel(&p, base));
        }
    }
}

fn rel(p: &Path, base: &Path) -> String {
    p.strip_prefix(base)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn unlock(dir: &Path) {
    let _ = Command::new("chmod")
        .arg("-R")
        .arg("u+rwx")
        .arg(dir)
        .status();
}

#[test]
fn every_bad_file_is_accounted_for_with_a_code() {
    let Some(py) = python() else {
        eprintln!("SKIPPED bad_corpus: no python3 on PATH to generate the corpus");
        return;
    };
    let base: PathBuf = std::env::temp_dir().join(format!("jixiao-bad-{}", std::process::id()));
    let corpus = base.join("corpus");
    let out = base.join("out");
    let _ = std::fs::create_dir_all(&base);
    let made = Command::new(py)
        .arg(root().join("scripts/make_bad_corpus.py"))
        .arg(&corpus)
        .output()
        .expect("run make_bad_corpus.py");
    assert!(
        made.status.success(),
        "make_bad_corpus.py failed: {}",
        String::from_utf8_lossy(&made.stderr)
    );

    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("run")
        .arg(&corpus)
        .args(["--formats", "jsonl,csv", "--jobs", "2", "-o"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start jixiao");
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            unlock(&base);
            panic!("jixiao run over the bad corpus took over {RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    assert_eq!(status.code(), Some(0), "jixiao run failed: {stderr}");
    assert!(
        !stderr.contains("panicked"),
        "a panic was printed: {stderr}"
    );

    // Records by path under the corpus; a path may be shared by two files whose names
    // differ only in undecodable bytes, so keep every record.
    let text = std::fs::read_to_string(out.join("records.jsonl")).expect("records.jsonl");
    let mut records: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("record is JSON");
        let path = v["file"]["path"].as_str().expect("file.path").to_string();
        records
            .entry(rel(Path::new(&path), &corpus))
            .or_default()
            .push(v);
    }

    for (path, recs) in &records {
        for r in recs {
            let status = r["status"].as_str().unwrap_or("");
            assert!(
                ["ok", "partial", "failed"].contains(&status),
                "{path}: status {status:?}"
            );
            let codes: Vec<&str> = r["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["code"].as_str())
                .collect();
            if status == "ok" {
                assert!(codes.is_empty(), "{path}: ok with errors {codes:?}");
            } else {
                assert!(
                    !codes.is_empty() && codes.iter().all(|c| c.contains('.')),
                    "{path}: {status} without a dotted error code: {codes:?}"
                );
            }
        }
    }

    // One record per regular file. Files in a folder this user cannot list are the
    // exception: the walk cannot see them, and the folder itself gets a failed record.
    let mut files = Vec::new();
    regular_files(&corpus, &corpus, &mut files);
    let locked_dir = corpus.join("locked/dir");
    let can_list = std::fs::read_dir(&locked_dir).is_ok();
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        if !can_list && f.starts_with("locked/dir/") {
            continue;
        }
        *expected.entry(f.clone()).or_default() += 1;
    }
    if !can_list {
        expected.insert("locked/dir".into(), 1);
    }
    for (path, n) in &expected {
        let got = records.get(path).map_or(0, Vec::len);
        assert_eq!(got, *n, "{path}: {got} records for {n} files");
    }
    // Whatever else has a record is a link the walk followed or could not follow, and
    // it failed with a code (checked above).
    for path in records.keys() {
        if !expected.contains_key(path) {
            assert!(path.starts_with("links/"), "record for unknown path {path}");
        }
    }
    assert!(
        files.len() >= 60,
        "corpus has only {} regular files",
        files.len()
    );

    // The statuses and codes the manifest promises.
    let manifest = std::fs::read_to_string(base.join("corpus.manifest.tsv")).expect("manifest");
    let mut checked = 0;
    for line in manifest.lines() {
        let mut cols = line.split('\t');
        let (Some(path), Some(want), Some(code)) = (cols.next(), cols.next(), cols.next()) else {
            panic!("bad manifest line {line:?}");
        };
        let Some(recs) = records.get(path) else {
            assert!(
                path.starts_with("locked/dir/") && !can_list,
                "{path} has no record"
            );
            continue;
        };
        for r in recs {
            let got = r["status"].as_str().unwrap_or("");
            if want != "any" {
                assert_eq!(got, want, "{path}: status");
            }
            if code != "*" && code != "-" {
                let codes: Vec<&str> = r["errors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e["code"].as_str())
                    .collect();
                assert!(
                    codes.contains(&code),
                    "{path}: codes {codes:?}, want {code}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} manifest lines checked");
    // The summary line counts every record.
    let total: usize = records.values().map(Vec::len).sum();
    assert!(
        stderr.contains(&format!("{total} files (")),
        "summary does not count {total} files: {stderr}"
    );
    assert!(
        start.elapsed() < RUN_LIMIT,
        "run took {:?}",
        start.elapsed()
    );
    unlock(&base);
    let _ = std::fs::remove_dir_all(&base);
}
