//! Keeping the rollups' days right: the backfill of entries without a day (after migration
//! 0013 or a change of the account's zone), and what `stempel rollups check|rebuild` read and
//! write.

use super::Sums;
use crate::db::exec::{Cells, Cost, FromCells, Param};
use crate::db::{conn, Conn, Db};

/// The first and last start of the account's entries whose day is not known yet.
pub async fn unrolled_span(
    conn: &mut Conn,
    account_id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let span: Option<Span> = conn::row(
        conn,
        "SELECT MIN(started_at), MAX(started_at) FROM time_entries WHERE account_id = $1 AND account_day = ''",
        vec![Param::Int(account_id)],
    )
    .await?;
    Ok(match span {
        Some(Span(Some(a), Some(b))) => Some((a, b)),
        _ => None,
    })
}

struct Span(Option<String>, Option<String>);

impl FromCells for Span {
    fn from_cells(c: &mut Cells<'_>) -> Result<Span, sqlx::Error> {
        Ok(Span(c.opt_text()?, c.opt_text()?))
    }
}

/// Gives the entries started in [from, before) whose day is not known yet the account day
/// `day` (the triggers add them to the rollups); how many.
pub async fn set_day(
    conn: &mut Conn,
    account_id: i64,
    day: &str,
    from: &str,
    before: &str,
) -> Result<u64, sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE time_entries SET account_day = $2
          WHERE account_id = $1 AND account_day = '' AND started_at >= $3 AND started_at < $4",
        vec![account_id.into(), day.into(), from.into(), before.into()],
    )
    .await
}

/// Forgets the day of every entry of the account (its time zone changed): the triggers take
/// them out of the rollups, which a backfill then fills again. How many.
pub async fn forget_days(conn: &mut Conn, account_id: i64) -> Result<u64, sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE time_entries SET account_day = '' WHERE account_id = $1 AND account_day <> ''",
        vec![account_id.into()],
    )
    .await
}

/// One rollup key and its sums, as stored or as the entries add up.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct KeyedSums {
    pub project_id: i64,
    pub user_id: i64,
    pub task_id: i64,
    pub day: String,
    pub sums: (i64, i64, i64, i64, i64),
}

impl FromCells for KeyedSums {
    fn from_cells(c: &mut Cells<'_>) -> Result<KeyedSums, sqlx::Error> {
        let (project_id, user_id, task_id, day) = (c.int()?, c.int()?, c.int()?, c.text()?);
        let s = Sums::from_cells(c)?;
        Ok(KeyedSums {
            project_id,
            user_id,
            task_id,
            day,
            sums: (s.minutes, s.billable, s.billed, s.amount, s.entries),
        })
    }
}

const SUMS_OF_ENTRIES: &str = "CAST(SUM(e.worked_minutes) AS BIGINT), CAST(SUM(CASE WHEN e.billable = 1 THEN e.worked_minutes ELSE 0 END) AS BIGINT),
    CAST(SUM(CASE WHEN e.invoice_number IS NOT NULL AND e.invoice_number <> '' THEN e.worked_minutes ELSE 0 END) AS BIGINT),
    CAST(SUM(CASE WHEN e.billable = 1 THEN (CASE WHEN e.flat_rate = 1 THEN COALESCE(e.hour_rate_cents, 0) * 60
         ELSE e.worked_minutes * COALESCE(e.hour_rate_cents, 0) END) ELSE 0 END) AS BIGINT), CAST(COUNT(*) AS BIGINT)";

/// One of the four rollup tables, with what stands for its person, task and period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Days,
    PersonDays,
    Months,
    PersonMonths,
}

pub const TABLES: [Table; 4] = [
    Table::Days,
    Table::PersonDays,
    Table::Months,
    Table::PersonMonths,
];

impl Table {
    /// (table, its person column or 0, its task column or 0, its period column).
    fn columns(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Table::Days => ("time_rollups", "0", "task_id", "day"),
            Table::PersonDays => ("time_rollups_by_user", "user_id", "task_id", "day"),
            Table::Months => ("time_rollups_by_month", "0", "task_id", "month"),
            Table::PersonMonths => ("time_rollups_by_user_month", "user_id", "0", "month"),
        }
    }

    /// The entries' person, task and period for this table, and its GROUP BY terms before the
    /// period (a constant in GROUP BY would name a column).
    fn of_entries(self) -> (&'static str, &'static str, &'static str, &'static str) {
        const TASK: &str = "COALESCE(e.task_id, 0)";
        const MONTH: &str = "SUBSTR(e.account_day, 1, 7)";
        match self {
            Table::Days => (
                "0",
                TASK,
                "e.project_id, COALESCE(e.task_id, 0)",
                "e.account_day",
            ),
            Table::PersonDays => (
                "e.user_id",
                TASK,
                "e.project_id, e.user_id, COALESCE(e.task_id, 0)",
                "e.account_day",
            ),
            Table::Months => ("0", TASK, "e.project_id, COALESCE(e.task_id, 0)", MONTH),
            Table::PersonMonths => ("e.user_id", "0", "e.project_id, e.user_id", MONTH),
        }
    }
}

/// The stored rows of one rollup table of the account that are not all zero (user 0 where the
/// table has no person; the month in the day's place).
pub async fn stored(db: &Db, account_id: i64, t: Table) -> Result<Vec<KeyedSums>, sqlx::Error> {
    let (table, user, task, period) = t.columns();
    let sql = format!(
        "SELECT project_id, {user}, {task}, {period}, minutes, billable_minutes, billed_minutes, amount, entries
         FROM {table} WHERE account_id = $1
           AND (minutes <> 0 OR billable_minutes <> 0 OR billed_minutes <> 0 OR amount <> 0 OR entries <> 0)"
    );
    db.rows(Cost::Long, &sql, vec![Param::Int(account_id)])
        .await
}

/// What one rollup table should hold, summed from the entries whose day is known.
pub async fn expected(db: &Db, account_id: i64, t: Table) -> Result<Vec<KeyedSums>, sqlx::Error> {
    let (user, task, by, period) = t.of_entries();
    let sql = format!(
        "SELECT e.project_id, {user}, {task}, {period}, {SUMS_OF_ENTRIES}
         FROM time_entries e WHERE e.account_id = $1 AND e.deleted_at IS NULL AND e.account_day <> ''
         GROUP BY {by}, {period}"
    );
    db.rows(Cost::Long, &sql, vec![Param::Int(account_id)])
        .await
}

/// Empties the account's rollups and sums them again from its entries, inside the caller's
/// write transaction: per person and day from the entries, then the days and both months from
/// those.
pub async fn rebuild(conn: &mut Conn, account_id: i64) -> Result<(), sqlx::Error> {
    for t in TABLES {
        conn::execute(
            conn,
            &format!("DELETE FROM {} WHERE account_id = $1", t.columns().0),
            vec![account_id.into()],
        )
        .await?;
    }
    let from = "FROM time_entries e WHERE e.account_id = $1 AND e.deleted_at IS NULL AND e.account_day <> ''";
    let by_user = format!(
        "INSERT INTO time_rollups_by_user (account_id, project_id, user_id, task_id, day, minutes, billable_minutes,
            billed_minutes, amount, entries)
         SELECT e.account_id, e.project_id, e.user_id, COALESCE(e.task_id, 0), e.account_day, {SUMS_OF_ENTRIES} {from}
         GROUP BY e.account_id, e.project_id, e.user_id, COALESCE(e.task_id, 0), e.account_day"
    );
    let summed = "CAST(SUM(minutes) AS BIGINT), CAST(SUM(billable_minutes) AS BIGINT),
            CAST(SUM(billed_minutes) AS BIGINT), CAST(SUM(amount) AS BIGINT), CAST(SUM(entries) AS BIGINT)";
    let by_day = format!(
        "INSERT INTO time_rollups (account_id, project_id, task_id, day, minutes, billable_minutes,
            billed_minutes, amount, entries)
         SELECT account_id, project_id, task_id, day, {summed}
         FROM time_rollups_by_user WHERE account_id = $1 GROUP BY account_id, project_id, task_id, day"
    );
    let by_month = format!(
        "INSERT INTO time_rollups_by_month (account_id, project_id, task_id, month, minutes, billable_minutes,
            billed_minutes, amount, entries)
         SELECT account_id, project_id, task_id, SUBSTR(day, 1, 7), {summed}
         FROM time_rollups WHERE account_id = $1 GROUP BY account_id, project_id, task_id, SUBSTR(day, 1, 7)"
    );
    let by_user_month = format!(
        "INSERT INTO time_rollups_by_user_month (account_id, project_id, user_id, month, minutes, billable_minutes,
            billed_minutes, amount, entries)
         SELECT account_id, project_id, user_id, SUBSTR(day, 1, 7), {summed}
         FROM time_rollups_by_user WHERE account_id = $1 GROUP BY account_id, project_id, user_id, SUBSTR(day, 1, 7)"
    );
    for statement in [by_user, by_day, by_month, by_user_month] {
        conn::execute(conn, &statement, vec![account_id.into()]).await?;
    }
    Ok(())
}

/// Every entry of the account with a known day: (id, start, stored day), for `stempel rollups
/// check` to compare the day with the start in the account's zone.
pub async fn starts(db: &Db, account_id: i64) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let rows: Vec<Start> = db
        .rows(
            Cost::Long,
            "SELECT id, started_at, account_day FROM time_entries WHERE account_id = $1 AND account_day <> ''",
            vec![Param::Int(account_id)],
        )
        .await?;
    Ok(rows.into_iter().map(|s| (s.0, s.1, s.2)).collect())
}

struct Start(i64, String, String);

impl FromCells for Start {
    fn from_cells(c: &mut Cells<'_>) -> Result<Start, sqlx::Error> {
        Ok(Start(c.int()?, c.text()?, c.text()?))
    }
}

/// How many entries of the account have no stored day yet.
pub async fn unrolled_count(conn: &mut Conn, account_id: i64) -> Result<u64, sqlx::Error> {
    let n: i64 = conn::value(
        conn,
        "SELECT COUNT(*) FROM time_entries WHERE account_id = $1 AND account_day = ''",
        vec![account_id.into()],
    )
    .await?;
    Ok(n.max(0) as u64)
}

/// Inside a write transaction: keeps every other writer of time entries out until it ends (a
/// rebuild sums the entries and must not miss one written meanwhile). SQLite's BEGIN
/// IMMEDIATE already excludes them.
pub async fn lock_entries(conn: &mut Conn) -> Result<(), sqlx::Error> {
    if conn.backend_name() == "PostgreSQL" {
        conn::execute(conn, "LOCK TABLE time_entries IN SHARE MODE", vec![]).await?;
    }
    Ok(())
}
