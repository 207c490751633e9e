//! The form interpreter: finds the forms in a document and reads their header,
//! fund block, goals, indicator block and 说明.
//!
//! The document is walked as one stream of paragraphs and table rows, so a form
//! split over two tables, several forms in one file and two forms stacked in one
//! sheet are all the same case: a form starts at a title, a 名称 row or a fund
//! header that the current form already has, and gathers what follows.

pub mod closing;
pub mod funds;
pub mod grid;
pub mod header;
pub mod indicators;
#[cfg(test)]
mod layouts;
pub mod scores;

use crate::model::{Block, Document, Format, Issue, Source};
use crate::normalize::{FundColumn, Patterns};
use crate::record::{Goals, Meta, Report, ReportKind};
use crate::value::{compact, MoneyUnit};

use self::closing::Closing;
use self::funds::{FundHeader, FundRow};
use self::grid::RowView;
use self::header::MetaField;
use self::indicators::{Carry, IndicatorHeader};

/// What the interpreter found in a document.
#[derive(Debug, Clone, Default)]
pub struct Interpretation {
    pub title: Option<String>,
    pub year: Option<i32>,
    pub reports: Vec<Report>,
    /// Blocks that were recognised but yielded nothing (`form.unread`): the record
    /// lists them and is `partial`, so no form is lost silently.
    pub issues: Vec<Issue>,
}

/// Reads every form of a document.
pub fn interpret(doc: &Document, patterns: &Patterns) -> Interpretation {
    let mut st = State {
        patterns,
        reports: Vec::new(),
        cur: None,
        pending: Pending::default(),
        doc_title: None,
        blocks: Vec::new(),
        hinted: Vec::new(),
        headed: Vec::new(),
        percent_lost: doc.format == Format::Xls,
    };
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                let src = Source {
                    page: p.page,
                    paragraph: Some(p.index),
                    bbox: p.bbox,
                    ..Source::default()
                };
                st.text(&p.text, src);
            }
            Block::Table(t) => {
                for rv in RowView::all(t, patterns) {
                    if st.hinted.last().map(|h| h.0) != Some(t.index) && indicator_wording(&rv) {
                        st.hinted.push((t.index, rv.source(0)));
                    }
                    st.row(&rv);
                }
                // The txt flattening and real files alike may carry a form on in the
                // next table: the form stays open across tables.
            }
        }
    }
    st.finish();
    let year = st
        .doc_title
        .as_deref()
        .and_then(header::year_in)
        .or_else(|| st.reports.iter().find_map(|r| r.year));
    let title = st
        .doc_title
        .clone()
        .or_else(|| st.reports.iter().find_map(|r| r.title.clone()));
    let issues = st.unread();
    Interpretation {
        title,
        year,
        reports: st.reports,
        issues,
    }
}

/// A row that names indicator columns (三级指标, 指标名称 …) beside a target or actual:
/// a table holding one is a form's indicator block, read or not.
fn indicator_wording(rv: &RowView) -> bool {
    use self::indicators::Role;
    let roles: Vec<Role> = rv
        .filled()
        .iter()
        .map(|&c| indicators::role(rv.key(c)))
        .collect();
    roles.contains(&Role::Name) && (roles.contains(&Role::Target) || roles.contains(&Role::Actual))
}

/// A fund or indicator block as it was read: where its header is and how many lines or
/// rows came out of it.
#[derive(Debug)]
struct BlockTally {
    funds: bool,
    source: Source,
    /// The header's cells as written, to say what was recognised.
    header: Vec<String>,
    read: usize,
}

#[derive(Debug, Default)]
struct Pending {
    title: Option<(String, Source)>,
    year: Option<i32>,
    unit: Option<&'static str>,
    /// `label：value` lines met before the form they belong to (填报单位：…, 项目名称：…).
    meta: Vec<(MetaField, String)>,
}

#[derive(Debug)]
enum Section {
    None,
    Funds(FundHeader),
    Management,
    Goals { target: usize, actual: usize },
    Indicators(IndicatorHeader),
    Done,
}

struct Form {
    report: Report,
    section: Section,
    carry: Carry,
    stated_unit: Option<&'static str>,
    cell_unit: Option<MoneyUnit>,
    scored: bool,
    /// Index in `State::blocks` of the block being read.
    block: Option<usize>,
    /// The fund lines so far come from titled blocks only (see `funds::titled_header`).
    titled: bool,
}

struct State<'p> {
    patterns: &'p Patterns,
    reports: Vec<Report>,
    cur: Option<Form>,
    pending: Pending,
    doc_title: Option<String>,
    blocks: Vec<BlockTally>,
    /// Tables with indicator-block wording, and where the first such row is.
    hinted: Vec<(usize, Source)>,
    /// Tables where an indicator header was recognised (repeated ones included).
    headed: Vec<usize>,
    /// Number formats are not read from this format (see `IndicatorHeader::percent_lost`).
    percent_lost: bool,
}

impl State<'_> {
    fn text(&mut self, text: &str, src: Source) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        let key = self.patterns.simplify(t);
        self.scheme(&key);
        if header::is_title(&key) {
            if self.cur.as_ref().is_some_and(|f| has_content(&f.report)) {
                self.close();
            }
            self.pending.title = Some((header::clean_title(t), src));
            return;
        }
        if let Some(y) = header::year_line(&key) {
            self.pending.year = Some(y);
            return;
        }
        if let Some((field, v)) = header::inline_meta(t, self.patterns) {
            match self.cur.as_mut() {
                Some(f) if !has_content(&f.report) => apply_meta(&mut f.report, field, v),
                _ => self.pending.meta.push((field, v)),
            }
            return;
        }
        if let Some(u) = header::money_unit_in(&key).filter(|_| t.chars().count() < 20) {
            self.pending.unit = Some(u);
            return;
        }
        if self.doc_title.is_none() && self.cur.is_none() && self.reports.is_empty() {
            let k = compact(t);
            let annex = k.starts_with("附件") && k.chars().count() <= 5
                || k.starts_with("附表") && k.chars().count() <= 5;
            if !annex && k.chars().count() <= 60 && !k.ends_with('。') {
                self.doc_title = Some(t.to_string());
            }
        }
    }

    fn row(&mut self, rv: &RowView) {
        let filled = rv.filled();
        if filled.is_empty() {
            return;
        }
        for &c in &filled {
            self.scheme(rv.key(c));
        }
        // A row holding one text only (a merged title row of a sheet, 附件2, 注) is a line of text.
        if filled.len() == 1 && rv.filled_any().len() == 1 {
            let t = rv.text(filled[0]);
            let k = rv.key(filled[0]);
            if header::is_title(k)
                || header::year_line(k).is_some()
                || header::inline_meta(t, self.patterns).is_some()
                || rv.span(filled[0]) * 10 >= rv.width() * 6
            {
                let src = rv.source(filled[0]);
                self.text(t, src);
                return;
            }
        }

        if let Some(mut h) = indicators::header(rv) {
            h.percent_lost = self.percent_lost;
            if self.headed.last() != Some(&rv.table.index) {
                self.headed.push(rv.table.index);
            }
            let repeated = matches!(
                self.cur.as_ref().map(|f| &f.section),
                Some(Section::Indicators(_))
            );
            if repeated {
                return;
            }
            if self
                .cur
                .as_ref()
                .is_some_and(|f| !f.report.indicators.is_empty())
            {
                self.close();
            }
            let block = self.open_block(rv, false);
            let f = self.form(rv);
            f.scored |= h.weight.is_some() || h.score.is_some();
            if let Some(p) = header_points(rv, "绩效指标") {
                f.report.scores.block_weights.insert("indicators".into(), p);
            }
            f.section = Section::Indicators(h);
            f.carry = Carry::default();
            f.block = Some(block);
            return;
        }

        self.meta(rv);

        if let Some(h) = funds::header(rv, self.patterns) {
            // Totals stated beside titles above the form's own fund table give way to it.
            if let Some(f) = self.cur.as_mut().filter(|f| f.titled) {
                f.report.funds.clear();
                f.titled = false;
            }
            if self
                .cur
                .as_ref()
                .is_some_and(|f| !f.report.funds.is_empty())
            {
                self.close();
            }
            let block = self.open_block(rv, true);
            let f = self.form(rv);
            f.block = Some(block);
            if let Some(p) = h
                .title
                .and_then(|t| scores::points_in(rv.key(t.col)).map(|n| n.value))
                .or_else(|| header_points(rv, "预算执行"))
            {
                f.report.scores.block_weights.insert("funds".into(), p);
            }
            for c in 0..rv.width() {
                if let Some(u) = header::money_unit_in(rv.key(c)) {
                    f.stated_unit.get_or_insert(u);
                }
            }
            f.scored |= h.cols.iter().any(|c| {
                matches!(
                    c.0,
                    FundColumn::Initial | FundColumn::Weight | FundColumn::Score
                )
            });
            f.section = Section::Funds(h);
            return;
        }

        if let Some(h) = funds::titled_header(rv, self.patterns) {
            // Titled blocks add to the lines already read (a block of plans, then one
            // of spending): they never start a form of their own.
            let f = self.form(rv);
            for c in 0..rv.width() {
                if let Some(u) = header::money_unit_in(rv.key(c)) {
                    f.stated_unit.get_or_insert(u);
                }
            }
            f.titled = f.report.funds.is_empty() || f.titled;
            for fund in funds::pair_totals(rv, &h, None) {
                funds::merge_line(&mut f.report.funds, fund);
            }
            f.block = None;
            f.section = Section::Funds(h);
            return;
        }

        if let Some((target, actual)) = goal_header(rv) {
            if self.cur.is_some() {
                let f = self.form(rv);
                f.section = Section::Goals { target, actual };
            }
            return;
        }

        let first = rv.key(filled[0]).to_string();
        let first_is_line = self.patterns.fund_line(rv.text(filled[0])).is_some();
        let Some(f) = self.cur.as_mut() else {
            return;
        };
        // In a fund block 合计 is the total line; elsewhere it closes the block above.
        let in_funds = matches!(f.section, Section::Funds(_));
        if let Some(kind) = closing::closing(&first).filter(|_| !(in_funds && first_is_line)) {
            match kind {
                Closing::Note => {
                    let note = filled
                        .get(1)
                        .map(|&c| rv.text(c).trim().to_string())
                        .unwrap_or_default();
                    f.report.note = Some(note);
                }
                Closing::Total | Closing::Grade => read_total(&mut f.report, rv, &f.section),
                Closing::Subtotal => return,
                Closing::Prose | Closing::Signature => {}
            }
            f.section = Section::Done;
            return;
        }

        match &f.section {
            Section::Funds(h) => {
                let h = h.clone();
                for c in 0..rv.width() {
                    if let Some(u) = header::money_unit_in(rv.key(c)) {
                        f.stated_unit.get_or_insert(u);
                    }
                }
                if let Some(u) = funds::unit_in_row(rv, &h) {
                    f.cell_unit.get_or_insert(u);
                }
                match funds::row(rv, &h, self.patterns, None) {
                    FundRow::Line(fund) => {
                        f.titled = false;
                        f.report.funds.push(*fund);
                        count_read(&mut self.blocks, f.block);
                    }
                    FundRow::Merge(lines) => {
                        for fund in lines {
                            funds::merge_line(&mut f.report.funds, fund);
                        }
                    }
                    FundRow::Blank => {}
                    FundRow::End => {
                        f.section = if is_management_header(rv) {
                            Section::Management
                        } else {
                            Section::None
                        };
                    }
                }
            }
            Section::Management => {}
            Section::Goals { target, actual } => {
                let (tc, ac) = (*target, *actual);
                let pick = |c: usize| rv.text(c).trim().to_string();
                let mut t = pick(tc);
                let mut a = pick(ac);
                if t.is_empty() && a.is_empty() {
                    let texts: Vec<String> = filled.iter().map(|&c| pick(c)).collect();
                    t = texts.first().cloned().unwrap_or_default();
                    a = texts.get(1).cloned().unwrap_or_default();
                }
                f.report.goals = Goals {
                    target: (!t.is_empty()).then_some(t),
                    actual: (!a.is_empty()).then_some(a),
                };
                f.section = Section::None;
            }
            Section::Indicators(h) => {
                if indicators::is_subheader(rv) {
                    return;
                }
                let h = h.clone();
                if let Some(ind) = indicators::row(rv, &h, self.patterns, &mut f.carry) {
                    f.report.indicators.push(ind);
                    count_read(&mut self.blocks, f.block);
                }
            }
            Section::None | Section::Done => {}
        }
    }

    /// Meta pairs in a row: a label cell and the next text cell after it.
    fn meta(&mut self, rv: &RowView) {
        let filled = rv.filled();
        let mut pairs = Vec::new();
        for (i, &c) in filled.iter().enumerate() {
            let t = rv.text(c);
            if let Some(field) = header::meta_label(rv.key(c)) {
                let next = filled.get(i + 1).copied();
                let value = next.filter(|&x| {
                    header::meta_label(rv.key(x)).is_none()
                        && self.patterns.fund_column(rv.text(x)).is_none()
                });
                if let Some(x) = value {
                    pairs.push((field, rv.text(x).trim().to_string()));
                }
            } else if let Some((field, v)) = header::inline_meta(t, self.patterns) {
                pairs.push((field, v));
            }
        }
        if pairs.is_empty() {
            return;
        }
        let starts_new = pairs.iter().any(|(f, _)| *f == MetaField::Program)
            && self
                .cur
                .as_ref()
                .is_some_and(|f| f.report.program.is_some() || has_content(&f.report));
        if starts_new {
            self.close();
        }
        let f = self.form(rv);
        for (field, v) in pairs {
            apply_meta(&mut f.report, field, v);
        }
    }

    /// Notes that the open form states a scoring scheme of its own for the execution rate.
    fn scheme(&mut self, key: &str) {
        if let Some(f) = self.cur.as_mut() {
            if !f.report.scores.tiered_rate_scheme && scores::states_tiered_rate_scheme(key) {
                f.report.scores.tiered_rate_scheme = true;
            }
        }
    }

    /// The open form, started here if there is none.
    fn form(&mut self, rv: &RowView) -> &mut Form {
        if self.cur.is_none() {
            let (title, title_src) = match self.pending.title.take() {
                Some((t, s)) => (Some(t), Some(s)),
                None => (None, None),
            };
            let source = title_src.unwrap_or_else(|| rv.source(0));
            let report = Report {
                kind: ReportKind::TransferRegionSelfeval,
                title,
                year: self.pending.year.take(),
                program: None,
                meta: Meta::default(),
                money_unit: None,
                funds: Vec::new(),
                goals: Goals::default(),
                indicators: Vec::new(),
                note: None,
                total_score: None,
                scores: Default::default(),
                source,
            };
            let mut report = report;
            for (field, v) in std::mem::take(&mut self.pending.meta) {
                apply_meta(&mut report, field, v);
            }
            self.cur = Some(Form {
                report,
                section: Section::None,
                carry: Carry::default(),
                stated_unit: self.pending.unit.take(),
                cell_unit: None,
                scored: false,
                block: None,
                titled: false,
            });
        }
        self.cur.as_mut().expect("a form was just opened")
    }

    fn close(&mut self) {
        let Some(f) = self.cur.take() else {
            return;
        };
        if !has_content(&f.report) {
            return;
        }
        let mut r = f.report;
        r.kind = r
            .title
            .as_deref()
            .and_then(|t| header::kind_from_title(&self.patterns.simplify(t)))
            .unwrap_or(if f.scored {
                ReportKind::ProjectSelfeval
            } else {
                ReportKind::TransferRegionSelfeval
            });
        r.year = r
            .year
            .or_else(|| r.title.as_deref().and_then(header::year_in));
        let unit = f
            .stated_unit
            .map(|u| u.to_string())
            .or_else(|| f.cell_unit.map(|u| u.as_str().to_string()));
        // Where a form states no unit, 万元 is assumed for the *_wan columns: it is
        // the unit the templates print; money_unit stays null to say it was not stated.
        let factor = match unit.as_deref() {
            Some("元") => MoneyUnit::Yuan.in_wan(),
            Some("亿元") => MoneyUnit::Yi.in_wan(),
            _ => 1.0,
        };
        for fund in &mut r.funds {
            if fund.budget_wan.is_none() {
                fund.budget_wan = fund.budget.map(|v| round_wan(v * factor));
            }
            if fund.executed_wan.is_none() {
                fund.executed_wan = fund.executed.map(|v| round_wan(v * factor));
            }
        }
        r.money_unit = unit;
        block_weight_to_fund(&mut r);
        self.reports.push(r);
    }

    fn finish(&mut self) {
        self.close();
    }

    /// Starts the tally of a block whose header is this row.
    fn open_block(&mut self, rv: &RowView, funds: bool) -> usize {
        self.blocks.push(BlockTally {
            funds,
            source: rv.source(rv.filled().first().copied().unwrap_or(0)),
            header: rv.filled().iter().map(|&c| compact(rv.text(c))).collect(),
            read: 0,
        });
        self.blocks.len() - 1
    }

    /// `form.unread` for every block that yielded nothing and every table with
    /// indicator wording where no indicator block was recognised.
    fn unread(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        for b in self.blocks.iter().filter(|b| b.read == 0) {
            let (what, none) = if b.funds {
                ("fund block", "no fund line")
            } else {
                ("indicator block", "no indicator row")
            };
            out.push(Issue {
                code: "form.unread".into(),
                message: format!(
                    "{}: {what} header recognised ({}) but {none} was read",
                    where_is(&b.source),
                    b.header.join(" | ")
                ),
            });
        }
        let headed: std::collections::HashSet<usize> = self.headed.iter().copied().collect();
        for (table, src) in &self.hinted {
            if headed.contains(table) {
                continue;
            }
            out.push(Issue {
                code: "form.unread".into(),
                message: format!(
                    "{}: a row names indicator columns but no indicator block could be read",
                    where_is(src)
                ),
            });
        }
        // A damaged or hostile file may hold thousands of empty blocks: the record lists
        // the first ones and counts the rest.
        if out.len() > MAX_UNREAD {
            let more = out.len() - MAX_UNREAD;
            out.truncate(MAX_UNREAD);
            out.push(Issue {
                code: "form.unread".into(),
                message: format!("{more} more blocks could not be read"),
            });
        }
        out
    }
}

/// How many `form.unread` issues a record lists one by one.
const MAX_UNREAD: usize = 20;

fn count_read(blocks: &mut [BlockTally], block: Option<usize>) {
    if let Some(b) = block.and_then(|i| blocks.get_mut(i)) {
        b.read += 1;
    }
}

/// A source as users find it: table, row, sheet and page.
fn where_is(src: &Source) -> String {
    let mut s = format!(
        "table {} row {}",
        src.table.map_or(0, |t| t + 1),
        src.row.map_or(0, |r| r + 1)
    );
    if let Some(sheet) = &src.sheet {
        s.push_str(&format!(", sheet {sheet}"));
    }
    if let Some(p) = src.page {
        s.push_str(&format!(", page {p}"));
    }
    s
}

/// The figures of a 合计 / 总分 row and a grade: the figure under the block's 得分 column
/// is the total score, the one under 分值 the total of the points (see
/// [`scores::total_row`]). The first statement of each wins.
fn read_total(r: &mut Report, rv: &RowView, section: &Section) {
    let (score_col, weight_col) = match section {
        Section::Indicators(h) => (h.score, h.weight),
        Section::Funds(h) => {
            let col = |k: FundColumn| h.cols.iter().find(|c| c.0 == k).map(|c| c.1);
            (col(FundColumn::Score), col(FundColumn::Weight))
        }
        _ => (None, None),
    };
    let t = scores::total_row(rv, score_col, weight_col);
    if let (None, Some(s)) = (r.total_score, t.score) {
        r.total_score = Some(s.num.value);
        r.scores.total_score_decimals = Some(s.num.decimals);
        r.scores.sources.insert("total_score".into(), s.source);
    }
    if let (None, Some(w)) = (r.scores.total_weight, t.weight) {
        r.scores.total_weight = Some(w.num.value);
        r.scores.total_weight_decimals = Some(w.num.decimals);
        r.scores.sources.insert("total_weight".into(), w.source);
    }
    if let (None, Some((g, src))) = (&r.scores.grade, t.grade) {
        r.scores.grade_level = scores::grade_level(&g).map(str::to_string);
        r.scores.grade = Some(g);
        r.scores.sources.insert("grade".into(), src);
    }
}

/// Points stated in a header cell that starts with `stem` (绩效指标（90分）).
fn header_points(rv: &RowView, stem: &str) -> Option<f64> {
    rv.filled()
        .into_iter()
        .map(|c| rv.key(c))
        .filter(|k| k.starts_with(stem))
        .find_map(scores::points_in)
        .map(|n| n.value)
}

/// Sets a meta field unless the form already has it (the first statement wins).
fn apply_meta(r: &mut Report, field: MetaField, v: String) {
    let m = &mut r.meta;
    let slot = match field {
        MetaField::Program => &mut r.program,
        MetaField::CentralDept => &mut m.central_dept,
        MetaField::LocalDept => &mut m.local_dept,
        MetaField::Unit => &mut m.unit,
        MetaField::Filer => &mut m.filer,
    };
    slot.get_or_insert(v);
}

/// A fund block whose title states its points (预算执行情况（10分）) and that has no
/// 分值 column: the points are the 分值 of its total line (or its only scored line).
fn block_weight_to_fund(r: &mut Report) {
    let Some(&w) = r.scores.block_weights.get("funds") else {
        return;
    };
    if r.funds.iter().any(|f| f.weight.is_some()) {
        return;
    }
    let i = r
        .funds
        .iter()
        .position(|f| f.line.as_deref() == Some("total"))
        .or_else(|| r.funds.iter().position(|f| f.score.is_some()))
        .or(if r.funds.len() == 1 { Some(0) } else { None });
    if let Some(f) = i.and_then(|i| r.funds.get_mut(i)) {
        // Decimals unknown: the rules read the points as their shortest form.
        f.weight = Some(w);
        f.written.weight = None;
    }
}

fn round_wan(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn has_content(r: &Report) -> bool {
    !r.funds.is_empty() || !r.indicators.is_empty()
}

fn is_management_header(rv: &RowView) -> bool {
    rv.filled()
        .iter()
        .any(|&c| matches!(rv.key(c), "资金管理情况" | "情况说明"))
}

/// The header row of the goals block: (target column, actual column).
fn goal_header(rv: &RowView) -> Option<(usize, usize)> {
    let filled = rv.filled_any();
    // Header cells are short labels; long text is content that merely mentions 目标.
    if filled.iter().any(|&c| rv.key(c).chars().count() > 12) {
        return None;
    }
    let actual = filled.iter().copied().find(|&c| {
        let k = rv.key(c);
        (k.contains("实际完成") || k.contains("完成情况")) && !k.contains("目标")
    })?;
    let target = filled.iter().copied().filter(|&c| c < actual).rfind(|&c| {
        let k = rv.key(c);
        k.contains("目标") && !k.contains("完成情况")
    })?;
    Some((target, actual))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::read::txt::TxtReader;
    use crate::read::Reader;

    fn forms(text: &str) -> Interpretation {
        let doc = TxtReader
            .read(text.as_bytes(), &Limits::default())
            .expect("text reads");
        interpret(&doc, &Patterns::builtin())
    }

    const FUNDS: &str = "项目资金（万元）\t\t全年预算数（A）\t全年执行数（B）\t预算执行率（B/A）\n\
                         \t年度资金总额\t100\t90\t90.00%\n\
                         \t其中：中央补助\t100\t90\t90.00%\n";
    const INDICATORS: &str =
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t全年实际完成值\t未完成原因和改进措施\n\
                              \t产出指标\t数量指标\t资助参保人次\t≥100\t120\t\n";

    #[test]
    fn meta_lines_before_the_table_belong_to_the_form() {
        let i = forms(&format!(
            "某县转移支付区域绩效目标自评表\n（2021年度）\n项目名称：城乡医疗救助\n填报单位：某县医疗保障局\n{FUNDS}"
        ));
        let r = &i.reports[0];
        assert_eq!(r.program.as_deref(), Some("城乡医疗救助"));
        assert_eq!(r.meta.filer.as_deref(), Some("某县医疗保障局"));
        assert_eq!(r.year, Some(2021));
        assert_eq!(r.funds.len(), 2);
    }

    #[test]
    fn a_form_split_over_two_tables_is_one_form() {
        let i = forms(&format!(
            "某县转移支付区域绩效目标自评表\n{FUNDS}续表\n{INDICATORS}"
        ));
        assert_eq!(i.reports.len(), 1);
        assert_eq!(i.reports[0].funds.len(), 2);
        assert_eq!(i.reports[0].indicators.len(), 1);
    }

    #[test]
    fn a_repeated_header_row_does_not_start_a_form() {
        let i = forms(&format!(
            "某县转移支付区域绩效目标自评表\n{FUNDS}{INDICATORS}{INDICATORS}"
        ));
        assert_eq!(i.reports.len(), 1);
        assert_eq!(i.reports[0].indicators.len(), 2);
    }

    #[test]
    fn each_title_starts_a_form_and_citations_do_not() {
        let i = forms(&format!(
            "甲转移支付区域绩效目标自评表\n{FUNDS}{INDICATORS}\
             按照《转移支付区域绩效目标自评表》的标准填写。\n\
             乙项目支出绩效自评表\n{FUNDS}{INDICATORS}"
        ));
        assert_eq!(i.reports.len(), 2);
        assert_eq!(i.reports[0].kind, ReportKind::TransferRegionSelfeval);
        assert_eq!(i.reports[1].kind, ReportKind::ProjectSelfeval);
        assert_eq!(i.reports[1].title.as_deref(), Some("乙项目支出绩效自评表"));
    }

    #[test]
    fn a_document_without_forms_has_only_its_title() {
        let i = forms("2022年钟山城乡居民基本医疗保险补助资金绩效评价报告\n一、绩效目标\n正文。\n");
        assert!(i.reports.is_empty());
        assert_eq!(i.year, Some(2022));
    }
}
