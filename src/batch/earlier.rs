//! `--resume`: the records an earlier run left in OUT, found again by content: those of
//! its records.jsonl, and those in the journal of a run that did not finish.

use std::path::{Path, PathBuf};

use super::records_file::{each_record, record_at};
use super::store::JournalLine;
use crate::record::Record;

/// Where each earlier record is, with its path and sha256. Records are read back one at
/// a time when they are reused, so resuming a large run costs no more memory than
/// running it.
#[derive(Default)]
pub struct EarlierRecords {
    file: Option<PathBuf>,
    entries: Vec<Entry>,
    /// Records of the journal, reused where they are.
    pub(super) journal: Vec<JournalLine>,
}

pub(super) struct Entry {
    pub path: String,
    pub sha256: String,
    offset: u64,
    len: u64,
}

impl EarlierRecords {
    /// Every record of the records file at `path`.
    pub fn index(path: &Path) -> std::io::Result<EarlierRecords> {
        let mut entries = Vec::new();
        each_record(path, &mut |offset, len, rec| {
            entries.push(Entry {
                path: rec.file.path,
                sha256: rec.file.sha256,
                offset,
                len,
            });
            Ok(())
        })?;
        Ok(EarlierRecords {
            file: Some(path.to_path_buf()),
            entries,
            journal: Vec::new(),
        })
    }

    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// A reader of the records, for [`EarlierRecords::read`].
    pub(super) fn open(&self) -> std::io::Result<Option<std::fs::File>> {
        self.file.as_ref().map(std::fs::File::open).transpose()
    }

    pub(super) fn read(file: &mut std::fs::File, entry: &Entry) -> std::io::Result<Record> {
        record_at(file, entry.offset, entry.len)
    }
}
