//! `task_lists`: a project's named groups of tasks.

use super::conn;
use super::exec::{Cells, FromCells};
use super::{time, Conn};
use crate::model::TaskList;

const COLUMNS: &str = "id, project_id, name, position";

impl FromCells for TaskList {
    fn from_cells(c: &mut Cells<'_>) -> Result<TaskList, sqlx::Error> {
        Ok(TaskList {
            id: c.int()?,
            project_id: c.int()?,
            name: c.text()?,
            position: c.int()?,
        })
    }
}

/// The live lists of one project, in their order.
pub async fn of_project(
    conn: &mut Conn,
    account_id: i64,
    project_id: i64,
) -> Result<Vec<TaskList>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM task_lists
         WHERE account_id = $1 AND project_id = $2 AND deleted_at IS NULL ORDER BY position, id"
    );
    conn::rows(conn, &sql, vec![account_id.into(), project_id.into()]).await
}

/// One live list of the account.
pub async fn get_live(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<TaskList>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM task_lists WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL"
    );
    conn::row(conn, &sql, vec![account_id.into(), id.into()]).await
}

/// Appends a list at the end of the project's lists; its id.
pub async fn insert_last(
    conn: &mut Conn,
    account_id: i64,
    project_id: i64,
    name: &str,
) -> Result<i64, sqlx::Error> {
    let position: i64 = conn::value(
        conn,
        "SELECT COALESCE(MAX(position), 0) + 1 FROM task_lists WHERE account_id = $1 AND project_id = $2",
        vec![account_id.into(), project_id.into()],
    )
    .await?;
    conn::value(
        conn,
        "INSERT INTO task_lists (account_id, project_id, name, position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        vec![
            account_id.into(),
            project_id.into(),
            name.into(),
            position.into(),
            time::now().into(),
        ],
    )
    .await
}

pub async fn rename(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    name: &str,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE task_lists SET name = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
        vec![
            name.into(),
            time::now().into(),
            account_id.into(),
            id.into(),
        ],
    )
    .await?;
    Ok(())
}

pub async fn soft_delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::soft_delete(conn, "task_lists", account_id, id).await
}
