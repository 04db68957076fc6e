use axum::http::StatusCode;

use crate::common::{account, backends, call, insert_client, key, state};

#[tokio::test]
async fn list_clients_envelope_headers_and_filters() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let creds = key(&b.db, &actor).await;
        let st = state(&b.db, 1000);

        let empty = call(&st, "GET", "/api/v2/ext/clients", Some(&creds), None).await;
        assert_eq!(empty.status, StatusCode::OK, "{}", b.name);
        assert_eq!(
            empty.json,
            serde_json::json!({"data": [], "meta": {"pageNumber": 0, "limit": 50, "totalRecords": 0, "totalPages": 0}})
        );
        assert_eq!(empty.headers["x-ratelimit-limit"], "1000");
        assert_eq!(empty.headers["x-ratelimit-remaining"], "999");
        assert!(empty.headers.contains_key("x-ratelimit-reset"));

        insert_client(&b.db, actor.account_id, "Acme Corp", false).await;
        insert_client(&b.db, actor.account_id, "Beta 100%_off", false).await;
        insert_client(&b.db, actor.account_id, "Old Acme", true).await;

        // Trailing slash, GET with a JSON body (the seeds send -d '{}'), paging.
        let page = call(
            &st,
            "GET",
            "/api/v2/ext/clients/?limit=2&page_number=1",
            Some(&creds),
            Some("{}"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", b.name);
        assert_eq!(
            page.json["meta"],
            serde_json::json!({"pageNumber": 1, "limit": 2, "totalRecords": 3, "totalPages": 2})
        );
        assert_eq!(page.json["data"].as_array().unwrap().len(), 1);
        assert_eq!(page.headers["x-records"], "3");
        assert_eq!(page.headers["x-pages"], "2");
        assert_eq!(page.headers["x-page"], "1");

        let acme = call(
            &st,
            "GET",
            "/api/v2/ext/clients?clientName=aCmE",
            Some(&creds),
            None,
        )
        .await;
        let names: Vec<&str> = acme.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["clientName"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Acme Corp", "Old Acme"], "{}", b.name);
        let active = call(
            &st,
            "GET",
            "/api/v2/ext/clients?clientName=acme&archived=false",
            Some(&creds),
            None,
        )
        .await;
        assert_eq!(active.json["meta"]["totalRecords"], 1, "{}", b.name);
        // LIKE wildcards in the filter are literal.
        let literal = call(
            &st,
            "GET",
            "/api/v2/ext/clients?clientName=%25_",
            Some(&creds),
            None,
        )
        .await;
        assert_eq!(
            literal.json["data"][0]["clientName"], "Beta 100%_off",
            "{}",
            b.name
        );
        let first = &acme.json["data"][0];
        for field in [
            "id",
            "clientName",
            "notes",
            "address",
            "email",
            "hourRate",
            "archived",
            "createdAt",
            "updatedAt",
        ] {
            assert!(first.get(field).is_some(), "{}: field {field}", b.name);
        }
    }
}

#[tokio::test]
async fn authentication_failures_are_401_in_the_contract_shape() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let creds = key(&b.db, &actor).await;
        let st = state(&b.db, 1000);
        let wrong = (creds.0.clone(), "nope".to_string());
        for c in [None, Some(&wrong)] {
            let r = call(&st, "GET", "/api/v2/ext/clients", c, None).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", b.name);
            assert_eq!(r.json["errors"][0]["status"], 401);
            assert_eq!(r.json["errors"][0]["code"], 10401);
            assert!(r.json["errors"][0]["title"].is_string());
        }
        let id: i64 = sqlx::query_scalar::<_, i64>("SELECT id FROM api_keys WHERE public_key = $1")
            .bind(&creds.0)
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
        app::services::api_keys::revoke(&b.db, &actor, id)
            .await
            .unwrap();
        let r = call(&st, "GET", "/api/v2/ext/clients", Some(&creds), None).await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{}: revoked key",
            b.name
        );
    }
}

#[tokio::test]
async fn bad_paging_wrong_method_unknown_route_and_bad_id() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let creds = key(&b.db, &actor).await;
        let st = state(&b.db, 1000);
        let r = call(
            &st,
            "GET",
            "/api/v2/ext/clients?limit=1001&page_number=-1&archived=maybe",
            Some(&creds),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
        let mut params: Vec<&str> = r.json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["source"]["parameter"].as_str().unwrap())
            .collect();
        params.sort();
        assert_eq!(params, ["archived", "limit", "page_number"], "{}", b.name);

        let r = call(&st, "DELETE", "/api/v2/ext/clients", Some(&creds), None).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(r.json["errors"][0]["code"], 10405);
        let r = call(&st, "GET", "/api/v2/ext/nothing-here", Some(&creds), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.json["errors"][0]["code"], 10404);
        let r = call(&st, "GET", "/api/v2/ext/clients/abc", Some(&creds), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = call(&st, "GET", "/api/v2/ext/clients/999999", Some(&creds), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.json["errors"][0]["code"], 11010);
    }
}

#[tokio::test]
async fn another_accounts_key_sees_nothing_of_this_account() {
    for b in backends().await {
        let a = account(&b.db, "alpha").await;
        let other = account(&b.db, "beta").await;
        let secret_client = insert_client(&b.db, a.account_id, "Alpha secret client", false).await;
        let creds_b = key(&b.db, &other).await;
        let st = state(&b.db, 1000);
        let r = call(
            &st,
            "GET",
            &format!("/api/v2/ext/clients/{secret_client}"),
            Some(&creds_b),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", b.name);
        let list = call(&st, "GET", "/api/v2/ext/clients", Some(&creds_b), None).await;
        assert_eq!(list.json["meta"]["totalRecords"], 0, "{}", b.name);
        assert!(
            !list.json.to_string().contains("Alpha secret"),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn over_the_limit_is_429_with_retry_after() {
    for b in backends().await {
        let actor = account(&b.db, "acme").await;
        let creds = key(&b.db, &actor).await;
        let st = state(&b.db, 2);
        for _ in 0..2 {
            assert_eq!(
                call(&st, "GET", "/api/v2/ext/clients", Some(&creds), None)
                    .await
                    .status,
                StatusCode::OK
            );
        }
        let r = call(&st, "GET", "/api/v2/ext/clients", Some(&creds), None).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", b.name);
        let retry: i64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry));
        assert_eq!(r.headers["x-ratelimit-remaining"], "0");
        assert_eq!(r.json["errors"][0]["code"], 10429);
    }
}

#[tokio::test]
async fn openapi_document_and_docs_page_are_public() {
    for b in backends().await {
        let st = state(&b.db, 1000);
        let doc = call(&st, "GET", "/api/v2/ext/openapi.json", None, None).await;
        assert_eq!(doc.status, StatusCode::OK, "{}", b.name);
        assert_eq!(
            doc.headers["content-type"],
            "application/json; charset=utf-8"
        );
        assert_eq!(doc.json["openapi"], "3.1.0");
        for path in [
            "clients",
            "projects",
            "tasks",
            "project_time_entries",
            "expenses",
            "attendances",
            "absences",
            "absence_types",
        ] {
            assert!(
                doc.json["paths"][format!("/api/v2/ext/{path}")]["get"].is_object(),
                "{path}"
            );
            assert!(
                doc.json["paths"][format!("/api/v2/ext/{path}/{{id}}")]["put"].is_object(),
                "{path}"
            );
        }
        assert!(doc.json["paths"]["/api/v2/ext/project_timer/start"]["post"].is_object());
        assert!(doc.json["paths"]["/api/v2/ext/user_reports"]["get"].is_object());
        let required = &doc.json["components"]["schemas"]["ProjectTimeEntryCreate"]["required"];
        assert_eq!(
            required,
            &serde_json::json!(["user", "clientName", "projectName", "from", "to"])
        );
    }
}
