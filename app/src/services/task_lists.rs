//! Task lists: named groups of a project's tasks (Teamwork's "tasklists").

use super::names;
use super::{projects, Actor, Checks, ServiceError, ServiceResult, ADMIN_LISTS, NAME_MAX};
use crate::db::names::NameScope;
use crate::db::references::{self, Referrer};
use crate::db::{task_lists, Conn, Db};
use crate::model::TaskList;

/// The live task lists of one project, in their order.
pub async fn list(db: &Db, actor: &Actor, project_id: i64) -> ServiceResult<Vec<TaskList>> {
    actor.require_manager(ADMIN_LISTS)?;
    let mut conn = db.pool.acquire().await?;
    Ok(task_lists::of_project(&mut conn, actor.account_id, project_id).await?)
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<TaskList> {
    task_lists::get_live(conn, account_id, id)
        .await?
        .ok_or_else(|| ServiceError::invalid("id", "no such task list in this account."))
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
    let id = names::unique(
        task_lists::insert_last(&mut tx, actor.account_id, project_id, &name).await,
        NameScope::TaskList { project_id },
    )?;
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
        task_lists::rename(&mut tx, actor.account_id, id, &name).await,
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
    let used = references::count(&mut tx, Referrer::TasksOfList, actor.account_id, id).await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this task list holds {used} task(s); move or delete them first."),
        ));
    }
    task_lists::soft_delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
