//! `attendance_breaks`: the finished breaks of a clocked attendance, kept beside it.

use super::{conn, Conn};

/// Stores an attendance's finished breaks (from, to as stored).
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    attendance_id: i64,
    breaks: &[(String, String)],
) -> Result<(), sqlx::Error> {
    for (from, to) in breaks {
        conn::execute(
            conn,
            "INSERT INTO attendance_breaks (account_id, attendance_id, started_at, ended_at) VALUES ($1, $2, $3, $4)",
            vec![
                account_id.into(),
                attendance_id.into(),
                from.clone().into(),
                to.clone().into(),
            ],
        )
        .await?;
    }
    Ok(())
}
