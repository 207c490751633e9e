//! The .docx reader against small documents built in memory, each isolating one
//! WordprocessingML construct found in self-evaluation forms.

use std::io::{Cursor, Write};

use jixiao::error::ReadError;
use jixiao::limits::Limits;
use jixiao::model::{Block, Cell, Document, Format, Table};
use jixiao::read::docx::DocxReader;
use jixiao::read::{read_bytes, sniff, Reader};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="w14"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    )
}

fn docx(body: &str) -> Vec<u8> {
    let xml = document_xml(body);
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ])
}

fn read(body: &str) -> Document {
    read_with(body, &Limits::default())
}

fn read_with(body: &str, limits: &Limits) -> Document {
    DocxReader.read(&docx(body), limits).unwrap()
}

/// A paragraph of one run.
fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A cell with the given properties and content.
fn tc(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/>{props}</w:tcPr>{content}</w:tc>")
}

fn cell(text: &str) -> String {
    tc("", &p(text))
}

fn tr(props: &str, cells: &[String]) -> String {
    format!("<w:tr><w:trPr>{props}</w:trPr>{}</w:tr>", cells.concat())
}

fn tbl(rows: &[String]) -> String {
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1000\"/></w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.paragraphs().map(|p| p.text.as_str()).collect()
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
}

/// (row, col, row_span, col_span, text) of every origin cell.
fn shape(t: &Table) -> Vec<(usize, usize, usize, usize, &str)> {
    t.cells
        .iter()
        .map(|c: &Cell| (c.row, c.col, c.row_span, c.col_span, c.text.as_str()))
        .collect()
}

#[test]
fn grid_span_gives_col_span_and_moves_later_cells() {
    let body = tbl(&[
        tr(
            "",
            &[tc("<w:gridSpan w:val=\"2\"/>", &p("资金")), cell("执行率")],
        ),
        tr("", &[cell("预算数"), cell("执行数"), cell("94.06%")]),
    ]);
    let doc = read(&body);
    let t = tables(&doc)[0];
    assert_eq!((t.n_rows, t.n_cols), (2, 3));
    assert_eq!(
        shape(t),
        vec![
            (0, 0, 1, 2, "资金"),
            (0, 2, 1, 1, "执行率"),
            (1, 0, 1, 1, "预算数"),
            (1, 1, 1, 1, "执行数"),
            (1, 2, 1, 1, "94.06%"),
        ]
    );
}

#[test]
fn vmerge_over_three_rows_is_one_origin_cell() {
    let body = tbl(&[
        tr(
            "",
            &[
                tc("<w:vMerge w:val=\"restart\"/>", &p("产出指标")),
                cell("数量指标"),
            ],
        ),
        tr("", &[tc("<w:vMerge/>", "<w:p/>"), cell("质量指标")]),
        tr(
            "",
            &[
                tc("<w:vMerge w:val=\"continue\"/>", "<w:p/>"),
                cell("时效指标"),
            ],
        ),
        tr("", &[cell("效益指标"), cell("社会效益指标")]),
    ]);
    let doc = read(&body);
    let t = tables(&doc)[0];
    assert_eq!((t.n_rows, t.n_cols), (4, 2));
    assert_eq!(
        shape(t),
        vec![
            (0, 0, 3, 1, "产出指标"),
            (0, 1, 1, 1, "数量指标"),
            (1, 1, 1, 1, "质量指标"),
            (2, 1, 1, 1, "时效指标"),
            (3, 0, 1, 1, "效益指标"),
            (3, 1, 1, 1, "社会效益指标"),
        ]
    );
    assert_eq!(t.at(2, 0).map(|c| c.text.as_str()), Some("产出指标"));
    assert_eq!(t.at(3, 0).map(|c| c.text.as_str()), Some("效益指标"));
}

#[test]
fn vmerge_with_gridspan_and_a_gap_in_the_column() {
    // Row 2 has no cell at column 2 (gridAfter), so the continuation in row 3 cannot
    // reach the origin in row 1 and becomes a cell of its own.
    let body = tbl(&[
        tr("", &[cell("a"), cell("b"), cell("c")]),
        tr(
            "",
            &[
                tc(
                    "<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>",
                    &p("合并"),
                ),
                tc("<w:vMerge w:val=\"restart\"/>", &p("x")),
            ],
        ),
        tr(
            "<w:gridAfter w:val=\"1\"/>",
            &[tc("<w:gridSpan w:val=\"2\"/><w:vMerge/>", "<w:p/>")],
        ),
        tr(
            "",
            &[
                tc("<w:gridSpan w:val=\"2\"/>", &p("d")),
                tc("<w:vMerge/>", &p("y")),
            ],
        ),
    ]);
    let doc = read(&body);
    let t = tables(&doc)[0];
    assert_eq!(
        shape(t),
        vec![
            (0, 0, 1, 1, "a"),
            (0, 1, 1, 1, "b"),
            (0, 2, 1, 1, "c"),
            (1, 0, 2, 2, "合并"),
            (1, 2, 1, 1, "x"),
            (3, 0, 1, 2, "d"),
            (3, 2, 1, 1, "y"),
        ]
    );
}

#[test]
fn grid_before_skips_leading_grid_columns() {
    let body = tbl(&[
        tr("", &[cell("项目名称"), cell("城乡医疗救助"), cell("")]),
        tr(
            "<w:gridBefore w:val=\"1\"/><w:wBefore w:w=\"1000\" w:type=\"dxa\"/>",
            &[cell("主管部门"), cell("国家医疗保障局")],
        ),
        tr(
            "<w:gridAfter w:val=\"1\"/>",
            &[cell("实施单位"), cell("米易县医疗保障局")],
        ),
    ]);
    let doc = read(&body);
    let t = tables(&doc)[0];
    assert_eq!((t.n_rows, t.n_cols), (3, 3));
    assert_eq!(
        shape(t),
        vec![
            (0, 0, 1, 1, "项目名称"),
            (0, 1, 1, 1, "城乡医疗救助"),
            (0, 2, 1, 1, ""),
            (1, 1, 1, 1, "主管部门"),
            (1, 2, 1, 1, "国家医疗保障局"),
            (2, 0, 1, 1, "实施单位"),
            (2, 1, 1, 1, "米易县医疗保障局"),
        ]
    );
}

#[test]
fn legacy_hmerge_extends_the_cell_to_the_left() {
    let body = tbl(&[tr(
        "",
        &[
            tc("<w:hMerge w:val=\"restart\"/>", &p("年度总体目标")),
            tc("<w:hMerge/>", "<w:p/>"),
            cell("完成情况"),
        ],
    )]);
    let doc = read(&body);
    assert_eq!(
        shape(tables(&doc)[0]),
        vec![(0, 0, 1, 2, "年度总体目标"), (0, 2, 1, 1, "完成情况")]
    );
}

#[test]
fn split_runs_stay_one_number() {
    let runs = "<w:p><w:r><w:t>年度资金总额</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>11</w:t></w:r><w:proofErr w:type=\"gramStart\"/><w:r><w:t>46.81</w:t></w:r><w:r><w:t>万元</w:t></w:r></w:p>";
    let body = format!(
        "{runs}{}",
        tbl(&[tr(
            "",
            &[tc(
                "",
                "<w:p><w:r><w:t>10</w:t></w:r><w:r><w:t>78.71</w:t></w:r></w:p>"
            )]
        )])
    );
    let doc = read(&body);
    assert_eq!(paragraphs(&doc), vec!["年度资金总额1146.81万元"]);
    assert_eq!(tables(&doc)[0].cells[0].text, "1078.71");
}

#[test]
fn cell_paragraphs_join_with_newlines_and_stay_out_of_the_body() {
    let body = format!(
        "{}{}{}",
        p("前言"),
        tbl(&[tr(
            "",
            &[
                tc("", &format!("{}<w:p/>{}", p("第一行"), p("第二行"))),
                tc("", "<w:p/>")
            ]
        )]),
        p("结语")
    );
    let doc = read(&body);
    assert_eq!(paragraphs(&doc), vec!["前言", "结语"]);
    assert_eq!(
        shape(tables(&doc)[0]),
        vec![(0, 0, 1, 1, "第一行\n第二行"), (0, 1, 1, 1, "")]
    );
    // Blocks keep document order.
    assert!(matches!(doc.blocks[0], Block::Paragraph(_)));
    assert!(matches!(doc.blocks[1], Block::Table(_)));
    assert!(matches!(doc.blocks[2], Block::Paragraph(_)));
    let idx: Vec<usize> = doc.paragraphs().map(|p| p.index).collect();
    assert_eq!(idx, vec![0, 1]);
}

#[test]
fn tabs_breaks_and_entities() {
    let body = "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr><w:r><w:t>目标值</w:t><w:tab/><w:t>≥95%</w:t><w:br/><w:t>A&amp;B &lt;1&gt; &#x4E00;&#20108;</w:t><w:cr/><w:t>end</w:t></w:r></w:p>";
    let doc = read(body);
    assert_eq!(paragraphs(&doc), vec!["目标值 ≥95%\nA&B <1> 一二\nend"]);
}

#[test]
fn hyperlink_and_smart_tag_text_is_kept() {
    let body = "<w:p><w:r><w:t>详见</w:t></w:r><w:hyperlink r:id=\"rId9\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t>米易县医疗保障局网站</w:t></w:r></w:hyperlink><w:smartTag w:uri=\"urn:schemas-microsoft-com:office:smarttags\" w:element=\"chsdate\"><w:r><w:t>2022年</w:t></w:r></w:smartTag></w:p>";
    let doc = read(body);
    assert_eq!(paragraphs(&doc), vec!["详见米易县医疗保障局网站2022年"]);
}

#[test]
fn field_results_are_kept_and_instructions_dropped() {
    let simple = "<w:p><w:r><w:t>合计</w:t></w:r><w:fldSimple w:instr=\" =SUM(ABOVE) \"><w:r><w:t>1412.75</w:t></w:r></w:fldSimple></w:p>";
    let complex = "<w:p><w:r><w:t>见第</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>页</w:t></w:r></w:p>";
    let doc = read(&format!("{simple}{complex}"));
    assert_eq!(paragraphs(&doc), vec!["合计1412.75", "见第3页"]);
}

#[test]
fn content_controls_are_read() {
    let block = "<w:sdt><w:sdtPr><w:alias w:val=\"单位\"/><w:id w:val=\"1\"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>米易县医疗保障局</w:t></w:r></w:p></w:sdtContent></w:sdt>";
    let inline = "<w:p><w:r><w:t>年度：</w:t></w:r><w:sdt><w:sdtPr><w:date/></w:sdtPr><w:sdtContent><w:r><w:t>2022</w:t></w:r></w:sdtContent></w:sdt></w:p>";
    let cell_level = format!(
        "<w:tbl><w:tr><w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt>{}</w:tr></w:tbl>",
        cell("左"),
        cell("右")
    );
    let doc = read(&format!("{block}{inline}{cell_level}"));
    assert_eq!(paragraphs(&doc), vec!["米易县医疗保障局", "年度：2022"]);
    assert_eq!(
        shape(tables(&doc)[0]),
        vec![(0, 0, 1, 1, "左"), (0, 1, 1, 1, "右")]
    );
}

#[test]
fn tracked_insertions_kept_deletions_dropped() {
    let body = "<w:p><w:r><w:t>执行数</w:t></w:r><w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>1000.00</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>1078.71</w:t></w:r></w:ins><w:moveFrom w:id=\"3\"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:moveTo w:id=\"4\"><w:r><w:t>万元</w:t></w:r></w:moveTo></w:p>";
    let doc = read(body);
    assert_eq!(paragraphs(&doc), vec!["执行数1078.71万元"]);
}

#[test]
fn tracked_cell_property_change_does_not_distort_the_grid() {
    let body = tbl(&[
        tr(
            "",
            &[
                tc(
                    "<w:tcPrChange w:id=\"1\"><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr></w:tcPrChange>",
                    &p("a"),
                ),
                cell("b"),
            ],
        ),
    ]);
    let doc = read(&body);
    assert_eq!(
        shape(tables(&doc)[0]),
        vec![(0, 0, 1, 1, "a"), (0, 1, 1, 1, "b")]
    );
}

fn text_box(text: &str) -> String {
    format!(
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
        p(text),
        p(text)
    )
}

#[test]
fn text_box_is_read_once_after_its_paragraph() {
    let body = format!(
        "<w:p><w:r><w:t>附件：</w:t></w:r>{}<w:r><w:t>自评表</w:t></w:r></w:p>{}",
        text_box("米易县转移支付区域绩效自评表"),
        p("正文")
    );
    let doc = read(&body);
    assert_eq!(
        paragraphs(&doc),
        vec!["附件：自评表", "米易县转移支付区域绩效自评表", "正文"]
    );
}

#[test]
fn text_box_in_a_cell_adds_a_line_to_the_cell() {
    let content = format!("<w:p><w:r><w:t>备注</w:t></w:r>{}</w:p>", text_box("盖章"));
    let doc = read(&tbl(&[tr("", &[tc("", &content)])]));
    assert!(paragraphs(&doc).is_empty());
    assert_eq!(tables(&doc)[0].cells[0].text, "备注\n盖章");
}

#[test]
fn vml_text_box_without_alternate_content_is_read() {
    let body = "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>旧式文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>";
    let doc = read(body);
    assert_eq!(paragraphs(&doc), vec!["旧式文本框"]);
}

#[test]
fn nested_table_follows_its_parent_and_is_not_copied_into_the_cell() {
    let inner = tbl(&[
        tr("", &[cell("内1"), cell("内2")]),
        tr("", &[cell("内3"), cell("内4")]),
    ]);
    let body = format!(
        "{}{}",
        tbl(&[
            tr(
                "",
                &[
                    cell("外"),
                    tc("", &format!("{}{inner}{}", p("上"), p("下")))
                ]
            ),
            tr("", &[cell("尾1"), cell("尾2")]),
        ]),
        tbl(&[tr("", &[cell("后表")])])
    );
    let doc = read(&body);
    let ts = tables(&doc);
    assert_eq!(ts.len(), 3);
    assert_eq!(
        shape(ts[0]),
        vec![
            (0, 0, 1, 1, "外"),
            (0, 1, 1, 1, "上\n下"),
            (1, 0, 1, 1, "尾1"),
            (1, 1, 1, 1, "尾2"),
        ]
    );
    assert_eq!(
        shape(ts[1]),
        vec![
            (0, 0, 1, 1, "内1"),
            (0, 1, 1, 1, "内2"),
            (1, 0, 1, 1, "内3"),
            (1, 1, 1, 1, "内4"),
        ]
    );
    assert_eq!(shape(ts[2]), vec![(0, 0, 1, 1, "后表")]);
    let idx: Vec<usize> = ts.iter().map(|t| t.index).collect();
    assert_eq!(idx, vec![0, 1, 2]);
}

#[test]
fn huge_table_is_cut_at_max_rows_with_an_issue() {
    let row = tr("", &[cell("指标"), cell("98%")]);
    let mut body = String::with_capacity(row.len() * 100_000 + 64);
    body.push_str("<w:tbl>");
    for _ in 0..100_000 {
        body.push_str(&row);
    }
    body.push_str("</w:tbl>");
    body.push_str(&p("表后"));
    let limits = Limits {
        max_rows: 50,
        ..Limits::default()
    };
    let started = std::time::Instant::now();
    let doc = read_with(&body, &limits);
    let elapsed = started.elapsed();
    let t = tables(&doc)[0];
    assert_eq!((t.n_rows, t.n_cols), (50, 2));
    assert_eq!(t.cells.len(), 100);
    assert_eq!(paragraphs(&doc), vec!["表后"]);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].code, "limit.rows");
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
}

#[test]
fn cells_paragraphs_and_depth_limits_keep_what_was_read() {
    let limits = Limits {
        max_cells: 3,
        max_paragraphs: 2,
        max_depth: 12,
        ..Limits::default()
    };
    let deep = format!(
        "<w:p><w:r><w:t>浅</w:t></w:r>{}{}</w:p>",
        "<w:customXml>".repeat(20),
        "</w:customXml>".repeat(20)
    );
    let body = format!(
        "{}{}{}{}{deep}",
        tbl(&[
            tr("", &[cell("1"), cell("2")]),
            tr("", &[cell("3"), cell("4")])
        ]),
        p("一"),
        p("二"),
        p("三"),
    );
    let doc = read_with(&body, &limits);
    assert_eq!(
        shape(tables(&doc)[0]),
        vec![(0, 0, 1, 1, "1"), (0, 1, 1, 1, "2"), (1, 0, 1, 1, "3")]
    );
    assert_eq!(paragraphs(&doc), vec!["一", "二"]);
    let codes: Vec<&str> = doc.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["limit.cells", "limit.paragraphs", "limit.depth"]
    );
}

#[test]
fn damaged_xml_is_a_damaged_docx() {
    let bad = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        (
            "word/document.xml",
            b"<w:document><w:body><w:p><w:r><w:t>x</w:t></w:p></w:body></w:document>",
        ),
    ]);
    let err = DocxReader.read(&bad, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, ReadError::Damaged { format: "docx", .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "docx.damaged");

    let truncated = zip_of(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r>",
    )]);
    let err = DocxReader.read(&truncated, &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "docx.damaged");

    let no_body = zip_of(&[("word/styles.xml", b"<w:styles/>")]);
    let err = DocxReader.read(&no_body, &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "docx.damaged");

    let err = DocxReader
        .read(b"PK\x03\x04 not really a zip", &Limits::default())
        .unwrap_err();
    assert_eq!(err.code(), "docx.damaged");

    let mut cut = docx(&p("完整"));
    cut.truncate(cut.len() / 2);
    assert!(DocxReader.read(&cut, &Limits::default()).is_err());
}

#[test]
fn sniffed_as_docx_and_read_through_read_bytes() {
    let bytes = docx(&p("关于2022年医疗救助资金绩效目标报告"));
    assert_eq!(sniff(&bytes).unwrap(), Format::Docx);
    assert_eq!(DocxReader.format(), Format::Docx);
    let doc = read_bytes(&bytes, &Limits::default()).unwrap();
    assert_eq!(doc.format, Format::Docx);
    assert_eq!(paragraphs(&doc), vec!["关于2022年医疗救助资金绩效目标报告"]);
    assert!(doc.issues.is_empty());
}

#[test]
fn document_without_namespace_declarations_is_still_read() {
    let xml =
        "<w:document><w:body><w:p><w:r><w:t>无命名空间</w:t></w:r></w:p></w:body></w:document>";
    let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
    let doc = DocxReader.read(&bytes, &Limits::default()).unwrap();
    assert_eq!(paragraphs(&doc), vec!["无命名空间"]);
}

#[test]
fn python_docx_fixture() {
    // Made by scripts/make_docx_fixtures.py with python-docx.
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/docx/selfeval_python_docx.docx"
    ))
    .unwrap();
    assert_eq!(sniff(&bytes).unwrap(), Format::Docx);
    let doc = read_bytes(&bytes, &Limits::default()).unwrap();
    assert!(doc.issues.is_empty());
    assert_eq!(
        paragraphs(&doc),
        vec![
            "米易县转移支付区域（项目）绩效支出目标自评表",
            "（2022年度）",
            "米易县共下达医疗救助资金1412.75万元。",
        ]
    );
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!((t.n_rows, t.n_cols), (6, 5));
    assert_eq!(
        shape(t),
        vec![
            (0, 0, 1, 1, "项目名称"),
            (0, 1, 1, 4, "城乡医疗救助"),
            (1, 0, 4, 1, "年度资金（万元）"),
            (1, 1, 1, 1, ""),
            (1, 2, 1, 1, "预算数（A）"),
            (1, 3, 1, 1, "执行数（B）"),
            (1, 4, 1, 1, "执行率（B/A）"),
            (2, 1, 1, 1, "年度资金总额"),
            (2, 2, 1, 1, "1146.81"),
            (2, 3, 1, 1, "1078.71"),
            (2, 4, 1, 1, "94.06%"),
            (3, 1, 1, 1, "其中：中央补助"),
            (3, 2, 1, 1, "756.03"),
            (3, 3, 1, 1, "683.18"),
            (3, 4, 1, 1, "90.36%"),
            (4, 1, 1, 1, "其他资金"),
            (4, 2, 1, 1, "390.78"),
            (4, 3, 1, 1, "395.53"),
            (4, 4, 1, 1, "101.22%"),
            (5, 0, 1, 1, "年度总体目标"),
            (5, 1, 1, 4, "保障困难群众基本医疗权益\n减轻医疗费用负担"),
        ]
    );
}

#[test]
fn time_limit_keeps_what_was_read_with_an_issue() {
    let row = tr("", &[cell("指标"), cell("98%")]);
    let body = format!("<w:tbl>{}</w:tbl>", row.repeat(100_000));
    let limits = Limits {
        max_millis: 0,
        ..Limits::default()
    };
    let doc = read_with(&body, &limits);
    let codes: Vec<&str> = doc.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, vec!["limit.millis"]);
    // The table open when the clock ran out is still delivered, row by row.
    let t = tables(&doc)[0];
    assert!(t.n_rows > 0 && t.n_rows < 100_000, "{} rows", t.n_rows);
    assert_eq!(t.n_cols, 2);
    assert!(t.cells.iter().all(|c| c.text == "指标" || c.text == "98%"));
}

#[test]
fn table_in_a_text_box_follows_the_anchoring_paragraph() {
    let inner = tbl(&[tr("", &[cell("框中表")])]);
    let body = format!(
        "<w:p><w:r><w:t>锚</w:t></w:r><w:r><w:drawing><wps:txbx><w:txbxContent>{inner}<w:p/></w:txbxContent></wps:txbx></w:drawing></w:r></w:p>{}",
        p("后")
    );
    let doc = read(&body);
    let kinds: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text.clone(),
            Block::Table(t) => format!("table:{}", t.cells[0].text),
        })
        .collect();
    assert_eq!(kinds, vec!["锚", "table:框中表", "后"]);
}

#[test]
fn many_paragraphs_are_numbered_in_order() {
    let body: String = (0..50_000).map(|i| p(&i.to_string())).collect();
    let started = std::time::Instant::now();
    let doc = read(&body);
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(doc.paragraphs().count(), 50_000);
    assert!(doc
        .paragraphs()
        .enumerate()
        .all(|(i, p)| p.index == i && p.text == i.to_string()));
}

#[test]
fn every_truncation_of_document_xml_fails_cleanly() {
    let body = format!(
        "{}{}{}",
        p("前言&amp;"),
        tbl(&[
            tr(
                "<w:gridBefore w:val=\"1\"/>",
                &[tc(
                    "<w:vMerge w:val=\"restart\"/><w:gridSpan w:val=\"2\"/>",
                    &p("甲")
                )]
            ),
            tr("", &[tc("<w:vMerge/>", "<w:p/>"), cell("乙")]),
        ]),
        text_box("框")
    );
    let xml = document_xml(&body);
    for cut in 0..xml.len() {
        if !xml.is_char_boundary(cut) {
            continue;
        }
        let bytes = zip_of(&[("word/document.xml", &xml.as_bytes()[..cut])]);
        // Either an error or a document; never a panic.
        let _ = DocxReader.read(&bytes, &Limits::default());
    }
}

mod soup {
    use super::*;
    use proptest::prelude::*;

    const OPEN: &[&str] = &[
        "<w:p>",
        "<w:r>",
        "<w:t>",
        "<w:tbl>",
        "<w:tr>",
        "<w:tc>",
        "<w:tcPr>",
        "<w:trPr>",
        "<w:txbxContent>",
        "<mc:Fallback>",
        "<w:sdtContent>",
        "<w:del>",
        "<w:hyperlink>",
    ];
    const EMPTY: &[&str] = &[
        "<w:vMerge/>",
        "<w:vMerge w:val=\"restart\"/>",
        "<w:gridSpan w:val=\"3\"/>",
        "<w:gridSpan w:val=\"99999999999999999999\"/>",
        "<w:gridBefore w:val=\"2\"/>",
        "<w:hMerge/>",
        "<w:fldChar w:fldCharType=\"begin\"/>",
        "<w:fldChar w:fldCharType=\"separate\"/>",
        "<w:fldChar w:fldCharType=\"end\"/>",
        "<w:tab/>",
        "<w:br/>",
        "<w:p/>",
        "<w:tc/>",
        "<w:tr/>",
        "1146.81",
        "&amp;",
    ];

    /// Well-formed XML from a random walk over the elements the reader treats
    /// specially, nested in any order.
    fn soup(ops: &[(u8, u8)]) -> String {
        let mut out = String::new();
        let mut open: Vec<&str> = Vec::new();
        for &(op, pick) in ops {
            match op % 3 {
                0 => {
                    let tag = OPEN[pick as usize % OPEN.len()];
                    out.push_str(tag);
                    open.push(tag);
                }
                1 => out.push_str(EMPTY[pick as usize % EMPTY.len()]),
                _ => {
                    if let Some(tag) = open.pop() {
                        out.push_str(&tag.replacen('<', "</", 1));
                    }
                }
            }
        }
        while let Some(tag) = open.pop() {
            out.push_str(&tag.replacen('<', "</", 1));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_nesting_reads_without_panic(ops in proptest::collection::vec((0u8..6, 0u8..255), 0..200)) {
            let limits = Limits { max_depth: 16, max_rows: 5, max_cells: 20, ..Limits::default() };
            let doc = read_with(&soup(&ops), &limits);
            for t in doc.tables() {
                prop_assert!(t.n_cols <= 256);
                for c in &t.cells {
                    prop_assert!(c.row_span >= 1 && c.col_span >= 1);
                    prop_assert!(c.row + c.row_span <= t.n_rows);
                }
            }
        }
    }
}

#[test]
fn oversized_document_xml_is_refused_by_the_zip_limits() {
    let bytes = docx(&p(&"一".repeat(5_000)));
    let limits = Limits {
        max_entry_bytes: 4_096,
        ..Limits::default()
    };
    let err = DocxReader.read(&bytes, &limits).unwrap_err();
    assert_eq!(err.code(), "limit.zip_entry_bytes");
}
