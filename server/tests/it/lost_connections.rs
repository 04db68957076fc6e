//! The Postgres pool of reads outside transactions hands out connections without testing them
//! first (a round trip per read saved); a connection the server dropped while it sat idle shows
//! at its first read, which then runs again on another. The main pool tests what it hands out,
//! so writes and the reads inside them never meet a dropped connection. Here Postgres ends
//! every idle connection of both pools, as a restart of the server would.

use app::services::clients::{self, ClientInput};
use app::services::projects::{self, ProjectInput};
use app::services::refs::Named;

use crate::common::{account, backends};

/// Ends every other connection to this database (the pools' idle ones).
async fn drop_idle_connections(db: &app::db::Db) {
    let mut own = db.pool.acquire().await.unwrap();
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut *own)
    .await
    .unwrap();
    assert!(!ended.is_empty(), "the pool had idle connections to end");
    // This connection goes back to the pool alive; the ended ones are found dead on use.
}

#[tokio::test]
async fn reads_and_writes_go_on_after_the_server_dropped_idle_connections() {
    for b in backends().await {
        if b.name != "postgres" {
            continue;
        }
        let actor = account(&b.db, "lost").await;
        let input = ClientInput {
            name: Some("Initech".into()),
            ..Default::default()
        };
        let id = clients::create(&b.db, &actor, input).await.unwrap().id;
        let input = ProjectInput {
            client: Some(Named::id("clientId", id)),
            name: Some("Printers".into()),
            ..Default::default()
        };
        let project = projects::create(&b.db, &actor, input).await.unwrap().id;
        // Fill the pools with idle connections, then end them all.
        let reads: Vec<_> = (0..8)
            .map(|_| {
                let (db, actor) = (b.db.clone(), actor.clone());
                tokio::spawn(async move {
                    projects::get(&db, &actor, project).await.unwrap();
                    clients::get(&db, &actor, id).await.unwrap();
                })
            })
            .collect();
        for r in reads {
            r.await.unwrap();
        }
        drop_idle_connections(&b.db).await;

        for _ in 0..20 {
            assert_eq!(
                projects::get(&b.db, &actor, project).await.unwrap().name,
                "Printers"
            );
            assert_eq!(
                clients::get(&b.db, &actor, id).await.unwrap().name,
                "Initech"
            );
        }
        drop_idle_connections(&b.db).await;
        let input = ClientInput {
            name: Some("Initrode".into()),
            ..Default::default()
        };
        let created = clients::create(&b.db, &actor, input).await.unwrap();
        assert_eq!(
            clients::get(&b.db, &actor, created.id).await.unwrap().name,
            "Initrode"
        );
    }
}

/// A read whose request went away while Postgres was still answering leaves its connection
/// with an answer half read; that connection must never serve the next read. Here every
/// connection of the reads' pool is left that way once, then reads must each get their own
/// answer. (Also: `SELECT 1` is an `INTEGER` in Postgres and reads as a whole number.)
#[tokio::test]
async fn a_read_abandoned_midway_never_hands_its_answer_to_the_next() {
    use app::db::exec::Param;
    use std::time::Duration;
    for b in backends().await {
        if b.name != "postgres" {
            continue;
        }
        // Open the pool's 16 connections, so the abandoned reads run on them (not connecting).
        let warm = (0..16).map(|_| b.db.value::<i64>("SELECT 2 FROM pg_sleep(0.05)", vec![]));
        for read in futures::future::join_all(warm).await {
            assert_eq!(read.unwrap(), 2);
        }
        let abandoned = (0..16).map(|_| {
            tokio::time::timeout(
                Duration::from_millis(50),
                b.db.value::<i64>("SELECT 1 FROM pg_sleep(0.5)", vec![]),
            )
        });
        for read in futures::future::join_all(abandoned).await {
            assert!(read.is_err(), "the read was still running when abandoned");
        }
        for n in 0..40i64 {
            let sum: i64 =
                b.db.value(&format!("SELECT {n} + $1"), vec![Param::Int(1000)])
                    .await
                    .unwrap();
            assert_eq!(sum, n + 1000);
        }
        let one: i64 = b.db.value("SELECT 1", vec![]).await.unwrap();
        assert_eq!(one, 1);
    }
}
