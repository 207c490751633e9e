//! The run over many files: inputs processed by a pool of workers with a progress bar
//! (`workers`), records kept on disk in a [`RecordStore`] — in OUT, the run's journal —
//! never the whole dataset in memory, the records of an earlier or stopped run reused
//! on `--resume` ([`EarlierRecords`]), one run per output folder ([`OutDir`], `lock`),
//! SIGINT/SIGTERM as a clean stop ([`Interrupt`]), `--shard` shares ([`Shard`]), and the
//! summary of a run ([`Summary`]).

mod earlier;
mod groups;
mod interrupt;
mod lock;
mod outdir;
pub mod records_file;
mod shard;
mod store;
mod summary;
mod workers;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};
use rayon::prelude::*;

pub use earlier::EarlierRecords;
pub use interrupt::{Interrupt, Signal};
pub use lock::{LockError, LOCK_FILE};
pub use outdir::{OutDir, JOURNAL_FILE, STAGING_SUFFIX};
pub use shard::{shard_of, Shard};
pub use store::{Prepared, RecordStore};
pub use summary::Summary;

use crate::output::RecordSource;
use crate::pipeline::{self, Config, Input};
use crate::record::Record;

/// What [`run_files`] did: the dataset, kept on disk, and the counts.
pub struct Done {
    pub store: RecordStore,
    /// Inputs of the run.
    pub inputs: usize,
    pub processed: usize,
    pub resumed: usize,
    /// The signal that stopped the run before all inputs were done.
    pub interrupted: Option<Signal>,
}

impl Done {
    /// The line printed when a signal stopped the run.
    pub fn interrupted_line(&self, signal: Signal) -> String {
        format!(
            "interrupted by {}: {} of {} files done ({} processed, {} resumed) and kept in \
             the journal; run again with --resume to continue",
            signal.name(),
            self.processed + self.resumed,
            self.inputs,
            self.processed,
            self.resumed
        )
    }
}

/// How the end of a run or merge went.
pub enum Ending {
    /// The outputs are in place; the counts of the summary line.
    Written(Summary),
    /// A signal came before the outputs were complete: OUT is as it was.
    Interrupted(Signal),
}

/// Writes the dataset into OUT ([`OutDir::publish`]) and counts it; then the store's file
/// (a run's journal) goes, and with `out` the lock.
pub fn conclude(
    out: OutDir,
    store: RecordStore,
    formats: &[crate::output::OutFormat],
    lang: crate::i18n::Lang,
    interrupt: &Interrupt,
) -> Result<Ending> {
    if let Some(signal) = out.publish(&store, formats, lang, interrupt)? {
        return Ok(Ending::Interrupted(signal));
    }
    let summary = Summary::of(&store)?;
    store.discard()?;
    drop(out);
    Ok(Ending::Written(summary))
}

/// A run into an output folder: its journal started afresh, or with `resume` continued,
/// together with the records.jsonl an earlier run left there.
pub fn run_into(
    out: &OutDir,
    files: &[Input],
    cfg: &Config,
    jobs: Option<usize>,
    resume: bool,
    interrupt: &Interrupt,
) -> Result<Done> {
    let journal = out.journal();
    if !resume && std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
        eprintln!(
            "jixiao: {} holds the journal of a run that did not finish; starting afresh \
             (--resume would continue it)",
            out.path().display()
        );
    }
    let (store, lines, dropped) = RecordStore::journal(&journal, resume)?;
    if dropped > 0 {
        eprintln!(
            "jixiao: {dropped} record(s) of the journal were cut short by the interruption; \
             their files are processed again"
        );
    }
    let records = out.path().join("records.jsonl");
    let mut earlier = match resume && records.is_file() {
        true => EarlierRecords::index(&records)
            .with_context(|| format!("reading {} to resume", records.display()))?,
        false => EarlierRecords::default(),
    };
    earlier.journal = lines;
    run_files(files, &earlier, store, cfg, jobs, interrupt)
}

/// Where an input's record already is.
#[derive(Clone, Copy)]
enum Known {
    Journal(usize),
    Output(usize),
}

/// Processes the inputs into `store`, so that memory does not grow with the number of
/// files. Records of `earlier` are reused for files whose sha256 it already has: the
/// same path keeps its record, a copy under another path gets a copy of the record with
/// its own path. Earlier records of files not among the inputs stay; a path whose
/// content changed is processed again.
pub fn run_files(
    files: &[Input],
    earlier: &EarlierRecords,
    store: RecordStore,
    cfg: &Config,
    jobs: Option<usize>,
    interrupt: &Interrupt,
) -> Result<Done> {
    let pool = workers::pool(jobs)?;
    let known = known_inputs(files, earlier, cfg.limits.max_file_bytes, &pool, interrupt);
    let mut done = Done {
        store,
        inputs: files.len(),
        processed: 0,
        resumed: 0,
        interrupted: interrupt.requested(),
    };
    if done.interrupted.is_some() {
        return Ok(done);
    }
    done.resumed = reuse(files, &known, earlier, &mut done.store)?;
    keep_others(files, earlier, &mut done.store)?;
    let todo: Vec<&Input> = files
        .iter()
        .zip(&known)
        .filter(|(_, k)| k.is_none())
        .map(|(f, _)| f)
        .collect();
    done.processed = process(&todo, &mut done.store, cfg, &pool, interrupt)?;
    done.interrupted = interrupt.requested();
    if done.interrupted.is_none() {
        done.store.finish()?;
    }
    Ok(done)
}

/// Stores the earlier record of every input that has one; how many there were.
fn reuse(
    files: &[Input],
    known: &[Option<Known>],
    earlier: &EarlierRecords,
    store: &mut RecordStore,
) -> Result<usize> {
    let mut output_file = earlier.open()?;
    let mut resumed = 0;
    for (f, k) in files.iter().zip(known) {
        let mut rec = match *k {
            None => continue,
            Some(Known::Journal(i)) => match earlier.journal.get(i) {
                Some(line) if line.path == f.display => {
                    store.adopt(line);
                    resumed += 1;
                    continue;
                }
                Some(line) => store.record(line)?,
                None => continue,
            },
            Some(Known::Output(i)) => match (earlier.entries().get(i), &mut output_file) {
                (Some(e), Some(file)) => EarlierRecords::read(file, e)?,
                _ => continue,
            },
        };
        rec.file.path = f.display.clone();
        store.push(&rec)?;
        resumed += 1;
    }
    Ok(resumed)
}

/// Keeps the earlier records of files not among the inputs: the journal's latest of
/// each path, and those of records.jsonl the journal does not supersede.
fn keep_others(files: &[Input], earlier: &EarlierRecords, store: &mut RecordStore) -> Result<()> {
    let inputs: HashSet<&str> = files.iter().map(|f| f.display.as_str()).collect();
    let mut kept: HashSet<&str> = HashSet::new();
    for line in earlier.journal.iter().rev() {
        if !inputs.contains(line.path.as_str()) && kept.insert(line.path.as_str()) {
            store.adopt(line);
        }
    }
    let mut output_file = earlier.open()?;
    for e in earlier.entries() {
        let path = e.path.as_str();
        if let (false, false, Some(file)) =
            (inputs.contains(path), kept.contains(path), &mut output_file)
        {
            store.push(&EarlierRecords::read(file, e)?)?;
        }
    }
    Ok(())
}

/// Processes `todo` on the pool, each record going to the store as soon as it is made.
/// After a signal no file is started, and a file that ends after it is left for the
/// resumed run: its helper processes (pdftoppm, tesseract) got the terminal's Ctrl-C too.
fn process(
    todo: &[&Input],
    store: &mut RecordStore,
    cfg: &Config,
    pool: &rayon::ThreadPool,
    interrupt: &Interrupt,
) -> Result<usize> {
    let bar = workers::progress(todo.len(), "files");
    let shared = Arc::new(cfg.clone());
    let mut store = Mutex::new(store);
    let processed = AtomicUsize::new(0);
    let result: Result<()> = pool.install(|| {
        todo.par_iter().try_for_each(|f| {
            if interrupt.requested().is_some() {
                return Ok(());
            }
            let rec = pipeline::process_path_bounded(&f.path, &f.display, &shared);
            if interrupt.requested().is_some() {
                return Ok(());
            }
            let prepared = Prepared::of(&rec)?;
            store
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .append(prepared)?;
            processed.fetch_add(1, Ordering::Relaxed);
            bar.inc(1);
            Ok(())
        })
    });
    bar.finish_and_clear();
    // Whatever ended the processing, what was journalled is made durable.
    store
        .get_mut()
        .unwrap_or_else(PoisonError::into_inner)
        .sync()?;
    result?;
    Ok(processed.into_inner())
}

/// For each input, where the record of the same content already is, found by hashing
/// the input's bytes (only when there are earlier records). A record of the journal
/// under the input's own path comes first: it is reused where it is. Files above
/// `max_bytes` are not read: their records have no sha256 (the pipeline refuses them
/// unread), and a huge file must not be loaded to find that out.
fn known_inputs(
    files: &[Input],
    earlier: &EarlierRecords,
    max_bytes: u64,
    pool: &rayon::ThreadPool,
    interrupt: &Interrupt,
) -> Vec<Option<Known>> {
    let mut by_sha: HashMap<&str, Known> = HashMap::new();
    let mut by_path: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, line) in earlier.journal.iter().enumerate() {
        if !line.sha256.is_empty() {
            by_path.insert((line.path.as_str(), line.sha256.as_str()), i);
            by_sha
                .entry(line.sha256.as_str())
                .or_insert(Known::Journal(i));
        }
    }
    for (i, e) in earlier.entries().iter().enumerate() {
        if !e.sha256.is_empty() {
            by_sha.entry(e.sha256.as_str()).or_insert(Known::Output(i));
        }
    }
    if by_sha.is_empty() {
        return vec![None; files.len()];
    }
    let bar = workers::progress(files.len(), "files checked");
    let found = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                if interrupt.requested().is_some() {
                    return None;
                }
                bar.inc(1);
                if std::fs::metadata(&f.path).ok()?.len() > max_bytes {
                    return None;
                }
                let sha = pipeline::sha256_hex(&std::fs::read(&f.path).ok()?);
                match by_path.get(&(f.display.as_str(), sha.as_str())) {
                    Some(&i) => Some(Known::Journal(i)),
                    None => by_sha.get(sha.as_str()).copied(),
                }
            })
            .collect()
    });
    bar.finish_and_clear();
    found
}

/// Processes every input in parallel, with a progress bar on a terminal; records come
/// back in dataset order (by displayed path) with the dataset rules applied.
pub fn run(inputs: &[PathBuf], cfg: &Config, jobs: Option<usize>) -> Result<Vec<Record>> {
    let files = pipeline::collect_inputs(inputs);
    let store = RecordStore::scratch(&std::env::temp_dir())?;
    let done = run_files(
        &files,
        &EarlierRecords::default(),
        store,
        cfg,
        jobs,
        &Interrupt::never(),
    )?;
    let mut records = Vec::with_capacity(done.store.count());
    done.store.each(&mut |r| {
        records.push(r.clone());
        Ok(())
    })?;
    Ok(records)
}

/// The records of several outputs (each a folder with a records.jsonl) as one dataset,
/// kept in a store in `store_dir`: a file found in two of them (same path and content)
/// counts once.
pub fn merge(outputs: &[PathBuf], store_dir: &Path) -> Result<RecordStore> {
    let mut store = RecordStore::scratch(store_dir)?;
    store.dedup = true;
    for dir in outputs {
        let path = dir.join("records.jsonl");
        records_file::each_record(&path, &mut |_, _, rec| {
            store.push(&rec).map_err(std::io::Error::other)
        })
        .with_context(|| format!("reading {}", path.display()))?;
    }
    store.finish()?;
    Ok(store)
}

/// An empty folder of its own for a unit test.
#[cfg(test)]
fn test_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("a test folder");
    d
}
