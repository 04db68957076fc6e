//! "Continue" and "discard" (issue 18): continuing an entry starts the person's own timer with
//! its project, task, details, tags and billable flag; a running timer, someone else's entry or
//! a deleted one is refused and changes nothing; a discarded timer leaves no entry.

use app::db::Db;
use app::model::Role;
use app::services::demo::{fill, DemoSpec};
use app::services::refs::Named;
use app::services::{time_entries, timers, Actor, ServiceError};

use crate::common::backends;

/// Two people of the demo account and the newest entry of the first.
async fn setup(db: &Db) -> (Actor, Actor, i64) {
    let done = fill(
        db,
        DemoSpec {
            account: "cont".into(),
            users: 3,
            entries: 200,
        },
    )
    .await
    .unwrap();
    let a = done.account_id;
    let (first, second): (i64, i64) =
        sqlx::query_as("SELECT MIN(user_id), MAX(user_id) FROM time_entries WHERE account_id = $1")
            .bind(a)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let entry: i64 = sqlx::query_scalar(
        "SELECT MAX(id) FROM time_entries WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL",
    )
    .bind(a)
    .bind(first)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let staff = |id| Actor {
        account_id: a,
        user_id: Some(id),
        role: Role::Staff,
    };
    (staff(first), staff(second), entry)
}

async fn running(db: &Db, who: &Actor) -> Option<app::model::RunningProjectTimer> {
    let me = Named::id("user", who.user_id.unwrap());
    timers::project_timer(db, who, &me).await.unwrap()
}

async fn entries(db: &Db, a: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM time_entries WHERE account_id = $1")
        .bind(a)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn continue_starts_the_own_timer_on_the_entry_and_discard_leaves_nothing() {
    for b in backends().await {
        let (db, name) = (&b.db, b.name);
        let (sam, kim, id) = setup(db).await;
        let a = sam.account_id;
        let entry = time_entries::get(db, &sam, id).await.unwrap();
        let before = entries(db, a).await;

        let timer = timers::continue_entry(db, &sam, id).await.unwrap();
        let got = (
            timer.project_id,
            timer.task_id,
            timer.details.as_str(),
            timer.tags.as_str(),
            timer.billable,
        );
        let want = (
            entry.project_id,
            entry.task_id,
            entry.details.as_str(),
            entry.tags.as_str(),
            entry.billable,
        );
        assert_eq!(got, want, "{name}");
        assert_eq!(running(db, &sam).await, Some(timer.clone()), "{name}");

        // A second start while it runs is refused; the timer stays as it was.
        let e = timers::continue_entry(db, &sam, id).await.unwrap_err();
        assert!(matches!(e, ServiceError::Invalid(_)), "{name}: {e:?}");
        assert_eq!(running(db, &sam).await, Some(timer), "{name}");
        // Someone else's entry: not found for staff, and no timer for them.
        let e = timers::continue_entry(db, &kim, id).await.unwrap_err();
        assert!(matches!(e, ServiceError::NotFound(_)), "{name}: {e:?}");
        assert_eq!(running(db, &kim).await, None, "{name}");
        // An API key times nobody.
        let key = Actor {
            user_id: None,
            role: Role::Admin,
            ..sam
        };
        let e = timers::continue_entry(db, &key, id).await.unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden(_)), "{name}: {e:?}");

        // Discarded: no timer and no new entry; a second discard is refused.
        let me = Named::id("user", sam.user_id.unwrap());
        timers::discard_project_timer(db, &sam, &me).await.unwrap();
        assert_eq!(running(db, &sam).await, None, "{name}");
        assert_eq!(entries(db, a).await, before, "{name}");
        let e = timers::discard_project_timer(db, &sam, &me)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Invalid(_)), "{name}: {e:?}");

        // A deleted entry cannot be continued.
        time_entries::delete(db, &sam, id).await.unwrap();
        let e = timers::continue_entry(db, &sam, id).await.unwrap_err();
        assert!(matches!(e, ServiceError::Deleted(_)), "{name}: {e:?}");
        assert_eq!(running(db, &sam).await, None, "{name}");
    }
}
