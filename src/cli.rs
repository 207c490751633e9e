//! The command line: `run`, `merge`, `extract`, `rules`, `unmapped`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::i18n::Lang;
use crate::limits::{Limits, LIMITS};
use crate::normalize::Patterns;
use crate::output::{self, OutFormat, RecordSource};
use crate::pipeline::{self, Config};
use crate::record::{Record, Severity, Status};
use crate::rules;

#[derive(Parser, Debug)]
#[command(
    name = "jixiao",
    version,
    about = "Budget-performance self-evaluation reports (绩效自评表) into a checked dataset"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages, the review page, the workbook and the summary line
    /// (default: zh when LC_ALL, LC_MESSAGES or LANG starts with zh, else en).
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract, normalise and check every file under INPUT, writing the dataset to OUT.
    Run {
        /// Files and folders to read (folders are walked recursively).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "jixiao-out")]
        out: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// A pattern folder laid out like patterns/ (default: the built-in patterns).
        #[arg(long)]
        patterns: Option<PathBuf>,
        /// Output formats, comma-separated (parquet too, when asked for).
        #[arg(long, default_value = DEFAULT_FORMATS, value_delimiter = ',')]
        formats: Vec<String>,
        /// Exit 3 when a finding of this severity or worse exists (info, warning, error).
        #[arg(long)]
        fail_on: Option<String>,
        /// B/A below this percent counts as under-execution (rule F004).
        #[arg(long, default_value_t = 90.0)]
        underexecution_threshold: f64,
        /// Keep the records already in OUT and process only files whose sha256 is not there.
        #[arg(long)]
        resume: bool,
        /// Process only share I of N (1 ≤ I ≤ N), chosen by a hash of each file's path;
        /// `jixiao merge` joins the shards' outputs.
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Join the outputs of shard runs into one dataset, as one run over all inputs gives.
    Merge {
        /// Output folders of `jixiao run --shard` (or of any runs).
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "jixiao-out")]
        out: PathBuf,
        /// Output formats, comma-separated.
        #[arg(long, default_value = DEFAULT_FORMATS, value_delimiter = ',')]
        formats: Vec<String>,
        /// Exit 3 when a finding of this severity or worse exists (info, warning, error).
        #[arg(long)]
        fail_on: Option<String>,
    },
    /// Print one file's record as pretty JSON.
    Extract {
        file: PathBuf,
        #[arg(long)]
        patterns: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List the limits applied to each file: name, value, unit and error codes
    /// (with `--limit`/`--limits` applied, as `run` would use them).
    Limits {
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List the rules, or print one rule's documentation.
    Rules { code: Option<String> },
    /// Indicator names that matched no canonical indicator, most frequent first.
    Unmapped { out: PathBuf },
}

/// Per-file limits: defaults, then a TOML file, then single settings.
#[derive(clap::Args, Debug, Default)]
pub struct LimitArgs {
    /// Set a per-file limit, e.g. `--limit rows=50000 --limit millis=30000`
    /// (`jixiao limits` lists them; values take k/m/g suffixes).
    #[arg(long = "limit", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// A TOML file of limits (`rows = 50000`, `file_bytes = "1g"` …), applied before
    /// any `--limit`.
    #[arg(long = "limits", value_name = "FILE", id = "limits_file")]
    pub file: Option<PathBuf>,
}

impl LimitArgs {
    /// The limits these arguments give, or a message for a usage error.
    pub fn resolve(&self) -> std::result::Result<Limits, String> {
        let mut limits = match &self.file {
            Some(f) => Limits::from_toml_file(f)?,
            None => Limits::default(),
        };
        for s in &self.set {
            limits.apply(s)?;
        }
        Ok(limits)
    }
}

/// Exit code for bad usage; clap uses the same.
pub const EXIT_USAGE: i32 = 2;
/// Exit code when `--fail-on` finds a finding of that severity or worse.
pub const EXIT_FINDINGS: i32 = 3;
/// Every format of CONTRACT.md.
pub const DEFAULT_FORMATS: &str = "jsonl,csv,sqlite,xlsx,html";

pub fn main_with(cli: Cli) -> Result<i32> {
    let lang = Lang::resolve(cli.lang.as_deref());
    match cli.command {
        Command::Run {
            inputs,
            out,
            jobs,
            patterns,
            formats,
            fail_on,
            underexecution_threshold,
            resume,
            shard,
            limits,
        } => {
            let limits = match limits.resolve() {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("jixiao: {e}");
                    return Ok(EXIT_USAGE);
                }
            };
            let Some(fail_on) = parse_fail_on(fail_on.as_deref()) else {
                return Ok(EXIT_USAGE);
            };
            let Some(fmts) = parse_formats(&formats) else {
                return Ok(EXIT_USAGE);
            };
            let shard = match shard.as_deref().map(parse_shard) {
                None => None,
                Some(Some(s)) => Some(s),
                Some(None) => {
                    eprintln!("jixiao: --shard takes I/N with 1 ≤ I ≤ N, e.g. 2/8");
                    return Ok(EXIT_USAGE);
                }
            };
            for p in &inputs {
                if !p.exists() {
                    eprintln!("jixiao: no such file or folder: {}", p.display());
                    return Ok(EXIT_USAGE);
                }
            }
            let cfg = Config {
                limits,
                patterns: load_patterns(patterns.as_ref())?,
                rules: rules::RuleConfig {
                    underexecution_threshold,
                },
            };
            let mut files = pipeline::collect_inputs(&inputs);
            if let Some((i, n)) = shard {
                files.retain(|f| shard_of(&f.display, n) == i - 1);
            }
            let previous = if resume {
                let path = out.join("records.jsonl");
                if path.is_file() {
                    Previous::index(&path)
                        .with_context(|| format!("reading {} to resume", path.display()))?
                } else {
                    Previous::default()
                }
            } else {
                Previous::default()
            };
            // The records wait on disk in OUT until the outputs are written.
            let bulk = run_spilled(&files, &previous, &cfg, jobs, &out)?;
            finish(&out, &bulk.store, &fmts, fail_on, lang, |s| {
                let (p, r) = (bulk.processed, bulk.resumed);
                lang.fill(
                    "summary",
                    "run",
                    &[("line", &s), ("processed", &p), ("resumed", &r)],
                )
            })
        }
        Command::Merge {
            shards,
            out,
            formats,
            fail_on,
        } => {
            let Some(fail_on) = parse_fail_on(fail_on.as_deref()) else {
                return Ok(EXIT_USAGE);
            };
            let Some(fmts) = parse_formats(&formats) else {
                return Ok(EXIT_USAGE);
            };
            for dir in &shards {
                if !dir.join("records.jsonl").is_file() {
                    eprintln!("jixiao: {} has no records.jsonl", dir.display());
                    return Ok(EXIT_USAGE);
                }
            }
            // Shard records wait on disk in OUT, as a run's do: memory does not grow
            // with the dataset.
            let mut store = SpillStore::create(&out)?;
            store.dedup = true;
            for dir in &shards {
                let path = dir.join("records.jsonl");
                output::load::each_record(&path, &mut |_, _, rec| {
                    store.push(&rec).map_err(std::io::Error::other)
                })
                .with_context(|| format!("reading {}", path.display()))?;
            }
            store.finish()?;
            let n = shards.len();
            finish(&out, &store, &fmts, fail_on, lang, |s| {
                lang.fill("summary", "merge", &[("line", &s), ("n", &n)])
            })
        }
        Command::Extract {
            file,
            patterns,
            limits,
        } => {
            if !file.is_file() {
                eprintln!("jixiao: no such file: {}", file.display());
                return Ok(EXIT_USAGE);
            }
            let limits = match limits.resolve() {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("jixiao: {e}");
                    return Ok(EXIT_USAGE);
                }
            };
            let cfg = Arc::new(Config {
                limits,
                patterns: load_patterns(patterns.as_ref())?,
                ..Config::default()
            });
            let mut recs = vec![pipeline::process_path_bounded(
                &file,
                &file.to_string_lossy(),
                &cfg,
            )];
            rules::check_dataset(&mut recs);
            let mut out = std::io::stdout().lock();
            for rec in &recs {
                serde_json::to_writer_pretty(&mut out, rec)?;
            }
            writeln!(out)?;
            Ok(0)
        }
        Command::Limits { limits } => {
            let limits = match limits.resolve() {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("jixiao: {e}");
                    return Ok(EXIT_USAGE);
                }
            };
            let mut out = std::io::stdout().lock();
            for info in LIMITS {
                writeln!(
                    out,
                    "{:<18} {:>12} {:<10} {:<44} {}",
                    info.name,
                    limits.get(info.name).unwrap_or(0),
                    info.unit,
                    info.codes,
                    info.what
                )?;
            }
            Ok(0)
        }
        Command::Rules { code } => {
            let mut out = std::io::stdout().lock();
            match code {
                None => {
                    for r in rules::registry() {
                        let summary = match lang {
                            Lang::En => r.summary.to_string(),
                            Lang::Zh => format!("{}：{}", lang.rule_title(r), lang.rule_summary(r)),
                        };
                        writeln!(
                            out,
                            "{}  {:<36} {:<8} {summary}",
                            r.code,
                            r.name,
                            r.severity.as_str(),
                        )?;
                    }
                }
                Some(c) => match rules::find(&c) {
                    Some(r) => {
                        writeln!(out, "{} {} ({})\n", r.code, r.name, r.severity.as_str())?;
                        if lang == Lang::Zh {
                            writeln!(out, "{}\n", lang.rule_title(r))?;
                        }
                        writeln!(out, "{}\n", lang.rule_summary(r))?;
                        writeln!(out, "{}", r.doc.trim())?;
                    }
                    None => {
                        eprintln!("jixiao: no rule {c:?}; `jixiao rules` lists them");
                        return Ok(EXIT_USAGE);
                    }
                },
            }
            Ok(0)
        }
        Command::Unmapped { out } => {
            let path = out.join("records.jsonl");
            let values = crate::output::jsonl::read_values(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for v in &values {
                for rep in v["reports"].as_array().into_iter().flatten() {
                    for ind in rep["indicators"].as_array().into_iter().flatten() {
                        if ind["canonical"].is_null() {
                            if let Some(n) = ind["name"].as_str() {
                                *counts.entry(n.to_string()).or_default() += 1;
                            }
                        }
                    }
                }
            }
            let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
            rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut stdout = std::io::stdout().lock();
            for (name, n) in rows {
                writeln!(stdout, "{n}\t{name}")?;
            }
            Ok(0)
        }
    }
}

fn load_patterns(dir: Option<&PathBuf>) -> Result<Patterns> {
    match dir {
        None => Ok(Patterns::builtin()),
        Some(d) => {
            if !d.is_dir() {
                bail!("--patterns {} is not a folder", d.display());
            }
            Ok(Patterns::load_dir(d)?)
        }
    }
}

fn parse_fail_on(s: Option<&str>) -> Option<Option<Severity>> {
    match s {
        None => Some(None),
        Some(s) => match Severity::parse(s) {
            Some(sev) => Some(Some(sev)),
            None => {
                eprintln!("jixiao: --fail-on takes info, warning or error, not {s:?}");
                None
            }
        },
    }
}

fn parse_formats(formats: &[String]) -> Option<Vec<OutFormat>> {
    let mut out = Vec::new();
    for f in formats {
        match OutFormat::parse(f) {
            Some(x) if !out.contains(&x) => out.push(x),
            Some(_) => {}
            None => {
                eprintln!(
                    "jixiao: unknown output format {f:?} (formats: {}, parquet)",
                    DEFAULT_FORMATS
                );
                return None;
            }
        }
    }
    Some(out)
}

/// "I/N" with 1 ≤ I ≤ N.
pub fn parse_shard(s: &str) -> Option<(u64, u64)> {
    let (i, n) = s.trim().split_once('/')?;
    let (i, n) = (i.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?);
    (1 <= i && i <= n).then_some((i, n))
}

/// The 0-based shard of a file among `n`: from the SHA-256 of its displayed path (with
/// `/` separators), so every machine given the same inputs splits them the same way.
pub fn shard_of(display: &str, n: u64) -> u64 {
    let hex = pipeline::sha256_hex(display.replace('\\', "/").as_bytes());
    let head = hex.get(..16).and_then(|h| u64::from_str_radix(h, 16).ok());
    head.unwrap_or(0) % n.max(1)
}

/// Writes the dataset, prints the summary line, applies `--fail-on`.
fn finish(
    out: &std::path::Path,
    records: &dyn output::RecordSource,
    fmts: &[OutFormat],
    fail_on: Option<Severity>,
    lang: Lang,
    line: impl FnOnce(String) -> String,
) -> Result<i32> {
    if let Err(e) = output::write_all_from(out, records, fmts, lang) {
        eprintln!("jixiao: cannot write {}: {e}", out.display());
        return Ok(1);
    }
    let tally = Tally::of(records)?;
    eprintln!("{}", line(tally.line(lang)));
    if let Some(sev) = fail_on {
        if tally.by_severity.iter().any(|(s, n)| *s >= sev && *n > 0) {
            return Ok(EXIT_FINDINGS);
        }
    }
    Ok(0)
}

/// The counts of the summary line.
struct Tally {
    files: usize,
    status: [usize; 3],
    forms: usize,
    by_severity: [(Severity, usize); 3],
}

impl Tally {
    fn of(records: &dyn output::RecordSource) -> std::io::Result<Tally> {
        let mut t = Tally {
            files: 0,
            status: [0; 3],
            forms: 0,
            by_severity: [
                (Severity::Error, 0),
                (Severity::Warning, 0),
                (Severity::Info, 0),
            ],
        };
        records.each(&mut |r| {
            t.files += 1;
            let k = match r.status {
                Status::Ok => 0,
                Status::Partial => 1,
                Status::Failed => 2,
            };
            if let Some(c) = t.status.get_mut(k) {
                *c += 1;
            }
            t.forms += r.reports.len();
            for f in &r.findings {
                for (s, n) in t.by_severity.iter_mut() {
                    if *s == f.severity {
                        *n += 1;
                    }
                }
            }
            Ok(())
        })?;
        Ok(t)
    }

    fn line(&self, lang: Lang) -> String {
        let [ok, partial, failed] = self.status;
        let [(_, e), (_, w), (_, i)] = self.by_severity;
        lang.fill(
            "summary",
            "line",
            &[
                ("files", &self.files),
                ("ok", &ok),
                ("partial", &partial),
                ("failed", &failed),
                ("forms", &self.forms),
                ("error", &e),
                ("warning", &w),
                ("info", &i),
            ],
        )
    }
}

/// What a bulk run did: the dataset, and how many files were processed or taken from
/// the previous output.
#[derive(Debug)]
pub struct Bulk {
    pub records: Vec<Record>,
    pub processed: usize,
    pub resumed: usize,
}

fn progress(total: usize, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() || total == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{bar:30}} {{pos}}/{{len}} {what}  {{per_sec}}  ETA {{eta}}  {{wide_msg}}"
    )) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    bar
}

fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")
}

/// Processes the inputs; the dataset in dataset order with the dataset rules applied.
pub fn run_bulk(files: &[pipeline::Input], cfg: &Config, jobs: Option<usize>) -> Result<Bulk> {
    let spilled = run_spilled(
        files,
        &Previous::default(),
        cfg,
        jobs,
        &std::env::temp_dir(),
    )?;
    let mut records = Vec::with_capacity(spilled.store.count());
    spilled.store.each(&mut |r| {
        records.push(r.clone());
        Ok(())
    })?;
    Ok(Bulk {
        records,
        processed: spilled.processed,
        resumed: spilled.resumed,
    })
}

/// The records of an earlier output (its records.jsonl) for `--resume`: where each one
/// is in the file, with its path and sha256. Records are read back one at a time when
/// they are reused, so resuming a large run costs no more memory than running it.
#[derive(Default)]
pub struct Previous {
    file: Option<PathBuf>,
    entries: Vec<PreviousEntry>,
}

struct PreviousEntry {
    path: String,
    sha256: String,
    offset: u64,
    len: u64,
}

impl Previous {
    pub fn index(path: &std::path::Path) -> std::io::Result<Previous> {
        let mut entries = Vec::new();
        output::load::each_record(path, &mut |offset, len, rec| {
            entries.push(PreviousEntry {
                path: rec.file.path,
                sha256: rec.file.sha256,
                offset,
                len,
            });
            Ok(())
        })?;
        Ok(Previous {
            file: Some(path.to_path_buf()),
            entries,
        })
    }

    fn open(&self) -> std::io::Result<Option<std::fs::File>> {
        self.file.as_ref().map(std::fs::File::open).transpose()
    }
}

/// What [`run_spilled`] did: the dataset, kept on disk, and the counts.
pub struct Spilled {
    pub store: SpillStore,
    pub processed: usize,
    pub resumed: usize,
}

/// Files are handed to the workers in batches of this many per thread, and each batch's
/// records go to disk before the next starts: memory holds one batch, not the dataset.
const BATCH_PER_THREAD: usize = 16;

/// Processes the inputs with the records kept in a temporary file in `spill_dir`
/// instead of in memory, so that memory does not grow with the number of files.
/// Records of `previous` (an earlier output of the same folder) are reused for files
/// whose sha256 it already has: the same path keeps its record, a copy under another
/// path gets a copy of the record with its own path. Previous records of files not
/// among the inputs stay; a path whose content changed is processed again.
pub fn run_spilled(
    files: &[pipeline::Input],
    previous: &Previous,
    cfg: &Config,
    jobs: Option<usize>,
    spill_dir: &std::path::Path,
) -> Result<Spilled> {
    let pool = pool(jobs)?;
    let mut by_sha: HashMap<&str, usize> = HashMap::new();
    for (i, e) in previous.entries.iter().enumerate() {
        if !e.sha256.is_empty() {
            by_sha.entry(e.sha256.as_str()).or_insert(i);
        }
    }
    // Which inputs the previous output already covers, found by hashing their bytes.
    let known: Vec<Option<usize>> = if by_sha.is_empty() {
        vec![None; files.len()]
    } else {
        let bar = progress(files.len(), "files checked");
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
    };
    let mut store = SpillStore::create(spill_dir)?;
    // Pushed in the order a stable sort by path expects: resumed records in input order,
    // previous records of files not among the inputs, then the fresh ones.
    let mut resumed = 0;
    let mut prev_file = previous.open()?;
    for (f, k) in files.iter().zip(&known) {
        if let (Some(e), Some(file)) = (k.and_then(|i| previous.entries.get(i)), &mut prev_file) {
            let mut rec = output::load::record_at(file, e.offset, e.len)?;
            rec.file.path = f.display.clone();
            store.push(&rec)?;
            resumed += 1;
        }
    }
    let input_paths: HashSet<&str> = files.iter().map(|f| f.display.as_str()).collect();
    for e in &previous.entries {
        if let (false, Some(file)) = (input_paths.contains(e.path.as_str()), &mut prev_file) {
            store.push(&output::load::record_at(file, e.offset, e.len)?)?;
        }
    }
    let todo: Vec<&pipeline::Input> = files
        .iter()
        .zip(&known)
        .filter(|(_, k)| k.is_none())
        .map(|(f, _)| f)
        .collect();
    let bar = progress(todo.len(), "files");
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
    Ok(Spilled {
        store,
        processed: todo.len(),
        resumed,
    })
}

/// Records of a run kept in a temporary file (removed when the store is dropped), read
/// back one at a time in dataset order. Besides where each record is, the store keeps
/// only what the dataset rules group records by.
pub struct SpillStore {
    path: PathBuf,
    out: Option<std::io::BufWriter<std::fs::File>>,
    offset: u64,
    entries: Vec<SpillEntry>,
    /// Keep one record of a file found twice (same path and content), as when merged
    /// shard outputs overlap.
    dedup: bool,
}

struct SpillEntry {
    path: String,
    offset: u64,
    len: u64,
    /// The file's content hash, hashed (to tell copies apart when deduplicating).
    content: u64,
    /// Hashes of what the dataset rules group records by: the file's sha256 (unless
    /// empty) and the (unit, year, program) of each report that has all three. Hashes
    /// keep an entry small; two keys that collide only put two records in one group,
    /// and the rules compare the real values.
    keys: Vec<u64>,
    /// Whether the record stored is the copy the dataset rules checked with others.
    checked: bool,
}

fn group_key(key: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    // DefaultHasher::new() has fixed keys: the same key in every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

impl SpillStore {
    fn create(dir: &std::path::Path) -> Result<SpillStore> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!(".jixiao-records-{}-{n}.tmp", std::process::id()));
        let file =
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(SpillStore {
            path,
            out: Some(std::io::BufWriter::new(file)),
            offset: 0,
            entries: Vec::new(),
            dedup: false,
        })
    }

    fn push(&mut self, rec: &Record) -> Result<()> {
        let line = serde_json::to_vec(rec)?;
        let out = self.out.as_mut().context("record store already closed")?;
        out.write_all(&line)?;
        let mut keys: Vec<u64> = Vec::new();
        if !rec.file.sha256.is_empty() && rec.file.bytes > 0 {
            keys.push(group_key(("sha256", &rec.file.sha256)));
        }
        for rep in &rec.reports {
            let (Some(unit), Some(program), Some(year)) =
                (rep.meta.unit.as_deref(), rep.program.as_deref(), rep.year)
            else {
                continue;
            };
            let (unit, program) = (unit.trim(), program.trim());
            if !unit.is_empty() && !program.is_empty() {
                keys.push(group_key(("form", unit, year, program)));
            }
        }
        keys.sort_unstable();
        keys.dedup();
        self.entries.push(SpillEntry {
            path: rec.file.path.clone(),
            offset: self.offset,
            len: line.len() as u64,
            content: group_key(&rec.file.sha256),
            keys,
            checked: false,
        });
        self.offset += line.len() as u64;
        Ok(())
    }

    /// Puts the records in dataset order and applies the dataset rules. Only records
    /// that share a sha256 or a (unit, year, program) with another record can have a
    /// dataset finding that involves others (D001 groups by exactly these), so only
    /// those are read back here, together; every other record is checked on its own
    /// as it is read. A dataset rule grouping by anything else must widen this.
    fn finish(&mut self) -> Result<()> {
        if let Some(mut out) = self.out.take() {
            out.flush()?;
        }
        self.entries.sort_by(|a, b| a.path.cmp(&b.path));
        if self.dedup {
            self.entries
                .dedup_by(|a, b| a.path == b.path && a.content == b.content);
        }
        let mut owners: HashMap<u64, usize> = HashMap::new();
        for e in &self.entries {
            for k in &e.keys {
                *owners.entry(*k).or_default() += 1;
            }
        }
        let together: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.keys.iter().any(|k| owners.get(k).is_some_and(|n| *n > 1)))
            .map(|(i, _)| i)
            .collect();
        if together.is_empty() {
            return Ok(());
        }
        // Records that share nothing cannot affect each other's findings: read back one
        // connected group at a time, so memory holds the largest group, not all of them.
        let mut parent: HashMap<usize, usize> = together.iter().map(|&i| (i, i)).collect();
        fn root(parent: &mut HashMap<usize, usize>, mut i: usize) -> usize {
            while let Some(&p) = parent.get(&i) {
                if p == i {
                    break;
                }
                let up = parent.get(&p).copied().unwrap_or(p);
                parent.insert(i, up);
                i = p;
            }
            i
        }
        let mut first_of: HashMap<u64, usize> = HashMap::new();
        for &i in &together {
            let Some(e) = self.entries.get(i) else {
                continue;
            };
            for k in &e.keys {
                let j = *first_of.entry(*k).or_insert(i);
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                if a != b {
                    parent.insert(a.max(b), a.min(b));
                }
            }
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for &i in &together {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut file = std::fs::File::open(&self.path)?;
        let mut rewrite =
            std::io::BufWriter::new(std::fs::OpenOptions::new().append(true).open(&self.path)?);
        for members in groups.into_values() {
            let mut group = Vec::with_capacity(members.len());
            for &i in &members {
                if let Some(e) = self.entries.get(i) {
                    group.push(output::load::record_at(&mut file, e.offset, e.len)?);
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

impl output::RecordSource for SpillStore {
    fn count(&self) -> usize {
        self.entries.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Record) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut file = std::fs::File::open(&self.path)?;
        for e in &self.entries {
            let mut rec = output::load::record_at(&mut file, e.offset, e.len)?;
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

impl Drop for SpillStore {
    fn drop(&mut self) {
        self.out = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Processes every input in parallel, with a progress bar on a terminal; records come
/// back in dataset order (by displayed path) with the dataset rules applied.
pub fn run(inputs: &[PathBuf], cfg: &Config, jobs: Option<usize>) -> Result<Vec<Record>> {
    let files = pipeline::collect_inputs(inputs);
    Ok(run_bulk(&files, cfg, jobs)?.records)
}

/// The one line printed at the end of a run.
pub fn summary(records: &[Record]) -> String {
    Tally::of(&records)
        .map(|t| t.line(Lang::En))
        .unwrap_or_default()
}
