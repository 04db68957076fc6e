//! Writing `time_entries` inside a write transaction, and reading an entry back in it.

use chrono::{DateTime, Utc};
use sqlx::Row as _;

use super::SELECT;
use crate::db::exec::decode_any;
use crate::db::{time, Conn};
use crate::model::TimeEntry;

/// An entry's own columns as written (its person is set on insert and never changes).
pub struct EntryRow<'a> {
    pub user_id: i64,
    pub project_id: i64,
    pub task_id: Option<i64>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub break_minutes: i64,
    pub worked_minutes: i64,
    pub billable: bool,
    pub flat_rate: bool,
    pub hour_rate_cents: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub latitude1: Option<f64>,
    pub longitude1: Option<f64>,
    pub details: &'a str,
    pub tags: &'a str,
    pub invoice_number: Option<&'a str>,
    /// `from` as a date in the account's time zone: the rollups' day.
    pub account_day: &'a str,
}

/// The columns an insert writes, in the order of its values `$1 … $20` (`$19` twice).
const COLUMNS: &str = "account_id, user_id, project_id, task_id, started_at, ended_at, break_minutes, worked_minutes,
    billable, flat_rate, hour_rate_cents, latitude, longitude, latitude1, longitude1, details, tags_text, invoice_number,
    created_at, updated_at, account_day";
const VALUES: &str = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20";

/// A new entry; its id.
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    row: &EntryRow<'_>,
) -> Result<i64, sqlx::Error> {
    let sql = format!("INSERT INTO time_entries ({COLUMNS}) VALUES ({VALUES}) RETURNING id");
    bind_row(sqlx::query(&sql), account_id, row)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)
}

/// A new entry, written only while its person is active and its project (with its client) and
/// task are live and not archived, as checked before the write lock was taken; its id, or None
/// when one of them changed since (nothing is written then).
pub async fn insert_if_usable(
    conn: &mut Conn,
    account_id: i64,
    row: &EntryRow<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = format!(
        "INSERT INTO time_entries ({COLUMNS}) SELECT {VALUES}
         WHERE EXISTS (SELECT 1 FROM users WHERE account_id = $1 AND id = $2 AND active = 1)
           AND EXISTS (SELECT 1 FROM projects p JOIN clients c ON c.id = p.client_id AND c.account_id = p.account_id
                       WHERE p.account_id = $1 AND p.id = $3 AND p.deleted_at IS NULL AND p.archived = 0
                         AND c.deleted_at IS NULL AND c.archived = 0)
           AND ($4 IS NULL OR EXISTS (SELECT 1 FROM tasks WHERE account_id = $1 AND id = $4
                                      AND deleted_at IS NULL AND archived = 0))
         RETURNING id"
    );
    bind_row(sqlx::query(&sql), account_id, row)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds `$1 … $20` of [`VALUES`].
fn bind_row<'q>(q: AnyQuery<'q>, account_id: i64, row: &'q EntryRow<'q>) -> AnyQuery<'q> {
    q.bind(account_id)
        .bind(row.user_id)
        .bind(row.project_id)
        .bind(row.task_id)
        .bind(time::to_db(row.from))
        .bind(time::to_db(row.to))
        .bind(row.break_minutes)
        .bind(row.worked_minutes)
        .bind(i64::from(row.billable))
        .bind(i64::from(row.flat_rate))
        .bind(row.hour_rate_cents)
        .bind(row.latitude)
        .bind(row.longitude)
        .bind(row.latitude1)
        .bind(row.longitude1)
        .bind(row.details)
        .bind(row.tags)
        .bind(row.invoice_number)
        .bind(time::now())
        .bind(row.account_day)
}

/// Sets every column of entry `id` but its person: the values of [`VALUES`] (`row.user_id`
/// must be the entry's person, who never changes; `$19` is the update's time) and `$21` the id.
pub async fn update(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    row: &EntryRow<'_>,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE time_entries SET project_id = $3, task_id = $4, started_at = $5, ended_at = $6,
            break_minutes = $7, worked_minutes = $8, billable = $9, flat_rate = $10, hour_rate_cents = $11,
            latitude = $12, longitude = $13, latitude1 = $14, longitude1 = $15, details = $16, tags_text = $17,
            invoice_number = $18, updated_at = $19, account_day = $20
         WHERE account_id = $1 AND id = $21 AND user_id = $2";
    bind_row(sqlx::query(sql), account_id, row)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks entry `id` deleted (deleting is soft: it answers "deleted" afterwards).
pub async fn restore(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    crate::db::conn::restore(conn, "time_entries", account_id, id).await
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    crate::db::conn::soft_delete(conn, "time_entries", account_id, id).await
}

/// Entry `id` of the account with its names, deleted or not, as the transaction sees it.
pub async fn load(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<TimeEntry>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE e.account_id = $1 AND e.id = $2");
    sqlx::query(&sql)
        .bind(account_id)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| decode_any(&r))
        .transpose()
}
