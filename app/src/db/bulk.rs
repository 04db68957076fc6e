//! Bulk loading for `stempel demo` and the benchmarks: multi-row INSERTs of time entries and
//! attendances inside transactions (a million entries in seconds, not hours), SQLite's
//! fast-fill settings, and fresh planner statistics afterwards.

use chrono::{DateTime, Duration, Utc};

use super::exec::Param;
use super::{conn, time, Backend, Conn, Db};

/// Time entries per INSERT: 10 bound values a row stay under SQLite's 32 766 and Postgres'
/// 65 535 parameters.
pub const ENTRIES_PER_INSERT: usize = 2_000;
/// Attendances per INSERT.
pub const ATTENDANCES_PER_INSERT: usize = 400;

/// One demo time entry: its person, project, task, start, minutes and billable mark. The
/// constant columns (no break, rate 90.00, "Demo work") are written by the statement.
pub struct Entry {
    pub user_id: i64,
    pub project_id: i64,
    pub task_id: i64,
    pub start: DateTime<Utc>,
    pub minutes: i64,
    pub billable: bool,
    /// The start as a date in the account's time zone: the rollups' day.
    pub account_day: String,
}

/// The entry INSERT for `n` rows: 10 values a row, the constant columns written inline. SQLite
/// gets anonymous `?` placeholders: binding a numbered `$n` makes SQLite look the name up in a
/// list (sqlite3_bind_parameter_name), which turns a 2 000-row statement quadratic.
pub fn entries_sql(sqlite: bool, account_id: i64, n: usize) -> String {
    use std::fmt::Write as _;
    let mut sql = String::with_capacity(64 * n + 256);
    sql.push_str(
        "INSERT INTO time_entries (account_id, user_id, project_id, task_id, started_at, ended_at, break_minutes, worked_minutes, billable, hour_rate_cents, details, created_at, updated_at, account_day) VALUES ",
    );
    for i in 0..n {
        if i > 0 {
            sql.push(',');
        }
        if sqlite {
            let _ = write!(
                sql,
                "({account_id}, ?, ?, ?, ?, ?, 0, ?, ?, 9000, 'Demo work', ?, ?, ?)"
            );
        } else {
            let b = i * 10;
            let _ = write!(
                sql,
                "({account_id}, ${}, ${}, ${}, ${}, ${}, 0, ${}, ${}, 9000, 'Demo work', ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 10
            );
        }
    }
    sql
}

/// Inserts `rows` with `sql` (from [`entries_sql`] for as many rows) on the connection.
pub async fn insert_entries(conn: &mut Conn, sql: &str, rows: &[Entry]) -> Result<(), sqlx::Error> {
    let mut q = sqlx::query(sql);
    for e in rows {
        let from = time::to_db(e.start);
        q = q
            .bind(e.user_id)
            .bind(e.project_id)
            .bind(e.task_id)
            .bind(from.clone())
            .bind(time::to_db(e.start + Duration::minutes(e.minutes)))
            .bind(e.minutes)
            .bind(i64::from(e.billable))
            .bind(from.clone())
            .bind(from)
            .bind(e.account_day.as_str());
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Inserts the person's attendances that start at `starts` (8.5 hours with a 30-minute break
/// each), at most [`ATTENDANCES_PER_INSERT`] at a time.
pub async fn insert_attendances(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    starts: &[DateTime<Utc>],
) -> Result<(), sqlx::Error> {
    let mut sql = String::from(
        "INSERT INTO attendances (account_id, user_id, started_at, ended_at, break_minutes, worked_minutes, manual, created_at, updated_at) VALUES ",
    );
    let mut params: Vec<Param> = Vec::with_capacity(starts.len() * 5);
    for (i, start) in starts.iter().enumerate() {
        let b = i * 5;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, 30, 480, 0, ${}, ${})",
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 5
        ));
        params.extend([
            account_id.into(),
            user_id.into(),
            time::to_db(*start).into(),
            time::to_db(*start + Duration::minutes(510)).into(),
            time::to_db(*start).into(),
        ]);
    }
    conn::execute(conn, &sql, params).await?;
    Ok(())
}

/// SQLite for a fill (`on`): a large page cache and no fsync per commit. A crash mid-fill
/// loses rows, never consistency (WAL stays on). `off` restores the server's settings.
pub async fn fast_fill(conn: &mut Conn, on: bool) -> Result<(), sqlx::Error> {
    let (sync, cache) = if on {
        ("OFF", "-262144")
    } else {
        ("NORMAL", "-2000")
    };
    sqlx::query(&format!("PRAGMA synchronous = {sync}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("PRAGMA cache_size = {cache}"))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Fresh planner statistics after a fill, so the server's first start does not spend half a
/// minute in `PRAGMA optimize` re-analysing a million new rows.
pub async fn analyze(db: &Db, conn: &mut Conn) -> Result<(), sqlx::Error> {
    if db.backend == Backend::Sqlite {
        // A sampled ANALYZE is enough on SQLite.
        sqlx::query("PRAGMA analysis_limit = 1000")
            .execute(&mut *conn)
            .await?;
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
        sqlx::query("PRAGMA analysis_limit = 0")
            .execute(&mut *conn)
            .await?;
    } else {
        // All tables: with the 50-row project and user tables unanalysed, Postgres expects one
        // row each and sorts all 1 M joined entries for a 1 000-row page (7 s instead of 2 ms).
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
    }
    Ok(())
}
