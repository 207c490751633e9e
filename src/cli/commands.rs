//! One function per subcommand.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use super::args::{DatasetArgs, ExtractArgs, LimitArgs, MergeArgs, RunArgs};
use super::EXIT_FINDINGS;
use crate::batch::{self, Ending, Interrupt, OutDir, RecordStore};
use crate::i18n::Lang;
use crate::limits::LIMITS;
use crate::normalize::Patterns;
use crate::pipeline::{self, Config};
use crate::rules::{self, Rule};

pub fn run(a: RunArgs, lang: Lang) -> Result<i32> {
    let cfg = Config {
        limits: a.limits.resolve()?,
        patterns: load_patterns(a.patterns.as_deref())?,
        rules: rules::RuleConfig {
            underexecution_threshold: a.underexecution_threshold,
        },
    };
    let interrupt = Interrupt::on_signals();
    let out = OutDir::claim(&a.out)?;
    let mut files = pipeline::collect_inputs(&a.inputs);
    if let Some(shard) = a.shard {
        files.retain(|f| shard.holds(&f.display));
    }
    let done = batch::run_into(&out, &files, &cfg, a.jobs, a.resume, &interrupt)?;
    if let Some(signal) = done.interrupted {
        eprintln!("jixiao: {}", done.interrupted_line(signal));
        return Ok(signal.exit_code());
    }
    let (processed, resumed) = (done.processed, done.resumed);
    finish(out, done.store, &a.dataset, lang, &interrupt, |s| {
        lang.fill(
            "summary",
            "run",
            &[
                ("line", &s),
                ("processed", &processed),
                ("resumed", &resumed),
            ],
        )
    })
}

pub fn merge(a: MergeArgs, lang: Lang) -> Result<i32> {
    let interrupt = Interrupt::on_signals();
    let out = OutDir::claim(&a.out)?;
    // Shard records wait on disk in OUT, as a run's do: memory does not grow with the
    // dataset.
    let store = batch::merge(&a.shards, out.path())?;
    let n = a.shards.len();
    finish(out, store, &a.dataset, lang, &interrupt, |s| {
        lang.fill("summary", "merge", &[("line", &s), ("n", &n)])
    })
}

pub fn extract(a: ExtractArgs) -> Result<i32> {
    let cfg = Arc::new(Config {
        limits: a.limits.resolve()?,
        patterns: load_patterns(a.patterns.as_deref())?,
        ..Config::default()
    });
    let mut recs = vec![pipeline::process_path_bounded(
        &a.file,
        &a.file.to_string_lossy(),
        &cfg,
    )];
    rules::check_dataset(&mut recs);
    crate::facts::listing::write(&recs, a.facts, &mut std::io::stdout().lock())?;
    Ok(0)
}

pub fn limits(a: &LimitArgs) -> Result<i32> {
    let limits = a.resolve()?;
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

pub fn rules(code: Option<&Rule>, lang: Lang) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    match code {
        None => {
            for r in rules::registry() {
                let (code, name, severity) = (r.code, r.name, r.severity.as_str());
                let summary = r.listing(lang);
                writeln!(out, "{code}  {name:<36} {severity:<8} {summary}")?;
            }
        }
        Some(r) => {
            writeln!(out, "{} {} ({})\n", r.code, r.name, r.severity.as_str())?;
            let title = (lang == Lang::Zh).then(|| r.title(lang) + "\n\n");
            writeln!(out, "{}{}\n", title.unwrap_or_default(), r.summary_in(lang))?;
            writeln!(out, "{}", r.doc.trim())?;
        }
    }
    Ok(0)
}

/// Streams records.jsonl: memory holds the counts, not the dataset.
pub fn unmapped(out: &Path) -> Result<i32> {
    let path = out.join("records.jsonl");
    let rows = batch::records_file::unmapped_names(&path)
        .with_context(|| format!("reading {}", path.display()))?;
    let mut stdout = std::io::stdout().lock();
    for (name, n) in rows {
        writeln!(stdout, "{n}\t{name}")?;
    }
    Ok(0)
}

fn load_patterns(dir: Option<&Path>) -> Result<Patterns> {
    match dir {
        None => Ok(Patterns::builtin()),
        Some(d) if !d.is_dir() => bail!("--patterns {} is not a folder", d.display()),
        Some(d) => Ok(Patterns::load_dir(d)?),
    }
}

/// Writes the dataset, prints the summary line, applies `--fail-on`.
fn finish(
    out: OutDir,
    store: RecordStore,
    dataset: &DatasetArgs,
    lang: Lang,
    interrupt: &Interrupt,
    line: impl FnOnce(String) -> String,
) -> Result<i32> {
    let dir = out.path().display().to_string();
    match batch::conclude(out, store, &dataset.formats, lang, interrupt) {
        Err(e) => {
            eprintln!("jixiao: cannot write {dir}: {e:#}");
            Ok(1)
        }
        Ok(Ending::Interrupted(signal)) => {
            eprintln!(
                "jixiao: interrupted by {} before the outputs were written; {dir} is as it was",
                signal.name()
            );
            Ok(signal.exit_code())
        }
        Ok(Ending::Written(summary)) => {
            eprintln!("{}", line(summary.line(lang)));
            match dataset.fail_on {
                Some(severity) if summary.has_findings_from(severity) => Ok(EXIT_FINDINGS),
                _ => Ok(0),
            }
        }
    }
}
