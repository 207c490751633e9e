//! jixiao.sqlite: the dataset as SQL tables (schema and example queries in docs/sqlite.md).
//!
//! Written into a temporary file in one transaction and renamed over the old one, so a
//! reader never sees half a dataset. Content depends only on the records: rows go in in
//! record order, with no timestamps, so two runs over the same inputs are equal row by row.

use std::path::{Path, PathBuf};

use rusqlite::types::{ToSql, ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{params, Connection};

use super::rows::{self, at, RecordRows, Row, Table, Val};
use crate::record::{num_json, Record};

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
  total_score  REAL,             -- 得分 of the total row (合计/总分/自评得分)
  total_weight REAL,             -- 分值 of the total row (usually 100)
  grade        TEXT,             -- 自评等级 as written
  grade_level  TEXT,             -- the grade on the 优/良/中/差 scale
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
  message_zh  TEXT NOT NULL,      -- the message in Chinese
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

/// The columns of each SQL table, in its order: the [`rows`] columns they are filled
/// from (`src_*` columns from the source columns).
const TABLES: [(&Table, &[&str]); 6] = [
    (&rows::FILES, &["id..=error"]),
    (
        &rows::REPORTS,
        &["file_id", "report..=money_unit", "goal_target..=paragraph"],
    ),
    (&rows::FUNDS, &["file_id", "report..=idx", "line..=col"]),
    (
        &rows::INDICATORS,
        &[
            "file_id",
            "report..=idx",
            "level1..=actual_unit",
            "met..=col",
        ],
    ),
    (&rows::FACTS, &["file_id", "idx..=end"]),
    (&rows::FINDINGS, &["file_id", "idx..=message_zh"]),
];

/// A row value as SQL: floats as the JSON has them (integers exact, others to 10
/// decimals), so that a value read from SQL equals the one in records.jsonl; JSON as
/// text, sources in the record's key order.
struct Sql<'v, 'a>(&'v Val<'a>);

impl ToSql for Sql<'_, '_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let json = |s: serde_json::Result<String>| {
            ToSqlOutput::Owned(SqlValue::Text(s.unwrap_or_default()))
        };
        Ok(match self.0 {
            Val::Null => ToSqlOutput::Owned(SqlValue::Null),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::Int(i) => ToSqlOutput::Owned(SqlValue::Integer(*i)),
            Val::Num(x) => {
                ToSqlOutput::Owned(num_json(*x).as_f64().map_or(SqlValue::Null, SqlValue::Real))
            }
            Val::Bool(b) => ToSqlOutput::Owned(SqlValue::Integer(i64::from(*b))),
            Val::Json(v) => json(serde_json::to_string(v)),
            Val::Sources(s) => json(serde_json::to_string(s)),
        })
    }
}

fn db_err(e: rusqlite::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// A table, its INSERT statement and the row positions of its columns.
type Insert = (&'static Table, String, Vec<usize>);

/// The database being written: a temporary file, renamed over `path` when complete.
pub struct SqliteWriter {
    conn: Option<Connection>,
    tmp: PathBuf,
    path: PathBuf,
    /// Per table, in [`TABLES`] order.
    inserts: Vec<Insert>,
}

impl SqliteWriter {
    pub fn create(path: &Path) -> std::io::Result<SqliteWriter> {
        let tmp = path.with_extension("sqlite.tmp");
        if tmp.exists() {
            std::fs::remove_file(&tmp)?;
        }
        let inserts = TABLES
            .iter()
            .map(|(table, cols)| {
                let pick = table.pick(cols);
                let marks: Vec<String> = (1..=pick.len()).map(|i| format!("?{i}")).collect();
                let sql = format!("INSERT INTO {} VALUES ({})", table.name, marks.join(", "));
                (*table, sql, pick)
            })
            .collect();
        let mut w = SqliteWriter {
            conn: None,
            tmp,
            path: path.to_path_buf(),
            inserts,
        };
        w.conn = Some(begin(&w.tmp).map_err(db_err)?);
        Ok(w)
    }

    /// Inserts a record's rows: its file, then form by form the form's row, its fund
    /// lines and its indicators, then its facts and findings. The order decides how the
    /// file's pages are laid out, and is kept so that the file stays the same from
    /// version to version for the same records.
    fn insert(&self, conn: &Connection, rec: &Record, rows: &RecordRows) -> rusqlite::Result<()> {
        let [files, reports, funds, inds, facts, finds] = &self.inserts[..] else {
            return Ok(());
        };
        let put = |(_, sql, pick): &Insert, rows: &[Row]| -> rusqlite::Result<()> {
            let mut st = conn.prepare_cached(sql)?;
            for row in rows {
                st.execute(rusqlite::params_from_iter(
                    pick.iter().map(|&i| Sql(at(row, i))),
                ))?;
            }
            Ok(())
        };
        put(files, std::slice::from_ref(&rows.file))?;
        let (mut fi, mut ii) = (0, 0);
        for (ri, rep) in rec.reports.iter().enumerate() {
            put(reports, rows.reports.get(ri..=ri).unwrap_or(&[]))?;
            let (fj, ij) = (fi + rep.funds.len(), ii + rep.indicators.len());
            put(funds, rows.funds.get(fi..fj).unwrap_or(&[]))?;
            put(inds, rows.indicators.get(ii..ij).unwrap_or(&[]))?;
            (fi, ii) = (fj, ij);
        }
        put(facts, &rows.facts)?;
        put(finds, &rows.findings)
    }
}

/// A new database at `path` with the schema, inside an open transaction.
fn begin(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    // The file is built from scratch and renamed into place: no journal is needed.
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    conn.pragma_update(None, "user_version", SQLITE_SCHEMA_VERSION)?;
    conn.set_prepared_statement_cache_capacity(TABLES.len() + 2);
    conn.execute_batch("BEGIN")?;
    conn.execute_batch(SCHEMA)?;
    conn.execute(
        "INSERT INTO dataset (key, value) VALUES ('schema', ?1)",
        params![crate::record::SCHEMA],
    )?;
    Ok(conn)
}

/// Commits, then checks the foreign keys: a finding pointing at a report that does not
/// exist is a bug in a rule, and the file must not claim keys it does not keep.
fn commit(conn: Connection) -> rusqlite::Result<()> {
    conn.execute_batch("COMMIT")?;
    let broken: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })?;
    if broken > 0 {
        return Err(rusqlite::Error::ToSqlConversionFailure(
            format!("{broken} rows break a foreign key").into(),
        ));
    }
    conn.close().map_err(|(_, e)| e)
}

impl super::Writer for SqliteWriter {
    fn record(&mut self, rec: &Record, rows: &RecordRows) -> std::io::Result<()> {
        match &self.conn {
            Some(conn) => self.insert(conn, rec, rows).map_err(db_err),
            None => Ok(()),
        }
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        if let Some(conn) = self.conn.take() {
            if let Err(e) = commit(conn) {
                let _ = std::fs::remove_file(&self.tmp);
                return Err(db_err(e));
            }
        }
        std::fs::rename(&self.tmp, &self.path)
    }
}

impl Drop for SqliteWriter {
    /// A writer dropped unfinished leaves no temporary file behind.
    fn drop(&mut self) {
        if self.conn.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_in_its_table() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(SCHEMA).expect("schema");
        for (table, cols) in TABLES {
            let pick = table.pick(cols);
            assert!(pick.iter().all(|&i| i < table.columns.len()));
            let mut st = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    table.name
                ))
                .expect("table info");
            let sql: Vec<String> = st
                .query_map([], |r| r.get::<_, String>(0))
                .expect("columns")
                .collect::<Result<_, _>>()
                .expect("names");
            let sql: Vec<&str> = sql
                .iter()
                .map(|n| n.trim_start_matches("src_").trim_end_matches("_json"))
                .collect();
            assert_eq!(sql, table.names(&pick), "{}", table.name);
        }
    }

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
