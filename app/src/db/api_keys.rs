//! `api_keys`: a public key, the SHA-256 of its secret, and when it was used and revoked.

use chrono::{DateTime, Utc};
use sqlx::Row as _;

use super::exec::{Cells, FromCells, Param};
use super::{time, Db};
use crate::model::ApiKeyView;

/// What the API gate needs of a live (not revoked) key.
#[derive(Clone, Debug)]
pub struct GateKey {
    pub id: i64,
    pub account_id: i64,
    pub secret_hash: String,
    pub last_used_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, label, public_key, created_at, last_used_at, revoked_at";

fn view(r: &super::Row) -> Result<ApiKeyView, sqlx::Error> {
    Ok(ApiKeyView {
        id: r.try_get("id")?,
        label: r.try_get("label")?,
        public_key: r.try_get("public_key")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

pub struct NewKey<'a> {
    pub account_id: i64,
    pub public_key: &'a str,
    pub secret_hash: &'a str,
    pub label: &'a str,
    pub created_by: Option<i64>,
}

pub async fn insert(db: &Db, k: NewKey<'_>, now: DateTime<Utc>) -> Result<ApiKeyView, sqlx::Error> {
    let row = sqlx::query(&format!(
        "INSERT INTO api_keys (account_id, public_key, secret_hash, label, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(k.account_id)
    .bind(k.public_key)
    .bind(k.secret_hash)
    .bind(k.label)
    .bind(k.created_by)
    .bind(time::to_db(now))
    .fetch_one(&db.pool)
    .await?;
    view(&row)
}

/// The account's keys, newest first.
pub async fn list(db: &Db, account_id: i64) -> Result<Vec<ApiKeyView>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM api_keys WHERE account_id = $1 ORDER BY id DESC"
    ))
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(view).collect()
}

pub async fn find(db: &Db, account_id: i64, id: i64) -> Result<Option<ApiKeyView>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM api_keys WHERE account_id = $1 AND id = $2"
    ))
    .bind(account_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(view).transpose()
}

/// Marks the key revoked (once); returns its public key when it was live.
pub async fn revoke(
    db: &Db,
    account_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE api_keys SET revoked_at = $1 WHERE account_id = $2 AND id = $3 AND revoked_at IS NULL
         RETURNING public_key",
    )
    .bind(time::to_db(now))
    .bind(account_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The live key with this public key, in whichever account it is: the key names the account.
pub async fn live_by_public_key(db: &Db, public_key: &str) -> Result<Option<GateKey>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, account_id, secret_hash, last_used_at FROM api_keys WHERE public_key = $1 AND revoked_at IS NULL",
    )
    .bind(public_key)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(GateKey {
            id: r.try_get("id")?,
            account_id: r.try_get("account_id")?,
            secret_hash: r.try_get("secret_hash")?,
            last_used_at: r
                .try_get::<Option<String>, _>("last_used_at")?
                .and_then(|t| time::from_db(&t)),
        })
    })
    .transpose()
}

pub async fn touch(
    db: &Db,
    account_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND account_id = $3")
        .bind(time::to_db(now))
        .bind(id)
        .bind(account_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The user a key acts as: its creator, else the account's first active administrator.
pub async fn acting_user(
    db: &Db,
    account_id: i64,
    key_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<OptId> = db
        .row(
            "SELECT COALESCE(k.created_by, (SELECT MIN(u.id) FROM users u
                 WHERE u.account_id = k.account_id AND u.role = 'admin' AND u.active = 1))
             FROM api_keys k WHERE k.account_id = $1 AND k.id = $2",
            vec![Param::Int(account_id), Param::Int(key_id)],
        )
        .await?;
    Ok(row.and_then(|r| r.0))
}

struct OptId(Option<i64>);

impl FromCells for OptId {
    fn from_cells(c: &mut Cells<'_>) -> Result<OptId, sqlx::Error> {
        Ok(OptId(c.opt_int()?))
    }
}
