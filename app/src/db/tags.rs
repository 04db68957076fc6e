//! `tags`: the account's hashtags, created on first use.

use super::conn;
use super::exec::{Cells, FromCells};
use super::{time, Conn};
use crate::model::Tag;

impl FromCells for Tag {
    fn from_cells(c: &mut Cells<'_>) -> Result<Tag, sqlx::Error> {
        Ok(Tag {
            id: c.int()?,
            name: c.text()?,
            color: c.text()?,
        })
    }
}

/// The id of the named tag, creating it when it does not exist yet.
pub async fn ensure(conn: &mut Conn, account_id: i64, name: &str) -> Result<i64, sqlx::Error> {
    conn::execute(
        conn,
        "INSERT INTO tags (account_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (account_id, name) DO NOTHING",
        vec![account_id.into(), name.into(), time::now().into()],
    )
    .await?;
    conn::value(
        conn,
        "SELECT id FROM tags WHERE account_id = $1 AND name = $2",
        vec![account_id.into(), name.into()],
    )
    .await
}

/// Every tag of the account with its shown name, for the report (deleted ones too).
pub async fn labels(
    db: &super::Db,
    account_id: i64,
) -> Result<Vec<super::labels::Label>, sqlx::Error> {
    super::labels::read(
        db,
        "SELECT id, name, CAST(NULL AS BIGINT), 1 FROM tags WHERE account_id = $1 ORDER BY name, id",
        account_id,
    )
    .await
}
