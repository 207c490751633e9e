//! Hostile and broken inputs: each one gives exactly one record, `failed` or
//! `partial` with an error code, in bounded time and memory, and a batch that
//! contains them carries on and still reads the good files beside them.
//!
//! Inputs are generated at run time in a folder under the system temp dir, so the
//! repository holds no zip bombs and no 100,000-row tables.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jixiao::batch::run;
use jixiao::limits::Limits;
use jixiao::pipeline::{process_bytes, process_path, Config};
use jixiao::record::Record;
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Far above what any of these inputs needs even in a debug build on a busy
/// machine: exceeding it means a hang or runaway work, not a slow run.
const BOUND: Duration = Duration::from_secs(20);

/// Generating the largest inputs (compressing 1 GiB) gets more room than reading them.
const SETUP_BOUND: Duration = Duration::from_secs(60);

const ROWS: usize = 100_000;

/// The seeds restored as real documents (see samples/README.md).
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/seeds")
        .join(name)
}

/// A folder of its own under the temp dir, removed (permissions restored first)
/// when dropped, also when the test fails.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "jixiao-bad-input-{test}-{}-{nanos}",
            std::process::id()
        ));
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        restore_permissions(&self.0);
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Makes every folder and file under `dir` accessible again so that it can be
/// removed; symlinks are not followed.
fn restore_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(meta) = fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            restore_permissions(&p);
        } else if meta.is_file() {
            let _ = fs::set_permissions(&p, fs::Permissions::from_mode(0o644));
        }
    }
}

/// Seeded xorshift64: the same "random" bytes on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(n);
        out
    }
}

fn json(r: &Record) -> Value {
    serde_json::to_value(r).unwrap()
}

fn status(v: &Value) -> &str {
    v["status"].as_str().unwrap_or("")
}

fn codes(v: &Value) -> Vec<String> {
    v["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["code"].as_str().map(str::to_string))
        .collect()
}

/// Processes one file and checks it took bounded time.
fn timed_path(path: &Path) -> Value {
    let start = Instant::now();
    let rec = process_path(path, &path.to_string_lossy(), &Config::default());
    let took = start.elapsed();
    assert!(took < BOUND, "{} took {took:?}", path.display());
    json(&rec)
}

/// The record is `failed` and carries exactly one error, whose code `want` accepts.
fn assert_failed(v: &Value, want: impl Fn(&str) -> bool, what: &str) {
    assert_eq!(status(v), "failed", "{what}: {v:#}");
    let codes = codes(v);
    assert_eq!(codes.len(), 1, "{what}: {codes:?}");
    assert!(want(&codes[0]), "{what}: unexpected code {:?}", codes[0]);
    assert!(
        v["reports"].as_array().is_some_and(|r| r.is_empty()),
        "{what}: a failed record has no forms"
    );
}

/// The record is `partial` and its errors include `code`.
fn assert_partial(v: &Value, code: &str, what: &str) {
    let codes = codes(v);
    assert_eq!(status(v), "partial", "{what}: codes {codes:?}");
    assert!(codes.iter().any(|c| c == code), "{what}: {codes:?}");
}

/// The record is `failed` or `partial` and every error has a non-empty code.
fn assert_bad(v: &Value, what: &str) {
    assert!(
        matches!(status(v), "failed" | "partial"),
        "{what}: status {:?}, errors {:?}",
        status(v),
        v["errors"]
    );
    let codes = codes(v);
    assert!(!codes.is_empty(), "{what}: no error code");
    assert!(codes.iter().all(|c| !c.is_empty()), "{what}: {codes:?}");
}

/// Peak resident memory of this test process, where the platform reports it.
fn peak_rss_bytes() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

// ---------------------------------------------------------------------------
// Generators

/// Deflate at level 1, explicitly: the zip crate would otherwise pick a level that,
/// with zopfli enabled, makes compressing a gigabyte take minutes. Level 1 of this
/// backend packs runs of spaces about a hundredfold, as well as level 9 does.
fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
}

const CONTENT_TYPES_DOCX: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS_DOCX: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docx_package(zip: &mut ZipWriter<BufWriter<File>>) {
    zip.start_file("[Content_Types].xml", deflated()).unwrap();
    zip.write_all(CONTENT_TYPES_DOCX.as_bytes()).unwrap();
    zip.start_file("_rels/.rels", deflated()).unwrap();
    zip.write_all(RELS_DOCX.as_bytes()).unwrap();
}

/// A .docx whose word/document.xml is `expanded` bytes of spaces inside a valid
/// document element, followed by `padding` entries of 200 MiB of spaces each. The
/// entries are streamed in 1 MiB chunks, so writing them needs little memory.
fn zip_bomb_docx(path: &Path, expanded: u64, padding: usize) {
    let mut zip = ZipWriter::new(BufWriter::new(File::create(path).unwrap()));
    docx_package(&mut zip);
    zip.start_file("word/document.xml", deflated()).unwrap();
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>"#
    );
    let tail = "</w:body></w:document>";
    zip.write_all(head.as_bytes()).unwrap();
    spaces(
        &mut zip,
        expanded.saturating_sub((head.len() + tail.len()) as u64),
    );
    zip.write_all(tail.as_bytes()).unwrap();
    for i in 0..padding {
        zip.start_file(format!("word/media/pad{i}.bin"), deflated())
            .unwrap();
        spaces(&mut zip, 200 * 1024 * 1024);
    }
    zip.finish().unwrap().flush().unwrap();
}

fn spaces(out: &mut impl Write, mut left: u64) {
    let chunk = vec![b' '; 1024 * 1024];
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        out.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
}

/// Cell values that differ from row to row the way real amounts do, so the
/// archive compresses like a real document and not like a bomb.
fn amount(rng: &mut XorShift) -> String {
    let v = rng.next() % 10_000_000;
    format!("{}.{:02}", v / 100, v % 100)
}

fn docx_cell(text: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
    )
}

/// A .docx holding one paragraph and one 3-column table of `rows` rows.
fn table_docx(path: &Path, rows: usize) {
    let mut rng = XorShift(0x5EED_D0C5);
    let mut zip = ZipWriter::new(BufWriter::new(File::create(path).unwrap()));
    docx_package(&mut zip);
    zip.start_file("word/document.xml", deflated()).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>项目支出明细表</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>"#
    )
    .unwrap();
    for i in 0..rows {
        write!(
            zip,
            "<w:tr>{}{}{}</w:tr>",
            docx_cell(&format!("项目{i}")),
            docx_cell(&amount(&mut rng)),
            docx_cell(&amount(&mut rng))
        )
        .unwrap();
    }
    write!(zip, r#"</w:tbl><w:sectPr/></w:body></w:document>"#).unwrap();
    zip.finish().unwrap().flush().unwrap();
}

/// A minimal .xlsx by hand: one sheet of `rows` rows, an inline string and two
/// numbers per row.
fn table_xlsx(path: &Path, rows: usize) {
    let mut rng = XorShift(0x5EED_0715);
    xlsx_with_sheet(path, |zip| {
        for i in 1..=rows {
            write!(
                zip,
                r#"<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>项目{i}</t></is></c><c r="B{i}"><v>{}</v></c><c r="C{i}"><v>{}</v></c></row>"#,
                amount(&mut rng),
                amount(&mut rng)
            )
            .unwrap();
        }
    });
}

/// A minimal .xlsx whose one sheet holds one row and then `expanded` bytes of
/// spaces inside sheetData.
fn bomb_xlsx(path: &Path, expanded: u64) {
    xlsx_with_sheet(path, |zip| {
        write!(zip, r#"<row r="1"><c r="A1"><v>1</v></c></row>"#).unwrap();
        spaces(zip, expanded);
    });
}

/// The parts every workbook needs, with `rows` writing the content of sheetData.
fn xlsx_with_sheet(path: &Path, rows: impl FnOnce(&mut ZipWriter<BufWriter<File>>)) {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let mut zip = ZipWriter::new(BufWriter::new(File::create(path).unwrap()));
    zip.start_file("[Content_Types].xml", deflated()).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
    )
    .unwrap();
    zip.start_file("_rels/.rels", deflated()).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    )
    .unwrap();
    zip.start_file("xl/workbook.xml", deflated()).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    )
    .unwrap();
    zip.start_file("xl/_rels/workbook.xml.rels", deflated())
        .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    )
    .unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", deflated())
        .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}"><sheetData>"#
    )
    .unwrap();
    rows(&mut zip);
    write!(zip, "</sheetData></worksheet>").unwrap();
    zip.finish().unwrap().flush().unwrap();
}

/// Tab-separated rows, one per line.
fn table_txt(path: &Path, rows: usize) {
    let mut rng = XorShift(0x5EED_7E47);
    let mut out = BufWriter::new(File::create(path).unwrap());
    writeln!(out, "项目支出明细表").unwrap();
    for i in 0..rows {
        writeln!(out, "项目{i}\t{}\t{}", amount(&mut rng), amount(&mut rng)).unwrap();
    }
    out.flush().unwrap();
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// A compound-file header followed by garbage, with `stream` (UTF-16LE) inside the
/// garbage when given, so that sniffing takes it for a .doc or .xls.
fn fake_cfb(stream: Option<&str>, seed: u64) -> Vec<u8> {
    let mut bytes = CFB_MAGIC.to_vec();
    bytes.extend(XorShift(seed).bytes(8 * 1024));
    if let Some(name) = stream {
        bytes.extend(utf16le(name));
    }
    bytes.extend(XorShift(seed ^ 0xFF).bytes(8 * 1024));
    bytes
}

fn fake_pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    bytes.extend(XorShift(0x0BAD_0F0F).bytes(16 * 1024));
    bytes
}

/// Rewrites the uncompressed size that the local and central headers of entry
/// `name` declare, as a hostile archive would to slip past checks made on the
/// declared sizes.
fn lie_about_size(path: &Path, name: &str, declared: u32) {
    let mut bytes = fs::read(path).unwrap();
    let le16 = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(46) {
        let (size_at, name_len_at, name_at) = match &bytes[at..at + 4] {
            b"PK\x03\x04" => (at + 22, at + 26, at + 30),
            b"PK\x01\x02" => (at + 24, at + 28, at + 46),
            _ => continue,
        };
        let len = le16(&bytes, name_len_at);
        if bytes.get(name_at..name_at + len) == Some(name.as_bytes()) {
            bytes[size_at..size_at + 4].copy_from_slice(&declared.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "{name}: local and central header");
    fs::write(path, bytes).unwrap();
}

/// The highest expansion ratio among the archive's entries, as the limits see it.
fn max_ratio(path: &Path) -> u64 {
    let mut archive = zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let f = archive.by_index_raw(i).unwrap();
            f.size() / f.compressed_size().max(1)
        })
        .max()
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------
// One input at a time

#[test]
fn empty_file_fails_as_empty() {
    let dir = Scratch::new("empty");
    let p = dir.path("empty.docx");
    File::create(&p).unwrap();
    let v = timed_path(&p);
    assert_failed(&v, |c| c == "file.empty", "empty file");
    assert_eq!(v["file"]["bytes"], 0);

    let v = json(&process_bytes(b"", "empty-bytes", &Config::default()));
    assert_failed(&v, |c| c == "file.empty", "empty bytes");
}

#[test]
fn random_bytes_fail_as_unknown_format() {
    let dir = Scratch::new("random");
    let p = dir.path("noise.docx");
    fs::write(&p, XorShift(0x1234_5678_9ABC_DEF1).bytes(64 * 1024)).unwrap();
    let v = timed_path(&p);
    assert_failed(&v, |c| c == "file.unknown_format", "random bytes");
    assert_eq!(v["file"]["bytes"], 64 * 1024);
    assert!(v["file"]["format"].is_null(), "{:?}", v["file"]);
}

#[test]
fn truncated_zip_fails_as_damaged() {
    let dir = Scratch::new("truncated");
    let whole = fs::read(sample("000_miyi_2022.docx")).unwrap();
    let p = dir.path("truncated.docx");
    fs::write(&p, &whole[..whole.len() / 2]).unwrap();
    let v = timed_path(&p);
    assert_failed(&v, |c| c.ends_with(".damaged"), "zip cut in half");

    // Cut just before the end: only the end-of-archive record is missing.
    let v = json(&process_bytes(
        &whole[..whole.len() - 10],
        "tail-cut.docx",
        &Config::default(),
    ));
    assert_failed(&v, |c| c.ends_with(".damaged"), "zip missing its tail");
}

#[test]
fn workbook_named_docx_is_read_as_a_workbook() {
    let dir = Scratch::new("renamed");
    let p = dir.path("x.docx");
    fs::copy(sample("000_miyi_2022.xlsx"), &p).unwrap();
    let v = timed_path(&p);
    assert_eq!(v["file"]["format"], "xlsx");
    assert_eq!(status(&v), "ok", "errors {:?}", v["errors"]);
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(1));
}

#[test]
fn zip_bombs_are_refused_by_a_limit_quickly() {
    let dir = Scratch::new("bomb");
    let setup = Instant::now();
    // 1 GiB declared for word/document.xml: beyond the entry size limit.
    let big = dir.path("bomb.docx");
    zip_bomb_docx(&big, 1024 * 1024 * 1024, 0);
    // Three 200 MiB padding entries: each within the entry limit, together beyond
    // the archive limit.
    let spread = dir.path("spread.docx");
    zip_bomb_docx(&spread, 64 * 1024, 3);
    // 64 MiB, within every size limit but packed about a hundredfold.
    let dense = dir.path("dense.docx");
    zip_bomb_docx(&dense, 64 * 1024 * 1024, 0);
    assert!(setup.elapsed() < SETUP_BOUND, "setup {:?}", setup.elapsed());
    let packed = fs::metadata(&big).unwrap().len();
    assert!(packed < 16 * 1024 * 1024, "bomb is {packed} bytes packed");

    for p in [&big, &spread] {
        let v = timed_path(p);
        assert_eq!(v["file"]["format"], "docx");
        assert_failed(&v, |c| c.starts_with("limit."), &p.to_string_lossy());
    }
    // The ratio limit is what catches the dense one (ratio 20 instead of 200).
    let strict = Config {
        limits: Limits {
            max_compression_ratio: 20,
            ..Limits::default()
        },
        ..Config::default()
    };
    let start = Instant::now();
    let v = json(&process_path(&dense, "dense.docx", &strict));
    assert!(start.elapsed() < BOUND, "dense took {:?}", start.elapsed());
    assert_failed(&v, |c| c == "limit.zip_ratio", "dense bomb, ratio 20");

    // The whole test process never held an expanded gigabyte.
    if let Some(peak) = peak_rss_bytes() {
        assert!(
            peak < 1024 * 1024 * 1024,
            "peak resident memory {peak} bytes"
        );
    }
}

#[test]
fn zip_bombs_with_lying_sizes_are_refused() {
    let dir = Scratch::new("lying");
    // Headers declare 1,000 bytes; the entries expand to 1 GiB.
    let docx = dir.path("lying.docx");
    zip_bomb_docx(&docx, 1024 * 1024 * 1024, 0);
    lie_about_size(&docx, "word/document.xml", 1000);
    let xlsx = dir.path("lying.xlsx");
    bomb_xlsx(&xlsx, 1024 * 1024 * 1024);
    lie_about_size(&xlsx, "xl/worksheets/sheet1.xml", 1000);

    // Refused either by a decompression limit or because the zip reader notices
    // the entry outgrowing its declared size; never read to the end.
    for p in [&docx, &xlsx] {
        let v = timed_path(p);
        assert_bad(&v, &p.to_string_lossy());
        assert!(
            codes(&v)
                .iter()
                .any(|c| c.starts_with("limit.") || c.ends_with(".damaged")),
            "{}: {:?}",
            p.display(),
            v["errors"]
        );
    }
    if let Some(peak) = peak_rss_bytes() {
        assert!(
            peak < 1024 * 1024 * 1024,
            "peak resident memory {peak} bytes"
        );
    }
}

#[test]
fn huge_txt_table_is_cut_at_the_row_limit() {
    let dir = Scratch::new("rows-txt");
    let p = dir.path("rows.txt");
    table_txt(&p, ROWS);
    let v = timed_path(&p);
    assert_eq!(v["file"]["format"], "txt");
    assert_partial(&v, "limit.rows", "100k-row txt");
}

#[test]
fn huge_docx_table_is_cut_at_the_row_limit() {
    let dir = Scratch::new("rows-docx");
    // The same generator at a size within the limits reads cleanly, so the
    // limit below is what makes the big one partial.
    let small = dir.path("small.docx");
    table_docx(&small, 50);
    let v = timed_path(&small);
    assert_eq!(v["file"]["format"], "docx");
    assert_eq!(status(&v), "ok", "50-row docx: {:?}", v["errors"]);

    let p = dir.path("rows.docx");
    table_docx(&p, ROWS);
    // Big, not a bomb: only the row limit applies to it.
    assert!(max_ratio(&p) < Limits::default().max_compression_ratio);
    let v = timed_path(&p);
    assert_eq!(v["file"]["format"], "docx");
    assert_partial(&v, "limit.rows", "100k-row docx");
}

#[test]
fn huge_xlsx_sheet_is_cut_at_the_row_limit() {
    let dir = Scratch::new("rows-xlsx");
    let small = dir.path("small.xlsx");
    table_xlsx(&small, 50);
    let v = timed_path(&small);
    assert_eq!(v["file"]["format"], "xlsx");
    assert_eq!(status(&v), "ok", "50-row xlsx: {:?}", v["errors"]);

    let p = dir.path("rows.xlsx");
    table_xlsx(&p, ROWS);
    // Big, not a bomb: only the row limit applies to it.
    assert!(max_ratio(&p) < Limits::default().max_compression_ratio);
    let v = timed_path(&p);
    assert_eq!(v["file"]["format"], "xlsx");
    assert_partial(&v, "limit.rows", "100k-row xlsx");
}

#[test]
fn row_limit_is_the_configured_one() {
    // A lower limit applies as configured: the cut comes at 100 rows, not 20,000.
    let dir = Scratch::new("rows-config");
    let p = dir.path("rows.txt");
    table_txt(&p, 150);
    let cfg = Config {
        limits: Limits {
            max_rows: 100,
            ..Limits::default()
        },
        ..Config::default()
    };
    let v = json(&process_path(&p, "rows.txt", &cfg));
    assert_partial(&v, "limit.rows", "150 rows, limit 100");
    let v = json(&process_path(&p, "rows.txt", &Config::default()));
    assert!(codes(&v).iter().all(|c| c != "limit.rows"), "{v:#}");
}

#[test]
fn doc_and_pdf_lookalikes_fail_with_a_code() {
    let cases: [(&str, Vec<u8>); 5] = [
        ("bare compound file", fake_cfb(None, 0xC0FF_EE01)),
        (
            "compound file with WordDocument",
            fake_cfb(Some("WordDocument"), 0xC0FF_EE02),
        ),
        (
            "compound file with Workbook",
            fake_cfb(Some("Workbook"), 0xC0FF_EE03),
        ),
        (
            "compound file with EncryptedPackage",
            fake_cfb(Some("EncryptedPackage"), 0xC0FF_EE04),
        ),
        ("%PDF-1.7 and garbage", fake_pdf()),
    ];
    for (what, bytes) in cases {
        let start = Instant::now();
        let v = json(&process_bytes(&bytes, what, &Config::default()));
        assert!(start.elapsed() < BOUND, "{what}: {:?}", start.elapsed());
        assert_bad(&v, what);
        assert!(
            v["reports"].as_array().is_some_and(|r| r.is_empty()),
            "{what}: garbage yields no forms"
        );
    }
    let v = json(&process_bytes(&fake_pdf(), "x.pdf", &Config::default()));
    assert_eq!(v["file"]["format"], "pdf");
}

// ---------------------------------------------------------------------------
// Folders and batches

/// Regular files under `dir`, symlinks not followed, as the walk names them.
fn regular_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => regular_files(&p, out),
            Ok(m) if m.is_file() => out.push(p),
            _ => {}
        }
    }
}

fn records_by_path(records: &[Record]) -> Vec<(String, Value)> {
    records
        .iter()
        .map(|r| (r.file.path.clone(), json(r)))
        .collect()
}

#[test]
fn folder_with_symlink_loops_and_unreadable_files_completes() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = Scratch::new("loops");
    let root = dir.path("in");
    let sub = root.join("sub");
    fs::create_dir_all(&sub).unwrap();
    fs::copy(sample("000_578085824ea13247.txt"), root.join("good.txt")).unwrap();
    fs::write(sub.join("inner.txt"), "名称\t城乡医疗救助\n").unwrap();
    // A link back to an ancestor, and a link to itself.
    symlink("..", sub.join("up")).unwrap();
    symlink("self", root.join("self")).unwrap();
    let locked = root.join("locked.txt");
    fs::write(&locked, "年度资金总额\t1\t2\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Privileged users read files whatever their mode.
    let privileged = File::open(&locked).is_ok();

    let start = Instant::now();
    let records = run(std::slice::from_ref(&root), &Config::default(), Some(2)).unwrap();
    // Eleven hostile files on two workers: three times the one-file bound.
    assert!(
        start.elapsed() < BOUND * 3,
        "batch took {:?}",
        start.elapsed()
    );
    let recs = records_by_path(&records);

    let mut files = Vec::new();
    regular_files(&root, &mut files);
    assert_eq!(files.len(), 3);
    for f in &files {
        let name = f.to_string_lossy();
        let n = recs.iter().filter(|(p, _)| *p == name).count();
        assert_eq!(n, 1, "{name}: {n} records among {:?}", paths(&recs));
    }
    let rec = |p: &Path| {
        let name = p.to_string_lossy();
        recs.iter()
            .find(|(q, _)| *q == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let good = rec(&root.join("good.txt"));
    assert_eq!(status(&good), "ok", "{:?}", good["errors"]);
    assert_eq!(good["reports"].as_array().map(Vec::len), Some(1));
    if !privileged {
        assert_failed(&rec(&locked), |c| c == "file.io", "unreadable file");
    }
    // Nothing is read twice through the loops, and every other record is a
    // failure the walk met, never a silent ok.
    assert!(records.len() <= files.len() + 2, "{:?}", paths(&recs));
    for (p, v) in &recs {
        if !files.iter().any(|f| f.to_string_lossy() == *p) {
            assert_failed(v, |c| !c.is_empty(), p);
        }
    }
}

fn paths(recs: &[(String, Value)]) -> Vec<&str> {
    recs.iter().map(|(p, _)| p.as_str()).collect()
}

#[test]
fn batch_of_bad_inputs_goes_on_and_reads_the_good_one() {
    let dir = Scratch::new("batch");
    let root = dir.path("in");
    fs::create_dir_all(&root).unwrap();
    let at = |name: &str| root.join(name);

    let setup = Instant::now();
    File::create(at("empty.docx")).unwrap();
    fs::write(at("noise.bin"), XorShift(0xFEED_F00D).bytes(64 * 1024)).unwrap();
    let whole = fs::read(sample("000_miyi_2022.docx")).unwrap();
    fs::write(at("truncated.docx"), &whole[..whole.len() / 2]).unwrap();
    fs::copy(sample("000_miyi_2022.xlsx"), at("renamed.docx")).unwrap();
    zip_bomb_docx(&at("bomb.docx"), 1024 * 1024 * 1024, 0);
    table_txt(&at("rows.txt"), ROWS);
    table_docx(&at("rows.docx"), ROWS);
    table_xlsx(&at("rows.xlsx"), ROWS);
    fs::write(at("fake.doc"), fake_cfb(Some("WordDocument"), 7)).unwrap();
    fs::write(at("fake.pdf"), fake_pdf()).unwrap();
    fs::copy(sample("001_mianyang_2020.xlsx"), at("good.xlsx")).unwrap();
    assert!(setup.elapsed() < SETUP_BOUND, "setup {:?}", setup.elapsed());

    let start = Instant::now();
    let records = run(std::slice::from_ref(&root), &Config::default(), Some(2)).unwrap();
    // Eleven hostile files on two workers: three times the one-file bound.
    assert!(
        start.elapsed() < BOUND * 3,
        "batch took {:?}",
        start.elapsed()
    );
    let recs = records_by_path(&records);

    let mut files = Vec::new();
    regular_files(&root, &mut files);
    assert_eq!(files.len(), 11);
    assert_eq!(records.len(), files.len(), "{:?}", paths(&recs));
    let rec = |name: &str| {
        let p = at(name).to_string_lossy().into_owned();
        let found: Vec<&Value> = recs
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, v)| v)
            .collect();
        assert_eq!(found.len(), 1, "{name}: {:?}", paths(&recs));
        found[0].clone()
    };

    for name in [
        "empty.docx",
        "noise.bin",
        "truncated.docx",
        "bomb.docx",
        "rows.txt",
        "rows.docx",
        "rows.xlsx",
        "fake.doc",
        "fake.pdf",
    ] {
        assert_bad(&rec(name), name);
    }
    assert_failed(&rec("empty.docx"), |c| c == "file.empty", "empty");
    assert_failed(&rec("noise.bin"), |c| c == "file.unknown_format", "noise");
    assert_failed(
        &rec("truncated.docx"),
        |c| c.ends_with(".damaged"),
        "truncated",
    );
    assert_failed(&rec("bomb.docx"), |c| c.starts_with("limit."), "bomb");
    assert_partial(&rec("rows.txt"), "limit.rows", "rows.txt");

    let renamed = rec("renamed.docx");
    assert_eq!(renamed["file"]["format"], "xlsx");
    assert_eq!(status(&renamed), "ok", "{:?}", renamed["errors"]);

    // The three forms of 001 (as the seeds test expects them), read beside the bad files.
    let good = rec("good.xlsx");
    assert_eq!(status(&good), "ok", "{:?}", good["errors"]);
    let reports = good["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    let form0 = &reports[0]["indicators"];
    assert_eq!(form0.as_array().map(Vec::len), Some(14));
    assert_eq!(form0[0]["name"], "资助参保人次");
    assert_eq!(form0[0]["actual"]["value"], 194279.0);
    assert_eq!(
        form0[0]["target"]["raw"],
        "对符合条件的重点救助对象资助参加城乡居"
    );
}
