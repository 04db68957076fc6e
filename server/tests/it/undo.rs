//! "Undo" after a delete (issue 18): each kind comes back as it was, for whoever may change it;
//! nobody else can restore it or even find it; a restored entry counts in the totals again; an
//! attendance whose time was taken meanwhile stays deleted.

use app::db::Db;
use app::model::Role;
use app::services::attendances::{self, AttendanceInput};
use app::services::demo::{fill, DemoSpec};
use app::services::refs::Named;
use app::services::undo::{self, Kind};
use app::services::{absences, expenses, rollups, time_entries, Actor, ServiceError};

use crate::common::backends;

async fn one(db: &Db, sql: &str, a: i64, user: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(a)
        .bind(user)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// Live or deleted, by the service's own reader.
async fn live(db: &Db, who: &Actor, kind: Kind, id: i64) -> Result<(), ServiceError> {
    match kind {
        Kind::Entry => time_entries::get(db, who, id).await.map(drop),
        Kind::Attendance => attendances::get(db, who, id).await.map(drop),
        Kind::Absence => absences::get(db, who, id).await.map(drop),
        Kind::Expense => expenses::get(db, who, id).await.map(drop),
    }
}

async fn delete(db: &Db, who: &Actor, kind: Kind, id: i64) {
    match kind {
        Kind::Entry => time_entries::delete(db, who, id).await,
        Kind::Attendance => attendances::delete(db, who, id).await,
        Kind::Absence => absences::delete(db, who, id).await,
        Kind::Expense => expenses::delete(db, who, id).await,
    }
    .unwrap()
}

#[tokio::test]
async fn a_delete_is_undone_by_whoever_may_change_the_record_and_by_nobody_else() {
    for b in backends().await {
        let (db, name) = (&b.db, b.name);
        let done = fill(
            db,
            DemoSpec {
                account: "undo".into(),
                users: 3,
                entries: 300,
            },
        )
        .await
        .unwrap();
        let a = done.account_id;
        let (first, other): (i64, i64) = sqlx::query_as(
            "SELECT MIN(user_id), MAX(user_id) FROM time_entries WHERE account_id = $1",
        )
        .bind(a)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let staff = |id| Actor {
            account_id: a,
            user_id: Some(id),
            role: Role::Staff,
        };
        let (sam, kim) = (staff(first), staff(other));
        let admin = Actor {
            account_id: a,
            user_id: None,
            role: Role::Admin,
        };
        let live_of = |table: &str| {
            format!(
            "SELECT MAX(id) FROM {table} WHERE account_id = $1 AND user_id = $2 AND deleted_at IS NULL"
        )
        };
        // A pending request of Sam's (staff may withdraw and restore only those).
        let absence = one(db, &live_of("absences"), a, first).await;
        sqlx::query("UPDATE absences SET status = 'pending' WHERE id = $1")
            .bind(absence)
            .execute(&db.pool)
            .await
            .unwrap();
        let totals_before = rollups::check(db, a).await.unwrap();
        for (kind, table) in [
            (Kind::Entry, "time_entries"),
            (Kind::Attendance, "attendances"),
            (Kind::Expense, "expenses"),
            (Kind::Absence, "absences"),
        ] {
            let id = one(db, &live_of(table), a, first).await;
            delete(db, &sam, kind, id).await;
            assert!(
                matches!(
                    live(db, &sam, kind, id).await,
                    Err(ServiceError::Deleted(_))
                ),
                "{name} {kind:?}"
            );
            // Someone else's: not found, and still deleted.
            let e = undo::restore(db, &kim, kind, id).await.unwrap_err();
            assert!(
                matches!(e, ServiceError::NotFound(_)),
                "{name} {kind:?}: {e:?}"
            );
            assert!(live(db, &sam, kind, id).await.is_err(), "{name} {kind:?}");
            // The owner's undo: live again; a second undo changes nothing.
            undo::restore(db, &sam, kind, id).await.unwrap();
            live(db, &sam, kind, id).await.unwrap();
            undo::restore(db, &sam, kind, id).await.unwrap();
            live(db, &sam, kind, id).await.unwrap();
            // The other account's administrator cannot reach it.
            let stranger = Actor {
                account_id: a + 1000,
                ..admin
            };
            assert!(
                undo::restore(db, &stranger, kind, id).await.is_err(),
                "{name} {kind:?}"
            );
        }
        // The restored entry counts again: the rollups equal the entries.
        let after = rollups::check(db, a).await.unwrap();
        assert!(
            after.differences.is_empty(),
            "{name}: {:?}",
            after.differences
        );
        assert_eq!(totals_before.differences, after.differences, "{name}");

        // An approved absence: staff cannot restore it once an administrator deleted it.
        let approved = one(db, &live_of("absences"), a, other).await;
        sqlx::query("UPDATE absences SET status = 'approved' WHERE id = $1")
            .bind(approved)
            .execute(&db.pool)
            .await
            .unwrap();
        delete(db, &admin, Kind::Absence, approved).await;
        let e = undo::restore(db, &kim, Kind::Absence, approved)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden(_)), "{name}: {e:?}");
        undo::restore(db, &admin, Kind::Absence, approved)
            .await
            .unwrap();

        // An attendance whose time another one took meanwhile stays deleted.
        let att = one(db, &live_of("attendances"), a, first).await;
        let old = attendances::get(db, &sam, att).await.unwrap();
        delete(db, &sam, Kind::Attendance, att).await;
        let t = |s: &str| app::db::time::from_db(s).unwrap();
        let input = AttendanceInput {
            user: Some(Named::id("user", first)),
            from: Some(t(&old.from)),
            to: Some(t(&old.to)),
            ..Default::default()
        };
        attendances::create(db, &sam, input).await.unwrap();
        let e = undo::restore(db, &sam, Kind::Attendance, att)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Invalid(_)), "{name}: {e:?}");
        assert!(
            matches!(
                live(db, &sam, Kind::Attendance, att).await,
                Err(ServiceError::Deleted(_))
            ),
            "{name}"
        );
        assert!(Kind::parse("nothing").is_err());
    }
}
