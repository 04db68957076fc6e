//! Postgres point reads that travel together: a read of one row by id that finds the same
//! statement for the same account already on its way to the server waits for it, and every read
//! that gathered meanwhile goes in the next statement (`… AND id = ANY($2)`), one round trip and
//! one statement of Postgres' work for all of them.
//!
//! Why: under load, Postgres' own work per statement (parse of the bind, a snapshot, the index
//! probe, the socket on both sides) costs more CPU than Stempel's whole request, and on a small
//! machine the two share the cores (docs/performance.md, issue 15). A hot project read by many
//! clients at once becomes one statement per round trip instead of one per request.
//!
//! What a read sees does not change: a read joins only a statement that has not been sent yet,
//! so the statement that answers it starts after the read arrived and sees every write
//! committed before. With nothing in flight a read goes out at once, alone, as before. A
//! statement that fails answers nobody: each of its reads runs again alone, so an error reaches
//! a caller exactly as an unbatched read would have.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sqlx::postgres::PgRow;
use tokio::sync::oneshot;

use super::exec::Param;
use super::pg_reader::PgReader;

/// Statements in flight per statement text and account. One keeps the batches as large as the
/// load makes them; the other reads (other statements, other accounts) are not held up.
const IN_FLIGHT: usize = 1;

/// At most this many ids in one statement; the rest wait for the next.
const MAX_IDS: usize = 256;

/// The rows of a batch, or `None` when its statement failed (each read then runs alone).
pub type Answer = Option<Arc<Vec<PgRow>>>;

type Waiter = (i64, oneshot::Sender<Answer>);

/// The batched statement's text (by address: it is a `'static` string) and the account.
type Key = (usize, i64);

#[derive(Default)]
pub struct Batches {
    lanes: Mutex<HashMap<Key, Lane>>,
    /// Statements sent and the reads they answered, since the process started.
    statements: AtomicU64,
    reads: AtomicU64,
}

#[derive(Default)]
struct Lane {
    running: usize,
    waiting: Vec<Waiter>,
}

impl Batches {
    /// How many batched statements went out and how many reads they carried.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.statements.load(Ordering::Relaxed),
            self.reads.load(Ordering::Relaxed),
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Lane>> {
        self.lanes.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The rows `many` returns for `id` and the other ids read with it. `many` takes the account
/// as `$1` and the ids as `$2`, a Postgres array literal (`$2::bigint[]`).
pub async fn rows_with(
    reader: &Arc<PgReader>,
    many: &'static str,
    account_id: i64,
    id: i64,
) -> Answer {
    let key = (many.as_ptr() as usize, account_id);
    let (tx, rx) = oneshot::channel();
    let start = {
        let mut lanes = reader.batches.lock();
        let lane = lanes.entry(key).or_default();
        lane.waiting.push((id, tx));
        (lane.running < IN_FLIGHT).then(|| {
            lane.running += 1;
            next_batch(lane)
        })
    };
    if let Some(batch) = start {
        let runner = Runner {
            reader: Arc::clone(reader),
            many,
            key,
            armed: true,
        };
        // A task of its own: the batch answers every read in it even if the request that
        // started it goes away.
        tokio::spawn(runner.run(batch));
    }
    // A runner that went away without answering (the runtime shutting down) drops the sender.
    rx.await.ok().flatten()
}

fn next_batch(lane: &mut Lane) -> Vec<Waiter> {
    let n = lane.waiting.len().min(MAX_IDS);
    lane.waiting.drain(..n).collect()
}

/// Sends batches for one lane until nobody waits. Dropped without finishing (the runtime
/// shut down mid-statement), it frees its place so that later reads are not stranded.
struct Runner {
    reader: Arc<PgReader>,
    many: &'static str,
    key: Key,
    armed: bool,
}

impl Runner {
    async fn run(mut self, mut batch: Vec<Waiter>) {
        loop {
            let answer = self.read(&batch).await;
            for (_, tx) in batch {
                // A read whose request went away has dropped its receiver; nothing to do.
                let _ = tx.send(answer.clone());
            }
            let mut lanes = self.reader.batches.lock();
            let Some(lane) = lanes.get_mut(&self.key) else {
                return;
            };
            if lane.waiting.is_empty() {
                // Under the same lock as the check: a read arriving now starts a runner.
                leave(&mut lanes, self.key);
                self.armed = false;
                return;
            }
            batch = next_batch(lane);
        }
    }

    async fn read(&self, batch: &[Waiter]) -> Answer {
        let mut ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let params = [Param::Int(self.key.1), Param::Text(format!("{{{list}}}"))];
        let batches = &self.reader.batches;
        batches.statements.fetch_add(1, Ordering::Relaxed);
        batches
            .reads
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        match self.reader.rows(self.many, &params).await {
            Ok(rows) => Some(Arc::new(rows)),
            Err(e) => {
                tracing::debug!(error = %e, "a batched read failed; its reads run alone");
                None
            }
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        leave(&mut self.reader.batches.lock(), self.key);
    }
}

/// A runner of `key`'s lane stops. The last one removes the lane; reads still waiting in it
/// (only when a runner was dropped mid-way) see their senders dropped and each runs alone.
fn leave(lanes: &mut HashMap<Key, Lane>, key: Key) {
    if let Some(lane) = lanes.get_mut(&key) {
        lane.running -= 1;
        if lane.running == 0 {
            lanes.remove(&key);
        }
    }
}
