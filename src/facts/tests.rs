use super::*;
use crate::model::{Cell, Format, Table};

fn doc(paragraphs: &[&str]) -> Document {
    let mut d = Document::new(Format::Txt);
    for p in paragraphs {
        d.push_paragraph(p.to_string(), None, None);
    }
    d
}

fn facts_of(paragraphs: &[&str]) -> Vec<Fact> {
    extract(&doc(paragraphs), &[], Some(2022)).0
}

fn brief(fs: &[Fact]) -> Vec<(String, Option<String>, f64)> {
    fs.iter()
        .map(|f| (f.concept.clone(), f.line.clone(), f.value))
        .collect()
}

#[test]
fn seed_000_allotment_sentence() {
    let p = "（三）资金安排、分解下达情况。米易县共下达医疗救助资金1412.75万元，其中中央和省财政补助资金1146.81万元（中央756.03万元、省级390.78万元），县级财政补助资金265.94万元。";
    let (fs, nar) = extract(&doc(&[p]), &[], Some(2022));
    let b = |c: &str, l: Option<&str>, v: f64| (c.to_string(), l.map(str::to_string), v);
    assert_eq!(
        brief(&fs),
        vec![
            b("fund.budget", Some("total"), 1412.75),
            b("fund.budget", None, 1146.81),
            b("fund.budget", Some("central"), 756.03),
            b("fund.budget", Some("provincial"), 390.78),
            b("fund.budget", Some("county"), 265.94),
        ]
    );
    let f = &fs[0];
    assert_eq!(f.label, "共下达医疗救助资金");
    assert_eq!(f.text, "米易县共下达医疗救助资金1412.75万元");
    assert_eq!(f.value_wan, Some(1412.75));
    assert_eq!(f.unit.as_deref(), Some("万元"));
    let span: String = p
        .chars()
        .skip(f.source.start.unwrap_or(0))
        .take(f.source.end.unwrap_or(0) - f.source.start.unwrap_or(0))
        .collect();
    assert_eq!(span, "1412.75万元");
    // 1412.75 = 1146.81 + 265.94 and 1146.81 = 756.03 + 390.78
    let shapes: Vec<(&str, f64, usize, bool)> = nar
        .breakdowns
        .iter()
        .map(|b| (b.marker, b.total.value, b.parts.len(), b.exhaustive))
        .collect();
    assert_eq!(
        shapes,
        vec![("其中", 1412.75, 2, true), ("括注", 1146.81, 2, true)]
    );
}

#[test]
fn counts_in_wan_and_spans_in_characters() {
    let p = "2023年，广西医疗救助资金共资助参保305万人，同比上年增长1.64%；直接救助对象525万人次，其中：住院医疗救助187万人次，门诊医疗救助338万人次。";
    let fs = facts_of(&[p]);
    let b = |c: &str, v: f64| (c.to_string(), None, v);
    assert_eq!(
        brief(&fs),
        vec![
            b("ma.insurance_subsidy_persons", 3_050_000.0),
            b("ma.beneficiary_visits", 5_250_000.0),
            b("ma.inpatient_visits", 1_870_000.0),
            b("ma.outpatient_visits", 3_380_000.0),
        ]
    );
    assert_eq!(fs[0].unit.as_deref(), Some("万人"));
    assert_eq!(fs[0].value_wan, None);
    let span: String = p
        .chars()
        .skip(fs[0].source.start.unwrap_or(0))
        .take(fs[0].source.end.unwrap_or(0) - fs[0].source.start.unwrap_or(0))
        .collect();
    assert_eq!(span, "305万人");
}

#[test]
fn not_facts() {
    let fs = facts_of(&[
        "根据《关于修订医疗救助补助资金管理实施细则的通知》（桂医保发〔2022〕35号），在收到资金文件30日内下达。",
        "一、绩效目标分解下达情况",
        "2023年全区住院救助发生费用18.37亿元，同比2022年增长了22.06%。",
        "线上可办率从85%提高到100%，累计追回（含拒付）医保资金5.45亿元。",
        "按照100%-80%（含）、80%-60%（含）、60%-0%合理填写。",
    ]);
    assert!(fs.is_empty(), "{:?}", brief(&fs));
}

#[test]
fn goals_qualifiers_and_other_years() {
    let fs = facts_of(&[
        "确保参保率稳定保持在 95% 以上，实现住院费用报销比例 75% 左右。",
        "城乡居民医保参保率90%以上，2021年参保率为88%。",
        "救助对象满意度为98%，高于年初设定满意度大于等于95%的目标要求。",
    ]);
    let got: Vec<(&str, f64, Option<&str>, bool, bool)> = fs
        .iter()
        .map(|f| {
            (
                f.concept.as_str(),
                f.value,
                f.qualifier.as_deref(),
                f.target,
                f.other_period,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("ri.enrollment_rate", 95.0, Some(">="), true, false),
            ("ri.enrollment_rate", 90.0, Some(">="), false, false),
            ("ri.enrollment_rate", 88.0, None, false, true),
            ("common.satisfaction", 98.0, None, false, false),
            ("common.satisfaction", 95.0, Some(">="), true, false),
        ]
    );
}

#[test]
fn prose_cells_carry_their_cell_and_form() {
    let mut d = Document::new(Format::Txt);
    d.push_table(Table::from_cells(
        0,
        vec![
            Cell::new(0, 0, "支出责任履行情况"),
            Cell::new(
                0,
                1,
                "100%。2023年广西医疗救助资金共资助参保305万人；医疗救助基金支出28.71亿元。",
            ),
        ],
    ));
    let (fs, _) = extract(&d, &[], Some(2023));
    assert_eq!(fs.len(), 2);
    assert_eq!(fs[0].source.table, Some(0));
    assert_eq!((fs[0].source.row, fs[0].source.col), (Some(0), Some(1)));
    assert_eq!((fs[0].source.start, fs[0].source.end), (Some(23), Some(28)));
    // the fund pool's spending has no line of the transfer
    assert_eq!(fs[1].concept, "fund.executed");
    assert_eq!(fs[1].line, None);
    assert_eq!(fs[1].value_wan, Some(287_100.0));
}

#[test]
fn products_and_ratios_of_seed_004() {
    let (_, nar) = extract(
        &doc(&[
            "1. 资金执行情况：区级财政根据本年度实际参保人数 461025 人、配套标准 21.96 元/人，2022 年 12 月前将配套资金 1012.41 万元拨付到位。",
            "1. 数量指标：本年度参保居民人数 46 万人，年初设定值 48 万人，完成率 96%，改进措施：加大宣传。",
        ]),
        &[],
        Some(2022),
    );
    assert_eq!(nar.products.len(), 1);
    assert_eq!(nar.products[0].count.value, 461_025.0);
    assert_eq!(nar.products[0].standard.value, 21.96);
    assert_eq!(nar.ratios.len(), 1);
    assert_eq!(nar.ratios[0].numerator.value, 460_000.0);
    assert_eq!(nar.ratios[0].denominator.value, 480_000.0);
}

#[test]
fn hostile_text_never_panics() {
    for t in [
        "",
        "（（（（1万元",
        "))))2万元((((",
        "1,2,3,4,5,6,7万元",
        "99999999999999999999999999999999999999万人",
        "合计其中分别共",
        "其中：",
        "%%%万元元/人",
        "\n\n\r\n1\n万\n元",
        "．．．１．２．３万元",
    ] {
        let _ = facts_of(&[t]);
    }
}
