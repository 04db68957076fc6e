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

/// Runs `create` 20 times at once; the outcome of each.
async fn twenty_at_once<F, Fut>(create: F) -> Vec<Result<(), String>>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
{
    let calls: Vec<_> = (0..20).map(|_| tokio::spawn(create())).collect();
    let mut results = Vec::new();
    for c in calls {
        results.push(c.await.unwrap());
    }
    results
}

/// Exactly one created, and every other call refused on `field`.
fn one_created(results: &[Result<(), String>], field: &str, backend: &str) {
    let created = results.iter().filter(|r| r.is_ok()).count();
    let refused: Vec<_> = results.iter().filter_map(|r| r.clone().err()).collect();
    assert_eq!(created, 1, "{backend}: {results:?}");
    assert_eq!(refused, vec![field.to_string(); 19], "{backend}");
}

#[tokio::test]
async fn twenty_parallel_creates_of_one_name_make_one_record() {
    for b in backends().await {
        let actor = account(&b.db, "race").await;
        let results = twenty_at_once(|| {
            let (db, actor) = (b.db.clone(), actor.clone());
            async move {
                let input = ClientInput {
                    name: Some("Müller & Söhne".into()),
                    ..Default::default()
                };
                outcome(clients::create(&db, &actor, input).await)
            }
        })
        .await;
        one_created(&results, "clientName", b.name);
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM clients WHERE account_id = $1 AND deleted_at IS NULL",
        )
        .bind(actor.account_id)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
        assert_eq!(live, 1, "{}", b.name);

        // The same for projects of one client.
        let results = twenty_at_once(|| {
            let (db, actor) = (b.db.clone(), actor.clone());
            async move {
                let input = ProjectInput {
                    client: Some(Named::name("clientName", "Müller & Söhne")),
                    name: Some("Relaunch".into()),
                    ..Default::default()
                };
                outcome(projects::create(&db, &actor, input).await)
            }
        })
        .await;
        one_created(&results, "projectName", b.name);
    }
}
