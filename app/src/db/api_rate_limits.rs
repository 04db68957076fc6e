//! `api_rate_limits`: one row per API key, the start of its current window and how much of the
//! window's budget the processes have leased.

use super::Db;

/// Adds `chunk` to the key's window (opening a new window when the current one began at or
/// before `window_cutoff_ms`), atomically on both backends however many processes race.
/// Returns the window's start and its count after the addition (not capped at any limit: the
/// caller works out how much of the chunk fitted).
pub async fn lease(
    db: &Db,
    key_id: i64,
    account_id: i64,
    now_ms: i64,
    window_cutoff_ms: i64,
    chunk: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO api_rate_limits (api_key_id, account_id, window_start_ms, request_count)
         VALUES ($1, $2, $3, $5)
         ON CONFLICT (api_key_id) DO UPDATE SET
           window_start_ms = CASE WHEN api_rate_limits.window_start_ms <= $4 THEN $3
                                  ELSE api_rate_limits.window_start_ms END,
           request_count = CASE WHEN api_rate_limits.window_start_ms <= $4 THEN $5
                                ELSE api_rate_limits.request_count + $5 END
         RETURNING window_start_ms, request_count",
    )
    .bind(key_id)
    .bind(account_id)
    .bind(now_ms)
    .bind(window_cutoff_ms)
    .bind(chunk)
    .fetch_one(&db.pool)
    .await
}
