//! Reads outside a transaction, one SQL text for both backends, decoded once into typed rows.
//!
//! Postgres runs through sqlx. SQLite runs through rusqlite on a connection the calling thread
//! keeps open: sqlx's SQLite driver hands every statement to a worker thread and every row back
//! through a channel, which capped the point read at a few percent of the HTTP ceiling and a
//! month's list at a fraction of what SQLite can read (see docs/performance.md). Short reads
//! (by key) run inline on the runtime thread; long ones (lists) on the long-work threads
//! (`lanes`), one per core in the idle scheduling class, so lists take the cores nobody else
//! wants and never hold up the short reads queued on the runtime threads.
//!
//! Statements use `$1, $2, …`; SQLite reads those as named parameters, and they are bound by
//! name here, so their order in the text does not matter. Writes and reads inside a write
//! transaction stay on sqlx (`Db::begin_write`), whose connection holds the transaction.

use std::cell::RefCell;
use std::collections::HashMap;

use super::{Backend, Db};

/// A value bound to a statement. Nulls carry their type: Postgres infers a parameter's type
/// from what is bound, and `$2 IS NULL OR name LIKE $2` needs a text null.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    NullInt,
    NullText,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<i64> for Param {
    fn from(v: i64) -> Param {
        Param::Int(v)
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Param {
        Param::Text(v.to_string())
    }
}

impl From<String> for Param {
    fn from(v: String) -> Param {
        Param::Text(v)
    }
}

impl From<Option<i64>> for Param {
    fn from(v: Option<i64>) -> Param {
        v.map_or(Param::NullInt, Param::Int)
    }
}

impl From<Option<String>> for Param {
    fn from(v: Option<String>) -> Param {
        v.map_or(Param::NullText, Param::Text)
    }
}

/// Reads the columns of one row in the order the SELECT lists them.
pub struct Cells<'r> {
    row: RowRef<'r>,
    next: usize,
}

enum RowRef<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Pg(&'r sqlx::postgres::PgRow),
    Any(&'r sqlx::any::AnyRow),
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

impl Cells<'_> {
    fn get<T>(&mut self) -> Result<T, sqlx::Error>
    where
        T: rusqlite::types::FromSql
            + for<'a> sqlx::Decode<'a, sqlx::Any>
            + sqlx::Type<sqlx::Any>
            + for<'a> sqlx::Decode<'a, sqlx::Postgres>
            + sqlx::Type<sqlx::Postgres>,
    {
        let i = self.next;
        self.next += 1;
        match &self.row {
            RowRef::Sqlite(r) => r.get::<_, T>(i).map_err(decode_error),
            RowRef::Pg(r) => sqlx::Row::try_get::<T, _>(*r, i),
            RowRef::Any(r) => sqlx::Row::try_get::<T, _>(*r, i),
        }
    }

    pub fn int(&mut self) -> Result<i64, sqlx::Error> {
        self.opt_int()?.ok_or_else(|| sqlx::Error::ColumnDecode {
            index: (self.next - 1).to_string(),
            source: "NULL where a whole number was expected".into(),
        })
    }
    pub fn opt_int(&mut self) -> Result<Option<i64>, sqlx::Error> {
        match &self.row {
            RowRef::Pg(r) => {
                let i = self.next;
                self.next += 1;
                pg_int(r, i)
            }
            _ => self.get(),
        }
    }
    /// A 0/1 integer column.
    pub fn flag(&mut self) -> Result<bool, sqlx::Error> {
        Ok(self.int()? != 0)
    }
    pub fn real(&mut self) -> Result<f64, sqlx::Error> {
        self.get()
    }
    pub fn opt_real(&mut self) -> Result<Option<f64>, sqlx::Error> {
        self.get()
    }
    pub fn text(&mut self) -> Result<String, sqlx::Error> {
        self.get()
    }
    pub fn opt_text(&mut self) -> Result<Option<String>, sqlx::Error> {
        self.get()
    }
}

/// A whole number from Postgres, whatever its width: the `Any` driver this replaced read an
/// `INTEGER` expression (`SELECT 1`, `CASE … THEN 1`) as an `i64`, and so does this.
fn pg_int(row: &sqlx::postgres::PgRow, i: usize) -> Result<Option<i64>, sqlx::Error> {
    use sqlx::{Row, TypeInfo, ValueRef};
    let raw = row.try_get_raw(i)?;
    let kind = raw.type_info();
    match kind.name() {
        "INT4" => Ok(row.try_get::<Option<i32>, _>(i)?.map(i64::from)),
        "INT2" => Ok(row.try_get::<Option<i16>, _>(i)?.map(i64::from)),
        _ => row.try_get::<Option<i64>, _>(i),
    }
}

/// A row type decoded from the columns of its SELECT, in order.
pub trait FromCells: Sized + Send + 'static {
    fn from_cells(c: &mut Cells<'_>) -> Result<Self, sqlx::Error>;
}

/// Where a SQLite read runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cost {
    /// A lookup by key: inline on the calling thread.
    Short,
    /// A list or a scan: on a long-work thread (`lanes`).
    Long,
}

impl Db {
    /// Every row the statement returns.
    pub async fn rows<T: FromCells>(
        &self,
        cost: Cost,
        sql: &str,
        params: Vec<Param>,
    ) -> Result<Vec<T>, sqlx::Error> {
        match (&self.sqlite_path, self.backend) {
            (Some(path), Backend::Sqlite) => match cost {
                Cost::Short => sqlite_rows(path, sql, &params),
                Cost::Long => {
                    let (path, sql) = (path.clone(), sql.to_string());
                    super::lanes::run(move || sqlite_rows(&path, &sql, &params))
                        .await
                        .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?
                }
            },
            _ => {
                let reader = self.reader.as_ref().ok_or(sqlx::Error::PoolClosed)?;
                let rows = reader.rows(sql, &params).await?;
                rows.iter().map(decode_pg).collect()
            }
        }
    }

    /// The first row, if any.
    pub async fn row<T: FromCells>(
        &self,
        sql: &str,
        params: Vec<Param>,
    ) -> Result<Option<T>, sqlx::Error> {
        Ok(self
            .rows(Cost::Short, sql, params)
            .await?
            .into_iter()
            .next())
    }

    /// One row of an account by its id. `by_id` reads it alone (`$1` the account, `$2` the
    /// id); `by_ids` reads several (`$2` a Postgres array literal, `$2::bigint[]`) and lists
    /// the id as its first column. On Postgres a read that finds `by_ids` for the same account
    /// already in flight travels with the others in the next one (`pg_batch`).
    pub async fn row_by_id<T: FromCells>(
        &self,
        by_id: &str,
        by_ids: &'static str,
        account_id: i64,
        id: i64,
    ) -> Result<Option<T>, sqlx::Error> {
        let alone = || self.row(by_id, vec![Param::Int(account_id), Param::Int(id)]);
        let reader = match (&self.reader, self.backend) {
            (Some(reader), Backend::Postgres) => reader,
            _ => return alone().await,
        };
        let Some(rows) = super::pg_batch::rows_with(reader, by_ids, account_id, id).await else {
            return alone().await;
        };
        for row in rows.iter() {
            if pg_int(row, 0)? == Some(id) {
                return decode_pg(row).map(Some);
            }
        }
        Ok(None)
    }

    /// A single value (a count, a sum).
    pub async fn value<T: FromCells>(
        &self,
        sql: &str,
        params: Vec<Param>,
    ) -> Result<T, sqlx::Error> {
        self.row(sql, params).await?.ok_or(sqlx::Error::RowNotFound)
    }
}

/// A list: its rows with their FROM clause, the same FROM for the count, the WHERE condition
/// (`$1…$n` for its parameters) and the order.
pub struct Listing<'a> {
    /// `SELECT …` up to and with the FROM clause and its joins.
    pub select: &'a str,
    /// The FROM clause and joins the count reads.
    pub from: &'a str,
    pub condition: &'a str,
    pub order: &'a str,
}

impl Db {
    /// One page of `list` and how many rows match in all; LIMIT and OFFSET take the
    /// placeholders after `params`.
    pub async fn counted_page<T: FromCells>(
        &self,
        list: &Listing<'_>,
        params: Vec<Param>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<T>, i64), sqlx::Error> {
        let count = format!("SELECT COUNT(*) {} WHERE {}", list.from, list.condition);
        let total: i64 = self.value(&count, params.clone()).await?;
        let n = params.len() + 1;
        let sql = format!(
            "{} WHERE {} ORDER BY {} LIMIT ${n} OFFSET ${}",
            list.select,
            list.condition,
            list.order,
            n + 1
        );
        let mut params = params;
        params.extend([Param::Int(limit), Param::Int(offset)]);
        Ok((self.rows(Cost::Long, &sql, params).await?, total))
    }
}

impl FromCells for i64 {
    fn from_cells(c: &mut Cells<'_>) -> Result<i64, sqlx::Error> {
        c.int()
    }
}

/// Binds `params` in order to a statement of either sqlx driver (`Any` inside transactions,
/// native Postgres for `pg_reader`).
pub(super) fn bind<'q, DB>(
    mut q: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    params: &'q [Param],
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    f64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    for p in params {
        q = match p {
            Param::NullInt => q.bind(None::<i64>),
            Param::NullText => q.bind(None::<String>),
            Param::Int(v) => q.bind(*v),
            Param::Real(v) => q.bind(*v),
            Param::Text(v) => q.bind(v.as_str()),
        };
    }
    q
}

thread_local! {
    /// This thread's read connections, by database file.
    static READERS: RefCell<HashMap<String, rusqlite::Connection>> = RefCell::new(HashMap::new());
}

fn sqlite_error(e: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(e))
}

fn open_reader(path: &str) -> Result<rusqlite::Connection, sqlx::Error> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite_error)?;
    // Reads only; wait for a writer's checkpoint instead of failing with SQLITE_BUSY.
    conn.execute_batch("PRAGMA query_only = 1; PRAGMA busy_timeout = 10000;")
        .map_err(sqlite_error)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

fn sqlite_rows<T: FromCells>(
    path: &str,
    sql: &str,
    params: &[Param],
) -> Result<Vec<T>, sqlx::Error> {
    READERS.with(|cell| {
        let mut readers = cell.borrow_mut();
        if !readers.contains_key(path) {
            readers.insert(path.to_string(), open_reader(path)?);
        }
        let conn = &readers[path];
        let mut stmt = conn.prepare_cached(sql).map_err(sqlite_error)?;
        let mut name = String::with_capacity(4);
        for (i, p) in params.iter().enumerate() {
            use std::fmt::Write as _;
            name.clear();
            let _ = write!(name, "${}", i + 1);
            // A parameter the text does not use (an optional filter left out) is skipped.
            let Some(index) = stmt.parameter_index(&name).map_err(sqlite_error)? else {
                continue;
            };
            let bound = match p {
                Param::NullInt | Param::NullText => {
                    stmt.raw_bind_parameter(index, rusqlite::types::Null)
                }
                Param::Int(v) => stmt.raw_bind_parameter(index, v),
                Param::Real(v) => stmt.raw_bind_parameter(index, v),
                Param::Text(v) => stmt.raw_bind_parameter(index, v.as_str()),
            };
            bound.map_err(sqlite_error)?;
        }
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            out.push(T::from_cells(&mut Cells {
                row: RowRef::Sqlite(row),
                next: 0,
            })?);
        }
        Ok(out)
    })
}

/// Decodes a native Postgres row (`pg_reader`'s reads outside transactions).
fn decode_pg<T: FromCells>(row: &sqlx::postgres::PgRow) -> Result<T, sqlx::Error> {
    T::from_cells(&mut Cells {
        row: RowRef::Pg(row),
        next: 0,
    })
}

/// Decodes a row read through sqlx (inside a transaction) with the same decoder.
pub fn decode_any<T: FromCells>(row: &sqlx::any::AnyRow) -> Result<T, sqlx::Error> {
    T::from_cells(&mut Cells {
        row: RowRef::Any(row),
        next: 0,
    })
}

/// Registers the application's SQL functions on every SQLite connection this process opens
/// from now on (sqlx's pool and the rusqlite readers share one SQLite library): `fold_case(x)`,
/// the Unicode lower case of a text (SQLite's LOWER() folds ASCII only, Postgres' LOWER() every
/// letter; Postgres has `fold_case` from its migration 0011), so "contains" filters match
/// `ärzte` in "Ärzte GmbH" on both backends.
pub fn register_sqlite_functions() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: the routine opens no database, closes none and leaves the extension list alone.
        if let Err(e) = unsafe { rusqlite::auto_extension::register_auto_extension(init_functions) }
        {
            tracing::error!(error = %e, "registering SQLite functions failed");
        }
    });
}

unsafe extern "C" fn init_functions(
    db: *mut rusqlite::ffi::sqlite3,
    error: *mut *mut std::os::raw::c_char,
    _: *const rusqlite::ffi::sqlite3_api_routines,
) -> std::os::raw::c_int {
    // SAFETY: called by SQLite with a connection it is opening.
    unsafe { rusqlite::auto_extension::init_auto_extension(db, error, add_functions) }
}

fn add_functions(conn: rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    use rusqlite::types::{Value, ValueRef};
    conn.create_scalar_function(
        "fold_case",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).to_lowercase()),
                other => Value::from(other),
            })
        },
    )
}
