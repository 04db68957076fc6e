//! API keys: a public key and a secret per integration. The secret is shown once, at
//! generation; only its SHA-256 is stored (it is 256 random bits, so a slow hash adds nothing
//! but latency to every API request), and comparison is constant-time.

use chrono::{Duration, Utc};
use sqlx::Row as _;
use subtle::ConstantTimeEq;

use super::{random_hex, sha256_hex, Actor, Checks, Resource, ServiceError, ServiceResult};
use crate::db::{time, Db};
use crate::model::{ApiKeyView, GeneratedApiKey, Role};

/// The account and key an API request acts for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiPrincipal {
    pub account_id: i64,
    pub key_id: i64,
}

impl ApiPrincipal {
    /// API keys act for the whole account with administrator rights.
    pub fn actor(&self) -> Actor {
        Actor {
            account_id: self.account_id,
            user_id: None,
            role: Role::Admin,
        }
    }
}

fn view_from_row(r: &crate::db::Row) -> Result<ApiKeyView, sqlx::Error> {
    Ok(ApiKeyView {
        id: r.try_get("id")?,
        label: r.try_get("label")?,
        public_key: r.try_get("public_key")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

const COLUMNS: &str = "id, label, public_key, created_at, last_used_at, revoked_at";

pub async fn generate(db: &Db, actor: &Actor, label: &str) -> ServiceResult<GeneratedApiKey> {
    actor.require_admin()?;
    let mut checks = Checks::new();
    let label = label.trim();
    checks.check(
        label.chars().count() <= 100,
        "label",
        "label may have at most 100 characters.",
    );
    checks.done()?;
    let public_key = random_hex(16);
    let secret = random_hex(32);
    let row = sqlx::query(&format!(
        "INSERT INTO api_keys (account_id, public_key, secret_hash, label, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(actor.account_id)
    .bind(&public_key)
    .bind(sha256_hex(&secret))
    .bind(label)
    .bind(actor.user_id)
    .bind(time::now())
    .fetch_one(&db.pool)
    .await?;
    Ok(GeneratedApiKey {
        key: view_from_row(&row)?,
        secret,
    })
}

pub async fn list(db: &Db, actor: &Actor) -> ServiceResult<Vec<ApiKeyView>> {
    actor.require_admin()?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM api_keys WHERE account_id = $1 ORDER BY id DESC"
    ))
    .bind(actor.account_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(view_from_row).collect::<Result<_, _>>()?)
}

pub async fn revoke(db: &Db, actor: &Actor, id: i64) -> ServiceResult<ApiKeyView> {
    actor.require_admin()?;
    let now = time::now();
    sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE account_id = $2 AND id = $3 AND revoked_at IS NULL")
        .bind(&now)
        .bind(actor.account_id)
        .bind(id)
        .execute(&db.pool)
        .await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM api_keys WHERE account_id = $1 AND id = $2"
    ))
    .bind(actor.account_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ServiceError::NotFound(Resource::ApiKey))?;
    Ok(view_from_row(&row)?)
}

/// Checks a key/secret pair. Unknown key, wrong secret and revoked key all answer
/// `Unauthorized`.
pub async fn authenticate(db: &Db, public_key: &str, secret: &str) -> ServiceResult<ApiPrincipal> {
    let row = sqlx::query(
        "SELECT id, account_id, secret_hash, last_used_at FROM api_keys WHERE public_key = $1 AND revoked_at IS NULL",
    )
    .bind(public_key)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(ServiceError::Unauthorized)?;
    let stored: String = row.try_get("secret_hash")?;
    let given = sha256_hex(secret);
    if !bool::from(stored.as_bytes().ct_eq(given.as_bytes())) {
        return Err(ServiceError::Unauthorized);
    }
    let principal = ApiPrincipal {
        account_id: row.try_get("account_id")?,
        key_id: row.try_get("id")?,
    };
    // Record use at most once a minute: a write per request would cost more than the request.
    let last_used: Option<String> = row.try_get("last_used_at")?;
    let now = Utc::now();
    let stale = last_used
        .and_then(|t| time::from_db(&t))
        .is_none_or(|t| now - t > Duration::minutes(1));
    if stale {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND account_id = $3")
            .bind(time::to_db(now))
            .bind(principal.key_id)
            .bind(principal.account_id)
            .execute(&db.pool)
            .await?;
    }
    Ok(principal)
}
