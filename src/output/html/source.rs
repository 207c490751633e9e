//! The source beside a finding: the form's rows with the cited cells marked, the
//! sentences with the figures marked, the page crop of a PDF, and where it all is.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use super::{both, esc, word};
use crate::i18n::Lang;
use crate::output::crops::{base64, Crop};
use crate::output::rows::describe;
use crate::record::{num_json, Finding, Fund, Indicator, Record, Report};

fn fmt_num(v: Option<f64>) -> String {
    v.map(|x| num_json(x).to_string()).unwrap_or_default()
}

/// What a finding calls a fund line (as the rules do): its canonical id or its label.
fn line_name(f: &Fund) -> String {
    f.line.clone().unwrap_or_else(|| f.label.trim().to_string())
}

/// Every number among a finding's values, to find them in sentences.
fn numbers_in(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.extend(n.as_f64()),
        Value::Array(a) => a.iter().for_each(|x| numbers_in(x, out)),
        Value::Object(m) => m.values().for_each(|x| numbers_in(x, out)),
        _ => {}
    }
}

fn number_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    // A fixed pattern that compiles; were it ever not to, sentences would simply show
    // without marks.
    RE.get_or_init(|| Regex::new(r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?").ok())
        .as_ref()
}

fn halfwidth(s: &str) -> String {
    s.chars()
        .filter(|c| *c != ',' && *c != '，')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The sentence with the figures in `wanted` marked.
pub fn highlight_sentence(text: &str, wanted: &[f64]) -> String {
    let mut out = String::new();
    let mut last = 0;
    let Some(re) = number_re() else {
        return esc(text);
    };
    for m in re.find_iter(text) {
        let hit = halfwidth(m.as_str())
            .parse::<f64>()
            .map(|x| wanted.iter().any(|w| close(*w, x)))
            .unwrap_or(false);
        if !hit {
            continue;
        }
        out.push_str(&esc(text.get(last..m.start()).unwrap_or("")));
        let _ = write!(out, "<mark>{}</mark>", esc(m.as_str()));
        last = m.end();
    }
    out.push_str(&esc(text.get(last..).unwrap_or("")));
    out
}

fn td(value: &str, hot: bool) -> String {
    let shown = if value.is_empty() {
        "<span class=\"empty\">—</span>".to_string()
    } else {
        esc(value)
    };
    if hot {
        format!("<td class=\"hot\">{shown}</td>")
    } else {
        format!("<td>{shown}</td>")
    }
}

/// The fund columns shown, by their `html` catalogue key.
const FUND_COLUMNS: [&str; 7] = [
    "initial", "budget", "executed", "rate", "weight", "score", "reason",
];

fn fund_cell(f: &Fund, col: &str) -> String {
    match col {
        "initial" => fmt_num(f.initial),
        "budget" => fmt_num(f.budget),
        "executed" => fmt_num(f.executed),
        "rate" => {
            let r = fmt_num(f.rate);
            if f.rate_computed && !r.is_empty() {
                format!("{r} (B/A)")
            } else {
                r
            }
        }
        "weight" => fmt_num(f.weight),
        "score" => fmt_num(f.score),
        "reason" => f.reason.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The fund rows as the form has them, with the cells the finding is about marked:
/// those whose source the finding cites, or else the columns its values name (or `col`).
fn fund_table(rep: &Report, rows: &[&Fund], finding: &Finding, col: Option<&str>) -> String {
    let cols: Vec<&str> = FUND_COLUMNS
        .into_iter()
        .filter(|c| {
            matches!(*c, "budget" | "executed" | "rate")
                || rows.iter().any(|f| !fund_cell(f, c).is_empty())
        })
        .collect();
    let by_source = rows.iter().any(|f| {
        f.sources
            .iter()
            .any(|(k, s)| k != "label" && finding.source.contains(s))
    });
    let keys: BTreeSet<&str> = finding
        .values
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut out = format!(
        "<table class=\"cells\"><tr><th>{}</th>",
        word("html", "line")
    );
    for c in &cols {
        let _ = write!(out, "<th>{}</th>", word("html", c));
    }
    out.push_str("</tr>");
    for f in rows {
        out.push_str("<tr>");
        out.push_str(&td(f.label.trim(), false));
        for c in &cols {
            let hot = if by_source {
                f.sources
                    .get(*c)
                    .is_some_and(|s| finding.source.contains(s))
            } else {
                col == Some(*c) || (col.is_none() && keys.contains(c))
            };
            out.push_str(&td(&fund_cell(f, c), hot));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    if let Some(u) = &rep.money_unit {
        let _ = write!(
            out,
            "<p class=\"unit\">{}</p>",
            both(|l| l.fill("html", "money_unit", &[("unit", u)]))
        );
    }
    out
}

fn indicator_table(inds: &[&Indicator], finding: &Finding) -> String {
    let keys: BTreeSet<&str> = finding
        .values
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mark_target = keys.is_empty() || keys.iter().any(|k| k.starts_with("target"));
    let mark_actual = keys.is_empty() || keys.iter().any(|k| k.starts_with("actual"));
    // 分值 and 得分 are shown where the rows have them, marked where the finding cites them.
    let scored = inds.iter().any(|i| i.weight.is_some() || i.score.is_some());
    let cited = |ind: &Indicator, key: &str| {
        ind.sources
            .get(key)
            .is_some_and(|s| finding.source.contains(s))
    };
    let mut out = String::from("<table class=\"cells\"><tr>");
    let heads: &[&str] = if scored {
        &[
            "levels",
            "indicator",
            "target",
            "actual",
            "weight",
            "score",
            "reason",
        ]
    } else {
        &["levels", "indicator", "target", "actual", "reason"]
    };
    for key in heads {
        let _ = write!(out, "<th>{}</th>", word("html", key));
    }
    out.push_str("</tr>");
    for ind in inds {
        let levels = [ind.level1.as_deref(), ind.level2.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
        out.push_str("<tr>");
        out.push_str(&td(&levels, false));
        out.push_str(&td(ind.name.trim(), false));
        out.push_str(&td(ind.target.raw.trim(), mark_target));
        out.push_str(&td(ind.actual.raw.trim(), mark_actual));
        if scored {
            out.push_str(&td(&fmt_num(ind.weight), cited(ind, "weight")));
            out.push_str(&td(&fmt_num(ind.score), cited(ind, "score")));
        }
        let reason_missing = crate::rules::is_nothing(&ind.reason);
        // The missing reason is the finding for a missed target (I001) and for an
        // unexplained deduction (S005).
        let deducted = finding.rule == "S005";
        out.push_str(&td(
            ind.reason.trim(),
            reason_missing && (ind.met == Some(false) || deducted),
        ));
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

/// The total row of a scored form and its grade, with the cited figures marked.
fn total_table(rep: &Report, finding: &Finding) -> String {
    let s = &rep.scores;
    let hot = |key: &str| {
        s.sources
            .get(key)
            .is_some_and(|x| finding.source.contains(x))
    };
    let mut out = String::from("<table class=\"cells\"><tr>");
    for key in ["weight", "score", "grade"] {
        let _ = write!(out, "<th>{}</th>", word("html", key));
    }
    out.push_str("</tr><tr>");
    out.push_str(&td(&fmt_num(s.total_weight), hot("total_weight")));
    out.push_str(&td(&fmt_num(rep.total_score), hot("total_score")));
    out.push_str(&td(s.grade.as_deref().unwrap_or(""), hot("grade")));
    out.push_str("</tr></table>");
    out
}

/// The source beside a finding: the page crop (PDFs), the form's cells, or the
/// sentence, with the values marked.
pub fn source_html(rec: &Record, f: &Finding, crop: Option<&Crop>) -> String {
    let rep = f.report.and_then(|i| rec.reports.get(i));
    let subject = f.subject.as_object();
    let get = |k: &str| subject.and_then(|m| m.get(k)).and_then(Value::as_str);
    let mut out = crop.map(crop_html).unwrap_or_default();
    if let Some(rep) = rep {
        if let Some(line) = get("line") {
            let rows: Vec<&Fund> = rep.funds.iter().filter(|x| line_name(x) == line).collect();
            if !rows.is_empty() {
                out.push_str(&fund_table(rep, &rows, f, None));
            }
        } else if let Some(column) = get("column") {
            let rows: Vec<&Fund> = rep.funds.iter().collect();
            out.push_str(&fund_table(rep, &rows, f, Some(column)));
        } else if let Some(name) = get("indicator") {
            let rows: Vec<&Indicator> = rep
                .indicators
                .iter()
                .filter(|i| i.name == name || i.name.trim() == name.trim())
                .collect();
            if !rows.is_empty() {
                out.push_str(&indicator_table(&rows, f));
            }
        } else if subject.is_some_and(|m| m.contains_key("total") || m.contains_key("grade")) {
            out.push_str(&total_table(rep, f));
        } else if subject.is_some_and(|m| m.contains_key("unit")) {
            let rows: Vec<&Fund> = rep.funds.iter().collect();
            if !rows.is_empty() {
                out.push_str(&fund_table(rep, &rows, f, None));
            }
        }
    }
    // Sentences: the facts the finding cites, with its figures marked.
    let mut wanted = Vec::new();
    numbers_in(&f.values, &mut wanted);
    for fact in rec.facts.iter().filter(|x| f.source.contains(&x.source)) {
        let mut w = wanted.clone();
        w.push(fact.value);
        let _ = write!(
            out,
            "<blockquote class=\"sentence\">{}</blockquote>",
            highlight_sentence(&fact.text, &w)
        );
    }
    if out.is_empty() {
        if let Some(sha) = get("sha256") {
            let _ = write!(out, "<p class=\"where\">sha256 {}</p>", esc(sha));
        }
    }
    let locs = |lang: Lang| {
        f.source
            .iter()
            .map(|s| describe(s, lang))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(&lang.word("common", "semicolon"))
    };
    if !f.source.is_empty() {
        let _ = write!(out, "<p class=\"loc\">{}</p>", both(locs));
    }
    out
}

/// A page crop with the cited cells outlined over it.
fn crop_html(c: &Crop) -> String {
    let mut out = format!(
        "<figure class=\"crop\"><svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         preserveAspectRatio=\"xMinYMin meet\" role=\"img\"><image width=\"{w}\" height=\"{h}\" \
         href=\"data:image/png;base64,{}\"/>",
        base64(&c.png),
        w = c.width,
        h = c.height
    );
    for b in &c.boxes {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            b[0], b[1], b[2], b[3]
        );
    }
    let _ = write!(
        out,
        "</svg><figcaption>{}</figcaption></figure>",
        both(|l| l.fill("html", "crop", &[("page", &c.page)]))
    );
    out
}
