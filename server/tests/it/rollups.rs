//! The time rollups (migration 0013, kept by triggers) answer every total exactly: after a bulk
//! fill, through raw statements (moves, invoices, soft and hard deletes, restores), for ranges
//! that cut days in two, before the days are stored (after the migration or a change of the
//! account's time zone) and after; `rollups::check` finds nothing and a rebuild changes nothing.

use app::db::Db;
use app::model::Role;
use app::services::accounts::{self, AccountInput};
use app::services::demo::{fill, DemoSpec};
use app::services::rollups;
use app::services::totals::{self, Scope, Sums, TotalsFilter};
use app::services::{Actor, Paging};
use chrono::{DateTime, Duration, Utc};

use crate::common::backends;

/// (total, billable, billed) minutes of the live entries started in [from, before), of one
/// person or everyone, counted.
async fn counted(
    db: &Db,
    a: i64,
    user: Option<i64>,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Sums {
    let t = |d: DateTime<Utc>| app::db::time::to_db(d);
    let (total, billable, billed): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(worked_minutes), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN billable = 1 THEN worked_minutes ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN invoice_number IS NOT NULL AND invoice_number <> '' THEN worked_minutes ELSE 0 END), 0) AS BIGINT)
           FROM time_entries WHERE account_id = $1 AND deleted_at IS NULL AND started_at >= $2 AND started_at < $3
            AND ($4 = 0 OR user_id = $4)",
    )
    .bind(a)
    .bind(t(from))
    .bind(t(before))
    .bind(user.unwrap_or(0))
    .fetch_one(&db.pool)
    .await
    .unwrap();
    Sums {
        total,
        billable,
        billed,
    }
}

/// Every window the totals must answer exactly: all time, whole local days, days cut at both
/// ends, a piece of one day.
fn windows(now: DateTime<Utc>) -> Vec<(Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
    let midnight = |days: i64| {
        let d = (now - Duration::days(days)).date_naive();
        app::services::reports::local_time(
            "Europe/Berlin".parse().unwrap(),
            d,
            chrono::NaiveTime::MIN,
        )
    };
    vec![
        (None, None),
        (Some(midnight(200)), Some(midnight(20))),
        (
            Some(midnight(200) + Duration::minutes(617)),
            Some(midnight(20) - Duration::minutes(97)),
        ),
        (
            Some(midnight(40) + Duration::hours(7)),
            Some(midnight(40) + Duration::hours(15)),
        ),
        (None, Some(midnight(100) + Duration::minutes(30))),
    ]
}

async fn assert_exact(db: &Db, admin: &Actor, name: &str, when: &str) {
    let now = Utc::now();
    for (from, before) in windows(now) {
        let f = TotalsFilter {
            started_from: from,
            started_before: before,
            ..Default::default()
        };
        let got = totals::sums(db, admin, Scope::Account, &f).await.unwrap();
        let lo = from.unwrap_or(now - Duration::days(3650));
        let hi = before.unwrap_or(now + Duration::days(3650));
        let want = counted(db, admin.account_id, None, lo, hi).await;
        assert_eq!(got, want, "{name} {when}: window {from:?} … {before:?}");
        // One person's (whole months from the monthly rollups per person, issue 17).
        let user = Some(first_user(db, admin.account_id).await);
        let theirs = TotalsFilter {
            user_id: user,
            ..f.clone()
        };
        let got = totals::sums(db, admin, Scope::Account, &theirs)
            .await
            .unwrap();
        let want_theirs = counted(db, admin.account_id, user, lo, hi).await;
        assert_eq!(
            got, want_theirs,
            "{name} {when}: one person, window {from:?} … {before:?}"
        );
        let per_project = totals::per_project(
            db,
            admin,
            &f,
            Paging {
                page: 0,
                limit: 1000,
            },
        )
        .await
        .unwrap();
        let summed: i64 = per_project.items.iter().map(|p| p.sums.total).sum();
        assert_eq!(
            summed, want.total,
            "{name} {when}: per project, window {from:?} … {before:?}"
        );
    }
}

/// The person the moves below give the most entries.
async fn first_user(db: &Db, a: i64) -> i64 {
    sqlx::query_scalar("SELECT MIN(user_id) FROM time_entries WHERE account_id = $1")
        .bind(a)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn check_clean(db: &Db, a: i64, name: &str, when: &str) {
    let c = rollups::check(db, a).await.unwrap();
    assert!(
        c.differences.is_empty(),
        "{name} {when}: {:?}",
        c.differences
    );
    assert!(c.wrong_days.is_empty(), "{name} {when}: {:?}", c.wrong_days);
    assert_eq!(c.unrolled, 0, "{name} {when}");
}

async fn exec(db: &Db, sql: &str, a: i64) {
    sqlx::query(sql).bind(a).execute(&db.pool).await.unwrap();
}

#[tokio::test]
async fn totals_stay_exact_through_every_write_a_zone_change_and_a_rebuild() {
    for b in backends().await {
        let (db, name) = (&b.db, b.name);
        let done = fill(
            db,
            DemoSpec {
                account: "rollups".into(),
                users: 3,
                entries: 2000,
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
        check_clean(db, a, name, "after the fill").await;
        assert_exact(db, &admin, name, "after the fill").await;
        let steps = [
            "UPDATE time_entries SET invoice_number = 'INV-7' WHERE account_id = $1 AND id % 7 = 0",
            "UPDATE time_entries SET billable = 1 - billable WHERE account_id = $1 AND id % 5 = 0",
            "UPDATE time_entries SET project_id = (SELECT MIN(project_id) FROM time_entries WHERE account_id = $1) WHERE account_id = $1 AND id % 11 = 0",
            "UPDATE time_entries SET user_id = (SELECT MIN(user_id) FROM time_entries WHERE account_id = $1) WHERE account_id = $1 AND id % 13 = 0",
            "UPDATE time_entries SET task_id = NULL WHERE account_id = $1 AND id % 17 = 0",
            "UPDATE time_entries SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE account_id = $1 AND id % 3 = 0",
            "UPDATE time_entries SET deleted_at = NULL WHERE account_id = $1 AND id % 9 = 0",
            "DELETE FROM time_entry_tags WHERE account_id = $1",
            "DELETE FROM time_entries WHERE account_id = $1 AND id % 19 = 0",
            // As after the migration: no entry has its day yet; totals read them one by one.
            "UPDATE time_entries SET account_day = '' WHERE account_id = $1 AND id % 2 = 0",
        ];
        for step in steps {
            exec(db, step, a).await;
            assert_exact(db, &admin, name, step).await;
        }
        assert!(rollups::backfill(db, a).await.unwrap() > 0, "{name}");
        check_clean(db, a, name, "after the backfill").await;
        assert_exact(db, &admin, name, "after the backfill").await;

        // A new zone: every day is forgotten at once, totals stay exact, the backfill stores
        // the new days.
        let input = AccountInput {
            timezone: Some("America/New_York".into()),
            ..Default::default()
        };
        accounts::update_settings(db, &admin, input).await.unwrap();
        assert_exact(db, &admin, name, "right after the zone change").await;
        rollups::backfill(db, a).await.unwrap();
        check_clean(db, a, name, "after the zone change").await;
        assert_exact(db, &admin, name, "after the zone change").await;

        let before: Vec<(i64, i64, String, i64)> = rollup_rows(db, a).await;
        rollups::rebuild(db, a).await.unwrap();
        assert_eq!(
            rollup_rows(db, a).await,
            before,
            "{name}: a rebuild changes nothing"
        );
    }
}

async fn rollup_rows(db: &Db, a: i64) -> Vec<(i64, i64, String, i64)> {
    sqlx::query_as(
        "SELECT project_id, task_id, day, minutes FROM time_rollups
          WHERE account_id = $1 AND entries <> 0 ORDER BY project_id, task_id, day",
    )
    .bind(a)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}
