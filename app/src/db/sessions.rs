//! `sessions` (only a SHA-256 of each token is stored) and the user lookup sign-in needs.

use chrono::{DateTime, Utc};
use sqlx::Row as _;

use super::{time, Db};
use crate::model::Role;

/// What sign-in needs to know about an active user.
pub struct Credentials {
    pub user_id: i64,
    pub role: Role,
    pub password_hash: String,
    /// The person's chosen language ('en', 'de'), if any.
    pub locale: Option<String>,
}

/// A live session with its person and account.
pub struct Live {
    pub account_id: i64,
    pub account_name: String,
    pub account_slug: String,
    pub user_id: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    /// The person's chosen language ('en', 'de'), if any.
    pub locale: Option<String>,
    pub last_seen: DateTime<Utc>,
}

fn role(text: &str) -> Result<Role, sqlx::Error> {
    Role::parse(text).ok_or_else(|| sqlx::Error::Decode("unknown role in users table".into()))
}

pub async fn credentials(
    db: &Db,
    account_id: i64,
    username: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, role, password_hash, locale FROM users WHERE account_id = $1 AND username = $2 AND active = 1",
    )
    .bind(account_id)
    .bind(username)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Credentials {
            user_id: r.try_get("id")?,
            role: role(&r.try_get::<String, _>("role")?)?,
            password_hash: r.try_get("password_hash")?,
            locale: r.try_get("locale")?,
        })
    })
    .transpose()
}

pub async fn insert(
    db: &Db,
    account_id: i64,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (account_id, user_id, token_hash, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(token_hash)
    .bind(time::to_db(now))
    .bind(time::to_db(expires))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The session behind `token_hash` if it has not expired, was used after `idle_cutoff`, and its
/// user is still active.
pub async fn live(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_cutoff: DateTime<Utc>,
) -> Result<Option<Live>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.first_name, u.last_name, u.role, u.locale, a.id AS account_id,
                a.name AS account_name, a.slug, COALESCE(s.last_seen_at, s.created_at) AS last_seen
         FROM sessions s
         JOIN users u ON u.id = s.user_id AND u.account_id = s.account_id
         JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND COALESCE(s.last_seen_at, s.created_at) > $3
           AND u.active = 1",
    )
    .bind(token_hash)
    .bind(time::to_db(now))
    .bind(time::to_db(idle_cutoff))
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let last_seen: String = r.try_get("last_seen")?;
    Ok(Some(Live {
        account_id: r.try_get("account_id")?,
        account_name: r.try_get("account_name")?,
        account_slug: r.try_get("slug")?,
        user_id: r.try_get("id")?,
        username: r.try_get("username")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        role: role(&r.try_get::<String, _>("role")?)?,
        locale: r.try_get("locale")?,
        last_seen: time::from_db(&last_seen).unwrap_or(now),
    }))
}

pub async fn touch(db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(time::to_db(now))
        .bind(token_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user but the one whose hash is `keep` (inside the caller's write).
pub async fn delete_for_user<'e, E>(
    exec: E,
    account_id: i64,
    user_id: i64,
    keep: Option<&str>,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND user_id = $2 AND token_hash <> $3")
        .bind(account_id)
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(exec)
        .await?;
    Ok(())
}

/// Removes sessions that expired or went idle (maintenance over all accounts; reads nothing out).
pub async fn purge(
    db: &Db,
    now: DateTime<Utc>,
    idle_cutoff: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM sessions WHERE expires_at <= $1 OR COALESCE(last_seen_at, created_at) <= $2",
    )
    .bind(time::to_db(now))
    .bind(time::to_db(idle_cutoff))
    .execute(&db.pool)
    .await?
    .rows_affected())
}
