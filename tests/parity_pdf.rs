//! Every sample document as PDF (LibreOffice's and the Word-style writer's, see
//! scripts/make_pdfs.py) gives the same forms, funds, indicators and findings as
//! its .docx.

mod common;

use common::{findings, funds, indicators, record, sample};
use serde_json::Value;

const DOCS: &[&str] = &[
    "seeds/000_miyi_2022",
    "seeds/001_mianyang_2020",
    "seeds/002_guangxi_2023",
    "seeds/004_zhongshan_2022",
    "variants/dept_overall_2022",
    "variants/no_unit_split_table",
    "variants/project_selfeval_2023",
    "variants/traditional_wording",
];

fn reports(rec: &Value) -> Vec<Value> {
    rec["reports"].as_array().cloned().unwrap_or_default()
}

fn check(doc: &str, kind: &str) {
    let stem = doc.rsplit('/').next().unwrap_or(doc);
    let docx = record(&sample(&format!("{doc}.docx")));
    let pdf = record(&sample(&format!("pdf/{stem}.{kind}.pdf")));
    let what = format!("{stem}.{kind}.pdf");
    assert_eq!(pdf["status"], "ok", "{what}: {}", pdf["errors"]);
    assert_eq!(pdf["file"]["format"], "pdf");
    let (a, b) = (reports(&docx), reports(&pdf));
    assert_eq!(a.len(), b.len(), "{what}: number of forms");
    for (k, (x, y)) in a.iter().zip(&b).enumerate() {
        for key in ["kind", "program", "year", "money_unit", "meta"] {
            assert_eq!(x[key], y[key], "{what}: form {k} {key}");
        }
        assert_eq!(funds(x), funds(y), "{what}: form {k} funds");
        assert_eq!(indicators(x), indicators(y), "{what}: form {k} indicators");
    }
    assert_eq!(findings(&docx), findings(&pdf), "{what}: findings");
}

#[test]
fn libreoffice_pdfs_match_their_docx() {
    for d in DOCS {
        check(d, "lo");
    }
}

#[test]
fn word_style_pdfs_match_their_docx() {
    for d in DOCS {
        check(d, "word");
    }
}

#[test]
fn pdf_values_carry_page_and_bbox() {
    let rec = record(&sample("pdf/000_miyi_2022.word.pdf"));
    assert_eq!(rec["file"]["pages"], 4);
    let r = &rec["reports"][0];
    // 年度资金总额 1146.81: on page 2, in the fund block of the form's one table.
    let src = &r["funds"][0]["sources"]["budget"];
    assert_eq!(src["page"], 2, "{src}");
    assert_eq!(src["table"], 0, "{src}");
    let bbox: Vec<f64> = src["bbox"]
        .as_array()
        .expect("bbox")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert_eq!(bbox.len(), 4);
    // Points, top-left origin, inside an A4 page and inside its text margins.
    assert!(
        bbox[0] >= 89.0 && bbox[2] <= 506.0 && bbox[0] < bbox[2],
        "{bbox:?}"
    );
    assert!(
        bbox[1] >= 71.0 && bbox[3] <= 771.0 && bbox[1] < bbox[3],
        "{bbox:?}"
    );
    // The satisfaction indicator is further down the same table, on page 4.
    let last = r["indicators"]
        .as_array()
        .and_then(|a| a.last())
        .expect("indicators");
    assert_eq!(last["source"]["page"], 4, "{}", last["source"]);
    assert_eq!(last["source"]["table"], 0);
}

#[test]
fn a_long_table_crosses_pages_and_stays_one_form() {
    // 001 as the Word-style PDF: three forms over seven pages, tables cut by page
    // breaks without repeated headers; every indicator of each form is found.
    let docx = record(&sample("seeds/001_mianyang_2020.docx"));
    let pdf = record(&sample("pdf/001_mianyang_2020.word.pdf"));
    assert!(pdf["file"]["pages"].as_u64().unwrap_or(0) >= 5);
    let n = |r: &Value| -> Vec<usize> {
        reports(r)
            .iter()
            .map(|x| x["indicators"].as_array().map_or(0, Vec::len))
            .collect()
    };
    assert_eq!(n(&pdf), n(&docx));
    assert_eq!(n(&pdf), vec![14, 16, 11]);
}
