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
                for rv in RowView::all(t, patterns) {
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
        let key = self.patterns.simplify(t);
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

        if let Some((target, actual)) = goal_header(rv) {
            if self.cur.is_some() {
                let f = self.form(rv);
                f.section = Section::Goals { target, actual };
            }
            return;
        }

        let first = rv.key(filled[0]).to_string();
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
                    if let Some(u) = header::money_unit_in(rv.key(c)) {
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
        self.reports.push(r);
    }

    fn finish(&mut self) {
        self.close();
    }
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
