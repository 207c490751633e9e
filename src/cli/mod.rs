//! The command line: `run`, `merge`, `extract`, `limits`, `rules`, `unmapped`. The clap
//! types in [`args`] validate the usage; each subcommand is one function in [`commands`].
//! A new subcommand is a variant here, its arguments in `args` and its function in
//! `commands`.

pub mod args;
mod commands;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

pub use args::LimitArgs;

use crate::i18n::Lang;
use crate::rules::Rule;

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
    Run(args::RunArgs),
    /// Join the outputs of shard runs into one dataset, as one run over all inputs gives.
    Merge(args::MergeArgs),
    /// Print one file's record as pretty JSON (with --facts: its prose facts, one a line).
    Extract(args::ExtractArgs),
    /// List the limits applied to each file: name, value, unit and error codes
    /// (with `--limit`/`--limits` applied, as `run` would use them).
    Limits {
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List the rules, or print one rule's documentation.
    Rules {
        #[arg(value_parser = args::rule_code)]
        code: Option<&'static Rule>,
    },
    /// Indicator names that matched no canonical indicator, most frequent first.
    Unmapped { out: PathBuf },
}

/// Exit code for bad usage; clap uses the same.
pub const EXIT_USAGE: i32 = 2;
/// Exit code when `--fail-on` finds a finding of that severity or worse.
pub const EXIT_FINDINGS: i32 = 3;

/// Runs a parsed command line; the exit code, or an error for exit code 1.
pub fn main_with(cli: Cli) -> Result<i32> {
    let lang = Lang::resolve(cli.lang.as_deref());
    match cli.command {
        Command::Run(a) => commands::run(a, lang),
        Command::Merge(a) => commands::merge(a, lang),
        Command::Extract(a) => commands::extract(a),
        Command::Limits { limits } => commands::limits(&limits),
        Command::Rules { code } => commands::rules(code, lang),
        Command::Unmapped { out } => commands::unmapped(&out),
    }
}
