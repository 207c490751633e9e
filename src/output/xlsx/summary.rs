//! The workbook's summary sheet: the counts of the review page's overview as tables,
//! with charts of findings by rule and of the execution rates.

use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

use crate::i18n::Lang;
use crate::output::tally::{Tally, SEVERITIES, STATUSES};

/// A table of the sheet: its title and its rows (what, count).
type Block = (String, Vec<(String, f64)>);

fn blocks(t: &Tally, lang: Lang) -> Vec<Block> {
    let x = |key: &str| lang.word("xlsx", key);
    let n = |v: usize| v as f64;
    let mut out = vec![(
        x("what"),
        vec![
            (x("files_total"), n(t.files)),
            (x("forms_total"), n(t.forms)),
        ],
    )];
    out.push((
        x("by_status"),
        STATUSES
            .iter()
            .zip(t.status)
            .map(|(s, c)| (lang.word("status", s.as_str()), n(c)))
            .collect(),
    ));
    out.push((
        x("by_severity"),
        SEVERITIES
            .iter()
            .map(|s| (lang.word("severity", s.as_str()), n(t.severity(*s))))
            .collect(),
    ));
    out.push((
        x("by_rule"),
        t.by_rule
            .iter()
            .map(|(code, c)| {
                let title = crate::rules::find(code).map(|r| r.title(lang));
                (format!("{code} {}", title.unwrap_or_default()), n(*c))
            })
            .collect(),
    ));
    out.push((
        x("by_rate"),
        Tally::rate_ticks()
            .into_iter()
            .zip(t.rates)
            .map(|(tick, c)| (tick, n(c)))
            .collect(),
    ));
    out.push((
        x("by_year"),
        t.by_year
            .iter()
            .map(|(y, c)| {
                let y = y.map_or_else(|| lang.word("html", "no_year"), |y| y.to_string());
                (y, n(*c))
            })
            .collect(),
    ));
    out.push((
        x("by_unit"),
        t.top_units()
            .into_iter()
            .map(|(u, c)| (u.to_string(), n(c)))
            .collect(),
    ));
    out
}

/// The summary sheet.
pub fn sheet(t: &Tally, lang: Lang, bold: &Format) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    let name = lang.word("xlsx", "summary");
    ws.set_name(&name)?;
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 10)?;
    let mut row = 0u32;
    // Where the rows of the charted tables are: first and last row.
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for (title, rows) in blocks(t, lang) {
        ws.write_string_with_format(row, 0, &title, bold)?;
        ws.write_string_with_format(row, 1, lang.word("xlsx", "count"), bold)?;
        let first = row + 1;
        for (what, count) in &rows {
            row += 1;
            ws.write_string(row, 0, what)?;
            ws.write_number(row, 1, *count)?;
        }
        spans.push((first, row.max(first)));
        row += 2;
    }
    // Findings by rule (the fourth table) and execution rates (the fifth).
    for (i, (kind, key, at)) in [
        (ChartType::Bar, "by_rule", 3usize),
        (ChartType::Column, "by_rate", 4),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(&(first, last)) = spans.get(at) else {
            continue;
        };
        let mut chart = Chart::new(kind);
        chart
            .add_series()
            .set_categories((name.as_str(), first, 0, last, 0))
            .set_values((name.as_str(), first, 1, last, 1));
        chart.title().set_name(&lang.word("xlsx", key));
        chart.legend().set_hidden();
        ws.insert_chart(1 + 18 * i as u32, 3, &chart)?;
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_its_title_and_counts() {
        let mut t = Tally::default();
        t.add(&crate::rules::testkit::seed_000());
        let b = blocks(&t, Lang::Zh);
        assert_eq!(b.len(), 7);
        assert_eq!(
            b[0].1,
            [("文件数".to_string(), 1.0), ("表数".to_string(), 1.0)]
        );
        assert_eq!(b[1].1[0], ("正常".to_string(), 1.0));
        assert!(b.iter().all(|(title, _)| !title.contains("xlsx.")));
        assert!(sheet(&t, Lang::En, &Format::new()).is_ok());
    }
}
