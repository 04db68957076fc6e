//! `calendar_feeds`: a person's secret ICS link (only the token's hash is kept).

use super::conn;
use super::exec::{Cells, FromCells, Param};
use super::{time, Conn, Db};

/// Whether the person has a link that is not revoked.
pub async fn active(db: &Db, account_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = db
        .row(
            "SELECT id FROM calendar_feeds WHERE account_id = $1 AND user_id = $2 AND revoked_at IS NULL",
            vec![Param::Int(account_id), Param::Int(user_id)],
        )
        .await?;
    Ok(found.is_some())
}

/// Revokes the person's live links.
pub async fn revoke(conn: &mut Conn, account_id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE calendar_feeds SET revoked_at = $1 WHERE account_id = $2 AND user_id = $3 AND revoked_at IS NULL",
        vec![time::now().into(), account_id.into(), user_id.into()],
    )
    .await?;
    Ok(())
}

pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "INSERT INTO calendar_feeds (account_id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4)",
        vec![
            account_id.into(),
            user_id.into(),
            token_hash.into(),
            time::now().into(),
        ],
    )
    .await?;
    Ok(())
}

/// Whose live link a token is (an active person's).
pub struct Owner {
    pub account_id: i64,
    pub user_id: i64,
    pub username: String,
}

impl FromCells for Owner {
    fn from_cells(c: &mut Cells<'_>) -> Result<Owner, sqlx::Error> {
        Ok(Owner {
            account_id: c.int()?,
            user_id: c.int()?,
            username: c.text()?,
        })
    }
}

pub async fn owner(db: &Db, token_hash: &str) -> Result<Option<Owner>, sqlx::Error> {
    db.row(
        "SELECT f.account_id, f.user_id, u.username FROM calendar_feeds f JOIN users u ON u.id = f.user_id AND u.account_id = f.account_id
         WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.active = 1",
        vec![token_hash.into()],
    )
    .await
}
