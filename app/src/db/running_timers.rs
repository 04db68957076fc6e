//! Counts over `running_project_timers` and `running_attendance_timers` for the operator's
//! metrics; the timers' own reads and writes live with their rules in `services::timers`.

use super::Db;

/// How many project timers and attendance clocks run in one account.
pub async fn count(db: &Db, account_id: i64) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM running_project_timers WHERE account_id = $1),
                (SELECT COUNT(*) FROM running_attendance_timers WHERE account_id = $1)",
    )
    .bind(account_id)
    .fetch_one(&db.pool)
    .await
}
