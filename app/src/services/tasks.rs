//! Tasks: of one project, or (no project) usable in every project.

use sqlx::Row as _;

use super::names;
use super::refs::{self, Named};
use super::{
    contains_pattern, count, fetch_live, Actor, Checks, Page, Paging, Resource, ServiceError,
    ServiceResult, ADMIN_LISTS, NAME_MAX, TEXT_MAX,
};
use crate::db::names::NameScope;
use crate::db::{time, Conn, Db};
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

const SELECT: &str = "SELECT t.id, t.name, t.project_id, p.name AS project_name, c.name AS client_name, c.id AS client_id, t.task_list_id,
    t.notes, t.hour_rate_cents, t.billable, t.estimated_minutes, t.completed, t.archived, t.deleted_at, t.created_at, t.updated_at
    FROM tasks t
    LEFT JOIN projects p ON p.id = t.project_id AND p.account_id = t.account_id
    LEFT JOIN clients c ON c.id = p.client_id AND c.account_id = t.account_id";

fn from_row(r: &crate::db::Row) -> Result<Task, sqlx::Error> {
    Ok(Task {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        project_id: r.try_get("project_id")?,
        project_name: r.try_get("project_name")?,
        client_name: r.try_get("client_name")?,
        client_id: r.try_get("client_id")?,
        task_list_id: r.try_get("task_list_id")?,
        notes: r.try_get("notes")?,
        hour_rate_cents: r.try_get("hour_rate_cents")?,
        billable: r.try_get::<Option<i64>, _>("billable")?.map(|b| b != 0),
        estimated_minutes: r.try_get("estimated_minutes")?,
        completed: r.try_get::<i64, _>("completed")? != 0,
        archived: r.try_get::<i64, _>("archived")? != 0,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &TaskFilter,
    paging: Paging,
) -> ServiceResult<Page<Task>> {
    actor.require_manager(ADMIN_LISTS)?;
    let condition = "t.account_id = $1 AND t.deleted_at IS NULL
        AND ($2 IS NULL OR fold_case(t.name) LIKE $2 ESCAPE '\\')
        AND ($3 IS NULL OR p.name = $3)
        AND ($4 IS NULL OR c.name = $4)";
    let pattern = filter.name.as_deref().map(contains_pattern);
    let from =
        "FROM tasks t LEFT JOIN projects p ON p.id = t.project_id AND p.account_id = t.account_id
        LEFT JOIN clients c ON c.id = p.client_id AND c.account_id = t.account_id";
    let total: i64 = sqlx::query(&format!("SELECT COUNT(*) {from} WHERE {condition}"))
        .bind(actor.account_id)
        .bind(&pattern)
        .bind(&filter.project_name)
        .bind(&filter.client_name)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE {condition} ORDER BY t.id LIMIT $5 OFFSET $6"
    ))
    .bind(actor.account_id)
    .bind(&pattern)
    .bind(&filter.project_name)
    .bind(&filter.client_name)
    .bind(paging.limit)
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    Ok(Page {
        items: rows.iter().map(from_row).collect::<Result<_, _>>()?,
        total,
    })
}

pub(crate) async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Task> {
    let sql = format!("{SELECT} WHERE t.account_id = $1 AND t.id = $2");
    Ok(from_row(
        &fetch_live(conn, &sql, account_id, id, Resource::Task).await?,
    )?)
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
        Some(c) => Some(refs::client(conn, account_id, c, false).await?.id),
        None => None,
    };
    Ok(Some(
        refs::project(conn, account_id, client_id, &pick.project, false)
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
    let found: Option<i64> = sqlx::query("SELECT project_id FROM task_lists WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL")
        .bind(account_id)
        .bind(list)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
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
    let now = time::now();
    let id: i64 = names::unique(
sqlx::query(
        "INSERT INTO tasks (account_id, project_id, task_list_id, name, notes, hour_rate_cents, billable, estimated_minutes, completed, archived, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(actor.account_id)
    .bind(project_id)
    .bind(task_list_id)
    .bind(&name)
    .bind(input.notes.unwrap_or_default())
    .bind(input.hour_rate_cents.flatten())
    .bind(input.billable.flatten().map(i64::from))
    .bind(input.estimated_minutes.flatten())
    .bind(i64::from(input.completed.unwrap_or(false)))
    .bind(i64::from(input.archived.unwrap_or(false)))
    .bind(&now)
    .fetch_one(&mut *tx)
    .await,
        NameScope::Task { project_id },
    )?
    .try_get(0)?;
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
    names::unique(
sqlx::query(
        "UPDATE tasks SET project_id = $1, task_list_id = $2, name = $3, notes = $4, hour_rate_cents = $5, billable = $6,
         estimated_minutes = $7, completed = $8, archived = $9, updated_at = $10 WHERE account_id = $11 AND id = $12",
    )
    .bind(project_id)
    .bind(task_list_id)
    .bind(&name)
    .bind(input.notes.unwrap_or(old.notes))
    .bind(input.hour_rate_cents.unwrap_or(old.hour_rate_cents))
    .bind(input.billable.unwrap_or(old.billable).map(i64::from))
    .bind(input.estimated_minutes.unwrap_or(old.estimated_minutes))
    .bind(i64::from(input.completed.unwrap_or(old.completed)))
    .bind(i64::from(input.archived.unwrap_or(old.archived)))
    .bind(time::now())
    .bind(actor.account_id)
    .bind(id)
    .execute(&mut *tx)
    .await,
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
    let used = count(&mut tx, "SELECT COUNT(*) FROM time_entries WHERE account_id = $1 AND task_id = $2 AND deleted_at IS NULL", actor.account_id, id).await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this task has {used} time entries and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    super::soft_delete(&mut tx, "tasks", actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
