//! One file in, one record out; and the walk over many files.
//!
//! Nothing here may stop a batch: a reader error becomes a `failed` record, a
//! panic inside a reader is caught and reported the same way, content lost to a
//! limit makes the record `partial`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::ReadError;
use crate::forms;
use crate::limits::Limits;
use crate::normalize::Patterns;
use crate::read;
use crate::record::{ErrorEntry, FileInfo, Record, Status, SCHEMA};
use crate::rules::{self, CheckContext, RuleConfig};

/// Everything a run needs besides the inputs.
#[derive(Debug, Clone)]
pub struct Config {
    pub limits: Limits,
    pub patterns: Patterns,
    pub rules: RuleConfig,
}

impl Default for Config {
    /// Default limits, the built-in patterns and default rule settings.
    fn default() -> Self {
        Config {
            limits: Limits::default(),
            patterns: Patterns::builtin(),
            rules: RuleConfig::default(),
        }
    }
}

/// The name of the threads files are read on: a panic there is caught and recorded.
pub const FILE_THREAD: &str = "jixiao-file";

/// Processes one file. `display` is the path as it goes into the record.
pub fn process_path(path: &Path, display: &str, cfg: &Config) -> Record {
    match read_file(path, &cfg.limits) {
        Ok(bytes) => process_bytes(&bytes, display, cfg),
        Err(e) => failed(
            FileInfo {
                path: display.to_string(),
                sha256: String::new(),
                format: None,
                bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                pages: None,
            },
            &e,
        ),
    }
}

/// [`process_path`] on a thread of its own, abandoned when it is still busy at twice
/// `max_millis`: readers stop themselves at `max_millis`, and this is what holds when
/// one does not (a loop without a clock check, the form interpreter on a pathological
/// table). The abandoned thread runs on until it ends, but the batch goes on and the
/// file gets a `failed` record with `limit.millis`.
pub fn process_path_bounded(path: &Path, display: &str, cfg: &Arc<Config>) -> Record {
    let (tx, rx) = mpsc::channel();
    let (p, d, c) = (path.to_path_buf(), display.to_string(), Arc::clone(cfg));
    let spawned = std::thread::Builder::new()
        .name(FILE_THREAD.into())
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = tx.send(process_path(&p, &d, &c));
        });
    if spawned.is_err() {
        return process_path(path, display, cfg);
    }
    let wait = Duration::from_millis(cfg.limits.max_millis.saturating_mul(2).max(1_000));
    match rx.recv_timeout(wait) {
        Ok(rec) => rec,
        Err(mpsc::RecvTimeoutError::Timeout) => failed(
            FileInfo {
                path: display.to_string(),
                sha256: String::new(),
                format: None,
                bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                pages: None,
            },
            &ReadError::limit(
                "millis",
                format!(
                    "no result after {} ms; the file was abandoned",
                    wait.as_millis()
                ),
            ),
        ),
        // The worker ended without sending: a panic that escaped the guards inside.
        Err(mpsc::RecvTimeoutError::Disconnected) => failed(
            FileInfo {
                path: display.to_string(),
                sha256: String::new(),
                format: None,
                bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                pages: None,
            },
            &ReadError::damaged("file", "processing failed on this content"),
        ),
    }
}

fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::Io(std::io::Error::other("not a regular file")));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ReadError::limit(
            "file_bytes",
            format!("{} bytes > {}", meta.len(), limits.max_file_bytes),
        ));
    }
    Ok(std::fs::read(path)?)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Processes bytes already in memory.
pub fn process_bytes(bytes: &[u8], display: &str, cfg: &Config) -> Record {
    let mut info = FileInfo {
        path: display.to_string(),
        sha256: sha256_hex(bytes),
        format: read::sniff(bytes).ok().map(|f| f.as_str().to_string()),
        bytes: bytes.len() as u64,
        pages: None,
    };
    let read = catch_unwind(AssertUnwindSafe(|| read::read_bytes(bytes, &cfg.limits)));
    let doc = match read {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return failed(info, &e),
        Err(_) => {
            return failed(
                info,
                &ReadError::damaged("file", "the reader failed on this content"),
            )
        }
    };
    info.pages = doc.pages;
    let interp = catch_unwind(AssertUnwindSafe(|| forms::interpret(&doc, &cfg.patterns)));
    let Ok(interp) = interp else {
        return failed(
            info,
            &ReadError::damaged("file", "the form interpreter failed on this content"),
        );
    };
    // A block the interpreter recognised but could not read is content lost like a
    // reader's: the record says so and is partial.
    let errors: Vec<ErrorEntry> = doc
        .issues
        .iter()
        .chain(&interp.issues)
        .map(|i| ErrorEntry {
            code: i.code.clone(),
            message: i.message.clone(),
        })
        .collect();
    let mut record = Record {
        schema: SCHEMA,
        file: info,
        status: if errors.is_empty() {
            Status::Ok
        } else {
            Status::Partial
        },
        errors,
        title: interp.title,
        year: interp.year,
        ocr: doc.ocr,
        ocr_pages: doc.ocr_pages.clone(),
        reports: interp.reports,
        facts: Vec::new(),
        findings: Vec::new(),
    };
    // Prose reading is best effort: a failure there must not lose the forms.
    let mut stated = crate::facts::Narrative::default();
    if let Ok((facts, narrative)) = catch_unwind(AssertUnwindSafe(|| {
        crate::facts::extract(&doc, &record.reports, record.year, &cfg.patterns)
    })) {
        record.facts = facts;
        stated = narrative;
    }
    let ctx = CheckContext {
        patterns: &cfg.patterns,
        config: &cfg.rules,
        narrative: &stated,
    };
    record.findings = rules::check_record(&record, &ctx);
    record
}

fn failed(file: FileInfo, e: &ReadError) -> Record {
    Record {
        schema: SCHEMA,
        file,
        status: Status::Failed,
        errors: vec![ErrorEntry {
            code: e.code(),
            message: e.to_string(),
        }],
        title: None,
        year: None,
        ocr: false,
        ocr_pages: Vec::new(),
        reports: Vec::new(),
        facts: Vec::new(),
        findings: Vec::new(),
    }
}

/// An input file found by the walk: where it is and how it is named in records.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub display: String,
    pub path: PathBuf,
}

/// Files under the given paths, sorted by their displayed path so that every run
/// over the same inputs sees them in the same order. Symlink loops and unreadable
/// folders are skipped by the walk and reported as inputs that fail.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) if e.file_type().is_file() => out.push(Input {
                        display: e.path().to_string_lossy().into_owned(),
                        path: e.path().to_path_buf(),
                    }),
                    Ok(_) => {}
                    Err(e) => {
                        if let Some(path) = e.path() {
                            out.push(Input {
                                display: path.to_string_lossy().into_owned(),
                                path: path.to_path_buf(),
                            });
                        }
                    }
                }
            }
        } else {
            out.push(Input {
                display: p.to_string_lossy().into_owned(),
                path: p.clone(),
            });
        }
    }
    out.sort();
    out.dedup();
    out
}
