//! The auditor's desk: every output of a run read back and compared with records.jsonl;
//! shards merged against one run; resumed runs; --fail-on; D001 end to end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook_auto, Data, Reader};
use regex::Regex;
use rusqlite::Connection;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder under the system temp dir, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = std::env::temp_dir().join(format!("jixiao-desk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("scratch folder");
        Scratch(p)
    }

    fn join(&self, s: &str) -> PathBuf {
        self.0.join(s)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs jixiao from the repository root, so that records name files "samples/…".
fn jixiao(args: &[&str]) -> Output {
    jixiao_in(&root(), args)
}

fn jixiao_in(dir: &Path, args: &[&str]) -> Output {
    // English whatever the locale of the machine running the tests (tests that want
    // Chinese say --lang zh).
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .args(args)
        .output()
        .expect("jixiao runs")
}

fn ok(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    err
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn records(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("records.jsonl"))
        .expect("records.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn arr(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn all_findings(recs: &[Value]) -> Vec<(String, Value)> {
    recs.iter()
        .flat_map(|r| {
            arr(&r["findings"]).iter().map(move |f| {
                (
                    r["file"]["path"].as_str().unwrap_or("").to_string(),
                    f.clone(),
                )
            })
        })
        .collect()
}

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rd = csv::Reader::from_path(path).expect("csv");
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    rd.records()
        .map(|r| {
            let r = r.expect("csv row");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// Every table of the SQLite file as text rows, in key order: equal content, whatever
/// the pages look like.
fn sqlite_content(path: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open(path).expect("sqlite opens");
    let mut out = BTreeMap::new();
    for table in [
        "dataset",
        "files",
        "reports",
        "funds",
        "indicators",
        "facts",
        "findings",
    ] {
        let mut st = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .expect("select");
        let n = st.column_count();
        let rows = st
            .query_map([], |row| {
                let mut cells = Vec::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = row.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .expect("rows")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows read");
        out.insert(table.to_string(), rows);
    }
    out
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => serde_json::Number::from_f64(*f)
            .map(|n| {
                if f.fract() == 0.0 {
                    (*f as i64).to_string()
                } else {
                    n.to_string()
                }
            })
            .unwrap_or_default(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn one_run_writes_five_consistent_outputs() {
    let tmp = Scratch::new("five");
    let out = tmp.join("out");
    let err = ok(&jixiao(&[
        "run",
        "samples/seeds",
        "samples/variants",
        "samples/doc",
        "samples/pdf",
        "samples/narratives",
        "-o",
        s(&out),
    ]));
    for f in [
        "records.jsonl",
        "files.csv",
        "funds.csv",
        "indicators.csv",
        "facts.csv",
        "findings.csv",
        "jixiao.sqlite",
        "findings.xlsx",
        "report.html",
    ] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    let recs = records(&out);
    let findings = all_findings(&recs);
    let n_reports: usize = recs.iter().map(|r| arr(&r["reports"]).len()).sum();
    let n_funds: usize = recs
        .iter()
        .flat_map(|r| arr(&r["reports"]))
        .map(|rep| arr(&rep["funds"]).len())
        .sum();
    let n_inds: usize = recs
        .iter()
        .flat_map(|r| arr(&r["reports"]))
        .map(|rep| arr(&rep["indicators"]).len())
        .sum();
    // The seed expectations: F002 and F005 in seed 000 (every format).
    let rules_of = |path: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, f)| f["rule"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        rules_of("samples/seeds/000_miyi_2022.docx"),
        ["F002", "F005"]
    );
    assert!(recs.len() >= 20 && findings.len() > 10);
    assert!(err.contains(&format!("{} files", recs.len())), "{err}");
    assert!(err.contains(&format!("{} processed, 0 resumed", recs.len())));
    // Dataset order: by displayed path.
    let paths: Vec<&str> = recs
        .iter()
        .filter_map(|r| r["file"]["path"].as_str())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);

    // CSV
    let files_csv = csv_rows(&out.join("files.csv"));
    assert_eq!(files_csv.len(), recs.len());
    for (row, r) in files_csv.iter().zip(&recs) {
        assert_eq!(row["path"], r["file"]["path"].as_str().unwrap_or(""));
        assert_eq!(row["sha256"], r["file"]["sha256"].as_str().unwrap_or(""));
        assert_eq!(row["findings"], arr(&r["findings"]).len().to_string());
    }
    let findings_csv = csv_rows(&out.join("findings.csv"));
    assert_eq!(findings_csv.len(), findings.len());
    for (row, (path, f)) in findings_csv.iter().zip(&findings) {
        assert_eq!(&row["path"], path);
        assert_eq!(row["rule"], f["rule"].as_str().unwrap_or(""));
        assert_eq!(row["message"], f["message"].as_str().unwrap_or(""));
    }
    assert_eq!(csv_rows(&out.join("funds.csv")).len(), n_funds);
    assert_eq!(csv_rows(&out.join("indicators.csv")).len(), n_inds);

    // SQLite: row counts, keys, and values against the records.
    let conn = Connection::open(out.join("jixiao.sqlite")).expect("sqlite");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM files") as usize,
        recs.len()
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM reports") as usize,
        n_reports
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM funds") as usize, n_funds);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM indicators") as usize,
        n_inds
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM findings") as usize,
        findings.len()
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    let mut st = conn
        .prepare(
            "SELECT f.path, x.rule, x.severity, x.message, x.report FROM findings x \
             JOIN files f ON f.id = x.file_id ORDER BY x.file_id, x.idx",
        )
        .expect("query");
    let rows: Vec<(String, String, String, String, Option<i64>)> = st
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows read");
    assert_eq!(rows.len(), findings.len());
    for (row, (path, f)) in rows.iter().zip(&findings) {
        assert_eq!(&row.0, path);
        assert_eq!(row.1, f["rule"].as_str().unwrap_or(""));
        assert_eq!(row.2, f["severity"].as_str().unwrap_or(""));
        assert_eq!(row.3, f["message"].as_str().unwrap_or(""));
        assert_eq!(row.4, f["report"].as_i64());
    }
    // Seed 000's 其他资金 line, through the view auditors query.
    let (budget, executed, rate): (f64, f64, f64) = conn
        .query_row(
            "SELECT budget, executed, rate FROM funds_v \
             WHERE path = 'samples/seeds/000_miyi_2022.docx' AND line = 'other'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("other line");
    assert_eq!((budget, executed, rate), (390.78, 395.53, 101.22));
    // Every fund value equals the JSON's.
    let mut st = conn
        .prepare("SELECT budget, executed, rate FROM funds ORDER BY file_id, report, idx")
        .expect("funds");
    let sql_funds: Vec<(Option<f64>, Option<f64>, Option<f64>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows read");
    let json_funds: Vec<(Option<f64>, Option<f64>, Option<f64>)> = recs
        .iter()
        .flat_map(|r| arr(&r["reports"]))
        .flat_map(|rep| arr(&rep["funds"]))
        .map(|f| {
            (
                f["budget"].as_f64(),
                f["executed"].as_f64(),
                f["rate"].as_f64(),
            )
        })
        .collect();
    assert_eq!(sql_funds, json_funds);

    // Excel: sheets in order, findings first, each finding's row.
    let mut book = open_workbook_auto(out.join("findings.xlsx")).expect("xlsx opens");
    assert_eq!(
        book.sheet_names(),
        [
            "summary",
            "findings",
            "files",
            "reports",
            "funds",
            "indicators",
            "facts"
        ]
    );
    // The summary sheet opens with the counts of files and forms.
    let summary = book.worksheet_range("summary").expect("summary sheet");
    let count_of = |what: &str| {
        summary
            .rows()
            .find(|r| r.first().map(cell_text).as_deref() == Some(what))
            .and_then(|r| r.get(1).map(cell_text))
    };
    assert_eq!(count_of("files"), Some(recs.len().to_string()));
    assert_eq!(count_of("forms"), Some(n_reports.to_string()));
    let errors = findings
        .iter()
        .filter(|(_, f)| f["severity"] == "error")
        .count();
    assert_eq!(count_of("error"), Some(errors.to_string()));
    let sheet = book.worksheet_range("findings").expect("findings sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(
        rows.first().map(|r| r[..5].to_vec()),
        Some(
            ["severity", "rule", "name", "message", "path"]
                .map(String::from)
                .to_vec()
        )
    );
    assert_eq!(rows.len() - 1, findings.len());
    for (row, (path, f)) in rows.iter().skip(1).zip(&findings) {
        assert_eq!(row[0], f["severity"].as_str().unwrap_or(""));
        assert_eq!(row[1], f["rule"].as_str().unwrap_or(""));
        assert_eq!(row[3], f["message"].as_str().unwrap_or(""));
        assert_eq!(&row[4], path);
        let report = f["report"]
            .as_i64()
            .map(|i| i.to_string())
            .unwrap_or_default();
        assert_eq!(row[5], report);
    }
    // The findings sheet: header frozen, autofilter, paths as links, severity fills.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(out.join("findings.xlsx")).expect("xlsx"))
            .expect("xlsx is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip
            .by_name("xl/worksheets/sheet2.xml")
            .expect("the findings sheet, after the summary"),
        &mut xml,
    )
    .expect("sheet xml");
    assert!(xml.contains("state=\"frozen\"") && xml.contains("<autoFilter ref=\"A1:"));
    // Paths are HYPERLINK formulas, each resolved against the workbook's folder.
    let target = Regex::new(r#"<f>HYPERLINK\((?:&quot;|")(.*?)(?:&quot;|"),"#).expect("pattern");
    let links: Vec<PathBuf> = target
        .captures_iter(&xml)
        .filter_map(|c| c.get(1))
        .map(|m| out.join(m.as_str().replace("&amp;", "&")))
        .collect();
    assert_eq!(links.len(), findings.len());
    for (link, (path, _)) in links.iter().zip(&findings) {
        let here = std::fs::canonicalize(link).expect("the link leads to a file");
        assert_eq!(
            here,
            std::fs::canonicalize(root().join(path)).expect("input")
        );
    }
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/styles.xml").expect("styles"),
        &mut styles,
    )
    .expect("styles xml");
    assert!(
        styles.contains("FFFFEB9C") && styles.contains("FFFFC7CE"),
        "severity fills"
    );
    let files_sheet = book.worksheet_range("files").expect("files sheet");
    assert_eq!(files_sheet.height() - 1, recs.len());
    let funds_sheet = book.worksheet_range("funds").expect("funds sheet");
    assert_eq!(funds_sheet.height() - 1, n_funds);
    let inds_sheet = book
        .worksheet_range("indicators")
        .expect("indicators sheet");
    assert_eq!(inds_sheet.height() - 1, n_inds);

    // HTML: one element per finding, each message present, every file listed.
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert_eq!(
        html.matches("<div class=\"finding ").count(),
        findings.len()
    );
    for (path, f) in &findings {
        let msg = f["message"].as_str().unwrap_or("");
        assert!(html.contains(&escape(msg)), "page lacks {msg}");
        assert!(html.contains(&format!("data-file=\"{}\"", escape(path))));
    }
    for r in &recs {
        let p = escape(r["file"]["path"].as_str().unwrap_or(""));
        assert!(
            html.contains(&format!("<tr data-file=\"{p}\"")),
            "{p} listed"
        );
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    // The F002 of seed 000 shows the form's cells with the two amounts marked.
    assert!(html.contains("<td class=\"hot\">390.78</td><td class=\"hot\">395.53</td>"));
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn two_shards_merged_equal_one_run() {
    let tmp = Scratch::new("shards");
    let (all, a, b, m) = (tmp.join("all"), tmp.join("a"), tmp.join("b"), tmp.join("m"));
    ok(&jixiao(&[
        "run",
        "samples/seeds",
        "samples/variants",
        "samples/doc",
        "samples/pdf",
        "samples/narratives",
        "-o",
        s(&all),
    ]));
    let ea = ok(&jixiao(&[
        "run",
        "samples/seeds",
        "samples/variants",
        "samples/doc",
        "samples/pdf",
        "samples/narratives",
        "--shard",
        "1/2",
        "-o",
        s(&a),
    ]));
    let eb = ok(&jixiao(&[
        "run",
        "samples/seeds",
        "samples/variants",
        "samples/doc",
        "samples/pdf",
        "samples/narratives",
        "--shard",
        "2/2",
        "-o",
        s(&b),
    ]));
    let (ra, rb, rall) = (records(&a), records(&b), records(&all));
    assert!(!ra.is_empty() && !rb.is_empty(), "{ea} {eb}");
    assert_eq!(ra.len() + rb.len(), rall.len());
    let em = ok(&jixiao(&["merge", s(&a), s(&b), "-o", s(&m)]));
    assert!(em.contains("merged from 2 outputs"), "{em}");
    for f in [
        "records.jsonl",
        "files.csv",
        "funds.csv",
        "indicators.csv",
        "facts.csv",
        "findings.csv",
        "report.html",
    ] {
        let x = std::fs::read(all.join(f)).expect("one run");
        let y = std::fs::read(m.join(f)).expect("merged");
        assert!(x == y, "{f} differs between one run and the merged shards");
    }
    assert_eq!(
        sqlite_content(&all.join("jixiao.sqlite")),
        sqlite_content(&m.join("jixiao.sqlite"))
    );
    // Merging in the other order, or with a shard given twice, changes nothing.
    let m2 = tmp.join("m2");
    ok(&jixiao(&["merge", s(&b), s(&a), s(&b), "-o", s(&m2)]));
    assert_eq!(
        std::fs::read(all.join("records.jsonl")).expect("one run"),
        std::fs::read(m2.join("records.jsonl")).expect("merged")
    );
}

#[test]
fn shard_membership_is_stable() {
    // The hash of the displayed path decides, nothing of the machine: fixed expectations.
    let n = 4;
    let got: Vec<u64> = ["samples/seeds/000_miyi_2022.docx", "a/b.xlsx", "a\\b.xlsx"]
        .iter()
        .map(|p| jixiao::batch::shard_of(p, n))
        .collect();
    // First 16 hex digits of SHA-256("samples/seeds/000_miyi_2022.docx") mod 4, as
    // `printf %s PATH | sha256sum` gives on any machine.
    assert_eq!(got[0], 2);
    assert_eq!(got[1], got[2], "separators do not matter");
    assert!(got.iter().all(|s| *s < n));
    let shard = |s: &str| {
        s.parse::<jixiao::batch::Shard>()
            .map(|s| (s.index, s.count))
    };
    assert_eq!(shard("2/8"), Ok((2, 8)));
    assert!(shard("0/8").is_err());
    assert!(shard("9/8").is_err());
    assert!(shard("x").is_err());
    let bad = jixiao(&[
        "run",
        "samples/seeds",
        "samples/variants",
        "samples/doc",
        "samples/pdf",
        "samples/narratives",
        "--shard",
        "3/2",
        "-o",
        "/nonexistent/x",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn resume_on_a_finished_run_processes_nothing() {
    let tmp = Scratch::new("resume");
    let out = tmp.join("out");
    ok(&jixiao(&[
        "run",
        "samples/seeds",
        "samples/variants",
        "samples/doc",
        "samples/pdf",
        "samples/narratives",
        "-o",
        s(&out),
    ]));
    let before = std::fs::read(out.join("records.jsonl")).expect("records");
    let n = records(&out).len();
    let err = ok(&jixiao(&[
        "run",
        "samples/seeds",
        "samples/variants",
        "samples/doc",
        "samples/pdf",
        "samples/narratives",
        "--resume",
        "-o",
        s(&out),
    ]));
    assert!(
        err.contains(&format!("0 processed, {n} resumed")),
        "summary: {err}"
    );
    assert_eq!(
        before,
        std::fs::read(out.join("records.jsonl")).expect("records")
    );
}

#[test]
fn resume_processes_only_new_files_and_d001_sees_the_union() {
    let tmp = Scratch::new("resume-new");
    let inbox = tmp.join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let seed = root().join("samples/seeds/000_miyi_2022.docx");
    std::fs::copy(&seed, inbox.join("a.docx")).expect("copy");
    std::fs::copy(
        root().join("samples/seeds/002_guangxi_2023.xlsx"),
        inbox.join("b.xlsx"),
    )
    .expect("copy");
    let out = tmp.join("out");
    let err = ok(&jixiao_in(&tmp.0, &["run", "inbox", "-o", "out"]));
    assert!(err.contains("2 processed, 0 resumed"), "{err}");
    // A new file arrives, and a copy of one already processed.
    std::fs::copy(
        root().join("samples/seeds/001_mianyang_2020.xlsx"),
        inbox.join("c.xlsx"),
    )
    .expect("copy");
    std::fs::copy(&seed, inbox.join("copy of a.docx")).expect("copy");
    let err = ok(&jixiao_in(
        &tmp.0,
        &["run", "inbox", "--resume", "-o", "out"],
    ));
    assert!(err.contains("1 processed, 3 resumed"), "{err}");
    let resumed = records(&out);
    let fresh_out = tmp.join("fresh");
    ok(&jixiao_in(&tmp.0, &["run", "inbox", "-o", "fresh"]));
    assert_eq!(
        resumed,
        records(&fresh_out),
        "resumed run equals a fresh one"
    );
    let paths: Vec<&str> = resumed
        .iter()
        .filter_map(|r| r["file"]["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "inbox/a.docx",
            "inbox/b.xlsx",
            "inbox/c.xlsx",
            "inbox/copy of a.docx"
        ]
    );
    // D001 across the union: the copy and its original name each other.
    let d001: Vec<(String, String)> = all_findings(&resumed)
        .into_iter()
        .filter(|(_, f)| f["rule"] == "D001")
        .map(|(p, f)| (p, f["message"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        d001,
        [
            (
                "inbox/a.docx".to_string(),
                "same file as inbox/copy of a.docx".to_string()
            ),
            (
                "inbox/copy of a.docx".to_string(),
                "same file as inbox/a.docx".to_string()
            ),
        ]
    );
}

#[test]
fn fail_on_exits_3_only_when_such_a_finding_exists() {
    let tmp = Scratch::new("failon");
    let out = tmp.join("out");
    // Seed 000 has one F002 warning and no error.
    let seed = "samples/seeds/000_miyi_2022.docx";
    let warn = jixiao(&["run", seed, "--fail-on", "warning", "-o", s(&out)]);
    assert_eq!(warn.status.code(), Some(3));
    let err = jixiao(&["run", seed, "--fail-on", "error", "-o", s(&out)]);
    assert_eq!(err.status.code(), Some(0));
    let bad = jixiao(&["run", seed, "--fail-on", "fatal", "-o", s(&out)]);
    assert_eq!(bad.status.code(), Some(2));
    let merged = jixiao(&[
        "merge",
        s(&out),
        "--fail-on",
        "info",
        "-o",
        s(&tmp.join("m")),
    ]);
    assert_eq!(merged.status.code(), Some(3));
    let fmt = jixiao(&["run", seed, "--formats", "jsonl,pdf", "-o", s(&out)]);
    assert_eq!(fmt.status.code(), Some(2));
}

#[test]
fn d001_same_form_with_other_figures_across_files() {
    // Seed 000 as .docx and as .txt: the same unit/year/program with the same figures is
    // quiet; a changed budget in the text makes both fire.
    let tmp = Scratch::new("d001");
    let dir = tmp.join("in");
    std::fs::create_dir_all(&dir).expect("in");
    std::fs::copy(
        root().join("samples/seeds/000_miyi_2022.docx"),
        dir.join("a.docx"),
    )
    .expect("copy");
    let txt = std::fs::read_to_string(root().join("samples/seeds/000_578085824ea13247.txt"))
        .expect("seed text");
    std::fs::write(dir.join("b.txt"), &txt).expect("write");
    let out = tmp.join("out");
    ok(&jixiao_in(&tmp.0, &["run", "in", "-o", "out"]));
    assert!(
        all_findings(&records(&out))
            .iter()
            .all(|(_, f)| f["rule"] != "D001"),
        "same figures: quiet"
    );
    // The table's cell (a tab-led line), not the narrative's mentions.
    assert_eq!(txt.matches("\t1146.81\n").count(), 1);
    std::fs::write(dir.join("b.txt"), txt.replace("\t1146.81\n", "\t1164.81\n")).expect("write");
    ok(&jixiao_in(&tmp.0, &["run", "in", "-o", "out"]));
    let d001: Vec<(String, Value)> = all_findings(&records(&out))
        .into_iter()
        .filter(|(_, f)| f["rule"] == "D001")
        .collect();
    assert_eq!(d001.len(), 2, "{d001:?}");
    assert_eq!(d001[0].0, "in/a.docx");
    let msg = d001[0].1["message"].as_str().unwrap_or("");
    assert!(
        msg.ends_with(
            "in/b.txt (report 0) states other figures: total budget 1164.81 here 1146.81"
        ),
        "{msg}"
    );
    assert_eq!(d001[0].1["severity"], "warning");
    assert_eq!(d001[1].0, "in/b.txt");
}

#[test]
fn rules_lists_d001() {
    let out = jixiao(&["rules"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text
        .lines()
        .next()
        .is_some_and(|l| l.starts_with("D001  dataset-duplicate")));
    let doc = jixiao(&["rules", "D001"]);
    assert!(String::from_utf8_lossy(&doc.stdout).contains("## Example"));
}

/// `--lang zh`: the summary line, the workbook and the review page in Chinese, every
/// finding with its Chinese message everywhere it is shown; records.jsonl, CSV and
/// SQLite the same as an English run (the locale does not change the data).
#[test]
fn chinese_run_speaks_chinese_and_writes_the_same_data() {
    let tmp = Scratch::new("zh");
    let (zh, en) = (tmp.join("zh"), tmp.join("en"));
    let inputs = ["samples/seeds", "samples/pdf"];
    let run = |out: &Path, lang: &str| {
        let mut args = vec!["run"];
        args.extend(inputs);
        args.extend(["--lang", lang, "-o", s(out)]);
        ok(&jixiao(&args))
    };
    let err = run(&zh, "zh");
    let recs = records(&zh);
    assert!(
        err.contains(&format!("{} 个文件（正常", recs.len())) && err.contains("本次处理"),
        "{err}"
    );
    run(&en, "en");
    // The locale's language is the default: LANG=zh_CN gives the Chinese line.
    let by_locale = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(root())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .args(["run", "samples/seeds", "--formats", "jsonl", "-o"])
        .arg(tmp.join("locale"))
        .output()
        .expect("jixiao runs");
    assert!(String::from_utf8_lossy(&by_locale.stderr).contains("个文件"));
    for f in ["records.jsonl", "findings.csv", "funds.csv", "files.csv"] {
        assert_eq!(
            std::fs::read(zh.join(f)).expect("zh"),
            std::fs::read(en.join(f)).expect("en"),
            "{f} does not depend on the language"
        );
    }
    assert_eq!(
        sqlite_content(&zh.join("jixiao.sqlite")),
        sqlite_content(&en.join("jixiao.sqlite"))
    );
    let findings = all_findings(&recs);
    assert!(findings.len() > 5);
    let placeholder = Regex::new(r"\{[a-z_]+\}").expect("pattern");
    for (_, f) in &findings {
        let zh_msg = f["message_zh"].as_str().unwrap_or("");
        assert!(!zh_msg.is_empty() && !placeholder.is_match(zh_msg), "{f}");
        assert_ne!(zh_msg, f["message"].as_str().unwrap_or(""));
    }
    // CSV carries the Chinese message in its own column.
    let csv_msgs: Vec<String> = csv_rows(&zh.join("findings.csv"))
        .into_iter()
        .map(|r| r["message_zh"].clone())
        .collect();
    let want: Vec<String> = findings
        .iter()
        .map(|(_, f)| f["message_zh"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(csv_msgs, want);
    // The workbook: Chinese sheet names and headers, the Chinese message.
    let mut book = open_workbook_auto(zh.join("findings.xlsx")).expect("xlsx opens");
    assert_eq!(
        book.sheet_names(),
        ["概要", "问题", "文件", "自评表", "资金", "指标", "文字数据"]
    );
    let sheet = book.worksheet_range("问题").expect("findings sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(
        rows[0][..4],
        ["级别", "规则", "规则名", "说明"].map(String::from)
    );
    let shown: Vec<&String> = rows.iter().skip(1).map(|r| &r[3]).collect();
    assert_eq!(shown, want.iter().collect::<Vec<_>>());
    // The page opens in Chinese and holds both languages.
    let html = std::fs::read_to_string(zh.join("report.html")).expect("report.html");
    assert!(html.contains("<html lang=\"zh\" data-lang=\"zh\">"));
    for (_, f) in &findings {
        assert!(html.contains(&escape(f["message_zh"].as_str().unwrap_or(""))));
        assert!(html.contains(&escape(f["message"].as_str().unwrap_or(""))));
    }
    let en_html = std::fs::read_to_string(en.join("report.html")).expect("report.html");
    assert!(en_html.contains("<html lang=\"en\" data-lang=\"en\">"));
}

/// The overview: five charts, inline SVG, counting what records.jsonl holds; PDF
/// findings with a crop of their page (where pdftoppm is installed).
#[test]
fn review_page_has_the_overview_and_page_crops() {
    let tmp = Scratch::new("overview");
    let out = tmp.join("out");
    ok(&jixiao(&[
        "run",
        "samples/seeds",
        "samples/pdf",
        "--formats",
        "jsonl,html",
        "-o",
        s(&out),
    ]));
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let overview = html
        .split("<section id=\"overview\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("an overview section");
    for chart in [
        "chart_rules",
        "chart_rates",
        "chart_status",
        "chart_years",
        "chart_units",
    ] {
        assert!(
            overview.contains(&format!("data-chart=\"{chart}\"")),
            "{chart}"
        );
    }
    assert_eq!(overview.matches("<svg class=\"chart\"").count(), 5);
    // One bar a rule that fired, labelled with its code and ending in its count.
    let recs = records(&out);
    let findings = all_findings(&recs);
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for (_, f) in &findings {
        *by_rule
            .entry(f["rule"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    let rules_chart = overview
        .split("data-chart=\"chart_rules\"")
        .nth(1)
        .and_then(|s| s.split("</svg>").next())
        .expect("rules chart");
    for (rule, n) in &by_rule {
        // The label (in each language), the bar's parts, then the count.
        let bar = Regex::new(&format!(
            r">{rule} [^<]*</text>(?:<text[^>]*><title>[^<]*</title>[^<]*</text>)?(?:<rect[^>]*/>)+<text[^>]*>(\d+)</text>"
        ))
        .expect("pattern");
        let count = bar
            .captures(rules_chart)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string());
        assert_eq!(count, Some(n.to_string()), "{rule}");
    }
    let pdf_cell_findings = findings
        .iter()
        .filter(|(p, f)| {
            p.ends_with(".pdf") && arr(&f["source"]).iter().any(|s| s["bbox"].is_array())
        })
        .count();
    let has_pdftoppm = Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if has_pdftoppm {
        assert!(pdf_cell_findings > 0);
        assert_eq!(
            html.matches("<figure class=\"crop\">").count(),
            pdf_cell_findings
        );
        assert!(html.contains("href=\"data:image/png;base64,iVBORw0KGgo"));
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!out.join("report.html.crops.tmp").exists());
}

/// Whether python3 can import DuckDB; in CI (CI=true) its absence is a failure, since
/// scripts/setup installs it.
fn duckdb() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "DuckDB for Python is missing: scripts/setup installs it"
        );
        eprintln!(
            "\n!!!!!!!! SKIPPED: python3 -c 'import duckdb' fails; run scripts/setup !!!!!!!!\n"
        );
    }
    ok
}

/// Runs a DuckDB query from Python in `dir`; the rows as JSON arrays of strings (null
/// for NULL), after a first array of the column types.
fn duck(dir: &Path, sql: &str) -> Vec<Vec<Value>> {
    let script = r#"
import duckdb, json, sys
rel = duckdb.sql(sys.argv[1])
print(json.dumps([str(t) for t in rel.types]))
for row in rel.fetchall():
    print(json.dumps([None if v is None else (v if isinstance(v, (bool, int, float)) else str(v)) for v in row]))
"#;
    let out = Command::new("python3")
        .current_dir(dir)
        .args(["-c", script, sql])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Vec<Value>>(l).expect("a JSON row"))
        .collect()
}

/// The Parquet files read back by DuckDB hold the CSVs' columns and values, typed; the
/// README's queries run over a folder of shard outputs as docs/duckdb.md shows.
#[test]
fn parquet_reads_back_in_duckdb_as_the_csvs() {
    if !duckdb() {
        return;
    }
    let tmp = Scratch::new("parquet");
    for (i, shard) in ["1/2", "2/2"].iter().enumerate() {
        let out = tmp.join(&format!("out-{}", i + 1));
        ok(&jixiao(&[
            "run",
            "samples/seeds",
            "samples/variants",
            "samples/pdf",
            "--shard",
            shard,
            "--formats",
            "jsonl,csv,parquet",
            "-o",
            s(&out),
        ]));
    }
    let out = tmp.join("out-1");
    for table in ["files", "funds", "indicators", "facts", "findings"] {
        let csv = csv_rows(&out.join(format!("{table}.csv")));
        let mut got = duck(
            &out,
            &format!("SELECT * FROM read_parquet('{table}.parquet')"),
        );
        let types = got.remove(0);
        assert_eq!(got.len(), csv.len(), "{table}");
        let header: Vec<String> = csv::Reader::from_path(out.join(format!("{table}.csv")))
            .expect("csv")
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(types.len(), header.len(), "{table}: the CSV's columns");
        for (row, want) in got.iter().zip(&csv) {
            for ((v, t), h) in row.iter().zip(&types).zip(&header) {
                let w = &want[h];
                let same = match (v, t.as_str().unwrap_or("")) {
                    (Value::Null, _) => w.is_empty(),
                    (Value::Number(n), "DOUBLE") => w.parse::<f64>().ok() == n.as_f64(),
                    (Value::Number(n), "BIGINT") => w == &n.to_string(),
                    (Value::Bool(b), "BOOLEAN") => w == &b.to_string(),
                    (Value::String(s), "VARCHAR") => w == s,
                    _ => false,
                };
                assert!(same, "{table}.{h}: parquet {v} ({t}), csv {w:?}");
            }
        }
        if table == "funds" {
            for (h, t) in header.iter().zip(&types) {
                let want = match h.as_str() {
                    "budget" | "executed" | "rate" => "DOUBLE",
                    "report" | "year" | "row" => "BIGINT",
                    _ => continue,
                };
                assert_eq!(t, want, "{h}");
            }
        }
    }
    // Over both shards, as docs/duckdb.md queries them.
    let n_funds: usize = (1..=2)
        .map(|i| csv_rows(&tmp.join(&format!("out-{i}/funds.csv"))).len())
        .sum();
    let all = duck(
        &tmp.0,
        "SELECT count(*) FROM read_parquet('out-*/funds.parquet')",
    );
    assert_eq!(
        all.get(1).and_then(|r| r.first()),
        Some(&Value::from(n_funds))
    );
    let low = duck(
        &tmp.0,
        "SELECT path, program, year, label, rate FROM read_parquet('out-*/funds.parquet') \
         WHERE line = 'total' AND rate < 80 ORDER BY path",
    );
    assert!(low.len() > 1, "forms below 80 %: {low:?}");
}
