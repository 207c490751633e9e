//! Closing rows: what forms write under their blocks — totals, grades, conclusions,
//! problems and measures, signatures, notes. They end the block above them and are
//! never read as fund lines or indicators.

/// What a closing row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// 合计 / 总计 / 总分 / 自评得分 / 自评总分: the totals of the points and scores.
    Total,
    /// 小计: a group's subtotal inside the block; the block goes on.
    Subtotal,
    /// 自评等级 / 评价等级 / 等级.
    Grade,
    /// 说明 / 备注: the form's note.
    Note,
    /// 评价结论, 存在问题, 改进措施 … : prose about the whole form.
    Prose,
    /// 项目负责人, 填报人, 联系电话, 填报日期 …: who filled it in.
    Signature,
}

/// The closing row a first cell starts, from its simplified text.
pub fn closing(key: &str) -> Option<Closing> {
    let k = key.trim_end_matches([':', '：']);
    let starts = |words: &[&str]| words.iter().any(|w| k.starts_with(w));
    if starts(&["小计"]) {
        return Some(Closing::Subtotal);
    }
    if starts(&[
        "合计",
        "总计",
        "总分",
        "总得分",
        "自评得分",
        "自评总分",
        "评价得分",
        "考评得分",
        "综合得分",
    ]) {
        return Some(Closing::Total);
    }
    if starts(&["自评等级", "评价等级", "考评等级", "绩效等级", "综合评级"]) || k == "等级"
    {
        return Some(Closing::Grade);
    }
    if matches!(k, "说明" | "备注") {
        return Some(Closing::Note);
    }
    if starts(&[
        "评价结论",
        "自评结论",
        "绩效结论",
        "综合结论",
        "存在问题",
        "存在的问题",
        "主要问题",
        "问题及",
        "改进措施",
        "整改措施",
        "改进建议",
        "意见建议",
        "下一步",
        "注:",
        "注：",
    ]) || k == "注"
    {
        return Some(Closing::Prose);
    }
    if starts(&[
        "项目负责人",
        "财务负责人",
        "单位负责人",
        "部门负责人",
        "负责人",
        "填表人",
        "填报人",
        "联系人",
        "联系电话",
        "审核人",
        "填报日期",
        "填表日期",
        "审核意见",
    ]) {
        return Some(Closing::Signature);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_rows_by_their_wording() {
        assert_eq!(closing("合计"), Some(Closing::Total));
        assert_eq!(closing("总分"), Some(Closing::Total));
        assert_eq!(closing("自评得分"), Some(Closing::Total));
        assert_eq!(closing("小计"), Some(Closing::Subtotal));
        assert_eq!(closing("自评等级"), Some(Closing::Grade));
        assert_eq!(closing("评价结论"), Some(Closing::Prose));
        assert_eq!(closing("存在问题"), Some(Closing::Prose));
        assert_eq!(closing("改进措施"), Some(Closing::Prose));
        assert_eq!(closing("项目负责人:"), Some(Closing::Signature));
        assert_eq!(closing("填报人:张三"), Some(Closing::Signature));
        assert_eq!(closing("联系电话"), Some(Closing::Signature));
        assert_eq!(closing("说明"), Some(Closing::Note));
        assert_eq!(closing("资助参保人次"), None);
        assert_eq!(closing("问题整改率"), None);
    }
}
