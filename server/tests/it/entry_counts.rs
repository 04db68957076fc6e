//! The per-person entry counts (migration 0010, kept by triggers) stay equal to counting the
//! entries, through the service's writes and through raw statements (moves, restores, hard
//! deletes, bulk inserts), and the unfiltered list reports them as its total.

use app::db::Db;
use app::model::Role;
use app::services::demo::{fill, DemoSpec};
use app::services::time_entries::{self, TimeEntryFilter};
use app::services::{Actor, Paging};

use crate::common::backends;

/// (user, live, deleted) from the kept counts and from counting, for comparison.
async fn both(db: &Db, account_id: i64) -> (Vec<(i64, i64, i64)>, Vec<(i64, i64, i64)>) {
    let kept: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT user_id, live, deleted FROM time_entry_counts
          WHERE account_id = $1 AND (live <> 0 OR deleted <> 0) ORDER BY user_id",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let counted: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT user_id,
                CAST(SUM(CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END) AS BIGINT)
           FROM time_entries WHERE account_id = $1 GROUP BY user_id ORDER BY user_id",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    (kept, counted)
}

async fn exec(db: &Db, sql: &str, account_id: i64) {
    sqlx::query(sql)
        .bind(account_id)
        .execute(&db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn kept_counts_equal_the_entries_through_every_kind_of_write() {
    for b in backends().await {
        let done = fill(
            &b.db,
            DemoSpec {
                account: "counts".into(),
                users: 3,
                entries: 500,
            },
        )
        .await
        .unwrap();
        let a = done.account_id;
        let admin = Actor {
            account_id: a,
            user_id: None,
            role: Role::Admin,
        };
        let (kept, counted) = both(&b.db, a).await;
        assert_eq!(kept, counted, "{}: after the bulk fill", b.name);

        // Soft deletes through the service, then the raw statements a restore or a repair runs.
        let page = time_entries::list(
            &b.db,
            &admin,
            &TimeEntryFilter::default(),
            Paging { page: 0, limit: 10 },
        )
        .await
        .unwrap();
        assert_eq!(page.total, 500, "{}", b.name);
        for e in &page.items[..4] {
            time_entries::delete(&b.db, &admin, e.id).await.unwrap();
        }
        let steps = [
            "UPDATE time_entries SET deleted_at = NULL WHERE account_id = $1 AND id = (SELECT MIN(id) FROM time_entries WHERE account_id = $1 AND deleted_at IS NOT NULL)",
            "UPDATE time_entries SET user_id = (SELECT MIN(user_id) FROM time_entries WHERE account_id = $1) WHERE account_id = $1 AND id IN (SELECT id FROM time_entries WHERE account_id = $1 ORDER BY id DESC LIMIT 7)",
            "UPDATE time_entries SET details = 'only the text changes' WHERE account_id = $1",
            "DELETE FROM time_entry_tags WHERE account_id = $1",
            "DELETE FROM time_entries WHERE account_id = $1 AND id IN (SELECT id FROM time_entries WHERE account_id = $1 ORDER BY id LIMIT 3)",
        ];
        for step in steps {
            exec(&b.db, step, a).await;
            let (kept, counted) = both(&b.db, a).await;
            assert_eq!(kept, counted, "{}: after {step}", b.name);
        }
        let live: i64 = counted_live(&b.db, a).await;
        let listed = time_entries::list(
            &b.db,
            &admin,
            &TimeEntryFilter::default(),
            Paging { page: 0, limit: 1 },
        )
        .await
        .unwrap();
        assert_eq!(listed.total, live, "{}: the list's total", b.name);
        let with_deleted = TimeEntryFilter {
            include_deleted: true,
            ..Default::default()
        };
        let listed = time_entries::list(&b.db, &admin, &with_deleted, Paging { page: 0, limit: 1 })
            .await
            .unwrap();
        assert_eq!(listed.total, 497, "{}: 500 minus 3 hard deletes", b.name);
    }
}

async fn counted_live(db: &Db, account_id: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM time_entries WHERE account_id = $1 AND deleted_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}
