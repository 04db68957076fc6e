//! Absence types (Paid Leave, Sick Leave, …), seeded per account and editable.

use super::names;
use super::{
    contains_pattern, live, Actor, Checks, Page, Paging, Resource, ServiceError, ServiceResult,
    ADMIN_LISTS, NAME_MAX,
};
use crate::db::names::NameScope;
use crate::db::references::{self, Referrer};
use crate::db::{absence_types, Conn, Db};
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

pub async fn list(
    db: &Db,
    actor: &Actor,
    name: Option<&str>,
    paging: Paging,
) -> ServiceResult<Page<AbsenceType>> {
    actor.require_manager(ADMIN_LISTS)?;
    let (items, total) = absence_types::page(
        db,
        actor.account_id,
        name.map(contains_pattern),
        paging.limit,
        paging.offset(),
    )
    .await?;
    Ok(Page { items, total })
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<AbsenceType> {
    live(
        absence_types::get(conn, account_id, id).await?,
        Resource::AbsenceType,
    )
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
    let fields = absence_types::Fields {
        name,
        paid: input.paid.unwrap_or(true),
        color: input.color.unwrap_or_else(|| "#22c55e".into()),
        counts_as_work_time: input.counts_as_work_time.unwrap_or(true),
        uses_leave: input.uses_leave.unwrap_or(false),
        archived: input.archived.unwrap_or(false),
    };
    let id = names::unique(
        absence_types::insert(&mut tx, actor.account_id, &fields).await,
        NameScope::AbsenceType,
    )?;
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
    let fields = absence_types::Fields {
        name,
        paid: input.paid.unwrap_or(old.paid),
        color: input.color.unwrap_or(old.color),
        counts_as_work_time: input.counts_as_work_time.unwrap_or(old.counts_as_work_time),
        uses_leave: input.uses_leave.unwrap_or(old.uses_leave),
        archived: input.archived.unwrap_or(old.archived),
    };
    names::unique(
        absence_types::update(&mut tx, actor.account_id, id, &fields).await,
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
    let used = references::count(&mut tx, Referrer::AbsencesOfType, actor.account_id, id).await?;
    if used > 0 {
        return Err(ServiceError::invalid(
            "id",
            format!("this absence type is used by {used} absence(s) and cannot be deleted; archive it instead (archived: true)."),
        ));
    }
    absence_types::soft_delete(&mut tx, actor.account_id, id).await?;
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
    let t = absence_types::by_name(conn, account_id, name.trim())
        .await?
        .ok_or_else(|| {
            ServiceError::invalid(field, format!("no absence type '{name}' in this account."))
        })?;
    if t.archived {
        return Err(ServiceError::invalid(
            field,
            "this absence type is archived and cannot be used for new absences.",
        ));
    }
    Ok(t)
}
