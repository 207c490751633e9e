//! What `jixiao extract` prints: the record as JSON, or with `--facts` the figures read
//! from prose, one a line with where they stand, so that a reviewer can check each
//! reading against its words.

use std::io::Write;

use crate::record::{Fact, Record};

/// Each record as pretty JSON, or (`facts_only`) each record's facts as a listing.
pub fn write(recs: &[Record], facts_only: bool, out: &mut impl Write) -> std::io::Result<()> {
    for rec in recs {
        if facts_only {
            for f in &rec.facts {
                writeln!(out, "{}", line(f))?;
            }
        } else {
            serde_json::to_writer_pretty(&mut *out, rec)?;
        }
    }
    if !facts_only {
        writeln!(out)?;
    }
    Ok(())
}

/// One fact: concept, line (`-` where the text gives none), the figure as written, its
/// roles, where it stands (page, paragraph or table cell, character span) and the words
/// that say what it is.
pub fn line(f: &Fact) -> String {
    let mut roles = Vec::new();
    if f.target {
        roles.push("target".to_string());
    }
    if let Some(q) = &f.qualifier {
        roles.push(format!("bound {q}"));
    }
    if f.other_period {
        roles.push("other period".to_string());
    }
    let s = &f.source;
    let mut at = Vec::new();
    if let Some(p) = s.page {
        at.push(format!("p{p}"));
    }
    if let Some(p) = s.paragraph {
        at.push(format!("para {p}"));
    }
    if let (Some(t), Some(r), Some(c)) = (s.table, s.row, s.col) {
        at.push(format!("table {t} r{r} c{c}"));
    }
    if let (Some(a), Some(b)) = (s.start, s.end) {
        at.push(format!("chars {a}..{b}"));
    }
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        f.concept,
        f.line.as_deref().unwrap_or("-"),
        super::fact_written(f),
        roles.join(","),
        at.join(" "),
        f.text
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Format};

    #[test]
    fn a_fact_line_gives_its_span_and_words() {
        let mut doc = Document::new(Format::Txt);
        let p = "本年度共下达补助资金500万元，实际支出480万元。";
        doc.push_paragraph(p.to_string(), None, None);
        let (facts, _) = super::super::extract(
            &doc,
            &[],
            Some(2023),
            &crate::normalize::Patterns::builtin(),
        );
        let lines: Vec<String> = facts.iter().map(line).collect();
        let first = lines.first().map(String::as_str).unwrap_or_default();
        let cols: Vec<&str> = first.split('\t').collect();
        assert_eq!(cols.first(), Some(&"fund.budget"));
        assert_eq!(cols.get(1), Some(&"total"));
        assert_eq!(cols.get(2), Some(&"500万元"));
        // the span is the figure's place among the paragraph's characters
        let span = cols
            .get(4)
            .and_then(|s| s.split("chars ").nth(1))
            .unwrap_or("");
        let (a, b) = span.split_once("..").unwrap_or(("0", "0"));
        let (a, b): (usize, usize) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
        let figure: String = p.chars().skip(a).take(b.saturating_sub(a)).collect();
        assert_eq!(figure, "500万元");
        assert!(cols
            .get(5)
            .is_some_and(|t| t.contains("共下达补助资金500万元")));
    }
}
