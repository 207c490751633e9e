use super::*;
use crate::model::{Cell, Format, Table};
use text::Norm;

fn doc(paragraphs: &[&str]) -> Document {
    let mut d = Document::new(Format::Txt);
    for p in paragraphs {
        d.push_paragraph(p.to_string(), None, None);
    }
    d
}

fn facts_of(paragraphs: &[&str]) -> Vec<Fact> {
    extract(&doc(paragraphs), &[], Some(2022), &Patterns::builtin()).0
}

fn brief(fs: &[Fact]) -> Vec<(String, Option<String>, f64)> {
    fs.iter()
        .map(|f| (f.concept.clone(), f.line.clone(), f.value))
        .collect()
}

#[test]
fn seed_000_allotment_sentence() {
    let p = "（三）资金安排、分解下达情况。米易县共下达医疗救助资金1412.75万元，其中中央和省财政补助资金1146.81万元（中央756.03万元、省级390.78万元），县级财政补助资金265.94万元。";
    let (fs, nar) = extract(&doc(&[p]), &[], Some(2022), &Patterns::builtin());
    let b = |c: &str, l: Option<&str>, v: f64| (c.to_string(), l.map(str::to_string), v);
    assert_eq!(
        brief(&fs),
        vec![
            b("fund.budget", Some("total"), 1412.75),
            // 中央和省 together is no one line: left out of the facts, kept in the sums
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
    let (fs, _) = extract(&d, &[], Some(2023), &Patterns::builtin());
    assert_eq!(fs[0].source.table, Some(0));
    assert_eq!((fs[0].source.row, fs[0].source.col), (Some(0), Some(1)));
    assert_eq!((fs[0].source.start, fs[0].source.end), (Some(23), Some(28)));
    // the fund pool's spending has no line of the transfer, so it is no fact
    assert_eq!(
        brief(&fs),
        vec![(
            "ma.insurance_subsidy_persons".to_string(),
            None,
            3_050_000.0
        )]
    );
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
        &Patterns::builtin(),
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

/// (concept, line, value in 万元 or own units) of every fact, for sentence-shape tests.
fn read(paragraphs: &[&str]) -> Vec<(String, Option<String>, f64)> {
    facts_of(paragraphs)
        .iter()
        .map(|f| {
            (
                f.concept.clone(),
                f.line.clone(),
                f.value_wan.unwrap_or(f.value),
            )
        })
        .collect()
}

fn fact(c: &str, l: Option<&str>, v: f64) -> (String, Option<String>, f64) {
    (c.to_string(), l.map(str::to_string), v)
}

#[test]
fn traditional_characters_read_as_simplified_and_stay_as_written() {
    let p = "本年度共下達補助資金500萬元，實際支出480萬元。";
    assert_eq!(
        read(&[p]),
        vec![
            fact("fund.budget", Some("total"), 500.0),
            fact("fund.executed", Some("total"), 480.0)
        ]
    );
    assert_eq!(facts_of(&[p])[0].text, "本年度共下達補助資金500萬元");
}

#[test]
fn allocation_and_receipt_words_say_budget_spending_words_say_executed() {
    for (p, concept) in [
        ("全县共收到上级预拨资金200万元。", "fund.budget"),
        ("本项目共申请专项资金150万元。", "fund.budget"),
        ("全县共下拨救助金90万元。", "fund.budget"),
        ("全县共发放临时救助金88万元。", "fund.executed"),
        ("全县共兑现奖励资金12万元。", "fund.executed"),
        ("本项目全年应执行数为70万元。", "fund.budget"),
    ] {
        assert_eq!(
            read(&[p]),
            vec![fact(concept, Some("total"), {
                let n = Norm::new(p);
                text::figures(&n)[0].value()
            })],
            "{p}"
        );
    }
}

#[test]
fn level_words_before_verbs_and_before_shares() {
    assert_eq!(
        read(&["收到中央下达资金120万元，省级下达资金80万元。"]),
        vec![
            fact("fund.budget", Some("central"), 120.0),
            fact("fund.budget", Some("provincial"), 80.0)
        ]
    );
    assert_eq!(
        read(&["本年投入中央补助资金60万元。"]),
        vec![fact("fund.budget", Some("central"), 60.0)]
    );
    // the share stands between the level and the amount
    let fs = facts_of(&["总保费150万元，省级财政补贴30%为45万元。"]);
    assert_eq!(
        brief(&fs),
        vec![fact("fund.budget", Some("provincial"), 45.0)]
    );
    assert!(
        fs[0].share,
        "a share of its own base is not compared elsewhere"
    );
}

#[test]
fn a_lower_level_handing_out_the_money_is_a_level_only_beside_other_levels() {
    // the reporter's own level giving out the program's money: its total
    assert_eq!(
        read(&["区级下达城乡居民补助资金300万元。"]),
        vec![fact("fund.budget", Some("total"), 300.0)]
    );
    assert_eq!(
        read(&["省级下拨护理费5万元；市级下拨护理费5万元；全年应执行数为10万元。"]),
        vec![
            fact("fund.budget", Some("provincial"), 5.0),
            fact("fund.budget", Some("municipal"), 5.0),
            fact("fund.budget", Some("total"), 10.0)
        ]
    );
}

#[test]
fn lines_named_by_their_source() {
    assert_eq!(
        read(&["全年预算资金合计85万元，其中：财政拨款50万元，上年结转资金20万元，单位自有资金10万元，其他资金（含利息收入）5万元。"]),
        vec![
            fact("fund.budget", Some("total"), 85.0),
            fact("fund.budget", Some("appropriation"), 50.0),
            fact("fund.budget", Some("carryover"), 20.0),
            fact("fund.budget", Some("unit_own"), 10.0),
            fact("fund.budget", Some("other"), 5.0)
        ]
    );
    // a 基金 with a level is that level's money; without one it is the pool's, no line
    assert_eq!(
        read(&["下达中央财政补助基金100万元，就业补助基金支出90万元。"]),
        vec![fact("fund.budget", Some("central"), 100.0)]
    );
}

#[test]
fn lines_from_the_heading_and_from_an_earlier_clause() {
    assert_eq!(
        read(&[
            "一、项目总体情况",
            "本年度项目资金实际支出800万元，其中设备购置支出300万元。"
        ]),
        vec![fact("fund.executed", Some("total"), 800.0)]
    );
    // under a heading that goes through the parts, nothing is the whole
    assert_eq!(read(&["（二）各乡镇情况", "甲镇支出40万元。"]), vec![]);
    assert_eq!(
        read(&["投入省级资金50万元，执行数48万元，执行率96%。"]),
        vec![
            fact("fund.budget", Some("provincial"), 50.0),
            fact("fund.executed", Some("provincial"), 48.0),
            fact("fund.rate", Some("provincial"), 96.0)
        ]
    );
}

#[test]
fn an_amount_without_a_mark_gets_no_line() {
    // two unmarked spending amounts: neither is the total, so neither is a fact
    assert_eq!(
        read(&["下达中央资金100万元，用于培训支出20万元，采购支出30万元。"]),
        vec![fact("fund.budget", Some("central"), 100.0)]
    );
}

#[test]
fn one_figure_allotted_and_spent() {
    assert_eq!(
        read(&["县财政局下达并拨付资金60万元。"]),
        vec![
            fact("fund.budget", Some("total"), 60.0),
            fact("fund.executed", Some("total"), 60.0)
        ]
    );
    assert_eq!(
        read(&["本年度项目资金75万元全部拨付到位。"]),
        vec![
            fact("fund.budget", Some("total"), 75.0),
            fact("fund.executed", Some("total"), 75.0)
        ]
    );
}

fn shapes(paragraphs: &[&str]) -> Vec<(&'static str, f64, Vec<f64>, bool)> {
    extract(&doc(paragraphs), &[], Some(2022), &Patterns::builtin())
        .1
        .breakdowns
        .iter()
        .map(|b| {
            let parts = b.parts.iter().map(|p| p.value).collect();
            (b.marker, b.total.value, parts, b.exhaustive)
        })
        .collect()
}

#[test]
fn qizhong_lists_and_where_they_end() {
    // a 其中 after the full stop still breaks down the total before it
    assert_eq!(
        shapes(&["项目总投入100万元。其中：中央资金60万元，省级资金40万元。"]),
        vec![("其中", 100.0, vec![60.0, 40.0], true)]
    );
    // an adjustment ends the list
    assert_eq!(
        shapes(&["预算资金100万元，其中中央资金60万元，省级资金40万元，年中调减资金10万元。"]),
        vec![("其中", 100.0, vec![60.0, 40.0], true)]
    );
    // a bracketed 包括 gloss is part of its item, not a list of its own
    assert_eq!(
        shapes(&["预算数90万元，其中：中央资金50万元，其他资金（包括结转资金、利息收入）40万元。"]),
        vec![("其中", 90.0, vec![50.0, 40.0], true)]
    );
}

#[test]
fn ratios_stated_anywhere_in_the_paragraph() {
    let ratios = |p: &str| -> Vec<(String, f64, f64, f64)> {
        extract(&doc(&[p]), &[], Some(2022), &Patterns::builtin())
            .1
            .ratios
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    r.numerator.value,
                    r.denominator.value,
                    r.rate.value,
                )
            })
            .collect()
    };
    let r = |n: &str, a: f64, b: f64, c: f64| (n.to_string(), a, b, c);
    assert_eq!(
        ratios("全年培训1500人，完成目标任务数1200人的125%。"),
        vec![r("完成率", 1500.0, 1200.0, 125.0)]
    );
    assert_eq!(
        ratios("中央资金60万元，占总投入100万元的60%。"),
        vec![r("占比", 60.0, 100.0, 60.0)]
    );
    assert_eq!(
        ratios("总保费200万元，中央财政补贴40%为80万元，省级财政补贴25%为50万元。"),
        vec![r("占比", 80.0, 200.0, 40.0), r("占比", 50.0, 200.0, 25.0)]
    );
    // the allotment a sentence earlier
    assert_eq!(
        ratios("下达资金500万元。实际支出450万元，预算执行率为90%。"),
        vec![r("执行率", 450.0, 500.0, 90.0)]
    );
}

#[test]
fn counts_in_wan_are_not_money() {
    let n = Norm::new("惠及648.34万名群众，服务11万人次，覆盖3万户，承保42.59万元亩，种植12万亩，安排资金20万元。");
    let kinds: Vec<(f64, Kind)> = text::figures(&n)
        .iter()
        .map(|f| (f.value().round(), f.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (6_483_400.0, Kind::Persons),
            (110_000.0, Kind::Visits),
            (30_000.0, Kind::Households),
            (20.0, Kind::Money(crate::value::MoneyUnit::Wan)),
        ]
    );
}

/// The character folding is the run's: a variant a curator adds to aliases.toml (here 発,
/// as OCR sometimes gives for 发) reaches prose as it reaches forms.
#[test]
fn prose_folds_characters_with_the_runs_patterns() {
    let dir = std::env::temp_dir().join(format!("jixiao-fold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let builtin = concat!(env!("CARGO_MANIFEST_DIR"), "/patterns");
    for f in [
        "funds.toml",
        "indicators.toml",
        "config.toml",
        "aliases.toml",
    ] {
        std::fs::copy(format!("{builtin}/{f}"), dir.join(f)).unwrap();
    }
    let aliases = std::fs::read_to_string(dir.join("aliases.toml")).unwrap();
    let aliases = aliases.replacen("[chars]\n", "[chars]\n\"発\" = \"发\"\n", 1);
    std::fs::write(dir.join("aliases.toml"), aliases).unwrap();
    let curated = Patterns::load_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let p = "全年共発放补助资金100万元。";
    let concepts = |pat: &Patterns| -> Vec<String> {
        extract(&doc(&[p]), &[], Some(2022), pat)
            .0
            .iter()
            .map(|f| f.concept.clone())
            .collect()
    };
    assert_eq!(concepts(&curated), ["fund.executed"]);
    assert_ne!(concepts(&Patterns::builtin()), ["fund.executed"]);
}
