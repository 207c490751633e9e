//! report.html: one self-contained page to review findings with their source beside them.
//!
//! Everything is rendered here, as plain DOM: the page works without script, and the
//! script only filters (by rule, severity and file, also from the URL hash such as
//! `#rule=F002&severity=warning`) by hiding elements, showing matches a page at a time so
//! that thousands of findings stay quick. Shown findings carry `data-visible="1"`.
//! No network: styles and script are inline.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use crate::record::{num_json, Finding, Fund, Indicator, Record, Report, Severity, Status};

use super::csv::field;
use super::rows::{self, at, describe, RecordRows};

/// Findings shown before "show more".
pub const PAGE: usize = 500;

fn esc(s: &str) -> String {
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
fn highlight_sentence(text: &str, wanted: &[f64]) -> String {
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

const FUND_COLUMNS: &[(&str, &str)] = &[
    ("initial", "年初预算 initial"),
    ("budget", "预算数 A budget"),
    ("executed", "执行数 B executed"),
    ("rate", "执行率 rate %"),
    ("weight", "分值 weight"),
    ("score", "得分 score"),
    ("reason", "原因 reason"),
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
    let cols: Vec<&(&str, &str)> = FUND_COLUMNS
        .iter()
        .filter(|(c, _)| {
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
    let mut out = String::from("<table class=\"cells\"><tr><th>项目 line</th>");
    for (_, title) in &cols {
        let _ = write!(out, "<th>{}</th>", esc(title));
    }
    out.push_str("</tr>");
    for f in rows {
        out.push_str("<tr>");
        out.push_str(&td(f.label.trim(), false));
        for (c, _) in &cols {
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
        let _ = write!(out, "<p class=\"unit\">金额单位 {}</p>", esc(u));
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
    let mut out = String::from(
        "<table class=\"cells\"><tr><th>一级/二级</th><th>指标 name</th><th>目标 target</th>\
         <th>实际 actual</th><th>原因 reason</th></tr>",
    );
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
        let reason_missing = crate::rules::is_nothing(&ind.reason);
        out.push_str(&td(
            ind.reason.trim(),
            reason_missing && ind.met == Some(false),
        ));
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

/// The source beside a finding: the form's cells, or the sentence, with the values marked.
fn source_html(rec: &Record, f: &Finding) -> String {
    let rep = f.report.and_then(|i| rec.reports.get(i));
    let subject = f.subject.as_object();
    let get = |k: &str| subject.and_then(|m| m.get(k)).and_then(Value::as_str);
    let mut out = String::new();
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
    let locs: Vec<String> = f
        .source
        .iter()
        .map(describe)
        .filter(|s| !s.is_empty())
        .collect();
    if !locs.is_empty() {
        let _ = write!(out, "<p class=\"loc\">{}</p>", esc(&locs.join("; ")));
    }
    out
}

const CSS: &str = r#"
:root{--err:#9c0006;--errbg:#ffc7ce;--warn:#9c5700;--warnbg:#ffeb9c;--info:#1f4e78;--infobg:#ddebf7;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:10px 20px}
h1{font-size:18px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 8px}
main{padding:0 20px 40px}
#filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-top:6px}
#filters select{max-width:28em;font:inherit;padding:2px 4px}
#count{color:#57606a}
table{border-collapse:collapse;background:#fff}
td,th{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600}
#files-wrap{max-height:240px;overflow:auto;border:1px solid var(--line)}table.files{width:100%}table.files td,table.files th{padding:1px 8px}table.files th{position:sticky;top:0}table.files td:nth-child(n+4):nth-child(-n+5){text-align:right}
.status{font-weight:600;border-radius:3px;padding:0 6px}
.st-ok{color:#116329;background:#dafbe1}.st-partial{color:var(--warn);background:var(--warnbg)}.st-failed{color:var(--err);background:var(--errbg)}
tr.selected td{background:#fff8c5}
.finding{display:grid;grid-template-columns:minmax(260px,2fr) 3fr;gap:14px;background:#fff;border:1px solid var(--line);border-left:6px solid var(--line);border-radius:4px;padding:10px 12px;margin:8px 0;content-visibility:auto;contain-intrinsic-size:auto 140px}
.finding[hidden]{display:none}
.sev-error{border-left-color:var(--err)}.sev-warning{border-left-color:#d4a72c}.sev-info{border-left-color:#54aeff}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600}
.b-error{color:var(--err);background:var(--errbg)}.b-warning{color:var(--warn);background:var(--warnbg)}.b-info{color:var(--info);background:var(--infobg)}
.msg p{margin:6px 0}.rule{font-weight:600}.name{color:#57606a}
.where,.loc,.unit{color:#57606a;font-size:12px;margin:4px 0;word-break:break-all}
td.hot{background:#fff0a8;outline:2px solid #d4a72c;font-weight:600}
mark{background:#fff0a8;outline:1px solid #d4a72c;font-weight:600}
.empty{color:#8c959f}
blockquote.sentence{margin:4px 0;padding:6px 10px;border-left:3px solid var(--line);background:#f6f8fa}
#more{margin:10px 0;font:inherit;padding:4px 12px}
.none{color:#57606a}
@media (max-width:800px){.finding{grid-template-columns:1fr}}
"#;

const JS: &str = r#"
(function(){
  var PAGE = +document.body.getAttribute('data-page') || 500;
  var items = Array.prototype.slice.call(document.querySelectorAll('#findings .finding'));
  var fileRows = Array.prototype.slice.call(document.querySelectorAll('table.files tr[data-file]'));
  var keys = ['rule', 'severity', 'file'];
  var sel = {};
  keys.forEach(function(k){ sel[k] = document.getElementById('f-' + k); });
  var count = document.getElementById('count');
  var more = document.getElementById('more');
  var none = document.getElementById('none');
  var limit = PAGE;
  function wanted(k){
    var v = sel[k].value;
    return v === '' ? null : v.split(',');
  }
  function apply(){
    var w = {}; keys.forEach(function(k){ w[k] = wanted(k); });
    var matched = 0, shown = 0;
    for (var i = 0; i < items.length; i++) {
      var el = items[i], ok = true;
      for (var j = 0; j < keys.length && ok; j++) {
        var k = keys[j];
        if (w[k] && w[k].indexOf(el.getAttribute('data-' + k)) < 0) ok = false;
      }
      if (ok) matched++;
      var show = ok && matched <= limit;
      el.hidden = !show;
      if (show) { el.setAttribute('data-visible', '1'); shown++; }
      else el.removeAttribute('data-visible');
    }
    fileRows.forEach(function(tr){
      tr.classList.toggle('selected', !!(w.file && w.file.indexOf(tr.getAttribute('data-file')) >= 0));
    });
    count.textContent = matched + ' of ' + items.length + ' findings' + (shown < matched ? ' (showing ' + shown + ')' : '');
    document.body.setAttribute('data-matched', String(matched));
    more.hidden = shown >= matched;
    none.hidden = matched > 0;
  }
  function ensureOption(s, v){
    if (v === '') return;
    for (var i = 0; i < s.options.length; i++) if (s.options[i].value === v) return;
    var o = document.createElement('option'); o.value = v; o.textContent = v; s.appendChild(o);
  }
  function fromHash(){
    var p = {};
    location.hash.replace(/^#/, '').split('&').forEach(function(kv){
      if (!kv) return;
      var i = kv.indexOf('=');
      var k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      var v = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, ' '));
      p[k] = v;
    });
    keys.forEach(function(k){
      var v = p[k] || '';
      ensureOption(sel[k], v);
      sel[k].value = v;
    });
    limit = PAGE;
    apply();
  }
  function toHash(){
    var parts = [];
    keys.forEach(function(k){ if (sel[k].value) parts.push(k + '=' + encodeURIComponent(sel[k].value)); });
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
    limit = PAGE;
    apply();
  }
  keys.forEach(function(k){ sel[k].addEventListener('change', toHash); });
  more.addEventListener('click', function(){ limit += PAGE; apply(); });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', '1');
})();
"#;

fn options(out: &mut String, id: &str, label: &str, all: &str, values: &[(String, String, usize)]) {
    let _ = write!(
        out,
        "<label>{label} <select id=\"f-{id}\"><option value=\"\">{all}</option>"
    );
    for (value, text, n) in values {
        let _ = write!(
            out,
            "<option value=\"{}\">{} ({n})</option>",
            esc(value),
            esc(text)
        );
    }
    out.push_str("</select></label>");
}

/// What the page's head shows and its filters offer, counted as the records go by.
#[derive(Default)]
struct Counts {
    files: usize,
    by_rule: BTreeMap<&'static str, (&'static str, usize)>,
    by_sev: BTreeMap<Severity, usize>,
    status: [usize; 3],
    forms: usize,
    findings: usize,
    /// Files with findings: path, and how many.
    with_findings: Vec<(String, usize)>,
}

impl Counts {
    fn add(&mut self, r: &Record) {
        self.files += 1;
        for f in &r.findings {
            self.by_rule.entry(f.rule).or_insert((f.name, 0)).1 += 1;
            *self.by_sev.entry(f.severity).or_default() += 1;
        }
        self.findings += r.findings.len();
        self.forms += r.reports.len();
        let k = match r.status {
            Status::Ok => 0,
            Status::Partial => 1,
            Status::Failed => 2,
        };
        if let Some(c) = self.status.get_mut(k) {
            *c += 1;
        }
        if !r.findings.is_empty() {
            self.with_findings
                .push((r.file.path.clone(), r.findings.len()));
        }
    }

    fn severity(&self, s: Severity) -> usize {
        self.by_sev.get(&s).copied().unwrap_or(0)
    }
}

/// Everything before the files table: styles, the summary and the filters.
fn head(c: &Counts) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <title>jixiao review</title><style>",
    );
    out.push_str(CSS);
    let _ = write!(
        out,
        "</style></head><body data-page=\"{PAGE}\"><header><h1>jixiao · findings review</h1>\
         <div class=\"stats\">{} files ({} ok, {} partial, {} failed) · {} forms · {} findings \
         ({} error, {} warning, {} info)</div><form id=\"filters\" onsubmit=\"return false\">",
        c.files,
        c.status[0],
        c.status[1],
        c.status[2],
        c.forms,
        c.findings,
        c.severity(Severity::Error),
        c.severity(Severity::Warning),
        c.severity(Severity::Info),
    );
    let rules: Vec<(String, String, usize)> = c
        .by_rule
        .iter()
        .map(|(code, (name, n))| (code.to_string(), format!("{code} {name}"), *n))
        .collect();
    options(&mut out, "rule", "Rule", "all rules", &rules);
    let sevs: Vec<(String, String, usize)> = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                s.as_str().to_string(),
                c.severity(*s),
            )
        })
        .collect();
    options(&mut out, "severity", "Severity", "all severities", &sevs);
    let files: Vec<(String, String, usize)> = c
        .with_findings
        .iter()
        .map(|(p, n)| (p.clone(), p.clone(), *n))
        .collect();
    options(&mut out, "file", "File", "all files", &files);
    out.push_str("<span id=\"count\"></span></form></header><main>");
    let _ = write!(
        out,
        "<section id=\"files-section\"><h2>Files</h2><details{}><summary>{} files</summary>\
         <div id=\"files-wrap\"><table class=\"files\"><tr><th>path</th><th>format</th><th>status</th><th>forms</th>\
         <th>findings</th><th>error</th></tr>",
        if c.files <= 200 { " open" } else { "" },
        c.files
    );
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
         <td><span class=\"status st-{st}\">{st}</span></td><td>{forms}</td><td>{findings}</td><td>{}</td></tr>",
        esc(format),
        esc(error)
    )
}

/// One finding, numbered `n` on the page, with its source beside it.
fn finding_html(n: usize, rec: &Record, f: &Finding) -> String {
    let sev = f.severity.as_str();
    let form = f
        .report
        .and_then(|i| rec.reports.get(i).map(|rep| (i, rep)));
    let form_text = match form {
        Some((i, rep)) => {
            let mut parts = vec![format!("report {i}")];
            parts.extend(rep.year.map(|y| y.to_string()));
            parts.extend(rep.program.clone());
            parts.extend(rep.meta.unit.clone());
            format!(" · {}", parts.join(" · "))
        }
        None => String::new(),
    };
    format!(
        "<div class=\"finding sev-{sev}\" id=\"finding-{n}\" data-rule=\"{}\" \
         data-severity=\"{sev}\" data-file=\"{}\" data-visible=\"1\"><div class=\"msg\">\
         <span class=\"badge b-{sev}\">{sev}</span> <span class=\"rule\">{}</span> \
         <span class=\"name\">{}</span><p class=\"message\">{}</p>\
         <p class=\"where\">{}{}</p></div><div class=\"src\">{}</div></div>",
        esc(f.rule),
        esc(&rec.file.path),
        esc(f.rule),
        esc(f.name),
        esc(&f.message),
        esc(&rec.file.path),
        esc(&form_text),
        source_html(rec, f)
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
/// only the counts and the filter lists whatever the dataset's size.
pub struct HtmlWriter {
    path: PathBuf,
    counts: Counts,
    files: Part,
    findings: Part,
    file_pick: Vec<usize>,
}

impl HtmlWriter {
    pub fn create(path: &Path) -> std::io::Result<HtmlWriter> {
        let part = |what: &str| {
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(format!(".{what}.tmp"));
            Part::create(path.with_file_name(name))
        };
        Ok(HtmlWriter {
            path: path.to_path_buf(),
            counts: Counts::default(),
            files: part("files")?,
            findings: part("findings")?,
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
            let n = self.counts.findings + k;
            self.findings.write(&finding_html(n, rec, f))?;
        }
        self.counts.add(rec);
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let HtmlWriter {
            path,
            counts,
            files,
            findings,
            ..
        } = *self;
        let mut w = BufWriter::new(File::create(&path)?);
        w.write_all(head(&counts).as_bytes())?;
        files.append_to(&mut w)?;
        w.write_all(
            b"</table></div></details></section><section id=\"findings\"><h2>Findings</h2>",
        )?;
        findings.append_to(&mut w)?;
        w.write_all(
            "<p id=\"none\" class=\"none\" hidden>No finding matches these filters.</p>\
             <button id=\"more\" type=\"button\" hidden>show more</button></section></main><script>"
                .as_bytes(),
        )?;
        w.write_all(JS.as_bytes())?;
        w.write_all(b"</script></body></html>\n")?;
        w.flush()
    }
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
