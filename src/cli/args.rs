//! The arguments of each subcommand. Everything that can be wrong with the usage is found
//! here, by clap's value parsers, so that bad usage exits 2 before any work starts.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::batch::Shard;
use crate::limits::Limits;
use crate::output::OutFormat;
use crate::record::Severity;
use crate::rules::{self, Rule};

/// Every format a run writes unless told otherwise.
pub const DEFAULT_FORMATS: &str = "jsonl,csv,sqlite,xlsx,html";

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Files and folders to read (folders are walked recursively).
    #[arg(required = true, value_parser = existing_path)]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "jixiao-out")]
    pub out: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// A pattern folder laid out like patterns/ (default: the built-in patterns).
    #[arg(long)]
    pub patterns: Option<PathBuf>,
    #[command(flatten)]
    pub dataset: DatasetArgs,
    /// B/A below this percent counts as under-execution (rule F004).
    #[arg(long, default_value_t = 90.0)]
    pub underexecution_threshold: f64,
    /// Keep the records already in OUT and process only files whose sha256 is not there.
    #[arg(long)]
    pub resume: bool,
    /// Process only share I of N (1 ≤ I ≤ N), chosen by a hash of each file's path;
    /// `jixiao merge` joins the shards' outputs.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Output folders of `jixiao run --shard` (or of any runs).
    #[arg(required = true, value_parser = run_output)]
    pub shards: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "jixiao-out")]
    pub out: PathBuf,
    #[command(flatten)]
    pub dataset: DatasetArgs,
}

/// What to write and when to fail, for every command that writes a dataset.
#[derive(Args, Debug)]
pub struct DatasetArgs {
    /// Output formats, comma-separated.
    #[arg(long, default_value = DEFAULT_FORMATS, value_delimiter = ',')]
    pub formats: Vec<OutFormat>,
    /// Exit 3 when a finding of this severity or worse exists.
    #[arg(long)]
    pub fail_on: Option<Severity>,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    #[arg(value_parser = existing_file)]
    pub file: PathBuf,
    /// Print the prose facts, each with its words and span, instead of the record.
    #[arg(long)]
    pub facts: bool,
    #[arg(long)]
    pub patterns: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Per-file limits: defaults, then a TOML file, then single settings.
#[derive(Args, Debug, Default)]
pub struct LimitArgs {
    /// Set a per-file limit, e.g. `--limit rows=50000 --limit millis=30000`
    /// (`jixiao limits` lists them; values take k/m/g suffixes).
    #[arg(long = "limit", value_name = "NAME=VALUE", value_parser = limit_setting)]
    pub set: Vec<String>,
    /// A TOML file of limits (`rows = 50000`, `file_bytes = "1g"` …), applied before
    /// any `--limit`.
    #[arg(long = "limits", value_name = "FILE", id = "limits_file", value_parser = limits_file)]
    pub file: Option<Limits>,
}

impl LimitArgs {
    /// The limits these arguments give.
    pub fn resolve(&self) -> anyhow::Result<Limits> {
        let mut limits = self.file.clone().unwrap_or_default();
        for s in &self.set {
            limits.apply(s).map_err(anyhow::Error::msg)?;
        }
        Ok(limits)
    }
}

fn existing_path(s: &str) -> Result<PathBuf, String> {
    path_that(s, Path::exists, || format!("no such file or folder: {s}"))
}

fn existing_file(s: &str) -> Result<PathBuf, String> {
    path_that(s, Path::is_file, || format!("no such file: {s}"))
}

/// The output folder of a run: one with a records.jsonl.
fn run_output(s: &str) -> Result<PathBuf, String> {
    path_that(
        s,
        |p| p.join("records.jsonl").is_file(),
        || format!("{s} has no records.jsonl"),
    )
}

fn path_that(
    s: &str,
    holds: impl Fn(&Path) -> bool,
    otherwise: impl Fn() -> String,
) -> Result<PathBuf, String> {
    let p = PathBuf::from(s);
    if holds(&p) {
        Ok(p)
    } else {
        Err(otherwise())
    }
}

/// A `--limit` setting the limits accept; applied later, on top of `--limits`.
fn limit_setting(s: &str) -> Result<String, String> {
    Limits::default().apply(s)?;
    Ok(s.to_string())
}

fn limits_file(s: &str) -> Result<Limits, String> {
    Limits::from_toml_file(Path::new(s))
}

pub fn rule_code(s: &str) -> Result<&'static Rule, String> {
    rules::find(s).ok_or_else(|| format!("no rule {s:?}; `jixiao rules` lists them"))
}
