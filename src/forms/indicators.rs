//! The indicator block: a header row naming the columns, then one row per indicator.
//!
//! Real forms head the same columns in many ways — 一级/二级/三级指标, or one 指标名称
//! column with no levels (department-overall forms), or 项目 | 考核内容 | 考核指标
//! (assessment tables); targets as 指标值, 年度指标值, 年初指标值, 年度工作目标, or split
//! over 符号 | 指标值 | 度量单位; 分值/权重/权数 and 得分/自评得分 columns, with or without
//! target and actual columns (scoring rubrics). Each header cell is given a role by the
//! class of its wording ([`role`]), never by a template's exact string.
//!
//! Rows shifted left by PDF-to-Word conversion are common in real files (a name in
//! the 二级 column, values one or two columns early). A row is read by its columns
//! when it is aligned with the header; otherwise its filled cells are read in order,
//! after the leading 一级/二级 words.

use std::sync::LazyLock;

use regex::Regex;

use crate::forms::grid::RowView;
use crate::model::Typed;
use crate::normalize::Patterns;
use crate::record::Indicator;
use crate::value::{compact, met_oriented, parse_number, parse_value, Op, Parsed};

#[derive(Debug, Clone, Default)]
pub struct IndicatorHeader {
    /// The block title column (绩效指标 merged down the block), if the header names one.
    pub title: Option<usize>,
    pub level1: Option<usize>,
    pub level2: Option<usize>,
    /// The level columns are headed 一级/二级 指标, so level words are expected in them
    /// (anything else there is a sign of a shifted row). Generic level headers (项目,
    /// 考核内容) hold free text.
    pub explicit_levels: bool,
    pub name: usize,
    /// (first column, span): a target header spanning 符号 | 数值 | 单位 sub-columns.
    pub target: Option<(usize, usize)>,
    /// A 符号 / 指标性质 column just left of a one-column target.
    pub target_op: Option<usize>,
    /// A 度量单位 / 计量单位 column just right of a one-column target.
    pub target_unit: Option<usize>,
    pub actual: Option<(usize, usize)>,
    /// 分值 / 权重 / 权数: the points an indicator is worth (never a target).
    pub weight: Option<usize>,
    /// 得分 / 自评得分 / 考评得分: the points it was given (never an actual).
    pub score: Option<usize>,
    pub reason: Option<usize>,
    /// The file keeps no number formats (.xls through calamine): a percent cell reads
    /// back as its fraction (95% as 0.95), to be shown as a percent again where the
    /// indicator is a ratio.
    pub percent_lost: bool,
}

impl IndicatorHeader {
    /// Column ranges of every role the header names, for telling a data row from a
    /// row whose cells span several of them (合计, 评价结论, notes).
    fn ranges(&self) -> Vec<(usize, usize)> {
        let one = |c: Option<usize>| c.map(|c| (c, 1));
        [
            one(self.level1),
            one(self.level2),
            Some((self.name, 1)),
            self.target,
            one(self.target_op),
            one(self.target_unit),
            self.actual,
            one(self.weight),
            one(self.score),
            one(self.reason),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// What a header cell of an indicator block names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The block title (绩效指标, 绩效指标（90分）).
    Title,
    /// Columns read by no one: 序号, 指标解释, 评分标准 …
    Skip,
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Reason,
    /// 符号 / 指标性质: the comparison of a target split over columns.
    Op,
    /// 度量单位 / 计量单位: the unit of a target split over columns.
    Unit,
    /// Any other heading; left of the name column it heads a level (项目, 考核内容).
    Other,
}

/// The role of a header cell, by the class of its wording. `key` is simplified
/// (half-width, no white space).
pub fn role(key: &str) -> Role {
    let k = key.trim_end_matches([':', '：']);
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    if has(&[
        "三级指标",
        "指标名称",
        "考核指标",
        "指标内容",
        "具体指标",
        "评价指标名称",
    ]) || k == "三级"
    {
        return Role::Name;
    }
    if k.contains("一级指标") || k == "一级" {
        return Role::Level1;
    }
    if k.contains("二级指标") || k == "二级" {
        return Role::Level2;
    }
    if matches!(k, "序号" | "编号" | "序")
        || has(&[
            "指标解释",
            "指标说明",
            "评分标准",
            "评分办法",
            "评分方法",
            "计分方法",
            "计算方法",
            "计算公式",
            "评价标准",
            "考核方法",
            "考评方法",
            "数据来源",
            "佐证",
        ])
    {
        return Role::Skip;
    }
    if has(&["原因", "改进措施", "偏差", "整改", "说明"]) || k == "备注" {
        return Role::Reason;
    }
    if has(&[
        "完成值",
        "实际值",
        "实际完成",
        "完成情况",
        "实际达到",
        "实现值",
        "完成数",
        "实际数",
        "实际执行",
    ]) {
        return Role::Actual;
    }
    if has(&["得分"]) || matches!(k, "评分" | "自评分" | "考评分" | "实得分") {
        return Role::Score;
    }
    if has(&["分值", "权重", "权数", "标准分"]) || matches!(k, "满分" | "分数") {
        return Role::Weight;
    }
    if has(&["指标值", "目标值", "预期值", "计划值", "标准值", "目标"]) {
        return Role::Target;
    }
    if has(&["实际", "完成", "实现"]) {
        return Role::Actual;
    }
    if matches!(
        k,
        "符号" | "指标性质" | "性质" | "运算符" | "运算符号" | "比较符" | "比较符号"
    ) {
        return Role::Op;
    }
    if matches!(k, "度量单位" | "计量单位" | "单位" | "指标单位") {
        return Role::Unit;
    }
    if k.contains("指标") || k.contains("绩效") {
        return Role::Title;
    }
    Role::Other
}

/// The longest heading read for its role (实际完成值（包含数字及文字描述） has 16).
const MAX_HEADING_CHARS: usize = 20;

/// Recognises the header row of an indicator block: a column of indicator names and at
/// least one column of targets, actuals, points or scores.
pub fn header(row: &RowView) -> Option<IndicatorHeader> {
    let filled = row.filled();
    // Headings are short and hold no figures; a rubric's scoring text that mentions
    // 考核指标 and 目标值 is a data row.
    if filled.iter().any(|&c| parse_number(row.text(c)).is_some()) {
        return None;
    }
    let cells: Vec<(usize, Role)> = filled
        .into_iter()
        .map(|c| {
            let k = row.key(c);
            let r = if k.chars().count() > MAX_HEADING_CHARS {
                Role::Other
            } else {
                role(k)
            };
            (c, r)
        })
        .collect();
    // 三级指标 names the indicators even where the block title also says 指标.
    let rank = |c: usize| {
        let k = row.key(c);
        if k.contains("三级指标") || k == "三级" {
            0
        } else if k.contains("指标名称") {
            1
        } else {
            2
        }
    };
    let named = cells
        .iter()
        .filter(|(_, r)| *r == Role::Name)
        .min_by_key(|&&(c, _)| (rank(c), c))
        .map(|&(c, _)| c);
    // 一级指标 | 二级指标 | 指标 | …: the column after the levels names the indicators
    // whatever its heading says.
    let after_levels = || {
        let last = cells
            .iter()
            .filter(|(_, r)| matches!(r, Role::Level1 | Role::Level2))
            .map(|&(c, _)| c)
            .max()?;
        cells
            .iter()
            .find(|&&(c, r)| c > last && matches!(r, Role::Title | Role::Other))
            .map(|&(c, _)| c)
    };
    let name = named.or_else(after_levels)?;
    let mut h = IndicatorHeader {
        name,
        ..IndicatorHeader::default()
    };
    let mut generic = Vec::new();
    for &(c, r) in &cells {
        let span = row.span(c);
        match r {
            Role::Level1 if c < name => h.level1 = h.level1.or(Some(c)),
            Role::Level2 if c < name => h.level2 = h.level2.or(Some(c)),
            Role::Other if c < name => generic.push(c),
            Role::Title if c < name => h.title = h.title.or(Some(c)),
            Role::Target if c > name => h.target = h.target.or(Some((c, span))),
            Role::Actual if c > name => h.actual = h.actual.or(Some((c, span))),
            Role::Weight if c > name => h.weight = h.weight.or(Some(c)),
            Role::Score if c > name => h.score = h.score.or(Some(c)),
            Role::Reason if c > name => h.reason = h.reason.or(Some(c)),
            _ => {}
        }
    }
    h.explicit_levels = h.level1.is_some() || h.level2.is_some();
    if !h.explicit_levels {
        // 项目 | 考核内容 | 考核指标: the headings left of the names are the levels,
        // outermost first.
        h.level1 = generic.first().copied();
        h.level2 = generic.get(1).copied();
    }
    if let Some((t, 1)) = h.target {
        let role_at = |c: usize| cells.iter().find(|(x, _)| *x == c).map(|(_, r)| *r);
        h.target_op = t
            .checked_sub(1)
            .filter(|&c| c > name && role_at(c) == Some(Role::Op));
        h.target_unit = Some(t + 1).filter(|&c| role_at(c) == Some(Role::Unit));
    }
    let measured = h.target.is_some() || h.actual.is_some();
    let scored = h.weight.is_some() || h.score.is_some();
    (measured || scored).then_some(h)
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
                "符号" | "数值" | "单位" | "指标值" | "度量单位" | "计量单位" | "指标性质" | "性质"
            )
        })
}

/// The block title written in a row of its own (绩效指标, 绩效指标（90分）).
fn is_block_title(key: &str) -> bool {
    key.starts_with("绩效指标") || matches!(key, "指标" | "绩效")
}

/// A label's points suffix: 产出指标（50分）, 规划（15分）, 投 入（15分）.
fn points_suffix() -> &'static Regex {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\((?:满分)?\d+(?:\.\d+)?分\)$").expect("valid regex"));
    &RE
}

/// A label without its points suffix and a trailing 等 (数量指标等).
fn bare_label(text: &str) -> String {
    let k = compact(text);
    let k = points_suffix().replace(&k, "").to_string();
    k.trim_end_matches('等').to_string()
}

/// Level words: 一级 (产出/效益/满意度/成本 …) or 二级 (数量/质量/时效 …), written
/// with or without 指标, a points suffix or a trailing 等.
pub fn level_of(text: &str) -> Option<u8> {
    let k = bare_label(text);
    let k = k.trim_end_matches("指标");
    if matches!(
        k,
        "产出" | "效益" | "满意度" | "成本" | "绩效" | "绩效指标" | "投入" | "过程" | "决策"
    ) {
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
        "产出数量",
        "产出质量",
        "产出时效",
        "产出成本",
        "项目效益",
    ];
    LEVEL2.contains(&k).then_some(2)
}

/// A cell that labels a group rather than an indicator: a level word, or a short label
/// carrying points (规划（15分）, 基础信息（3分）) as scoring rubrics write their groups.
pub fn is_level_label(text: &str) -> bool {
    let k = compact(text);
    if level_of(&k).is_some() || (points_suffix().is_match(&k) && k.chars().count() <= 24) {
        return true;
    }
    // 产出指标（数量）, 效益指标(经济): a level with a gloss.
    let bare = k.split('(').next().unwrap_or("");
    !bare.is_empty() && bare.len() < k.len() && (level_of(bare).is_some() || bare.ends_with("指标"))
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

/// Words a 指标性质 column holds that say what kind of target it is, not how it compares.
const NATURE_WORDS: &[&str] = &["定性", "定量", "正向", "反向", "正向指标", "反向指标"];

/// The target as written: its own cells, with a split 符号 and 度量单位 joined around it
/// (≤ | 101400 | 元 → ≤101400元). A nature word in the sign column (定性) is not part of
/// the written target; 正向/反向 set the comparison of a bare number instead.
fn target_of(row: &RowView, h: &IndicatorHeader, ratio: bool) -> Parsed {
    let Some(t) = h.target else {
        return parse_value("");
    };
    let mut raw = value_text(row, h, t, ratio);
    let mut direction = None;
    if let Some(op) = h.target_op.map(|c| compact(row.text(c))) {
        if NATURE_WORDS.contains(&op.as_str()) {
            direction = match op.as_str() {
                "正向" | "正向指标" => Some(Op::Ge),
                "反向" | "反向指标" => Some(Op::Le),
                _ => None,
            };
        } else if !op.is_empty() && !raw.is_empty() {
            raw = format!("{op}{raw}");
        }
    }
    if let Some(unit) = h.target_unit.map(|c| row.text(c).trim()) {
        if !unit.is_empty() && !raw.is_empty() && !raw.ends_with(unit) {
            raw.push_str(unit);
        }
    }
    let mut parsed = parse_value(&raw);
    if let Some(op) = direction {
        if parsed.op == Op::Eq {
            parsed.op = op;
        }
    }
    parsed
}

/// Names of ratios: what their cells hold is a percent.
fn is_ratio_name(name: &str) -> bool {
    let k = compact(name);
    k.ends_with('率')
        || ["满意", "比例", "占比", "比重", "知晓", "覆盖面"]
            .iter()
            .any(|w| k.contains(w))
}

/// A fraction cell of a file that lost its percent format, as the form showed it:
/// 0.95 → 95%, 1 → 100%, 0.9406 → 94.06%.
fn percent_shown(row: &RowView, c: usize) -> Option<String> {
    let cell = row.cell(c)?;
    let Some(Typed::Number(v)) = cell.typed else {
        return None;
    };
    if !(v > 0.0 && v <= 1.5) {
        return None;
    }
    let written = cell.text.split('.').nth(1).map_or(0, str::len);
    let decimals = written.saturating_sub(2);
    Some(format!("{:.*}%", decimals, v * 100.0))
}

/// The text of a one-column target or actual, its percent restored where the format
/// was lost and the cell is a ratio's (by the name, or by the other cell's %).
fn value_text(
    row: &RowView,
    h: &IndicatorHeader,
    (c, span): (usize, usize),
    ratio: bool,
) -> String {
    if h.percent_lost && span == 1 && ratio {
        if let Some(p) = percent_shown(row, c) {
            return p;
        }
    }
    join_span(row, (c, span))
}

/// Carried 一级/二级 labels from the rows above (the txt flattening loses merges).
#[derive(Debug, Clone, Default)]
pub struct Carry {
    pub level1: Option<String>,
    pub level2: Option<String>,
}

/// Whether a row's cells span two or more of the header's columns: a closing row
/// (合计 merged over the level and name columns, 评价结论 | text across the form) or a
/// note, never an indicator. A target merged over its own 符号 | 数值 | 单位 sub-columns
/// spans one.
fn spans_columns(row: &RowView, h: &IndicatorHeader) -> bool {
    let ranges = h.ranges();
    row.filled().into_iter().any(|c| {
        let (lo, hi) = (c, c + row.span(c));
        row.span(c) > 1
            && ranges
                .iter()
                .filter(|&&(s, n)| s < hi && s + n > lo)
                .count()
                >= 2
    })
}

/// Whether a row was shifted left by conversion, so that its cells do not sit under
/// their headings.
fn is_shifted(row: &RowView, h: &IndicatorHeader, name_text: &str) -> bool {
    // Text in the block-title column (other than a 序号 number): a name or a level word
    // slid into it.
    let in_title = h.title.is_some_and(|c| {
        let t = row.own_text(c).trim();
        !t.is_empty() && parse_number(t).is_none() && !is_block_title(row.key(c))
    });
    if in_title {
        return true;
    }
    if !h.explicit_levels {
        return false;
    }
    // Under 一级/二级 headings only level words belong: a stray there beside a value
    // under the name heading, or a stray as long as an indicator name, proves the shift.
    // A short stray beside a name is an unusual level label (可持续发展影响).
    let name_is_value = !matches!(parse_value(name_text).op, Op::Text);
    [h.level1, h.level2]
        .into_iter()
        .flatten()
        .filter(|&c| !row.own_text(c).trim().is_empty())
        .map(|c| row.key(c))
        .filter(|k| !is_level_label(k) && !k.ends_with("指标"))
        .any(|k| name_is_value || k.chars().count() > MAX_LEVEL_CHARS)
}

/// The longest level label read as one when it is no level word (可持续发展影响).
const MAX_LEVEL_CHARS: usize = 8;

/// Parses one row of the block; `None` for rows with no indicator.
pub fn row(
    row: &RowView,
    h: &IndicatorHeader,
    patterns: &Patterns,
    carry: &mut Carry,
) -> Option<Indicator> {
    if spans_columns(row, h) {
        return None;
    }
    let text_at = |c: Option<usize>| c.map(|c| row.text(c).trim().to_string());
    let mut level1 = text_at(h.level1).filter(|t| !t.is_empty());
    let mut level2 = text_at(h.level2).filter(|t| !t.is_empty());

    let name_text = row.text(h.name).trim();
    // 服务对象满意度 is both a 二级 label and an indicator name: under 三级指标 it is a
    // name when the 二级 column already holds its label.
    let level2_filled = h.level2.is_some_and(|c| level_of(row.key(c)).is_some());
    let aligned = !name_text.is_empty()
        && (level_of(row.key(h.name)).is_none() || level2_filled)
        && !row.is_continued(h.name)
        && !is_shifted(row, h, name_text);

    let read = if aligned {
        Some(aligned_cells(row, h, name_text))
    } else {
        shifted_cells(row, h, &mut level1, &mut level2)
    };
    carry_levels(carry, &mut level1, &mut level2);
    let (cells, points) = read?;
    let Cells {
        name,
        name_col,
        target,
        actual,
        reason,
    } = cells;
    let heading = compact(&name);
    if name.is_empty() || (role(&heading) == Role::Name && heading.chars().count() <= 6) {
        return None;
    }
    let m = patterns.indicator(&name);
    let met = met_oriented(&target, &actual, lower_is_better(&name));
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
        weight: points.weight.as_ref().map(|p| p.1),
        score: points.score.as_ref().map(|p| p.1),
        weight_raw: points.weight.as_ref().map(|p| p.0.clone()),
        score_raw: points.score.as_ref().map(|p| p.0.clone()),
        source: row.source(name_col),
        sources: points.sources,
    })
}

/// What a row says of its indicator, before the name is judged.
struct Cells {
    name: String,
    name_col: usize,
    target: Parsed,
    actual: Parsed,
    reason: String,
}

/// A row whose cells stand under the header's columns.
fn aligned_cells(row: &RowView, h: &IndicatorHeader, name_text: &str) -> (Cells, Points) {
    let shows_percent = |t: Option<(usize, usize)>| {
        t.is_some_and(|t| join_span(row, t).contains(['%', '％']))
            || h.target_unit
                .is_some_and(|c| row.text(c).contains(['%', '％']))
    };
    // Incident rates (受害率 0.9) are small percents written bare; a fraction of
    // one is a reading only positive ratios (成活率 0.95) make plausible.
    let ratio = (is_ratio_name(name_text) && !lower_is_better(name_text))
        || shows_percent(h.target)
        || shows_percent(h.actual);
    let target = target_of(row, h, ratio);
    let actual = parse_value(
        &h.actual
            .map(|t| value_text(row, h, t, ratio))
            .unwrap_or_default(),
    );
    let cells = Cells {
        name: name_text.to_string(),
        name_col: h.name,
        target,
        actual,
        reason: row_text(row, h.reason),
    };
    (cells, Points::read(row, h))
}

/// A row that PDF-to-Word conversion shifted left: its filled cells in order, after
/// the level words (which update `level1`/`level2`). None when nothing follows them.
fn shifted_cells(
    row: &RowView,
    h: &IndicatorHeader,
    level1: &mut Option<String>,
    level2: &mut Option<String>,
) -> Option<(Cells, Points)> {
    // In a shifted row the 一级/二级 columns hold whatever slid into them; only
    // level words count there.
    let is_level = |c: Option<usize>| c.is_some_and(|c| is_level_label(row.key(c)));
    if !is_level(h.level1) {
        *level1 = None;
    }
    if !is_level(h.level2) {
        *level2 = None;
    }
    let mut seq: Vec<usize> = row
        .filled()
        .into_iter()
        .filter(|&c| !is_block_title(row.key(c)))
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
                *level1 = Some(row.text(c).trim().to_string());
                seq.remove(0);
            }
            Some(_) => {
                *level2 = Some(row.text(c).trim().to_string());
                seq.remove(0);
            }
            None => break,
        }
    }
    if seq.is_empty() {
        return None;
    }
    let get = |i: usize| {
        seq.get(i)
            .map(|&c| row.text(c).trim().to_string())
            .unwrap_or_default()
    };
    let reason = seq
        .iter()
        .skip(3)
        .map(|&c| row.text(c).trim())
        .collect::<Vec<_>>()
        .join(" ");
    let cells = Cells {
        name: get(0),
        name_col: seq[0],
        target: parse_value(&get(1)),
        actual: parse_value(&get(2)),
        reason,
    };
    Some((cells, Points::default()))
}

/// The trimmed text of a column the header may lack.
fn row_text(row: &RowView, col: Option<usize>) -> String {
    col.map(|c| row.text(c).trim().to_string())
        .unwrap_or_default()
}

/// The 分值 and 得分 cells of an aligned row: (as written, value) and where they are.
#[derive(Default)]
struct Points {
    weight: Option<(String, f64)>,
    score: Option<(String, f64)>,
    sources: std::collections::BTreeMap<String, crate::model::Source>,
}

impl Points {
    fn read(row: &RowView, h: &IndicatorHeader) -> Points {
        let mut p = Points::default();
        for (key, col) in [("weight", h.weight), ("score", h.score)] {
            let Some(c) = col else { continue };
            // A 分值 merged down over two rows (one weight for a pair of indicators)
            // belongs to the first of them only: counting it twice would double it in
            // the form's total.
            if row.is_continued(c) {
                continue;
            }
            let text = row.text(c).trim();
            let Some(n) = crate::forms::scores::points_value(text) else {
                continue;
            };
            p.sources.insert(key.to_string(), row.source(c));
            let v = Some((text.to_string(), n.value));
            if key == "weight" {
                p.weight = v;
            } else {
                p.score = v;
            }
        }
        p
    }
}

/// Names of quantities a program tries to keep low (受害率, 发生率, 投诉率, 结余率 …): a
/// bare number as their target is a ceiling, not a level to reach.
pub fn lower_is_better(name: &str) -> bool {
    const STEMS: &[&str] = &[
        "受害率",
        "成灾率",
        "发生率",
        "发病率",
        "死亡率",
        "病死率",
        "事故率",
        "差错率",
        "出错率",
        "误差率",
        "失误率",
        "投诉率",
        "不合格率",
        "违规率",
        "违约率",
        "逾期率",
        "损失率",
        "流失率",
        "闲置率",
        "空置率",
        "超支率",
        "返贫率",
        "辍学率",
        "失业率",
        "结余率",
        "事故次数",
        "投诉次数",
        "投诉数",
        "事故数",
    ];
    let k = compact(name);
    STEMS.iter().any(|s| k.contains(s))
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
