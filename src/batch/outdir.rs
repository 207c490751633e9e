//! The output folder of a run or merge: locked for the run, cleared of what killed runs
//! left, and written so that every output file appears whole or not at all.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::interrupt::{Interrupt, Signal};
use super::lock::OutLock;
use super::store::{CHECKED_SUFFIX, SCRATCH_PREFIX, SCRATCH_SUFFIX};
use crate::i18n::Lang;
use crate::output::{self, OutFormat, RecordSource};
use crate::record::Record;

/// The journal of a run in OUT, kept until its outputs are in place.
pub const JOURNAL_FILE: &str = ".jixiao-journal.jsonl";
/// The end of the name of the folder beside OUT where the outputs are written before
/// they are renamed into OUT.
pub const STAGING_SUFFIX: &str = ".jixiao-staging";

/// An output folder this process holds the lock of.
pub struct OutDir {
    path: PathBuf,
    _lock: OutLock,
}

impl OutDir {
    /// Creates and locks `path`, then removes what a killed run left there except its
    /// journal, which the next run reuses (`--resume`) or starts afresh.
    pub fn claim(path: &Path) -> Result<OutDir> {
        std::fs::create_dir_all(path).with_context(|| format!("creating {}", path.display()))?;
        let lock = OutLock::acquire(path, &mut |holder| {
            eprintln!(
                "jixiao: {} was locked by a run that is gone ({holder}); taking it over",
                path.display()
            )
        })?;
        let out = OutDir {
            path: path.to_path_buf(),
            _lock: lock,
        };
        if let Some(staging) = out.staging() {
            remove_dir(&staging)?;
        }
        for entry in std::fs::read_dir(path)? {
            let name = entry?.file_name();
            let name = name.to_string_lossy();
            let leftover = (name.starts_with(SCRATCH_PREFIX) && name.ends_with(SCRATCH_SUFFIX))
                || name.ends_with(CHECKED_SUFFIX) && name.starts_with(".jixiao-");
            if leftover {
                std::fs::remove_file(path.join(&*name))?;
            }
        }
        Ok(out)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn journal(&self) -> PathBuf {
        self.path.join(JOURNAL_FILE)
    }

    /// The staging folder: beside OUT, not in it, because the workbook's links to the
    /// inputs are relative to the folder it is written in, and must not change when it is
    /// moved into OUT. None when OUT's parent cannot be named.
    fn staging(&self) -> Option<PathBuf> {
        let abs = std::path::absolute(&self.path).ok()?;
        let name = abs.file_name()?.to_string_lossy().into_owned();
        Some(abs.parent()?.join(format!(".{name}{STAGING_SUFFIX}")))
    }

    /// Writes the formats (each once) into the staging folder, makes the files durable,
    /// and renames them into OUT: a kill leaves every output either as it was or
    /// complete. When interrupted before the files are complete, OUT is left as it was.
    /// Where no staging folder can be made beside OUT (a parent that is read-only or on
    /// another file system), the outputs are written in place, with a warning.
    pub fn publish(
        &self,
        records: &dyn RecordSource,
        formats: &[OutFormat],
        lang: Lang,
        interrupt: &Interrupt,
    ) -> Result<Option<Signal>> {
        let mut distinct: Vec<OutFormat> = Vec::new();
        for f in formats {
            if !distinct.contains(f) {
                distinct.push(*f);
            }
        }
        let records = Interruptible { records, interrupt };
        let Some(staging) = self.staging().filter(|s| make_staging(s, &self.path)) else {
            eprintln!(
                "jixiao: warning: no folder can be made beside {} to write the outputs in; \
                 they are written in place",
                self.path.display()
            );
            return written(
                output::write_all_from(&self.path, &records, &distinct, lang),
                interrupt,
            );
        };
        let done = written(
            output::write_all_from(&staging, &records, &distinct, lang),
            interrupt,
        );
        if !matches!(done, Ok(None)) {
            let _ = remove_dir(&staging);
            return done;
        }
        let mut names: Vec<_> = std::fs::read_dir(&staging)?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<std::io::Result<_>>()?;
        names.sort();
        for name in &names {
            std::fs::File::open(staging.join(name))?.sync_all()?;
        }
        for name in &names {
            std::fs::rename(staging.join(name), self.path.join(name))
                .with_context(|| format!("moving {} into place", name.to_string_lossy()))?;
        }
        // The renames made durable, where a folder can be synced.
        if let Ok(dir) = std::fs::File::open(&self.path) {
            let _ = dir.sync_all();
        }
        remove_dir(&staging)?;
        Ok(None)
    }
}

/// A fresh, empty staging folder on OUT's file system (a rename cannot cross to another).
fn make_staging(staging: &Path, out: &Path) -> bool {
    if remove_dir(staging).is_err() || std::fs::create_dir(staging).is_err() {
        return false;
    }
    if same_device(staging, out) {
        return true;
    }
    let _ = remove_dir(staging);
    false
}

#[cfg(unix)]
fn same_device(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_device(_a: &Path, _b: &Path) -> bool {
    true
}

/// The outcome of a write: the signal when one cut it short.
fn written(result: std::io::Result<()>, interrupt: &Interrupt) -> Result<Option<Signal>> {
    match (result, interrupt.requested()) {
        (Ok(()), _) => Ok(None),
        (Err(e), Some(signal)) if e.kind() == std::io::ErrorKind::Interrupted => Ok(Some(signal)),
        (Err(e), _) => Err(e.into()),
    }
}

/// The records, as long as no signal came: the writers stop at the next record after one.
struct Interruptible<'a> {
    records: &'a dyn RecordSource,
    interrupt: &'a Interrupt,
}

impl RecordSource for Interruptible<'_> {
    fn count(&self) -> usize {
        self.records.count()
    }

    fn each(&self, f: &mut dyn FnMut(&Record) -> std::io::Result<()>) -> std::io::Result<()> {
        self.records
            .each(&mut |r| match self.interrupt.requested() {
                Some(s) => Err(std::io::Error::new(
                    std::io::ErrorKind::Interrupted,
                    format!("interrupted by {}", s.name()),
                )),
                None => f(r),
            })
    }
}

fn remove_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
