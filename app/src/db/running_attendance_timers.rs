//! `running_attendance_timers`: the attendance clock, at most one per person (the unique
//! (account_id, user_id) index decides between racing clock-ins). Finished breaks are kept as
//! JSON (from, to) pairs.

use super::conn;
use super::exec::{Cells, FromCells};
use super::{time, Conn};
use crate::model::AttendanceTimer;

impl FromCells for AttendanceTimer {
    fn from_cells(c: &mut Cells<'_>) -> Result<AttendanceTimer, sqlx::Error> {
        let (user_id, username, running_since, break_running_since) =
            (c.int()?, c.text()?, c.text()?, c.opt_text()?);
        let breaks = serde_json::from_str(&c.text()?)
            .map_err(|e| sqlx::Error::Decode(format!("breaks_json: {e}").into()))?;
        Ok(AttendanceTimer {
            user_id,
            username,
            running_since,
            break_running_since,
            breaks,
            break_minutes: c.int()?,
        })
    }
}

/// The person's running clock.
pub async fn get(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
) -> Result<Option<AttendanceTimer>, sqlx::Error> {
    conn::row(
        conn,
        "SELECT r.user_id, u.username, r.started_at, r.break_started_at, r.breaks_json, r.break_minutes
         FROM running_attendance_timers r JOIN users u ON u.id = r.user_id AND u.account_id = r.account_id
         WHERE r.account_id = $1 AND r.user_id = $2",
        vec![account_id.into(), user_id.into()],
    )
    .await
}

/// Clocks the person in at `started_at` (as stored); a unique violation when clocked in.
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    started_at: &str,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "INSERT INTO running_attendance_timers (account_id, user_id, started_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
        vec![
            account_id.into(),
            user_id.into(),
            started_at.into(),
            time::now().into(),
        ],
    )
    .await?;
    Ok(())
}

/// Starts a break now.
pub async fn start_break(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "UPDATE running_attendance_timers SET break_started_at = $1, updated_at = $1 WHERE account_id = $2 AND user_id = $3",
        vec![time::now().into(), account_id.into(), user_id.into()],
    )
    .await?;
    Ok(())
}

/// Ends the running break, storing the finished breaks and their minutes.
pub async fn end_break(
    conn: &mut Conn,
    account_id: i64,
    user_id: i64,
    breaks: &[(String, String)],
    minutes: i64,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(breaks).unwrap_or_else(|_| "[]".into());
    conn::execute(
        conn,
        "UPDATE running_attendance_timers SET break_started_at = NULL, breaks_json = $1, break_minutes = $2, updated_at = $3
         WHERE account_id = $4 AND user_id = $5",
        vec![
            json.into(),
            minutes.into(),
            time::now().into(),
            account_id.into(),
            user_id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Ends the person's clock.
pub async fn delete(conn: &mut Conn, account_id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    conn::execute(
        conn,
        "DELETE FROM running_attendance_timers WHERE account_id = $1 AND user_id = $2",
        vec![account_id.into(), user_id.into()],
    )
    .await?;
    Ok(())
}
