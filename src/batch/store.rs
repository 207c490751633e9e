//! The records of a run, kept in a file instead of in memory, read back one at a time
//! in dataset order (by displayed path) with the dataset rules applied.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::groups;
use super::records_file::record_at;
use crate::output::RecordSource;
use crate::record::Record;
use crate::rules;

/// Records of a run in a temporary file (removed when the store is dropped). Besides
/// where each record is, memory holds only the keys the dataset rules group by.
pub struct RecordStore {
    path: PathBuf,
    out: Option<std::io::BufWriter<std::fs::File>>,
    offset: u64,
    entries: Vec<Entry>,
    /// Keep one record of a file found twice (same path and content), as when merged
    /// shard outputs overlap.
    pub dedup: bool,
}

struct Entry {
    path: String,
    offset: u64,
    len: u64,
    /// The file's content hash, hashed (to tell copies apart when deduplicating).
    content: u64,
    /// [`rules::dataset_group_keys`] of the record.
    keys: Vec<u64>,
    /// Whether the record stored is the copy the dataset rules checked with others.
    checked: bool,
}

impl RecordStore {
    /// A new store in `dir` (created if missing).
    pub fn create(dir: &Path) -> Result<RecordStore> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!(".jixiao-records-{}-{n}.tmp", std::process::id()));
        let file =
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(RecordStore {
            path,
            out: Some(std::io::BufWriter::new(file)),
            offset: 0,
            entries: Vec::new(),
            dedup: false,
        })
    }

    pub fn push(&mut self, rec: &Record) -> Result<()> {
        let line = serde_json::to_vec(rec)?;
        let out = self.out.as_mut().context("record store already closed")?;
        out.write_all(&line)?;
        self.entries.push(Entry {
            path: rec.file.path.clone(),
            offset: self.offset,
            len: line.len() as u64,
            content: rules::group_key(&rec.file.sha256),
            keys: rules::dataset_group_keys(rec),
            checked: false,
        });
        self.offset += line.len() as u64;
        Ok(())
    }

    /// Puts the records in dataset order and applies the dataset rules. Only records
    /// that share a group key of a dataset rule with another record can have a finding
    /// that involves others, so only those are read back here, one connected group at a
    /// time: memory holds the largest group, not the dataset. Every other record is
    /// checked on its own as it is read.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(mut out) = self.out.take() {
            out.flush()?;
        }
        self.entries.sort_by(|a, b| a.path.cmp(&b.path));
        if self.dedup {
            self.entries
                .dedup_by(|a, b| a.path == b.path && a.content == b.content);
        }
        let groups = groups::connected(&self.entries, |e| e.keys.as_slice());
        if groups.is_empty() {
            return Ok(());
        }
        let mut file = std::fs::File::open(&self.path)?;
        let mut rewrite =
            std::io::BufWriter::new(std::fs::OpenOptions::new().append(true).open(&self.path)?);
        for members in groups {
            let mut group = Vec::with_capacity(members.len());
            for &i in &members {
                if let Some(e) = self.entries.get(i) {
                    group.push(record_at(&mut file, e.offset, e.len)?);
                }
            }
            rules::check_dataset(&mut group);
            // The checked records go back to the store, after the others, and their
            // entries point at the new copies: what the dataset rules find grows with
            // the duplicates in the dataset, so it is not kept in memory.
            for (i, r) in members.into_iter().zip(group) {
                let line = serde_json::to_vec(&r)?;
                rewrite.write_all(&line)?;
                if let Some(e) = self.entries.get_mut(i) {
                    e.offset = self.offset;
                    e.len = line.len() as u64;
                    e.checked = true;
                }
                self.offset += line.len() as u64;
            }
        }
        rewrite.flush()?;
        Ok(())
    }
}

impl RecordSource for RecordStore {
    fn count(&self) -> usize {
        self.entries.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Record) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut file = std::fs::File::open(&self.path)?;
        for e in &self.entries {
            let mut rec = record_at(&mut file, e.offset, e.len)?;
            if !e.checked {
                // Alone, a record has no dataset findings: this drops any an earlier run
                // stored with it (--resume).
                rules::check_dataset(std::slice::from_mut(&mut rec));
            }
            f(&rec)?;
        }
        Ok(())
    }
}

impl Drop for RecordStore {
    fn drop(&mut self) {
        self.out = None;
        let _ = std::fs::remove_file(&self.path);
    }
}
