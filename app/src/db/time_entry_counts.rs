//! `time_entry_counts`: live and deleted entries per person, kept by triggers (migration 0010).

use super::Db;

/// The exact number of entries of the account, or of one person in it.
pub async fn total(
    db: &Db,
    account_id: i64,
    user_id: Option<i64>,
    include_deleted: bool,
) -> Result<i64, sqlx::Error> {
    let sum = if include_deleted {
        "live + deleted"
    } else {
        "live"
    };
    let person = if user_id.is_some() {
        " AND user_id = $2"
    } else {
        ""
    };
    let sql = format!(
        "SELECT CAST(COALESCE(SUM({sum}), 0) AS BIGINT) FROM time_entry_counts WHERE account_id = $1{person}"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(account_id);
    if let Some(u) = user_id {
        q = q.bind(u);
    }
    q.fetch_one(&db.pool).await
}
