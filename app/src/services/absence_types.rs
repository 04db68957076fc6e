//! Absence types (Paid Leave, Sick Leave, …), seeded per account and editable.

use sqlx::Row as _;

use super::names;
use super::{
    contains_pattern, count, fetch_live, Actor, Checks, Page, Paging, Resource, ServiceError,
    ServiceResult, ADMIN_LISTS, NAME_MAX,
};
use crate::db::names::NameScope;
use crate::db::{time, Conn, Db};
use crate::model::AbsenceType;

#[derive(Clone, Debug, Default)]
pub struct AbsenceTypeInput {
    pub name: Option<String>,
    pub paid: Option<bool>,
    pub color: Option<String>,
    pub counts_as_work_time: Option<bool>,
    pub uses_leave: Option<bool>,
    pub archived: Option<bool>,
}

const COLUMNS: &str =
    "id, name, paid, color, counts_as_work_time, uses_leave, archived, deleted_at, created_at, updated_at";

fn from_row(r: &crate::db::Row) -> Result<AbsenceType, sqlx::Error> {
    Ok(AbsenceType {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        paid: r.try_get::<i64, _>("paid")? != 0,
        color: r.try_get("color")?,
        counts_as_work_time: r.try_get::<i64, _>("counts_as_work_time")? != 0,
        uses_leave: r.try_get::<i64, _>("uses_leave")? != 0,
        archived: r.try_get::<i64, _>("archived")? != 0,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    name: Option<&str>,
    paging: Paging,
) -> ServiceResult<Page<AbsenceType>> {
    actor.require_manager(ADMIN_LISTS)?;
    let condition = "account_id = $1 AND deleted_at IS NULL AND ($2 IS NULL OR fold_case(name) LIKE $2 ESCAPE '\\')";
    let pattern = name.map(contains_pattern);
    let total: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) FROM absence_types WHERE {condition}"
    ))
    .bind(actor.account_id)
    .bind(&pattern)
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM absence_types WHERE {condition} ORDER BY id LIMIT $3 OFFSET $4"
    ))
    .bind(actor.account_id)
    .bind(&pattern)
    .bind(paging.limit)
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    Ok(Page {
        items: rows.iter().map(from_row).collect::<Result<_, _>>()?,
        total,
    })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<AbsenceType> {
    let sql = format!("SELECT {COLUMNS} FROM absence_types WHERE account_id = $1 AND id = $2");
    Ok(from_row(
        &fetch_live(conn, &sql, account_id, id, Resource::AbsenceType).await?,
    )?)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> ServiceResult<AbsenceType> {
    actor.require_manager(ADMIN_LISTS)?;
    load(&mut *db.pool.acquire().await?, actor.account_id, id).await
}

fn check(input: &AbsenceTypeInput, creating: bool) -> ServiceResult<()> {
    let mut c = Checks::new();
    match (&input.name, creating) {
        (Some(n), _) => {
            c.text("name", n, NAME_MAX);
        }
        (None, true) => c.fail("name", "name is required."),
        (None, false) => {}
    }
    c.color("color", input.color.as_deref());
    c.done()
}

pub async fn create(db: &Db, actor: &Actor, input: AbsenceTypeInput) -> ServiceResult<AbsenceType> {
    actor.require_admin()?;
    check(&input, true)?;
    let name = input.name.as_deref().unwrap_or_default().trim().to_string();
    let mut tx = db.begin_write(None).await?;
    names::ensure_free(&mut tx, actor.account_id, NameScope::AbsenceType, &name, 0).await?;
    let id: i64 = names::unique(
sqlx::query(
        "INSERT INTO absence_types (account_id, name, paid, color, counts_as_work_time, uses_leave, archived, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(actor.account_id)
    .bind(&name)
    .bind(i64::from(input.paid.unwrap_or(true)))
    .bind(input.color.unwrap_or_else(|| "#22c55e".into()))
    .bind(i64::from(input.counts_as_work_time.unwrap_or(true)))
    .bind(i64::from(input.uses_leave.unwrap_or(false)))
    .bind(i64::from(input.archived.unwrap_or(false)))
    .bind(time::now())
    .fetch_one(&mut *tx)
    .await,
        NameScope::AbsenceType,
    )?
    .try_get(0)?;
    let t = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(t)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: AbsenceTypeInput,
) -> ServiceResult<AbsenceType> {
    actor.require_admin()?;
    check(&input, false)?;
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    let name = input.name.map(|n| n.trim().to_string()).unwrap_or(old.name);
    names::ensure_free(&mut tx, actor.account_id, NameScope::AbsenceType, &name, id).await?;
    names::unique(
sqlx::query(
        "UPDATE absence_types SET name = $1, paid = $2, color = $3, counts_as_work_time = $4, uses_leave = $5, archived = $6,
            updated_at = $7 WHERE account_id = $8 AND id = $9",
    )
    .bind(&name)
    .bind(i64::from(input.paid.unwrap_or(old.paid)))
    .bind(input.color.unwrap_or(old.color))
    .bind(i64::from(input.counts_as_work_time.unwrap_or(old.counts_as_work_time)))
    .bind(i64::from(input.uses_leave.unwrap_or(old.uses_leave)))
    .bind(i64::from(input.archived.unwrap_or(old.archived)))
    .bind(time::now())
    .bind(actor.account_id)
    .bind(id)
    .execute(&mut *tx)
    .await,
        NameScope::AbsenceType,
    )?;
    let t = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(t)
}

pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    actor.require_admin()?;
    let mut tx = db.begin_write(None).await?;
    load(&mut tx, actor.account_id, id).await?;
    let used = count(&mut tx, "SELECT COUNT(*) FROM absences WHERE account_id = $1 AND absence_type_id = $2 AND deleted_at IS NULL", actor.account_id, id).await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this absence type is used by {used} absence(s) and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    super::soft_delete(&mut tx, "absence_types", actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// An absence type by name (the TimeTrack API refers to it so), for new absences.
pub(crate) async fn by_name(
    conn: &mut Conn,
    account_id: i64,
    field: &str,
    name: &str,
) -> ServiceResult<AbsenceType> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM absence_types WHERE account_id = $1 AND name = $2 AND deleted_at IS NULL"))
        .bind(account_id)
        .bind(name.trim())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ServiceError::invalid(field, format!("no absence type '{name}' in this account.")))?;
    let t = from_row(&row)?;
    if t.archived {
        return Err(ServiceError::invalid(
            field,
            "this absence type is archived and cannot be used for new absences.",
        ));
    }
    Ok(t)
}
