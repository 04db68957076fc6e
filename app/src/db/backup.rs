//! A portable snapshot of the whole database, and loading one back: the same file restores
//! into SQLite or Postgres, whichever wrote it, so an installation moves between the two with
//! `stempel backup` and `stempel restore`.
//!
//! The file is JSON Lines: a header (format, version, the schema's migration), then per table a
//! line naming its columns followed by one JSON array per row, and a closing line with the row
//! count of every table. A file without that closing line, or with other counts, is refused as
//! truncated. Every value is an integer, a float, a string or null; the schema holds nothing
//! else (timestamps and dates are text on both backends, booleans 0/1).
//!
//! Consistency: the dump reads every table inside one read-only transaction, a snapshot that
//! writers running meanwhile do not disturb (SQLite in WAL mode; Postgres REPEATABLE READ). The
//! load runs in one write transaction, so a failed restore changes nothing.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{Row, ValueRef};

use super::{Backend, Db, Tx};

pub const FORMAT: &str = "stempel-backup";
pub const VERSION: u32 = 1;

/// Every table, parents before children (the order of the migrations), so rows load without
/// breaking a foreign key. A test checks it against the migrated schema of both backends.
pub const TABLES: &[&str] = &[
    "accounts",
    "users",
    "api_keys",
    "sessions",
    "clients",
    "projects",
    "task_lists",
    "tasks",
    "time_entries",
    "tags",
    "time_entry_tags",
    "expenses",
    "attendances",
    "attendance_breaks",
    "absence_types",
    "absences",
    "holidays",
    "running_project_timers",
    "running_attendance_timers",
    "api_rate_limits",
    "calendar_feeds",
    "login_attempts",
];

/// Tables the database derives from the others (by triggers): not in a backup; a restore
/// rebuilds them as it loads the rows they count.
pub const DERIVED: &[&str] = &[
    "time_entry_counts",
    "time_rollups",
    "time_rollups_by_user",
    "time_rollups_by_month",
    "time_rollups_by_user_month",
];

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error("line {line}: {message}")]
    Format { line: u64, message: String },
    #[error("the database is not empty (it holds {0} account(s)); restore over it with --force")]
    NotEmpty(i64),
    #[error(
        "the backup was taken at schema migration {backup}, this binary's is {binary}: restore \
         with the version of stempel that took it, then upgrade"
    )]
    SchemaMismatch { backup: i64, binary: i64 },
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    schema: i64,
    source: String,
    taken_at: String,
}

#[derive(Serialize, Deserialize)]
struct TableStart {
    table: String,
    columns: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct End {
    end: BTreeMap<String, u64>,
}

/// Rows per table, as written or loaded.
pub type Counts = BTreeMap<String, u64>;

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

fn json_line(out: &mut dyn Write, value: &impl Serialize) -> Result<(), BackupError> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes the snapshot to `out`, one table at a time, never holding a table in memory.
pub async fn dump(db: &Db, out: &mut dyn Write) -> Result<Counts, BackupError> {
    let mut tx = match db.backend {
        Backend::Sqlite => db.pool.begin().await?,
        Backend::Postgres => {
            db.pool
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .await?
        }
    };
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        schema: applied_schema(&mut tx).await?,
        source: backend_name(db.backend).into(),
        taken_at: chrono::Utc::now().to_rfc3339(),
    };
    json_line(out, &header)?;
    let mut counts = Counts::new();
    for table in TABLES {
        let columns = table_columns(db.backend, &mut tx, table).await?;
        let names: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
        json_line(
            out,
            &TableStart {
                table: table.to_string(),
                columns: names.clone(),
            },
        )?;
        let sql = format!("SELECT {} FROM {table}", names.join(", "));
        let mut rows = sqlx::query(&sql).fetch(&mut *tx);
        let mut n = 0u64;
        while let Some(row) = rows.try_next().await? {
            let cells = (0..row.columns().len())
                .map(|i| cell(&row, i))
                .collect::<Result<Vec<_>, _>>()?;
            json_line(out, &cells)?;
            n += 1;
        }
        counts.insert(table.to_string(), n);
    }
    json_line(
        out,
        &End {
            end: counts.clone(),
        },
    )?;
    tx.rollback().await?;
    Ok(counts)
}

/// One value of a row as JSON: the column's stored kind decides (integer, float, text, null).
fn cell(row: &super::Row, i: usize) -> Result<Value, sqlx::Error> {
    if row.try_get_raw(i)?.is_null() {
        return Ok(Value::Null);
    }
    if let Ok(v) = row.try_get::<i64, _>(i) {
        return Ok(Value::from(v));
    }
    if let Ok(v) = row.try_get::<f64, _>(i) {
        return Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number));
    }
    row.try_get::<String, _>(i).map(Value::String)
}

/// The newest migration applied to the database.
async fn applied_schema(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    let v: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&mut **tx)
            .await?;
    Ok(v.unwrap_or(0))
}

/// How a column's values are bound when loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Text,
}

fn kind_of(declared: &str) -> Kind {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        Kind::Int
    } else if t.contains("REAL") || t.contains("DOUB") || t.contains("FLOA") || t == "NUMERIC" {
        Kind::Real
    } else {
        Kind::Text
    }
}

/// The table's columns in their declared order, with the kind each binds as.
async fn table_columns(
    backend: Backend,
    tx: &mut Tx,
    table: &str,
) -> Result<Vec<(String, Kind)>, sqlx::Error> {
    // `table` is one of [`TABLES`], never input, so it may be part of the text.
    let sql = match backend {
        Backend::Sqlite => format!("SELECT name, type FROM pragma_table_info('{table}')"),
        Backend::Postgres => format!(
            "SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}' \
             ORDER BY ordinal_position"
        ),
    };
    let rows: Vec<(String, String)> = sqlx::query_as(&sql).fetch_all(&mut **tx).await?;
    Ok(rows.into_iter().map(|(n, t)| (n, kind_of(&t))).collect())
}

/// The tables of the migrated schema (besides sqlx's bookkeeping), for the test that keeps
/// [`TABLES`] and [`DERIVED`] complete.
pub async fn schema_tables(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::TEXT FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
             ORDER BY table_name"
        }
    };
    sqlx::query_scalar(sql).fetch_all(&db.pool).await
}

/// Loads a snapshot written by [`dump`] (from either backend). Refuses a database that holds an
/// account unless `force`, which first empties every table; all in one transaction.
pub async fn load(db: &Db, input: &mut dyn BufRead, force: bool) -> Result<Counts, BackupError> {
    let mut reader = Lines { input, line: 0 };
    let header: Header = reader.expect("the header")?;
    if header.format != FORMAT || header.version != VERSION {
        return Err(reader.error(format!(
            "not a {FORMAT} file of version {VERSION} (found {} {})",
            header.format, header.version
        )));
    }
    let mut tx = db.begin_write(None).await?;
    let binary = applied_schema(&mut tx).await?;
    if header.schema != binary {
        return Err(BackupError::SchemaMismatch {
            backup: header.schema,
            binary,
        });
    }
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&mut *tx)
        .await?;
    if accounts > 0 && !force {
        return Err(BackupError::NotEmpty(accounts));
    }
    // Derived rows go first (they refer to accounts and users) and again right after the time
    // entries: deleting those makes the rollups' triggers write their decreases as rows.
    let mut order: Vec<&str> = DERIVED.to_vec();
    for table in TABLES.iter().rev() {
        order.push(table);
        if *table == "time_entries" {
            order.extend(DERIVED);
        }
    }
    for table in order {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    let counts = load_tables(db.backend, &mut tx, &mut reader).await?;
    if db.backend == Backend::Postgres {
        reset_sequences(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(counts)
}

/// Reads the table sections in the order [`TABLES`] gives, then the closing counts.
async fn load_tables(
    backend: Backend,
    tx: &mut Tx,
    reader: &mut Lines<'_>,
) -> Result<Counts, BackupError> {
    let mut counts = Counts::new();
    let mut pending: Option<Value> = reader.next_value()?;
    for table in TABLES {
        let start: TableStart = match pending.take() {
            Some(v) => serde_json::from_value(v)
                .map_err(|e| reader.error(format!("expected the start of {table}: {e}")))?,
            None => return Err(reader.error("the file ends early (truncated?)".into())),
        };
        if start.table != *table {
            return Err(reader.error(format!("expected table {table}, found {}", start.table)));
        }
        let target = table_columns(backend, tx, table).await?;
        let kinds = column_kinds(&start.columns, &target)
            .map_err(|m| reader.error(format!("{table}: {m}")))?;
        let mut batch = Batch::new(table, &start.columns, kinds);
        loop {
            match reader.next_value()? {
                Some(Value::Array(cells)) => {
                    let row = batch.convert(cells).map_err(|m| reader.error(m))?;
                    batch.push(row, tx).await?;
                }
                other => {
                    pending = other;
                    break;
                }
            }
        }
        counts.insert(table.to_string(), batch.finish(tx).await?);
    }
    let end: End = match pending {
        Some(v) => serde_json::from_value(v)
            .map_err(|e| reader.error(format!("expected the closing counts: {e}")))?,
        None => return Err(reader.error("no closing line: the file is truncated".into())),
    };
    if end.end != counts {
        return Err(reader.error(format!(
            "the closing counts {:?} differ from the rows read {:?}",
            end.end, counts
        )));
    }
    Ok(counts)
}

/// The kind of each backed-up column in the target; the two column sets must be equal.
fn column_kinds(columns: &[String], target: &[(String, Kind)]) -> Result<Vec<Kind>, String> {
    if columns.len() != target.len() {
        return Err(format!(
            "the backup has {} columns, the database {}",
            columns.len(),
            target.len()
        ));
    }
    columns
        .iter()
        .map(|c| {
            target
                .iter()
                .find(|(n, _)| n == c)
                .map(|(_, k)| *k)
                .ok_or_else(|| format!("the database has no column {c}"))
        })
        .collect()
}

/// After rows with explicit ids, identity columns continue above the largest id.
async fn reset_sequences(tx: &mut Tx) -> Result<(), sqlx::Error> {
    let with_id: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::TEXT FROM information_schema.columns \
         WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
    )
    .fetch_all(&mut **tx)
    .await?;
    for table in with_id {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        );
        sqlx::query(&sql).execute(&mut **tx).await?;
    }
    Ok(())
}

/// A typed value ready to bind.
enum Cell {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

/// Rows of one table gathered into multi-row INSERTs (far fewer round trips than one per row).
struct Batch<'a> {
    table: &'a str,
    columns: &'a [String],
    kinds: Vec<Kind>,
    rows: Vec<Vec<Cell>>,
    per_insert: usize,
    loaded: u64,
}

impl<'a> Batch<'a> {
    fn new(table: &'a str, columns: &'a [String], kinds: Vec<Kind>) -> Batch<'a> {
        // Stays far below both backends' limit on bound values per statement.
        let per_insert = (20_000 / columns.len().max(1)).clamp(1, 500);
        Batch {
            table,
            columns,
            kinds,
            rows: Vec::new(),
            per_insert,
            loaded: 0,
        }
    }

    fn convert(&self, cells: Vec<Value>) -> Result<Vec<Cell>, String> {
        if cells.len() != self.kinds.len() {
            return Err(format!(
                "{}: a row of {} values for {} columns",
                self.table,
                cells.len(),
                self.kinds.len()
            ));
        }
        cells
            .into_iter()
            .zip(&self.kinds)
            .map(|(v, k)| {
                typed(v, *k).ok_or_else(|| format!("{}: a value of the wrong type", self.table))
            })
            .collect()
    }

    async fn push(&mut self, row: Vec<Cell>, tx: &mut Tx) -> Result<(), sqlx::Error> {
        self.rows.push(row);
        if self.rows.len() >= self.per_insert {
            self.flush(tx).await?;
        }
        Ok(())
    }

    async fn finish(mut self, tx: &mut Tx) -> Result<u64, sqlx::Error> {
        self.flush(tx).await?;
        Ok(self.loaded)
    }

    async fn flush(&mut self, tx: &mut Tx) -> Result<(), sqlx::Error> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let width = self.columns.len();
        let values = (0..self.rows.len())
            .map(|r| {
                let marks: Vec<String> =
                    (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", marks.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {values}",
            self.table,
            self.columns.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for cell in self.rows.drain(..).flatten() {
            q = match cell {
                Cell::Int(v) => q.bind(v),
                Cell::Real(v) => q.bind(v),
                Cell::Text(v) => q.bind(v),
            };
        }
        let done = q.execute(&mut **tx).await?;
        self.loaded += done.rows_affected();
        Ok(())
    }
}

/// The JSON value as the column's kind; `None` when it cannot be one.
fn typed(v: Value, kind: Kind) -> Option<Cell> {
    Some(match (kind, v) {
        (Kind::Int, Value::Null) => Cell::Int(None),
        (Kind::Real, Value::Null) => Cell::Real(None),
        (Kind::Text, Value::Null) => Cell::Text(None),
        (Kind::Int, Value::Number(n)) => Cell::Int(Some(n.as_i64()?)),
        (Kind::Real, Value::Number(n)) => Cell::Real(Some(n.as_f64()?)),
        (Kind::Text, Value::String(s)) => Cell::Text(Some(s)),
        // SQLite keeps what it is given: a number in a text column comes back as one.
        (Kind::Text, Value::Number(n)) => Cell::Text(Some(n.to_string())),
        _ => return None,
    })
}

/// The input, one JSON value per line, counting lines for messages.
struct Lines<'a> {
    input: &'a mut dyn BufRead,
    line: u64,
}

impl Lines<'_> {
    fn error(&self, message: String) -> BackupError {
        BackupError::Format {
            line: self.line,
            message,
        }
    }

    fn next_value(&mut self) -> Result<Option<Value>, BackupError> {
        let mut buf = String::new();
        loop {
            buf.clear();
            if self.input.read_line(&mut buf)? == 0 {
                return Ok(None);
            }
            self.line += 1;
            if !buf.trim().is_empty() {
                break;
            }
        }
        serde_json::from_str(&buf)
            .map(Some)
            .map_err(|e| self.error(format!("not JSON: {e}")))
    }

    fn expect<T: serde::de::DeserializeOwned>(&mut self, what: &str) -> Result<T, BackupError> {
        let v = self
            .next_value()?
            .ok_or_else(|| self.error(format!("empty file, expected {what}")))?;
        serde_json::from_value(v).map_err(|e| self.error(format!("expected {what}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_map_to_kinds() {
        assert_eq!(kind_of("BIGINT"), Kind::Int);
        assert_eq!(kind_of("integer"), Kind::Int);
        assert_eq!(kind_of("double precision"), Kind::Real);
        assert_eq!(kind_of("REAL"), Kind::Real);
        assert_eq!(kind_of("TEXT"), Kind::Text);
        assert_eq!(kind_of("text"), Kind::Text);
    }

    #[test]
    fn values_of_the_wrong_type_are_refused() {
        assert!(typed(Value::from("x"), Kind::Int).is_none());
        assert!(typed(Value::from(1.5), Kind::Int).is_none());
        assert!(matches!(typed(Value::from(2), Kind::Real), Some(Cell::Real(Some(v))) if v == 2.0));
        assert!(matches!(
            typed(Value::Null, Kind::Text),
            Some(Cell::Text(None))
        ));
    }
}
