//! Task lists: named groups of a project's tasks (Teamwork's "tasklists").

use sqlx::Row as _;

use super::names;
use super::{count, projects, Actor, Checks, ServiceError, ServiceResult, ADMIN_LISTS, NAME_MAX};
use crate::db::names::NameScope;
use crate::db::{time, Conn, Db};
use crate::model::TaskList;

fn from_row(r: &crate::db::Row) -> Result<TaskList, sqlx::Error> {
    Ok(TaskList {
        id: r.try_get("id")?,
        project_id: r.try_get("project_id")?,
        name: r.try_get("name")?,
        position: r.try_get("position")?,
    })
}

/// The live task lists of one project, in their order.
pub async fn list(db: &Db, actor: &Actor, project_id: i64) -> ServiceResult<Vec<TaskList>> {
    actor.require_manager(ADMIN_LISTS)?;
    let rows = sqlx::query(
        "SELECT id, project_id, name, position FROM task_lists
         WHERE account_id = $1 AND project_id = $2 AND deleted_at IS NULL ORDER BY position, id",
    )
    .bind(actor.account_id)
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<TaskList> {
    let row = sqlx::query(
        "SELECT id, project_id, name, position FROM task_lists WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL",
    )
    .bind(account_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ServiceError::invalid("id", "no such task list in this account."))?;
    Ok(from_row(&row)?)
}

pub async fn create(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    name: &str,
) -> ServiceResult<TaskList> {
    actor.require_admin()?;
    let mut c = Checks::new();
    let name = c.text("name", name, NAME_MAX);
    c.done()?;
    let mut tx = db.begin_write(None).await?;
    projects::load(&mut tx, actor.account_id, project_id).await?;
    names::ensure_free(
        &mut tx,
        actor.account_id,
        NameScope::TaskList { project_id },
        &name,
        0,
    )
    .await?;
    let position: i64 = sqlx::query(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM task_lists WHERE account_id = $1 AND project_id = $2",
    )
    .bind(actor.account_id)
    .bind(project_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let now = time::now();
    let id: i64 = names::unique(
        sqlx::query(
            "INSERT INTO task_lists (account_id, project_id, name, position, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(actor.account_id)
        .bind(project_id)
        .bind(&name)
        .bind(position)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await,
        NameScope::TaskList { project_id },
    )?
    .try_get(0)?;
    let list = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(list)
}

pub async fn rename(db: &Db, actor: &Actor, id: i64, name: &str) -> ServiceResult<TaskList> {
    actor.require_admin()?;
    let mut c = Checks::new();
    let name = c.text("name", name, NAME_MAX);
    c.done()?;
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    names::ensure_free(
        &mut tx,
        actor.account_id,
        NameScope::TaskList {
            project_id: old.project_id,
        },
        &name,
        id,
    )
    .await?;
    names::unique(
        sqlx::query(
            "UPDATE task_lists SET name = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
        )
        .bind(&name)
        .bind(time::now())
        .bind(actor.account_id)
        .bind(id)
        .execute(&mut *tx)
        .await,
        NameScope::TaskList {
            project_id: old.project_id,
        },
    )?;
    let list = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(list)
}

/// Deletes an empty task list; one that still holds tasks is refused.
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    actor.require_admin()?;
    let mut tx = db.begin_write(None).await?;
    load(&mut tx, actor.account_id, id).await?;
    let used = count(
        &mut tx,
        "SELECT COUNT(*) FROM tasks WHERE account_id = $1 AND task_list_id = $2 AND deleted_at IS NULL",
        actor.account_id,
        id,
    )
    .await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this task list holds {used} task(s); move or delete them first."),
        ));
    }
    super::soft_delete(&mut tx, "task_lists", actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
