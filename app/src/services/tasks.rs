//! Tasks: of one project, or (no project) usable in every project.

use super::names;
use super::refs::{self, Named};
use super::{
    contains_pattern, live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult,
    ADMIN_LISTS, NAME_MAX, TEXT_MAX,
};
use crate::db::conn::Reader;
use crate::db::names::NameScope;
use crate::db::references::{self, Referrer};
use crate::db::{task_lists, tasks, Conn, Db};
use crate::model::Task;

#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub name: Option<String>,
    pub project_name: Option<String>,
    pub client_name: Option<String>,
}

/// Which project a task belongs to: a project (by id, or by name within a client).
#[derive(Clone, Debug)]
pub struct ProjectPick {
    pub client: Option<Named>,
    pub project: Named,
}

#[derive(Clone, Debug, Default)]
pub struct TaskInput {
    pub name: Option<String>,
    /// `Some(None)`: usable in every project.
    pub project: Option<Option<ProjectPick>>,
    pub task_list_id: Option<Option<i64>>,
    pub notes: Option<String>,
    pub hour_rate_cents: Option<Option<i64>>,
    pub billable: Option<Option<bool>>,
    pub estimated_minutes: Option<Option<i64>>,
    pub completed: Option<bool>,
    pub archived: Option<bool>,
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &TaskFilter,
    paging: Paging,
) -> ServiceResult<Page<Task>> {
    actor.require_manager(ADMIN_LISTS)?;
    let f = tasks::Filter {
        name_pattern: filter.name.as_deref().map(contains_pattern),
        project_name: filter.project_name.clone(),
        client_name: filter.client_name.clone(),
    };
    let (items, total) =
        tasks::page(db, actor.account_id, &f, paging.limit, paging.offset()).await?;
    Ok(Page { items, total })
}

pub(crate) async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Task> {
    live(tasks::get(conn, account_id, id).await?, Resource::Task)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Task> {
    actor.require_manager(ADMIN_LISTS)?;
    load(&mut *db.pool.acquire().await?, actor.account_id, id).await
}

fn check(input: &TaskInput, creating: bool) -> ServiceResult<()> {
    let mut c = Checks::new();
    match (&input.name, creating) {
        (Some(n), _) => {
            c.text("taskName", n, NAME_MAX);
        }
        (None, true) => c.fail("taskName", "taskName is required."),
        (None, false) => {}
    }
    c.max_len("notes", input.notes.as_deref(), TEXT_MAX);
    c.money("hourRate", input.hour_rate_cents.flatten());
    c.minutes(
        "estimatedMinutes",
        input.estimated_minutes.flatten(),
        100_000_000,
    );
    c.done()
}

async fn resolve_project(
    conn: &mut Conn,
    account_id: i64,
    pick: &Option<ProjectPick>,
) -> ServiceResult<Option<i64>> {
    let Some(pick) = pick else { return Ok(None) };
    let client_id = match &pick.client {
        Some(c) => Some(
            refs::client(Reader::Tx(conn), account_id, c, false)
                .await?
                .id,
        ),
        None => None,
    };
    Ok(Some(
        refs::project(
            Reader::Tx(conn),
            account_id,
            client_id,
            &pick.project,
            false,
        )
        .await?
        .id,
    ))
}

async fn check_task_list(
    conn: &mut Conn,
    account_id: i64,
    project_id: Option<i64>,
    list: Option<i64>,
) -> ServiceResult<()> {
    let Some(list) = list else { return Ok(()) };
    let found = task_lists::get_live(conn, account_id, list)
        .await?
        .map(|l| l.project_id);
    match found {
        Some(p) if Some(p) == project_id => Ok(()),
        Some(_) => Err(ServiceError::invalid(
            "taskListId",
            "this task list belongs to another project.",
        )),
        None => Err(ServiceError::invalid(
            "taskListId",
            "no such task list in this account.",
        )),
    }
}

pub async fn create(db: &Db, actor: &Actor, input: TaskInput) -> ServiceResult<Task> {
    actor.require_admin()?;
    // The body's problems and an unknown client or project, all in one answer.
    let mut c = Checks::new();
    c.found(check(&input, true))?;
    let mut tx = db.begin_write(None).await?;
    let pick = input.project.clone().flatten();
    let project_id = c.found(resolve_project(&mut tx, actor.account_id, &pick).await)?;
    c.done()?;
    let project_id = project_id.flatten();
    let task_list_id = input.task_list_id.flatten();
    check_task_list(&mut tx, actor.account_id, project_id, task_list_id).await?;
    let name = input.name.as_deref().unwrap_or_default().trim().to_string();
    names::ensure_free(
        &mut tx,
        actor.account_id,
        NameScope::Task { project_id },
        &name,
        0,
    )
    .await?;
    let fields = tasks::Fields {
        project_id,
        task_list_id,
        name,
        notes: input.notes.unwrap_or_default(),
        hour_rate_cents: input.hour_rate_cents.flatten(),
        billable: input.billable.flatten(),
        estimated_minutes: input.estimated_minutes.flatten(),
        completed: input.completed.unwrap_or(false),
        archived: input.archived.unwrap_or(false),
    };
    let id = names::unique(
        tasks::insert(&mut tx, actor.account_id, &fields).await,
        NameScope::Task { project_id },
    )?;
    let task = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(task)
}

pub async fn update(db: &Db, actor: &Actor, id: i64, input: TaskInput) -> ServiceResult<Task> {
    actor.require_admin()?;
    check(&input, false)?;
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    let project_id = match &input.project {
        Some(pick) => resolve_project(&mut tx, actor.account_id, pick).await?,
        None => old.project_id,
    };
    let task_list_id = match input.task_list_id {
        Some(l) => l,
        None if project_id == old.project_id => old.task_list_id,
        None => None,
    };
    check_task_list(&mut tx, actor.account_id, project_id, task_list_id).await?;
    let name = input.name.map(|n| n.trim().to_string()).unwrap_or(old.name);
    names::ensure_free(
        &mut tx,
        actor.account_id,
        NameScope::Task { project_id },
        &name,
        id,
    )
    .await?;
    let fields = tasks::Fields {
        project_id,
        task_list_id,
        name,
        notes: input.notes.unwrap_or(old.notes),
        hour_rate_cents: input.hour_rate_cents.unwrap_or(old.hour_rate_cents),
        billable: input.billable.unwrap_or(old.billable),
        estimated_minutes: input.estimated_minutes.unwrap_or(old.estimated_minutes),
        completed: input.completed.unwrap_or(old.completed),
        archived: input.archived.unwrap_or(old.archived),
    };
    names::unique(
        tasks::update(&mut tx, actor.account_id, id, &fields).await,
        NameScope::Task { project_id },
    )?;
    let task = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(task)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    actor.require_admin()?;
    let mut tx = db.begin_write(None).await?;
    load(&mut tx, actor.account_id, id).await?;
    let used = references::count(&mut tx, Referrer::EntriesOfTask, actor.account_id, id).await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this task has {used} time entries and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    tasks::soft_delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
