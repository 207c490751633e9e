//! D001: the same file, or the same form with other figures, twice in one dataset.
//!
//! This rule looks across records, so it runs once over the whole dataset (after a run,
//! a resumed run or a merge) through [`super::check_dataset`]; its per-record check finds
//! nothing.

use std::collections::BTreeMap;

use crate::i18n::Msg;
use serde_json::{json, Value};

use super::{finding, group_key, msg, text, CheckContext, DatasetRule, Rule};
use crate::record::{num_json, Finding, Record, Report, Severity};

pub const RULE: Rule = Rule {
    code: "D001",
    name: "dataset-duplicate",
    severity: Severity::Warning,
    summary: "the same file, or the same unit/year/program with different figures, occurs twice",
    doc: "\
## What it checks
Across every record of the dataset (a run, a resumed run, or shards merged):
- files with the same sha256 under different paths: each gets a finding naming the others;
- forms with the same unit (meta.unit), year and program whose figures differ: the money
  of each fund line (budget and executed, in 万元) or the actual value of an indicator.
  Each such form gets a finding naming the other forms and the first figure that differs.
The same form saved in two formats (a .docx and its .xlsx) gives the same figures and is
not reported; forms without a unit, a year or a program are never compared.

## Why it matters
An archive collected from many offices holds copies: the same file sent twice, or a form
corrected and sent again. Counting both inflates every total of the dataset, and two
versions with different figures mean one of them is wrong, or was changed after the fact.

## Example
Fires: 米易县医疗保障局 / 2022 / 城乡医疗救助 in a.docx with 年度资金总额 budget 1146.81 and in
b.docx with 1164.81 → \"米易县医疗保障局 2022 城乡医疗救助: b.docx (report 0) states other
figures: total budget 1164.81 here 1146.81\".
Fires: x.docx and copy/x.docx with the same sha256 → \"same file as copy/x.docx\".
Quiet: 000.docx and 000.xlsx, the same form with the same figures.
",
    check,
};

fn check(_record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    Vec::new()
}

pub const DATASET: DatasetRule = DatasetRule {
    code: RULE.code,
    group_keys,
    check: check_dataset,
};

/// The file's content, by which copies are found. Empty files all share one digest and
/// say nothing twice.
fn content(r: &Record) -> Option<&str> {
    (!r.file.sha256.is_empty() && r.file.bytes > 0).then_some(r.file.sha256.as_str())
}

/// The (unit, year, program) by which two versions of one form are found; forms
/// without all three are never compared.
fn form_key(rep: &Report) -> Option<(&str, i32, &str)> {
    let (Some(unit), Some(year), Some(program)) =
        (rep.meta.unit.as_deref(), rep.year, rep.program.as_deref())
    else {
        return None;
    };
    let (unit, program) = (unit.trim(), program.trim());
    (!unit.is_empty() && !program.is_empty()).then_some((unit, year, program))
}

fn group_keys(r: &Record) -> Vec<u64> {
    let copies = content(r).map(|sha| group_key(("file", sha)));
    let forms = r
        .reports
        .iter()
        .filter_map(form_key)
        .map(|k| group_key(("form", k)));
    copies.into_iter().chain(forms).collect()
}

/// One figure of a form: what it is, and its value rounded to the cent of 万元 (or to
/// four decimals for indicators) so that formats that store 94.06 and 0.9406×100 agree.
type Figure = (String, String, i64);

fn rounded(x: f64, scale: f64) -> Option<i64> {
    let v = (x * scale).round();
    (v.is_finite() && v.abs() < 9.0e15).then_some(v as i64)
}

fn figures(report: &Report) -> Vec<Figure> {
    let mut out = Vec::new();
    for f in &report.funds {
        let what = f.line.clone().unwrap_or_else(|| f.label.trim().to_string());
        for (col, v) in [("budget", f.budget_wan), ("executed", f.executed_wan)] {
            if let Some(x) = v.and_then(|x| rounded(x, 100.0)) {
                out.push((what.clone(), col.to_string(), x));
            }
        }
    }
    for ind in &report.indicators {
        if let Some(x) = ind.actual.value.and_then(|x| rounded(x, 10_000.0)) {
            out.push((ind.name.trim().to_string(), "actual".to_string(), x));
        }
    }
    out.sort();
    out
}

/// The first figure both forms state with different values: what, which column, their
/// value and mine; None when every figure they share agrees. A figure only one of them
/// states is no conflict: one extraction may have found a cell the other missed.
fn first_difference(mine: &[Figure], theirs: &[Figure]) -> Option<[String; 4]> {
    let key = |f: &Figure| (f.0.clone(), f.1.clone());
    let m: BTreeMap<_, _> = mine.iter().map(|f| (key(f), f)).collect();
    theirs.iter().find_map(|tf| match m.get(&key(tf)) {
        Some(mf) if mf.2 != tf.2 => Some([tf.0.clone(), tf.1.clone(), num_of(tf), num_of(mf)]),
        _ => None,
    })
}

fn num_of(fig: &Figure) -> String {
    let scale = if fig.1 == "actual" { 10_000.0 } else { 100.0 };
    num_json(fig.2 as f64 / scale).to_string()
}

/// Paths named in a message, and listed in `values.others`; the count says how many
/// there are in all.
const MAX_LISTED: usize = 20;
const MAX_IN_MESSAGE: usize = 3;

/// "same file as a, b, c and 2 more".
fn same_file(paths: &[&str]) -> Msg {
    msg(&RULE, "same_file")
        .list(
            "paths",
            paths.iter().take(MAX_IN_MESSAGE).map(text).collect(),
            "comma",
        )
        .opt(
            "more",
            (paths.len() > MAX_IN_MESSAGE).then(|| paths.len() - MAX_IN_MESSAGE),
        )
}

/// Findings over the whole dataset, each with the index of the record it belongs to.
pub fn check_dataset(records: &[Record]) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();

    let mut by_sha: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(sha) = content(r) {
            by_sha.entry(sha).or_default().push(i);
        }
    }
    for (sha, group) in &by_sha {
        if group.len() < 2 {
            continue;
        }
        for &i in group {
            let others: Vec<&str> = group
                .iter()
                .filter(|&&j| j != i)
                .filter_map(|&j| records.get(j).map(|r| r.file.path.as_str()))
                .collect();
            out.push((
                i,
                finding(
                    &RULE,
                    None,
                    json!({ "sha256": sha }),
                    same_file(&others),
                    json!({
                        "copies": group.len(),
                        "others": others.iter().take(MAX_LISTED).collect::<Vec<_>>(),
                    }),
                    Vec::new(),
                ),
            ));
        }
    }

    // Same unit, year and program: compare the figures of every pair.
    type Key<'a> = (&'a str, i32, &'a str);
    let mut by_form: BTreeMap<Key, Vec<(usize, usize, Vec<Figure>)>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        for (ri, rep) in r.reports.iter().enumerate() {
            let Some(key) = form_key(rep) else {
                continue;
            };
            let figs = figures(rep);
            if figs.is_empty() {
                continue;
            }
            by_form.entry(key).or_default().push((i, ri, figs));
        }
    }
    for ((unit, year, program), group) in &by_form {
        // Copies of one form share their figures: compare each distinct set of figures
        // once, so a form sent a thousand times costs as much as sent twice.
        let mut by_figures: BTreeMap<&[Figure], Vec<(usize, usize)>> = BTreeMap::new();
        for (i, ri, figs) in group {
            by_figures
                .entry(figs.as_slice())
                .or_default()
                .push((*i, *ri));
        }
        if by_figures.len() < 2 {
            continue;
        }
        for (mine, members) in &by_figures {
            // Forms stating other figures, in dataset order, each with what differs.
            let mut differing: Vec<(usize, usize, [String; 4])> = Vec::new();
            for (theirs, their_members) in &by_figures {
                if let Some(d) = first_difference(mine, theirs) {
                    differing.extend(their_members.iter().map(|(j, rj)| (*j, *rj, d.clone())));
                }
            }
            differing.sort();
            let Some((fj, fr, diff)) = differing.first() else {
                continue;
            };
            let name = |j: &usize| records.get(*j).map(|r| r.file.path.as_str()).unwrap_or("");
            let others: Vec<Value> = differing
                .iter()
                .take(MAX_LISTED)
                .map(|(j, rj, _)| json!({ "path": name(j), "report": rj }))
                .collect();
            let more = differing.len().checked_sub(1).filter(|n| *n > 0);
            let [what, column, theirs, mine] = diff;
            for (i, ri) in members {
                let source = records
                    .get(*i)
                    .and_then(|r| r.reports.get(*ri))
                    .map(|rep| vec![rep.source.clone()])
                    .unwrap_or_default();
                out.push((
                    *i,
                    finding(
                        &RULE,
                        Some(*ri),
                        json!({ "unit": unit, "year": year, "program": program }),
                        msg(&RULE, "message")
                            .arg("unit", unit)
                            .arg("year", year)
                            .arg("program", program)
                            .arg("path", name(fj))
                            .arg("report", fr)
                            .opt("more", more)
                            .arg("what", what)
                            .word("column", "words", column.clone())
                            .arg("theirs", theirs)
                            .arg("mine", mine),
                        json!({ "others": others, "differing": differing.len() }),
                        source,
                    ),
                ));
            }
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn with_path(mut r: Record, path: &str, sha: &str) -> Record {
        r.file.path = path.to_string();
        r.file.sha256 = sha.to_string();
        r.file.bytes = 37_748;
        for rep in &mut r.reports {
            rep.meta.unit = Some("米易县医疗保障局".to_string());
            rep.year = Some(2022);
            rep.program = Some("城乡医疗救助".to_string());
        }
        r
    }

    fn form(budget: &str) -> Record {
        record(vec![report(
            vec![fund("total", "年度资金总额", budget, "1078.71", "94.06")],
            Vec::new(),
            None,
        )])
    }

    #[test]
    fn same_sha_fires_on_both() {
        let a = with_path(form("1146.81"), "a.docx", "ab12");
        let b = with_path(form("1146.81"), "copy/a.docx", "ab12");
        let found = check_dataset(&[a, b]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, 0);
        assert_eq!(found[0].1.message, "same file as copy/a.docx");
        assert_eq!(found[1].1.message, "same file as a.docx");
        assert_eq!(found[0].1.report, None);
        assert_eq!(found[0].1.subject, json!({"sha256": "ab12"}));
    }

    #[test]
    fn same_form_other_figures_fires() {
        let a = with_path(form("1146.81"), "a.docx", "01");
        let b = with_path(form("1164.81"), "b.docx", "02");
        let found = check_dataset(&[a, b]);
        assert_eq!(found.len(), 2);
        let (i, f) = &found[0];
        assert_eq!((*i, f.rule, f.report), (0, "D001", Some(0)));
        assert_eq!(
            f.message,
            "米易县医疗保障局 2022 城乡医疗救助: b.docx (report 0) states other figures: \
             total budget 1164.81 here 1146.81"
        );
        assert_eq!(f.values["others"][0]["path"], "b.docx");
        assert_eq!(found[1].0, 1);
    }

    #[test]
    fn many_copies_are_named_briefly() {
        let recs: Vec<Record> = (0..5)
            .map(|k| with_path(form("1146.81"), &format!("c{k}.docx"), "ab12"))
            .collect();
        let found = check_dataset(&recs);
        assert_eq!(found.len(), 5);
        assert_eq!(
            found[0].1.message,
            "same file as c1.docx, c2.docx, c3.docx and 1 more"
        );
        assert_eq!(found[0].1.values["copies"], 5);
        assert_eq!(
            found[0].1.values["others"].as_array().map(Vec::len),
            Some(4)
        );
    }

    #[test]
    fn same_form_same_figures_is_quiet() {
        let a = with_path(form("1146.81"), "000.docx", "01");
        let b = with_path(form("1146.81"), "000.xlsx", "02");
        assert!(check_dataset(&[a, b]).is_empty());
    }

    #[test]
    fn a_figure_only_one_form_states_is_no_conflict() {
        let a = with_path(form("1146.81"), "000.docx", "01");
        let mut b = with_path(form("1146.81"), "000.txt", "02");
        b.reports[0].funds[0].executed_wan = None;
        assert!(check_dataset(&[a, b]).is_empty());
    }

    #[test]
    fn empty_files_are_not_the_same_file() {
        let mut a = with_path(record(Vec::new()), "a.txt", "e3b0");
        let mut b = with_path(record(Vec::new()), "b.txt", "e3b0");
        a.file.bytes = 0;
        b.file.bytes = 0;
        assert!(check_dataset(&[a, b]).is_empty());
    }

    /// The store checks together only records that share a key: every pair this rule
    /// compares must share one, and unrelated records none.
    #[test]
    fn records_the_rule_compares_share_a_group_key() {
        let shares = |a: &Record, b: &Record| {
            let kb = group_keys(b);
            group_keys(a).iter().any(|k| kb.contains(k))
        };
        let a = with_path(form("1146.81"), "a.docx", "ab12");
        let copy = with_path(form("1146.81"), "copy/a.docx", "ab12");
        let version = with_path(form("1164.81"), "b.docx", "cd34");
        let mut unrelated = with_path(form("1146.81"), "c.docx", "ef56");
        unrelated.reports[0].program = Some("其他项目".to_string());
        assert!(shares(&a, &copy));
        assert!(shares(&a, &version));
        assert!(!shares(&a, &unrelated));
        assert_eq!(check_dataset(&[a.clone(), unrelated.clone()]).len(), 0);
        let mut empty = with_path(record(Vec::new()), "e.txt", "e3b0");
        empty.file.bytes = 0;
        assert!(group_keys(&empty).is_empty());
        assert!(
            group_keys(&form("1146.81")).is_empty(),
            "no unit, no sha256"
        );
        let keys = super::super::dataset_group_keys(&a);
        assert_eq!(keys.len(), 2, "the file and its one form");
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn forms_without_unit_are_not_compared() {
        let a = form("1146.81");
        let mut b = form("1164.81");
        b.file.sha256 = "02".to_string();
        assert!(check_dataset(&[a, b]).is_empty());
    }
}
