//! Every resource's list / get / create / update / delete, on both backends.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{account, backends, call, key, state, user};

/// Creates with `create`, checks the list filter, updates with `update` (checking `changed`),
/// deletes, and checks the deleted record answers 404 with the resource's deleted code.
async fn roundtrip(
    st: &app::server::AppState,
    c: &(String, String),
    name: &str,
    path: &str,
    create: Value,
    filter: &str,
    update: Value,
    changed: (&str, Value),
    deleted_code: i64,
) {
    let base = format!("/api/v2/ext/{path}");
    let created = call(st, "POST", &base, Some(c), Some(&create.to_string())).await;
    assert_eq!(
        created.status,
        StatusCode::CREATED,
        "{name} {path}: {}",
        created.json
    );
    let id = created.json["data"]["id"].as_i64().unwrap();
    assert_eq!(created.headers["location"], format!("{base}/{id}"));
    for field in ["id", "createdAt", "updatedAt"] {
        assert!(created.json["data"].get(field).is_some(), "{path}: {field}");
    }
    let listed = call(st, "GET", &format!("{base}?{filter}"), Some(c), None).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(
        listed.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id),
        "{name} {path}: filter {filter} finds it: {}",
        listed.json
    );
    let got = call(st, "GET", &format!("{base}/{id}"), Some(c), None).await;
    assert_eq!(got.json["data"], created.json["data"], "{name} {path}");
    let updated = call(
        st,
        "PUT",
        &format!("{base}/{id}"),
        Some(c),
        Some(&update.to_string()),
    )
    .await;
    assert_eq!(
        updated.status,
        StatusCode::OK,
        "{name} {path}: {}",
        updated.json
    );
    assert_eq!(updated.json["data"][changed.0], changed.1, "{name} {path}");
    let deleted = call(st, "DELETE", &format!("{base}/{id}"), Some(c), None).await;
    assert_eq!(
        deleted.json,
        json!({"data": {"id": id, "deleted": true}}),
        "{name} {path}"
    );
    let gone = call(st, "GET", &format!("{base}/{id}"), Some(c), None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(
        gone.json["errors"][0]["code"], deleted_code,
        "{name} {path}"
    );
    let again = call(st, "DELETE", &format!("{base}/{id}"), Some(c), None).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "{name} {path}: deleting twice"
    );
    let listed = call(st, "GET", &format!("{base}?{filter}"), Some(c), None).await;
    assert!(
        !listed.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id),
        "{name} {path}: deleted records leave lists"
    );
}

#[tokio::test]
async fn every_resource_round_trips() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 10_000);
        user(&b.db, &admin, "ann").await;
        let n = b.name;
        roundtrip(
            &st,
            &c,
            n,
            "clients",
            json!({"clientName": "Temp Client", "email": "a@b.c", "hourRate": "12.34"}),
            "clientName=temp",
            json!({"address": "Main St 1"}),
            ("address", json!("Main St 1")),
            11020,
        )
        .await;
        call(
            &st,
            "POST",
            "/api/v2/ext/clients",
            Some(&c),
            Some(r#"{"clientName": "ACME"}"#),
        )
        .await;
        roundtrip(&st, &c, n, "projects", json!({"clientName": "ACME", "projectName": "Temp", "budgetMinutes": 600, "budgetAmount": "1000.50", "color": "#ff0000"}), "clientName=ACME", json!({"billable": 0}), ("billable", json!(false)), 12020).await;
        call(
            &st,
            "POST",
            "/api/v2/ext/projects",
            Some(&c),
            Some(r#"{"clientName": "ACME", "projectName": "Web"}"#),
        )
        .await;
        roundtrip(
            &st,
            &c,
            n,
            "tasks",
            json!({"taskName": "Global task"}),
            "taskName=global",
            json!({"completed": true}),
            ("completed", json!(true)),
            13020,
        )
        .await;
        roundtrip(&st, &c, n, "tasks", json!({"taskName": "QA", "clientName": "ACME", "projectName": "Web", "estimatedMinutes": "90"}), "projectName=Web", json!({"estimatedMinutes": 120}), ("estimatedMinutes", json!(120)), 13020).await;
        roundtrip(
            &st, &c, n, "project_time_entries",
            json!({"user": "ann", "clientName": "ACME", "projectName": "Web", "from": "2026-01-01T08:00:00Z", "to": "2026-01-01T09:00:00Z", "latitude": "52.5", "longitude": 13.4}),
            "projectName=Web", json!({"breakMinutes": 15}), ("workedMinutes", json!(45)), 15020,
        )
        .await;
        roundtrip(
            &st, &c, n, "expenses",
            json!({"user": "ann", "clientName": "ACME", "projectName": "Web", "date": "2026-01-02", "amount": 19.99, "category": "Travel"}),
            "user=ann&from=2026-01-01&to=2026-01-31", json!({"amount": "25"}), ("amount", json!(25)), 16020,
        )
        .await;
        roundtrip(
            &st,
            &c,
            n,
            "attendances",
            json!({"user": "ann", "from": "2026-01-01T08:00:00Z", "to": "2026-01-01T16:00:00Z"}),
            "user=ann",
            json!({"breakMinutes": 30}),
            ("workedMinutes", json!(450)),
            17020,
        )
        .await;
        roundtrip(
            &st, &c, n, "absences",
            json!({"user": "ann", "absenceType": "Sick Leave", "from": "2026-01-05", "to": "2026-01-09"}),
            "status=pending", json!({"status": "approved"}), ("status", json!("approved")), 18020,
        )
        .await;
        roundtrip(
            &st,
            &c,
            n,
            "absence_types",
            json!({"name": "Training", "paid": true, "color": "#123456"}),
            "name=train",
            json!({"countsAsWorkTime": false}),
            ("countsAsWorkTime", json!(false)),
            19020,
        )
        .await;
        // The expense currency defaults to the account's.
        let x = call(&st, "POST", "/api/v2/ext/expenses", Some(&c), Some(r#"{"user": "ann", "clientName": "ACME", "projectName": "Web", "date": "2026-01-02", "amount": "5"}"#)).await;
        assert_eq!(x.json["data"]["currency"], "EUR", "{n}");
        // An absence counts working days: Mon 5 – Fri 9 January 2026 is five.
        let a = call(&st, "POST", "/api/v2/ext/absences", Some(&c), Some(r#"{"user": "ann", "absenceType": "Paid Leave", "from": "2026-01-09", "to": "2026-01-12"}"#)).await;
        assert_eq!(a.json["data"]["days"], 2.0, "{n}: Fri + Mon");
    }
}
