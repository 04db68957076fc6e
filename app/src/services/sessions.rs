//! Sign-in and browser sessions. Sessions live in the database so that every stempel process
//! behind a load balancer sees the same ones; only a SHA-256 of the token is stored.

use chrono::{Duration, Utc};
use sqlx::Row as _;

use super::users::verify_password;
use super::{accounts, random_hex, sha256_hex, Actor, ServiceError, ServiceResult};
use crate::db::{time, Db};
use crate::model::{CurrentUser, Role};

/// A session lasts this long after sign-in.
pub const SESSION_DAYS: i64 = 30;
/// After this many failed sign-ins for one username within the window, further attempts are
/// refused until the oldest failure leaves the window.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

pub struct SignedIn {
    pub token: String,
    pub actor: Actor,
}

/// Checks the password and opens a session. Wrong account, username or password all answer
/// `Unauthorized` alike, so the form does not reveal which usernames exist.
pub async fn login(
    db: &Db,
    account_slug: &str,
    username: &str,
    password: &str,
) -> ServiceResult<SignedIn> {
    let account = match accounts::find_by_slug(db, account_slug).await {
        Ok(a) => a,
        Err(ServiceError::NotFound(_)) => return Err(ServiceError::Unauthorized),
        Err(e) => return Err(e),
    };
    let username = username.trim();
    let now = Utc::now();
    let window_start = time::to_db(now - Duration::minutes(FAILURE_WINDOW_MINUTES));
    let failures = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(failed_at) AS oldest FROM login_failures
         WHERE account_id = $1 AND username = $2 AND failed_at > $3",
    )
    .bind(account.id)
    .bind(username)
    .bind(&window_start)
    .fetch_one(&db.pool)
    .await?;
    let count: i64 = failures.try_get("n")?;
    if count >= MAX_FAILURES {
        let oldest: Option<String> = failures.try_get("oldest")?;
        let retry_after_secs = oldest
            .and_then(|o| time::from_db(&o))
            .map(|o| {
                (o + Duration::minutes(FAILURE_WINDOW_MINUTES) - now)
                    .num_seconds()
                    .max(1)
            })
            .unwrap_or(FAILURE_WINDOW_MINUTES * 60);
        return Err(ServiceError::LockedOut { retry_after_secs });
    }

    let user = sqlx::query(
        "SELECT id, role, password_hash FROM users WHERE account_id = $1 AND username = $2 AND active = 1",
    )
    .bind(account.id)
    .bind(username)
    .fetch_optional(&db.pool)
    .await?;
    let verified = user.as_ref().and_then(|u| {
        let hash: String = u.try_get("password_hash").ok()?;
        verify_password(password, &hash).then_some(u)
    });
    let Some(user) = verified else {
        sqlx::query(
            "INSERT INTO login_failures (account_id, username, failed_at) VALUES ($1, $2, $3)",
        )
        .bind(account.id)
        .bind(username)
        .bind(time::to_db(now))
        .execute(&db.pool)
        .await?;
        return Err(ServiceError::Unauthorized);
    };
    let user_id: i64 = user.try_get("id")?;
    let role = Role::parse(&user.try_get::<String, _>("role")?)
        .ok_or_else(|| ServiceError::Internal("unknown role in users table".into()))?;

    sqlx::query("DELETE FROM login_failures WHERE account_id = $1 AND username = $2")
        .bind(account.id)
        .bind(username)
        .execute(&db.pool)
        .await?;
    let token = random_hex(32);
    sqlx::query(
        "INSERT INTO sessions (account_id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account.id)
    .bind(user_id)
    .bind(sha256_hex(&token))
    .bind(time::to_db(now))
    .bind(time::to_db(now + Duration::days(SESSION_DAYS)))
    .execute(&db.pool)
    .await?;
    Ok(SignedIn {
        token,
        actor: Actor {
            account_id: account.id,
            user_id: Some(user_id),
            role,
        },
    })
}

/// The person behind a session token, if the session is live and the user still active.
pub async fn resolve(db: &Db, token: &str) -> ServiceResult<Option<(Actor, CurrentUser)>> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.first_name, u.last_name, u.role, a.id AS account_id, a.name AS account_name, a.slug
         FROM sessions s
         JOIN users u ON u.id = s.user_id AND u.account_id = s.account_id
         JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    )
    .bind(sha256_hex(token))
    .bind(time::now())
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let role = Role::parse(&r.try_get::<String, _>("role")?)
        .ok_or_else(|| ServiceError::Internal("unknown role in users table".into()))?;
    let first: String = r.try_get("first_name")?;
    let last: String = r.try_get("last_name")?;
    let username: String = r.try_get("username")?;
    let full = format!("{first} {last}").trim().to_string();
    let user_id: i64 = r.try_get("id")?;
    let account_id: i64 = r.try_get("account_id")?;
    Ok(Some((
        Actor {
            account_id,
            user_id: Some(user_id),
            role,
        },
        CurrentUser {
            user_id,
            display_name: if full.is_empty() {
                username.clone()
            } else {
                full
            },
            username,
            role,
            account_name: r.try_get("account_name")?,
            account_slug: r.try_get("slug")?,
        },
    )))
}

pub async fn logout(db: &Db, token: &str) -> ServiceResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(sha256_hex(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}
