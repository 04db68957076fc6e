//! The account's public holidays (a date, a name, possibly a half day). Absences and targets
//! skip them; everyone may read them, administrators change them.

use chrono::NaiveDate;

use super::users::unique_to_invalid;
use super::{Actor, Checks, ServiceError, ServiceResult, ADMIN_LISTS, NAME_MAX};
use crate::db::{holidays, Conn, Db};
use crate::model::Holiday;

#[derive(Clone, Debug, Default)]
pub struct HolidayInput {
    pub date: Option<NaiveDate>,
    pub name: Option<String>,
    pub half_day: Option<bool>,
}

/// The holidays of one year (all years when `year` is None), by date.
pub async fn list(db: &Db, actor: &Actor, year: Option<i32>) -> ServiceResult<Vec<Holiday>> {
    actor.require_manager(ADMIN_LISTS)?;
    let (from, to) = match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => ("0000-01-01".to_string(), "9999-12-31".to_string()),
    };
    let mut conn = db.pool.acquire().await?;
    Ok(holidays::between(&mut conn, actor.account_id, &from, &to).await?)
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Holiday> {
    holidays::get(conn, account_id, id)
        .await?
        .ok_or_else(|| ServiceError::invalid("id", "no such holiday in this account."))
}

fn check(input: &HolidayInput, creating: bool) -> ServiceResult<()> {
    let mut c = Checks::new();
    if creating {
        c.check(input.date.is_some(), "date", "date is required.");
    }
    match (&input.name, creating) {
        (Some(n), _) => {
            c.text("name", n, NAME_MAX);
        }
        (None, true) => c.fail("name", "name is required."),
        (None, false) => {}
    }
    c.done()
}

const TAKEN: &str = "there is a holiday on this date already.";

pub async fn create(db: &Db, actor: &Actor, input: HolidayInput) -> ServiceResult<Holiday> {
    actor.require_admin()?;
    check(&input, true)?;
    let mut tx = db.begin_write(None).await?;
    let new = Holiday {
        id: 0,
        date: input.date.expect("checked").to_string(),
        name: input.name.as_deref().unwrap_or_default().trim().to_string(),
        half_day: input.half_day.unwrap_or(false),
    };
    let id = holidays::insert(&mut tx, actor.account_id, &new)
        .await
        .map_err(|e| unique_to_invalid(e, "date", TAKEN))?;
    let h = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(h)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: HolidayInput,
) -> ServiceResult<Holiday> {
    actor.require_admin()?;
    check(&input, false)?;
    let mut tx = db.begin_write(None).await?;
    let old = load(&mut tx, actor.account_id, id).await?;
    let new = Holiday {
        id,
        date: input.date.map(|d| d.to_string()).unwrap_or(old.date),
        name: input.name.map(|n| n.trim().to_string()).unwrap_or(old.name),
        half_day: input.half_day.unwrap_or(old.half_day),
    };
    holidays::update(&mut tx, actor.account_id, &new)
        .await
        .map_err(|e| unique_to_invalid(e, "date", TAKEN))?;
    let h = load(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(h)
}

/// Holidays are removed for good (they have no history of their own).
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> ServiceResult<()> {
    actor.require_admin()?;
    let mut tx = db.begin_write(None).await?;
    load(&mut tx, actor.account_id, id).await?;
    holidays::delete(&mut tx, actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}
