//! A time entry's create reads its references before the write lock and writes only while they
//! are still usable (`db::time_entries::insert_if_usable`): a project archived, a client
//! deleted or a person deactivated in between means nothing is written, and the service then
//! answers as if the reference had been read under the lock.

use app::db::time_entries::{insert_if_usable, EntryRow};
use app::services::clients::{self, ClientInput};
use app::services::projects::{self, ProjectInput};
use app::services::refs::Named;
use app::services::time_entries::{self, TimeEntryInput};
use app::services::ServiceError;
use chrono::{Duration, Utc};

use crate::common::{account, backends};

/// Whether the guarded insert writes the admin's entry on `project_id` now (rolled back).
async fn writes(db: &app::db::Db, account_id: i64, user_id: i64, project_id: i64) -> bool {
    let from = Utc::now() - Duration::hours(2);
    let row = EntryRow {
        user_id,
        project_id,
        task_id: None,
        from,
        to: from + Duration::hours(1),
        break_minutes: 0,
        worked_minutes: 60,
        billable: true,
        flat_rate: false,
        hour_rate_cents: None,
        latitude: None,
        longitude: None,
        latitude1: None,
        longitude1: None,
        details: "guarded",
        tags: "",
        invoice_number: None,
        account_day: &from.date_naive().to_string(),
    };
    let mut tx = db.begin_write(None).await.unwrap();
    let id = insert_if_usable(&mut tx, account_id, &row).await.unwrap();
    tx.rollback().await.unwrap();
    id.is_some()
}

#[tokio::test]
async fn an_entry_is_written_only_while_its_references_are_usable() {
    for b in backends().await {
        let actor = account(&b.db, "guard").await;
        let (account_id, user_id) = (actor.account_id, actor.user_id.unwrap());
        let client = ClientInput {
            name: Some("Globex".into()),
            ..Default::default()
        };
        clients::create(&b.db, &actor, client).await.unwrap();
        let input = ProjectInput {
            client: Some(Named::name("clientName", "Globex")),
            name: Some("Relaunch".into()),
            ..Default::default()
        };
        let project = projects::create(&b.db, &actor, input).await.unwrap();
        assert!(
            writes(&b.db, account_id, user_id, project.id).await,
            "{}",
            b.name
        );

        // Archived after the references were read: nothing is written, and a create through
        // the service names the archived project as before.
        let archive = ProjectInput {
            archived: Some(true),
            ..Default::default()
        };
        projects::update(&b.db, &actor, project.id, archive)
            .await
            .unwrap();
        assert!(
            !writes(&b.db, account_id, user_id, project.id).await,
            "{}",
            b.name
        );
        let from = Utc::now() - Duration::hours(3);
        let entry = TimeEntryInput {
            user: Some(Named::name("user", "admin")),
            project: Some(Named::id("projectId", project.id)),
            from: Some(from),
            to: Some(from + Duration::hours(1)),
            ..Default::default()
        };
        match time_entries::create(&b.db, &actor, entry).await {
            Err(ServiceError::Invalid(list)) => {
                assert_eq!(list[0].field, "projectId", "{}", b.name);
                assert!(list[0].message.contains("archived"), "{}", b.name);
            }
            other => panic!("{}: {other:?}", b.name),
        }
        let stored: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM time_entries WHERE account_id = $1")
                .bind(account_id)
                .fetch_one(&b.db.pool)
                .await
                .unwrap();
        assert_eq!(stored, 0, "{}", b.name);
    }
}
