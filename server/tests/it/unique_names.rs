//! Names are unique by the database: concurrent creates that all pass the services' check
//! still end with one record, and the others get the same 422 field error as a plain duplicate.

use app::services::clients::{self, ClientInput};
use app::services::projects::{self, ProjectInput};
use app::services::refs::Named;
use app::services::ServiceError;

use crate::common::{account, backends};

/// The outcome of each call: Ok, or the field of its one 422 error.
fn outcome<T>(r: Result<T, ServiceError>) -> Result<(), String> {
    match r {
        Ok(_) => Ok(()),
        Err(ServiceError::Invalid(list)) if list.len() == 1 => Err(list[0].field.clone()),
        Err(other) => panic!("neither created nor a 422: {other:?}"),
    }
}

#[tokio::test]
async fn twenty_parallel_creates_of_one_name_make_one_record() {
    for b in backends().await {
        let actor = account(&b.db, "race").await;
        let mut calls = Vec::new();
        for _ in 0..20 {
            let (db, actor) = (b.db.clone(), actor.clone());
            calls.push(tokio::spawn(async move {
                let input = ClientInput {
                    name: Some("Müller & Söhne".into()),
                    ..Default::default()
                };
                outcome(clients::create(&db, &actor, input).await)
            }));
        }
        let mut results = Vec::new();
        for c in calls {
            results.push(c.await.unwrap());
        }
        let created = results.iter().filter(|r| r.is_ok()).count();
        let refused: Vec<_> = results.iter().filter_map(|r| r.clone().err()).collect();
        assert_eq!(created, 1, "{}: {results:?}", b.name);
        assert_eq!(refused, vec!["clientName".to_string(); 19], "{}", b.name);
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM clients WHERE account_id = $1 AND deleted_at IS NULL",
        )
        .bind(actor.account_id)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
        assert_eq!(live, 1, "{}", b.name);

        // The same for projects of one client.
        let mut calls = Vec::new();
        for _ in 0..20 {
            let (db, actor) = (b.db.clone(), actor.clone());
            calls.push(tokio::spawn(async move {
                let input = ProjectInput {
                    client: Some(Named::name("clientName", "Müller & Söhne")),
                    name: Some("Relaunch".into()),
                    ..Default::default()
                };
                outcome(projects::create(&db, &actor, input).await)
            }));
        }
        let mut results = Vec::new();
        for c in calls {
            results.push(c.await.unwrap());
        }
        let created = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(created, 1, "{}: {results:?}", b.name);
        assert!(
            results
                .iter()
                .all(|r| r.as_ref().err().is_none_or(|f| f == "projectName")),
            "{}: {results:?}",
            b.name
        );
    }
}
