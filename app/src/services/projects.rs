//! Projects, each belonging to one client.

use sqlx::Row as _;

use super::names;
use super::refs::{self, Named};
use super::{
    contains_pattern, count, fetch_live, Actor, Checks, Page, Paging, Resource, ServiceError,
    ServiceResult, ADMIN_LISTS, NAME_MAX, TEXT_MAX,
};
use crate::db::names::NameScope;
use crate::db::projects::SELECT;
use crate::db::{self, time, Conn, Db};
use crate::model::Project;

#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    pub name: Option<String>,
    pub client_name: Option<String>,
    pub archived: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct ProjectInput {
    pub client: Option<Named>,
    pub name: Option<String>,
    pub notes: Option<String>,
    pub hour_rate_cents: Option<Option<i64>>,
    pub billable: Option<bool>,
    pub budget_minutes: Option<Option<i64>>,
    pub budget_cents: Option<Option<i64>>,
    pub color: Option<String>,
    pub archived: Option<bool>,
}

/// A row read through sqlx inside a transaction, by the one decoder.
fn from_row(r: &crate::db::Row) -> Result<Project, sqlx::Error> {
    Ok(crate::db::exec::decode_any::<db::projects::Stored>(r)?.project)
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &ProjectFilter,
    paging: Paging,
) -> ServiceResult<Page<Project>> {
    actor.require_manager(ADMIN_LISTS)?;
    let f = db::projects::ListFilter {
        name_pattern: filter.name.as_deref().map(contains_pattern),
        client_name: filter.client_name.clone(),
        archived: filter.archived,
    };
    let (items, total) =
        db::projects::list(db, actor.account_id, &f, paging.limit, paging.offset()).await?;
    Ok(Page { items, total })
}

pub(crate) async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Project> {
    let sql = format!("{SELECT} WHERE p.account_id = $1 AND p.id = $2");
    Ok(from_row(
        &fetch_live(conn, &sql, account_id, id, Resource::Project).await?,
    )?)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Project> {
    actor.require_manager(ADMIN_LISTS)?;
    match db::projects::get(db, actor.account_id, id).await? {
        None => Err(ServiceError::NotFound(Resource::Project)),
        Some(s) if s.deleted => Err(ServiceError::Deleted(Resource::Project)),
        Some(s) => Ok(s.project),
    }
}

fn check(input: &ProjectInput, creating: bool) -> ServiceResult<()> {
    let mut c = Checks::new();
    match (&input.name, creating) {
        (Some(n), _) => {
            c.text("projectName", n, NAME_MAX);
        }
        (None, true) => c.fail("projectName", "projectName is required."),
        (None, false) => {}
    }
    if creating && input.client.is_none() {
        c.fail("clientName", "clientName is required.");
    }
    c.max_len("notes", input.notes.as_deref(), TEXT_MAX);
    c.money("hourRate", input.hour_rate_cents.flatten());
    c.money("budgetAmount", input.budget_cents.flatten());
    c.minutes("budgetMinutes", input.budget_minutes.flatten(), 100_000_000);
    c.color("color", input.color.as_deref());
    c.done()
}

pub async fn create(db: &Db, actor: &Actor, input: ProjectInput) -> ServiceResult<Project> {
    actor.require_admin()?;
    // The body's problems and an unknown client, all in one answer.
    let mut c = Checks::new();
    c.found(check(&input, true))?;
    let mut tx = db.begin_write(None).await?;
    let client = match &input.client {
        Some(r) => c.found(refs::client(&mut tx, actor.account_id, r, true).await)?,
        None => None,
    };
    c.done()?;
    let client =
        client.ok_or_else(|| ServiceError::invalid("clientName", "clientName is required."))?;
    let name = input.name.as_deref().unwrap_or_default().trim().to_string();
    names::ensure_free(
        &mut tx,
        actor.account_id,
        NameScope::Project {
            client_id: client.id,
        },
        &name,
        0,
    )
    .await?;
    let now = time::now();
    let id: i64 = names::unique(
sqlx::query(
        "INSERT INTO projects (account_id, client_id, name, notes, hour_rate_cents, billable, budget_minutes, budget_cents, color, archived, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(actor.account_id)
    .bind(client.id)
    .bind(&name)
    .bind(input.notes.unwrap_or_default())
    .bind(input.hour_rate_cents.flatten())
    .bind(i64::from(input.billable.unwrap_or(true)))
    .bind(input.budget_minutes.flatten())
    .bind(input.budget_cents.flatten())
    .bind(input.color.unwrap_or_else(|| "#3b82f6".to_string()))
    .bind(i64::from(input.archived.unwrap_or(false)))
    .bind(&now)
    .fetch_one(&mut *tx)
    .await,
        NameScope::Project { client_id: client.id },
    )?
    .try_get(0)?;
    let project = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(project)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: ProjectInput,
) -> ServiceResult<Project> {
    actor.require_admin()?;
    check(&input, false)?;
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    // The client named must exist (the seed: "Der Kundenname muss mit einem bestehenden Kunden übereinstimmen").
    let client_id = match &input.client {
        Some(r) => refs::client(&mut tx, actor.account_id, r, false).await?.id,
        None => old.client_id,
    };
    let name = input.name.map(|n| n.trim().to_string()).unwrap_or(old.name);
    names::ensure_free(
        &mut tx,
        actor.account_id,
        NameScope::Project { client_id },
        &name,
        id,
    )
    .await?;
    names::unique(
sqlx::query(
        "UPDATE projects SET client_id = $1, name = $2, notes = $3, hour_rate_cents = $4, billable = $5, budget_minutes = $6,
         budget_cents = $7, color = $8, archived = $9, updated_at = $10 WHERE account_id = $11 AND id = $12",
    )
    .bind(client_id)
    .bind(&name)
    .bind(input.notes.unwrap_or(old.notes))
    .bind(input.hour_rate_cents.unwrap_or(old.hour_rate_cents))
    .bind(i64::from(input.billable.unwrap_or(old.billable)))
    .bind(input.budget_minutes.unwrap_or(old.budget_minutes))
    .bind(input.budget_cents.unwrap_or(old.budget_cents))
    .bind(input.color.unwrap_or(old.color))
    .bind(i64::from(input.archived.unwrap_or(old.archived)))
    .bind(time::now())
    .bind(actor.account_id)
    .bind(id)
    .execute(&mut *tx)
    .await,
        NameScope::Project { client_id },
    )?;
    let project = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(project)
}

/// Soft delete; a project with time entries, expenses or tasks is archived instead.
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    actor.require_admin()?;
    let mut tx = db.begin_write(None).await?;
    load(&mut tx, actor.account_id, id).await?;
    let entries = count(&mut tx, "SELECT COUNT(*) FROM time_entries WHERE account_id = $1 AND project_id = $2 AND deleted_at IS NULL", actor.account_id, id).await?;
    let expenses = count(&mut tx, "SELECT COUNT(*) FROM expenses WHERE account_id = $1 AND project_id = $2 AND deleted_at IS NULL", actor.account_id, id).await?;
    if entries + expenses > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this project has {entries} time entries and {expenses} expenses and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    let now = time::now();
    super::soft_delete(&mut tx, "projects", actor.account_id, id).await?;
    // Its own tasks go with it (they have no time entries, or the project would be in use).
    sqlx::query("UPDATE tasks SET deleted_at = $1, updated_at = $1 WHERE account_id = $2 AND project_id = $3 AND deleted_at IS NULL")
        .bind(&now)
        .bind(actor.account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
