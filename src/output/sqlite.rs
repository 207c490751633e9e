//! jixiao.sqlite: the dataset as SQL tables (schema and example queries in docs/sqlite.md).
//!
//! Written into a temporary file in one transaction and renamed over the old one, so a
//! reader never sees half a dataset. Content depends only on the records: rows go in in
//! record order, with no timestamps, so two runs over the same inputs are equal row by row.

use std::path::Path;

use rusqlite::{params, Connection};

use super::RecordSource;
use crate::model::Source;
use crate::record::num_json;

/// Bumped when a table or column changes meaning; kept in `PRAGMA user_version`.
pub const SQLITE_SCHEMA_VERSION: i32 = 1;

pub const SCHEMA: &str = "
CREATE TABLE dataset (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE files (
  id       INTEGER PRIMARY KEY,   -- 1-based position of the record in records.jsonl
  path     TEXT NOT NULL,
  sha256   TEXT NOT NULL,         -- empty when the file could not be read at all
  format   TEXT,
  bytes    INTEGER NOT NULL,
  pages    INTEGER,
  status   TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
  title    TEXT,
  year     INTEGER,
  reports  INTEGER NOT NULL,
  findings INTEGER NOT NULL,
  error    TEXT NOT NULL          -- 'code: message; …' of every error, empty when none
);
CREATE TABLE reports (
  file_id      INTEGER NOT NULL REFERENCES files(id),
  report       INTEGER NOT NULL,  -- 0-based, in document order (findings.report)
  kind         TEXT NOT NULL,
  title        TEXT,
  year         INTEGER,
  program      TEXT,
  central_dept TEXT,
  local_dept   TEXT,
  unit         TEXT,
  filer        TEXT,
  money_unit   TEXT,
  goal_target  TEXT,
  goal_actual  TEXT,
  note         TEXT,
  total_score  REAL,
  src_page INTEGER, src_sheet TEXT, src_table INTEGER, src_row INTEGER, src_col INTEGER,
  src_paragraph INTEGER,
  PRIMARY KEY (file_id, report)
);
CREATE TABLE funds (
  file_id       INTEGER NOT NULL,
  report        INTEGER NOT NULL,
  idx           INTEGER NOT NULL, -- 0-based, in form order
  line          TEXT,             -- canonical fund line, NULL when the label matched none
  label         TEXT NOT NULL,
  budget        REAL,
  executed      REAL,
  rate          REAL,             -- percent, as written (or computed: rate_computed = 1)
  budget_wan    REAL,
  executed_wan  REAL,
  initial       REAL,
  weight        REAL,
  score         REAL,
  reason        TEXT,
  rate_computed INTEGER NOT NULL,
  src_page INTEGER, src_sheet TEXT, src_table INTEGER, src_row INTEGER, src_col INTEGER,
  PRIMARY KEY (file_id, report, idx),
  FOREIGN KEY (file_id, report) REFERENCES reports(file_id, report)
);
CREATE TABLE indicators (
  file_id         INTEGER NOT NULL,
  report          INTEGER NOT NULL,
  idx             INTEGER NOT NULL,
  level1          TEXT,
  level2          TEXT,
  name            TEXT NOT NULL,
  canonical       TEXT,
  match           TEXT NOT NULL,
  confidence      REAL NOT NULL,
  target_raw      TEXT NOT NULL,
  target_op       TEXT NOT NULL,
  target_value    REAL,
  target_value_hi REAL,
  target_unit     TEXT,
  actual_raw      TEXT NOT NULL,
  actual_op       TEXT NOT NULL,
  actual_value    REAL,
  actual_value_hi REAL,
  actual_unit     TEXT,
  met             INTEGER,        -- 1, 0, or NULL where target and actual cannot be compared
  reason          TEXT NOT NULL,
  weight          REAL,
  score           REAL,
  src_page INTEGER, src_sheet TEXT, src_table INTEGER, src_row INTEGER, src_col INTEGER,
  PRIMARY KEY (file_id, report, idx),
  FOREIGN KEY (file_id, report) REFERENCES reports(file_id, report)
);
CREATE TABLE facts (
  file_id   INTEGER NOT NULL REFERENCES files(id),
  idx       INTEGER NOT NULL,
  concept   TEXT NOT NULL,
  line      TEXT,
  label     TEXT NOT NULL,
  value     REAL NOT NULL,
  unit      TEXT,
  value_wan REAL,
  text      TEXT NOT NULL,
  src_page INTEGER, src_sheet TEXT, src_table INTEGER, src_row INTEGER, src_col INTEGER,
  src_paragraph INTEGER, src_start INTEGER, src_end INTEGER,
  PRIMARY KEY (file_id, idx)
);
CREATE TABLE findings (
  file_id     INTEGER NOT NULL REFERENCES files(id),
  idx         INTEGER NOT NULL,
  rule        TEXT NOT NULL,
  name        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
  report      INTEGER,            -- NULL for findings about the whole file
  subject     TEXT NOT NULL,      -- JSON, e.g. {\"line\":\"other\"}
  message     TEXT NOT NULL,
  values_json TEXT NOT NULL,      -- JSON object of the figures in question
  source_json TEXT NOT NULL,      -- JSON array of sources
  PRIMARY KEY (file_id, idx),
  FOREIGN KEY (file_id, report) REFERENCES reports(file_id, report)
);
CREATE INDEX files_sha256 ON files(sha256);
CREATE INDEX files_path ON files(path);
CREATE INDEX files_status ON files(status);
CREATE INDEX reports_year ON reports(year);
CREATE INDEX reports_program ON reports(program);
CREATE INDEX reports_unit ON reports(unit);
CREATE INDEX funds_line ON funds(line);
CREATE INDEX indicators_canonical ON indicators(canonical);
CREATE INDEX facts_concept ON facts(concept);
CREATE INDEX findings_rule ON findings(rule);
CREATE INDEX findings_severity ON findings(severity);
CREATE VIEW funds_v AS
  SELECT f.path, f.sha256, r.kind, r.year, r.program, r.unit, r.money_unit, u.*
  FROM funds u JOIN reports r USING (file_id, report) JOIN files f ON f.id = u.file_id;
CREATE VIEW indicators_v AS
  SELECT f.path, f.sha256, r.kind, r.year, r.program, r.unit, i.*
  FROM indicators i JOIN reports r USING (file_id, report) JOIN files f ON f.id = i.file_id;
CREATE VIEW findings_v AS
  SELECT f.path, f.sha256, r.year, r.program, r.unit, x.*
  FROM findings x JOIN files f ON f.id = x.file_id
  LEFT JOIN reports r ON r.file_id = x.file_id AND r.report = x.report;
";

/// A float as the JSON has it (integers exact, others to 10 decimals), so that a value
/// read from SQL equals the one in records.jsonl.
fn n(v: Option<f64>) -> Option<f64> {
    v.and_then(|x| num_json(x).as_f64())
}

fn i64_of(v: Option<usize>) -> Option<i64> {
    v.and_then(|x| i64::try_from(x).ok())
}

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn op(o: crate::value::Op) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

type Loc = (
    Option<u32>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn loc(s: &Source) -> Loc {
    (
        s.page,
        s.sheet.clone(),
        i64_of(s.table),
        i64_of(s.row),
        i64_of(s.col),
    )
}

fn db_err(e: rusqlite::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// Writes the dataset to `path`, replacing any file there.
pub fn write(path: &Path, records: &dyn RecordSource) -> std::io::Result<()> {
    let tmp = path.with_extension("sqlite.tmp");
    if tmp.exists() {
        std::fs::remove_file(&tmp)?;
    }
    let result = write_db(&tmp, records).map_err(db_err);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path)
}

fn write_db(path: &Path, records: &dyn RecordSource) -> rusqlite::Result<()> {
    let mut conn = Connection::open(path)?;
    // The file is built from scratch and renamed into place: no journal is needed.
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    conn.pragma_update(None, "user_version", SQLITE_SCHEMA_VERSION)?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    tx.execute(
        "INSERT INTO dataset (key, value) VALUES ('schema', ?1)",
        params![crate::record::SCHEMA],
    )?;
    {
        let mut files = tx.prepare(
            "INSERT INTO files VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut reports = tx.prepare(
            "INSERT INTO reports VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
             ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
        )?;
        let mut funds = tx.prepare(
            "INSERT INTO funds VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
             ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        )?;
        let mut inds = tx.prepare(
            "INSERT INTO indicators VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, \
             ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, \
             ?28)",
        )?;
        let mut facts = tx.prepare(
            "INSERT INTO facts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
             ?13, ?14, ?15, ?16, ?17)",
        )?;
        let mut finds =
            tx.prepare("INSERT INTO findings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
        let mut i = 0usize;
        records
            .each(&mut |r| {
                let result = (|| -> rusqlite::Result<()> {
                    let id = i64::try_from(i + 1).unwrap_or(i64::MAX);
                    let error = r
                        .errors
                        .iter()
                        .map(|e| format!("{}: {}", e.code, e.message))
                        .collect::<Vec<_>>()
                        .join("; ");
                    files.execute(params![
                        id,
                        r.file.path,
                        r.file.sha256,
                        r.file.format,
                        i64::try_from(r.file.bytes).unwrap_or(i64::MAX),
                        r.file.pages,
                        r.status.as_str(),
                        r.title,
                        r.year,
                        i64::try_from(r.reports.len()).unwrap_or(i64::MAX),
                        i64::try_from(r.findings.len()).unwrap_or(i64::MAX),
                        error,
                    ])?;
                    for (ri, rep) in r.reports.iter().enumerate() {
                        let ri = i64::try_from(ri).unwrap_or(i64::MAX);
                        let s = loc(&rep.source);
                        reports.execute(params![
                            id,
                            ri,
                            rep.kind.as_str(),
                            rep.title,
                            rep.year,
                            rep.program,
                            rep.meta.central_dept,
                            rep.meta.local_dept,
                            rep.meta.unit,
                            rep.meta.filer,
                            rep.money_unit,
                            rep.goals.target,
                            rep.goals.actual,
                            rep.note,
                            n(rep.total_score),
                            s.0,
                            s.1,
                            s.2,
                            s.3,
                            s.4,
                            i64_of(rep.source.paragraph),
                        ])?;
                        for (k, f) in rep.funds.iter().enumerate() {
                            let s = loc(&f.source);
                            funds.execute(params![
                                id,
                                ri,
                                i64::try_from(k).unwrap_or(i64::MAX),
                                f.line,
                                f.label,
                                n(f.budget),
                                n(f.executed),
                                n(f.rate),
                                n(f.budget_wan),
                                n(f.executed_wan),
                                n(f.initial),
                                n(f.weight),
                                n(f.score),
                                f.reason,
                                f.rate_computed,
                                s.0,
                                s.1,
                                s.2,
                                s.3,
                                s.4,
                            ])?;
                        }
                        for (k, ind) in rep.indicators.iter().enumerate() {
                            let s = loc(&ind.source);
                            inds.execute(params![
                                id,
                                ri,
                                i64::try_from(k).unwrap_or(i64::MAX),
                                ind.level1,
                                ind.level2,
                                ind.name,
                                ind.canonical,
                                ind.match_kind,
                                n(Some(ind.confidence)),
                                ind.target.raw,
                                op(ind.target.op),
                                n(ind.target.value),
                                n(ind.target.value_hi),
                                ind.target.unit,
                                ind.actual.raw,
                                op(ind.actual.op),
                                n(ind.actual.value),
                                n(ind.actual.value_hi),
                                ind.actual.unit,
                                ind.met,
                                ind.reason,
                                n(ind.weight),
                                n(ind.score),
                                s.0,
                                s.1,
                                s.2,
                                s.3,
                                s.4,
                            ])?;
                        }
                    }
                    for (k, f) in r.facts.iter().enumerate() {
                        let s = loc(&f.source);
                        facts.execute(params![
                            id,
                            i64::try_from(k).unwrap_or(i64::MAX),
                            f.concept,
                            f.line,
                            f.label,
                            n(Some(f.value)),
                            f.unit,
                            n(f.value_wan),
                            f.text,
                            s.0,
                            s.1,
                            s.2,
                            s.3,
                            s.4,
                            i64_of(f.source.paragraph),
                            i64_of(f.source.start),
                            i64_of(f.source.end),
                        ])?;
                    }
                    for (k, f) in r.findings.iter().enumerate() {
                        finds.execute(params![
                            id,
                            i64::try_from(k).unwrap_or(i64::MAX),
                            f.rule,
                            f.name,
                            f.severity.as_str(),
                            i64_of(f.report),
                            json(&f.subject),
                            f.message,
                            json(&f.values),
                            json(&f.source),
                        ])?;
                    }
                    Ok(())
                })();
                i += 1;
                result.map_err(db_err)
            })
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    }
    tx.commit()?;
    // Checked after the fact: a finding pointing at a report that does not exist is a
    // bug in a rule, and the file must not claim keys it does not keep.
    let broken: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })?;
    if broken > 0 {
        return Err(rusqlite::Error::ToSqlConversionFailure(
            format!("{broken} rows break a foreign key").into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_creates_and_views_resolve() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(SCHEMA).expect("schema");
        for view in ["funds_v", "indicators_v", "findings_v"] {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {view}"), [], |r| r.get(0))
                .expect("view");
            assert_eq!(n, 0);
        }
    }
}
