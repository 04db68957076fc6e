//! API keys: a public key and a secret per integration. The secret is shown once, at
//! generation; only its SHA-256 is stored (it is 256 random bits, so a slow hash adds nothing
//! but latency to every API request), and comparison is constant-time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use chrono::{Duration, Utc};
use subtle::ConstantTimeEq;

use super::{random_hex, sha256_hex, Actor, Checks, Resource, ServiceError, ServiceResult};
use crate::db::api_keys::{self, GateKey};
use crate::db::Db;
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
    let key = api_keys::insert(
        db,
        api_keys::NewKey {
            account_id: actor.account_id,
            public_key: &public_key,
            secret_hash: &sha256_hex(&secret),
            label,
            created_by: actor.user_id,
        },
        Utc::now(),
    )
    .await?;
    let token = token(&public_key, &secret);
    Ok(GeneratedApiKey { key, secret, token })
}

/// The token form of a key pair: the public key and the secret joined by a dot. Teamwork
/// clients know one API token and send it as the HTTP Basic user name with an empty or dummy
/// password; the token carries both halves, so it is checked exactly like the pair.
pub fn token(public_key: &str, secret: &str) -> String {
    format!("{public_key}.{secret}")
}

/// The key and secret of a token, if it has the token's form.
pub fn split_token(token: &str) -> Option<(&str, &str)> {
    let (key, secret) = token.split_once('.')?;
    let hex = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit());
    (hex(key) && hex(secret)).then_some((key, secret))
}

/// The person a key acts as where an API needs one (Teamwork's authenticate.json): the
/// administrator who generated it, or, for a key made on the command line, the account's first
/// active administrator.
pub async fn acting_user(db: &Db, principal: &ApiPrincipal) -> ServiceResult<Option<i64>> {
    Ok(api_keys::acting_user(db, principal.account_id, principal.key_id).await?)
}

pub async fn list(db: &Db, actor: &Actor) -> ServiceResult<Vec<ApiKeyView>> {
    actor.require_admin()?;
    Ok(api_keys::list(db, actor.account_id).await?)
}

/// Revokes the key: at once in this process, within [`KEY_CACHE_SECS`] in every other.
pub async fn revoke(db: &Db, actor: &Actor, id: i64) -> ServiceResult<ApiKeyView> {
    actor.require_admin()?;
    if let Some(public_key) = api_keys::revoke(db, actor.account_id, id, Utc::now()).await? {
        db.memory.keys.forget(&public_key);
    }
    api_keys::find(db, actor.account_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Resource::ApiKey))
}

/// How long a process trusts a key it verified against the database: a key revoked by another
/// process stops working here within this many seconds.
pub const KEY_CACHE_SECS: u64 = 5;

/// Keys this process verified in the last [`KEY_CACHE_SECS`], by public key. Only what the
/// database said is kept (the secret's hash, not the secret), so a wrong secret is refused from
/// the cache as from the database.
#[derive(Debug, Default)]
pub struct KeyCache(Mutex<HashMap<String, (Instant, GateKey)>>);

impl KeyCache {
    fn fresh(&self, public_key: &str) -> Option<GateKey> {
        let map = self.0.lock().ok()?;
        let (at, key) = map.get(public_key)?;
        (at.elapsed() < std::time::Duration::from_secs(KEY_CACHE_SECS)).then(|| key.clone())
    }

    fn remember(&self, public_key: &str, key: GateKey) {
        if let Ok(mut map) = self.0.lock() {
            // Bounded: a flood of distinct keys cannot grow it without end.
            if map.len() >= 10_000 {
                map.retain(|_, (at, _)| at.elapsed().as_secs() < KEY_CACHE_SECS);
                if map.len() >= 10_000 {
                    map.clear();
                }
            }
            map.insert(public_key.to_string(), (Instant::now(), key));
        }
    }

    pub fn forget(&self, public_key: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(public_key);
        }
    }
}

/// Checks a key/secret pair. Unknown key, wrong secret and revoked key all answer
/// `Unauthorized`. A key verified in the last seconds is answered from memory.
pub async fn authenticate(db: &Db, public_key: &str, secret: &str) -> ServiceResult<ApiPrincipal> {
    let key = match db.memory.keys.fresh(public_key) {
        Some(key) => key,
        None => {
            let key = api_keys::live_by_public_key(db, public_key)
                .await?
                .ok_or(ServiceError::Unauthorized)?;
            // Record use at most once a minute: a write per request would cost more than it.
            let now = Utc::now();
            if key
                .last_used_at
                .is_none_or(|t| now - t > Duration::minutes(1))
            {
                api_keys::touch(db, key.account_id, key.id, now).await?;
            }
            db.memory.keys.remember(public_key, key.clone());
            key
        }
    };
    let given = sha256_hex(secret);
    if !bool::from(key.secret_hash.as_bytes().ct_eq(given.as_bytes())) {
        return Err(ServiceError::Unauthorized);
    }
    Ok(ApiPrincipal {
        account_id: key.account_id,
        key_id: key.id,
    })
}
