use jixiao::limits::Limits;
use jixiao::model::Format;
use jixiao::read::read_bytes;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/sheet/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn dump() {
    for f in ["selfeval.xlsx", "selfeval.xls", "selfeval.ods"] {
        let doc = read_bytes(&fixture(f), &Limits::default());
        match doc {
            Ok(d) => {
                println!("== {f} {:?} issues {:?}", d.format, d.issues);
                for t in d.tables() {
                    println!("-- {:?} {}x{}", t.sheet, t.n_rows, t.n_cols);
                    for c in &t.cells {
                        println!(
                            "{} {} {}x{} {:?} {:?}",
                            c.row, c.col, c.row_span, c.col_span, c.text, c.typed
                        );
                    }
                }
            }
            Err(e) => println!("== {f} ERR {e}"),
        }
    }
    println!(
        "{:?}",
        read_bytes(&fixture("encrypted.xls"), &Limits::default()).map(|d| d.format)
    );
    let _ = Format::Xlsx;
}
