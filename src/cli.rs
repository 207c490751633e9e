//! The command line: `run`, `merge`, `extract`, `rules`, `unmapped`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::limits::{Limits, LIMITS};
use crate::normalize::Patterns;
use crate::output::{self, OutFormat};
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
        /// Output formats, comma-separated.
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
    #[arg(long = "limits", value_name = "FILE")]
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
                    output::load::read_records(&path)
                        .with_context(|| format!("reading {} to resume", path.display()))?
                } else {
                    Vec::new()
                }
            } else {
                Vec::new()
            };
            let bulk = run_bulk(&files, previous, &cfg, jobs)?;
            finish(&out, bulk.records, &fmts, fail_on, |s| {
                format!(
                    "{s}, {} processed, {} resumed",
                    bulk.processed, bulk.resumed
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
            let mut records = Vec::new();
            for dir in &shards {
                let path = dir.join("records.jsonl");
                if !path.is_file() {
                    eprintln!("jixiao: {} has no records.jsonl", dir.display());
                    return Ok(EXIT_USAGE);
                }
                records.extend(
                    output::load::read_records(&path)
                        .with_context(|| format!("reading {}", path.display()))?,
                );
            }
            let records = merge_records(records);
            let n = shards.len();
            finish(&out, records, &fmts, fail_on, |s| {
                format!("{s}, merged from {n} outputs")
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
                        writeln!(
                            out,
                            "{}  {:<36} {:<8} {}",
                            r.code,
                            r.name,
                            r.severity.as_str(),
                            r.summary
                        )?;
                    }
                }
                Some(c) => match rules::find(&c) {
                    Some(r) => {
                        writeln!(out, "{} {} ({})\n", r.code, r.name, r.severity.as_str())?;
                        writeln!(out, "{}\n", r.summary)?;
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
                    "jixiao: unknown output format {f:?} (formats: {})",
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

/// Records in dataset order: by displayed path (stable, so a path given twice keeps its
/// order), with the dataset rules computed over all of them.
pub fn finish_dataset(mut records: Vec<Record>) -> Vec<Record> {
    records.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    rules::check_dataset(&mut records);
    records
}

/// Shard outputs joined: in dataset order, a file found in two outputs (same path and
/// sha256, as when shards overlap) kept once.
pub fn merge_records(records: Vec<Record>) -> Vec<Record> {
    let mut records = records;
    records.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    records.dedup_by(|a, b| a.file.path == b.file.path && a.file.sha256 == b.file.sha256);
    finish_dataset(records)
}

/// Writes the dataset, prints the summary line, applies `--fail-on`.
fn finish(
    out: &std::path::Path,
    records: Vec<Record>,
    fmts: &[OutFormat],
    fail_on: Option<Severity>,
    line: impl FnOnce(String) -> String,
) -> Result<i32> {
    if let Err(e) = output::write_all(out, &records, fmts) {
        eprintln!("jixiao: cannot write {}: {e}", out.display());
        return Ok(1);
    }
    eprintln!("{}", line(summary(&records)));
    if let Some(sev) = fail_on {
        if records
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.severity >= sev)
        {
            return Ok(EXIT_FINDINGS);
        }
    }
    Ok(0)
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

/// Processes the inputs, reusing records of `previous` (an earlier output of the same
/// folder) for files whose sha256 it already has: the same path keeps its record, a copy
/// under another path gets a copy of the record with its own path. Previous records of
/// files not among the inputs stay; a path whose content changed is processed again.
/// Returns the dataset in dataset order with the dataset rules applied.
pub fn run_bulk(
    files: &[pipeline::Input],
    previous: Vec<Record>,
    cfg: &Config,
    jobs: Option<usize>,
) -> Result<Bulk> {
    let pool = pool(jobs)?;
    let mut by_sha: HashMap<String, usize> = HashMap::new();
    for (i, r) in previous.iter().enumerate() {
        if !r.file.sha256.is_empty() {
            by_sha.entry(r.file.sha256.clone()).or_insert(i);
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
                        .and_then(|b| by_sha.get(&pipeline::sha256_hex(&b)).copied());
                    bar.inc(1);
                    hit
                })
                .collect()
        });
        bar.finish_and_clear();
        found
    };
    let todo: Vec<&pipeline::Input> = files
        .iter()
        .zip(&known)
        .filter(|(_, k)| k.is_none())
        .map(|(f, _)| f)
        .collect();
    let bar = progress(todo.len(), "files");
    let shared = Arc::new(cfg.clone());
    let fresh: Vec<Record> = pool.install(|| {
        todo.par_iter()
            .map(|f| {
                let rec = pipeline::process_path_bounded(&f.path, &f.display, &shared);
                bar.inc(1);
                rec
            })
            .collect()
    });
    bar.finish_and_clear();
    let processed = fresh.len();
    let mut resumed = 0;
    let input_paths: HashSet<&str> = files.iter().map(|f| f.display.as_str()).collect();
    let mut records: Vec<Record> = Vec::with_capacity(previous.len() + processed);
    for (f, k) in files.iter().zip(&known) {
        if let Some(rec) = k.and_then(|i| previous.get(i)) {
            let mut rec = rec.clone();
            rec.file.path = f.display.clone();
            records.push(rec);
            resumed += 1;
        }
    }
    records.extend(
        previous
            .into_iter()
            .filter(|r| !input_paths.contains(r.file.path.as_str())),
    );
    records.extend(fresh);
    Ok(Bulk {
        records: finish_dataset(records),
        processed,
        resumed,
    })
}

/// Processes every input in parallel, with a progress bar on a terminal; records come
/// back in dataset order (by displayed path) with the dataset rules applied.
pub fn run(inputs: &[PathBuf], cfg: &Config, jobs: Option<usize>) -> Result<Vec<Record>> {
    let files = pipeline::collect_inputs(inputs);
    Ok(run_bulk(&files, Vec::new(), cfg, jobs)?.records)
}

/// The one line printed at the end of a run.
pub fn summary(records: &[Record]) -> String {
    let count = |s: Status| records.iter().filter(|r| r.status == s).count();
    let forms: usize = records.iter().map(|r| r.reports.len()).sum();
    let sev = |s: Severity| {
        records
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    format!(
        "{} files ({} ok, {} partial, {} failed), {} forms, findings: {} error, {} warning, {} info",
        records.len(),
        count(Status::Ok),
        count(Status::Partial),
        count(Status::Failed),
        forms,
        sev(Severity::Error),
        sev(Severity::Warning),
        sev(Severity::Info)
    )
}
