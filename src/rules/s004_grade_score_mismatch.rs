//! S004: a grade that does not fit the total score.

use serde_json::json;

use super::s00_common::{report_sources, total_score};
use super::{finding, msg, CheckContext, Rule};
use crate::record::{Finding, Record, Severity};

pub const RULE: Rule = Rule {
    code: "S004",
    name: "grade-score-mismatch",
    severity: Severity::Warning,
    summary: "a stated grade (优/良/中/差, or 优秀/良好/合格/不合格) does not fit the total score: 优 ≥ 90, 80 ≤ 良 < 90, 60 ≤ 中 < 80, 差 < 60",
    doc: "\
## What it checks
A form that states both a total score and a grade (自评等级, 评价等级, 绩效等级 …): the grade
must be the one the total earns under the national bands — 优 for 90 and above, 良 from 80
to below 90, 中 from 60 to below 80, 差 below 60. 优秀/良好/合格/不合格 are read as
优/良/中/差. The total stands for the interval its last digit allows, so a written 90 fits
良 as well as 优.

## Why it matters
The grade is what gets published and compared; a grade better than the score earns is the
most common way a self-evaluation flatters itself.

## Example
Fires: 总分 85, 自评等级 优 → 优 needs 90 or more.
Quiet: 总分 94, 自评等级 优秀.
",
    check,
};

/// The band of a grade: [lo, hi).
fn band(level: &str) -> Option<(f64, f64, &'static str)> {
    match level {
        "优" => Some((90.0, f64::INFINITY, "≥ 90")),
        "良" => Some((80.0, 90.0, "80–90")),
        "中" => Some((60.0, 80.0, "60–80")),
        "差" => Some((f64::NEG_INFINITY, 60.0, "< 60")),
        _ => None,
    }
}

fn check(record: &Record, _ctx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, report) in record.reports.iter().enumerate() {
        let (Some(total), Some(grade), Some(level)) = (
            total_score(report),
            report.scores.grade.as_deref(),
            report.scores.grade_level.as_deref(),
        ) else {
            continue;
        };
        let Some((lo, hi, shown)) = band(level) else {
            continue;
        };
        let t = total.interval();
        if t.hi >= lo && t.lo < hi {
            continue;
        }
        out.push(finding(
            &RULE,
            Some(ri),
            json!({ "grade": grade }),
            msg(&RULE, "message")
                .arg("grade", grade.trim())
                .arg("score", total.shown())
                .arg("level", level)
                .arg("band", shown),
            json!({ "total_score": total.json(), "grade": level }),
            report_sources(report, &["total_score", "grade"]),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    fn graded(total: f64, grade: &str) -> Vec<Finding> {
        let mut rep = report(vec![], vec![], None);
        rep.total_score = Some(total);
        rep.scores.grade = Some(grade.to_string());
        rep.scores.grade_level = crate::forms::scores::grade_level(grade).map(str::to_string);
        run(check, &record(vec![rep]))
    }

    #[test]
    fn fires_on_a_grade_the_total_does_not_earn() {
        let f = graded(85.0, "优");
        assert_eq!(subjects(&f), [(Some(0), r#"{"grade":"优"}"#.to_string())]);
        assert_eq!(
            f[0].message,
            "grade 优 does not fit the total score 85 (优: ≥ 90)"
        );
        assert_eq!(
            f[0].message_zh,
            "自评等级为“优”，与总分 85 分不符（优：≥ 90）"
        );
        assert_eq!(graded(59.0, "合格").len(), 1);
        assert_eq!(graded(95.0, "良好").len(), 1);
        assert_eq!(graded(89.6, "优秀").len(), 1);
    }

    #[test]
    fn quiet_when_the_grade_fits_or_rounding_allows_it() {
        assert!(graded(94.0, "优秀").is_empty());
        assert!(graded(85.0, "良").is_empty());
        assert!(graded(70.0, "合格").is_empty());
        assert!(graded(40.0, "不合格").is_empty());
        // a written 90 may stand for 89.6
        assert!(graded(90.0, "良").is_empty());
        // a grade that names no level
        assert!(graded(85.0, "见附件").is_empty());
    }
}
