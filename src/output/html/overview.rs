//! The overview at the top of the review page: where the findings are and how execution
//! is spread, before the auditor opens a single finding.

use std::fmt::Write as _;

use super::word;
use crate::i18n::Lang;
use crate::output::charts::{self, Label, AMBER, BLUE, GREEN, RED};
use crate::output::tally::{Tally, RATE_LINE, RATE_STEP};
use crate::record::Severity;

/// The overview section: the charts, from the tally of the whole dataset.
pub fn html(t: &Tally) -> String {
    Overview(t).html()
}

struct Overview<'a>(&'a Tally);

impl Overview<'_> {
    /// The overview section.
    fn html(&self) -> String {
        let c = self.0;
        let mut out = format!(
            "<section id=\"overview\"><h2>{}</h2><div class=\"charts\">",
            word("html", "overview")
        );
        let mut chart = |key: &str, svg: String| {
            let _ = write!(
                out,
                "<figure class=\"chart-box\" data-chart=\"{key}\"><figcaption>{}</figcaption>{svg}</figure>",
                word("html", key)
            );
        };
        chart("chart_rules", rule_bars(c));
        chart("chart_rates", self.rate_chart());
        chart("chart_status", status_bars(c));
        chart("chart_years", self.year_bars());
        chart("chart_units", self.unit_bars());
        out.push_str("</div></section>");
        out
    }

    fn rate_chart(&self) -> String {
        if self.0.rates.iter().all(|n| *n == 0) {
            return format!("<p class=\"none\">{}</p>", word("html", "chart_rates_none"));
        }
        let line = Label {
            zh: Lang::Zh.fill("html", "chart_rates_line", &[("n", &RATE_LINE)]),
            en: Lang::En.fill("html", "chart_rates_line", &[("n", &RATE_LINE)]),
        };
        charts::histogram(
            &self.0.rates,
            &Tally::rate_ticks(),
            RATE_LINE / RATE_STEP,
            &line,
        )
    }

    fn year_bars(&self) -> String {
        let rows: Vec<(Label, Vec<(usize, &str)>)> = self
            .0
            .by_year
            .iter()
            .map(|(y, n)| {
                let label = match y {
                    Some(y) => Label::same(y.to_string()),
                    None => lang_label("html", "no_year"),
                };
                (label, vec![(*n, BLUE)])
            })
            .collect();
        charts::bars(&rows)
    }

    fn unit_bars(&self) -> String {
        let rows: Vec<(Label, Vec<(usize, &str)>)> = self
            .0
            .top_units()
            .into_iter()
            .map(|(u, n)| (Label::same(u), vec![(n, BLUE)]))
            .collect();
        charts::bars(&rows)
    }
}

fn lang_label(section: &str, key: &str) -> Label {
    Label {
        zh: Lang::Zh.word(section, key),
        en: Lang::En.word(section, key),
    }
}

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => RED,
        Severity::Warning => AMBER,
        Severity::Info => BLUE,
    }
}

/// Findings by rule, coloured by severity.
fn rule_bars(c: &Tally) -> String {
    let rows: Vec<(Label, Vec<(usize, &str)>)> = c
        .by_rule
        .iter()
        .map(|(code, n)| {
            let rule = crate::rules::find(code);
            let label = match rule {
                Some(r) => Label {
                    zh: format!("{code} {}", r.title(Lang::Zh)),
                    en: format!("{code} {}", r.title(Lang::En)),
                },
                None => Label::same(*code),
            };
            let colour = rule.map_or(BLUE, |r| severity_colour(r.severity));
            (label, vec![(*n, colour)])
        })
        .collect();
    charts::bars(&rows)
}

/// Files by status.
fn status_bars(c: &Tally) -> String {
    let rows: Vec<(Label, Vec<(usize, &str)>)> = ["ok", "partial", "failed"]
        .into_iter()
        .zip([GREEN, AMBER, RED])
        .zip(c.status)
        .map(|((st, colour), n)| (lang_label("status", st), vec![(n, colour)]))
        .collect();
    charts::bars(&rows)
}
