//! The PDF reader on hand-built files: each test writes the few objects it needs,
//! so the expected glyphs, positions, rulings and spans are known exactly.

use std::time::{Duration, Instant};

use jixiao::limits::Limits;
use jixiao::model::{Block, Document, Table};
use jixiao::pipeline::{process_bytes, Config};
use jixiao::read::read_bytes;

/// A PDF from object bodies (object 1 is the catalog); streams are given as
/// (dictionary entries, data).
enum Obj {
    Raw(String),
    Stream(String, Vec<u8>),
}

fn pdf(objs: &[Obj]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        match o {
            Obj::Raw(s) => out.extend(s.as_bytes()),
            Obj::Stream(d, data) => {
                out.extend(format!("<< /Length {} {d} >>\nstream\n", data.len()).as_bytes());
                out.extend(data);
                out.extend(b"\nendstream");
            }
        }
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn raw(s: &str) -> Obj {
    Obj::Raw(s.to_string())
}

/// Objects 1-2 are catalog and page tree, then one page per content stream
/// (page i at 3+2i, its content at 4+2i), then the fonts: F1 a WinAnsi TrueType
/// font, F2 a Type0 Identity-H font whose ToUnicode maps CIDs 1.. to `cjk`, F3 a
/// Type0 font without ToUnicode.
fn doc_with(pages: &[(&str, &str)], cjk: &str) -> Vec<u8> {
    let n = pages.len();
    let font_base = 3 + 2 * n;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 2 * i)).collect();
    let mut objs = vec![
        raw("<< /Type /Catalog /Pages 2 0 R >>"),
        raw(&format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            kids.join(" ")
        )),
    ];
    let res = format!(
        "<< /Font << /F1 {} 0 R /F2 {} 0 R /F3 {} 0 R >> /XObject << /Im1 {} 0 R >> >>",
        font_base,
        font_base + 1,
        font_base + 4,
        font_base + 6
    );
    for (i, (extra, content)) in pages.iter().enumerate() {
        objs.push(raw(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources {res} /Contents {} 0 R {extra} >>",
            4 + 2 * i
        )));
        objs.push(Obj::Stream(String::new(), content.as_bytes().to_vec()));
    }
    // F1: simple TrueType, WinAnsi, every glyph 500 units wide.
    objs.push(raw(&format!(
        "<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [{}] >>",
        vec!["500"; 95].join(" ")
    )));
    // F2: Type0 Identity-H with ToUnicode; CJK 1000 wide.
    objs.push(raw(&format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [{} 0 R] /ToUnicode {} 0 R >>",
        font_base + 2,
        font_base + 3
    )));
    objs.push(raw(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ));
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    let chars: Vec<char> = cjk.chars().collect();
    cmap.push_str(&format!("{} beginbfchar\n", chars.len()));
    for (k, c) in chars.iter().enumerate() {
        cmap.push_str(&format!("<{:04X}> <{:04X}>\n", k + 1, *c as u32));
    }
    cmap.push_str("endbfchar\nendcmap end end\n");
    objs.push(Obj::Stream(String::new(), cmap.into_bytes()));
    // F3: Type0 Identity-H without ToUnicode.
    objs.push(raw(&format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Unknown /Encoding /Identity-H /DescendantFonts [{} 0 R] >>",
        font_base + 5
    )));
    objs.push(raw(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Unknown /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ));
    objs.push(Obj::Stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8".into(),
        vec![0],
    ));
    pdf(&objs)
}

/// CIDs (hex) of `s` in the F2 font built from `cjk`.
fn cids(cjk: &str, s: &str) -> String {
    let chars: Vec<char> = cjk.chars().collect();
    s.chars()
        .map(|c| {
            let k = chars.iter().position(|x| *x == c).expect("char in font") + 1;
            format!("{k:04X}")
        })
        .collect()
}

/// The PDF text reader alone, without the OCR that `read_bytes` adds for pages
/// without usable text.
fn read(bytes: &[u8]) -> Document {
    jixiao::read::Reader::read(&jixiao::read::pdf::PdfReader, bytes, &Limits::default())
        .expect("readable")
}

fn paras(d: &Document) -> Vec<String> {
    d.paragraphs().map(|p| p.text.clone()).collect()
}

fn tables(d: &Document) -> Vec<&Table> {
    d.tables().collect()
}

fn spans(t: &Table) -> Vec<(usize, usize, usize, usize, String)> {
    t.cells
        .iter()
        .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.clone()))
        .collect()
}

fn codes(d: &Document) -> Vec<String> {
    d.issues.iter().map(|i| i.code.clone()).collect()
}

const CJK: &str = "预算万元执行率产出指标数量合计";

#[test]
fn winansi_text_with_position_and_size() {
    let b = doc_with(&[("", "BT /F1 10 Tf 100 700 Td (Total 12.5) Tj ET")], CJK);
    let d = read(&b);
    assert_eq!(paras(&d), vec!["Total 12.5"]);
    let p = d.paragraphs().next().unwrap();
    assert_eq!(p.page, Some(1));
    let bb = p.bbox.unwrap();
    // Top-left origin: baseline at 800 - 700 = 100; ten glyphs of 5 pt.
    assert!((bb[0] - 100.0).abs() < 0.01, "{bb:?}");
    assert!((bb[2] - 150.0).abs() < 0.01, "{bb:?}");
    assert!(
        bb[1] < 100.0 && bb[3] > 100.0 && bb[3] - bb[1] < 12.0,
        "{bb:?}"
    );
}

#[test]
fn type0_cjk_with_digits_in_their_own_font_run() {
    // 预算 (F2) then 1146.81 (F1) then 万元 (F2), each run placed by its own Tm.
    let content = format!(
        "BT /F2 10 Tf 1 0 0 1 100 700 Tm <{}> Tj ET BT /F1 10 Tf 1 0 0 1 120 700 Tm (1146.81) Tj ET BT /F2 10 Tf 1 0 0 1 155 700 Tm <{}> Tj ET",
        cids(CJK, "预算"),
        cids(CJK, "万元")
    );
    let d = read(&doc_with(&[("", &content)], CJK));
    assert_eq!(paras(&d), vec!["预算1146.81万元"]);
    assert!(d.issues.is_empty(), "{:?}", d.issues);
}

#[test]
fn flipped_scaled_and_rotated_pages_read_upright() {
    // pdftocairo style: y flipped by the CTM and by the text matrix.
    let flipped = "1 0 0 -1 0 800 cm BT /F1 10 Tf 1 0 0 -1 100 100 Tm (Flip 7) Tj ET";
    // Everything drawn at half size through a scaled CTM.
    let scaled = "0.5 0 0 0.5 0 0 cm BT /F1 20 Tf 200 1400 Td (Half 8) Tj ET";
    // A landscape page made with /Rotate 90: text drawn rotated so that it reads
    // upright once the page is turned.
    let rotated = "BT /F1 10 Tf 0 1 -1 0 500 100 Tm (Turn 9) Tj ET";
    let d = read(&doc_with(
        &[("", flipped), ("", scaled), ("/Rotate 90", rotated)],
        CJK,
    ));
    assert_eq!(paras(&d), vec!["Flip 7", "Half 8", "Turn 9"]);
    let ps: Vec<_> = d.paragraphs().collect();
    let b0 = ps[0].bbox.unwrap();
    assert!(
        (b0[0] - 100.0).abs() < 0.01 && b0[1] < 100.0 && b0[3] > 100.0,
        "{b0:?}"
    );
    let b1 = ps[1].bbox.unwrap();
    assert!(
        (b1[0] - 100.0).abs() < 0.01 && (b1[2] - 130.0).abs() < 0.01,
        "{b1:?}"
    );
    // On the turned page (800 wide, 600 high) the user point (500, 100) lands at
    // x = 100, y = 500.
    let b2 = ps[2].bbox.unwrap();
    assert_eq!(ps[2].page, Some(3));
    assert!(
        (b2[0] - 100.0).abs() < 0.01 && b2[1] < 500.0 && b2[3] > 500.0,
        "{b2:?}"
    );
}

/// A 3 × 3 grid at x = 100, 200, 300, 400 and y (PDF) = 700, 680, 660, 640; the
/// top row merged across, the first column merged over rows 1-2.
fn grid_rulings(as_rects: bool) -> String {
    let lines: Vec<(f64, f64, f64, f64)> = vec![
        (100.0, 700.0, 400.0, 700.0),
        (100.0, 680.0, 400.0, 680.0),
        (200.0, 660.0, 400.0, 660.0),
        (100.0, 640.0, 400.0, 640.0),
        (100.0, 700.0, 100.0, 640.0),
        (200.0, 680.0, 200.0, 640.0),
        (300.0, 680.0, 300.0, 640.0),
        (400.0, 700.0, 400.0, 640.0),
    ];
    let mut s = String::new();
    for (x0, y0, x1, y1) in lines {
        if as_rects {
            let (w, h) = if y0 == y1 {
                (x1 - x0, 0.5)
            } else {
                (0.5, y0 - y1)
            };
            s.push_str(&format!(
                "{} {} {w} {h} re f\n",
                x0 - 0.25,
                y0.min(y1) - 0.25
            ));
        } else {
            s.push_str(&format!("{x0} {y0} m {x1} {y1} l S\n"));
        }
    }
    s
}

fn text_at(font: &str, x: f64, y: f64, s: &str) -> String {
    format!("BT /{font} 10 Tf 1 0 0 1 {x} {y} Tm {s} Tj ET\n")
}

#[test]
fn tables_from_strokes_and_from_filled_rectangles() {
    for as_rects in [false, true] {
        let mut c = grid_rulings(as_rects);
        c.push_str(&text_at(
            "F2",
            105.0,
            685.0,
            &format!("<{}>", cids(CJK, "预算执行率")),
        ));
        // 产出指标 wrapped over two lines in a 100 pt cell.
        c.push_str(&text_at(
            "F2",
            105.0,
            665.0,
            &format!("<{}>", cids(CJK, "产出")),
        ));
        c.push_str(&text_at(
            "F2",
            105.0,
            653.0,
            &format!("<{}>", cids(CJK, "指标")),
        ));
        c.push_str(&text_at("F1", 205.0, 665.0, "(12.5)"));
        c.push_str(&text_at("F1", 305.0, 645.0, "(100%)"));
        let d = read(&doc_with(&[("", &c)], CJK));
        let ts = tables(&d);
        assert_eq!(ts.len(), 1, "rects: {as_rects}");
        let t = ts[0];
        assert_eq!((t.n_rows, t.n_cols), (3, 3));
        assert_eq!(
            spans(t),
            vec![
                (0, 0, 1, 3, "预算执行率".into()),
                (1, 0, 2, 1, "产出\n指标".into()),
                (1, 1, 1, 1, "12.5".into()),
                (1, 2, 1, 1, "".into()),
                (2, 1, 1, 1, "".into()),
                (2, 2, 1, 1, "100%".into()),
            ]
        );
        let cell = &t.cells[1];
        assert_eq!(cell.page, Some(1));
        let bb = cell.bbox.unwrap();
        assert!(
            (bb[0] - 100.0).abs() < 0.5 && (bb[1] - 120.0).abs() < 0.5,
            "{bb:?}"
        );
        assert!(
            (bb[2] - 200.0).abs() < 0.5 && (bb[3] - 160.0).abs() < 0.5,
            "{bb:?}"
        );
    }
}

#[test]
fn wrapped_cell_text_is_joined() {
    // Four CJK characters fill the 40 pt cell (minus padding); the next line goes on.
    let mut c = String::new();
    for (x0, y0, x1, y1) in [
        (100, 700, 150, 700),
        (100, 670, 150, 670),
        (100, 700, 100, 670),
        (150, 700, 150, 670),
        (150, 700, 200, 700),
        (150, 670, 200, 670),
        (200, 700, 200, 670),
    ] {
        c.push_str(&format!("{x0} {y0} m {x1} {y1} l S\n"));
    }
    c.push_str(&text_at(
        "F2",
        102.0,
        688.0,
        &format!("<{}>", cids(CJK, "数量指标")),
    ));
    c.push_str(&text_at(
        "F2",
        102.0,
        676.0,
        &format!("<{}>", cids(CJK, "合计")),
    ));
    let d = read(&doc_with(&[("", &c)], CJK));
    let t = tables(&d)[0];
    assert_eq!(t.cells[0].text, "数量指标合计");
}

/// One page of a two-column table: rows of (left, right) text, 20 pt high, from
/// `top` down; an empty left text below the first row continues the left cell
/// above (no ruling between them), as a merged cell is drawn.
fn table_page(rows: &[(&str, &str)], top: f64) -> String {
    let mut c = String::new();
    let bottom = top - 20.0 * rows.len() as f64;
    for k in 0..=rows.len() {
        let y = top - 20.0 * k as f64;
        // A row whose left cell is empty and not the first continues the cell above.
        let left_open = k > 0 && k < rows.len() && rows[k].0.is_empty();
        let x0 = if left_open { 200.0 } else { 100.0 };
        c.push_str(&format!("{x0} {y} m 300 {y} l S\n"));
    }
    for x in [100, 200, 300] {
        c.push_str(&format!("{x} {top} m {x} {bottom} l S\n"));
    }
    for (k, (l, r)) in rows.iter().enumerate() {
        let y = top - 20.0 * k as f64 - 15.0;
        if !l.is_empty() {
            c.push_str(&text_at("F2", 105.0, y, &format!("<{}>", cids(CJK, l))));
        }
        if !r.is_empty() {
            c.push_str(&text_at("F1", 205.0, y, &format!("({r})")));
        }
    }
    c
}

#[test]
fn table_continued_on_next_page_is_joined() {
    // Without a repeated header; the 产出 group is merged over the page break.
    let p1 = table_page(&[("指标", "Value"), ("产出", "1"), ("", "2")], 700.0);
    let p2 = table_page(&[("", "3"), ("合计", "6")], 760.0);
    let d = read(&doc_with(&[("", &p1), ("", &p2)], CJK));
    let ts = tables(&d);
    assert_eq!(ts.len(), 1, "{:#?}", d.blocks);
    assert_eq!(
        spans(ts[0]),
        vec![
            (0, 0, 1, 1, "指标".into()),
            (0, 1, 1, 1, "Value".into()),
            (1, 0, 3, 1, "产出".into()),
            (1, 1, 1, 1, "1".into()),
            (2, 1, 1, 1, "2".into()),
            (3, 1, 1, 1, "3".into()),
            (4, 0, 1, 1, "合计".into()),
            (4, 1, 1, 1, "6".into()),
        ]
    );
    assert_eq!(ts[0].cells[5].page, Some(2));
    assert_eq!(ts[0].page, Some(1));

    // With the header row repeated on the second page.
    let p2 = table_page(&[("指标", "Value"), ("合计", "3")], 760.0);
    let d = read(&doc_with(&[("", &p1), ("", &p2)], CJK));
    let ts = tables(&d);
    assert_eq!(ts.len(), 1);
    let texts: Vec<String> = ts[0].cells.iter().map(|c| c.text.clone()).collect();
    assert_eq!(texts, vec!["指标", "Value", "产出", "1", "2", "合计", "3"]);
}

/// Two pages of a two-column table with narrow (40 pt) columns, every line of text
/// filling its column. Page 1 ends with a row whose left cell has two lines and right
/// cell one; page 2 starts with `top_right` in the right column of its first row.
fn split_candidate(top_right: &str) -> Vec<u8> {
    let grid = |top: f64, bottoms: &[f64]| {
        let mut c = String::new();
        for y in std::iter::once(top).chain(bottoms.iter().copied()) {
            c.push_str(&format!("100 {y} m 190 {y} l S\n"));
        }
        let bottom = bottoms.last().copied().unwrap_or(top);
        for x in [100, 145, 190] {
            c.push_str(&format!("{x} {top} m {x} {bottom} l S\n"));
        }
        c
    };
    let t = |x: f64, y: f64, s: &str| text_at("F2", x, y, &format!("<{}>", cids(CJK, s)));
    let mut p1 = grid(300.0, &[280.0, 240.0]);
    p1 += &t(102.0, 285.0, "指标");
    p1 += &t(147.0, 285.0, "数量");
    p1 += &t(102.0, 265.0, "预算万元");
    p1 += &t(102.0, 250.0, "执行率产");
    p1 += &t(147.0, 265.0, "数量合计");
    let mut p2 = grid(760.0, &[740.0, 720.0]);
    p2 += &t(102.0, 745.0, "出指");
    if !top_right.is_empty() {
        p2 += &t(147.0, 745.0, top_right);
    }
    p2 += &t(102.0, 725.0, "合计");
    p2 += &t(147.0, 725.0, "数量");
    // Text as low on page 2 as the table reaches on page 1: the bottom margin.
    p2 += &t(102.0, 245.0, "合计");
    doc_with(&[("", &p1), ("", &p2)], CJK)
}

fn positions(t: &Table) -> Vec<(usize, usize, String)> {
    t.cells
        .iter()
        .map(|c| (c.row, c.col, c.text.clone()))
        .collect()
}

#[test]
fn a_row_split_by_the_page_break_is_joined_only_where_its_text_was_cut() {
    // The left cell's two lines fill its piece of the row down to the break and go
    // on over the page; the right cell ended above: one row, split.
    let d = read(&split_candidate(""));
    let ts = tables(&d);
    assert_eq!(ts.len(), 1, "{:#?}", d.blocks);
    let rows = positions(ts[0]);
    assert_eq!(
        rows,
        vec![
            (0, 0, "指标".into()),
            (0, 1, "数量".into()),
            (1, 0, "预算万元执行率产出指".into()),
            (1, 1, "数量合计".into()),
            (2, 0, "合计".into()),
            (2, 1, "数量".into()),
        ]
    );

    // The right cell's one line fills its width exactly, but the row piece is two
    // lines high: that cell ended on page 1, so page 2's first row is a row of its
    // own.
    let d = read(&split_candidate("合计"));
    let ts = tables(&d);
    assert_eq!(ts.len(), 1, "{:#?}", d.blocks);
    let rows = positions(ts[0]);
    assert_eq!(
        rows,
        vec![
            (0, 0, "指标".into()),
            (0, 1, "数量".into()),
            (1, 0, "预算万元执行率产".into()),
            (1, 1, "数量合计".into()),
            (2, 0, "出指".into()),
            (2, 1, "合计".into()),
            (3, 0, "合计".into()),
            (3, 1, "数量".into()),
        ]
    );
}

#[test]
fn borderless_table_from_alignment() {
    let mut c = String::new();
    for (k, (a, b, x)) in [
        ("指标", "(Value)", "(Note)"),
        ("产出", "(1)", "(a)"),
        ("合计", "(2)", "(b)"),
    ]
    .iter()
    .enumerate()
    {
        let y = 700.0 - 20.0 * k as f64;
        c.push_str(&text_at("F2", 100.0, y, &format!("<{}>", cids(CJK, a))));
        c.push_str(&text_at("F1", 250.0, y, b));
        c.push_str(&text_at("F1", 400.0, y, x));
    }
    let d = read(&doc_with(&[("", &c)], CJK));
    let ts = tables(&d);
    assert_eq!(ts.len(), 1, "{:#?}", d.blocks);
    assert_eq!((ts[0].n_rows, ts[0].n_cols), (3, 3));
    assert_eq!(ts[0].at(2, 1).map(|c| c.text.as_str()), Some("2"));
}

#[test]
fn image_only_pages_are_no_text() {
    let d = read(&doc_with(&[("", "q 500 0 0 700 50 50 cm /Im1 Do Q")], CJK));
    assert!(d.blocks.is_empty());
    assert_eq!(codes(&d), vec!["pdf.no_text"]);
    let rec = serde_json::to_value(process_bytes(
        &doc_with(&[("", "q 500 0 0 700 50 50 cm /Im1 Do Q")], CJK),
        "scan.pdf",
        &Config::default(),
    ))
    .unwrap();
    assert_eq!(rec["status"], "partial", "{rec}");
    assert_eq!(rec["errors"][0]["code"], "pdf.no_text");
}

#[test]
fn fonts_without_tounicode_are_reported() {
    let d = read(&doc_with(
        &[(
            "",
            "BT /F3 10 Tf 100 700 Td <0001000200030004000500060007> Tj ET",
        )],
        CJK,
    ));
    assert!(paras(&d).is_empty());
    assert_eq!(codes(&d), vec!["pdf.unmapped_font"]);
    assert!(d.issues[0].message.contains("ABCDEF+Unknown"));
}

#[test]
fn a_damaged_page_does_not_lose_the_others() {
    let mut b = doc_with(
        &[
            ("", "BT /F1 10 Tf 100 700 Td (First) Tj ET"),
            ("", "BT /F1 10 Tf 100 700 Td (Second) Tj ET"),
        ],
        CJK,
    );
    // The second page's content claims Flate compression but is not compressed.
    let s = String::from_utf8_lossy(&b).into_owned();
    let s = s.replacen(
        "<< /Length 38  >>",
        "<< /Length 38 /Filter /FlateDecode >>",
        1,
    );
    b = s.into_bytes();
    let d = read(&b);
    assert_eq!(paras(&d), vec!["First"]);
    assert_eq!(codes(&d), vec!["pdf.damaged"]);
    assert!(d.issues[0].message.contains("page 2"), "{:?}", d.issues);
}

#[test]
fn garbage_and_truncated_files_are_damaged() {
    let good = doc_with(&[("", "BT /F1 10 Tf 100 700 Td (Text) Tj ET")], CJK);
    for bad in [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog".to_vec(),
        good[..40].to_vec(),
        b"%PDF-1.7\n\xff\xfe garbage garbage".to_vec(),
    ] {
        let e = read_bytes(&bad, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "pdf.damaged", "{e}");
    }
}

#[test]
fn encrypted_files_open_with_the_empty_password_only() {
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    let plain = doc_with(&[("", "BT /F1 10 Tf 100 700 Td (Secret 42) Tj ET")], CJK);
    for (user, readable) in [("", true), ("letmein", false)] {
        let mut doc = lopdf::Document::load_mem(&plain).unwrap();
        doc.trailer.set(
            "ID",
            lopdf::Object::Array(vec![
                lopdf::Object::string_literal(b"0123456789abcdef".to_vec()),
                lopdf::Object::string_literal(b"0123456789abcdef".to_vec()),
            ]),
        );
        let state = EncryptionState::try_from(EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: user,
            key_length: 128,
            permissions: Permissions::all(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        assert!(
            !bytes.windows(6).any(|w| w == b"Secret"),
            "content is encrypted"
        );
        match read_bytes(&bytes, &Limits::default()) {
            Ok(d) => {
                assert!(readable, "{user:?} should not open");
                assert_eq!(paras(&d), vec!["Secret 42"]);
            }
            Err(e) => {
                assert!(!readable, "{user:?}: {e}");
                assert_eq!(e.code(), "pdf.encrypted");
            }
        }
    }
}

#[test]
fn hostile_content_is_bounded() {
    // A form XObject that draws itself, a huge operator count, deep q nesting.
    let mut objs = vec![
        raw("<< /Type /Catalog /Pages 2 0 R >>"),
        raw("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        raw("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>"),
    ];
    let mut content = "q ".repeat(100_000);
    content.push_str("/X Do ");
    content.push_str(&"1 0 0 1 0 0 cm ".repeat(300_000));
    objs.push(Obj::Stream(String::new(), content.into_bytes()));
    objs.push(Obj::Stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>"
            .into(),
        b"/X Do 0 0 m 10 10 l S".to_vec(),
    ));
    let b = pdf(&objs);
    let start = Instant::now();
    let r = jixiao::read::Reader::read(&jixiao::read::pdf::PdfReader, &b, &Limits::default());
    assert!(start.elapsed() < Duration::from_secs(10));
    let d = r.expect("read with issues");
    assert!(d.blocks.is_empty());
}

#[test]
fn page_limit_keeps_the_first_pages() {
    let pages: Vec<(&str, &str)> = vec![("", "BT /F1 10 Tf 100 700 Td (Page) Tj ET"); 5];
    let b = doc_with(&pages, CJK);
    let limits = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let d = read_bytes(&b, &limits).unwrap();
    assert_eq!(d.pages, Some(2));
    assert_eq!(paras(&d), vec!["Page", "Page"]);
    assert!(codes(&d).contains(&"limit.pages".to_string()));
}

#[test]
fn glyph_and_operator_limits_are_shared_by_the_pages() {
    // Five pages of 4 glyphs and 5 operators each (BT Tf Td Tj ET).
    let pages: Vec<(&str, &str)> = vec![("", "BT /F1 10 Tf 100 700 Td (Page) Tj ET"); 5];
    let b = doc_with(&pages, CJK);
    let whole = read_bytes(&b, &Limits::default()).unwrap();
    assert_eq!(paras(&whole).len(), 5);
    assert!(!codes(&whole).iter().any(|c| c.starts_with("limit.")));

    // 10 glyphs: two whole pages, the third cut after two glyphs, then no more pages.
    let glyphs = Limits {
        max_glyphs: 10,
        ..Limits::default()
    };
    let d = read_bytes(&b, &glyphs).unwrap();
    assert_eq!(paras(&d), vec!["Page", "Page", "Pa"]);
    assert!(
        codes(&d).contains(&"limit.glyphs".to_string()),
        "{:?}",
        codes(&d)
    );

    // 12 operators: two whole pages (10), the third stops at its third operator, before
    // any text is shown.
    let ops = Limits {
        max_operators: 12,
        ..Limits::default()
    };
    let d = read_bytes(&b, &ops).unwrap();
    assert_eq!(paras(&d), vec!["Page", "Page"]);
    assert!(
        codes(&d).contains(&"limit.operators".to_string()),
        "{:?}",
        codes(&d)
    );
}

#[test]
fn object_limit_refuses_the_file() {
    let b = doc_with(&[("", "BT /F1 10 Tf 100 700 Td (Page) Tj ET")], CJK);
    let limits = Limits {
        max_objects: 3,
        ..Limits::default()
    };
    let err = read_bytes(&b, &limits).expect_err("too many objects");
    assert_eq!(err.code(), "limit.objects");
}

/// Prints the blocks of the file named by JIXIAO_PDF (a debugging aid):
/// `JIXIAO_PDF=x.pdf cargo test --test read_pdf dump -- --ignored --nocapture`.
#[test]
#[ignore]
fn dump() {
    let Ok(path) = std::env::var("JIXIAO_PDF") else {
        return;
    };
    let d = read(&std::fs::read(path).unwrap());
    for b in &d.blocks {
        match b {
            Block::Paragraph(p) => println!("P{} p{:?} {:?}", p.index, p.page, p.text),
            Block::Table(t) => {
                println!("T{} p{:?} {}x{}", t.index, t.page, t.n_rows, t.n_cols);
                for c in &t.cells {
                    println!(
                        "  ({},{}) {}x{} p{:?} {:?}",
                        c.row, c.col, c.row_span, c.col_span, c.page, c.text
                    );
                }
            }
        }
    }
    println!("{:?}", d.issues);
}
