//! Inputs that once crashed or hung a reader (found by `scripts/fuzz`), kept so they
//! never do again. Readers are called directly, without the pipeline's panic guard.

mod common;

use std::time::{Duration, Instant};

use jixiao::forms::interpret;
use jixiao::limits::Limits;
use jixiao::model::Format;
use jixiao::normalize::Patterns;
use jixiao::read::sheet::SheetReader;
use jixiao::read::{read_bytes, Reader};

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
        let limits = Limits {
            max_ocr_pages: 0,
            ..Limits::default()
        };
        // Every input kept so far is broken beyond reading: the pipeline's reader
        // refuses it as damaged or over a limit (tests/fuzz_regressions/README.md).
        match read_bytes(&bytes, &limits) {
            Ok(doc) => {
                let _ = interpret(&doc, &patterns);
            }
            Err(e) => assert!(
                e.code().ends_with(".damaged") || e.code().starts_with("limit."),
                "{}: {}",
                path.display(),
                e.code()
            ),
        }
        // Each input also goes to the reader its fuzz target called directly, which
        // need not be the one sniffing picks.
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("read_sheet-") {
            for f in [Format::Xlsx, Format::Xls, Format::Ods] {
                let _ = SheetReader(f).read(&bytes, &limits);
            }
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

/// An .xls with values far apart: calamine would allocate the whole grid between them
/// (135 million cells, 4 GiB), so the reader refuses it first.
#[test]
fn sparse_xls_grid_is_refused_by_the_cells_limit() {
    let path = common::root().join("tests/fuzz_regressions/read_sheet-xls-sparse-grid-oom");
    let bytes = std::fs::read(path).expect("input");
    let err = SheetReader(Format::Xls)
        .read(&bytes, &Limits::default())
        .expect_err("refused");
    assert_eq!(err.code(), "limit.cells");
    // Raising the limit is the user's call; the seeds' .xls stay far below it.
    for seed in [
        "000_miyi_2022.xls",
        "001_mianyang_2020.xls",
        "002_guangxi_2023.xls",
    ] {
        let bytes = std::fs::read(common::root().join("samples/seeds").join(seed)).expect("seed");
        let small = Limits {
            max_cells: 2_000,
            ..Limits::default()
        };
        assert!(
            SheetReader(Format::Xls).read(&bytes, &small).is_ok(),
            "{seed}"
        );
    }
}
