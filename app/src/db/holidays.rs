//! `holidays`: the account's public holidays, and the one reader of the holidays between two
//! dates that absences, the calendar and the reports share.

use super::conn;
use super::exec::{Cells, FromCells};
use super::{flag, time, Conn};
use crate::model::Holiday;

impl FromCells for Holiday {
    fn from_cells(c: &mut Cells<'_>) -> Result<Holiday, sqlx::Error> {
        Ok(Holiday {
            id: c.int()?,
            date: c.text()?,
            name: c.text()?,
            half_day: c.flag()?,
        })
    }
}

/// The holidays on `from` … `to` (YYYY-MM-DD, inclusive), by date.
pub async fn between(
    conn: &mut Conn,
    account_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<Holiday>, sqlx::Error> {
    conn::rows(
        conn,
        "SELECT id, day, name, half_day FROM holidays WHERE account_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
        vec![account_id.into(), from.into(), to.into()],
    )
    .await
}

pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
) -> Result<Option<Holiday>, sqlx::Error> {
    conn::row(
        conn,
        "SELECT id, day, name, half_day FROM holidays WHERE account_id = $1 AND id = $2",
        vec![account_id.into(), id.into()],
    )
    .await
}

/// Inserts a holiday (its `id` is ignored); the new id. A taken date is a unique violation.
pub async fn insert(conn: &mut Conn, account_id: i64, h: &Holiday) -> Result<i64, sqlx::Error> {
    conn::value(
        conn,
        "INSERT INTO holidays (account_id, day, name, half_day, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        vec![
            account_id.into(),
            h.date.clone().into(),
            h.name.clone().into(),
            flag(h.half_day).into(),
            time::now().into(),
        ],
    )
    .await
}

/// Writes the date, name and half-day mark of holiday `h.id`.
pub async fn update(conn: &mut Conn, account_id: i64, h: &Holiday) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE holidays SET day = $1, name = $2, half_day = $3 WHERE account_id = $4 AND id = $5",
        vec![
            h.date.clone().into(),
            h.name.clone().into(),
            flag(h.half_day).into(),
            account_id.into(),
            h.id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Removes a holiday for good.
pub async fn delete(conn: &mut Conn, account_id: i64, id: i64) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "DELETE FROM holidays WHERE account_id = $1 AND id = $2",
        vec![account_id.into(), id.into()],
    )
    .await?;
    Ok(())
}
