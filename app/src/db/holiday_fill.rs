//! The SQL of filling a year of public holidays from a region: the account's remembered region,
//! the days already there, and the inserts and renames of one fill (inside its transaction).

use super::exec::{decode_any, Cells, FromCells, Param};
use super::{time, Db, Tx};

/// The region the account last filled from (None before the first fill).
pub async fn region(db: &Db, account_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<Region> = db
        .row(
            "SELECT holiday_region FROM accounts WHERE id = $1",
            vec![Param::Int(account_id)],
        )
        .await?;
    Ok(row.and_then(|r| r.0))
}

struct Region(Option<String>);

impl FromCells for Region {
    fn from_cells(c: &mut Cells<'_>) -> Result<Region, sqlx::Error> {
        Ok(Region(c.opt_text()?))
    }
}

pub async fn set_region(tx: &mut Tx, account_id: i64, code: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET holiday_region = $1 WHERE id = $2")
        .bind(code)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A holiday already in the account.
pub struct Existing {
    pub id: i64,
    pub day: String,
    pub name: String,
    pub half_day: bool,
}

impl FromCells for Existing {
    fn from_cells(c: &mut Cells<'_>) -> Result<Existing, sqlx::Error> {
        Ok(Existing {
            id: c.int()?,
            day: c.text()?,
            name: c.text()?,
            half_day: c.flag()?,
        })
    }
}

/// The account's holidays between two dates (YYYY-MM-DD, inclusive), read in the transaction
/// that will write, so a concurrent fill cannot slip a day in between.
pub async fn between(
    tx: &mut Tx,
    account_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<Existing>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, day, name, half_day FROM holidays WHERE account_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
    )
    .bind(account_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(decode_any).collect()
}

pub async fn insert(
    tx: &mut Tx,
    account_id: i64,
    day: &str,
    name: &str,
    half_day: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO holidays (account_id, day, name, half_day, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(day)
    .bind(name)
    .bind(i64::from(half_day))
    .bind(time::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn rename(
    tx: &mut Tx,
    account_id: i64,
    id: i64,
    name: &str,
    half_day: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE holidays SET name = $1, half_day = $2 WHERE account_id = $3 AND id = $4")
        .bind(name)
        .bind(i64::from(half_day))
        .bind(account_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
