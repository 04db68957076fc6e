//! How many sign-ins may be tried, by whom and from where.
//!
//! Each attempt is counted *before* the password is checked, in one atomic statement per bucket,
//! so parallel guesses cannot slip past the limit; a success gives its attempt back. Three
//! buckets per account, each in fixed windows of `WINDOW_MINUTES`:
//! - one user name from one address: `PER_USER_AND_ADDRESS` (the lock a guesser meets first);
//! - one address, any user name: `PER_ADDRESS` (spraying many names);
//! - one user name, any address: `PER_USER` (guessing from many addresses). It is much higher
//!   than the first, so a stranger with one address cannot lock a colleague (or the admin) out:
//!   only the guesser's own address is locked.
//!
//! Buckets are stored as SHA-256 hashes, so a row has the same size whatever was typed.

use chrono::{DateTime, Duration, Utc};

use super::{sha256_hex, ServiceError, ServiceResult};
use crate::db::{login_attempts, Db};

pub const WINDOW_MINUTES: i64 = 15;
pub const PER_USER_AND_ADDRESS: i64 = 5;
pub const PER_ADDRESS: i64 = 30;
pub const PER_USER: i64 = 100;

/// The buckets one sign-in attempt counts in.
pub struct Attempt {
    user_here: String,
    here: String,
    user: String,
}

impl Attempt {
    pub fn new(username: &str, address: &str) -> Attempt {
        let name = username.trim().to_lowercase();
        Attempt {
            user_here: sha256_hex(&format!("user+address\n{name}\n{address}")),
            here: sha256_hex(&format!("address\n{address}")),
            user: sha256_hex(&format!("user\n{name}")),
        }
    }

    fn buckets(&self) -> [(&str, i64); 3] {
        [
            (self.user_here.as_str(), PER_USER_AND_ADDRESS),
            (self.here.as_str(), PER_ADDRESS),
            (self.user.as_str(), PER_USER),
        ]
    }
}

/// Counts the attempt; `LockedOut` (with the seconds until the fullest window ends) when any
/// bucket is over its limit.
pub async fn count(db: &Db, account_id: i64, attempt: &Attempt) -> ServiceResult<()> {
    let now = Utc::now();
    let cutoff = now - Duration::minutes(WINDOW_MINUTES);
    let mut wait: Option<i64> = None;
    for (bucket, limit) in attempt.buckets() {
        let (n, started) = login_attempts::bump(db, account_id, bucket, now, cutoff).await?;
        if n > limit {
            let secs = seconds_left(started, now);
            wait = Some(wait.map_or(secs, |w| w.max(secs)));
        }
    }
    match wait {
        Some(retry_after_secs) => {
            super::metrics::count(&super::metrics::LOGIN_LOCKED_OUT);
            Err(ServiceError::LockedOut { retry_after_secs })
        }
        None => Ok(()),
    }
}

fn seconds_left(started: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (started + Duration::minutes(WINDOW_MINUTES) - now)
        .num_seconds()
        .clamp(1, WINDOW_MINUTES * 60)
}

/// A sign-in succeeded: the user's counters start again; the address keeps its other failures.
pub async fn succeeded(db: &Db, account_id: i64, attempt: &Attempt) -> ServiceResult<()> {
    login_attempts::forget(db, account_id, &attempt.user_here).await?;
    login_attempts::forget(db, account_id, &attempt.user).await?;
    login_attempts::give_back(db, account_id, &attempt.here).await?;
    Ok(())
}

/// Drops counters whose window is over.
pub async fn purge(db: &Db) -> ServiceResult<u64> {
    let cutoff = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    Ok(login_attempts::purge(db, cutoff).await?)
}
