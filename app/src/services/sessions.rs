//! Sign-in and browser sessions. Sessions live in the database so that every stempel process
//! behind a load balancer sees the same ones; only a SHA-256 of the token is stored.

use chrono::{Duration, Utc};

use super::login_throttle::{self, Attempt};
use super::{accounts, passwords, random_hex, sha256_hex, Actor, ServiceError, ServiceResult};
use crate::db::{sessions as rows, Db};
use crate::model::CurrentUser;

/// A session lasts at most this long after sign-in …
pub const SESSION_DAYS: i64 = 14;
/// … and ends sooner when it is not used for this long (a weekend away keeps it).
pub const IDLE_HOURS: i64 = 72;
/// A session's last use is written at most this often (not on every request).
const TOUCH_EVERY_MINUTES: i64 = 5;
/// After this many failed sign-ins for one username from one address within the window,
/// further attempts from there are refused until the window ends (see `login_throttle`).
pub const MAX_FAILURES: i64 = login_throttle::PER_USER_AND_ADDRESS;
pub const FAILURE_WINDOW_MINUTES: i64 = login_throttle::WINDOW_MINUTES;
/// Longer user names do not exist (users.rs allows 100 characters); they are refused unread.
const USERNAME_MAX: usize = 100;

pub struct SignedIn {
    pub token: String,
    pub actor: Actor,
    /// The language of the person's profile, if they chose one.
    pub lang: Option<crate::i18n::Lang>,
}

/// Checks the password and opens a session. Wrong account, username or password all answer
/// `Unauthorized` alike and take as long (the password check runs against a decoy when the
/// user does not exist), so the form does not reveal which usernames exist. `address` is the
/// client's address, for the throttle.
pub async fn login(
    db: &Db,
    account_slug: &str,
    username: &str,
    password: &str,
    address: &str,
) -> ServiceResult<SignedIn> {
    let username = username.trim();
    let too_long = username.chars().count() > USERNAME_MAX || password.len() > passwords::MAX_LEN;
    let account = match accounts::find_by_slug(db, account_slug).await {
        Ok(a) if !too_long => a,
        Ok(_) | Err(ServiceError::NotFound(_)) => {
            passwords::verify(password.get(..passwords::MAX_LEN).unwrap_or(""), None).await?;
            return Err(ServiceError::Unauthorized);
        }
        Err(e) => return Err(e),
    };
    let attempt = Attempt::new(username, address);
    login_throttle::count(db, account.id, &attempt).await?;
    let user = rows::credentials(db, account.id, username).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let user = match passwords::verify(password, hash).await? {
        true => user.ok_or(ServiceError::Unauthorized)?,
        false => return Err(ServiceError::Unauthorized),
    };
    login_throttle::succeeded(db, account.id, &attempt).await?;
    let token = random_hex(32);
    let now = Utc::now();
    rows::insert(
        db,
        account.id,
        user.user_id,
        &sha256_hex(&token),
        now,
        now + Duration::days(SESSION_DAYS),
    )
    .await?;
    Ok(SignedIn {
        token,
        actor: Actor {
            account_id: account.id,
            user_id: Some(user.user_id),
            role: user.role,
        },
        lang: user.locale.as_deref().and_then(crate::i18n::Lang::parse),
    })
}

/// The person behind a session token, if the session is live and the user still active.
pub async fn resolve(db: &Db, token: &str) -> ServiceResult<Option<(Actor, CurrentUser)>> {
    let now = Utc::now();
    let hash = sha256_hex(token);
    let Some(s) = rows::live(db, &hash, now, now - Duration::hours(IDLE_HOURS)).await? else {
        return Ok(None);
    };
    if now - s.last_seen > Duration::minutes(TOUCH_EVERY_MINUTES) {
        rows::touch(db, &hash, now).await?;
    }
    Ok(Some((
        Actor {
            account_id: s.account_id,
            user_id: Some(s.user_id),
            role: s.role,
        },
        CurrentUser {
            user_id: s.user_id,
            display_name: display_name(&s.first_name, &s.last_name, &s.username),
            username: s.username,
            role: s.role,
            account_name: s.account_name,
            account_slug: s.account_slug,
            lang: s.locale.as_deref().and_then(crate::i18n::Lang::parse),
        },
    )))
}

pub async fn logout(db: &Db, token: &str) -> ServiceResult<()> {
    Ok(rows::delete(db, &sha256_hex(token)).await?)
}

/// The hash under which a session token is stored (to keep the current session when a
/// password change ends the others).
pub fn token_hash(token: &str) -> String {
    sha256_hex(token)
}

/// Removes expired and idle sessions and finished sign-in windows; run periodically.
pub async fn purge(db: &Db) -> ServiceResult<(u64, u64)> {
    let now = Utc::now();
    let sessions = rows::purge(db, now, now - Duration::hours(IDLE_HOURS)).await?;
    let attempts = login_throttle::purge(db).await?;
    Ok((sessions, attempts))
}

/// How the pages name a person: first and last name, else the username.
pub fn display_name(first: &str, last: &str, username: &str) -> String {
    let full = format!("{first} {last}").trim().to_string();
    if full.is_empty() {
        username.to_string()
    } else {
        full
    }
}
