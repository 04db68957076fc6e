//! `login_attempts`: one counter per account and bucket (a hash of who or where a sign-in came
//! from), in fixed windows. Rows are bounded in size (the bucket is a hash) and in age (purged).

use chrono::{DateTime, Utc};
use sqlx::Row as _;

use super::{time, Db};

/// Counts one more attempt in the bucket's window (a new window when the old one began at or
/// before `window_cutoff`), atomically, and returns the count and when the window began.
pub async fn bump(
    db: &Db,
    account_id: i64,
    bucket: &str,
    now: DateTime<Utc>,
    window_cutoff: DateTime<Utc>,
) -> Result<(i64, DateTime<Utc>), sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO login_attempts (account_id, bucket, window_start, attempts) VALUES ($1, $2, $3, 1)
         ON CONFLICT (account_id, bucket) DO UPDATE SET
           attempts = CASE WHEN login_attempts.window_start <= $4 THEN 1 ELSE login_attempts.attempts + 1 END,
           window_start = CASE WHEN login_attempts.window_start <= $4 THEN $3 ELSE login_attempts.window_start END
         RETURNING attempts, window_start",
    )
    .bind(account_id)
    .bind(bucket)
    .bind(time::to_db(now))
    .bind(time::to_db(window_cutoff))
    .fetch_one(&db.pool)
    .await?;
    let started: String = row.try_get("window_start")?;
    Ok((
        row.try_get("attempts")?,
        time::from_db(&started).unwrap_or(now),
    ))
}

/// Takes one attempt back (a sign-in that succeeded was no failure).
pub async fn give_back(db: &Db, account_id: i64, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_attempts SET attempts = attempts - 1
         WHERE account_id = $1 AND bucket = $2 AND attempts > 0",
    )
    .bind(account_id)
    .bind(bucket)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn forget(db: &Db, account_id: i64, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_attempts WHERE account_id = $1 AND bucket = $2")
        .bind(account_id)
        .bind(bucket)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Removes every window that began before `cutoff` (maintenance over all accounts: it deletes
/// expired counters and reads nothing out).
pub async fn purge(db: &Db, cutoff: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM login_attempts WHERE window_start < $1")
            .bind(time::to_db(cutoff))
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}

/// How many counter rows an account has (for tests and the operations docs).
pub async fn count(db: &Db, account_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM login_attempts WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}
