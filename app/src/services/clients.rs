//! Clients (Teamwork: companies).

use sqlx::Row as _;

use super::{contains_pattern, Actor, Page, Paging, Resource, ServiceError, ServiceResult};
use crate::db::Db;
use crate::model::Client;

#[derive(Clone, Debug, Default)]
pub struct ClientFilter {
    /// Case-insensitive "contains".
    pub name: Option<String>,
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
    // $1 account, $2 name pattern or NULL, $3 archived or NULL: one statement for every filter.
    let condition = "account_id = $1 AND deleted_at IS NULL
        AND ($2 IS NULL OR LOWER(name) LIKE $2 ESCAPE '\\')
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

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<Client> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM clients WHERE account_id = $1 AND id = $2"
    ))
    .bind(actor.account_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ServiceError::NotFound(Resource::Client))?;
    if row.try_get::<Option<String>, _>("deleted_at")?.is_some() {
        return Err(ServiceError::Deleted(Resource::Client));
    }
    Ok(from_row(&row)?)
}
