//! The counts both the review page's overview and the workbook's summary sheet show,
//! kept as the records go by (memory: a few numbers, and one count per unit).

use std::collections::{BTreeMap, HashMap};

use crate::record::{Record, Severity, Status};

/// Units listed by findings.
pub const TOP_UNITS: usize = 20;
/// Where the rate chart draws its line, in percent: the usual threshold of F004.
pub const RATE_LINE: usize = 90;
/// Width of a rate column, in percent; the last column takes everything above.
pub const RATE_STEP: usize = 10;
pub const RATE_COLUMNS: usize = 12;

pub const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
pub const STATUSES: [Status; 3] = [Status::Ok, Status::Partial, Status::Failed];

#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub forms: usize,
    pub findings: usize,
    /// Files by status, in [`STATUSES`] order.
    pub status: [usize; 3],
    pub by_rule: BTreeMap<&'static str, usize>,
    pub by_severity: BTreeMap<Severity, usize>,
    /// Forms by the execution rate of their total line, in columns of [`RATE_STEP`] %.
    pub rates: [usize; RATE_COLUMNS],
    pub by_year: BTreeMap<Option<i32>, usize>,
    pub by_unit: HashMap<String, usize>,
}

/// The unit a form is from: its spending unit, else the local department.
fn unit_of(r: &Record, report: Option<usize>) -> Option<String> {
    let rep = report
        .and_then(|i| r.reports.get(i))
        .or(r.reports.first())?;
    rep.meta
        .unit
        .clone()
        .or_else(|| rep.meta.local_dept.clone())
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
}

impl Tally {
    pub fn add(&mut self, r: &Record) {
        self.files += 1;
        self.forms += r.reports.len();
        self.findings += r.findings.len();
        if let Some(i) = STATUSES.iter().position(|s| *s == r.status) {
            self.status[i] += 1;
        }
        for rep in &r.reports {
            let total = rep
                .funds
                .iter()
                .find(|f| f.line.as_deref() == Some("total"));
            if let Some(rate) = total.and_then(|f| f.rate).filter(|x| x.is_finite()) {
                let col = ((rate.max(0.0) / RATE_STEP as f64) as usize).min(RATE_COLUMNS - 1);
                self.rates[col] += 1;
            }
        }
        for f in &r.findings {
            *self.by_rule.entry(f.rule).or_default() += 1;
            *self.by_severity.entry(f.severity).or_default() += 1;
            let year = f
                .report
                .and_then(|i| r.reports.get(i))
                .and_then(|rep| rep.year)
                .or(r.year);
            *self.by_year.entry(year).or_default() += 1;
            if let Some(u) = unit_of(r, f.report) {
                *self.by_unit.entry(u).or_default() += 1;
            }
        }
    }

    pub fn severity(&self, s: Severity) -> usize {
        self.by_severity.get(&s).copied().unwrap_or(0)
    }

    /// The units with most findings, most first (ties by name).
    pub fn top_units(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> =
            self.by_unit.iter().map(|(u, n)| (u.as_str(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        v.truncate(TOP_UNITS);
        v
    }

    /// The labels of the rate columns: "0–", "10–" … "≥110".
    pub fn rate_ticks() -> Vec<String> {
        (0..RATE_COLUMNS)
            .map(|i| {
                if i + 1 == RATE_COLUMNS {
                    format!("≥{}", i * RATE_STEP)
                } else {
                    format!("{}–", i * RATE_STEP)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{fund, record, report};

    #[test]
    fn rates_fall_in_columns_and_units_rank() {
        let mut t = Tally::default();
        let mut rec = record(vec![
            report(
                vec![fund("total", "年度资金总额", "100", "95", "95%")],
                vec![],
                None,
            ),
            report(
                vec![fund("total", "年度资金总额", "100", "120", "120%")],
                vec![],
                None,
            ),
            report(
                vec![fund("total", "年度资金总额", "100", "5", "5%")],
                vec![],
                None,
            ),
        ]);
        rec.reports[0].meta.unit = Some("甲局".into());
        rec.reports[1].meta.local_dept = Some("乙局".into());
        for (i, code) in [(0, "F002"), (1, "F002"), (1, "F004")] {
            rec.findings.push(crate::rules::finding(
                crate::rules::find(code).expect("rule"),
                Some(i),
                serde_json::json!({}),
                crate::rules::text("m"),
                serde_json::json!({}),
                vec![],
            ));
        }
        t.add(&rec);
        assert_eq!((t.files, t.forms, t.findings), (1, 3, 3));
        assert_eq!((t.rates[9], t.rates[11], t.rates[0]), (1, 1, 1));
        assert_eq!(t.top_units(), [("乙局", 2), ("甲局", 1)]);
        assert_eq!(t.by_year.get(&None), Some(&3));
        assert_eq!(t.by_rule.get("F002"), Some(&2));
        assert_eq!(t.severity(Severity::Warning), 3);
        assert_eq!(Tally::rate_ticks()[11], "≥110");
    }
}
