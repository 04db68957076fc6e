//! Statements on one sqlx connection (inside a write transaction, or a connection taken from
//! the pool), with the same `Param`s and `FromCells` decoders as the reads in `exec`: a table's
//! module states its SQL and its row once, whichever way the statement runs.

use super::exec::{bind, decode_any, FromCells, Param};
use super::Conn;

/// Where a lookup reads: inside a write transaction (what it sees is what the transaction will
/// write against), or outside any (`Db::row`: on SQLite the rusqlite readers, no thread
/// hand-off). Writes that can resolve their references before taking the write lock read
/// them from the pool and hold the lock for less time.
pub enum Reader<'a> {
    Tx(&'a mut Conn),
    Pool(&'a super::Db),
}

impl Reader<'_> {
    /// The same source for one more lookup.
    pub fn reborrow(&mut self) -> Reader<'_> {
        match self {
            Reader::Tx(conn) => Reader::Tx(conn),
            Reader::Pool(db) => Reader::Pool(db),
        }
    }

    /// The first row, if any.
    pub async fn row<T: FromCells>(
        self,
        sql: &str,
        params: Vec<Param>,
    ) -> Result<Option<T>, sqlx::Error> {
        match self {
            Reader::Tx(conn) => row(conn, sql, params).await,
            Reader::Pool(db) => db.row(sql, params).await,
        }
    }
}

/// Every row the statement returns.
pub async fn rows<T: FromCells>(
    conn: &mut Conn,
    sql: &str,
    params: Vec<Param>,
) -> Result<Vec<T>, sqlx::Error> {
    let rows = bind(sqlx::query(sql), &params)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(decode_any).collect()
}

/// The first row, if any.
pub async fn row<T: FromCells>(
    conn: &mut Conn,
    sql: &str,
    params: Vec<Param>,
) -> Result<Option<T>, sqlx::Error> {
    bind(sqlx::query(sql), &params)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(decode_any)
        .transpose()
}

/// A single value (a count, an id from RETURNING).
pub async fn value<T: FromCells>(
    conn: &mut Conn,
    sql: &str,
    params: Vec<Param>,
) -> Result<T, sqlx::Error> {
    row(conn, sql, params)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Runs a write; the number of rows it touched.
pub async fn execute(conn: &mut Conn, sql: &str, params: Vec<Param>) -> Result<u64, sqlx::Error> {
    Ok(bind(sqlx::query(sql), &params)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// A record and whether it is deleted (soft deletes keep the row: reads tell "never existed"
/// from "deleted"). Decoded from the record's columns followed by `deleted_at`.
pub struct Stored<T> {
    pub row: T,
    pub deleted: bool,
}

impl<T: FromCells> FromCells for Stored<T> {
    fn from_cells(c: &mut super::exec::Cells<'_>) -> Result<Stored<T>, sqlx::Error> {
        let row = T::from_cells(c)?;
        Ok(Stored {
            row,
            deleted: c.opt_text()?.is_some(),
        })
    }
}

impl FromCells for String {
    fn from_cells(c: &mut super::exec::Cells<'_>) -> Result<String, sqlx::Error> {
        c.text()
    }
}

impl FromCells for Option<i64> {
    fn from_cells(c: &mut super::exec::Cells<'_>) -> Result<Option<i64>, sqlx::Error> {
        c.opt_int()
    }
}

/// Marks a record deleted. `table` is one of this crate's table names, never user input.
pub async fn soft_delete(
    conn: &mut Conn,
    table: &'static str,
    account_id: i64,
    id: i64,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE {table} SET deleted_at = $1, updated_at = $1 WHERE account_id = $2 AND id = $3"
    );
    execute(
        conn,
        &sql,
        vec![super::time::now().into(), account_id.into(), id.into()],
    )
    .await?;
    Ok(())
}

/// Undoes [`soft_delete`]: the record is live again. `table` is one of this crate's table
/// names, never user input.
pub async fn restore(
    conn: &mut Conn,
    table: &'static str,
    account_id: i64,
    id: i64,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE {table} SET deleted_at = NULL, updated_at = $1
          WHERE account_id = $2 AND id = $3 AND deleted_at IS NOT NULL"
    );
    execute(
        conn,
        &sql,
        vec![super::time::now().into(), account_id.into(), id.into()],
    )
    .await?;
    Ok(())
}

/// How a reference names a record: by id, or by its (trimmed) name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key<'a> {
    Id(i64),
    Name(&'a str),
}
