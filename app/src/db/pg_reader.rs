//! Postgres reads outside transactions, on connections this process keeps for them.
//!
//! sqlx's pool adds a round trip to Postgres on each side of a read: it tests a connection as
//! it hands it out (`test_before_acquire`, which can be turned off) and pings it again as it
//! takes it back (sqlx 0.8's `return_to_pool` always does), so even without the first test a
//! point read cost two round trips and two wake-ups of a Postgres backend. A read here is one
//! statement that either finishes or is abandoned: a connection is handed out untested and
//! taken back only when its statement finished, so one left mid-read (its request was
//! cancelled) or found dead is closed, never reused. A
//! connection the server dropped while it sat idle shows at its first statement; the read
//! then runs again on another, at most once per connection and once on a fresh one.
//!
//! The rows stay sqlx's native Postgres rows, decoded once by `exec` (no `AnyRow` copy).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgConnection, PgRow};
use sqlx::Connection;
use tokio::sync::Semaphore;

use super::exec::{bind, Param};

/// A connection older than this is closed instead of reused (as sqlx's pool does by
/// default), so a long-lived process follows changes on the server's side (settings, a
/// failover behind the same address) and no backend grows without bound.
const MAX_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// How long a read waits for a connection (a free one, or a new one to open) before it fails,
/// as sqlx's pool does by default: an unreachable server fails requests instead of hanging them.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

pub struct PgReader {
    options: PgConnectOptions,
    idle: Mutex<Vec<Idle>>,
    /// At most this many connections are open: each is opened and used under a permit.
    permits: Semaphore,
    size: usize,
    /// Point reads gathering to go together (`pg_batch`).
    pub batches: super::pg_batch::Batches,
}

struct Idle {
    conn: PgConnection,
    opened: Instant,
}

impl std::fmt::Debug for PgReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgReader")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl PgReader {
    /// Up to `size` connections to `url`, opened when first needed.
    pub fn new(url: &str, size: usize) -> Result<PgReader, sqlx::Error> {
        let options: PgConnectOptions = url.parse()?;
        Ok(PgReader {
            // Every read statement stays prepared on each connection (a few hundred texts).
            options: options.statement_cache_capacity(512),
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Semaphore::new(size),
            size,
            batches: Default::default(),
        })
    }

    /// Every row of `sql` with `params` bound in order.
    pub async fn rows(&self, sql: &str, params: &[Param]) -> Result<Vec<PgRow>, sqlx::Error> {
        let _permit = tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.acquire())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let mut tries = 0;
        loop {
            let (mut held, fresh) = match self.take_idle() {
                Some(idle) => (idle, false),
                None => (self.open().await?, true),
            };
            let result = bind(sqlx::query(sql), params)
                .fetch_all(&mut held.conn)
                .await;
            match result {
                // `held` is dropped here: its socket closes.
                Err(e) if super::connection_lost(&e) && !fresh && tries < self.size => {
                    tries += 1;
                }
                Err(e) if super::connection_lost(&e) => return Err(e),
                other => {
                    self.give_back(held);
                    return other;
                }
            }
        }
    }

    fn take_idle(&self) -> Option<Idle> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        while let Some(held) = idle.pop() {
            if held.opened.elapsed() < MAX_LIFETIME {
                return Some(held);
            }
        }
        None
    }

    async fn open(&self) -> Result<Idle, sqlx::Error> {
        let conn = tokio::time::timeout(ACQUIRE_TIMEOUT, PgConnection::connect_with(&self.options))
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)??;
        Ok(Idle {
            conn,
            opened: Instant::now(),
        })
    }

    fn give_back(&self, held: Idle) {
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(held);
    }
}
