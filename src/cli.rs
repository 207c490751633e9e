//! The command line: `run`, `extract`, `rules`, `unmapped`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

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
        #[arg(long, default_value = "jsonl,csv", value_delimiter = ',')]
        formats: Vec<String>,
        /// Exit 3 when a finding of this severity or worse exists (info, warning, error).
        #[arg(long)]
        fail_on: Option<String>,
        /// B/A below this percent counts as under-execution (rule F004).
        #[arg(long, default_value_t = 90.0)]
        underexecution_threshold: f64,
    },
    /// Print one file's record as pretty JSON.
    Extract {
        file: PathBuf,
        #[arg(long)]
        patterns: Option<PathBuf>,
    },
    /// List the rules, or print one rule's documentation.
    Rules { code: Option<String> },
    /// Indicator names that matched no canonical indicator, most frequent first.
    Unmapped { out: PathBuf },
}

/// Exit code for bad usage; clap uses the same.
pub const EXIT_USAGE: i32 = 2;

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
        } => {
            let fail_on = match fail_on.as_deref() {
                None => None,
                Some(s) => match Severity::parse(s) {
                    Some(s) => Some(s),
                    None => {
                        eprintln!("jixiao: --fail-on takes info, warning or error, not {s:?}");
                        return Ok(EXIT_USAGE);
                    }
                },
            };
            let mut fmts = Vec::new();
            for f in &formats {
                match OutFormat::parse(f) {
                    Some(x) => fmts.push(x),
                    // Formats of the full contract that this build does not write yet are
                    // accepted and skipped, so scripts written for all formats still run.
                    None if ["sqlite", "xlsx", "html"].contains(&f.trim()) => {}
                    None => {
                        eprintln!("jixiao: unknown output format {f:?}");
                        return Ok(EXIT_USAGE);
                    }
                }
            }
            for p in &inputs {
                if !p.exists() {
                    eprintln!("jixiao: no such file or folder: {}", p.display());
                    return Ok(EXIT_USAGE);
                }
            }
            let cfg = Config {
                patterns: load_patterns(patterns.as_ref())?,
                rules: rules::RuleConfig {
                    underexecution_threshold,
                },
                ..Config::default()
            };
            let records = run(&inputs, &cfg, jobs)?;
            if let Err(e) = output::write_all(&out, &records, &fmts) {
                eprintln!("jixiao: cannot write {}: {e}", out.display());
                return Ok(1);
            }
            eprintln!("{}", summary(&records));
            if let Some(sev) = fail_on {
                if records
                    .iter()
                    .flat_map(|r| &r.findings)
                    .any(|f| f.severity >= sev)
                {
                    return Ok(3);
                }
            }
            Ok(0)
        }
        Command::Extract { file, patterns } => {
            if !file.is_file() {
                eprintln!("jixiao: no such file: {}", file.display());
                return Ok(EXIT_USAGE);
            }
            let cfg = Config {
                patterns: load_patterns(patterns.as_ref())?,
                ..Config::default()
            };
            let rec = pipeline::process_path(&file, &file.to_string_lossy(), &cfg);
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &rec)?;
            writeln!(out)?;
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

/// Processes every input in parallel; records come back in input order.
pub fn run(inputs: &[PathBuf], cfg: &Config, jobs: Option<usize>) -> Result<Vec<Record>> {
    let files = pipeline::collect_inputs(inputs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let done = AtomicUsize::new(0);
    let total = files.len();
    let tty = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let records = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let rec = pipeline::process_path(&f.path, &f.display, cfg);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if tty && (n % 10 == 0 || n == total) {
                    let secs = start.elapsed().as_secs_f64().max(1e-3);
                    let rate = n as f64 / secs;
                    let eta = (total - n) as f64 / rate.max(1e-9);
                    eprint!("\r{n}/{total} files  {rate:.1} files/s  ETA {eta:.0}s   ");
                }
                rec
            })
            .collect::<Vec<_>>()
    });
    if tty && total > 0 {
        eprintln!();
    }
    Ok(records)
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
