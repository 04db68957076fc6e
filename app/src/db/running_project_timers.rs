//! `running_project_timers`: at most one per person (the unique (account_id, user_id) index
//! decides between racing starts).

use super::conn;
use super::exec::{Cells, FromCells};
use super::{flag, time, Conn};
use crate::model::RunningProjectTimer;

const SELECT: &str = "SELECT r.id, r.user_id, u.username, c.name AS client_name, c.id AS client_id, r.project_id, p.name AS project_name,
    r.task_id, t.name AS task_name, r.started_at, r.details, r.tags_text, r.billable
    FROM running_project_timers r
    JOIN users u ON u.id = r.user_id AND u.account_id = r.account_id
    JOIN projects p ON p.id = r.project_id AND p.account_id = r.account_id
    JOIN clients c ON c.id = p.client_id AND c.account_id = r.account_id
    LEFT JOIN tasks t ON t.id = r.task_id AND t.account_id = r.account_id";

impl FromCells for RunningProjectTimer {
    fn from_cells(c: &mut Cells<'_>) -> Result<RunningProjectTimer, sqlx::Error> {
        let (id, user_id, username, client_name, client_id) =
            (c.int()?, c.int()?, c.text()?, c.text()?, c.int()?);
        let (project_id, project_name) = (c.int()?, c.text()?);
        Ok(RunningProjectTimer {
            id,
            user_id,
            username,
            client_name,
            client_id,
            project_id,
            project_name,
            task_id: c.opt_int()?,
            task_name: c.opt_text()?,
            from: c.text()?,
            details: c.text()?,
            tags: c.text()?,
            billable: c.flag()?,
        })
    }
}

/// The person's running timer.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
) -> Result<Option<RunningProjectTimer>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE r.account_id = $1 AND r.user_id = $2");
    conn::row(conn, &sql, vec![account_id.into(), user_id.into()]).await
}

/// What a start or an update writes (`started_at` as stored).
pub struct Fields {
    pub project_id: i64,
    pub task_id: Option<i64>,
    pub started_at: String,
    pub details: String,
    pub tags: String,
    pub billable: bool,
}

/// Starts the person's timer; a unique violation when one runs already.
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    f: &Fields,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "INSERT INTO running_project_timers (account_id, user_id, project_id, task_id, started_at, details, tags_text, billable, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        vec![
            account_id.into(),
            user_id.into(),
            f.project_id.into(),
            f.task_id.into(),
            f.started_at.clone().into(),
            f.details.clone().into(),
            f.tags.clone().into(),
            flag(f.billable).into(),
            time::now().into(),
        ],
    )
    .await?;
    Ok(())
}

pub async fn update(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    f: &Fields,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE running_project_timers SET project_id = $1, task_id = $2, started_at = $3, details = $4, tags_text = $5,
            billable = $6, updated_at = $7 WHERE account_id = $8 AND user_id = $9",
        vec![
            f.project_id.into(),
            f.task_id.into(),
            f.started_at.clone().into(),
            f.details.clone().into(),
            f.tags.clone().into(),
            flag(f.billable).into(),
            time::now().into(),
            account_id.into(),
            user_id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Ends the person's timer; whether one ran.
pub async fn delete(conn: &mut Conn, account_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let n = conn::execute(
        conn,
        "DELETE FROM running_project_timers WHERE account_id = $1 AND user_id = $2",
        vec![account_id.into(), user_id.into()],
    )
    .await?;
    Ok(n > 0)
}
