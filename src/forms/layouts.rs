//! One small fixture per layout class the interpreter reads, written as grids:
//! cells separated by `|`, `text[RxC]` a cell spanning R rows and C columns, `^` a
//! position covered from above, `<` one covered from the left, `P: …` a paragraph.
//! The wording is of the class, not of any one real form.

use crate::model::{Cell, Document, Format, Table, Typed};
use crate::normalize::Patterns;
use crate::record::Report;
use crate::value::Op;

use super::{interpret, Interpretation};

fn parse_cell(s: &str) -> (String, usize, usize) {
    let s = s.trim();
    if let Some(open) = s.rfind('[') {
        if let Some((r, c)) = s[open + 1..].trim_end_matches(']').split_once('x') {
            if let (Ok(r), Ok(c)) = (r.parse(), c.parse()) {
                return (s[..open].replace('⏎', "\n"), r, c);
            }
        }
    }
    (s.replace('⏎', "\n"), 1, 1)
}

fn table(rows: &[&str]) -> Table {
    let mut cells = Vec::new();
    for (r, line) in rows.iter().enumerate() {
        for (c, raw) in line.split('|').enumerate() {
            let t = raw.trim();
            if t == "^" || t == "<" {
                continue;
            }
            let (text, rs, cs) = parse_cell(t);
            let mut cell = Cell::new(r, c, text);
            cell.row_span = rs;
            cell.col_span = cs;
            cells.push(cell);
        }
    }
    Table::from_cells(0, cells)
}

/// A document of paragraphs (`P: …`) and tables (runs of grid lines).
fn doc_of(format: Format, lines: &[&str]) -> Document {
    let mut doc = Document::new(format);
    let mut grid: Vec<&str> = Vec::new();
    let flush = |doc: &mut Document, grid: &mut Vec<&str>| {
        if !grid.is_empty() {
            doc.push_table(table(grid));
            grid.clear();
        }
    };
    for l in lines {
        match l.strip_prefix("P: ") {
            Some(p) => {
                flush(&mut doc, &mut grid);
                doc.push_paragraph(p.to_string(), None, None);
            }
            None => grid.push(l),
        }
    }
    flush(&mut doc, &mut grid);
    doc
}

fn read(lines: &[&str]) -> Interpretation {
    interpret(&doc_of(Format::Docx, lines), &Patterns::builtin())
}

fn names(r: &Report) -> Vec<&str> {
    r.indicators.iter().map(|i| i.name.as_str()).collect()
}

fn lines(r: &Report) -> Vec<(Option<&str>, Option<f64>, Option<f64>)> {
    r.funds
        .iter()
        .map(|f| (f.line.as_deref(), f.budget, f.executed))
        .collect()
}

#[test]
fn a_fund_title_cell_naming_the_amount_column_is_a_title() {
    let i = read(&[
        "预算执行情况（10分）⏎年度预算数（万元）[4x1] | [1x2] | < | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分",
        "^ | 总额[1x2] | < | 90 | 100 | 96 | 96.00% | 10 | 9.6",
        "^ | 其中：财政资金[1x2] | < | 90 | 100 | 96 | 96.00% | / | /",
        "^ | 单位资金[1x2] | < | 0.00 | 0.00 | 0.00 | 0.00% | / | /",
    ]);
    let r = &i.reports[0];
    assert_eq!(
        lines(r),
        vec![
            (Some("total"), Some(100.0), Some(96.0)),
            (Some("appropriation"), Some(100.0), Some(96.0)),
            (Some("unit_own"), Some(0.0), Some(0.0)),
        ]
    );
    assert_eq!(r.funds[0].initial, Some(90.0));
    assert_eq!(
        (r.funds[0].weight, r.funds[0].score),
        (Some(10.0), Some(9.6))
    );
    assert!(i.issues.is_empty());
}

#[test]
fn a_budget_column_whose_heading_is_unreadable_is_found_by_the_rate() {
    // The budget heading lost (a seal over it, garbled by OCR; or blank): the
    // column whose figures give B/A = the stated rate is the budget, row by row.
    for lost in ["全年λ", "", "预▒▒"] {
        let header = format!(
            "项目资金（万元）[4x1] | [1x2] | < | 年初预算数 | {lost} | 全年执行数 | 分值 | 执行率 | 得分"
        );
        let i = read(&[
            header.as_str(),
            "^ | 年度资金总额[1x2] | < | | 80.00 | 72.50 | 10 | 91% | 9",
            "^ | 其中：当年财政拨款[1x2] | < | | 80.00 | 72.50 | — | 91% | —",
            "^ | 其他资金[1x2] | < | 5.00 | 7.00 | 1.00 | — | 14% | —",
        ]);
        let r = &i.reports[0];
        assert_eq!(
            lines(r),
            vec![
                (Some("total"), Some(80.0), Some(72.5)),
                (Some("appropriation"), Some(80.0), Some(72.5)),
                (Some("other"), Some(7.0), Some(1.0)),
            ],
            "heading {lost:?}"
        );
        assert_eq!(r.funds[2].initial, Some(5.0));
    }
    // A figure that does not give the stated rate is no budget: the line keeps
    // what its named columns say.
    let i = read(&[
        "项目资金（万元）[2x1] | [1x2] | < | 上年结转 | 全年执行数 | 执行率",
        "^ | 年度资金总额[1x2] | < | 30.00 | 72.50 | 91% |",
    ]);
    let f = &i.reports[0].funds[0];
    assert_eq!((f.budget, f.executed), (None, Some(72.5)));
}

const IND_HEADER: &str =
    "绩效指标[5x1] | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因";
const IND_HEADER_3: &str =
    "绩效指标[3x1] | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因";

#[test]
fn level_labels_with_points_and_spaces_are_levels() {
    let i = read(&[
        IND_HEADER,
        "^ | 产出指标（40分）[2x1] | 数量指标 | 修缮校舍面积 | ≥2000平方米 | 2100平方米 | 20 | 20 | ",
        "^ | ^ | 质量指标等 | 工程验收合格率 | 100% | 100% | 20 | 20 | ",
        "^ | 投 入（15分） | 资金管理 | 资金使用合规性 | 合规 | 合规 | 15 | 15 | ",
        "^ | 效益指标（30分） | 社会效益指标 | 学生安全保障水平 | 明显提高 | 明显提高 | 30 | 28 | ",
    ]);
    let r = &i.reports[0];
    assert_eq!(
        names(r),
        vec![
            "修缮校舍面积",
            "工程验收合格率",
            "资金使用合规性",
            "学生安全保障水平"
        ]
    );
    let l = &r.indicators;
    assert_eq!(l[1].level1.as_deref(), Some("产出指标（40分）"));
    assert_eq!(l[1].level2.as_deref(), Some("质量指标等"));
    assert_eq!(l[2].level1.as_deref(), Some("投入（15分）"));
    assert_eq!(l[0].target.raw, "≥2000平方米");
    assert_eq!((l[3].weight, l[3].score), (Some(30.0), Some(28.0)));
}

#[test]
fn a_flat_list_with_one_name_column() {
    let i = read(&[
        "P: 某局2023年度部门整体支出绩效自评表",
        "绩效指标[3x1] | 指标名称 | 年初指标值 | 全年完成值 | 指标权重（分） | 指标得分（分） | 说明",
        "^ | 城区绿化养护面积 | 120 | 126 | 10 | 10 | ",
        "^ | 病虫害发生率 | 0.5 | 0.2 | 10 | 10 | ",
    ]);
    let r = &i.reports[0];
    assert_eq!(names(r), vec!["城区绿化养护面积", "病虫害发生率"]);
    let l = &r.indicators;
    assert_eq!(
        (l[0].target.raw.as_str(), l[0].actual.raw.as_str()),
        ("120", "126")
    );
    assert_eq!((l[0].weight, l[0].score), (Some(10.0), Some(10.0)));
    assert_eq!(l[0].level1, None);
    // an incident rate below its bare target has met it
    assert_eq!(l[1].met, Some(true));
}

#[test]
fn a_scoring_rubric_has_indicator_rows_without_targets() {
    let i = read(&[
        "序号[4x1] | 一级⏎指标 | 二级⏎指标 | 三级⏎指标 | 指标分值 | 评分标准 | 自评得分",
        "^ | 决策⏎（20分）[3x1] | 项目立项⏎（8分）[2x1] | 立项依据⏎充分性 | 4 | 依据充分得满分 | 4",
        "^ | ^ | ^ | 立项程序⏎规范性 | 4 | 程序规范得满分 | 3",
        "^ | ^ | 绩效目标⏎（6分） | 绩效目标⏎合理性 | 6 | 目标合理得满分 | 6",
        "合计[1x4] | < | < | < | 14 |  | 13",
    ]);
    let r = &i.reports[0];
    assert_eq!(r.indicators.len(), 3);
    let l = &r.indicators;
    assert_eq!(l[1].name, "立项程序\n规范性");
    assert_eq!(l[1].level2.as_deref(), Some("项目立项（8分）"));
    assert_eq!((l[1].weight, l[1].score), (Some(4.0), Some(3.0)));
    assert_eq!((l[1].target.op, l[1].actual.op), (Op::Text, Op::Text));
    assert_eq!(l[1].target.raw, "");
    assert_eq!(r.total_score, Some(13.0));
}

#[test]
fn generic_level_headings_left_of_the_names() {
    let i = read(&[
        "[3x1] | 项目 | 考核内容 | 考核指标 | 年度工作目标 | 权数 | 考评得分",
        "^ | 预算管理（40分）[2x1] | 预算编制 | 预算编制准确率 | ≥95% | 20 | ",
        "^ | ^ | 结转结余 | 结转结余率 | ≤5% | 20 | ",
    ]);
    let r = &i.reports[0];
    assert_eq!(names(r), vec!["预算编制准确率", "结转结余率"]);
    assert_eq!(r.indicators[1].level1.as_deref(), Some("预算管理（40分）"));
    assert_eq!(r.indicators[1].level2.as_deref(), Some("结转结余"));
    assert_eq!(r.indicators[1].target.op, Op::Le);
    assert_eq!(r.indicators[1].weight, Some(20.0));
}

#[test]
fn a_target_split_over_sign_value_and_unit_is_joined() {
    let i = read(&[
        "绩效指标（90分）[4x1] | 一级指标 | 二级指标 | 三级指标 | 符号 | 指标值 | 度量单位 | 完成值 | 权重 | 得分",
        "^ | 产出指标 | 成本指标 | 宣传印刷成本 | ≤ | 36000 | 元 | 35000元 | 10 | 10",
        "^ | 产出指标 | 时效指标 | 补贴发放及时率 | = | 100 | % | 100% | 10 | 10",
        "^ | 效益指标 | 可持续影响指标 | 管理制度健全性 | 定性 | 优良中低差 |  | 优 | 10 | 10",
        "合计[1x8] | < | < | < | < | < | < | < | 30 | 30",
    ]);
    let l = &i.reports[0].indicators;
    assert_eq!(l.len(), 3);
    assert_eq!(l[0].target.raw, "≤36000元");
    assert_eq!(
        (
            l[0].target.op,
            l[0].target.value,
            l[0].target.unit.as_deref()
        ),
        (Op::Le, Some(36000.0), Some("元"))
    );
    assert_eq!(l[0].met, Some(true));
    assert_eq!(l[1].target.raw, "=100%");
    assert_eq!(l[1].target.unit.as_deref(), Some("%"));
    assert_eq!(l[2].target.raw, "优良中低差");
    assert_eq!(i.reports[0].total_score, Some(30.0));
}

#[test]
fn an_unheaded_amount_column_under_a_block_title() {
    let i = read(&[
        "项目名称 | 乡村道路硬化[1x3] | < | <",
        "资金来源（万元）[5x1] | [1x2] | < | ",
        "^ | 合计[1x2] | < | 300",
        "^ | 中央财政[1x2] | < | 180",
        "^ | 区财政[1x2] | < | ",
        "^ | 本级资金[1x2] | < | 120",
        "绩效指标[2x1] | 一级指标 | 三级指标 | 指标值",
        "^ | 产出指标 | 硬化道路长度 | ≥5公里",
    ]);
    let r = &i.reports[0];
    assert_eq!(
        lines(r),
        vec![
            (Some("total"), Some(300.0), None),
            (Some("central"), Some(180.0), None),
            (Some("county"), Some(120.0), None),
        ]
    );
    assert_eq!(r.money_unit.as_deref(), Some("万元"));
    assert_eq!(names(r), vec!["硬化道路长度"]);
}

#[test]
fn titled_blocks_side_by_side_merge_by_line() {
    let i = read(&[
        "计划安排资金（万元） | 90 | 实际到位资金（万元） | 90 | 实际支出（万元） | 95.5",
        "其中：中央财政 |  | 其中：中央财政 |  | 其中：中央财政 | ",
        "省财政 | 60 | 省财政 | 60 | 省财政 | 60",
        "市财政 | 30 | 市财政 | 30 | 市财政 | 30",
        "其它 |  | 其它 |  | 其它 | 5.5",
        "支出内容 | 实际支出数 | 会计凭证号 | 备注[1x3] | < | <",
        "慰问金 | 95.5 | 3号凭证 | [1x3] | < | <",
    ]);
    let r = &i.reports[0];
    assert_eq!(
        lines(r),
        vec![
            (Some("total"), Some(90.0), Some(95.5)),
            (Some("provincial"), Some(60.0), Some(60.0)),
            (Some("municipal"), Some(30.0), Some(30.0)),
            (Some("other"), None, Some(5.5)),
        ]
    );
    assert_eq!(r.funds[0].rate, Some(106.11));
    assert!(r.funds[0].rate_computed);
}

#[test]
fn plan_and_spending_columns_with_lines_by_level() {
    let i = read(&[
        "项目资金[6x1] | [1x2] | < | 计划安排资金（万元） | 实际支出（万元）",
        "^ | 合计[1x2] | < | 170 | 179.6",
        "^ | 其中：中央财政[1x2] | < |  | ",
        "^ | 省财政[1x2] | < | 170 | 170",
        "^ | 县财政[1x2] | < |  | ",
        "^ | 其它[1x2] | < |  | 9.6",
        "实际到位资金（万元） | 170 | 其中：省财政 | 170 | 其它",
        "结余（万元） | 0[1x4] | < | < | <",
    ]);
    assert_eq!(
        lines(&i.reports[0]),
        vec![
            (Some("total"), Some(170.0), Some(179.6)),
            (Some("provincial"), Some(170.0), Some(170.0)),
            (Some("other"), None, Some(9.6)),
        ]
    );
}

#[test]
fn an_unknown_line_with_empty_cells_does_not_end_the_block() {
    let i = read(&[
        "资金投入情况（万元）[6x1] | [1x2] | < | 全年预算数（A） | 全年执行数（B） | 预算执行率（B/A）",
        "^ | 年度资金总额：[1x2] | < | 500 | 450 | 90% ",
        "^ | 其中：中央补助[1x2] | < | 400 | 400 | 100%",
        "^ | 市县配套资金[1x2] | < |  |  | ",
        "^ | 地方资金[1x2] | < | 100 | 50 | 50%",
        "^ | 其他资金[1x2] | < |  |  | ",
    ]);
    let got: Vec<_> = i.reports[0]
        .funds
        .iter()
        .map(|f| f.line.as_deref())
        .collect();
    assert_eq!(got, vec![Some("total"), Some("central"), Some("local")]);
}

#[test]
fn closing_rows_are_not_indicators() {
    let i = read(&[
        IND_HEADER_3,
        "^ | 产出指标 | 数量指标 | 培训人次 | ≥500人次 | 520人次 | 50 | 50 | ",
        "^ | 满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥90% | 95% | 40 | 40 | ",
        "合计[1x6] | < | < | < | < | < | 90 | 90 | ",
        "自评等级 | 优[1x8] | < | < | < | < | < | < | <",
        "评价结论 | 完成良好。[1x8] | < | < | < | < | < | < | <",
        "存在问题 | 无[1x8] | < | < | < | < | < | < | <",
        "改进措施 | 无[1x8] | < | < | < | < | < | < | <",
        "项目负责人：[1x4] | < | < | < | 联系电话：[1x5] | < | < | < | <",
        "填报人 | 张三 | 填报日期 | 2024年1月[1x6] | < | < | < | < | <",
    ]);
    let r = &i.reports[0];
    assert_eq!(names(r), vec!["培训人次", "学员满意度"]);
    assert_eq!(r.total_score, Some(90.0));
}

#[test]
fn names_map_through_place_prefixes_and_catalogue_stems() {
    let i = read(&[
        "绩效指标[4x1] | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值",
        "^ | 产出指标 | 数量指标 | 全市参合人数 | ≥80000人 | 81000人",
        "^ | 产出指标 | 时效指标 | 困难群众救助金发放及时率 | 100% | 100%",
        "^ | 产出指标 | 质量指标 | 资金使用有效性 | 有效 | 有效",
        "^ | 满意度指标 | 服务对象满意度指标 | 是否满意 | 95% | 96%",
    ]);
    let c: Vec<_> = i.reports[0]
        .indicators
        .iter()
        .map(|x| x.canonical.as_deref())
        .collect();
    assert_eq!(
        c,
        vec![
            Some("ri.enrolled_persons"),
            Some("common.funds_timeliness"),
            None,
            Some("common.satisfaction")
        ]
    );
    assert_eq!(i.reports[0].indicators[2].name, "资金使用有效性");
}

#[test]
fn a_block_recognised_but_not_read_is_reported() {
    let i = read(&[
        "项目名称 | 某项目[1x5] | < | < | < | <",
        "预算执行情况（10分）[1x1] | [1x1] | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率",
    ]);
    assert_eq!(i.issues.len(), 1);
    assert_eq!(i.issues[0].code, "form.unread");
    assert!(
        i.issues[0].message.starts_with("table 1 row 2: fund block"),
        "{}",
        i.issues[0].message
    );
    let i = read(&[
        "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值",
        "说明 | 无[1x5] | < | < | < | <",
    ]);
    assert_eq!(i.issues.len(), 1);
    assert!(i.issues[0].message.contains("indicator block"));
    // a complete form leaves nothing to report
    let i = read(&[
        IND_HEADER,
        "^ | 产出指标 | 数量指标 | 培训人次 | ≥500 | 520 | 50 | 50 | ",
    ]);
    assert!(i.issues.is_empty());
}

#[test]
fn xls_fractions_of_ratios_show_as_percents() {
    let mut doc = doc_of(
        Format::Xls,
        &[
            "绩效指标[4x1] | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值",
            "^ | 产出指标 | 质量指标 | 苗木成活率 | 0.9 | 0.95",
            "^ | 产出指标 | 数量指标 | 植树面积 | 1 | 1",
            "^ | 产出指标 | 质量指标 | 森林火灾受害率 | 0.9 | 0.2",
        ],
    );
    if let Some(crate::model::Block::Table(t)) = doc.blocks.first_mut() {
        for c in t.cells.iter_mut().filter(|c| c.row > 0 && c.col >= 4) {
            c.typed = c.text.parse().ok().map(Typed::Number);
        }
    }
    let i = interpret(&doc, &Patterns::builtin());
    let raw: Vec<_> = i.reports[0]
        .indicators
        .iter()
        .map(|x| (x.target.raw.as_str(), x.actual.raw.as_str()))
        .collect();
    assert_eq!(raw, vec![("90%", "95%"), ("1", "1"), ("0.9", "0.2")]);
}

#[test]
fn totals_beside_titles_give_way_to_the_fund_table() {
    let i = read(&[
        "项目名称 | 河道清淤[1x4] | < | < | <",
        "预算金额（万元） | 50 | 实际支出（万元） | 48[1x2] | <",
        "项目资金（万元）[3x1] | [1x2] | < | 全年预算数 | 全年执行数 | 执行率",
        "^ | 年度资金总额[1x2] | < | 50 | 48 | 96%",
        "^ | 其中：财政拨款[1x2] | < | 50 | 48 | 96%",
    ]);
    assert_eq!(i.reports.len(), 1);
    assert_eq!(
        lines(&i.reports[0]),
        vec![
            (Some("total"), Some(50.0), Some(48.0)),
            (Some("appropriation"), Some(50.0), Some(48.0)),
        ]
    );
}

#[test]
fn a_score_row_states_its_score_beside_its_label() {
    let i = read(&[
        IND_HEADER_3,
        "^ | 产出指标（数量） | 数量指标 | 走访慰问户数 | ≥200户 | 230户 | 60 | 60 | ",
        "^ | 效益指标（社会） | 社会效益指标 | 困难群众生活改善程度 | 明显改善 | 明显改善 | 30 | 27 | ",
        "自评得分 | 87[1x3] | < | < | 自评等级 | 良[1x4] | < | < | <",
    ]);
    let r = &i.reports[0];
    assert_eq!(names(r), vec!["走访慰问户数", "困难群众生活改善程度"]);
    assert_eq!(r.indicators[1].level1.as_deref(), Some("效益指标（社会）"));
    assert_eq!(r.total_score, Some(87.0));
}

#[test]
fn thousands_of_empty_blocks_give_a_bounded_list() {
    let mut rows = Vec::new();
    for _ in 0..500 {
        rows.push("绩效指标 | 一级指标 | 三级指标 | 指标值 | 完成值");
        rows.push("说明 | 无[1x4] | < | < | <");
    }
    let started = std::time::Instant::now();
    let i = read(&rows);
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(i.issues.len(), 21);
    assert_eq!(i.issues[20].message, "480 more blocks could not be read");
}

#[test]
fn a_block_continued_in_the_next_table_under_a_repeated_header_is_read() {
    let mut doc = doc_of(
        Format::Docx,
        &[
            IND_HEADER_3,
            "^ | 产出指标 | 数量指标 | 培训人次 | ≥500人次 | 520人次 | 50 | 50 | ",
        ],
    );
    let next = table(&[
        IND_HEADER_3,
        "^ | 满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥90% | 95% | 40 | 40 | ",
    ]);
    doc.push_table(next);
    let i = interpret(&doc, &Patterns::builtin());
    assert_eq!(i.reports.len(), 1);
    assert_eq!(names(&i.reports[0]), vec!["培训人次", "学员满意度"]);
    assert!(i.issues.is_empty(), "{:?}", i.issues);
}

#[test]
fn rubric_text_that_mentions_headings_is_not_a_header() {
    let i = read(&[
        "序号[3x1] | 一级指标 | 二级指标 | 三级指标 | 分值 | 指标解释 | 评分标准 | 自评得分",
        "^ | 决策（20分）[2x1] | 绩效目标（8分）[2x1] | 绩效目标明确性 | 4 | 考核指标是否细化 | 目标值明确得满分 | 4",
        "^ | ^ | ^ | 绩效指标合理性 | 4 | 考核指标与任务匹配 | 目标值合理得满分 | 3",
    ]);
    assert_eq!(i.reports.len(), 1);
    assert_eq!(
        names(&i.reports[0]),
        vec!["绩效目标明确性", "绩效指标合理性"]
    );
}

#[test]
fn prose_about_the_budget_is_not_a_fund_header() {
    let i = read(&[
        "资金投入情况（万元）[3x1] | [1x2] | < | 全年预算数（A） | 全年执行数（B） | 预算执行率（B/A）",
        "^ | 年度资金总额：[1x2] | < | 200 | 200 | 100%",
        "^ | 其中：中央补助[1x2] | < | 200 | 200 | 100%",
        "资金管理情况[3x1] | [1x2] | < | 情况说明[1x2] | < | 存在问题和改进措施",
        "^ | 执行准确性[1x2] | < | 全年预算数与下达数一致，未作调整，执行进度按月通报[1x2] | < | 预算执行率达到序时进度要求，无偏差需要说明",
        "^ | 使用规范性[1x2] | < | 按规定使用[1x2] | < | 无",
        "绩效指标[2x1] | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值",
        "^ | 产出指标 | 数量指标 | 培训人次 | ≥500人次 | 520人次",
    ]);
    assert_eq!(i.reports.len(), 1);
    assert_eq!(i.reports[0].funds.len(), 2);
    assert_eq!(names(&i.reports[0]), vec!["培训人次"]);
}

#[test]
fn an_unusual_level_label_beside_a_name_is_a_level() {
    let i = read(&[
        "绩效指标[3x1] | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值",
        "^ | 效益指标 | 可持续发展影响 | 设施长效管护机制 | 建立 | 已建立",
        "^ | 效益指标 | 社会效益指标 | 受益农户数 | ≥300户 | 320户",
    ]);
    let l = &i.reports[0].indicators;
    assert_eq!(names(&i.reports[0]), vec!["设施长效管护机制", "受益农户数"]);
    assert_eq!(l[0].level2.as_deref(), Some("可持续发展影响"));
}
