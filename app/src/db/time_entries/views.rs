//! Reads of `time_entries` for the views outside the entries' own CRUD: a person's week, the
//! report's rows, the pickers' recent use. They reuse the one SELECT and decoder above.

use crate::db::exec::{Cells, Cost, FromCells, Param};
use crate::db::{time, Backend, Db};
use crate::model::TimeEntry;

/// The person's live entries overlapping `from` … `to` (as stored), by start.
pub async fn of_person_overlapping(
    db: &Db,
    account_id: i64,
    user_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<TimeEntry>, sqlx::Error> {
    let sql = format!(
        "{} WHERE e.account_id = $1 AND e.user_id = $2 AND e.deleted_at IS NULL AND e.started_at < $3 AND e.ended_at > $4 ORDER BY e.started_at, e.id",
        super::SELECT
    );
    let params = vec![
        Param::Int(account_id),
        Param::Int(user_id),
        to.into(),
        from.into(),
    ];
    db.rows(Cost::Long, &sql, params).await
}

/// A project and task the person logged time on.
pub struct Used {
    pub project_id: i64,
    pub task_id: Option<i64>,
}

impl FromCells for Used {
    fn from_cells(c: &mut Cells<'_>) -> Result<Used, sqlx::Error> {
        Ok(Used {
            project_id: c.int()?,
            task_id: c.opt_int()?,
        })
    }
}

/// The person's `limit` most recently used combinations of project and task since `since`
/// (as stored), most recent first.
pub async fn recent_combinations(
    db: &Db,
    account_id: i64,
    user_id: Option<i64>,
    since: &str,
    limit: i64,
) -> Result<Vec<Used>, sqlx::Error> {
    // The last-used column is only the order; the decoder reads the first two.
    db.rows(
        Cost::Long,
        "SELECT project_id, task_id, MAX(started_at) AS last_used FROM time_entries
         WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL AND started_at > $3
         GROUP BY project_id, task_id ORDER BY last_used DESC LIMIT $4",
        vec![
            Param::Int(account_id),
            user_id.into(),
            since.into(),
            Param::Int(limit),
        ],
    )
    .await
}

/// An entry as a person's report counts it: its span, billable mark and names.
pub struct ReportEntry {
    pub started_at: String,
    pub ended_at: String,
    pub break_minutes: i64,
    pub billable: bool,
    pub project_id: i64,
    pub project_name: String,
    pub client_name: String,
    pub task_id: Option<i64>,
    pub task_name: Option<String>,
}

impl FromCells for ReportEntry {
    fn from_cells(c: &mut Cells<'_>) -> Result<ReportEntry, sqlx::Error> {
        let (started_at, ended_at, break_minutes, billable) =
            (c.text()?, c.text()?, c.int()?, c.flag()?);
        Ok(ReportEntry {
            started_at,
            ended_at,
            break_minutes,
            billable,
            project_id: c.int()?,
            project_name: c.text()?,
            client_name: c.text()?,
            task_id: c.opt_int()?,
            task_name: c.opt_text()?,
        })
    }
}

/// The person's live entries overlapping `from` … `to` (as stored). No entry spans more than
/// MAX_SPAN_DAYS, so a start bound that far before `from` changes no answer; it lets the
/// person's index read the period instead of their whole history before it. Read outside a
/// transaction (on SQLite straight from the file: a month of a busy person is thousands of
/// rows, each a channel hand-over through sqlx's worker).
pub async fn for_report(
    db: &Db,
    account_id: i64,
    user_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<ReportEntry>, sqlx::Error> {
    let earliest = time::from_db(from)
        .map(|t| time::to_db(t - chrono::Duration::days(super::MAX_SPAN_DAYS)))
        .unwrap_or_default();
    // SQLite's sampled statistics (`PRAGMA optimize` reads a few thousand index rows) can
    // make every person look like the whole account: at 5 M entries it then read the account's
    // 120 000 entries of the weeks instead of the person's 1 600 (27 ms instead of 5).
    let entries = match db.backend {
        Backend::Sqlite => "time_entries e INDEXED BY time_entries_user",
        Backend::Postgres => "time_entries e",
    };
    let sql = format!(
        "SELECT e.started_at, e.ended_at, e.break_minutes, e.billable, e.project_id, p.name AS project_name, c.name AS client_name,
            e.task_id, t.name AS task_name
         FROM {entries}
         JOIN projects p ON p.id = e.project_id AND p.account_id = e.account_id
         JOIN clients c ON c.id = p.client_id AND c.account_id = e.account_id
         LEFT JOIN tasks t ON t.id = e.task_id AND t.account_id = e.account_id
         WHERE e.account_id = $1 AND e.user_id = $2 AND e.deleted_at IS NULL AND e.started_at < $3 AND e.ended_at > $4
           AND e.started_at >= $5"
    );
    db.rows(
        Cost::Short,
        &sql,
        vec![
            account_id.into(),
            user_id.into(),
            to.into(),
            from.into(),
            earliest.into(),
        ],
    )
    .await
}
