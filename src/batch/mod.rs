//! The run over many files: inputs processed by a pool of workers with a progress bar,
//! records kept on disk in a [`RecordStore`] (never the whole dataset in memory), the
//! records of an earlier output reused on `--resume` ([`EarlierRecords`]), `--shard`
//! shares ([`Shard`]), and the summary of a run ([`Summary`]).

mod earlier;
mod groups;
pub mod records_file;
mod shard;
mod store;
mod summary;
mod workers;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use rayon::prelude::*;

pub use earlier::EarlierRecords;
pub use shard::{shard_of, Shard};
pub use store::RecordStore;
pub use summary::Summary;

use crate::output::RecordSource;
use crate::pipeline::{self, Config, Input};
use crate::record::Record;

/// What [`run_files`] did: the dataset, kept on disk, and the counts.
pub struct Done {
    pub store: RecordStore,
    pub processed: usize,
    pub resumed: usize,
}

/// Files are handed to the workers in batches of this many per thread, and each batch's
/// records go to disk before the next starts: memory holds one batch, not the dataset.
const BATCH_PER_THREAD: usize = 16;

/// Processes the inputs with the records kept in a temporary file in `store_dir`, so
/// that memory does not grow with the number of files. Records of `earlier` (an earlier
/// output of the same folder) are reused for files whose sha256 it already has: the same
/// path keeps its record, a copy under another path gets a copy of the record with its
/// own path. Earlier records of files not among the inputs stay; a path whose content
/// changed is processed again.
pub fn run_files(
    files: &[Input],
    earlier: &EarlierRecords,
    cfg: &Config,
    jobs: Option<usize>,
    store_dir: &Path,
) -> Result<Done> {
    let pool = workers::pool(jobs)?;
    let known = known_inputs(files, earlier, &pool);
    let mut store = RecordStore::create(store_dir)?;
    // Pushed in the order a stable sort by path expects: resumed records in input order,
    // earlier records of files not among the inputs, then the fresh ones.
    let mut resumed = 0;
    let mut earlier_file = earlier.open()?;
    for (f, k) in files.iter().zip(&known) {
        if let (Some(e), Some(file)) = (k.and_then(|i| earlier.entries().get(i)), &mut earlier_file)
        {
            let mut rec = EarlierRecords::read(file, e)?;
            rec.file.path = f.display.clone();
            store.push(&rec)?;
            resumed += 1;
        }
    }
    let input_paths: HashSet<&str> = files.iter().map(|f| f.display.as_str()).collect();
    for e in earlier.entries() {
        if let (false, Some(file)) = (input_paths.contains(e.path.as_str()), &mut earlier_file) {
            store.push(&EarlierRecords::read(file, e)?)?;
        }
    }
    let todo: Vec<&Input> = files
        .iter()
        .zip(&known)
        .filter(|(_, k)| k.is_none())
        .map(|(f, _)| f)
        .collect();
    let bar = workers::progress(todo.len(), "files");
    let shared = Arc::new(cfg.clone());
    let batch = pool.current_num_threads().max(1) * BATCH_PER_THREAD;
    for chunk in todo.chunks(batch) {
        let fresh: Vec<Record> = pool.install(|| {
            chunk
                .par_iter()
                .map(|f| {
                    let rec = pipeline::process_path_bounded(&f.path, &f.display, &shared);
                    bar.inc(1);
                    rec
                })
                .collect()
        });
        for rec in &fresh {
            store.push(rec)?;
        }
    }
    bar.finish_and_clear();
    store.finish()?;
    Ok(Done {
        store,
        processed: todo.len(),
        resumed,
    })
}

/// For each input, the earlier record with the same content, found by hashing the
/// input's bytes (only when there are earlier records).
fn known_inputs(
    files: &[Input],
    earlier: &EarlierRecords,
    pool: &rayon::ThreadPool,
) -> Vec<Option<usize>> {
    let mut by_sha: HashMap<&str, usize> = HashMap::new();
    for (i, e) in earlier.entries().iter().enumerate() {
        if !e.sha256.is_empty() {
            by_sha.entry(e.sha256.as_str()).or_insert(i);
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
                let hit = std::fs::read(&f.path)
                    .ok()
                    .and_then(|b| by_sha.get(pipeline::sha256_hex(&b).as_str()).copied());
                bar.inc(1);
                hit
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
    let done = run_files(
        &files,
        &EarlierRecords::default(),
        cfg,
        jobs,
        &std::env::temp_dir(),
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
    let mut store = RecordStore::create(store_dir)?;
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
