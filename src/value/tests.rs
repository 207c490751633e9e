use super::*;

fn check(raw: &str, op: Op, value: Option<f64>, hi: Option<f64>, unit: Option<&str>) {
    let p = parse_value(raw);
    assert_eq!(p.raw, raw, "raw of {raw:?}");
    assert_eq!(p.op, op, "op of {raw:?}");
    assert_eq!(p.value, value, "value of {raw:?}");
    assert_eq!(p.value_hi, hi, "value_hi of {raw:?}");
    assert_eq!(p.unit.as_deref(), unit, "unit of {raw:?}");
}

fn num(value: f64, decimals: u32) -> Num {
    Num { value, decimals }
}

#[test]
fn halfwidth_and_compact() {
    assert_eq!(halfwidth("１１４６．８１"), "1146.81");
    assert_eq!(halfwidth("％，（）＞＜＝～"), "%,()><=~");
    assert_eq!(halfwidth("全年\u{3000}预算"), "全年 预算");
    assert_eq!(halfwidth("ＡＢｃ"), "ABc");
    assert_eq!(compact(" 全年预  算数\u{a0}\u{3000}\t\n"), "全年预算数");
    assert_eq!(compact("1 146．81 万元"), "1146.81万元");
}

#[test]
fn numbers() {
    assert_eq!(parse_number("1146.81"), Some(num(1146.81, 2)));
    assert_eq!(parse_number("1,012.41"), Some(num(1012.41, 2)));
    assert_eq!(parse_number("１１４６．８１"), Some(num(1146.81, 2)));
    assert_eq!(parse_number("-3"), Some(num(-3.0, 0)));
    assert_eq!(parse_number("+3.50"), Some(num(3.5, 2)));
    assert_eq!(parse_number("208,629.83"), Some(num(208629.83, 2)));
    assert_eq!(parse_number("1,234,567"), Some(num(1234567.0, 0)));
    assert_eq!(parse_number(" 15329.53 "), Some(num(15329.53, 2)));
    for bad in [
        "",
        ".",
        "1.2.3",
        "1,23",
        "1,2345",
        "1234,567",
        ",123",
        "1.",
        ".5",
        "inf",
        "nan",
        "NaN",
        "1e5",
        "1E5",
        "-",
        "12a",
        "１２万",
        "--1",
    ] {
        assert_eq!(parse_number(bad), None, "{bad:?}");
    }
}

#[test]
fn amounts() {
    let a = |s| parse_amount(s);
    assert_eq!(
        a("3359.62万"),
        Some(Amount {
            num: num(3359.62, 2),
            unit: Some(MoneyUnit::Wan)
        })
    );
    assert_eq!(
        a("28.71亿元"),
        Some(Amount {
            num: num(28.71, 2),
            unit: Some(MoneyUnit::Yi)
        })
    );
    assert_eq!(
        a("１１４６．８１"),
        Some(Amount {
            num: num(1146.81, 2),
            unit: None
        })
    );
    assert_eq!(
        a("1,012.41"),
        Some(Amount {
            num: num(1012.41, 2),
            unit: None
        })
    );
    assert_eq!(
        a("1412.75 万元"),
        Some(Amount {
            num: num(1412.75, 2),
            unit: Some(MoneyUnit::Wan)
        })
    );
    assert_eq!(
        a("550元"),
        Some(Amount {
            num: num(550.0, 0),
            unit: Some(MoneyUnit::Yuan)
        })
    );
    assert_eq!(
        a("5.45亿"),
        Some(Amount {
            num: num(5.45, 2),
            unit: Some(MoneyUnit::Yi)
        })
    );
    assert_eq!(a("1412.75万元,其中"), None);
    assert_eq!(a("万元"), None);
    assert_eq!(a("305万人"), None);
}

#[test]
fn rates() {
    assert_eq!(parse_rate("94.06%"), Some(num(94.06, 2)));
    assert_eq!(parse_rate("100.00%"), Some(num(100.0, 2)));
    assert_eq!(parse_rate("0.9406"), Some(num(94.06, 2)));
    assert_eq!(parse_rate("94.06"), Some(num(94.06, 2)));
    assert_eq!(parse_rate("1.00"), Some(num(100.0, 0)));
    assert_eq!(parse_rate("0.5"), Some(num(50.0, 0)));
    assert_eq!(parse_rate("1"), Some(num(1.0, 0)));
    assert_eq!(parse_rate("１０１％"), Some(num(101.0, 0)));
    assert_eq!(parse_rate("≥99%"), None);
    assert_eq!(parse_rate("%"), None);
    assert_eq!(parse_rate("15.36%%"), None);
}

#[test]
fn intervals() {
    let (lo, hi) = interval(num(94.06, 2));
    assert!((lo - 94.055).abs() < 1e-9 && (hi - 94.065).abs() < 1e-9);
    assert_eq!(interval(num(31811.0, 0)), (31810.5, 31811.5));
    let (lo, hi) = interval(num(1.0, u32::MAX));
    assert_eq!((lo, hi), (1.0, 1.0));
}

#[test]
fn comparisons() {
    use Op::*;
    let pct = Some("%");
    check("≥70%", Ge, Some(70.0), None, pct);
    check("≧70%", Ge, Some(70.0), None, pct);
    check(">=70%", Ge, Some(70.0), None, pct);
    check("＞90%", Gt, Some(90.0), None, pct);
    check("大于90%", Gt, Some(90.0), None, pct);
    check("高于90%", Gt, Some(90.0), None, pct);
    check("不低于95%", Ge, Some(95.0), None, pct);
    check("不少于100人", Ge, Some(100.0), None, Some("人"));
    check("至少3次", Ge, Some(3.0), None, Some("次"));
    check("达到95%以上", Ge, Some(95.0), None, pct);
    check("95%以上", Ge, Some(95.0), None, pct);
    check("95% 以上", Ge, Some(95.0), None, pct);
    check("≤5%", Le, Some(5.0), None, pct);
    check("≦5%", Le, Some(5.0), None, pct);
    check("不高于5%", Le, Some(5.0), None, pct);
    check("不超过5%", Le, Some(5.0), None, pct);
    check("低于5%", Lt, Some(5.0), None, pct);
    check("小于5%", Lt, Some(5.0), None, pct);
    check("控制在5%以内", Le, Some(5.0), None, pct);
    check("5%以下", Le, Some(5.0), None, pct);
    check("5%以内", Le, Some(5.0), None, pct);
    check("=100%", Eq, Some(100.0), None, pct);
    check("═100%", Eq, Some(100.0), None, pct);
    check("＝100％", Eq, Some(100.0), None, pct);
    check("70%左右", Approx, Some(70.0), None, pct);
    check("约70%", Approx, Some(70.0), None, pct);
    check("≥ 99 %", Ge, Some(99.0), None, pct);
}

#[test]
fn plain_values_and_units() {
    use Op::*;
    check("100%", Eq, Some(100.0), None, Some("%"));
    check("0", Eq, Some(0.0), None, None);
    check("31811", Eq, Some(31811.0), None, None);
    check("1146.81万元", Eq, Some(1146.81), None, Some("万元"));
    check("≥410", Ge, Some(410.0), None, None);
    check("≥410 (万人)", Ge, Some(410.0), None, Some("万人"));
    check("≥410（万人）", Ge, Some(410.0), None, Some("万人"));
    check("≥550元", Ge, Some(550.0), None, Some("元"));
    check("1人/期", Eq, Some(1.0), None, Some("人/期"));
    check("21.96元/人", Eq, Some(21.96), None, Some("元/人"));
    check("305万人", Eq, Some(305.0), None, Some("万人"));
    check("525万人次", Eq, Some(525.0), None, Some("万人次"));
    check("2355人次", Eq, Some(2355.0), None, Some("人次"));
    check("13个月", Eq, Some(13.0), None, Some("个月"));
    check("3418家", Eq, Some(3418.0), None, Some("家"));
    check("18.37亿元", Eq, Some(18.37), None, Some("亿元"));
    check("30天", Eq, Some(30.0), None, Some("天"));
    check("15日", Eq, Some(15.0), None, Some("日"));
    check("3年", Eq, Some(3.0), None, Some("年"));
    check("85.15%", Eq, Some(85.15), None, Some("%"));
    check("92.00%", Eq, Some(92.0), None, Some("%"));
    check("≥99%", Ge, Some(99.0), None, Some("%"));
    check("1,012.41万元", Eq, Some(1012.41), None, Some("万元"));
    check("１１４６．８１", Eq, Some(1146.81), None, None);
}

#[test]
fn ranges() {
    use Op::Range;
    let m = Some("个月");
    check("6-9个月", Range, Some(6.0), Some(9.0), m);
    check("6~9个月", Range, Some(6.0), Some(9.0), m);
    check("6～9个月", Range, Some(6.0), Some(9.0), m);
    check("6—9个月", Range, Some(6.0), Some(9.0), m);
    check("6至9个月", Range, Some(6.0), Some(9.0), m);
    check("6个月-9个月", Range, Some(6.0), Some(9.0), m);
    check("80%-90%", Range, Some(80.0), Some(90.0), Some("%"));
    check("100%-80%", Range, Some(80.0), Some(100.0), Some("%"));
}

#[test]
fn last_year() {
    use Op::*;
    for raw in [
        "不低于上年",
        "不低于上年度",
        "不低于上年度前三季度",
        "不少于上年",
    ] {
        check(raw, NotBelowLastYear, None, None, None);
    }
    check(
        "原则上不低于上年度前三季度住院救助人次",
        NotBelowLastYear,
        None,
        None,
        None,
    );
    check(
        "原则上不低于上年度前三季度门诊救助人次",
        NotBelowLastYear,
        None,
        None,
        None,
    );
    check("不高于上年", NotAboveLastYear, None, None, None);
    check("不超过上年", NotAboveLastYear, None, None, None);
    check("高于上年", Qualitative, None, None, None);
    check("低于上年", Qualitative, None, None, None);
}

#[test]
fn qualitative_words() {
    for raw in [
        "明显提高",
        "有效提高",
        "有所提升",
        "逐步扩大",
        "有效缓解",
        "成效明显",
        "显著",
        "稳步提高",
        "普遍开展",
        "达标",
        "合格",
        "完成",
        "已完成",
        "符合实际",
        "持续提高",
        "较好",
        "良好",
        "好",
        "是",
        "否",
        "有所提升。",
        "有所提升。2023年,广西持续加大…",
    ] {
        check(raw, Op::Qualitative, None, None, None);
    }
    // Names of qualities read like grades but are not.
    for raw in ["资金使用有效性", "制度健全有效性", "满意度", "完成率"] {
        check(raw, Op::Text, None, None, None);
    }
}

#[test]
fn lower_is_better_targets_are_ceilings() {
    let t = parse_value("0.9");
    assert_eq!(
        met(&t, &parse_value("0")),
        Some(false),
        "bare target: at least"
    );
    assert_eq!(met_oriented(&t, &parse_value("0"), true), Some(true));
    assert_eq!(met_oriented(&t, &parse_value("1.2"), true), Some(false));
    // a written comparison is kept
    let ge = parse_value("≥0.9");
    assert_eq!(met_oriented(&ge, &parse_value("0"), true), Some(false));
}

#[test]
fn dates_placeholders_and_text() {
    for raw in [
        "2020年12月底",
        "12月底前",
        "2023年12月31日",
        "2023-12-31",
        "2023年",
        "12月模拟运",
        "(≥**%)",
        "≥**%",
        "符合救助条件的对象按规定纳入救助范围",
        "覆盖低保、特困、农村低收入人口、低保边缘及因病致贫重病患者",
        "新增功能模块1个",
        "对符合条件的重点救助对象资助参加城乡居",
        "财政补助、个人减支高于上",
        "3-5年相对稳定",
        "无",
        "",
        "   ",
        "%",
        "-",
        "年底前完成",
    ] {
        check(raw, Op::Text, None, None, None);
    }
}

#[test]
fn value_then_prose() {
    let raw = "100%。符合救助条件的对象已按规定纳入救助范围。2023年，广西医疗救助资金共资助参保305万人；直接救助对象525万人次。";
    check(raw, Op::Eq, Some(100.0), None, Some("%"));
    check(
        "100%。不低于上年。与上年保持一致。",
        Op::Eq,
        Some(100.0),
        None,
        Some("%"),
    );
    check(
        "305万人；直接救助对象525万人次",
        Op::Eq,
        Some(305.0),
        None,
        Some("万人"),
    );
}

/// Targets and actuals as written in the indicator tables of the four seed reports.
#[test]
fn seed_values() {
    use Op::*;
    type Row = (
        &'static str,
        Op,
        Option<f64>,
        Option<f64>,
        Option<&'static str>,
    );
    let pct = Some("%");
    let rows: &[Row] = &[
        // 000: 米易县 城乡医疗救助
        (
            "符合救助条件的对象按规定纳入救助范围",
            Text,
            None,
            None,
            None,
        ),
        ("31811", Eq, Some(31811.0), None, None),
        ("符合资助参保条件的对象人次数", Text, None, None, None),
        ("21575", Eq, Some(21575.0), None, None),
        ("2355", Eq, Some(2355.0), None, None),
        ("7881", Eq, Some(7881.0), None, None),
        ("≥70%", Ge, Some(70.0), None, pct),
        ("80%", Eq, Some(80.0), None, pct),
        ("不低于上年", NotBelowLastYear, None, None, None),
        ("覆盖人群", Text, None, None, None),
        ("明显提高", Qualitative, None, None, None),
        ("有效缓解", Qualitative, None, None, None),
        ("成效明显", Qualitative, None, None, None),
        ("≥95%", Ge, Some(95.0), None, pct),
        ("98%", Eq, Some(98.0), None, pct),
        ("94.06%", Eq, Some(94.06), None, pct),
        // 001: 绵阳市, three forms
        ("194279", Eq, Some(194279.0), None, None),
        ("150226", Eq, Some(150226.0), None, None),
        ("符合实际", Qualitative, None, None, None),
        ("70%", Eq, Some(70.0), None, pct),
        ("逐步扩大", Qualitative, None, None, None),
        ("≥80%", Ge, Some(80.0), None, pct),
        ("≥85%", Ge, Some(85.0), None, pct),
        ("85%", Eq, Some(85.0), None, pct),
        ("≥410", Ge, Some(410.0), None, None),
        ("412", Eq, Some(412.0), None, None),
        ("≥550元", Ge, Some(550.0), None, Some("元")),
        ("≥250元", Ge, Some(250.0), None, Some("元")),
        ("250", Eq, Some(250.0), None, None),
        ("≥91.5%", Ge, Some(91.5), None, pct),
        ("92.00%", Eq, Some(92.0), None, pct),
        ("≥98%", Ge, Some(98.0), None, pct),
        ("101%", Eq, Some(101.0), None, pct),
        ("0", Eq, Some(0.0), None, None),
        ("70%左右", Approx, Some(70.0), None, pct),
        ("74%", Eq, Some(74.0), None, pct),
        ("≥40%", Ge, Some(40.0), None, pct),
        ("52%", Eq, Some(52.0), None, pct),
        ("普遍开展", Qualitative, None, None, None),
        ("6-9个月", Range, Some(6.0), Some(9.0), Some("个月")),
        ("13", Eq, Some(13.0), None, None),
        ("≥90%", Ge, Some(90.0), None, pct),
        ("95%", Eq, Some(95.0), None, pct),
        ("2", Eq, Some(2.0), None, None),
        ("4", Eq, Some(4.0), None, None),
        ("7", Eq, Some(7.0), None, None),
        ("2020年12月底", Text, None, None, None),
        ("12月贯彻落", Text, None, None, None),
        ("新增功能模块1个", Text, None, None, None),
        ("1人/期", Eq, Some(1.0), None, Some("人/期")),
        ("嵌入核查功能模块1个", Text, None, None, None),
        ("≥78%", Ge, Some(78.0), None, pct),
        ("78%", Eq, Some(78.0), None, pct),
        ("高于上年", Qualitative, None, None, None),
        ("77.32%", Eq, Some(77.32), None, pct),
        ("15.36%", Eq, Some(15.36), None, pct),
        ("42.34%", Eq, Some(42.34), None, pct),
        // 002: 广西
        (
            "符合救助条件的对象按规定 纳入救助范围",
            Text,
            None,
            None,
            None,
        ),
        ("78.60%", Eq, Some(78.6), None, pct),
        ("≥99%", Ge, Some(99.0), None, pct),
        ("有所提升", Qualitative, None, None, None),
        (
            "100%。有所提升。2023年，广西持续加大医保基金监管力度",
            Eq,
            Some(100.0),
            None,
            pct,
        ),
        ("81.77%", Eq, Some(81.77), None, pct),
        ("85.15%", Eq, Some(85.15), None, pct),
        // 004: 钟山 (prose values)
        ("95%以上", Ge, Some(95.0), None, pct),
        ("90%以上", Ge, Some(90.0), None, pct),
        ("75% 左右", Approx, Some(75.0), None, pct),
        ("21.96 元/人", Eq, Some(21.96), None, Some("元/人")),
        ("610元/人", Eq, Some(610.0), None, Some("元/人")),
        ("46 万人", Eq, Some(46.0), None, Some("万人")),
        ("461025 人", Eq, Some(461025.0), None, Some("人")),
        ("1012.41 万元", Eq, Some(1012.41), None, Some("万元")),
    ];
    for (raw, op, value, hi, unit) in rows {
        check(raw, *op, *value, *hi, *unit);
    }
}

fn m(t: &str, a: &str) -> Option<bool> {
    met(&parse_value(t), &parse_value(a))
}

#[test]
fn met_contract() {
    assert_eq!(m("≥70%", "80%"), Some(true));
    assert_eq!(m("≥70%", "70%"), Some(true));
    assert_eq!(m("≥70%", "69.99%"), Some(false));
    assert_eq!(m("≥98%", "101%"), Some(true));
    assert_eq!(m("6-9个月", "13"), Some(false));
    assert_eq!(m("6-9个月", "8"), Some(true));
    assert_eq!(m("6-9个月", "9个月"), Some(true));
    assert_eq!(m("70%左右", "74%"), Some(true));
    assert_eq!(m("70%左右", "60%"), Some(false));
    assert_eq!(m("≥550元", "550"), Some(true));
    assert_eq!(m("≥410", "412"), Some(true));
    assert_eq!(m("0", "0"), Some(true));
    assert_eq!(m("0", "3"), Some(false));
    assert_eq!(m("2", "4"), Some(true));
    assert_eq!(m("2", "1"), Some(false));
    assert_eq!(m("100%", "100%"), Some(true));
    assert_eq!(m("100%", "99%"), Some(false));
    assert_eq!(m("不低于上年", "100%"), None);
    assert_eq!(m("不低于上年", "高于上年"), Some(true));
    assert_eq!(m("不低于上年", "与上年持平"), Some(true));
    assert_eq!(m("不低于上年", "低于上年"), Some(false));
    assert_eq!(m("不高于上年", "高于上年"), Some(false));
    assert_eq!(m("不高于上年", "低于上年"), Some(true));
    assert_eq!(
        m(
            "不低于上年",
            "100%。不低于上年。与上年广西市域内一站式即时结算覆盖率保持一致。"
        ),
        Some(true)
    );
    assert_eq!(m("明显提高", "明显提高"), Some(true));
    assert_eq!(
        m("有所提升", "100%。有所提升。2023年,广西持续加大"),
        Some(true)
    );
    assert_eq!(m("普遍开展", "已完成"), Some(true));
    assert_eq!(m("普遍开展", "未完成"), Some(false));
    assert_eq!(m("明显提高", "有所提高"), None);
    assert_eq!(m("是", "是"), Some(true));
    assert_eq!(m("是", "否"), Some(false));
    assert_eq!(m("≥99%", "≥99%"), Some(true));
    assert_eq!(m("符合救助条件的对象按规定纳入救助范围", "31811"), None);
    assert_eq!(
        m("符合救助条件的对象按规定纳入救助范围", "未完成"),
        Some(false)
    );
    assert_eq!(m("2020年12月底", "12月模拟运"), None);
    assert_eq!(m("≥70%", ""), None);
    assert_eq!(m("≥70%", "   "), None);
    assert_eq!(m("≥70%", "有效缓解"), None);
    assert_eq!(m("≥70%", "未达到"), Some(false));
}

#[test]
fn met_units() {
    // A fraction against a percent target is scaled; a bare value in 0..=100 is a percent.
    assert_eq!(m("≥90%", "0.95"), Some(true));
    assert_eq!(m("≥90%", "0.85"), Some(false));
    assert_eq!(m("≥90%", "95"), Some(true));
    assert_eq!(m("≥90%", "950"), None);
    assert_eq!(m("≥410万人", "412万人"), Some(true));
    assert_eq!(m("≥410万人", "4120000人"), Some(true));
    assert_eq!(m("≥410万人", "4000000人"), Some(false));
    assert_eq!(m("≥1万元", "9000元"), Some(false));
    assert_eq!(m("≥1万元", "1.2万元"), Some(true));
    assert_eq!(m("≤1亿元", "9000万元"), Some(true));
    assert_eq!(m("≥5人", "5户"), None);
    assert_eq!(m("≥90%", "95人"), None);
}
