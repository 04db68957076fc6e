//! The threads that run long work: SQLite lists and scans (`exec::Cost::Long`). One thread per
//! core, each scheduled as idle work (Linux `SCHED_IDLE`): it runs when a core has nothing else
//! to do, and a short request that wakes on the runtime threads takes the core at once.
//!
//! What this replaced, measured with `bench/run`'s rows on 2 cores: lists on tokio's blocking
//! pool at nice 10, bounded to half the cores, kept point reads at 64–76 % of their solo rate
//! beside lists but let a month's range use one core of two; every core at nice 10 let the
//! point reads fall to 43–45 %. Idle-class threads give the lists every core nobody else
//! wants and the short reads every core they want (89–92 % of solo beside lists). Writing a
//! long list's JSON here as well was slower (a second hand-off per request) and not needed.
//! The price: under a load of short requests that keeps every core busy, lists wait until a
//! core is free. The threads are the process's own, so nothing else (password hashing, static
//! files on the blocking pool) inherits their priority.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

/// Why long work did not answer: its thread ended without a result (it panicked).
#[derive(Debug, thiserror::Error)]
#[error("the long-work thread ended without an answer")]
pub struct Lost;

/// Runs `work` on one of the long-work threads and waits for its result.
pub async fn run<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> Result<R, Lost> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    queue()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .send(job)
        .map_err(|_| Lost)?;
    rx.await.map_err(|_| Lost)
}

/// The queue the threads take jobs from, started on first use.
fn queue() -> &'static Mutex<Sender<Job>> {
    static QUEUE: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..cores.max(1) {
            let rx = rx.clone();
            let started = std::thread::Builder::new()
                .name(format!("stempel-long-{i}"))
                .spawn(move || work_loop(&rx));
            if let Err(e) = started {
                tracing::error!(error = %e, "starting a long-work thread failed");
            }
        }
        Mutex::new(tx)
    })
}

fn work_loop(rx: &Mutex<Receiver<Job>>) {
    run_as_idle_work();
    loop {
        // The lock is held while waiting only, never while a job runs.
        let job = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        // A panicking job drops its sender, so its caller gets `Lost`; the thread goes on.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

/// Puts the calling thread in Linux's idle scheduling class; where that is refused, the
/// lowest ordinary priority (nice 19). Elsewhere this does nothing.
fn run_as_idle_work() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread (pid 0) with a parameter on the stack;
    // a failure only leaves the priority as it was.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) != 0 {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
        }
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn work_answers_and_a_panic_is_lost_not_fatal() {
        assert_eq!(super::run(|| 6 * 7).await.unwrap(), 42);
        let lost = super::run(|| -> i32 { panic!("on purpose") }).await;
        assert!(lost.is_err());
        assert_eq!(super::run(|| "still there").await.unwrap(), "still there");
    }
}
