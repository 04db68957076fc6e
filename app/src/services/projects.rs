//! Projects, each belonging to one client.

use super::names;
use super::refs::{self, Named};
use super::{
    contains_pattern, live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult,
    ADMIN_LISTS, NAME_MAX, TEXT_MAX,
};
use crate::db::conn::Reader;
use crate::db::conn::Stored;
use crate::db::names::NameScope;
use crate::db::references::{self, Referrer};
use crate::db::{self, Conn, Db};
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
    let stored = db::projects::get_in(conn, account_id, id).await?;
    live(
        stored.map(|s| Stored {
            row: s.project,
            deleted: s.deleted,
        }),
        Resource::Project,
    )
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
        Some(r) => c.found(refs::client(Reader::Tx(&mut tx), actor.account_id, r, true).await)?,
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
    let fields = db::projects::Fields {
        client_id: client.id,
        name,
        notes: input.notes.unwrap_or_default(),
        hour_rate_cents: input.hour_rate_cents.flatten(),
        billable: input.billable.unwrap_or(true),
        budget_minutes: input.budget_minutes.flatten(),
        budget_cents: input.budget_cents.flatten(),
        color: input.color.unwrap_or_else(|| "#3b82f6".to_string()),
        archived: input.archived.unwrap_or(false),
    };
    let id = names::unique(
        db::projects::insert(&mut tx, actor.account_id, &fields).await,
        NameScope::Project {
            client_id: client.id,
        },
    )?;
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
        Some(r) => {
            refs::client(Reader::Tx(&mut tx), actor.account_id, r, false)
                .await?
                .id
        }
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
    let fields = db::projects::Fields {
        client_id,
        name,
        notes: input.notes.unwrap_or(old.notes),
        hour_rate_cents: input.hour_rate_cents.unwrap_or(old.hour_rate_cents),
        billable: input.billable.unwrap_or(old.billable),
        budget_minutes: input.budget_minutes.unwrap_or(old.budget_minutes),
        budget_cents: input.budget_cents.unwrap_or(old.budget_cents),
        color: input.color.unwrap_or(old.color),
        archived: input.archived.unwrap_or(old.archived),
    };
    names::unique(
        db::projects::update(&mut tx, actor.account_id, id, &fields).await,
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
    let entries =
        references::count(&mut tx, Referrer::EntriesOfProject, actor.account_id, id).await?;
    let expenses =
        references::count(&mut tx, Referrer::ExpensesOfProject, actor.account_id, id).await?;
    if entries + expenses > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this project has {entries} time entries and {expenses} expenses and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    db::projects::soft_delete(&mut tx, actor.account_id, id).await?;
    // Its own tasks go with it (they have no time entries, or the project would be in use).
    db::tasks::soft_delete_of_project(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
