//! The records of a run, kept in a file instead of in memory, read back one at a time
//! in dataset order (by displayed path) with the dataset rules applied.
//!
//! The file is either a scratch file, removed when the store is dropped, or the run's
//! journal in OUT: one record per line, written with a single `write` as each file is
//! done (so a killed process loses at most the line it was writing), made durable with
//! `fdatasync` in batches, and kept until the run's outputs are in place, so that
//! `--resume` after any kill reuses every record it holds.

use std::fs::File;
use std::io::{BufRead, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::groups;
use crate::output::RecordSource;
use crate::record::Record;
use crate::rules;

/// The journal is synced to disk after this many records, or this long after its last
/// sync, whichever comes first (measured in the README: the cost is within noise).
const SYNC_RECORDS: usize = 256;
const SYNC_INTERVAL: Duration = Duration::from_secs(2);

/// Records of a run in a file; besides where each record is, memory holds only the keys
/// the dataset rules group by.
pub struct RecordStore {
    path: PathBuf,
    file: File,
    end: u64,
    /// Some for a journal: records not yet synced, and when the last sync was.
    sync: Option<(usize, Instant)>,
    entries: Vec<Entry>,
    /// Where the records the dataset rules checked together go (beside `path`).
    checked_path: PathBuf,
    /// Keep one record of a file found twice (same path and content), as when merged
    /// shard outputs overlap.
    pub dedup: bool,
}

#[derive(Clone)]
struct Entry {
    path: String,
    offset: u64,
    len: u64,
    /// The file's content hash, hashed (to tell copies apart when deduplicating).
    content: u64,
    /// [`rules::dataset_group_keys`] of the record.
    keys: Vec<u64>,
    /// Whether the record is the copy in `checked_path` that the dataset rules checked
    /// with others.
    checked: bool,
}

/// A record a stopped run left in the journal.
pub struct JournalLine {
    pub path: String,
    pub sha256: String,
    entry: Entry,
}

/// A record serialised and ready to store; made outside the store's lock by the
/// workers.
pub struct Prepared {
    line: Vec<u8>,
    entry: Entry,
}

impl Prepared {
    pub fn of(rec: &Record) -> Result<Prepared> {
        let mut line = serde_json::to_vec(rec)?;
        let entry = entry_of(rec, line.len() as u64);
        line.push(b'\n');
        Ok(Prepared { line, entry })
    }
}

fn entry_of(rec: &Record, len: u64) -> Entry {
    Entry {
        path: rec.file.path.clone(),
        offset: 0,
        len,
        content: rules::group_key(&rec.file.sha256),
        keys: rules::dataset_group_keys(rec),
        checked: false,
    }
}

impl RecordStore {
    /// A store in a scratch file in `dir` (created if missing), removed with the store.
    pub fn scratch(dir: &Path) -> Result<RecordStore> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!(
            "{SCRATCH_PREFIX}{}-{n}{SCRATCH_SUFFIX}",
            std::process::id()
        ));
        RecordStore::open(path, false, None)
    }

    /// The journal at `path`, started afresh, or, with `resume`, continued: the records
    /// it holds are returned for reuse, with the count of lines that did not read back
    /// (the line a kill cut short); those are cut off the file.
    pub fn journal(path: &Path, resume: bool) -> Result<(RecordStore, Vec<JournalLine>, usize)> {
        let sync = Some((0, Instant::now()));
        if !resume {
            let store = RecordStore::open(path.to_path_buf(), false, sync)?;
            return Ok((store, Vec::new(), 0));
        }
        let mut store = RecordStore::open(path.to_path_buf(), true, sync)?;
        let (lines, good_end, dropped) = read_journal(&mut store.file)
            .with_context(|| format!("reading the journal {}", path.display()))?;
        if good_end < store.end {
            store.file.set_len(good_end)?;
            store.file.sync_data()?;
            store.end = good_end;
        }
        Ok((store, lines, dropped))
    }

    fn open(path: PathBuf, keep: bool, sync: Option<(usize, Instant)>) -> Result<RecordStore> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        if !keep {
            file.set_len(0)?;
        }
        let end = file.metadata()?.len();
        let mut checked = path.clone().into_os_string();
        checked.push(CHECKED_SUFFIX);
        Ok(RecordStore {
            path,
            file,
            end,
            sync,
            entries: Vec::new(),
            checked_path: PathBuf::from(checked),
            dedup: false,
        })
    }

    pub fn push(&mut self, rec: &Record) -> Result<()> {
        self.append(Prepared::of(rec)?)
    }

    /// Writes the record's line in one call, so that a kill leaves whole lines and at
    /// most one cut short at the end.
    pub fn append(&mut self, p: Prepared) -> Result<()> {
        self.file
            .write_all(&p.line)
            .with_context(|| format!("writing {}", self.path.display()))?;
        self.entries.push(Entry {
            offset: self.end,
            ..p.entry
        });
        self.end += p.line.len() as u64;
        if let Some((unsynced, last)) = &mut self.sync {
            *unsynced += 1;
            if *unsynced >= SYNC_RECORDS || last.elapsed() >= SYNC_INTERVAL {
                self.sync()?;
            }
        }
        Ok(())
    }

    /// Takes a record of the journal as it stands, without writing it again.
    pub fn adopt(&mut self, line: &JournalLine) {
        self.entries.push(line.entry.clone());
    }

    /// The record of a journal line.
    pub fn record(&self, line: &JournalLine) -> Result<Record> {
        let mut file = File::open(&self.path)?;
        Ok(record_at(&mut file, line.entry.offset, line.entry.len)?)
    }

    /// Makes what was written durable (a journal only).
    pub fn sync(&mut self) -> Result<()> {
        if let Some((unsynced, last)) = &mut self.sync {
            self.file.sync_data()?;
            (*unsynced, *last) = (0, Instant::now());
        }
        Ok(())
    }

    /// Puts the records in dataset order and applies the dataset rules. Only records
    /// that share a group key of a dataset rule with another record can have a finding
    /// that involves others, so only those are read back here, one connected group at a
    /// time: memory holds the largest group, not the dataset. Every other record is
    /// checked on its own as it is read.
    pub fn finish(&mut self) -> Result<()> {
        self.sync()?;
        self.entries.sort_by(|a, b| a.path.cmp(&b.path));
        if self.dedup {
            self.entries
                .dedup_by(|a, b| a.path == b.path && a.content == b.content);
        }
        let groups = groups::connected(&self.entries, |e| e.keys.as_slice());
        if groups.is_empty() {
            return Ok(());
        }
        let mut file = File::open(&self.path)?;
        let mut checked = std::io::BufWriter::new(
            File::create(&self.checked_path)
                .with_context(|| format!("creating {}", self.checked_path.display()))?,
        );
        let mut offset = 0;
        for members in groups {
            let mut group = Vec::with_capacity(members.len());
            for &i in &members {
                if let Some(e) = self.entries.get(i) {
                    group.push(record_at(&mut file, e.offset, e.len)?);
                }
            }
            rules::check_dataset(&mut group);
            // What the dataset rules find grows with the duplicates in the dataset, so
            // the checked records go to disk too, and their entries point at them.
            for (i, r) in members.into_iter().zip(group) {
                let line = serde_json::to_vec(&r)?;
                checked.write_all(&line)?;
                if let Some(e) = self.entries.get_mut(i) {
                    e.offset = offset;
                    e.len = line.len() as u64;
                    e.checked = true;
                }
                offset += line.len() as u64;
            }
        }
        checked.flush()?;
        Ok(())
    }

    /// Removes the store's file (a run's journal): the outputs it was kept for are in
    /// place.
    pub fn discard(self) -> Result<()> {
        std::fs::remove_file(&self.path)
            .with_context(|| format!("removing {}", self.path.display()))
    }
}

/// Names of a store's files, for the clean-up of those a killed run left behind.
pub const SCRATCH_PREFIX: &str = ".jixiao-records-";
pub const SCRATCH_SUFFIX: &str = ".tmp";
pub const CHECKED_SUFFIX: &str = ".checked";

/// The whole lines of a journal that read back as records, the end of the last of them,
/// and how many lines did not read back.
fn read_journal(file: &mut File) -> std::io::Result<(Vec<JournalLine>, u64, usize)> {
    file.seek(SeekFrom::Start(0))?;
    let mut r = std::io::BufReader::new(file);
    let (mut lines, mut offset, mut good_end, mut dropped) = (Vec::new(), 0u64, 0u64, 0usize);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf)? as u64;
        if n == 0 {
            return Ok((lines, good_end, dropped));
        }
        let whole = buf.last() == Some(&b'\n');
        match serde_json::from_slice::<Record>(&buf) {
            Ok(rec) if whole => {
                let len = n - 1;
                lines.push(JournalLine {
                    entry: Entry {
                        offset,
                        ..entry_of(&rec, len)
                    },
                    path: rec.file.path,
                    sha256: rec.file.sha256,
                });
                good_end = offset + n;
            }
            _ if buf.iter().all(u8::is_ascii_whitespace) => {}
            _ => dropped += 1,
        }
        offset += n;
    }
}

fn record_at(file: &mut File, offset: u64, len: u64) -> std::io::Result<Record> {
    super::records_file::record_at(file, offset, len)
}

impl RecordSource for RecordStore {
    fn count(&self) -> usize {
        self.entries.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Record) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut file = File::open(&self.path)?;
        let mut checked = None;
        for e in &self.entries {
            let rec = if e.checked {
                let c = match &mut checked {
                    Some(c) => c,
                    None => checked.insert(File::open(&self.checked_path)?),
                };
                record_at(c, e.offset, e.len)?
            } else {
                let mut rec = record_at(&mut file, e.offset, e.len)?;
                // Alone, a record has no dataset findings: this drops any an earlier run
                // stored with it (--resume).
                rules::check_dataset(std::slice::from_mut(&mut rec));
                rec
            };
            f(&rec)?;
        }
        Ok(())
    }
}

impl Drop for RecordStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.checked_path);
        if self.sync.is_none() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{process_path, Config};

    fn journal_path(name: &str) -> PathBuf {
        super::super::test_dir(&format!("store-{name}")).join("journal.jsonl")
    }

    fn sample(rel: &str) -> Record {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(rel);
        process_path(&path, rel, &Config::default())
    }

    /// What a kill leaves: whole lines, then one cut short. Resuming keeps the whole
    /// ones where they are, cuts the rest off the file, and appends after them.
    #[test]
    fn a_resumed_journal_keeps_whole_lines_and_cuts_off_a_torn_one() {
        let path = journal_path("torn");
        let (a, b) = (
            sample("seeds/000_miyi_2022.docx"),
            sample("seeds/002_guangxi_2023.docx"),
        );
        {
            let (mut store, lines, dropped) = RecordStore::journal(&path, false).expect("new");
            assert!(lines.is_empty() && dropped == 0);
            store.push(&a).expect("push");
            store.push(&b).expect("push");
        }
        let whole = std::fs::read(&path).expect("kept after drop");
        let mut torn = whole.clone();
        torn.extend_from_slice(&whole[..whole.len() / 3]);
        std::fs::write(&path, &torn).expect("write");

        let (mut store, lines, dropped) = RecordStore::journal(&path, true).expect("resumed");
        assert_eq!(dropped, 1);
        let paths: Vec<&str> = lines.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(
            paths,
            ["seeds/000_miyi_2022.docx", "seeds/002_guangxi_2023.docx"]
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            whole,
            "the torn line is cut off"
        );
        for line in &lines {
            store.adopt(line);
        }
        let c = sample("seeds/001_mianyang_2020.xlsx");
        store.push(&c).expect("push");
        store.finish().expect("finish");
        let mut seen = Vec::new();
        store
            .each(&mut |r| {
                seen.push(serde_json::to_string(r).map_err(std::io::Error::other)?);
                Ok(())
            })
            .expect("each");
        let line = |r: &Record| serde_json::to_string(r).expect("json");
        assert_eq!(seen, [line(&a), line(&c), line(&b)], "in dataset order");
        assert_eq!(
            store.record(&lines[1]).map(|r| line(&r)).ok(),
            Some(line(&b))
        );
        store.discard().expect("discard");
        assert!(!path.exists());
    }

    #[test]
    fn a_journal_started_afresh_forgets_what_it_held_and_a_scratch_store_leaves_nothing() {
        let path = journal_path("afresh");
        std::fs::write(&path, b"{\"old\": true}\n").expect("write");
        let (store, lines, dropped) = RecordStore::journal(&path, false).expect("new");
        assert!(lines.is_empty() && dropped == 0);
        assert_eq!(std::fs::metadata(&path).map(|m| m.len()).ok(), Some(0));
        drop(store);
        let dir = path.parent().expect("dir").to_path_buf();
        let mut scratch = RecordStore::scratch(&dir).expect("scratch");
        scratch
            .push(&sample("seeds/000_miyi_2022.docx"))
            .expect("push");
        scratch.finish().expect("finish");
        drop(scratch);
        let left: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, ["journal.jsonl"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
