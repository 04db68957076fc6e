//! Clients (Teamwork: companies).

use sqlx::Row as _;

use super::names;
use super::{
    contains_pattern, count, fetch_live, Actor, Checks, Page, Paging, Resource, ServiceError,
    ServiceResult, ADMIN_LISTS, NAME_MAX, TEXT_MAX,
};
use crate::db::names::NameScope;
use crate::db::{time, Conn, Db};
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

const COLUMNS: &str =
    "id, name, notes, address, email, hour_rate_cents, archived, deleted_at, created_at, updated_at";

fn from_row(r: &crate::db::Row) -> Result<Client, sqlx::Error> {
    Ok(Client {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        notes: r.try_get("notes")?,
        address: r.try_get("address")?,
        email: r.try_get("email")?,
        hour_rate_cents: r.try_get("hour_rate_cents")?,
        archived: r.try_get::<i64, _>("archived")? != 0,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &ClientFilter,
    paging: Paging,
) -> ServiceResult<Page<Client>> {
    actor.require_manager(ADMIN_LISTS)?;
    // $1 account, $2 name pattern or NULL, $3 archived or NULL: one statement for every filter.
    let condition = "account_id = $1 AND deleted_at IS NULL
        AND ($2 IS NULL OR fold_case(name) LIKE $2 ESCAPE '\\')
        AND ($3 IS NULL OR archived = $3)";
    let pattern = filter.name.as_deref().map(contains_pattern);
    let archived = filter.archived.map(i64::from);
    let total: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM clients WHERE {condition}"))
        .bind(actor.account_id)
        .bind(&pattern)
        .bind(archived)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM clients WHERE {condition} ORDER BY id LIMIT $4 OFFSET $5"
    ))
    .bind(actor.account_id)
    .bind(&pattern)
    .bind(archived)
    .bind(paging.limit)
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    Ok(Page {
        items: rows.iter().map(from_row).collect::<Result<_, _>>()?,
        total,
    })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Client> {
    let sql = format!("SELECT {COLUMNS} FROM clients WHERE account_id = $1 AND id = $2");
    Ok(from_row(
        &fetch_live(conn, &sql, account_id, id, Resource::Client).await?,
    )?)
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
    let now = time::now();
    let id: i64 = names::unique(
sqlx::query(
        "INSERT INTO clients (account_id, name, notes, address, email, hour_rate_cents, archived, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(actor.account_id)
    .bind(&name)
    .bind(input.notes.unwrap_or_default())
    .bind(input.address.unwrap_or_default())
    .bind(input.email.unwrap_or_default().trim().to_string())
    .bind(input.hour_rate_cents.flatten())
    .bind(i64::from(input.archived.unwrap_or(false)))
    .bind(&now)
    .fetch_one(&mut *tx)
    .await,
        NameScope::Client,
    )?
    .try_get(0)?;
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
    names::unique(
sqlx::query(
        "UPDATE clients SET name = $1, notes = $2, address = $3, email = $4, hour_rate_cents = $5, archived = $6, updated_at = $7
         WHERE account_id = $8 AND id = $9",
    )
    .bind(&name)
    .bind(input.notes.unwrap_or(old.notes))
    .bind(input.address.unwrap_or(old.address))
    .bind(input.email.map(|e| e.trim().to_string()).unwrap_or(old.email))
    .bind(input.hour_rate_cents.unwrap_or(old.hour_rate_cents))
    .bind(i64::from(input.archived.unwrap_or(old.archived)))
    .bind(time::now())
    .bind(actor.account_id)
    .bind(id)
    .execute(&mut *tx)
    .await,
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
    let used = count(&mut tx, "SELECT COUNT(*) FROM projects WHERE account_id = $1 AND client_id = $2 AND deleted_at IS NULL", actor.account_id, id).await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this client has {used} project(s) and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    super::soft_delete(&mut tx, "clients", actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
