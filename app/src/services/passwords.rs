//! Argon2 hashing and checking of passwords, off the async workers.
//!
//! One Argon2 run takes tens of milliseconds of CPU and 19 MiB of memory. Run on an async worker
//! it stalls every other request that worker serves (on two cores, a burst of sign-ins stalls
//! the server), so each run goes to the blocking pool; a semaphore lets at most one run per core
//! at a time, so a burst queues instead of taking all memory.

use std::sync::OnceLock;

use tokio::sync::Semaphore;

use super::{ServiceError, ServiceResult};

/// Longer passwords are refused before any hashing: nobody types more, and it bounds the work.
pub const MAX_LEN: usize = 1024;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Semaphore::new(cores)
    })
}

async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
    let _permit = permits()
        .acquire()
        .await
        .map_err(|_| ServiceError::Internal("password semaphore closed".into()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(format!("password worker failed: {e}")))
}

fn hash_now(password: &[u8]) -> ServiceResult<String> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password, &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("hashing a password failed: {e}")))
}

fn verify_now(password: &[u8], hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash)
        .map(|h| {
            argon2::Argon2::default()
                .verify_password(password, &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a random password, made once: checking against it costs what a real check costs,
/// so a sign-in for a user that does not exist takes as long as one for a user that does.
fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_now(super::random_hex(16).as_bytes()).unwrap_or_default())
}

/// The PHC string of `password`.
pub async fn hash(password: &str) -> ServiceResult<String> {
    let password = password.as_bytes().to_vec();
    run(move || hash_now(&password)).await?
}

/// Whether `password` matches `hash`; with no hash (no such user) the same work is done
/// against a decoy and the answer is false.
pub async fn verify(password: &str, hash: Option<String>) -> ServiceResult<bool> {
    let password = password.as_bytes().to_vec();
    run(move || match hash {
        Some(h) => verify_now(&password, &h),
        None => {
            verify_now(&password, decoy());
            false
        }
    })
    .await
}
