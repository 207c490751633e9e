//! report.html: one self-contained page to review findings with their source beside them.
//!
//! Everything is rendered here, as plain DOM: the page works without script, and the
//! script only filters (by rule, severity and file, also from the URL hash such as
//! `#rule=F002&severity=warning`) by hiding elements, showing matches a page at a time so
//! that thousands of findings stay quick, and switches the language (`#lang=en`). Shown
//! findings carry `data-visible="1"`. No network: styles, script, charts and page crops
//! are inline.
//!
//! The page holds its words in both languages (`<span class="zh">`, `<span
//! class="en">`), the one of `--lang` shown first: an auditor can switch without running
//! jixiao again, and a page passed on reads in either.

mod overview;
mod source;

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use crate::record::{Finding, Record, Severity};

use super::crops::Cropper;
use super::csv::field;
use super::rows::{self, at, RecordRows};
use super::tally::{Tally, SEVERITIES};

/// Findings shown before "show more".
pub const PAGE: usize = 500;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text in both languages, escaped: one for each, shown by the page's language; once
/// when both say the same.
fn both(text: impl Fn(Lang) -> String) -> String {
    let (zh, en) = (text(Lang::Zh), text(Lang::En));
    if zh == en {
        esc(&zh)
    } else {
        format!(
            "<span class=\"zh\">{}</span><span class=\"en\">{}</span>",
            esc(&zh),
            esc(&en)
        )
    }
}

/// A catalogue word in both languages.
fn word(section: &str, key: &str) -> String {
    both(|l| l.word(section, key))
}

/// Attributes giving an element's text in both languages, for the script to switch
/// where elements cannot hold spans (options, the title).
fn texts(text: impl Fn(Lang) -> String) -> String {
    format!(
        " data-zh=\"{}\" data-en=\"{}\"",
        esc(&text(Lang::Zh)),
        esc(&text(Lang::En))
    )
}

/// A choice of a filter: its value, its text in each language, how many findings.
struct Opt {
    value: String,
    zh: String,
    en: String,
    n: usize,
}

impl Opt {
    fn new(value: &str, text: impl Fn(Lang) -> String, n: usize) -> Opt {
        Opt {
            value: value.to_string(),
            zh: text(Lang::Zh),
            en: text(Lang::En),
            n,
        }
    }
}

/// A filter: its choices after "all …".
struct Filter<'a> {
    id: &'a str,
    label: &'a str,
    all: &'a str,
    options: Vec<Opt>,
}

fn filter(out: &mut String, lang: Lang, f: Filter) {
    let all = |l: Lang| l.word("html", f.all);
    let _ = write!(
        out,
        "<label>{} <select id=\"f-{}\"><option value=\"\"{}>{}</option>",
        word("html", f.label),
        f.id,
        texts(all),
        esc(&all(lang))
    );
    for o in &f.options {
        let t = |l: Lang| {
            let text = if l == Lang::Zh { &o.zh } else { &o.en };
            format!("{text} ({})", o.n)
        };
        let _ = write!(
            out,
            "<option value=\"{}\"{}>{}</option>",
            esc(&o.value),
            texts(t),
            esc(&t(lang))
        );
    }
    out.push_str("</select></label>");
}

/// The files with findings, for the file filter: path, and how many.
type WithFindings = Vec<(String, usize)>;

/// The page up to its first section: styles, title, the language switch, the summary
/// and the filters.
fn head(c: &Tally, with_findings: &WithFindings, lang: Lang) -> String {
    let code = lang.code();
    let title = |l: Lang| l.word("html", "title");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\" data-lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <title{}>{}</title><style>{CSS}</style></head><body data-page=\"{PAGE}\"><header>\
         <button id=\"lang-switch\" type=\"button\">{}</button><h1>{}</h1>",
        texts(title),
        esc(&title(lang)),
        word("html", "switch"),
        word("html", "heading"),
    );
    let n = |v: usize| v.to_string();
    let stats = [
        ("files", n(c.files)),
        ("ok", n(c.status[0])),
        ("partial", n(c.status[1])),
        ("failed", n(c.status[2])),
        ("forms", n(c.forms)),
        ("findings", n(c.findings)),
        ("error", n(c.severity(Severity::Error))),
        ("warning", n(c.severity(Severity::Warning))),
        ("info", n(c.severity(Severity::Info))),
    ];
    let args: Vec<(&str, &dyn std::fmt::Display)> = stats
        .iter()
        .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
        .collect();
    let _ = write!(
        out,
        "<div class=\"stats\">{}</div><form id=\"filters\" onsubmit=\"return false\">",
        both(|l| l.fill("html", "stats", &args))
    );
    let rules = c
        .by_rule
        .iter()
        .map(|(code, n)| {
            let rule = crate::rules::find(code);
            let text = |l: Lang| match rule {
                Some(r) => format!("{code} {}", r.title(l)),
                None => code.to_string(),
            };
            Opt::new(code, text, *n)
        })
        .collect();
    filter(
        &mut out,
        lang,
        Filter {
            id: "rule",
            label: "rule",
            all: "all_rules",
            options: rules,
        },
    );
    let sevs = SEVERITIES
        .iter()
        .map(|s| {
            let text = |l: Lang| l.word("severity", s.as_str());
            Opt::new(s.as_str(), text, c.severity(*s))
        })
        .collect();
    filter(
        &mut out,
        lang,
        Filter {
            id: "severity",
            label: "severity",
            all: "all_severities",
            options: sevs,
        },
    );
    let files = with_findings
        .iter()
        .map(|(p, n)| Opt::new(p, |_| p.clone(), *n))
        .collect();
    filter(
        &mut out,
        lang,
        Filter {
            id: "file",
            label: "file",
            all: "all_files",
            options: files,
        },
    );
    let count_texts = |key: &str| {
        format!(
            " data-zh-{key}=\"{}\" data-en-{key}=\"{}\"",
            esc(&Lang::Zh.word("html", key)),
            esc(&Lang::En.word("html", key))
        )
    };
    let _ = write!(
        out,
        "<span id=\"count\"{}{}></span></form></header><main>",
        count_texts("count"),
        count_texts("showing")
    );
    out
}

/// The files section's start, up to its rows.
fn files_head(c: &Tally) -> String {
    let mut out = format!(
        "<section id=\"files-section\"><h2>{}</h2><details{}><summary>{}</summary>\
         <div id=\"files-wrap\"><table class=\"files\"><tr>",
        word("html", "files"),
        if c.files <= 200 { " open" } else { "" },
        both(|l| l.fill("html", "n_files", &[("n", &c.files)]))
    );
    for key in [
        "col_path",
        "col_format",
        "col_status",
        "col_forms",
        "col_findings",
        "col_error",
    ] {
        let _ = write!(out, "<th>{}</th>", word("html", key));
    }
    out.push_str("</tr>");
    out
}

/// The columns of the files table.
const FILE_COLUMNS: [&str; 6] = ["path", "format", "status", "reports", "findings", "error"];

/// A row of the files table, from the file's row; its path links to its findings.
fn file_row(row: &[String]) -> String {
    let [path_raw, format, st, forms, findings, error] = row else {
        return String::new();
    };
    let path = esc(path_raw);
    let link = if findings == "0" {
        path.clone()
    } else {
        format!(
            "<a href=\"#file={}\">{path}</a>",
            esc(&percent_encode(path_raw))
        )
    };
    format!(
        "<tr data-file=\"{path}\" data-status=\"{st}\"><td>{link}</td><td>{}</td>\
         <td><span class=\"status st-{st}\">{}</span></td><td>{forms}</td><td>{findings}</td><td>{}</td></tr>",
        esc(format),
        word("status", st),
        esc(error)
    )
}

/// One finding, numbered `n` on the page, with its source beside it.
fn finding_html(n: usize, rec: &Record, f: &Finding, crop: Option<&super::crops::Crop>) -> String {
    let sev = f.severity.as_str();
    let form = f
        .report
        .and_then(|i| rec.reports.get(i).map(|rep| (i, rep)));
    let form_text = |l: Lang| match form {
        Some((i, rep)) => {
            let mut parts = vec![l.fill("html", "report", &[("n", &i)])];
            parts.extend(rep.year.map(|y| y.to_string()));
            parts.extend(rep.program.clone());
            parts.extend(rep.meta.unit.clone());
            format!(" · {}", parts.join(" · "))
        }
        None => String::new(),
    };
    let title =
        |l: Lang| crate::rules::find(f.rule).map_or_else(|| f.name.to_string(), |r| r.title(l));
    let message = |l: Lang| match l {
        Lang::Zh if !f.message_zh.is_empty() => f.message_zh.clone(),
        _ => f.message.clone(),
    };
    format!(
        "<div class=\"finding sev-{sev}\" id=\"finding-{n}\" data-rule=\"{}\" \
         data-severity=\"{sev}\" data-file=\"{}\" data-visible=\"1\"><div class=\"msg\">\
         <span class=\"badge b-{sev}\">{}</span> <span class=\"rule\">{}</span> \
         <span class=\"name\" title=\"{}\">{}</span><p class=\"message\">{}</p>\
         <p class=\"where\">{}{}</p></div><div class=\"src\">{}</div></div>",
        esc(f.rule),
        esc(&rec.file.path),
        word("severity", sev),
        esc(f.rule),
        esc(f.name),
        both(title),
        both(message),
        esc(&rec.file.path),
        both(form_text),
        source::source_html(rec, f, crop)
    )
}

/// A part of the page written while the records go by, kept in a file beside the page
/// until the head (which needs the counts of all records) is written.
struct Part {
    path: PathBuf,
    w: Option<BufWriter<File>>,
}

impl Part {
    fn create(path: PathBuf) -> std::io::Result<Part> {
        let w = BufWriter::new(File::create(&path)?);
        Ok(Part { path, w: Some(w) })
    }

    fn write(&mut self, s: &str) -> std::io::Result<()> {
        match &mut self.w {
            Some(w) => w.write_all(s.as_bytes()),
            None => Ok(()),
        }
    }

    /// Appends the part to `out` and removes it.
    fn append_to(mut self, out: &mut impl Write) -> std::io::Result<()> {
        if let Some(mut w) = self.w.take() {
            w.flush()?;
        }
        std::io::copy(&mut File::open(&self.path)?, out)?;
        Ok(())
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// report.html being written: the files table and the findings go to parts beside the
/// page as the records go by, and the page is put together at the end, so memory holds
/// only the counts, the filter lists and the overview's tallies whatever the dataset's
/// size.
pub struct HtmlWriter {
    path: PathBuf,
    lang: Lang,
    tally: Tally,
    with_findings: WithFindings,
    files: Part,
    findings: Part,
    crops: Cropper,
    file_pick: Vec<usize>,
}

impl HtmlWriter {
    pub fn create(path: &Path, lang: Lang) -> std::io::Result<HtmlWriter> {
        let beside = |what: &str| {
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(format!(".{what}.tmp"));
            path.with_file_name(name)
        };
        Ok(HtmlWriter {
            path: path.to_path_buf(),
            lang,
            tally: Tally::default(),
            with_findings: Vec::new(),
            files: Part::create(beside("files"))?,
            findings: Part::create(beside("findings"))?,
            crops: Cropper::new(beside("crops")),
            file_pick: rows::FILES.pick(&FILE_COLUMNS),
        })
    }
}

impl super::Writer for HtmlWriter {
    fn record(&mut self, rec: &Record, rows: &RecordRows) -> std::io::Result<()> {
        let cells: Vec<String> = self
            .file_pick
            .iter()
            .map(|&i| field(at(&rows.file, i)))
            .collect();
        self.files.write(&file_row(&cells))?;
        for (k, f) in rec.findings.iter().enumerate() {
            let n = self.tally.findings + k;
            let crop = self.crops.crop(rec, f);
            self.findings
                .write(&finding_html(n, rec, f, crop.as_ref()))?;
        }
        self.tally.add(rec);
        if !rec.findings.is_empty() {
            self.with_findings
                .push((rec.file.path.clone(), rec.findings.len()));
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let HtmlWriter {
            path,
            lang,
            tally,
            with_findings,
            files,
            findings,
            crops,
            ..
        } = *self;
        let mut w = BufWriter::new(File::create(&path)?);
        w.write_all(head(&tally, &with_findings, lang).as_bytes())?;
        w.write_all(overview::html(&tally).as_bytes())?;
        w.write_all(files_head(&tally).as_bytes())?;
        files.append_to(&mut w)?;
        write!(
            w,
            "</table></div></details></section><section id=\"findings\"><h2>{}</h2>",
            word("html", "findings")
        )?;
        if crops.capped {
            let cap = crop_cap_mib();
            let secs = super::crops::BUDGET_TIME.as_secs();
            write!(
                w,
                "<p class=\"where\">{}</p>",
                both(|l| l.fill("html", "crop_capped", &[("cap", &cap), ("secs", &secs)]))
            )?;
        }
        findings.append_to(&mut w)?;
        writeln!(
            w,
            "<p id=\"none\" class=\"none\" hidden>{}</p>\
             <button id=\"more\" type=\"button\" hidden>{}</button></section></main><script>{JS}</script></body></html>",
            word("html", "none"),
            word("html", "more")
        )?;
        w.flush()
    }
}

fn crop_cap_mib() -> usize {
    super::crops::BUDGET_BYTES / (1024 * 1024)
}

/// Percent-encodes what a URL fragment value cannot hold as is.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::source::highlight_sentence;
    use super::*;

    #[test]
    fn sentence_marks_the_figures_in_question() {
        let s = highlight_sentence(
            "米易县共下达医疗救助资金1,412.75万元，其中1146.81",
            &[1412.75],
        );
        assert_eq!(
            s,
            "米易县共下达医疗救助资金<mark>1,412.75</mark>万元，其中1146.81"
        );
        assert_eq!(highlight_sentence("<b>", &[1.0]), "&lt;b&gt;");
    }

    #[test]
    fn fragment_values_are_encoded() {
        assert_eq!(percent_encode("a b/表.docx"), "a%20b/%E8%A1%A8.docx");
    }
}
