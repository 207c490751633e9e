//! The words that tie a figure in prose to a concept: a fund line's budget, executed or
//! rate (`fund.*`), an indicator id of patterns/indicators.toml, a per-capita standard.
//!
//! Prose names quantities more loosely than forms do ("资助参保305万人", "门诊救助2355人次"),
//! so this list is separate from the form patterns: each entry asks for all of its word
//! groups in the label before the figure, none of its excluded words, and a unit of the
//! right kind. The first entry that fits wins; more specific entries come first.

use super::text::Kind;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Want {
    Percent,
    Headcount,
    Months,
    PerCapita,
    Yuan,
    Times,
}

impl Want {
    fn fits(self, k: Kind) -> bool {
        match self {
            Want::Percent => k == Kind::Percent,
            Want::Headcount => k.is_headcount(),
            Want::Months => k == Kind::Months,
            Want::PerCapita => k == Kind::PerCapita,
            Want::Yuan => k.is_money() || k == Kind::PerCapita,
            Want::Times => matches!(k, Kind::Count("次")),
        }
    }
}

pub struct Entry {
    pub id: &'static str,
    pub want: Want,
    /// Every group must occur; a group is alternatives separated by '|'.
    pub all: &'static [&'static str],
    pub none: &'static [&'static str],
}

const fn e(
    id: &'static str,
    want: Want,
    all: &'static [&'static str],
    none: &'static [&'static str],
) -> Entry {
    Entry {
        id,
        want,
        all,
        none,
    }
}

pub static ENTRIES: &[Entry] = &[
    // rates
    e(
        "ma.key_group_inpatient_ratio",
        Want::Percent,
        &["重点救助", "住院", "救助比例"],
        &[],
    ),
    e(
        "ma.subsidy_coverage",
        Want::Percent,
        &["资助参保", "覆盖率"],
        &[],
    ),
    e(
        "ma.outpatient_aid_ratio",
        Want::Percent,
        &["门诊医疗费用救助比例|门诊救助比例"],
        &[],
    ),
    e(
        "ma.inpatient_aid_ratio",
        Want::Percent,
        &["住院医疗费用救助比例|住院救助比例"],
        &["重点"],
    ),
    e(
        "ma.compliance_rate",
        Want::Percent,
        &["医疗救助合规率"],
        &[],
    ),
    e(
        "ma.coverage_scope",
        Want::Percent,
        &["救助对象覆盖范围"],
        &[],
    ),
    e(
        "ri.enrollment_rate_resident",
        Want::Percent,
        &["常住人口"],
        &[],
    ),
    e(
        "ri.enrollment_rate_registered",
        Want::Percent,
        &["户籍人口"],
        &[],
    ),
    e(
        "ri.actual_reimbursement_ratio",
        Want::Percent,
        &["实际报销"],
        &[],
    ),
    e(
        "ri.policy_reimbursement_ratio",
        Want::Percent,
        &["政策范围内", "住院费用|住院报销"],
        &["救助", "实际", "自付"],
    ),
    e(
        "ri.subsidy_in_place_rate",
        Want::Percent,
        &["财政补助资金到位率"],
        &[],
    ),
    e(
        "ri.enrollment_rate",
        Want::Percent,
        &["参保率|参合率"],
        &["资助"],
    ),
    e(
        "cap.cross_province_settlement_rate",
        Want::Percent,
        &["异地就医直接结算率"],
        &[],
    ),
    e(
        "common.one_stop_settlement",
        Want::Percent,
        &["一站式|一单制", "结算"],
        &["异地"],
    ),
    e(
        "cap.system_acceptance_rate",
        Want::Percent,
        &["验收合格率"],
        &[],
    ),
    e(
        "common.satisfaction",
        Want::Percent,
        &["满意度|满意率"],
        &[],
    ),
    e("common.policy_awareness", Want::Percent, &["知晓率"], &[]),
    e(
        "common.completion_timeliness",
        Want::Percent,
        &["完成及时率"],
        &[],
    ),
    e(
        "common.funds_timeliness",
        Want::Percent,
        &["拨付及时率|到位及时率|发放及时率|按时发放率"],
        &[],
    ),
    e(
        "common.funds_in_place_rate",
        Want::Percent,
        &["到位率"],
        &[],
    ),
    // counts
    e("ri.false_enrollment", Want::Headcount, &["虚报参保"], &[]),
    e(
        "ri.duplicate_enrollment",
        Want::Headcount,
        &["重复参保"],
        &[],
    ),
    e(
        "ma.insurance_subsidy_persons",
        Want::Headcount,
        &["资助参保|参保资助|资助参加|资助困难群众参保"],
        &[],
    ),
    e(
        "ma.outpatient_visits",
        Want::Headcount,
        &["门诊救助|门诊医疗救助"],
        &[],
    ),
    e(
        "ma.inpatient_visits",
        Want::Headcount,
        &["住院救助|住院医疗救助"],
        &[],
    ),
    e(
        "ma.beneficiary_visits",
        Want::Headcount,
        &["救助对象人次|人次规模|医疗救助人次|直接救助|享受医疗救助|救助困难群众"],
        &[],
    ),
    e(
        "ri.enrolled_persons",
        Want::Headcount,
        &["参保人数|参保居民人数|参合人数|参保居民|参保人口"],
        &["资助", "虚报", "重复", "新增"],
    ),
    e("cap.publicity_events", Want::Times, &["宣传活动"], &[]),
    e(
        "ri.fund_balance_months",
        Want::Months,
        &["可支配月数|可支付月数|可支付时间"],
        &[],
    ),
    // standards
    e("ri.individual_contribution", Want::Yuan, &["个人缴费"], &[]),
    e(
        "ri.fiscal_subsidy_standard",
        Want::Yuan,
        &["财政补助标准|财政实际补助标准|财政补助"],
        &["资金"],
    ),
    e("standard.per_capita", Want::PerCapita, &[""], &[]),
];

/// The concept a label names for a figure of this kind.
pub fn concept(label: &str, kind: Kind) -> Option<&'static str> {
    ENTRIES.iter().find_map(|en| {
        let ok = en.want.fits(kind)
            && en
                .all
                .iter()
                .all(|g| g.split('|').any(|w| label.contains(w)))
            && !en.none.iter().any(|w| label.contains(w));
        // a 元 standard needs the word 标准 unless its unit says per person
        let ok = ok && (en.want != Want::Yuan || kind == Kind::PerCapita || label.contains("标准"));
        ok.then_some(en.id)
    })
}

/// The concept of a form's indicator name, for indicators the form patterns left
/// unmapped; `kind` is what the indicator's actual value measures.
pub fn indicator_concept(name: &str, kind: Kind) -> Option<&'static str> {
    let name = crate::value::compact(name);
    concept(&name, kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::MoneyUnit;

    #[test]
    fn labels_to_concepts() {
        assert_eq!(
            concept("广西医疗救助资金共资助参保", Kind::Persons),
            Some("ma.insurance_subsidy_persons")
        );
        assert_eq!(
            concept("医疗救助对象人次规模覆盖", Kind::Persons),
            Some("ma.beneficiary_visits")
        );
        assert_eq!(
            concept("以常住人口数为基数计算的基本医保综合参保率", Kind::Percent),
            Some("ri.enrollment_rate_resident")
        );
        assert_eq!(
            concept("参保人政策范围内住院费用报销比例", Kind::Percent),
            Some("ri.policy_reimbursement_ratio")
        );
        assert_eq!(
            concept("配套标准", Kind::PerCapita),
            Some("standard.per_capita")
        );
        assert_eq!(
            concept("住院救助发生费用", Kind::Money(MoneyUnit::Yi)),
            None
        );
        assert_eq!(concept("线上可办率从", Kind::Percent), None);
        assert_eq!(
            concept("特困人员政策范围内救助比例可达", Kind::Percent),
            None
        );
    }
}
