//! The header of a form: title, year, program, departments, unit.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::Patterns;
use crate::record::ReportKind;
use crate::value::compact;

/// Which meta field a label cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaField {
    Program,
    CentralDept,
    LocalDept,
    Unit,
    Filer,
}

/// Labels as they appear (compacted, half-width, without a trailing colon).
const META_LABELS: &[(&str, MetaField)] = &[
    ("转移支付(项目)名称", MetaField::Program),
    ("转移支付名称", MetaField::Program),
    ("转移支付项目名称", MetaField::Program),
    ("项目名称", MetaField::Program),
    ("专项名称", MetaField::Program),
    ("中央主管部门", MetaField::CentralDept),
    ("地方主管部门", MetaField::LocalDept),
    ("主管部门", MetaField::LocalDept),
    ("主管部门及代码", MetaField::LocalDept),
    ("省级主管部门", MetaField::LocalDept),
    ("资金使用单位", MetaField::Unit),
    ("实施单位", MetaField::Unit),
    ("项目实施单位", MetaField::Unit),
    ("预算单位", MetaField::Unit),
    ("部门名称", MetaField::Unit),
    ("部门(单位)名称", MetaField::Unit),
    ("单位名称", MetaField::Unit),
    ("填报单位", MetaField::Filer),
    ("填报单位(盖章)", MetaField::Filer),
];

/// The meta field a cell labels, if it is exactly a label.
pub fn meta_label(text: &str) -> Option<MetaField> {
    let k = compact(text);
    let k = k.trim_end_matches([':', '：']);
    META_LABELS
        .iter()
        .find(|(label, _)| *label == k)
        .map(|(_, f)| *f)
}

/// `label：value` written in one cell or paragraph (填报单位：米易县医疗保障局).
pub fn inline_meta(text: &str, patterns: &Patterns) -> Option<(MetaField, String)> {
    let t = text.trim();
    let (label, value) = t.split_once('：').or_else(|| t.split_once(':'))?;
    let field = meta_label(&patterns.simplify(label))?;
    let value = value.split_whitespace().next().unwrap_or("").trim();
    (!value.is_empty()).then(|| (field, value.to_string()))
}

/// A line that names a form: ends in 自评表 (or 绩效目标表), short, not a sentence
/// that merely cites a form (按照《…自评表》的标准).
pub fn is_title(text: &str) -> bool {
    let k = compact(text);
    let n = k.chars().count();
    if !(6..=80).contains(&n) || k.contains('《') || k.ends_with('。') {
        return false;
    }
    [
        "自评表",
        "绩效目标表",
        "评价表",
        "考核表",
        "评分表",
        "自评情况表",
    ]
    .iter()
    .any(|w| k.trim_end_matches([')', '）']).ends_with(w) || k.contains(&format!("{w}(")))
}

/// The title without annex prefixes (附表：, 附件2：).
pub fn clean_title(text: &str) -> String {
    static PREFIX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(附表|附件)\s*\d*\s*[：:]?\s*").expect("valid regex"));
    PREFIX.replace(text.trim(), "").trim().to_string()
}

/// The family a title names.
pub fn kind_from_title(text: &str) -> Option<ReportKind> {
    let k = compact(text);
    if k.contains("部门整体支出") || k.contains("部门整体绩效") {
        Some(ReportKind::DeptOverallSelfeval)
    } else if k.contains("转移支付") {
        Some(ReportKind::TransferRegionSelfeval)
    } else if k.contains("项目支出") || k.contains("项目绩效自评") {
        Some(ReportKind::ProjectSelfeval)
    } else if k.contains("区域绩效") || k.contains("绩效目标自评表") {
        Some(ReportKind::TransferRegionSelfeval)
    } else {
        None
    }
}

/// A line that only states the year: （2022年度）, 2022年度.
pub fn year_line(text: &str) -> Option<i32> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\(?(\d{4})年度?\)?$").expect("valid regex"));
    let k = compact(text);
    YEAR.captures(&k)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
        .filter(|y| (1990..=2100).contains(y))
}

/// The first plausible year written in a text (2022年, （2022年度）).
pub fn year_in(text: &str) -> Option<i32> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("valid regex"));
    YEAR.captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// A money unit stated in a label: 项目资金（万元）, 资金（元）, 单位：万元.
pub fn money_unit_in(text: &str) -> Option<&'static str> {
    let k = compact(text);
    for (needle, unit) in [
        ("(万元)", "万元"),
        ("(亿元)", "亿元"),
        ("(元)", "元"),
        ("单位:万元", "万元"),
        ("单位:元", "元"),
        ("单位:亿元", "亿元"),
        ("金额单位:万元", "万元"),
        ("金额单位:元", "元"),
    ] {
        if k.contains(needle) {
            return Some(unit);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_told_from_citations() {
        assert!(is_title("米易县转移支付区域（项目）绩效支出目标自评表"));
        assert!(is_title("城乡居民医保补助资金转移支付区域绩效目标自评表"));
        assert!(is_title(
            "附表：米易县转移支付区域（项目）绩效支出目标自评表"
        ));
        assert!(!is_title(
            "按照《转移支付区域（项目）绩效支出目标自评表》的标准填写全年完成度。"
        ));
        assert!(is_title("部门（单位）一般公共预算支出管理考核表"));
        assert!(is_title("2023年度部门整体支出绩效评价评分表"));
        assert!(is_title("项目绩效自评情况表（2023年度）"));
        assert!(!is_title("资金安排情况表"));
        assert_eq!(
            clean_title("附表：米易县转移支付区域（项目）绩效支出目标自评表"),
            "米易县转移支付区域（项目）绩效支出目标自评表"
        );
    }

    #[test]
    fn kinds_years_units_and_meta() {
        assert_eq!(
            kind_from_title("项目支出绩效自评表"),
            Some(ReportKind::ProjectSelfeval)
        );
        assert_eq!(
            kind_from_title("部门整体支出绩效自评表"),
            Some(ReportKind::DeptOverallSelfeval)
        );
        assert_eq!(year_line("（2022年度）"), Some(2022));
        assert_eq!(year_line("(2020年度)"), Some(2020));
        assert_eq!(year_line("2020年度工作很好"), None);
        assert_eq!(money_unit_in("项目资金 （万元）"), Some("万元"));
        assert_eq!(money_unit_in("资金投入情况"), None);
        assert_eq!(meta_label("转移支付（项目）名称"), Some(MetaField::Program));
        assert_eq!(
            inline_meta(
                "填报单位：米易县医疗保障局      米易县财政局",
                &Patterns::builtin()
            ),
            Some((MetaField::Filer, "米易县医疗保障局".into()))
        );
    }
}
