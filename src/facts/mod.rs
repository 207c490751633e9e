//! Figures in prose: facts (fund lines' budget/executed/rate, catalogue indicators,
//! per-capita standards) stated in paragraphs and in
//! the prose cells of forms (goals, 情况说明, long actual cells), and the structures
//! that relate them (其中 / 合计 / 分别为 breakdowns, count × standard products,
//! completion and execution ratios) for the narrative rules.
//!
//! Everything here reads; nothing judges. The rules F005, I003 and N001–N004 decide
//! what is a finding.

mod lexicon;
pub mod listing;
mod scan;
pub mod text;

use serde::Serialize;

use crate::model::{Block, Document, Source};
use crate::normalize::Patterns;
use crate::record::{Fact, Report};
use crate::value::compact;

pub use lexicon::{concept as label_concept, indicator_concept};
pub use text::Kind;

/// A figure taking part in a relation, with the interval its written digits allow
/// (in 万元 for money, in its own units otherwise).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub label: String,
    pub concept: Option<String>,
    pub line: Option<String>,
    pub value: f64,
    pub unit: String,
    pub lo: f64,
    pub hi: f64,
    /// The figure as the text writes it: "1412.75万元", "46 万人".
    pub written: String,
    pub source: Source,
}

impl Quantity {
    pub fn interval(&self) -> crate::value::Interval {
        crate::value::Interval {
            lo: self.lo,
            hi: self.hi,
        }
    }
}

/// Parts a text lists and the total it gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    /// The word that makes the structure: 其中, 合计, 分别, a bracket, or 结余 for
    /// budget = executed + balance.
    pub marker: &'static str,
    pub total: Quantity,
    pub parts: Vec<Quantity>,
    /// Whether the parts claim to be all of the total. A 其中 list of unrelated items
    /// need not be; it can only be wrong by exceeding the total.
    pub exhaustive: bool,
    pub text: String,
    /// The form whose prose this is; None for the narrative's paragraphs.
    pub report: Option<usize>,
}

/// A count and a per-unit standard stated together with the amount they make.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub count: Quantity,
    pub standard: Quantity,
    pub amount: Quantity,
    pub text: String,
    pub report: Option<usize>,
}

/// A stated percentage and the two figures it relates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ratio {
    /// 完成率, 执行率 …
    pub name: String,
    pub numerator: Quantity,
    pub denominator: Quantity,
    pub rate: Quantity,
    pub text: String,
    pub report: Option<usize>,
}

/// The relations found in a file's prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Narrative {
    pub breakdowns: Vec<Breakdown>,
    pub products: Vec<Product>,
    pub ratios: Vec<Ratio>,
}

/// One piece of prose and where it sits.
struct Unit<'a> {
    text: &'a str,
    base: Source,
    report: Option<usize>,
    /// Every figure is a goal: the form's 年初设定目标 / 总体目标 cell.
    target: bool,
    /// What the heading above says of the figures.
    heading: Heading,
}

/// Whether a paragraph is a heading: short, numbered or without a sentence of its own.
fn is_heading(text: &str) -> bool {
    let t = compact(text);
    let t = t.trim_end_matches(['。', '.', ':', '：']);
    let numbered = t.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
        && t.chars().take(4).any(|c| c == '、')
        || t.starts_with(['(', '（'])
        || t.chars().next().is_some_and(|c| c.is_ascii_digit())
            && t.chars()
                .nth(1)
                .is_some_and(|c| matches!(c, '、' | '.' | '．'));
    t.chars().count() <= 30
        && numbered
        && !t.contains('。')
        && !t.contains('，')
        && !t.contains(',')
}

/// What a heading says of the figures under it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Heading {
    /// 一、项目总体情况: the whole program.
    Overall,
    /// (二)各县区情况: one part after another.
    Parts,
    Other,
}

fn heading_kind(text: &str) -> Heading {
    let t = compact(text);
    if (t.contains("总体") || t.contains("整体")) && !t.contains("目标") {
        Heading::Overall
    } else if t.contains('各')
        && ["县", "区", "市", "地", "单位", "项目", "乡镇"]
            .iter()
            .any(|w| t.contains(w))
    {
        Heading::Parts
    } else {
        Heading::Other
    }
}

/// Which report a table cell belongs to: the last report starting at or before it.
fn report_of(starts: &[(usize, usize, usize)], table: usize, row: usize) -> Option<usize> {
    let mut best: Option<(usize, usize, usize)> = None;
    for &(ri, t, r) in starts {
        if t == table && r <= row && best.is_none_or(|(_, _, br)| r >= br) {
            best = Some((ri, t, r));
        }
    }
    best.map(|b| b.0).or_else(|| {
        starts
            .iter()
            .filter(|s| s.1 == table)
            .min_by_key(|s| s.2)
            .map(|s| s.0)
    })
}

/// Facts and relations of a document whose forms have been interpreted.
/// `year` is the document's year: figures stated for other years are kept as facts but
/// left out of comparisons. `patterns` give the character folding (the run's own, so a
/// curator's aliases reach prose as they reach forms).
pub fn extract(
    doc: &Document,
    reports: &[Report],
    year: Option<i32>,
    patterns: &Patterns,
) -> (Vec<Fact>, Narrative) {
    let mut starts: Vec<(usize, usize, usize)> = Vec::new();
    for (ri, r) in reports.iter().enumerate() {
        let srcs = r
            .funds
            .iter()
            .flat_map(|f| std::iter::once(&f.source).chain(f.sources.values()))
            .chain(r.indicators.iter().map(|i| &i.source))
            .chain(std::iter::once(&r.source));
        let mut first: Option<(usize, usize)> = None;
        for s in srcs {
            if let (Some(t), Some(row)) = (s.table, s.row) {
                if first.is_none_or(|f| (t, row) < f) {
                    first = Some((t, row));
                }
            }
        }
        if let Some((t, row)) = first {
            // the goals and 资金管理情况 rows sit between the header and the indicators;
            // a form's header rows hold no figures, so its first row is close enough
            starts.push((ri, t, row.saturating_sub(8)));
        }
    }
    let targets: Vec<String> = reports
        .iter()
        .filter_map(|r| r.goals.target.as_deref())
        .map(compact)
        .filter(|t| !t.is_empty())
        .collect();
    let mut units = Vec::new();
    let mut heading = Heading::Other;
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                if is_heading(&p.text) {
                    heading = heading_kind(&p.text);
                }
                units.push(Unit {
                    text: &p.text,
                    base: Source {
                        page: p.page,
                        paragraph: Some(p.index),
                        ..Source::default()
                    },
                    report: None,
                    target: false,
                    heading,
                })
            }
            Block::Table(t) => {
                for c in &t.cells {
                    if !c
                        .text
                        .chars()
                        .any(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch))
                    {
                        continue;
                    }
                    let ct = compact(&c.text);
                    units.push(Unit {
                        text: &c.text,
                        base: Source {
                            page: c.page.or(t.page),
                            sheet: t.sheet.clone(),
                            table: Some(t.index),
                            row: Some(c.row),
                            col: Some(c.col),
                            ..Source::default()
                        },
                        report: report_of(&starts, t.index, c.row),
                        target: targets.contains(&ct),
                        heading: Heading::Other,
                    });
                }
            }
        }
    }
    let mut candidates = Vec::new();
    let mut narrative = Narrative::default();
    for u in &units {
        let at = scan::Place {
            base: &u.base,
            report: u.report,
            all_target: u.target,
            year,
            overall: u.heading == Heading::Overall,
            parts: u.heading == Heading::Parts,
            patterns,
        };
        scan::unit(u.text, &at, &mut candidates, &mut narrative);
    }
    let facts = resolve_lines(candidates);
    balances(&facts, reports.len(), &mut narrative);
    execution_ratios(&facts, reports.len(), &mut narrative);
    (facts, narrative)
}

/// The program's total by elimination: where the text gives a money concept no line
/// at all and states it with one value only, that value is the program's. Then money
/// without a line is left out: a fund figure is a catalogue figure only with its line
/// (a county's share, a sub-program, 市县 together), and a guess would be worse than
/// nothing. Such figures still take part in the sums and ratios the rules check.
fn resolve_lines(candidates: Vec<scan::Candidate>) -> Vec<Fact> {
    let follows: Vec<Option<Source>> = candidates.iter().map(|c| c.follows.clone()).collect();
    let mut facts: Vec<(Fact, bool)> = candidates.into_iter().map(|c| (c.fact, c.lone)).collect();
    for concept in ["fund.budget", "fund.executed", "fund.balance", "fund.rate"] {
        let of: Vec<usize> = (0..facts.len())
            .filter(|&k| {
                facts
                    .get(k)
                    .is_some_and(|(f, _)| f.concept == concept && comparable(f))
            })
            .collect();
        let lined = of
            .iter()
            .any(|&k| facts.get(k).is_some_and(|(f, _)| f.line.is_some()));
        let lone: Vec<usize> = of
            .iter()
            .copied()
            .filter(|&k| facts.get(k).is_some_and(|(_, l)| *l))
            .collect();
        let mut values: Vec<(Option<f64>, f64)> = lone
            .iter()
            .filter_map(|&k| facts.get(k).map(|(f, _)| (f.value_wan, f.value)))
            .collect();
        values.dedup();
        if lined || values.len() != 1 || lone.len() != of.len() {
            continue;
        }
        for k in lone {
            if let Some((f, _)) = facts.get_mut(k) {
                f.line = Some("total".to_string());
            }
        }
    }
    // 年初下达预算资金1200万元，实际支出1164.45万元: the spending shares the line the
    // allotment before it was given
    for (k, from) in follows.iter().enumerate() {
        let Some(from) = from else { continue };
        let line = facts
            .iter()
            .find(|(f, _)| &f.source == from && f.concept.starts_with("fund."))
            .and_then(|(f, _)| f.line.clone());
        if let Some((f, _)) = facts.get_mut(k).filter(|(f, _)| f.line.is_none()) {
            f.line = line;
        }
    }
    facts
        .into_iter()
        .map(|(f, _)| f)
        .filter(|f| !(f.concept.starts_with("fund.") && f.line.is_none()))
        .collect()
}

/// A fact as a quantity of a relation (money in 万元).
fn fact_quantity(f: &Fact) -> Option<Quantity> {
    let k = match f.value_wan {
        Some(w) if f.value != 0.0 => w / f.value,
        Some(_) => 1.0,
        None if f.concept == "fund.rate" => 1.0,
        None => return None,
    };
    Some(Quantity {
        label: f.label.clone(),
        concept: Some(f.concept.clone()),
        line: f.line.clone(),
        value: f.value,
        unit: f.unit.clone().unwrap_or_default(),
        lo: (f.value - f.half) * k,
        hi: (f.value + f.half) * k,
        written: fact_written(f),
        source: f.source.clone(),
    })
}

/// An execution rate stated away from its figures (执行总量…，预算执行率为98.75% with
/// the budget a paragraph earlier): related to the budget and the spending of its
/// line where the text states each of them once.
fn execution_ratios(facts: &[Fact], n_reports: usize, out: &mut Narrative) {
    for r in facts
        .iter()
        .filter(|f| f.concept == "fund.rate" && comparable(f))
    {
        if out.ratios.iter().any(|x| x.rate.source == r.source) {
            continue;
        }
        let sc = scope(r.report, n_reports);
        let (Some(b), Some(e)) = (
            stated_once(facts, n_reports, sc, "fund.budget", r.line.as_deref()),
            stated_once(facts, n_reports, sc, "fund.executed", r.line.as_deref()),
        ) else {
            continue;
        };
        let (Some(bq), Some(eq), Some(rq)) = (fact_quantity(b), fact_quantity(e), fact_quantity(r))
        else {
            continue;
        };
        out.ratios.push(Ratio {
            name: "执行率".to_string(),
            numerator: eq,
            denominator: bq,
            rate: rq,
            text: format!("{} … {} … {}", b.text, e.text, r.text),
            report: sc.filter(|_| r.report.is_some()),
        });
    }
}

/// The scope a fact is compared in: its form, or for the narrative's paragraphs the
/// only form of a file that has one. Files with several forms keep their narrative
/// apart (`None`), since it may speak of any of them.
pub fn scope(fact_report: Option<usize>, n_reports: usize) -> Option<usize> {
    fact_report.or((n_reports == 1).then_some(0))
}

/// Whether a label says its figure is a total (共下达, 合计, 总额), not 共同 or 公共.
pub fn total_marked(label: &str) -> bool {
    scan::has_total_mark(label)
}

/// Whether a fact can be compared with others: an achieved value of this period,
/// stated exactly.
pub fn comparable(f: &Fact) -> bool {
    !f.target && !f.other_period && f.qualifier.is_none() && !f.share
}

/// The interval a fact's written digits allow: in 万元 for money, in `value`'s units
/// otherwise.
pub fn fact_interval(f: &Fact) -> crate::value::Interval {
    let k = match f.value_wan {
        Some(w) if f.value != 0.0 && w.is_finite() && w / f.value > 0.0 => w / f.value,
        _ => 1.0,
    };
    crate::value::Interval {
        lo: (f.value - f.half) * k,
        hi: (f.value + f.half) * k,
    }
}

/// A fact as written: "1412.75万元".
pub fn fact_written(f: &Fact) -> String {
    let unit = f.unit.as_deref().unwrap_or("");
    let v = if f.value_wan.is_none() && unit.starts_with('万') {
        f.value / 10_000.0
    } else {
        f.value
    };
    format!("{}{unit}", crate::value::num_json(v))
}

/// The one value a scope states for a concept and line (the fact first stating it), or
/// None where it states none or several.
fn stated_once<'a>(
    facts: &'a [Fact],
    n_reports: usize,
    sc: Option<usize>,
    concept: &str,
    line: Option<&str>,
) -> Option<&'a Fact> {
    let mut vals: Vec<&Fact> = facts
        .iter()
        .filter(|f| {
            f.concept == concept
                && f.line.as_deref() == line
                && scope(f.report, n_reports) == sc
                && comparable(f)
        })
        .collect();
    let first = *vals.first()?;
    vals.retain(|f| (f.value_wan, f.value) != (first.value_wan, first.value));
    vals.is_empty().then_some(first)
}

/// budget = executed + balance, where the text states each of them for the total once.
fn balances(facts: &[Fact], n_reports: usize, out: &mut Narrative) {
    let mut scopes: Vec<Option<usize>> = facts.iter().map(|f| scope(f.report, n_reports)).collect();
    scopes.sort();
    scopes.dedup();
    for sc in scopes {
        let (Some(b), Some(e), Some(r)) = (
            stated_once(facts, n_reports, sc, "fund.budget", Some("total")),
            stated_once(facts, n_reports, sc, "fund.executed", Some("total")),
            stated_once(facts, n_reports, sc, "fund.balance", Some("total")),
        ) else {
            continue;
        };
        let (Some(bq), Some(eq), Some(rq)) = (fact_quantity(b), fact_quantity(e), fact_quantity(r))
        else {
            continue;
        };
        out.breakdowns.push(Breakdown {
            marker: "结余",
            total: bq,
            parts: vec![eq, rq],
            exhaustive: true,
            text: format!("{} … {} … {}", b.text, e.text, r.text),
            report: sc.filter(|_| b.report.is_some()),
        });
    }
}

/// Reads prose into a record built by hand, as the pipeline does for a read file; returns
/// what the prose states for the narrative rules' context.
#[cfg(test)]
pub(crate) fn narrate(rec: &mut crate::record::Record, paragraphs: &[&str]) -> Narrative {
    let mut doc = Document::new(crate::model::Format::Txt);
    for p in paragraphs {
        doc.push_paragraph(p.to_string(), None, None);
    }
    let (facts, narrative) = extract(&doc, &rec.reports, rec.year, &Patterns::builtin());
    rec.facts = facts;
    narrative
}

#[cfg(test)]
mod tests;
