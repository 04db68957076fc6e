//! Per-key request budget, shared by every stempel process on one database. A key's window
//! opens with its first request and lasts a minute; its count lives in the database.
//!
//! A process does not write the database for every request: it leases a chunk of the budget
//! (one atomic upsert adds the chunk to the window's count) and answers from memory until the
//! chunk is spent or the window ends. The database count never grants more than the limit in a
//! window, so all processes together never accept more than the limit; a process may end the
//! window with part of a chunk unused, so together they accept at least the limit minus one
//! chunk per process. The chunk is a hundredth of the limit (1 for limits below 200, so small
//! limits stay exact; at most 1000), which bounds that loss to 1 % per process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::Utc;

use super::api_keys::ApiPrincipal;
use super::ServiceResult;
use crate::db::{api_rate_limits, Db};

pub const WINDOW_MS: i64 = 60_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub limit: i64,
    /// Requests left in the window after this one (0 when refused).
    pub remaining: i64,
    /// Seconds until the window ends and the budget is full again.
    pub reset_secs: i64,
    pub allowed: bool,
}

/// The part of a key's window this process has leased.
#[derive(Clone, Copy, Debug)]
struct Lease {
    window_start_ms: i64,
    /// Leased and not yet used.
    left: i64,
    /// The window's count in the database after the last lease (all processes' leases).
    counted: i64,
}

/// This process's leases, per key, and one lock per key so that requests arriving together
/// wait for one lease instead of each taking a chunk (which would strand most of them).
#[derive(Debug, Default)]
pub struct Leases {
    leases: Mutex<HashMap<i64, Lease>>,
    leasing: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

impl Leases {
    fn leasing(&self, key_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.leasing.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(key_id).or_default().clone()
    }
}

pub fn chunk_for(limit: i64) -> i64 {
    (limit / 100).clamp(1, 1000)
}

fn budget(limit: i64, lease: &Lease, now_ms: i64, allowed: bool) -> Budget {
    let reset_ms = (lease.window_start_ms + WINDOW_MS - now_ms).max(0);
    Budget {
        limit,
        remaining: if allowed {
            (limit - lease.counted).max(0) + lease.left
        } else {
            0
        },
        reset_secs: (reset_ms + 999) / 1000,
        allowed,
    }
}

/// Takes one request from the budget leased in memory, or refuses it when the database said
/// the window is spent (its count cannot fall before the window ends); `None` when a new lease
/// is needed.
fn take_leased(leases: &Leases, key_id: i64, limit: i64, now_ms: i64) -> Option<Budget> {
    let mut map = leases.leases.lock().ok()?;
    let lease = map.get_mut(&key_id)?;
    if lease.window_start_ms + WINDOW_MS <= now_ms {
        return None;
    }
    if lease.left > 0 {
        lease.left -= 1;
        return Some(budget(limit, lease, now_ms, true));
    }
    (lease.counted >= limit).then(|| budget(limit, lease, now_ms, false))
}

fn leased(db: &Db, who: &ApiPrincipal, limit: i64, now_ms: i64) -> Option<Budget> {
    let b = take_leased(&db.memory.leases, who.key_id, limit, now_ms)?;
    if !b.allowed {
        super::metrics::count(&super::metrics::API_THROTTLED);
    }
    Some(b)
}

pub async fn take(db: &Db, who: &ApiPrincipal, limit: i64) -> ServiceResult<Budget> {
    let now_ms = Utc::now().timestamp_millis();
    if let Some(b) = leased(db, who, limit, now_ms) {
        return Ok(b);
    }
    let leasing = db.memory.leases.leasing(who.key_id);
    let _one_at_a_time = leasing.lock().await;
    // Another request may have leased while this one waited.
    let now_ms = Utc::now().timestamp_millis();
    if let Some(b) = leased(db, who, limit, now_ms) {
        return Ok(b);
    }
    let chunk = chunk_for(limit);
    let (window_start_ms, counted) = api_rate_limits::lease(
        db,
        who.key_id,
        who.account_id,
        now_ms,
        now_ms - WINDOW_MS,
        chunk,
    )
    .await?;
    // What of this chunk fitted under the limit (the count before it was `counted - chunk`).
    let granted = (limit - (counted - chunk)).clamp(0, chunk);
    let mut lease = Lease {
        window_start_ms,
        left: granted,
        counted,
    };
    let allowed = granted > 0;
    if allowed {
        lease.left -= 1;
    } else {
        super::metrics::count(&super::metrics::API_THROTTLED);
    }
    if let Ok(mut map) = db.memory.leases.leases.lock() {
        map.insert(who.key_id, lease);
    }
    Ok(budget(limit, &lease, now_ms, allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_limits_are_counted_one_by_one() {
        assert_eq!(chunk_for(1), 1);
        assert_eq!(chunk_for(30), 1);
        assert_eq!(chunk_for(199), 1);
        assert_eq!(chunk_for(500), 5);
        assert_eq!(chunk_for(1_000_000_000), 1000);
    }

    #[test]
    fn a_lease_is_spent_then_renewed() {
        let leases = Leases::default();
        assert!(
            take_leased(&leases, 7, 500, 0).is_none(),
            "nothing leased yet"
        );
        let lease = Lease {
            window_start_ms: 0,
            left: 2,
            counted: 5,
        };
        leases.leases.lock().unwrap().insert(7, lease);
        let b = take_leased(&leases, 7, 500, 10).unwrap();
        assert_eq!((b.allowed, b.remaining), (true, 496));
        assert_eq!(take_leased(&leases, 7, 500, 10).unwrap().remaining, 495);
        assert!(
            take_leased(&leases, 7, 500, 10).is_none(),
            "spent: lease again"
        );
        let full = Lease {
            counted: 500,
            ..lease
        };
        leases.leases.lock().unwrap().insert(7, full);
        assert_eq!(
            take_leased(&leases, 7, 500, 10).map(|b| b.allowed),
            Some(true)
        );
        assert_eq!(
            take_leased(&leases, 7, 500, 10).map(|b| b.allowed),
            Some(true)
        );
        let refused = take_leased(&leases, 7, 500, 10).unwrap();
        assert_eq!(
            (refused.allowed, refused.remaining),
            (false, 0),
            "the window is spent"
        );
        leases.leases.lock().unwrap().insert(7, lease);
        assert!(
            take_leased(&leases, 7, 500, WINDOW_MS).is_none(),
            "window over"
        );
    }
}
