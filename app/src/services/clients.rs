//! Clients (Teamwork: companies).

use super::names;
use super::{
    contains_pattern, live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult,
    ADMIN_LISTS, NAME_MAX, TEXT_MAX,
};
use crate::db::names::NameScope;
use crate::db::references::{self, Referrer};
use crate::db::{clients, Conn, Db};
use crate::model::Client;

#[derive(Clone, Debug, Default)]
pub struct ClientFilter {
    /// Case-insensitive "contains".
    pub name: Option<String>,
    pub archived: Option<bool>,
}

/// Fields to set; `None` leaves a field as it is (and on create takes the default).
#[derive(Clone, Debug, Default)]
pub struct ClientInput {
    pub name: Option<String>,
    pub notes: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub hour_rate_cents: Option<Option<i64>>,
    pub archived: Option<bool>,
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &ClientFilter,
    paging: Paging,
) -> ServiceResult<Page<Client>> {
    actor.require_manager(ADMIN_LISTS)?;
    let filter = clients::Filter {
        name_pattern: filter.name.as_deref().map(contains_pattern),
        archived: filter.archived,
    };
    let (items, total) =
        clients::page(db, actor.account_id, &filter, paging.limit, paging.offset()).await?;
    Ok(Page { items, total })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Client> {
    live(clients::get(conn, account_id, id).await?, Resource::Client)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Client> {
    actor.require_manager(ADMIN_LISTS)?;
    load(&mut *db.pool.acquire().await?, actor.account_id, id).await
}

fn check(input: &ClientInput, creating: bool) -> ServiceResult<()> {
    let mut c = Checks::new();
    match (&input.name, creating) {
        (Some(n), _) => {
            c.text("clientName", n, NAME_MAX);
        }
        (None, true) => c.fail("clientName", "clientName is required."),
        (None, false) => {}
    }
    c.max_len("notes", input.notes.as_deref(), TEXT_MAX);
    c.max_len("address", input.address.as_deref(), 1000);
    c.max_len("email", input.email.as_deref(), 254);
    c.money("hourRate", input.hour_rate_cents.flatten());
    c.done()
}

pub async fn create(db: &Db, actor: &Actor, input: ClientInput) -> ServiceResult<Client> {
    actor.require_admin()?;
    check(&input, true)?;
    let name = input.name.as_deref().unwrap_or_default().trim().to_string();
    let mut tx = db.begin_write(None).await?;
    names::ensure_free(&mut tx, actor.account_id, NameScope::Client, &name, 0).await?;
    let fields = clients::Fields {
        name,
        notes: input.notes.unwrap_or_default(),
        address: input.address.unwrap_or_default(),
        email: input.email.unwrap_or_default().trim().to_string(),
        hour_rate_cents: input.hour_rate_cents.flatten(),
        archived: input.archived.unwrap_or(false),
    };
    let id = names::unique(
        clients::insert(&mut tx, actor.account_id, &fields).await,
        NameScope::Client,
    )?;
    let client = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(client)
}

pub async fn update(db: &Db, actor: &Actor, id: i64, input: ClientInput) -> ServiceResult<Client> {
    actor.require_admin()?;
    check(&input, false)?;
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    let name = input.name.map(|n| n.trim().to_string()).unwrap_or(old.name);
    names::ensure_free(&mut tx, actor.account_id, NameScope::Client, &name, id).await?;
    let fields = clients::Fields {
        name,
        notes: input.notes.unwrap_or(old.notes),
        address: input.address.unwrap_or(old.address),
        email: input
            .email
            .map(|e| e.trim().to_string())
            .unwrap_or(old.email),
        hour_rate_cents: input.hour_rate_cents.unwrap_or(old.hour_rate_cents),
        archived: input.archived.unwrap_or(old.archived),
    };
    names::unique(
        clients::update(&mut tx, actor.account_id, id, &fields).await,
        NameScope::Client,
    )?;
    let client = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(client)
}

/// Soft delete; a client that still has projects is archived instead, not deleted.
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    actor.require_admin()?;
    let mut tx = db.begin_write(None).await?;
    load(&mut tx, actor.account_id, id).await?;
    let used = references::count(&mut tx, Referrer::ProjectsOfClient, actor.account_id, id).await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this client has {used} project(s) and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    clients::soft_delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
