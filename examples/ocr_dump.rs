//! Prints the document model a file is read into (tables as rows of cells), to see
//! what OCR gave the form interpreter: `cargo run --release --example ocr_dump FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: ocr_dump FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).expect("readable file");
    let doc = match jixiao::read::read_bytes(&bytes, &jixiao::limits::Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    for b in &doc.blocks {
        match b {
            jixiao::model::Block::Paragraph(p) => println!("P{:?} {}", p.page, p.text),
            jixiao::model::Block::Table(t) => {
                println!("T{} page {:?} {}×{}", t.index, t.page, t.n_rows, t.n_cols);
                let mut row = usize::MAX;
                for c in &t.cells {
                    if c.row != row {
                        row = c.row;
                        print!("\n  r{row}:");
                    }
                    print!(" [{}+{}x{} {}]", c.col, c.row_span, c.col_span, c.text);
                }
                println!();
            }
        }
    }
    for i in &doc.issues {
        println!("issue {}: {}", i.code, i.message);
    }
}
