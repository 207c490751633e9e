//! Inputs that once crashed or hung a reader (found by `scripts/fuzz`), kept so they
//! never do again. Readers are called directly, without the pipeline's panic guard.

mod common;

use std::time::{Duration, Instant};

use jixiao::forms::interpret;
use jixiao::limits::Limits;
use jixiao::normalize::Patterns;
use jixiao::read::read_bytes;

#[test]
fn every_kept_input_reads_without_panic_in_bounded_time() {
    let dir = common::root().join("tests/fuzz_regressions");
    let patterns = Patterns::builtin();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("tests/fuzz_regressions") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read input");
        let start = Instant::now();
        if let Ok(doc) = read_bytes(&bytes, &Limits::default()) {
            let _ = interpret(&doc, &patterns);
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} took {:?}",
            path.display(),
            start.elapsed()
        );
        n += 1;
    }
    assert!(n > 0, "no inputs under {}", dir.display());
}
