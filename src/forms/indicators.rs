//! The indicator block: 一级 | 二级 | 三级指标 | 指标值 | 实际完成值 | (分值 | 得分 |) 原因.
//!
//! Rows shifted left by PDF-to-Word conversion are common in real files (a name in
//! the 二级 column, values one or two columns early). A row is read by its columns
//! when it is aligned with the header; otherwise its filled cells are read in order,
//! after the leading 一级/二级 words.

use crate::forms::grid::RowView;
use crate::normalize::Patterns;
use crate::record::Indicator;
use crate::value::{compact, met, parse_number, parse_value, Op};

#[derive(Debug, Clone, Default)]
pub struct IndicatorHeader {
    pub level1: Option<usize>,
    pub level2: Option<usize>,
    pub name: usize,
    /// (first column, span): a target written as 符号 | 数值 | 单位 spans three columns.
    pub target: Option<(usize, usize)>,
    pub actual: Option<(usize, usize)>,
    pub weight: Option<usize>,
    pub score: Option<usize>,
    pub reason: Option<usize>,
}

/// Recognises the header row of an indicator block (it names 三级指标).
pub fn header(row: &RowView) -> Option<IndicatorHeader> {
    let mut h = IndicatorHeader::default();
    let mut name = None;
    for c in 0..row.width() {
        if row.cell(c).is_none() {
            continue;
        }
        let k = row.key(c).to_string();
        if k.is_empty() {
            continue;
        }
        let span = row.span(c);
        if k.contains("三级指标") {
            name = name.or(Some(c));
        } else if k.contains("一级指标") {
            h.level1 = h.level1.or(Some(c));
        } else if k.contains("二级指标") {
            h.level2 = h.level2.or(Some(c));
        } else if k.contains("原因") || k.contains("改进措施") {
            h.reason = h.reason.or(Some(c));
        } else if k.contains("完成值") || k.contains("实际值") || k.contains("实际完成") {
            h.actual = h.actual.or(Some((c, span)));
        } else if k.contains("指标值") || k.contains("目标值") || k.contains("预期值") {
            h.target = h.target.or(Some((c, span)));
        } else if k == "分值" || k == "权重" || k.starts_with("分值(") {
            h.weight = h.weight.or(Some(c));
        } else if k == "得分" || k.starts_with("得分(") {
            h.score = h.score.or(Some(c));
        }
    }
    h.name = name?;
    (h.target.is_some() || h.actual.is_some()).then_some(h)
}

/// The sub-header under a split target (符号 | 数值 | 单位).
pub fn is_subheader(row: &RowView) -> bool {
    let keys: Vec<String> = row
        .filled()
        .iter()
        .map(|&c| row.key(c).to_string())
        .collect();
    !keys.is_empty()
        && keys.iter().all(|k| {
            matches!(
                k.as_str(),
                "符号" | "数值" | "单位" | "指标值" | "度量单位" | "计量单位"
            )
        })
}

/// Level words: 一级 (产出/效益/满意度/成本 …) or 二级 (数量/质量/时效 …).
pub fn level_of(text: &str) -> Option<u8> {
    let k = compact(text);
    let k = k.trim_end_matches("指标");
    if matches!(k, "产出" | "效益" | "满意度" | "成本" | "绩效" | "绩效指标") {
        return Some(1);
    }
    const LEVEL2: &[&str] = &[
        "数量",
        "质量",
        "时效",
        "成本",
        "经济效益",
        "社会效益",
        "生态效益",
        "可持续影响",
        "服务对象满意度",
        "服务对象",
        "经济成本",
        "社会成本",
        "生态环境成本",
        "满意度",
    ];
    LEVEL2.contains(&k).then_some(2)
}

fn join_span(row: &RowView, (c, span): (usize, usize)) -> String {
    if span <= 1 {
        return row.text(c).trim().to_string();
    }
    (c..c + span)
        .map(|x| row.text(x).trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("")
}

/// Carried 一级/二级 labels from the rows above (the txt flattening loses merges).
#[derive(Debug, Clone, Default)]
pub struct Carry {
    pub level1: Option<String>,
    pub level2: Option<String>,
}

/// Parses one row of the block; `None` for rows with no indicator.
pub fn row(
    row: &RowView,
    h: &IndicatorHeader,
    patterns: &Patterns,
    carry: &mut Carry,
) -> Option<Indicator> {
    let text_at = |c: Option<usize>| c.map(|c| row.text(c).trim().to_string());
    let mut level1 = text_at(h.level1).filter(|t| !t.is_empty());
    let mut level2 = text_at(h.level2).filter(|t| !t.is_empty());

    let name_text = row.text(h.name).trim();
    // Text left of the name column that is not a 一级/二级 word means the row is
    // shifted; a long stray (an indicator name) or a value under 三级指标 proves it.
    let strays: Vec<&str> = (0..h.name)
        .filter(|&c| !row.own_text(c).trim().is_empty())
        .map(|c| row.key(c))
        .filter(|k| level_of(k).is_none() && *k != "绩效指标")
        .collect();
    let name_is_value = parse_value(name_text).op != Op::Text;
    let shifted = strays
        .iter()
        .any(|t| t.chars().count() > 6 || name_is_value);
    // 服务对象满意度 is both a 二级 label and an indicator name: under 三级指标 it is a
    // name when the 二级 column already holds its label.
    let level2_filled = h.level2.is_some_and(|c| level_of(row.key(c)).is_some());
    let aligned = !name_text.is_empty()
        && (level_of(row.key(h.name)).is_none() || level2_filled)
        && !row.is_continued(h.name)
        && !shifted;

    let (name, name_col, target, actual, reason, weight, score);
    if aligned {
        name = name_text.to_string();
        name_col = h.name;
        target = h.target.map(|t| join_span(row, t)).unwrap_or_default();
        actual = h.actual.map(|t| join_span(row, t)).unwrap_or_default();
        reason = text_at(h.reason).unwrap_or_default();
        weight = h
            .weight
            .and_then(|c| parse_number(row.text(c)))
            .map(|n| n.value);
        score = h
            .score
            .and_then(|c| parse_number(row.text(c)))
            .map(|n| n.value);
    } else {
        // In a shifted row the 一级/二级 columns hold whatever slid into them; only
        // level words count there.
        let is_level = |c: Option<usize>| c.is_some_and(|c| level_of(row.key(c)).is_some());
        if !is_level(h.level1) {
            level1 = None;
        }
        if !is_level(h.level2) {
            level2 = None;
        }
        let mut seq: Vec<usize> = row
            .filled()
            .into_iter()
            .filter(|&c| row.key(c) != "绩效指标")
            .collect();
        while let Some(&c) = seq.first() {
            // A level word followed by a value is the indicator's own name.
            let next_is_value = seq.get(1).is_some_and(|&n| {
                level_of(row.key(n)).is_none() && parse_value(row.text(n)).op != Op::Text
            });
            if next_is_value {
                break;
            }
            match level_of(row.key(c)) {
                Some(1) => {
                    level1 = Some(row.text(c).trim().to_string());
                    seq.remove(0);
                }
                Some(_) => {
                    level2 = Some(row.text(c).trim().to_string());
                    seq.remove(0);
                }
                None => break,
            }
        }
        if seq.is_empty() {
            carry_levels(carry, &mut level1, &mut level2);
            return None;
        }
        let get = |i: usize| {
            seq.get(i)
                .map(|&c| row.text(c).trim().to_string())
                .unwrap_or_default()
        };
        name_col = seq[0];
        name = get(0);
        target = get(1);
        actual = get(2);
        reason = seq
            .iter()
            .skip(3)
            .map(|&c| row.text(c).trim())
            .collect::<Vec<_>>()
            .join(" ");
        weight = None;
        score = None;
    }
    carry_levels(carry, &mut level1, &mut level2);
    if name.is_empty() || compact(&name) == "三级指标" || compact(&name) == "三級指標" {
        return None;
    }
    let m = patterns.indicator(&name);
    let target = parse_value(&target);
    let actual = parse_value(&actual);
    let met = met(&target, &actual);
    Some(Indicator {
        level1: level1.map(|t| tidy(&t)),
        level2: level2.map(|t| tidy(&t)),
        name,
        canonical: m.canonical,
        match_kind: m.kind.as_str(),
        confidence: m.confidence,
        target,
        actual,
        reason,
        met,
        weight,
        score,
        source: row.source(name_col),
    })
}

/// 一级/二级 text without the line breaks of narrow merged cells (产出\n指标).
fn tidy(t: &str) -> String {
    t.split_whitespace().collect()
}

fn carry_levels(carry: &mut Carry, l1: &mut Option<String>, l2: &mut Option<String>) {
    match l1 {
        Some(t) => {
            if carry.level1.as_deref() != Some(t.as_str()) {
                carry.level2 = None;
            }
            carry.level1 = Some(t.clone());
        }
        None => *l1 = carry.level1.clone(),
    }
    match l2 {
        Some(t) => carry.level2 = Some(t.clone()),
        None => *l2 = carry.level2.clone(),
    }
}
