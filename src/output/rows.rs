//! The row layer: a record flattened once into the rows of the dataset's tables (files,
//! reports, funds, indicators, facts, findings), each a list of typed values in the order
//! of its table's columns. The tabular writers (CSV, SQLite, the workbook, the review
//! page) choose columns by name and encode the values their own way; what a column holds
//! is decided here, once.

use std::borrow::Cow;

use serde_json::Value;

use crate::i18n::Lang;
use crate::model::Source;
use crate::record::{Fact, Finding, Fund, Indicator, Record, Report};
use crate::value::{Op, Parsed};

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Text(Cow<'a, str>),
    Int(i64),
    /// A float as the record holds it; writers show it as records.jsonl does
    /// ([`crate::value::num_json`]).
    Num(f64),
    Bool(bool),
    /// A JSON value (a finding's subject and values), written as compact JSON.
    Json(&'a Value),
    /// Where a finding's figures are, written as JSON or described, as the writer needs.
    Sources(&'a [Source]),
}

/// What a column holds, for writers that declare types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Int,
    Num,
    Bool,
    /// JSON, as text.
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: Ty,
}

const fn c(name: &'static str, ty: Ty) -> Column {
    Column { name, ty }
}

/// A table of the dataset: its name and columns, in the order rows hold their values.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
}

impl Table {
    /// Positions of the columns a writer chooses: names, and `a..=b` for the columns
    /// from `a` to `b` in table order. A name the table does not have gives a position
    /// past the row's end, which reads as null (each writer's tests check its names).
    pub fn pick(&self, names: &[&str]) -> Vec<usize> {
        let pos = |n: &str| self.columns.iter().position(|c| c.name == n);
        let mut out = Vec::new();
        for n in names {
            match n.split_once("..=").map(|(a, b)| (pos(a), pos(b))) {
                Some((Some(a), Some(b))) if a <= b => out.extend(a..=b),
                Some(_) => out.push(usize::MAX),
                None => out.push(pos(n).unwrap_or(usize::MAX)),
            }
        }
        out
    }

    /// The names of the columns at these positions.
    pub fn names(&self, picked: &[usize]) -> Vec<&'static str> {
        picked
            .iter()
            .map(|&i| self.columns.get(i).map_or("", |c| c.name))
            .collect()
    }
}

/// The columns of `parts` one after the other; `N` is their count (checked when the
/// constant is built).
const fn join<const N: usize>(parts: &[&[Column]]) -> [Column; N] {
    let mut out = [c("", Ty::Text); N];
    let (mut k, mut p) = (0, 0);
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[k] = parts[p][i];
            k += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(k == N, "column count");
    out
}

use Ty::{Bool, Int, Json, Num, Text};

/// Where a value is: page, sheet, table, row, col (cells), then paragraph (text).
const CELL_COLUMNS: [Column; 5] = [
    c("page", Int),
    c("sheet", Text),
    c("table", Int),
    c("row", Int),
    c("col", Int),
];
const PARAGRAPH: Column = c("paragraph", Int);

pub const FILES: Table = Table {
    name: "files",
    columns: &[
        c("id", Int),
        c("path", Text),
        c("sha256", Text),
        c("format", Text),
        c("bytes", Int),
        c("pages", Int),
        c("status", Text),
        c("title", Text),
        c("year", Int),
        c("reports", Int),
        c("findings", Int),
        c("error", Text),
    ],
};

const REPORT_COLUMNS: [Column; 27] = join(&[
    &[
        c("file_id", Int),
        c("path", Text),
        c("report", Int),
        c("kind", Text),
        c("title", Text),
        c("year", Int),
        c("program", Text),
        c("central_dept", Text),
        c("local_dept", Text),
        c("unit", Text),
        c("filer", Text),
        c("money_unit", Text),
        c("funds", Int),
        c("indicators", Int),
        c("goal_target", Text),
        c("goal_actual", Text),
        c("note", Text),
        c("total_score", Num),
        c("total_weight", Num),
        c("grade", Text),
        // The grade on the 优/良/中/差 scale.
        c("grade_level", Text),
    ],
    &CELL_COLUMNS,
    &[PARAGRAPH],
]);
pub const REPORTS: Table = Table {
    name: "reports",
    columns: &REPORT_COLUMNS,
};

/// The columns every fund and indicator row starts with: the file and its form.
const FORM_COLUMNS: [Column; 9] = [
    c("file_id", Int),
    c("path", Text),
    c("sha256", Text),
    c("report", Int),
    c("idx", Int),
    c("kind", Text),
    c("year", Int),
    c("program", Text),
    c("unit", Text),
];

const FUND_COLUMNS: [Column; 27] = join(&[
    &FORM_COLUMNS,
    &[
        c("money_unit", Text),
        c("line", Text),
        c("label", Text),
        c("budget", Num),
        c("executed", Num),
        c("rate", Num),
        c("budget_wan", Num),
        c("executed_wan", Num),
        c("initial", Num),
        c("weight", Num),
        c("score", Num),
        c("reason", Text),
        c("rate_computed", Bool),
    ],
    &CELL_COLUMNS,
]);
pub const FUNDS: Table = Table {
    name: "funds",
    columns: &FUND_COLUMNS,
};

const INDICATOR_COLUMNS: [Column; 35] = join(&[
    &FORM_COLUMNS,
    &[
        c("level1", Text),
        c("level2", Text),
        c("name", Text),
        c("canonical", Text),
        c("match", Text),
        c("confidence", Num),
        c("target_raw", Text),
        c("target_op", Text),
        c("target_value", Num),
        c("target_value_hi", Num),
        c("target_unit", Text),
        c("actual_raw", Text),
        c("actual_op", Text),
        c("actual_value", Num),
        c("actual_value_hi", Num),
        c("actual_unit", Text),
        // The unit the row is in: the actual's, else the target's.
        c("unit_written", Text),
        c("met", Bool),
        c("reason", Text),
        c("weight", Num),
        c("score", Num),
    ],
    &CELL_COLUMNS,
]);
pub const INDICATORS: Table = Table {
    name: "indicators",
    columns: &INDICATOR_COLUMNS,
};

const FACT_COLUMNS: [Column; 19] = join(&[
    &[
        c("file_id", Int),
        c("path", Text),
        c("sha256", Text),
        c("idx", Int),
        c("concept", Text),
        c("line", Text),
        c("label", Text),
        c("value", Num),
        c("unit", Text),
        c("value_wan", Num),
        c("text", Text),
    ],
    &CELL_COLUMNS,
    &[PARAGRAPH, c("start", Int), c("end", Int)],
]);
pub const FACTS: Table = Table {
    name: "facts",
    columns: &FACT_COLUMNS,
};

pub const FINDINGS: Table = Table {
    name: "findings",
    columns: &[
        c("file_id", Int),
        c("path", Text),
        c("sha256", Text),
        c("idx", Int),
        c("rule", Text),
        c("name", Text),
        c("severity", Text),
        c("report", Int),
        c("subject", Json),
        c("message", Text),
        c("values", Json),
        c("source", Json),
        c("message_zh", Text),
    ],
};

/// Every table, in the order the writers lay them out.
pub const TABLES: [&Table; 6] = [&FILES, &REPORTS, &FUNDS, &INDICATORS, &FACTS, &FINDINGS];

pub type Row<'a> = Vec<Val<'a>>;

/// The rows of one record, in the order the record holds them.
#[derive(Debug, Default)]
pub struct RecordRows<'a> {
    pub file: Row<'a>,
    pub reports: Vec<Row<'a>>,
    pub funds: Vec<Row<'a>>,
    pub indicators: Vec<Row<'a>>,
    pub facts: Vec<Row<'a>>,
    pub findings: Vec<Row<'a>>,
}

/// The value at a row position (null past the end: see [`Table::pick`]).
pub fn at<'r, 'a>(row: &'r [Val<'a>], i: usize) -> &'r Val<'a> {
    row.get(i).unwrap_or(&Val::Null)
}

fn text(s: &str) -> Val<'_> {
    Val::Text(Cow::Borrowed(s))
}

fn opt_text(s: &Option<String>) -> Val<'_> {
    s.as_deref().map_or(Val::Null, text)
}

fn num(v: Option<f64>) -> Val<'static> {
    v.map_or(Val::Null, Val::Num)
}

fn int<T: TryInto<i64>>(v: Option<T>) -> Val<'static> {
    v.map_or(Val::Null, |x| Val::Int(x.try_into().unwrap_or(i64::MAX)))
}

fn count(n: usize) -> Val<'static> {
    int(Some(n))
}

/// `>=`, `range` …: the operator as records.jsonl writes it.
pub fn op_str(op: Op) -> &'static str {
    match op {
        Op::Ge => ">=",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Lt => "<",
        Op::Eq => "=",
        Op::Approx => "~",
        Op::Range => "range",
        Op::NotBelowLastYear => "not_below_last_year",
        Op::NotAboveLastYear => "not_above_last_year",
        Op::Qualitative => "qualitative",
        Op::Text => "text",
    }
}

fn source_vals(s: &Source, with_paragraph: bool) -> impl Iterator<Item = Val<'_>> {
    [
        int(s.page),
        opt_text(&s.sheet),
        int(s.table),
        int(s.row),
        int(s.col),
    ]
    .into_iter()
    .chain(with_paragraph.then(|| int(s.paragraph)))
}

/// Every error of a record as one text: `code: message; …`.
pub fn errors_text(r: &Record) -> String {
    r.errors
        .iter()
        .map(|e| format!("{}: {}", e.code, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl<'a> RecordRows<'a> {
    /// The rows of `r`, the `id`-th record of the dataset (1-based).
    pub fn of(id: usize, r: &'a Record) -> RecordRows<'a> {
        let id = count(id);
        let mut out = RecordRows {
            file: file_row(id.clone(), r),
            ..RecordRows::default()
        };
        for (ri, rep) in r.reports.iter().enumerate() {
            out.reports.push(report_row(&id, r, ri, rep));
            let form = FormHead {
                id: &id,
                r,
                ri,
                rep,
            };
            for (k, f) in rep.funds.iter().enumerate() {
                out.funds.push(fund_row(form.vals(k), rep, f));
            }
            for (k, ind) in rep.indicators.iter().enumerate() {
                out.indicators.push(indicator_row(form.vals(k), ind));
            }
        }
        for (k, f) in r.facts.iter().enumerate() {
            out.facts.push(fact_row(&id, r, k, f));
        }
        for (k, f) in r.findings.iter().enumerate() {
            out.findings.push(finding_row(&id, r, k, f));
        }
        out
    }

    /// The rows of one table.
    pub fn of_table(&self, table: &Table) -> &[Row<'a>] {
        match table.name {
            "files" => std::slice::from_ref(&self.file),
            "reports" => &self.reports,
            "funds" => &self.funds,
            "indicators" => &self.indicators,
            "facts" => &self.facts,
            "findings" => &self.findings,
            _ => &[],
        }
    }
}

fn file_row<'a>(id: Val<'static>, r: &'a Record) -> Row<'a> {
    vec![
        id,
        text(&r.file.path),
        text(&r.file.sha256),
        opt_text(&r.file.format),
        int(Some(r.file.bytes)),
        int(r.file.pages),
        text(r.status.as_str()),
        opt_text(&r.title),
        int(r.year),
        count(r.reports.len()),
        count(r.findings.len()),
        Val::Text(Cow::Owned(errors_text(r))),
    ]
}

fn report_row<'a>(id: &Val<'static>, r: &'a Record, ri: usize, rep: &'a Report) -> Row<'a> {
    let mut row = vec![
        id.clone(),
        text(&r.file.path),
        count(ri),
        text(rep.kind.as_str()),
        opt_text(&rep.title),
        int(rep.year),
        opt_text(&rep.program),
        opt_text(&rep.meta.central_dept),
        opt_text(&rep.meta.local_dept),
        opt_text(&rep.meta.unit),
        opt_text(&rep.meta.filer),
        opt_text(&rep.money_unit),
        count(rep.funds.len()),
        count(rep.indicators.len()),
        opt_text(&rep.goals.target),
        opt_text(&rep.goals.actual),
        opt_text(&rep.note),
        num(rep.total_score),
        num(rep.scores.total_weight),
        opt_text(&rep.scores.grade),
        opt_text(&rep.scores.grade_level),
    ];
    row.extend(source_vals(&rep.source, true));
    row
}

/// The form a fund or indicator row belongs to.
struct FormHead<'x, 'a> {
    id: &'x Val<'static>,
    r: &'a Record,
    ri: usize,
    rep: &'a Report,
}

impl<'a> FormHead<'_, 'a> {
    /// The [`FORM_COLUMNS`] of the `k`-th row of the form.
    fn vals(&self, k: usize) -> Row<'a> {
        vec![
            self.id.clone(),
            text(&self.r.file.path),
            text(&self.r.file.sha256),
            count(self.ri),
            count(k),
            text(self.rep.kind.as_str()),
            int(self.rep.year),
            opt_text(&self.rep.program),
            opt_text(&self.rep.meta.unit),
        ]
    }
}

fn fund_row<'a>(mut row: Row<'a>, rep: &'a Report, f: &'a Fund) -> Row<'a> {
    row.extend([
        opt_text(&rep.money_unit),
        opt_text(&f.line),
        text(&f.label),
        num(f.budget),
        num(f.executed),
        num(f.rate),
        num(f.budget_wan),
        num(f.executed_wan),
        num(f.initial),
        num(f.weight),
        num(f.score),
        opt_text(&f.reason),
        Val::Bool(f.rate_computed),
    ]);
    row.extend(source_vals(&f.source, false));
    row
}

fn parsed_vals(p: &Parsed) -> [Val<'_>; 5] {
    [
        text(&p.raw),
        text(op_str(p.op)),
        num(p.value),
        num(p.value_hi),
        opt_text(&p.unit),
    ]
}

fn indicator_row<'a>(mut row: Row<'a>, ind: &'a Indicator) -> Row<'a> {
    row.extend([
        opt_text(&ind.level1),
        opt_text(&ind.level2),
        text(&ind.name),
        opt_text(&ind.canonical),
        text(ind.match_kind),
        Val::Num(ind.confidence),
    ]);
    row.extend(parsed_vals(&ind.target));
    row.extend(parsed_vals(&ind.actual));
    row.extend([
        opt_text(if ind.actual.unit.is_some() {
            &ind.actual.unit
        } else {
            &ind.target.unit
        }),
        ind.met.map_or(Val::Null, Val::Bool),
        text(&ind.reason),
        num(ind.weight),
        num(ind.score),
    ]);
    row.extend(source_vals(&ind.source, false));
    row
}

fn fact_row<'a>(id: &Val<'static>, r: &'a Record, k: usize, f: &'a Fact) -> Row<'a> {
    let mut row = vec![
        id.clone(),
        text(&r.file.path),
        text(&r.file.sha256),
        count(k),
        text(&f.concept),
        opt_text(&f.line),
        text(&f.label),
        Val::Num(f.value),
        opt_text(&f.unit),
        num(f.value_wan),
        text(&f.text),
    ];
    row.extend(source_vals(&f.source, true));
    row.extend([int(f.source.start), int(f.source.end)]);
    row
}

fn finding_row<'a>(id: &Val<'static>, r: &'a Record, k: usize, f: &'a Finding) -> Row<'a> {
    vec![
        id.clone(),
        text(&r.file.path),
        text(&r.file.sha256),
        count(k),
        text(f.rule),
        text(f.name),
        text(f.severity.as_str()),
        int(f.report),
        Val::Json(&f.subject),
        text(&f.message),
        Val::Json(&f.values),
        Val::Sources(&f.source),
        text(&f.message_zh),
    ]
}

/// "table 0 row 7 col 4" or "paragraph 12 chars 34..51" (第 1 页 表 0 行 7 列 4 …),
/// numbered as in records.jsonl.
pub fn describe(s: &Source, lang: Lang) -> String {
    let mut out = Vec::new();
    let mut put = |key: &str, n: &dyn std::fmt::Display| {
        out.push(lang.fill("source", key, &[("n", n)]));
    };
    if let Some(p) = s.page {
        put("page", &p);
    }
    if let Some(sh) = &s.sheet {
        put("sheet", sh);
    }
    if let Some(t) = s.table {
        put("table", &t);
    }
    if let Some(r) = s.row {
        put("row", &r);
    }
    if let Some(c) = s.col {
        put("col", &c);
    }
    if let Some(p) = s.paragraph {
        put("paragraph", &p);
    }
    if let (Some(a), Some(b)) = (s.start, s.end) {
        out.push(lang.fill("source", "chars", &[("start", &a), ("end", &b)]));
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{fund, indicator, record, report};

    fn typed_as_declared(table: &Table, row: &[Val]) {
        assert_eq!(row.len(), table.columns.len(), "{}", table.name);
        for (col, v) in table.columns.iter().zip(row) {
            let ok = match v {
                Val::Null => true,
                Val::Text(_) => col.ty == Ty::Text,
                Val::Int(_) => col.ty == Ty::Int,
                Val::Num(_) => col.ty == Ty::Num,
                Val::Bool(_) => col.ty == Ty::Bool,
                Val::Json(_) | Val::Sources(_) => col.ty == Ty::Json,
            };
            assert!(ok, "{}.{} holds {v:?}", table.name, col.name);
        }
    }

    fn get<'r, 'a>(table: &Table, row: &'r [Val<'a>], name: &str) -> &'r Val<'a> {
        at(row, table.pick(&[name])[0])
    }

    #[test]
    fn rows_hold_their_columns_values() {
        let mut rec = record(vec![report(
            vec![fund("other", "其他资金", "390.78", "395.53", "101.22%")],
            vec![indicator("满意度", "≥95%", "98%", "")],
            None,
        )]);
        rec.findings.push(crate::rules::finding(
            &crate::rules::f002_fund_executed_exceeds_budget::RULE,
            Some(0),
            serde_json::json!({"line": "other"}),
            crate::rules::text("m"),
            serde_json::json!({}),
            vec![Source::default()],
        ));
        let rows = RecordRows::of(3, &rec);
        typed_as_declared(&FILES, &rows.file);
        for (t, rs) in [
            (&REPORTS, &rows.reports),
            (&FUNDS, &rows.funds),
            (&INDICATORS, &rows.indicators),
            (&FACTS, &rows.facts),
            (&FINDINGS, &rows.findings),
        ] {
            rs.iter().for_each(|r| typed_as_declared(t, r));
        }
        assert_eq!(get(&FILES, &rows.file, "id"), &Val::Int(3));
        assert_eq!(get(&FILES, &rows.file, "findings"), &Val::Int(1));
        let f = &rows.funds[0];
        assert_eq!(get(&FUNDS, f, "budget"), &Val::Num(390.78));
        assert_eq!(get(&FUNDS, f, "executed"), &Val::Num(395.53));
        assert_eq!(get(&FUNDS, f, "label"), &text("其他资金"));
        assert_eq!(get(&FUNDS, f, "row"), &Val::Int(4));
        assert_eq!(get(&FUNDS, f, "col"), &Val::Int(1));
        let i = &rows.indicators[0];
        assert_eq!(get(&INDICATORS, i, "target_op"), &text(">="));
        assert_eq!(get(&INDICATORS, i, "actual_value"), &Val::Num(98.0));
        assert_eq!(get(&INDICATORS, i, "unit_written"), &text("%"));
        assert_eq!(get(&INDICATORS, i, "met"), &Val::Bool(true));
        assert_eq!(get(&FINDINGS, &rows.findings[0], "rule"), &text("F002"));
        assert_eq!(get(&FINDINGS, &rows.findings[0], "nope"), &Val::Null);
    }

    #[test]
    fn operators_read_as_the_record_writes_them() {
        for op in [
            Op::Ge,
            Op::Le,
            Op::Gt,
            Op::Lt,
            Op::Eq,
            Op::Approx,
            Op::Range,
            Op::NotBelowLastYear,
            Op::NotAboveLastYear,
            Op::Qualitative,
            Op::Text,
        ] {
            assert_eq!(serde_json::to_value(op).ok(), Some(Value::from(op_str(op))));
        }
    }
}
