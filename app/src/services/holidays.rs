//! The account's public holidays (a date, a name, possibly a half day). Absences and targets
//! skip them; everyone may read them, administrators change them.

use chrono::NaiveDate;
use sqlx::Row as _;

use super::users::unique_to_invalid;
use super::{Actor, Checks, ServiceError, ServiceResult, ADMIN_LISTS, NAME_MAX};
use crate::db::{time, Conn, Db};
use crate::model::Holiday;

#[derive(Clone, Debug, Default)]
pub struct HolidayInput {
    pub date: Option<NaiveDate>,
    pub name: Option<String>,
    pub half_day: Option<bool>,
}

fn from_row(r: &crate::db::Row) -> Result<Holiday, sqlx::Error> {
    Ok(Holiday {
        id: r.try_get("id")?,
        date: r.try_get("day")?,
        name: r.try_get("name")?,
        half_day: r.try_get::<i64, _>("half_day")? != 0,
    })
}

/// The holidays of one year (all years when `year` is None), by date.
pub async fn list(db: &Db, actor: &Actor, year: Option<i32>) -> ServiceResult<Vec<Holiday>> {
    actor.require_manager(ADMIN_LISTS)?;
    let (from, to) = match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => ("0000-01-01".to_string(), "9999-12-31".to_string()),
    };
    let rows = sqlx::query(
        "SELECT id, day, name, half_day FROM holidays WHERE account_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
    )
    .bind(actor.account_id)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

async fn load(conn: &mut Conn, account_id: i64, id: i64) -> ServiceResult<Holiday> {
    let row = sqlx::query(
        "SELECT id, day, name, half_day FROM holidays WHERE account_id = $1 AND id = $2",
    )
    .bind(account_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ServiceError::invalid("id", "no such holiday in this account."))?;
    Ok(from_row(&row)?)
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
    let id: i64 = sqlx::query(
        "INSERT INTO holidays (account_id, day, name, half_day, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(actor.account_id)
    .bind(input.date.expect("checked").to_string())
    .bind(input.name.as_deref().unwrap_or_default().trim())
    .bind(i64::from(input.half_day.unwrap_or(false)))
    .bind(time::now())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_to_invalid(e, "date", TAKEN))?
    .try_get(0)?;
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
    sqlx::query(
        "UPDATE holidays SET day = $1, name = $2, half_day = $3 WHERE account_id = $4 AND id = $5",
    )
    .bind(input.date.map(|d| d.to_string()).unwrap_or(old.date))
    .bind(input.name.map(|n| n.trim().to_string()).unwrap_or(old.name))
    .bind(i64::from(input.half_day.unwrap_or(old.half_day)))
    .bind(actor.account_id)
    .bind(id)
    .execute(&mut *tx)
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
    sqlx::query("DELETE FROM holidays WHERE account_id = $1 AND id = $2")
        .bind(actor.account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
