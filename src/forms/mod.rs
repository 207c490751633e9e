//! The form interpreter: finds the forms in a document and reads their header,
//! fund block, goals, indicator block and 说明.
//!
//! The document is walked as one stream of paragraphs and table rows, so a form
//! split over two tables, several forms in one file and two forms stacked in one
//! sheet are all the same case: a form starts at a title, a 名称 row or a fund
//! header that the current form already has, and gathers what follows.

pub mod funds;
pub mod grid;
pub mod header;
pub mod indicators;

use crate::model::{Block, Document, Source};
use crate::normalize::{FundColumn, Patterns};
use crate::record::{Goals, Meta, Report, ReportKind};
use crate::value::{compact, MoneyUnit};

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
}

/// Reads every form of a document.
pub fn interpret(doc: &Document, patterns: &Patterns) -> Interpretation {
    let mut st = State {
        patterns,
        reports: Vec::new(),
        cur: None,
        pending: Pending::default(),
        doc_title: None,
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
                for rv in RowView::all(t) {
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
    Interpretation {
        title,
        year,
        reports: st.reports,
    }
}

#[derive(Debug, Default)]
struct Pending {
    title: Option<(String, Source)>,
    year: Option<i32>,
    unit: Option<&'static str>,
    filer: Option<String>,
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
}

struct State<'p> {
    patterns: &'p Patterns,
    reports: Vec<Report>,
    cur: Option<Form>,
    pending: Pending,
    doc_title: Option<String>,
}

impl State<'_> {
    fn text(&mut self, text: &str, src: Source) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        if header::is_title(t) {
            if self.cur.as_ref().is_some_and(|f| has_content(&f.report)) {
                self.close();
            }
            self.pending.title = Some((header::clean_title(t), src));
            return;
        }
        if let Some(y) = header::year_line(t) {
            self.pending.year = Some(y);
            return;
        }
        if let Some((MetaField::Filer, v)) = header::inline_meta(t) {
            self.pending.filer = Some(v);
            return;
        }
        if let Some(u) = header::money_unit_in(t).filter(|_| t.chars().count() < 20) {
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
        // A row holding one text only (a merged title row of a sheet, 附件2, 注) is a line of text.
        if filled.len() == 1 && rv.filled_any().len() == 1 {
            let t = rv.text(filled[0]);
            if header::is_title(t)
                || header::year_line(t).is_some()
                || header::inline_meta(t).is_some()
                || rv.span(filled[0]) * 10 >= rv.width() * 6
            {
                let src = rv.source(filled[0]);
                self.text(t, src);
                return;
            }
        }

        if let Some(h) = indicators::header(rv) {
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
            let f = self.form(rv);
            f.scored |= h.weight.is_some() || h.score.is_some();
            f.section = Section::Indicators(h);
            f.carry = Carry::default();
            return;
        }

        self.meta(rv);

        if let Some(h) = funds::header(rv, self.patterns) {
            if self
                .cur
                .as_ref()
                .is_some_and(|f| !f.report.funds.is_empty())
            {
                self.close();
            }
            let f = self.form(rv);
            for c in 0..rv.width() {
                if let Some(u) = header::money_unit_in(rv.text(c)) {
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

        if let Some((target, actual)) = goal_header(rv) {
            if self.cur.is_some() {
                let f = self.form(rv);
                f.section = Section::Goals { target, actual };
            }
            return;
        }

        let first = compact(rv.text(filled[0]));
        let Some(f) = self.cur.as_mut() else {
            return;
        };
        if first.trim_end_matches([':', '：']) == "说明" {
            let note = filled
                .get(1)
                .map(|&c| rv.text(c).trim().to_string())
                .unwrap_or_default();
            f.report.note = Some(note);
            f.section = Section::Done;
            return;
        }
        if first.starts_with("总分") || first == "合计得分" {
            f.report.total_score = filled
                .iter()
                .skip(1)
                .find_map(|&c| crate::value::parse_number(rv.text(c)))
                .map(|n| n.value);
            f.section = Section::Done;
            return;
        }
        if [
            "填表人",
            "填报人",
            "联系人",
            "联系电话",
            "审核人",
            "单位负责人",
            "注:",
            "注：",
        ]
        .iter()
        .any(|w| first.starts_with(w))
        {
            f.section = Section::Done;
            return;
        }

        match &f.section {
            Section::Funds(h) => {
                let h = h.clone();
                for c in 0..rv.width() {
                    if let Some(u) = header::money_unit_in(rv.text(c)) {
                        f.stated_unit.get_or_insert(u);
                    }
                }
                if let Some(u) = funds::unit_in_row(rv, &h) {
                    f.cell_unit.get_or_insert(u);
                }
                match funds::row(rv, &h, self.patterns, None) {
                    FundRow::Line(fund) => f.report.funds.push(*fund),
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
            if let Some(field) = header::meta_label(t) {
                let value = filled[i + 1..]
                    .iter()
                    .map(|&x| rv.text(x).trim())
                    .find(|v| {
                        header::meta_label(v).is_none() && self.patterns.fund_column(v).is_none()
                    })
                    .filter(|v| header::meta_label(v).is_none());
                let next_is_label = filled
                    .get(i + 1)
                    .is_some_and(|&x| header::meta_label(rv.text(x)).is_some());
                if let Some(v) = value.filter(|_| !next_is_label) {
                    pairs.push((field, v.to_string()));
                }
            } else if let Some((field, v)) = header::inline_meta(t) {
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
            let m = &mut f.report.meta;
            match field {
                MetaField::Program => {
                    f.report.program.get_or_insert(v);
                }
                MetaField::CentralDept => {
                    m.central_dept.get_or_insert(v);
                }
                MetaField::LocalDept => {
                    m.local_dept.get_or_insert(v);
                }
                MetaField::Unit => {
                    m.unit.get_or_insert(v);
                }
                MetaField::Filer => {
                    m.filer.get_or_insert(v);
                }
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
                meta: Meta {
                    filer: self.pending.filer.take(),
                    ..Meta::default()
                },
                money_unit: None,
                funds: Vec::new(),
                goals: Goals::default(),
                indicators: Vec::new(),
                note: None,
                total_score: None,
                source,
            };
            self.cur = Some(Form {
                report,
                section: Section::None,
                carry: Carry::default(),
                stated_unit: self.pending.unit.take(),
                cell_unit: None,
                scored: false,
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
            .and_then(header::kind_from_title)
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
        self.reports.push(r);
    }

    fn finish(&mut self) {
        self.close();
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
        .any(|&c| matches!(rv.key(c).as_str(), "资金管理情况" | "情况说明"))
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
    let target = filled
        .iter()
        .copied()
        .filter(|&c| c < actual)
        .rfind(|&c| {
            let k = rv.key(c);
            k.contains("目标") && !k.contains("完成情况")
        })?;
    Some((target, actual))
}
