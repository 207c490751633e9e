//! The worker threads and the progress bar of a run.

use std::io::IsTerminal;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar with rate and ETA on a terminal; nothing when stderr is a file or a pipe, so
/// logs of scheduled runs stay clean.
pub fn progress(total: usize, what: &str) -> ProgressBar {
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

/// `jobs` threads, or one per core.
pub fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    // OCR reads the pages of scans on a pool of its own: the same bound.
    crate::read::pdf::ocr::set_page_threads(jobs.unwrap_or(0));
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")
}
