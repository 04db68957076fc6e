//! Reads of one project or one entry by id, many at once: on Postgres those waiting at the same
//! time go to the server together in one statement (`db::pg_batch`), and each must still get
//! exactly its own answer: its row, or none when the id is missing, deleted or another
//! account's.

use app::services::clients::{self, ClientInput};
use app::services::projects::{self, ProjectInput};
use app::services::refs::Named;
use app::services::time_entries::{self, TimeEntryInput};
use app::services::ServiceError;
use chrono::{Duration, Utc};

use crate::common::{account, backends};

async fn project(db: &app::db::Db, actor: &app::services::Actor, client: i64, name: &str) -> i64 {
    let input = ProjectInput {
        client: Some(Named::id("clientId", client)),
        name: Some(name.into()),
        ..Default::default()
    };
    projects::create(db, actor, input).await.unwrap().id
}

async fn client(db: &app::db::Db, actor: &app::services::Actor, name: &str) -> i64 {
    let input = ClientInput {
        name: Some(name.into()),
        ..Default::default()
    };
    clients::create(db, actor, input).await.unwrap().id
}

/// What a read of a project answered: its name, or which refusal.
fn outcome(read: Result<app::model::Project, ServiceError>) -> String {
    match read {
        Ok(p) => p.name,
        Err(ServiceError::NotFound(_)) => "not found".into(),
        Err(ServiceError::Deleted(_)) => "deleted".into(),
        Err(e) => format!("{e:?}"),
    }
}

#[tokio::test]
async fn reads_at_once_each_get_their_own_row() {
    for b in backends().await {
        let (ours, theirs) = (
            account(&b.db, "batch-a").await,
            account(&b.db, "batch-b").await,
        );
        let c = client(&b.db, &ours, "Initech").await;
        let mut expected = Vec::new();
        for n in 0..12 {
            let name = format!("Project {n}");
            expected.push((project(&b.db, &ours, c, &name).await, name));
        }
        let gone = project(&b.db, &ours, c, "Gone").await;
        projects::delete(&b.db, &ours, gone).await.unwrap();
        expected.push((gone, "deleted".into()));
        let other_client = client(&b.db, &theirs, "Globex").await;
        let other = project(&b.db, &theirs, other_client, "Theirs").await;
        // Another account's project and an id nobody has are not found in this account.
        expected.push((other, "not found".into()));
        expected.push((other + 1000, "not found".into()));

        let before = batch_counts(&b.db);
        let reads = (0..200).map(|i| {
            let (id, want) = &expected[i % expected.len()];
            let db = b.db.clone();
            let actor = ours.clone();
            async move { (outcome(projects::get(&db, &actor, *id).await), want.clone()) }
        });
        // The other account reads its own project at the same time.
        let their_reads = (0..20).map(|_| projects::get(&b.db, &theirs, other));
        let (answers, their_answers) = futures::future::join(
            futures::future::join_all(reads),
            futures::future::join_all(their_reads),
        )
        .await;
        for (got, want) in answers {
            assert_eq!(got, want, "{}", b.name);
        }
        for got in their_answers {
            assert_eq!(got.unwrap().name, "Theirs", "{}", b.name);
        }
        if let (Some((s0, r0)), Some((s1, r1))) = (before, batch_counts(&b.db)) {
            assert_eq!(r1 - r0, 220, "{}: every read went through a batch", b.name);
            assert!(
                s1 - s0 < 110,
                "{}: {} statements carried 220 reads",
                b.name,
                s1 - s0
            );
        }
    }
}

#[tokio::test]
async fn entries_read_at_once_each_get_their_own() {
    for b in backends().await {
        let actor = account(&b.db, "batch-e").await;
        let c = client(&b.db, &actor, "Initech").await;
        let p = project(&b.db, &actor, c, "Printers").await;
        let start = Utc::now() - Duration::days(2);
        let mut expected = Vec::new();
        for n in 0..10i64 {
            let from = start + Duration::hours(n);
            let input = TimeEntryInput {
                user: Some(Named::name("user", "admin")),
                project: Some(Named::id("projectId", p)),
                from: Some(from),
                to: Some(from + Duration::minutes(10 + n)),
                ..Default::default()
            };
            let entry = time_entries::create(&b.db, &actor, input).await.unwrap();
            expected.push((entry.id, 10 + n));
        }
        let reads = (0..100).map(|i| {
            let (id, minutes) = expected[i % expected.len()];
            let (db, actor) = (b.db.clone(), actor.clone());
            async move {
                let entry = time_entries::get(&db, &actor, id).await.unwrap();
                (entry.id, entry.worked_minutes, id, minutes)
            }
        });
        for (got_id, got_minutes, id, minutes) in futures::future::join_all(reads).await {
            assert_eq!((got_id, got_minutes), (id, minutes), "{}", b.name);
        }
    }
}

/// Postgres only: the batched statements sent and the reads they carried so far.
fn batch_counts(db: &app::db::Db) -> Option<(u64, u64)> {
    db.reader.as_ref().map(|r| r.batches.counts())
}
