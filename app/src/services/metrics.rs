//! What the operator's `/metrics` reads from the service layer: refusals counted where the rules
//! refuse, and the running timers of every account. Counters are per process (Prometheus sums
//! the processes it scrapes).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::{running_timers, Db};

use super::ServiceResult;

/// API requests refused because the key's budget was spent (429).
pub static API_THROTTLED: AtomicU64 = AtomicU64::new(0);
/// Sign-ins refused because an address or a user name was locked out.
pub static LOGIN_LOCKED_OUT: AtomicU64 = AtomicU64::new(0);

pub fn count(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

pub fn read(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

/// Running project timers and attendance clocks, per account.
pub struct RunningTimers {
    pub account_id: i64,
    pub project: i64,
    pub attendance: i64,
}

/// One small indexed count per account, each scoped to its account.
pub async fn running_timers(db: &Db) -> ServiceResult<Vec<RunningTimers>> {
    let mut out = Vec::new();
    for account_id in crate::db::accounts::ids(db).await? {
        let (project, attendance) = running_timers::count(db, account_id).await?;
        out.push(RunningTimers {
            account_id,
            project,
            attendance,
        });
    }
    Ok(out)
}
