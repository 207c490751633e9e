//! The fund block: a header row naming the columns (A, B, B/A; or 年初预算数 / 分值 /
//! 得分; or 调整后预算数 / 预算执行数 / 权重 / 原因) and one row per fund line.

use std::collections::BTreeMap;

use crate::forms::grid::RowView;
use crate::model::Typed;
use crate::normalize::{FundColumn, Patterns};
use crate::record::{Fund, FundWritten};
use crate::value::{compact, parse_amount, parse_rate, MoneyUnit};

/// Where each fund column is, from the header row.
#[derive(Debug, Clone)]
pub struct FundHeader {
    /// (column kind, first grid column, span)
    pub cols: Vec<(FundColumn, usize, usize)>,
    /// Header cells among the named ones whose name is not read (first grid column,
    /// span): a seal or a stain over the heading, an OCR misreading, a wording of no
    /// pattern. Their figures are the budget where B/A says so ([`unnamed_budget`]).
    pub unnamed: Vec<(usize, usize)>,
    /// Blocks without a row of column names (see [`titled_header`]).
    pub layout: Layout,
    /// The block title cell left of the lines (项目资金（万元） merged down the block):
    /// its column, and the table and last row it covers.
    pub title: Option<TitleCell>,
}

/// How a block's figures are laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum Layout {
    /// A header row names the columns (`FundHeader::cols`).
    Columns,
    /// One unheaded amount column under a block title; the title says which it is.
    Titled(FundColumn),
    /// Titled blocks side by side, each a label column and an amount column under a
    /// title cell that carries the block's total: (label column, kind, amount column).
    Pairs(Vec<(usize, FundColumn, usize)>),
}

/// Where a fund block's title cell is: a row with text of its own in that column, or a
/// row of the same table below the cell's merge, is past the block.
#[derive(Debug, Clone, Copy)]
pub struct TitleCell {
    pub col: usize,
    pub table: usize,
    /// The last row the cell covers; only meaningful when it is merged down.
    pub last_row: usize,
    pub merged: bool,
}

impl FundHeader {
    fn first_col(&self) -> usize {
        self.cols.iter().map(|c| c.1).min().unwrap_or(0)
    }

    fn covers(&self, col: usize) -> bool {
        self.cols
            .iter()
            .map(|&(_, c, s)| (c, s))
            .chain(self.unnamed.iter().copied())
            .any(|(c, s)| col >= c && col < c + s)
    }
}

/// A cell that titles the fund block rather than naming a column: merged down the
/// block, or worded as a block title — 预算执行情况（10分）, or such a title with the
/// amount column's name on a second line (预算执行情况（10分）⏎年度预算数（万元）).
fn is_title_cell(row: &RowView, c: usize) -> bool {
    let text = row.text(c);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let key = compact(first_line);
    row.cell(c).is_some_and(|cell| cell.row_span > 1) || is_block_title(&key)
}

/// The longest column name read (预算执行率（B/A×100%） has 15 characters).
const MAX_HEADING_CHARS: usize = 20;

/// Recognises the header row of a fund block. Its columns come from the header cells;
/// the leftmost cell, when it is the block's title, is not one of them.
pub fn header(row: &RowView, patterns: &Patterns) -> Option<FundHeader> {
    let filled = row.filled();
    // A row of column names holds no figures (titles with their totals beside them
    // are side-by-side blocks, see `titled_header`).
    if filled.iter().any(|&c| parse_amount(row.text(c)).is_some()) {
        return None;
    }
    let title_col = filled
        .first()
        .copied()
        .filter(|&c| is_title_cell(row, c) && patterns.fund_line(row.text(c)).is_none());
    let mut cols = Vec::new();
    for &c in &filled {
        // Column names are short; prose that mentions 预算数 and 执行率 (a 情况说明
        // cell) names no column.
        if Some(c) == title_col || row.key(c).chars().count() > MAX_HEADING_CHARS {
            continue;
        }
        // A kind named twice: the cell heading the label column (年度预算数（万元） over
        // the line names) comes first; the column of figures is the rightmost.
        if let Some(kind) = patterns.fund_column(row.text(c)) {
            cols.retain(|&(k, _, _)| k != kind);
            cols.push((kind, c, row.span(c)));
        }
    }
    let has = |k: FundColumn| cols.iter().any(|&(x, _, _)| x == k);
    let money = [
        FundColumn::Initial,
        FundColumn::Budget,
        FundColumn::Executed,
    ]
    .iter()
    .filter(|&&k| has(k))
    .count();
    // One amount column is a fund block only under a block title (资金投入情况 | | 预算数);
    // alone it could head any table of figures (支出内容 | 实际支出数 | 会计凭证号).
    let enough = money + usize::from(has(FundColumn::Rate)) >= 2 || title_col.is_some();
    let ok = (has(FundColumn::Budget) || has(FundColumn::Executed)) && enough;
    let title = title_col
        .filter(|&c| cols.iter().all(|&(_, x, _)| c < x))
        .and_then(|c| {
            let cell = row.cell(c)?;
            Some(TitleCell {
                col: c,
                table: row.table.index,
                last_row: cell.row + cell.row_span.max(1) - 1,
                merged: cell.row_span > 1,
            })
        });
    let unnamed = unnamed_cols(row, &cols);
    ok.then_some(FundHeader {
        cols,
        unnamed,
        layout: Layout::Columns,
        title,
    })
}

/// Header cells between the first and the last named column that no name was read
/// for, blank ones included (a seal can take a heading out whole).
fn unnamed_cols(row: &RowView, cols: &[(FundColumn, usize, usize)]) -> Vec<(usize, usize)> {
    let (Some(first), Some(end)) = (
        cols.iter().map(|c| c.1).min(),
        cols.iter().map(|c| c.1 + c.2).max(),
    ) else {
        return Vec::new();
    };
    let named = |x: usize| cols.iter().any(|&(_, c, s)| x >= c && x < c + s);
    let mut out = Vec::new();
    let mut c = first;
    while c < end {
        let span = row.span(c).max(1);
        if !named(c) && !row.is_continued(c) {
            out.push((c, span));
        }
        c += span;
    }
    out
}

/// The budget of a block whose budget column has no name read: the figure in an
/// unnamed column that, with the line's executed amount, gives the rate the line
/// states (B/A within the rounding of both). Nothing else identifies a column
/// whose heading is lost, and a figure that fits B/A is the A of the form.
fn unnamed_budget(
    row: &RowView,
    header: &FundHeader,
    by_kind: &[(FundColumn, usize)],
) -> Option<usize> {
    use crate::value::Interval;
    let cell = |k: FundColumn| by_kind.iter().find(|(x, _)| *x == k).map(|&(_, c)| c);
    if cell(FundColumn::Budget).is_some() {
        return None;
    }
    let executed = parse_amount(row.text(cell(FundColumn::Executed)?))?.num;
    let rate = parse_rate(row.text(cell(FundColumn::Rate)?))?;
    let rate = Interval::written(rate.value, Some(rate.decimals));
    let b = Interval::written(executed.value, Some(executed.decimals));
    header.unnamed.iter().find_map(|&(c, span)| {
        let vc = (c..c + span).find(|&x| !row.own_text(x).trim().is_empty())?;
        let a = parse_amount(row.text(vc))?.num;
        let a = Interval::written(a.value, Some(a.decimals));
        Interval::ratio_percent(b, a)?.meets(rate).then_some(vc)
    })
}

/// The kind of figures a block title announces: 实际支出/执行 → executed, anything
/// else (计划安排资金, 资金来源, 预算资金) → budget; `None` for blocks that are neither
/// (实际到位资金, 结余).
fn titled_kind(text: &str, patterns: &Patterns) -> Option<FundColumn> {
    let k = compact(text);
    match patterns.fund_column(text) {
        Some(k @ (FundColumn::Budget | FundColumn::Executed)) => Some(k),
        Some(_) => None,
        None if k.contains("到位") || k.contains("结余") || k.contains("结转") => None,
        None if k.contains("支出") || k.contains("执行") => Some(FundColumn::Executed),
        None => Some(FundColumn::Budget),
    }
}

/// A fund block that has no row of column names:
/// - a block title alone in its row (资金来源（万元） merged down the block), its lines
///   below with one unheaded amount column;
/// - titled blocks side by side, each title with its total beside it
///   (计划安排资金（万元） | 170 | 实际支出（万元） | 179.6), each block's lines in its
///   own label and amount columns below.
pub fn titled_header(row: &RowView, patterns: &Patterns) -> Option<FundHeader> {
    let filled = row.filled();
    if let [c] = filled[..] {
        let text = row.text(c);
        let merged = row.cell(c).is_some_and(|cell| cell.row_span > 1);
        let titled = is_block_title(&compact(text.lines().next().unwrap_or("")))
            && (merged || crate::forms::header::money_unit_in(row.key(c)).is_some());
        if !titled || patterns.fund_line(text).is_some() {
            return None;
        }
        let kind = titled_kind(text, patterns)?;
        return Some(FundHeader {
            cols: Vec::new(),
            unnamed: Vec::new(),
            layout: Layout::Titled(kind),
            title: merged.then(|| TitleCell {
                col: c,
                table: row.table.index,
                last_row: row.row + row.cell(c).map_or(1, |x| x.row_span) - 1,
                merged,
            }),
        });
    }
    // Pairs: every text cell followed by its figure.
    if filled.len() < 2 || !filled.len().is_multiple_of(2) {
        return None;
    }
    let mut pairs = Vec::new();
    let mut known = 0;
    for pair in filled.chunks(2) {
        let (t, v) = (pair[0], pair[1]);
        if looks_numeric(row.text(t)) || parse_amount(row.text(v)).is_none() {
            return None;
        }
        if patterns.fund_line(row.text(t)).is_some() {
            return None;
        }
        let kind = patterns
            .fund_column(row.text(t))
            .filter(|k| matches!(k, FundColumn::Budget | FundColumn::Executed));
        if let Some(kind) = kind {
            known += 1;
            pairs.push((t, kind, v));
        } else if titled_kind(row.text(t), patterns).is_some() {
            // a pair that names no fund figure (项目负责人 | 1234567): not a fund block
            return None;
        }
    }
    (known > 0).then_some(FundHeader {
        cols: Vec::new(),
        unnamed: Vec::new(),
        layout: Layout::Pairs(pairs),
        title: None,
    })
}

/// The totals a side-by-side header row states beside its titles.
pub fn pair_totals(row: &RowView, header: &FundHeader, unit: Option<MoneyUnit>) -> Vec<Fund> {
    let Layout::Pairs(pairs) = &header.layout else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|&(t, kind, v)| build(row, t, Some("total".into()), &[(kind, v)], unit))
        .collect()
}

/// Folds a line read from another titled block into the line already read, so that a
/// line's budget and its executed amount, given in two blocks, make one fund line.
pub fn merge_line(funds: &mut Vec<Fund>, fund: Fund) {
    // A fund block has a dozen lines; looking back further would only make a hostile
    // file with thousands of lines quadratic.
    let same = funds
        .iter_mut()
        .rev()
        .take(64)
        .find(|f| f.line.is_some() && f.line == fund.line);
    let Some(f) = same else {
        funds.push(fund);
        return;
    };
    if f.budget.is_none() && fund.budget.is_some() {
        f.budget = fund.budget;
        f.budget_wan = fund.budget_wan;
        f.written.budget = fund.written.budget;
    }
    if f.executed.is_none() && fund.executed.is_some() {
        f.executed = fund.executed;
        f.executed_wan = fund.executed_wan;
        f.written.executed = fund.written.executed;
    }
    for (k, v) in fund.sources {
        f.sources.entry(k).or_insert(v);
    }
    if f.rate_computed || f.rate.is_none() {
        f.rate = None;
        f.rate_computed = false;
        compute_rate(f);
    }
}

/// What a row inside a fund block turned out to be.
pub enum FundRow {
    Line(Box<Fund>),
    /// Lines of titled blocks (side by side, or a block under another): merged into
    /// the lines already read with [`merge_line`].
    Merge(Vec<Fund>),
    /// A fund line with no values (其他资金 left blank): skipped, block goes on.
    Blank,
    /// Not a fund row: the block has ended.
    End,
}

/// Block-title cells that sit left of the lines (项目资金（万元）, 资金投入情况,
/// 预算执行情况（10分）).
fn is_block_title(key: &str) -> bool {
    key.starts_with("项目资金")
        || key.starts_with("资金投入")
        || key.starts_with("资金情况")
        || key.starts_with("预算执行情况")
        || key.starts_with("预算资金")
        || key.starts_with("资金来源")
        || key.starts_with("年度资金")
            && (key.contains("(万元)") || key.contains("(元)"))
            && !key.contains("总额")
        || key == "资金(万元)"
        || key == "资金(元)"
        || key == "资金"
}

/// Cells that say "nothing here": dashes, slashes, 无.
fn is_dash(k: &str) -> bool {
    (!k.is_empty()
        && k.chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '/' | '\\' | '－')))
        || k == "无"
}

/// A row past the block: below the title cell merged down the block, or with text of
/// its own in the title's column (a new labelled row of the form).
fn past_block(row: &RowView, header: &FundHeader) -> bool {
    let Some(t) = header.title else {
        return false;
    };
    if t.merged && row.table.index == t.table && row.row > t.last_row {
        return true;
    }
    let own = compact(row.own_text(t.col));
    !own.is_empty() && !is_block_title(row.key(t.col))
}

fn looks_numeric(text: &str) -> bool {
    let k = compact(text);
    !k.is_empty()
        && (parse_amount(&k).is_some() || parse_rate(&k).is_some() || k == "-" || k == "—")
}

/// Parses one row of a fund block.
pub fn row(
    row: &RowView,
    header: &FundHeader,
    patterns: &Patterns,
    unit: Option<MoneyUnit>,
) -> FundRow {
    match &header.layout {
        Layout::Columns => columns_row(row, header, patterns, unit),
        Layout::Titled(kind) => titled_row(row, header, *kind, patterns, unit),
        Layout::Pairs(pairs) => pairs_row(row, pairs, patterns, unit),
    }
}

/// A row under a block title with one unheaded amount column: the label, then its
/// figure in the first cell after it.
fn titled_row(
    row: &RowView,
    header: &FundHeader,
    kind: FundColumn,
    patterns: &Patterns,
    unit: Option<MoneyUnit>,
) -> FundRow {
    if past_block(row, header) {
        return FundRow::End;
    }
    let title = header.title.map(|t| t.col);
    let filled: Vec<usize> = row
        .filled()
        .into_iter()
        .filter(|&c| Some(c) != title)
        .collect();
    let Some(&label_col) = filled.first() else {
        return FundRow::Blank;
    };
    let line = patterns.fund_line(row.text(label_col)).map(str::to_string);
    let value = filled.get(1).copied();
    let figure = value.filter(|&c| parse_amount(row.text(c)).is_some());
    match (line, figure) {
        (line, Some(v)) if filled.len() == 2 => {
            FundRow::Merge(vec![build(row, label_col, line, &[(kind, v)], unit)])
        }
        (Some(_), None) if value.is_none_or(|c| is_dash(&compact(row.text(c)))) => FundRow::Blank,
        _ => FundRow::End,
    }
}

/// A row of side-by-side titled blocks: each block's line in its own columns.
fn pairs_row(
    row: &RowView,
    pairs: &[(usize, FundColumn, usize)],
    patterns: &Patterns,
    unit: Option<MoneyUnit>,
) -> FundRow {
    let mut lines = Vec::new();
    let mut labelled = 0;
    for &(t, kind, v) in pairs {
        let Some(line) = patterns.fund_line(row.own_text(t)) else {
            continue;
        };
        labelled += 1;
        if parse_amount(row.text(v)).is_some() {
            lines.push(build(row, t, Some(line.to_string()), &[(kind, v)], unit));
        }
    }
    match (labelled, lines.is_empty()) {
        (0, _) => FundRow::End,
        (_, true) => FundRow::Blank,
        _ => FundRow::Merge(lines),
    }
}

/// A row under a header row of column names.
fn columns_row(
    row: &RowView,
    header: &FundHeader,
    patterns: &Patterns,
    unit: Option<MoneyUnit>,
) -> FundRow {
    let first = header.first_col();
    // The label: the rightmost text left of the value columns that is not the
    // block title; a cell naming a known line wins over any other text.
    let mut label_col = None;
    let mut line = None;
    for c in (0..first.min(row.width())).rev() {
        let text = row.text(c);
        let key = row.key(c);
        if key.is_empty() || is_block_title(key) || looks_numeric(text) {
            continue;
        }
        if let Some(l) = patterns.fund_line(text) {
            label_col = Some(c);
            line = Some(l.to_string());
            break;
        }
        if label_col.is_none() && !row.is_continued(c) {
            label_col = Some(c);
        }
    }

    // Values: by header column when every value sits under a header, else in order.
    let values: Vec<usize> = (first..row.width())
        .filter(|&c| !row.own_text(c).trim().is_empty())
        .collect();
    let aligned = values.iter().all(|&c| header.covers(c));
    let mut by_kind: Vec<(FundColumn, usize)> = Vec::new();
    if aligned {
        for &(kind, c, span) in &header.cols {
            if let Some(vc) = (c..c + span).find(|&x| !row.own_text(x).trim().is_empty()) {
                by_kind.push((kind, vc));
            }
        }
        if let Some(vc) = unnamed_budget(row, header, &by_kind) {
            by_kind.push((FundColumn::Budget, vc));
        }
    } else {
        let kinds: Vec<FundColumn> = header.cols.iter().map(|c| c.0).collect();
        for (kind, &vc) in kinds.iter().zip(values.iter()) {
            by_kind.push((*kind, vc));
        }
    }

    // Only parseable figures count: a line of dashes (—, /) is a blank line.
    let numeric = by_kind
        .iter()
        .filter(|(k, c)| {
            *k != FundColumn::Reason
                && (parse_amount(row.text(*c)).is_some() || parse_rate(row.text(*c)).is_some())
        })
        .count();
    if past_block(row, header) {
        return FundRow::End;
    }
    let Some(label_col) = label_col else {
        return FundRow::End;
    };
    if numeric == 0 {
        // A line with nothing in it (其他资金, or a level nobody funded) leaves the block
        // open whatever its label; words in the figure columns mean the block is over.
        let worded = by_kind.iter().any(|&(k, c)| {
            k != FundColumn::Reason && {
                let t = compact(row.own_text(c));
                !t.is_empty() && !is_dash(&t)
            }
        });
        return if line.is_none() && worded {
            FundRow::End
        } else {
            FundRow::Blank
        };
    }

    FundRow::Line(Box::new(build(row, label_col, line, &by_kind, unit)))
}

/// A fund line from its label cell and the cells of its figures.
fn build(
    row: &RowView,
    label_col: usize,
    line: Option<String>,
    by_kind: &[(FundColumn, usize)],
    unit: Option<MoneyUnit>,
) -> Fund {
    let label = row.text(label_col).trim().to_string();
    let mut fund = Fund {
        line,
        label,
        budget: None,
        executed: None,
        rate: None,
        budget_wan: None,
        executed_wan: None,
        initial: None,
        weight: None,
        score: None,
        reason: None,
        rate_computed: false,
        written: FundWritten::default(),
        source: row.source(label_col),
        sources: BTreeMap::new(),
    };
    fund.sources.insert("label".into(), row.source(label_col));
    for &(kind, c) in by_kind {
        let text = row.text(c);
        let typed = row.cell(c).and_then(|cell| cell.typed);
        let name = match kind {
            FundColumn::Budget => {
                if let Some(a) = parse_amount(text) {
                    fund.budget = Some(a.num.value);
                    fund.written.budget = Some(a.num.decimals);
                    // Without a unit in the cell the form's unit applies, known only
                    // once the block is read: the form fills budget_wan then.
                    fund.budget_wan = a.unit.or(unit).map(|u| a.num.value * u.in_wan());
                }
                "budget"
            }
            FundColumn::Executed => {
                if let Some(a) = parse_amount(text) {
                    fund.executed = Some(a.num.value);
                    fund.written.executed = Some(a.num.decimals);
                    // Without a unit in the cell the form's unit applies, known only
                    // once the block is read: the form fills executed_wan then.
                    fund.executed_wan = a.unit.or(unit).map(|u| a.num.value * u.in_wan());
                }
                "executed"
            }
            FundColumn::Rate => {
                let rate = match typed {
                    Some(Typed::Percent(v)) => parse_rate(text).or(Some(crate::value::Num {
                        value: v,
                        decimals: 2,
                    })),
                    _ => parse_rate(text),
                };
                if let Some(r) = rate {
                    fund.rate = Some(r.value);
                    fund.written.rate = Some(r.decimals);
                }
                "rate"
            }
            FundColumn::Initial => {
                fund.initial = parse_amount(text).map(|a| a.num.value);
                "initial"
            }
            FundColumn::Weight => {
                let n = crate::forms::scores::points_value(text);
                fund.weight = n.map(|n| n.value);
                fund.written.weight = n.map(|n| n.decimals);
                "weight"
            }
            FundColumn::Score => {
                let n = crate::forms::scores::points_value(text);
                fund.score = n.map(|n| n.value);
                fund.written.score = n.map(|n| n.decimals);
                "score"
            }
            FundColumn::Reason => {
                let t = text.trim();
                if !t.is_empty() {
                    fund.reason = Some(t.to_string());
                }
                "reason"
            }
        };
        fund.sources.insert(name.into(), row.source(c));
    }
    resolve_bare_one(&mut fund, row);
    compute_rate(&mut fund);
    fund
}

/// Forms without a rate column (调整后预算数 / 预算执行数 layouts): the rate is
/// computed so that every line can be queried by execution; `rate_computed` says so.
fn compute_rate(fund: &mut Fund) {
    if fund.sources.contains_key("rate") {
        return;
    }
    if let (Some(b), Some(e)) = (fund.budget, fund.executed) {
        if b > 0.0 {
            fund.rate = Some((e / b * 10_000.0).round() / 100.0);
            fund.rate_computed = true;
        }
    }
}

/// A rate cell holding a bare `1` (a spreadsheet fraction 100 % whose percent format
/// was lost, as in .xls) reads as 1 % by the text alone; B/A decides which it is.
fn resolve_bare_one(fund: &mut Fund, row: &RowView) {
    let Some(src) = fund.sources.get("rate") else {
        return;
    };
    let text = src.col.map(|c| row.text(c)).unwrap_or("");
    if fund.rate != Some(1.0) || text.contains('%') || text.contains('％') {
        return;
    }
    if let (Some(b), Some(e)) = (fund.budget, fund.executed) {
        if b > 0.0 {
            let ratio = e / b * 100.0;
            if (100.0 - ratio).abs() < (1.0 - ratio).abs() {
                fund.rate = Some(100.0);
            }
        }
    }
}

/// A money unit written inside the value cells of a row (3359.62万), if any.
pub fn unit_in_row(row: &RowView, header: &FundHeader) -> Option<MoneyUnit> {
    header
        .cols
        .iter()
        .filter(|(k, _, _)| matches!(k, FundColumn::Budget | FundColumn::Executed))
        .filter_map(|&(_, c, _)| parse_amount(row.text(c)).and_then(|a| a.unit))
        .next()
}
