use app::services::demo::{fill, DemoSpec};
use sqlx::Row;

use crate::common::backends;

#[tokio::test]
async fn demo_fills_an_account_and_can_run_twice() {
    for b in backends().await {
        let done = fill(
            &b.db,
            DemoSpec {
                account: "demo".into(),
                users: 3,
                entries: 1_234,
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (done.users, done.projects, done.entries),
            (3, 50, 1_234),
            "{}",
            b.name
        );
        let row = sqlx::query("SELECT COUNT(*), CAST(COALESCE(SUM(worked_minutes), 0) AS BIGINT) FROM time_entries WHERE account_id = $1")
            .bind(done.account_id)
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
        assert_eq!(row.get::<i64, _>(0), 1_234, "{}", b.name);
        assert!(row.get::<i64, _>(1) >= 1_234 * 15);
        // Entries are valid: worked = span, start before end.
        let bad: i64 = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM time_entries WHERE ended_at <= started_at",
        )
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
        assert_eq!(bad, 0);
        let again = fill(
            &b.db,
            DemoSpec {
                account: "demo".into(),
                users: 3,
                entries: 10,
            },
        )
        .await
        .unwrap();
        assert_eq!(
            again.account_id, done.account_id,
            "{}: a second run adds to the same account",
            b.name
        );
    }
}
