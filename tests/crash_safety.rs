//! Bulk runs that are killed: SIGKILL early, mid-run, in a resumed run and during the
//! final write, then `--resume`, gives every output byte for byte as one uninterrupted
//! run, reusing what the journal holds; one run per output folder; SIGTERM and SIGINT
//! stop cleanly.
#![cfg(unix)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::root;

const FILES: usize = 200;
const JOURNAL: &str = ".jixiao-journal.jsonl";
const LOCK: &str = ".jixiao.lock";

/// The scratch folder of this test process (under target/, emptied at the start): the
/// corpus and every output folder, side by side (the workbook's links are relative to its folder, so outputs compared byte for
/// byte must sit at the same depth).
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("crash-safety");
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch folder");
        d
    })
}

/// A few hundred generated .docx forms (scripts/gen_corpus.py, fixed seed).
fn corpus() -> &'static Path {
    static CORPUS: OnceLock<PathBuf> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = scratch().join("corpus");
        let o = Command::new("python3")
            .arg(root().join("scripts/gen_corpus.py"))
            .arg(&dir)
            .args(["--files", &FILES.to_string(), "--seed", "11"])
            .args(["--formats", "docx"])
            .output()
            .expect("python3 runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    })
}

/// The outputs of one uninterrupted run over the corpus.
fn reference() -> &'static Path {
    static REF: OnceLock<PathBuf> = OnceLock::new();
    REF.get_or_init(|| {
        let out = scratch().join("reference");
        let o = run(&out, &[]).wait_with_output().expect("runs");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains(&format!("{FILES} processed, 0 resumed")));
        out
    })
}

/// An output folder of one test, removed when the test ends.
struct Out(PathBuf);

impl std::ops::Deref for Out {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fresh(name: &str) -> Out {
    let out = scratch().join(name);
    let _ = std::fs::remove_dir_all(&out);
    Out(out)
}

fn run(out: &Path, extra: &[&str]) -> Child {
    run_on(&[corpus().to_path_buf()], out, extra)
}

fn run_on(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("run")
        .args(inputs)
        .args(["--jobs", "2", "-o"])
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts")
}

fn resume(out: &Path) -> Output {
    run(out, &["--resume"]).wait_with_output().expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whole lines in the journal.
fn journal_lines(out: &Path) -> usize {
    std::fs::read(out.join(JOURNAL)).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

/// The staging folder beside `out`.
fn staging(out: &Path) -> PathBuf {
    let name = out.file_name().expect("a name").to_string_lossy();
    out.with_file_name(format!(".{name}.jixiao-staging"))
}

/// Waits until `ready` holds, polling; false when the run ended first.
fn wait_for(child: &mut Child, ready: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(600) {
        if ready() {
            return true;
        }
        if child.try_wait().expect("status").is_some() {
            return ready();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    false
}

/// Starts a run and kills it with SIGKILL once `ready` holds; what it printed.
fn kill_when(out: &Path, extra: &[&str], what: &str, ready: impl Fn() -> bool) -> String {
    let mut child = run(out, extra);
    let caught = wait_for(&mut child, ready);
    child.kill().expect("SIGKILL");
    let o = child.wait_with_output().expect("ends");
    assert!(
        caught && o.status.code().is_none(),
        "the run ended before it could be killed {what}: {}",
        stderr(&o)
    );
    stderr(&o)
}

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill")
        .args(["-s", name, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
}

/// "N processed, M resumed" of a summary line.
fn counts(err: &str) -> (usize, usize) {
    let num = |word: &str| {
        let end = err.find(word).unwrap_or_else(|| panic!("{word} in {err}"));
        err[..end]
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a count before {word} in {err}"))
    };
    (num(" processed"), num(" resumed"))
}

/// Every file of `out` equals the reference's, and there is nothing else: no journal,
/// lock, scratch or staging files.
fn assert_as_reference(out: &Path) {
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("a folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let expected = names(reference());
    assert_eq!(names(out), expected, "files in {}", out.display());
    for name in &expected {
        let same = std::fs::read(out.join(name)).expect("read")
            == std::fs::read(reference().join(name)).expect("read");
        assert!(same, "{name} differs from the uninterrupted run's");
    }
    assert!(!staging(out).exists(), "the staging folder is gone");
}

/// Resumes, checks that exactly the files not in the journal were processed, and
/// compares the outputs with the uninterrupted run's.
fn resume_and_compare(out: &Path, journalled: usize) {
    let o = resume(out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(counts(&err), (FILES - journalled, journalled), "{err}");
    assert_as_reference(out);
}

#[test]
fn killed_early_the_resumed_run_redoes_only_what_was_not_journalled() {
    let out = fresh("early");
    kill_when(&out, &[], "early", || journal_lines(&out) >= 1);
    let journalled = journal_lines(&out);
    assert!(journalled < FILES, "killed early");
    assert!(!out.join("records.jsonl").exists());
    resume_and_compare(&out, journalled);
}

#[test]
fn killed_twice_mid_run_with_a_torn_line_the_resumed_run_completes_it() {
    let out = fresh("mid");
    kill_when(&out, &[], "mid-run", || journal_lines(&out) >= FILES / 3);
    let first = journal_lines(&out);
    // A record cut short, as a power cut can leave one: dropped, its file done again.
    let journal = std::fs::read(out.join(JOURNAL)).expect("journal");
    let cut = &journal[..journal.len().min(300)];
    std::fs::OpenOptions::new()
        .append(true)
        .open(out.join(JOURNAL))
        .and_then(|mut f| f.write_all(cut))
        .expect("append");
    // Killed again, this time while resuming.
    let err = kill_when(&out, &["--resume"], "while resuming", || {
        journal_lines(&out) >= first + FILES / 3
    });
    assert!(
        err.contains("1 record(s) of the journal were cut short"),
        "{err}"
    );
    let journalled = journal_lines(&out);
    assert!(journalled < FILES, "killed before the end");
    let o = resume(&out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(counts(&err), (FILES - journalled, journalled), "{err}");
    assert_as_reference(&out);
}

#[test]
fn a_killed_resume_of_a_finished_run_keeps_both_its_records_and_the_new_ones() {
    let out = fresh("grown");
    let mut half: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    half.sort();
    half.truncate(FILES / 2);
    let o = run_on(&half, &out, &[]).wait_with_output().expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The whole corpus, resumed from the finished half, killed part-way.
    kill_when(&out, &["--resume"], "while growing", || {
        journal_lines(&out) >= FILES / 2 + FILES / 8
    });
    let journalled = journal_lines(&out);
    assert!(journalled < FILES, "killed before the end");
    resume_and_compare(&out, journalled);
}

#[test]
fn killed_during_the_final_write_no_output_looks_complete_and_nothing_is_redone() {
    let out = fresh("final");
    let stage = staging(&out);
    kill_when(&out, &[], "during the final write", || {
        std::fs::read_dir(&stage).is_ok_and(|mut d| d.next().is_some())
    });
    assert_eq!(journal_lines(&out), FILES);
    for name in [
        "records.jsonl",
        "jixiao.sqlite",
        "findings.xlsx",
        "files.csv",
    ] {
        assert!(!out.join(name).exists(), "{name} is not in OUT");
    }
    resume_and_compare(&out, FILES);
    // A finished run resumed processes nothing and leaves nothing behind either.
    resume_and_compare(&out, FILES);
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_and_a_dead_runs_lock_taken_over() {
    let out = fresh("lock");
    let mut first = run(&out, &[]);
    let pid = first.id();
    let locked = wait_for(&mut first, || {
        std::fs::read_to_string(out.join(LOCK)).is_ok_and(|t| t.contains("started"))
    });
    assert!(locked, "the first run holds the lock");
    let start = Instant::now();
    let second = run(&out, &["--resume"]).wait_with_output().expect("runs");
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(start.elapsed() < Duration::from_secs(30), "refused at once");
    assert!(err.contains(&format!("pid {pid}, started 20")), "{err}");
    assert!(err.contains("in use by another jixiao run"), "{err}");
    // The first run dies without a chance to release anything.
    first.kill().expect("SIGKILL");
    first.wait().expect("ends");
    assert!(out.join(LOCK).exists(), "a stale lock is left");
    let journalled = journal_lines(&out);
    let o = resume(&out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("pid {pid}")) && err.contains("taking it over"),
        "{err}"
    );
    assert_eq!(counts(&err), (FILES - journalled, journalled), "{err}");
    assert_as_reference(&out);
}

#[test]
fn sigterm_and_sigint_stop_cleanly_and_resume_continues() {
    let out = fresh("signals");
    let mut child = run(&out, &[]);
    assert!(wait_for(&mut child, || journal_lines(&out) >= FILES / 4));
    signal(&child, "TERM");
    let o = child.wait_with_output().expect("ends");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(143), "{err}");
    let done: usize = err
        .split("interrupted by SIGTERM: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("files done in {err}"));
    assert!(
        err.contains(&format!("{done} of {FILES} files done")),
        "{err}"
    );
    assert!(err.contains("--resume"), "{err}");
    assert_eq!(journal_lines(&out), done, "every file done is journalled");
    assert!(!out.join(LOCK).exists(), "the lock is released");
    assert!(!out.join("records.jsonl").exists(), "no partial dataset");
    // Ctrl-C while resuming: the same, with the shell's code for SIGINT.
    let mut child = run(&out, &["--resume"]);
    assert!(wait_for(&mut child, || journal_lines(&out) >= done + FILES / 4));
    signal(&child, "INT");
    let o = child.wait_with_output().expect("ends");
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("interrupted by SIGINT"),
        "{}",
        stderr(&o)
    );
    resume_and_compare(&out, journal_lines(&out));
}
