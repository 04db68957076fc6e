//! Per-key request budget, counted in the database so that every stempel process sharing it
//! draws from one budget. One row per key holds a window that opens with the key's first
//! request and lasts a minute; a single upsert opens a new window or counts into the current
//! one atomically on both SQLite and Postgres, however many processes race.

use chrono::Utc;
use sqlx::Row as _;

use super::api_keys::ApiPrincipal;
use super::ServiceResult;
use crate::db::Db;

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

pub async fn take(db: &Db, who: &ApiPrincipal, limit: i64) -> ServiceResult<Budget> {
    let now_ms = Utc::now().timestamp_millis();
    let row = sqlx::query(
        "INSERT INTO api_rate_limits (api_key_id, account_id, window_start_ms, request_count)
         VALUES ($1, $2, $3, 1)
         ON CONFLICT (api_key_id) DO UPDATE SET
           window_start_ms = CASE WHEN api_rate_limits.window_start_ms <= $4 THEN $3
                                  ELSE api_rate_limits.window_start_ms END,
           request_count = CASE WHEN api_rate_limits.window_start_ms <= $4 THEN 1
                                ELSE api_rate_limits.request_count + 1 END
         RETURNING window_start_ms, request_count",
    )
    .bind(who.key_id)
    .bind(who.account_id)
    .bind(now_ms)
    .bind(now_ms - WINDOW_MS)
    .fetch_one(&db.pool)
    .await?;
    let start: i64 = row.try_get(0)?;
    let count: i64 = row.try_get(1)?;
    let reset_ms = (start + WINDOW_MS - now_ms).max(0);
    if count > limit {
        super::metrics::count(&super::metrics::API_THROTTLED);
    }
    Ok(Budget {
        limit,
        remaining: (limit - count).max(0),
        reset_secs: (reset_ms + 999) / 1000,
        allowed: count <= limit,
    })
}
