//! The normalizer against the catalogue's wordings (the ids and wordings of patterns/)
//! and the real forms in the seeds.

use std::path::Path;

use jixiao::error::PatternError;
use jixiao::normalize::{FundColumn, MatchKind, Patterns};

fn p() -> Patterns {
    Patterns::builtin()
}

fn id_of(pats: &Patterns, name: &str) -> Option<String> {
    pats.indicator(name).canonical
}

#[track_caller]
fn assert_maps(pats: &Patterns, name: &str, id: &str) {
    let m = pats.indicator(name);
    assert_eq!(m.canonical.as_deref(), Some(id), "{name:?} → {m:?}");
    assert_ne!(m.kind, MatchKind::None, "{name:?}");
    assert!(
        m.confidence > 0.0 && m.confidence <= 1.0,
        "{name:?} → {m:?}"
    );
}

#[track_caller]
fn assert_unmapped(pats: &Patterns, name: &str) {
    let m = pats.indicator(name);
    assert_eq!(m.canonical, None, "{name:?} must stay unmapped, got {m:?}");
    assert_eq!(m.kind, MatchKind::None, "{name:?}");
    assert_eq!(m.kind.as_str(), "none");
}

/// Every wording the indicator catalogue lists, with optional parts written out both ways.
const CATALOGUE_INDICATORS: &[(&str, &[&str])] = &[
    (
        "ma.beneficiary_visits",
        &[
            "医疗救助对象人次规模",
            "享受医疗救助人次",
            "直接救助对象人次",
            "医疗救助人次",
        ],
    ),
    (
        "ma.insurance_subsidy_persons",
        &["资助参保人次", "资助参保人次数", "资助参保人数"],
    ),
    (
        "ma.outpatient_visits",
        &["门诊救助人次", "门诊救助人次数", "门诊医疗救助人次"],
    ),
    (
        "ma.inpatient_visits",
        &["住院救助人次", "住院救助人次数", "住院医疗救助人次"],
    ),
    (
        "ma.key_group_inpatient_ratio",
        &[
            "重点救助对象（政策范围内）（个人）自付（医疗）费用（按规定）年度限额内住院救助比例",
            "重点救助对象政策范围内个人自付医疗费用按规定年度限额内住院救助比例",
            "重点救助对象自付费用年度限额内住院救助比例",
            "重点救助对象政策范围内自付医疗费用年度限额内住院救助比例",
        ],
    ),
    (
        "ma.subsidy_coverage",
        &[
            "符合资助条件的农村低收入人口资助参保政策覆盖率",
            "资助参保政策覆盖率",
        ],
    ),
    ("ma.outpatient_aid_ratio", &["门诊医疗费用救助比例"]),
    ("ma.inpatient_aid_ratio", &["住院医疗费用救助比例"]),
    ("ma.coverage_scope", &["医疗救助对象覆盖范围"]),
    ("ma.compliance_rate", &["医疗救助合规率"]),
    ("ma.balance_reduction", &["不合理累计结余减少程度"]),
    (
        "ri.enrolled_persons",
        &[
            "参保人数",
            "参保居民人数",
            "参合人数",
            "城乡居民医保参保人数",
            "基本医疗保险参保人数",
        ],
    ),
    (
        "ri.fiscal_subsidy_standard",
        &[
            "各级财政实际补助标准",
            "财政补助标准",
            "基本医疗保险财政补助标准",
        ],
    ),
    (
        "ri.individual_contribution",
        &["参保居民个人缴费标准", "个人缴费标准"],
    ),
    (
        "ri.enrollment_rate",
        &["参保率", "综合参保率", "参合率", "城乡居民基本医疗参保率"],
    ),
    (
        "ri.enrollment_rate_registered",
        &["以户籍人口数为基数计算的参保率"],
    ),
    (
        "ri.enrollment_rate_resident",
        &[
            "以常住人口（数）为基数计算的（综合）参保率",
            "以常住人口数为基数计算的综合参保率",
            "以常住人口为基数计算的参保率",
            "以常住人口数为基数计算的基本医保综合参保率",
        ],
    ),
    ("ri.false_enrollment", &["虚报参保人数"]),
    ("ri.duplicate_enrollment", &["重复参保人数"]),
    (
        "ri.policy_reimbursement_ratio",
        &[
            "（参保人）政策范围内住院（费用）报销比例",
            "参保人政策范围内住院费用报销比例",
            "政策范围内住院报销比例",
        ],
    ),
    (
        "ri.actual_reimbursement_ratio",
        &["（参保人）住院费用实际报销比例", "住院费用实际报销比例"],
    ),
    (
        "ri.payment_reform",
        &[
            "实行按病种（组）、按人头付费等支付方式改革",
            "实行按病种、按人头付费等支付方式改革",
        ],
    ),
    (
        "ri.fund_balance_months",
        &["基金滚存结余可支配月数", "可支付月数"],
    ),
    ("ri.outpatient_pooling", &["开展门诊统筹"]),
    ("ri.subsidy_in_place_rate", &["当年各级财政补助资金到位率"]),
    ("ri.burden_reduction", &["有效减轻参保人员医疗费用负担"]),
    ("cap.publicity_events", &["开展全域医保政策宣传活动次数"]),
    (
        "cap.disclosure_meetings",
        &["开展医保工作政府信息公开工作会议或培训"],
    ),
    ("cap.system_acceptance_rate", &["医保信息系统验收合格率"]),
    ("cap.drg_pilot", &["DRG试点进行模拟运行时间"]),
    ("cap.standard_codes", &["国家15套信息化标准代码贯彻落地"]),
    (
        "cap.cross_province_settlement_rate",
        &["跨省异地就医直接结算率"],
    ),
    (
        "common.satisfaction",
        &[
            "救助对象满意度",
            "服务对象满意度",
            "参保对象满意度",
            "受益群众满意度",
            "群众满意度",
            "学生满意度",
        ],
    ),
    (
        "common.policy_awareness",
        &["政策知晓率", "参保群众政策知晓率"],
    ),
    (
        "common.one_stop_settlement",
        &[
            "市域内“一站式”即时结算覆盖率",
            "“一站式”即时结算覆盖率",
            "市域内一站式即时结算覆盖地区",
            "一站式即时结算覆盖地区",
        ],
    ),
    ("common.access_convenience", &["困难群众看病就医方便程度"]),
    ("common.burden_relief", &["困难群众医疗费用负担减轻程度"]),
    (
        "common.social_assistance_impact",
        &["对健全社会救助体系的影响"],
    ),
    (
        "common.medical_security_impact",
        &[
            "对健全医疗保障（制度）体系的作用",
            "对健全医疗保障体系的作用",
        ],
    ),
    ("common.supervision_capacity", &["医保综合监管能力"]),
    (
        "common.funds_timeliness",
        &[
            "资金到位及时率",
            "资金拨付及时率",
            "发放及时率",
            "按时发放率",
        ],
    ),
    ("common.funds_in_place_rate", &["资金到位率"]),
    (
        "common.compliance",
        &["资金使用合规性", "经费支出合规性", "符合政策规定", "合规率"],
    ),
    ("common.completion_timeliness", &["项目完成及时率"]),
    (
        "common.cost_control",
        &["成本控制率", "成本控制数", "项目总成本"],
    ),
];

const BOUNDED: &[&str] = &[
    "ma.key_group_inpatient_ratio",
    "ma.subsidy_coverage",
    "ma.outpatient_aid_ratio",
    "ma.inpatient_aid_ratio",
    "ma.compliance_rate",
    "ri.enrollment_rate",
    "ri.enrollment_rate_registered",
    "ri.enrollment_rate_resident",
    "ri.policy_reimbursement_ratio",
    "ri.actual_reimbursement_ratio",
    "ri.subsidy_in_place_rate",
    "cap.system_acceptance_rate",
    "cap.cross_province_settlement_rate",
    "common.satisfaction",
    "common.policy_awareness",
    "common.one_stop_settlement",
    "common.funds_timeliness",
    "common.funds_in_place_rate",
    "common.completion_timeliness",
];

#[test]
fn builtin_patterns_compile() {
    let built = Patterns::try_builtin();
    assert!(built.is_ok(), "{:?}", built.err());
}

#[test]
fn every_catalogue_wording_maps_exactly_to_its_id() {
    let pats = p();
    for (id, wordings) in CATALOGUE_INDICATORS {
        for w in *wordings {
            let m = pats.indicator(w);
            assert_eq!(m.canonical.as_deref(), Some(*id), "{w:?} → {m:?}");
            assert_eq!(m.confidence, 1.0, "{w:?} → {m:?}");
            assert_eq!(m.kind.as_str(), "pattern", "{w:?}");
        }
    }
}

#[test]
fn indicator_ids_are_the_catalogue_ids() {
    let pats = p();
    let ids: Vec<&str> = pats.indicator_ids().collect();
    let catalogue: Vec<&str> = CATALOGUE_INDICATORS.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, catalogue);
}

#[test]
fn bounded_flags_follow_the_catalogue() {
    let pats = p();
    for id in pats.indicator_ids() {
        assert_eq!(pats.is_bounded(id), BOUNDED.contains(&id), "{id}");
    }
    assert!(!pats.is_bounded("no.such_id"));
    assert!(!pats.is_bounded(""));
}

#[test]
fn real_names_from_the_seeds() {
    let pats = p();
    let cases = [
        ("救助对象对救助工作满意度", "common.satisfaction"),
        ("指标1: 参保对象满意度(%)", "common.satisfaction"),
        ("城乡医疗救助政策知晓率", "common.policy_awareness"),
        ("政策知晓率", "common.policy_awareness"),
        ("“一站式”即时结算覆盖率", "common.one_stop_settlement"),
        ("市域内一站式即时结算覆盖地区", "common.one_stop_settlement"),
        ("市域内“一站式”即时结算覆盖率", "common.one_stop_settlement"),
        ("资助参保人次", "ma.insurance_subsidy_persons"),
        ("资助参保人次数", "ma.insurance_subsidy_persons"),
        ("住院救助人次", "ma.inpatient_visits"),
        ("门诊救助人次数", "ma.outpatient_visits"),
        ("医疗救助对象人次规模", "ma.beneficiary_visits"),
        (
            "重点救助对象政策范围内个人自付费用年度限额内住院 救助比例",
            "ma.key_group_inpatient_ratio",
        ),
        (
            "重点救助对象自付费用按规定年度限额内住院救助比例",
            "ma.key_group_inpatient_ratio",
        ),
        (
            "符合资助条件的农村低收入人口资助参保政策覆盖率",
            "ma.subsidy_coverage",
        ),
        ("医保综合监管能力", "common.supervision_capacity"),
        (
            "对健全医疗保障制度体系的作用",
            "common.medical_security_impact",
        ),
        ("对健全医疗保障体系的作用", "common.medical_security_impact"),
        ("指标1: 参保人数(万人)", "ri.enrolled_persons"),
        ("参保人数(万人)", "ri.enrolled_persons"),
        ("指标3: 虚报参保人数(人)", "ri.false_enrollment"),
        ("虚报参保人数(人)", "ri.false_enrollment"),
        ("指标2: 各级财政实际补助标准", "ri.fiscal_subsidy_standard"),
        ("指标3: 参保居民个人缴费标准", "ri.individual_contribution"),
        ("指标7: 基金滚存结余可支配月数", "ri.fund_balance_months"),
        ("不合理累计结余减少程度", "ma.balance_reduction"),
        ("医保信息系统验收合格率", "cap.system_acceptance_rate"),
        ("参保群众政策知晓率", "common.policy_awareness"),
        (
            "跨省异地就医直接结算率",
            "cap.cross_province_settlement_rate",
        ),
        ("DRG试点进行模拟运行时间", "cap.drg_pilot"),
        ("门诊医疗费用救助比例", "ma.outpatient_aid_ratio"),
        ("住院医疗费用救助比例", "ma.inpatient_aid_ratio"),
        ("医疗救助对象覆盖范围", "ma.coverage_scope"),
        ("困难群众看病就医方便程度", "common.access_convenience"),
        ("困难群众医疗费用负担减轻程度", "common.burden_relief"),
        (
            "对健全社会救助体系的影响",
            "common.social_assistance_impact",
        ),
        ("开展全域医保政策宣传活动次数", "cap.publicity_events"),
        (
            "开展医保工作政府信息公开工作会议或培训",
            "cap.disclosure_meetings",
        ),
        ("国家15套信息化标准代码贯彻落地", "cap.standard_codes"),
        ("参保人员对医保服务的满意度", "common.satisfaction"),
        (
            "市域内医疗救助“一单制”即时结算覆盖率",
            "common.one_stop_settlement",
        ),
        (
            "重点救助对象自付政策范围内医疗费用按规定年度限额内住院救助比例",
            "ma.key_group_inpatient_ratio",
        ),
        (
            "重点救助对象政策范围内住院自付费用年度限额内救助比例",
            "ma.key_group_inpatient_ratio",
        ),
        (
            "以常住人口数为基数计算的基本医保综合参保率",
            "ri.enrollment_rate_resident",
        ),
    ];
    for (name, id) in cases {
        assert_maps(&pats, name, id);
    }
}

#[test]
fn suffix_wildcards_only_match_names_ending_in_the_suffix() {
    let pats = p();
    let m = pats.indicator("参保人员对医保服务的满意度");
    assert_eq!(m.canonical.as_deref(), Some("common.satisfaction"));
    assert_eq!(m.kind, MatchKind::Pattern);
    assert_eq!(m.confidence, 1.0);
    assert_maps(&pats, "城乡医疗救助政策知晓率", "common.policy_awareness");
    assert_unmapped(&pats, "参保人员满意度调查覆盖率");
    assert_unmapped(&pats, "就医满意度提升率");
    assert_unmapped(&pats, "政策知晓率提升幅度");
    // a subject before a catalogue stem only says whose funds or whose rating it is
    assert_maps(
        &pats,
        "城乡居民医保参保工作经费发放及时率",
        "common.funds_timeliness",
    );
    assert_maps(&pats, "救助资金拨付及时率", "common.funds_timeliness");
    assert_maps(&pats, "中央补助资金到位率", "common.funds_in_place_rate");
    assert_maps(&pats, "群众对政策知晓度", "common.policy_awareness");
    assert_maps(&pats, "服务对象满意率", "common.satisfaction");
    assert_maps(&pats, "是否满意", "common.satisfaction");
    assert_unmapped(&pats, "补助资金拨付到位率提升幅度");
}

#[test]
fn place_prefixes_are_tried_away_when_nothing_matches() {
    let pats = p();
    assert_maps(&pats, "全县参合人数", "ri.enrolled_persons");
    assert_maps(&pats, "指标1:全县参合人数", "ri.enrolled_persons");
    assert_maps(&pats, "我市资助参保人数", "ma.insurance_subsidy_persons");
    assert_maps(&pats, "本区政策知晓率", "common.policy_awareness");
    // the place word alone, or a place word that is part of the name, leaves it unmapped
    assert_unmapped(&pats, "全县");
    assert_unmapped(&pats, "全县覆盖");
    assert_unmapped(&pats, "全市养老保险参保人数");
}

#[test]
fn the_most_specific_wording_wins() {
    let pats = p();
    assert_maps(&pats, "参保率", "ri.enrollment_rate");
    assert_maps(
        &pats,
        "以户籍人口数为基数计算的参保率",
        "ri.enrollment_rate_registered",
    );
    assert_maps(
        &pats,
        "以常住人口数为基数计算的参保率",
        "ri.enrollment_rate_resident",
    );
    assert_maps(&pats, "资金到位率", "common.funds_in_place_rate");
    assert_maps(
        &pats,
        "当年各级财政补助资金到位率",
        "ri.subsidy_in_place_rate",
    );
    assert_maps(&pats, "合规率", "common.compliance");
    assert_maps(&pats, "医疗救助合规率", "ma.compliance_rate");
}

#[test]
fn names_that_must_stay_unmapped() {
    let pats = p();
    for name in [
        "退役军人参保及关系转移接续系统适应性",
        "参加省局信息化建设工作专班",
        "参保信息核查系统适应性改造",
        "医保经办服务信息化支撑能力",
        "完成市县骨干网络搭建",
        "资金使用率",
        "参保人员满意度调查覆盖率",
        "住院率",
        "就医满意度提升率",
        "服务对象满意度指标",
        "产出指标",
        "数量指标",
        "三级指标",
        "",
        "   ",
        "指标1:",
        "(万元)",
        "满意",
        "率",
    ] {
        assert_unmapped(&pats, name);
    }
}

#[test]
fn truncated_cells_map_with_lower_confidence() {
    let pats = p();
    let cases = [
        (
            "指标1: 以户籍人口数为基数计算的",
            "ri.enrollment_rate_registered",
        ),
        ("以户籍人口数为基数计算的", "ri.enrollment_rate_registered"),
        (
            "指标2: 以常住人口数为基数计算的",
            "ri.enrollment_rate_resident",
        ),
        ("以常住人口数为基数计算的", "ri.enrollment_rate_resident"),
        (
            "指标4: 参保人政策范围内住院费用",
            "ri.policy_reimbursement_ratio",
        ),
        (
            "指标5: 参保人住院费用实际报销比",
            "ri.actual_reimbursement_ratio",
        ),
        ("指标6: 实行按病种(组)、按人头", "ri.payment_reform"),
        (
            "指标1: 当年各级财政补助资金到位",
            "ri.subsidy_in_place_rate",
        ),
        ("指标1: 有效减轻参保人员医疗费用", "ri.burden_reduction"),
        (
            "重点救助对象自付费用按规定年度限额",
            "ma.key_group_inpatient_ratio",
        ),
    ];
    for (name, id) in cases {
        let m = pats.indicator(name);
        assert_eq!(m.canonical.as_deref(), Some(id), "{name:?} → {m:?}");
        assert_eq!(m.kind, MatchKind::Pattern, "{name:?}");
        assert_eq!(m.confidence, 0.9, "{name:?}");
    }
    // The cut-off cell of the second form is caught by an any-suffix wording.
    assert_maps(
        &pats,
        "指标8: 开展门诊统筹,逐步向门诊",
        "ri.outpatient_pooling",
    );
    assert_maps(&pats, "开展门诊统筹，逐步向门诊", "ri.outpatient_pooling");
    // Too short to be trusted as a cut-off cell.
    assert_unmapped(&pats, "以户籍人口");
}

#[test]
fn a_cut_off_cell_shared_by_two_ids_stays_unmapped() {
    let dir = temp_dir("ambiguous");
    write(
        &dir,
        "funds.toml",
        "[[line]]\nid = \"total\"\nwordings = [\"合计\"]\n",
    );
    write(
        &dir,
        "indicators.toml",
        "[[indicator]]\nid = \"a\"\nwordings = [\"城乡居民基本医疗保险参保人数\"]\n\
         [[indicator]]\nid = \"b\"\nwordings = [\"城乡居民基本医疗保险参保率\"]\n",
    );
    let loaded = Patterns::load_dir(&dir);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let Ok(pats) = loaded else { return };
    assert_unmapped(&pats, "城乡居民基本医疗保险参保");
    assert_eq!(
        id_of(&pats, "城乡居民基本医疗保险参保人").as_deref(),
        Some("a")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fuzzy_matches_near_misses_and_reports_similarity() {
    let pats = p();
    // One character changed in a long wording.
    let m = pats.indicator("符合资助条件的农村低收入人员资助参保政策覆盖率");
    assert_eq!(m.canonical.as_deref(), Some("ma.subsidy_coverage"), "{m:?}");
    assert_eq!(m.kind, MatchKind::Fuzzy);
    assert_eq!(m.kind.as_str(), "fuzzy");
    assert!(m.confidence >= 0.9 && m.confidence < 1.0, "{m:?}");
    // Similar but not close enough: a dropped qualifier changes the meaning.
    assert_unmapped(&pats, "异地就医直接结算率");
    assert_unmapped(&pats, "城乡居民参保人数");
    // The beginning of wordings of two ids is a tie, however similar it is.
    assert_unmapped(&pats, "资金到位");
    assert_maps(&pats, "资金到位及时", "common.funds_timeliness");
}

#[test]
fn numbering_prefixes_are_dropped() {
    let pats = p();
    for name in [
        "指标1:政策知晓率",
        "指标1：政策知晓率",
        "指标12: 政策知晓率",
        "目标6:政策知晓率",
        "1.政策知晓率",
        "1、政策知晓率",
        "1．政策知晓率",
        "(1)政策知晓率",
        "（1）政策知晓率",
        "（一）政策知晓率",
        "一、政策知晓率",
        "①政策知晓率",
        "⑫ 政策知晓率",
        "1.(1)政策知晓率",
    ] {
        assert_maps(&pats, name, "common.policy_awareness");
        assert_eq!(pats.clean_name(name), "政策知晓率", "{name:?}");
    }
    // A leading number that is part of the name stays.
    assert_eq!(pats.clean_name("15套信息化标准"), "15套信息化标准");
    assert_eq!(pats.clean_name("1.5倍"), "1.5倍");
}

#[test]
fn unit_suffixes_and_placeholders_are_dropped() {
    let pats = p();
    let cases = [
        ("参保人数(万人)", "参保人数"),
        ("参保人数（万人）", "参保人数"),
        ("资助参保人数(人)", "资助参保人数"),
        ("参保对象满意度(%)", "参保对象满意度"),
        ("参保对象满意度（%）", "参保对象满意度"),
        ("各级财政实际补助标准(元)", "各级财政实际补助标准"),
        ("资金到位率(≥**%)", "资金到位率"),
        ("资金到位率（≥XX%）", "资金到位率"),
        ("资金到位率（≥xx%）", "资金到位率"),
        ("资金到位率≥XX%", "资金到位率"),
        ("资金到位率(%)(≥**%)", "资金到位率"),
        ("资金到位率：", "资金到位率"),
        ("政策知晓率:", "政策知晓率"),
    ];
    for (name, clean) in cases {
        assert_eq!(pats.clean_name(name), clean, "{name:?}");
        assert!(pats.indicator(name).canonical.is_some(), "{name:?}");
    }
    assert_maps(&pats, "资金到位率（≥XX%）", "common.funds_in_place_rate");
}

#[test]
fn spaces_quotes_and_full_width_are_normalised() {
    let pats = p();
    assert_eq!(pats.clean_name("全年预  算数（A）"), "全年预算数(A)");
    assert_eq!(
        pats.clean_name("「一站式」即时结算覆盖率"),
        "一站式即时结算覆盖率"
    );
    assert_eq!(
        pats.clean_name("\"一站式\"即时结算覆盖率"),
        "一站式即时结算覆盖率"
    );
    assert_eq!(
        pats.clean_name("ＤＲＧ试点进行模拟运行时间"),
        "DRG试点进行模拟运行时间"
    );
    assert_maps(&pats, "ＤＲＧ试点进行模拟运行时间", "cap.drg_pilot");
    assert_maps(&pats, "drg试点进行模拟运行时间", "cap.drg_pilot");
    assert_maps(
        &pats,
        "\u{3000}医保综合监管能力\u{3000}",
        "common.supervision_capacity",
    );
    assert_maps(
        &pats,
        "医保综合\u{200B}监管能力",
        "common.supervision_capacity",
    );
    assert_maps(
        &pats,
        "参保人政策范围内住院费用报销比例",
        "ri.policy_reimbursement_ratio",
    );
    assert_maps(
        &pats,
        "实行按病种(组)、按人头付费等支付方式改革",
        "ri.payment_reform",
    );
    assert_maps(
        &pats,
        "实行按病种（组）、按人头付费等支付方式改革",
        "ri.payment_reform",
    );
}

#[test]
fn traditional_characters_are_simplified() {
    let pats = p();
    assert_eq!(
        pats.clean_name("資金執行預算總額補助"),
        "资金执行预算总额补助"
    );
    let cases = [
        ("救助對象滿意度", "common.satisfaction"),
        ("參保人數（萬人）", "ri.enrolled_persons"),
        ("醫療救助對象人次規模", "ma.beneficiary_visits"),
        ("門診醫療費用救助比例", "ma.outpatient_aid_ratio"),
        ("各級財政實際補助標準", "ri.fiscal_subsidy_standard"),
        ("基金滾存結餘可支配月數", "ri.fund_balance_months"),
        ("醫保信息系統驗收合格率", "cap.system_acceptance_rate"),
        (
            "跨省異地就醫直接結算率",
            "cap.cross_province_settlement_rate",
        ),
        ("項目完成及時率", "common.completion_timeliness"),
        ("資金使用合規性", "common.compliance"),
        ("政策知曉率", "common.policy_awareness"),
        ("參保居民個人繳費標準", "ri.individual_contribution"),
    ];
    for (name, id) in cases {
        assert_maps(&pats, name, id);
    }
    assert_eq!(pats.fund_line("年度資金總額"), Some("total"));
    assert_eq!(pats.fund_line("其中：中央補助"), Some("central"));
    assert_eq!(
        pats.fund_column("全年預算數（A）"),
        Some(FundColumn::Budget)
    );
    assert_eq!(
        pats.fund_column("全年執行數（B）"),
        Some(FundColumn::Executed)
    );
    assert_eq!(pats.fund_column("預算執行率"), Some(FundColumn::Rate));
}

#[test]
fn fund_lines() {
    let pats = p();
    let cases = [
        ("年度资金总额：", "total"),
        ("年度资金总额:", "total"),
        ("年度资金总额", "total"),
        ("年度财政资金总额", "total"),
        ("年度预算资金总额", "total"),
        ("年度总金额", "total"),
        ("资金总额", "total"),
        ("总额", "total"),
        ("合计", "total"),
        ("其中：中央补助", "central"),
        ("其中: 中央补助", "central"),
        ("其中:中央补助", "central"),
        ("其中： 中央补助", "central"),
        ("中央补助", "central"),
        ("中央财政资金", "central"),
        ("中央资金", "central"),
        ("中央直达资金", "central"),
        ("中央财政补助", "central"),
        ("省级资金", "provincial"),
        ("省级补助", "provincial"),
        ("省级财政资金", "provincial"),
        ("自治区财政资金", "provincial"),
        ("市级资金", "municipal"),
        ("盟市财政资金", "municipal"),
        ("州级资金", "municipal"),
        ("县级资金", "county"),
        ("旗县财政资金", "county"),
        ("区级资金", "county"),
        ("县级财政补助资金", "county"),
        ("地方资金", "local"),
        ("地方财政资金", "local"),
        ("彩票公益金", "lottery"),
        ("彩票公益金（福利）", "lottery"),
        ("中央专项彩票公益金", "lottery"),
        ("当年财政拨款", "appropriation"),
        ("本年财政拨款", "appropriation"),
        ("财政拨款", "appropriation"),
        ("财政资金", "appropriation"),
        ("财政专户管理资金", "special_account"),
        ("单位资金", "unit_own"),
        ("自有资金", "unit_own"),
        ("上年结转资金", "carryover"),
        ("以前年度结转结余", "carryover"),
        ("其他资金", "other"),
        ("     其他资金", "other"),
        ("其中：其他资金", "other"),
        (
            "其他资金（含与中央财政资金、地方财政资金共同投入到同一项目的自有资金）",
            "other",
        ),
        ("其他资金（含…）", "other"),
        ("其他资金(含社会资金", "other"),
        ("其他资金（万元）", "other"),
        // lines named by the level of government that pays
        ("其中：中央财政", "central"),
        ("省财政", "provincial"),
        ("省级配套资金", "provincial"),
        ("市财政", "municipal"),
        ("州财政", "municipal"),
        ("县财政", "county"),
        ("区财政", "county"),
        ("县级配套资金", "county"),
        ("本级资金", "county"),
        ("其它", "other"),
        ("其它资金", "other"),
        ("自筹资金", "unit_own"),
        ("一般公共预算资金", "appropriation"),
        ("上年结余", "carryover"),
        ("社会投入资金", "other"),
    ];
    for (label, id) in cases {
        assert_eq!(pats.fund_line(label), Some(id), "{label:?}");
    }
    for label in [
        "项目资金（万元）",
        "项目资金 （万元）",
        "资金投入情况",
        "资金管理情况",
        "",
        "其中：",
        "全年预算数（A）",
        "分配科学性",
    ] {
        assert_eq!(pats.fund_line(label), None, "{label:?}");
    }
    let ids: Vec<&str> = pats.fund_line_ids().collect();
    assert_eq!(
        ids,
        [
            "total",
            "central",
            "provincial",
            "municipal",
            "county",
            "local",
            "lottery",
            "appropriation",
            "special_account",
            "unit_own",
            "carryover",
            "other"
        ]
    );
}

#[test]
fn fund_columns() {
    let pats = p();
    use FundColumn::*;
    let cases = [
        ("年初预算数", Initial),
        ("年初预算数（A）", Initial),
        ("全年预算数（A）", Budget),
        ("全年预算数 (A)", Budget),
        ("全年预  算数（A）", Budget),
        ("调整后预算数", Budget),
        ("全年(调整)预算数", Budget),
        ("全年（调整）预算数", Budget),
        ("预算数", Budget),
        ("全年预算", Budget),
        ("全年执行数（B）", Executed),
        ("全年执行 数（B）", Executed),
        ("全年执行数(B)", Executed),
        ("预算执行数", Executed),
        ("执行数", Executed),
        ("实际支出", Executed),
        ("全年执行", Executed),
        ("预算执行率", Rate),
        ("预算执行率（B/A）", Rate),
        ("预算执行率(B/A)", Rate),
        ("预算执行率（B/A) × 100%", Rate),
        ("预算执行率（B/A）×100%", Rate),
        ("执行率", Rate),
        ("分值", Weight),
        ("权重", Weight),
        ("得分", Score),
        ("原因", Reason),
        ("偏差原因", Reason),
        ("未完成原因", Reason),
        ("全年预算数（万元）", Budget),
        ("计划安排资金（万元）", Budget),
        ("实际支出（万元）", Executed),
        ("预算执行率（%）", Rate),
    ];
    for (header, col) in cases {
        assert_eq!(pats.fund_column(header), Some(col), "{header:?}");
    }
    for header in [
        "项目资金（万元）",
        "年度资金总额",
        "情况说明",
        "存在问题和改进措施",
        "",
        "(A)",
    ] {
        assert_eq!(pats.fund_column(header), None, "{header:?}");
    }
}

#[test]
fn a_column_heading_short_of_one_character_still_names_its_column() {
    let pats = p();
    use FundColumn::*;
    // A seal or a fold takes a character out of a scanned heading.
    for (header, col) in [
        ("预算行率", Rate),
        ("预执行率", Rate),
        ("调整后算数", Budget),
        ("年初预数", Initial),
        ("实际出数", Executed),
    ] {
        assert_eq!(pats.fund_column(header), Some(col), "{header:?}");
    }
    // Short wordings lose too much with a character (分值 → 分), and a heading
    // two characters short names nothing.
    for header in ["分", "值", "预算率", "调整后数"] {
        assert_eq!(pats.fund_column(header), None, "{header:?}");
    }
}

fn repo_patterns() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns")
}

#[test]
fn load_dir_matches_builtin() {
    let dir = repo_patterns();
    let loaded = Patterns::load_dir(&dir);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let Ok(loaded) = loaded else { return };
    let builtin = p();
    assert_eq!(
        loaded.indicator_ids().collect::<Vec<_>>(),
        builtin.indicator_ids().collect::<Vec<_>>()
    );
    let mut names: Vec<&str> = CATALOGUE_INDICATORS
        .iter()
        .flat_map(|(_, w)| w.iter().copied())
        .collect();
    names.extend([
        "以常住人口数为基数计算的",
        "住院率",
        "参保人员满意度调查覆盖率",
        "开展全域医保政策宣传活动数",
        "救助對象滿意度",
    ]);
    for name in names {
        assert_eq!(loaded.indicator(name), builtin.indicator(name), "{name:?}");
    }
    for label in ["其中：中央补助", "其他资金（含…）", "项目资金（万元）"] {
        assert_eq!(
            loaded.fund_line(label),
            builtin.fund_line(label),
            "{label:?}"
        );
    }
    for header in ["年初预算数", "预算执行率（B/A）×100%", "全年预  算数（A）"]
    {
        assert_eq!(
            loaded.fund_column(header),
            builtin.fund_column(header),
            "{header:?}"
        );
    }
    for id in builtin.indicator_ids() {
        assert_eq!(loaded.is_bounded(id), builtin.is_bounded(id), "{id}");
    }
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-patterns-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let made = std::fs::create_dir_all(&dir);
    assert!(made.is_ok(), "{made:?}");
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let written = std::fs::write(dir.join(name), text);
    assert!(written.is_ok(), "{written:?}");
}

fn copy_repo_patterns(dir: &Path) {
    for name in [
        "funds.toml",
        "indicators.toml",
        "aliases.toml",
        "config.toml",
    ] {
        let text = std::fs::read_to_string(repo_patterns().join(name)).unwrap_or_default();
        write(dir, name, &text);
    }
}

#[track_caller]
fn assert_invalid(dir: &Path, file: &str) {
    match Patterns::load_dir(dir) {
        Err(PatternError::Invalid { path, message }) => {
            assert!(path.ends_with(file), "{path} / {message}");
            assert!(!message.is_empty());
        }
        other => panic!("expected Invalid for {file}, got {other:?}"),
    }
}

#[test]
fn bad_toml_is_invalid() {
    let dir = temp_dir("bad-toml");
    copy_repo_patterns(&dir);
    write(
        &dir,
        "indicators.toml",
        "[[indicator]]\nid = \"x\"\nwordings = [\"unclosed\"\n",
    );
    assert_invalid(&dir, "indicators.toml");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn curator_mistakes_are_invalid() {
    let dir = temp_dir("mistakes");
    copy_repo_patterns(&dir);
    let cases = [
        ("indicators.toml", "[[indicator]]\nid = \"a\"\nwordings = [\"x\"]\nbounded = true\nwording = [\"typo\"]\n"),
        ("indicators.toml", "[[indicator]]\nid = \"a\"\nwordings = [\"参保率\"]\n[[indicator]]\nid = \"b\"\nwordings = [\"参保率\"]\n"),
        ("indicators.toml", "[[indicator]]\nid = \"a\"\nwordings = [\"参保（率\"]\n"),
        ("indicators.toml", "[[indicator]]\nid = \"a\"\nregex = [\"^参保(率$\"]\n"),
        ("indicators.toml", "[[indicator]]\nid = \"a\"\nwordings = [\"…\"]\n"),
        ("indicators.toml", "[[indicator]]\nid = \"a\"\n"),
        ("indicators.toml", ""),
        ("funds.toml", "[[column]]\nid = \"budgets\"\nwordings = [\"预算数\"]\n"),
        ("aliases.toml", "[chars]\n\"資金\" = \"资金\"\n"),
        ("config.toml", "fuzzy_threshold = 1.5\n"),
    ];
    for (file, text) in cases {
        copy_repo_patterns(&dir);
        write(&dir, file, text);
        assert_invalid(&dir, file);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_required_file_is_io_and_optional_files_may_be_absent() {
    let dir = temp_dir("missing");
    write(
        &dir,
        "funds.toml",
        "[[line]]\nid = \"total\"\nwordings = [\"合计\"]\n",
    );
    assert!(matches!(
        Patterns::load_dir(&dir),
        Err(PatternError::Io { .. })
    ));
    write(
        &dir,
        "indicators.toml",
        "[[indicator]]\nid = \"x.rate\"\nbounded = true\nwordings = [\"…达标率\"]\nregex = [\"^第[0-9]+季度完成率$\"]\n",
    );
    let loaded = Patterns::load_dir(&dir);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let Ok(pats) = loaded else { return };
    assert_eq!(pats.fund_line("合计："), Some("total"));
    assert_eq!(id_of(&pats, "水质达标率").as_deref(), Some("x.rate"));
    assert_eq!(id_of(&pats, "第3季度完成率").as_deref(), Some("x.rate"));
    assert_eq!(id_of(&pats, "达标率提升"), None);
    assert!(pats.is_bounded("x.rate"));
    // Without aliases.toml traditional characters are left as they are.
    assert_eq!(pats.clean_name("資金"), "資金");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn configured_threshold_is_used() {
    let dir = temp_dir("threshold");
    copy_repo_patterns(&dir);
    write(&dir, "config.toml", "fuzzy_threshold = 0.99\n");
    let loaded = Patterns::load_dir(&dir);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let Ok(strict) = loaded else { return };
    let near = "符合资助条件的农村低收入人员资助参保政策覆盖率";
    assert_eq!(id_of(&strict, near), None);
    assert_eq!(id_of(&p(), near).as_deref(), Some("ma.subsidy_coverage"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_input_does_not_panic() {
    let pats = p();
    let long = "满意度".repeat(5000);
    assert_eq!(id_of(&pats, &long).as_deref(), Some("common.satisfaction"));
    for s in [
        "(",
        ")",
        "（（（",
        "指标",
        "其中其中其中",
        "::::",
        "\u{0}",
        "①②③",
        "1.",
        "(1)",
        "…",
        "*",
        "\\",
        "^$",
    ] {
        let _ = pats.indicator(s);
        let _ = pats.fund_line(s);
        let _ = pats.fund_column(s);
        let _ = pats.clean_name(s);
    }
}

#[test]
fn matching_is_fast() {
    let pats = p();
    let names: Vec<&str> = CATALOGUE_INDICATORS
        .iter()
        .flat_map(|(_, w)| w.iter().copied())
        .collect();
    let start = std::time::Instant::now();
    let mut mapped = 0;
    for _ in 0..20 {
        for n in &names {
            if pats.indicator(n).canonical.is_some() {
                mapped += 1;
            }
            // Unmapped names go all the way to fuzzy, the slowest path.
            let _ = pats.indicator("退役军人参保及关系转移接续系统适应性");
        }
    }
    assert_eq!(mapped, names.len() * 20);
    let per_sec = (names.len() * 40) as f64 / start.elapsed().as_secs_f64();
    assert!(per_sec > 2000.0, "{per_sec:.0} names/s");
}

#[test]
fn the_pattern_with_most_literal_characters_wins() {
    let dir = temp_dir("rank");
    write(
        &dir,
        "funds.toml",
        "[[line]]\nid = \"total\"\nwordings = [\"合计\"]\n",
    );
    write(
        &dir,
        "indicators.toml",
        "[[indicator]]\nid = \"rate\"\nwordings = [\"…参保率\"]\n\
         [[indicator]]\nid = \"resident\"\nwordings = [\"以常住人口…参保率\"]\n\
         [[indicator]]\nid = \"x\"\nwordings = [\"…合格率\"]\n\
         [[indicator]]\nid = \"y\"\nwordings = [\"系统…率\"]\n",
    );
    let loaded = Patterns::load_dir(&dir);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let Ok(pats) = loaded else { return };
    assert_eq!(id_of(&pats, "困难群众参保率").as_deref(), Some("rate"));
    assert_eq!(
        id_of(&pats, "以常住人口数为基数计算的综合参保率").as_deref(),
        Some("resident")
    );
    assert_eq!(id_of(&pats, "设备合格率").as_deref(), Some("x"));
    assert_eq!(id_of(&pats, "系统运行率").as_deref(), Some("y"));
    // Equally specific patterns of two ids: a tie, so nothing.
    assert_unmapped(&pats, "系统合格率");
    let _ = std::fs::remove_dir_all(&dir);
}
