//! The seeds' rough edges of issue 19, each pinned by a test that failed before its fix, on
//! both backends.

use axum::http::StatusCode;

use crate::common::{account, backends, call, key, state, urlencode};

/// The names a list answer carries under `field`.
fn names(json: &serde_json::Value, field: &str) -> Vec<String> {
    json["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no data: {json}"))
        .iter()
        .map(|x| x[field].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn contains_filters_fold_non_ascii_letters_on_both_backends() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let creds = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        for name in ["Ärzte GmbH", "Straße AG", "Other"] {
            let body = serde_json::json!({ "clientName": name }).to_string();
            let r = call(
                &st,
                "POST",
                "/api/v2/ext/clients",
                Some(&creds),
                Some(&body),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}: {}", b.name, r.json);
        }
        for (needle, expected) in [
            ("ärzte", vec!["Ärzte GmbH"]),
            ("ÄRZTE", vec!["Ärzte GmbH"]),
            ("RZTE gm", vec!["Ärzte GmbH"]),
            ("STRASSE", vec![]),
            ("straße", vec!["Straße AG"]),
        ] {
            let uri = format!("/api/v2/ext/clients?clientName={}", urlencode(needle));
            let r = call(&st, "GET", &uri, Some(&creds), None).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.json);
            assert_eq!(
                names(&r.json, "clientName"),
                expected,
                "{}: {needle}",
                b.name
            );
        }
        // Projects and tasks fold their names the same way.
        let body = r#"{"clientName": "Ärzte GmbH", "projectName": "Übersetzung"}"#;
        let r = call(
            &st,
            "POST",
            "/api/v2/ext/projects",
            Some(&creds),
            Some(body),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", b.name, r.json);
        let uri = format!("/api/v2/ext/projects?projectName={}", urlencode("übers"));
        let r = call(&st, "GET", &uri, Some(&creds), None).await;
        assert_eq!(names(&r.json, "projectName"), ["Übersetzung"], "{}", b.name);
    }
}

/// Every reference a record names (`clientName`, `projectName`, `task`, `user`) comes with its
/// numeric id, and the id is the referenced record's.
fn assert_ids(what: &str, data: &serde_json::Value, ids: &[(&str, &str, i64)]) {
    for (name, id_field, id) in ids {
        if data.get(*name).is_some() {
            assert_eq!(
                data[*id_field], *id,
                "{what}: {id_field} beside {name} in {data}"
            );
        }
    }
}

#[tokio::test]
async fn responses_carry_the_numeric_ids_the_contract_promises() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let creds = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let post = |path: &'static str, body: serde_json::Value| {
            let (st, creds) = (st.clone(), creds.clone());
            async move {
                let r = call(&st, "POST", path, Some(&creds), Some(&body.to_string())).await;
                assert!(r.status.is_success(), "{path}: {} {}", r.status, r.json);
                r.json["data"].clone()
            }
        };
        let client = post(
            "/api/v2/ext/clients",
            serde_json::json!({"clientName": "Acme"}),
        )
        .await;
        let project = post(
            "/api/v2/ext/projects",
            serde_json::json!({"clientName": "Acme", "projectName": "Web"}),
        )
        .await;
        let task = post(
            "/api/v2/ext/tasks",
            serde_json::json!({"clientName": "Acme", "projectName": "Web", "taskName": "Design"}),
        )
        .await;
        let ids = [
            ("clientName", "clientId", client["id"].as_i64().unwrap()),
            ("projectName", "projectId", project["id"].as_i64().unwrap()),
            ("task", "taskId", task["id"].as_i64().unwrap()),
            ("user", "userId", admin.user_id.unwrap()),
        ];
        let expense = post(
            "/api/v2/ext/expenses",
            serde_json::json!({"user": "admin", "clientName": "Acme", "projectName": "Web",
                "date": "2026-02-03", "amount": "12.50"}),
        )
        .await;
        let timer = post(
            "/api/v2/ext/project_timer/start",
            serde_json::json!({"user": "admin", "clientName": "Acme", "projectName": "Web", "task": "Design"}),
        )
        .await;
        let entry = post(
            "/api/v2/ext/project_timer/stop",
            serde_json::json!({"user": "admin"}),
        )
        .await;
        // A project's own id is `id`; its client is named by name and id.
        assert_ids(&format!("{}: project", b.name), &project, &ids[..1]);
        for (what, data) in [
            ("task", &task),
            ("expense", &expense),
            ("project timer", &timer),
            ("time entry", &entry),
        ] {
            assert_ids(&format!("{}: {what}", b.name), data, &ids);
        }
        // The promised ids the failing seed audit found missing.
        for (what, data) in [("task", &task), ("expense", &expense), ("timer", &timer)] {
            assert!(
                data["clientId"].is_i64(),
                "{}: {what} without clientId: {data}",
                b.name
            );
        }
        let running = call(
            &st,
            "GET",
            "/api/v2/ext/project_timer?user=admin",
            Some(&creds),
            None,
        )
        .await;
        assert_eq!(running.status, StatusCode::OK, "{}", b.name);
        assert_eq!(running.json["data"], serde_json::Value::Null, "{}", b.name);
    }
}

/// The parameters a 422 names, sorted.
fn invalid_parameters(r: &crate::common::Reply) -> Vec<String> {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    let mut out: Vec<String> = r.json["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {}", r.json))
        .iter()
        .map(|e| {
            assert_eq!(e["status"], 422, "{e}");
            e["source"]["parameter"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[tokio::test]
async fn a_422_names_every_missing_field_and_every_unknown_reference() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let creds = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let post = |path: String, body: String| {
            let (st, creds) = (st.clone(), creds.clone());
            async move { call(&st, "POST", &path, Some(&creds), Some(&body)).await }
        };
        for (path, body) in [
            ("clients", r#"{"clientName":"Acme"}"#),
            ("projects", r#"{"clientName":"Acme","projectName":"Web"}"#),
        ] {
            let r = post(format!("/api/v2/ext/{path}"), body.into()).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}: {}", b.name, r.json);
        }
        let count = |table: &'static str| {
            let db = b.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(&db.pool)
                    .await
                    .unwrap()
            }
        };
        let before: Vec<i64> = vec![
            count("attendances").await,
            count("expenses").await,
            count("absences").await,
            count("time_entries").await,
            count("running_project_timers").await,
        ];
        for (path, body, expected) in [
            ("attendances", "{}", &["from", "to", "user"][..]),
            (
                "expenses",
                "{}",
                &["amount", "clientName", "date", "projectName", "user"],
            ),
            ("absences", "{}", &["absenceType", "from", "to", "user"]),
            (
                "project_time_entries",
                "{}",
                &["clientName", "from", "projectName", "to", "user"],
            ),
            (
                "project_timer/start",
                "{}",
                &["clientName", "projectName", "user"],
            ),
            ("projects", "{}", &["clientName", "projectName"]),
            ("tasks", "{}", &["taskName"]),
            ("clients", "{}", &["clientName"]),
            ("absence_types", "{}", &["name"]),
            // Unknown references, together with what is missing.
            (
                "attendances",
                r#"{"user":"nobody"}"#,
                &["from", "to", "user"],
            ),
            (
                "expenses",
                r#"{"user":"nobody","clientName":"Acme","projectName":"Nope","date":"2026-02-03","amount":"1"}"#,
                &["projectName", "user"],
            ),
            (
                "absences",
                r#"{"user":"nobody","absenceType":"Nope","from":"2026-02-03","to":"2026-02-03"}"#,
                &["absenceType", "user"],
            ),
            (
                "project_time_entries",
                r#"{"user":"nobody","clientName":"Acme","projectName":"Web","task":"Nope","from":"2026-02-03T09:00:00Z","to":"2026-02-03T10:00:00Z"}"#,
                &["task", "user"],
            ),
            (
                "project_timer/start",
                r#"{"user":"nobody","clientName":"Acme","projectName":"Nope"}"#,
                &["projectName", "user"],
            ),
            // Missing fields and unknown references of entries and timers in one answer.
            (
                "project_time_entries",
                r#"{"user":"nobody","clientName":"Acme","projectName":"Nope"}"#,
                &["from", "projectName", "to", "user"],
            ),
            (
                "project_timer/start",
                r#"{"user":"nobody","projectName":"Nope"}"#,
                &["clientName", "projectName", "user"],
            ),
            (
                "projects",
                r#"{"clientName":"Nope","color":"red"}"#,
                &["clientName", "color", "projectName"],
            ),
            (
                "tasks",
                r#"{"clientName":"Acme","projectName":"Nope"}"#,
                &["projectName", "taskName"],
            ),
        ] {
            let r = post(format!("/api/v2/ext/{path}"), body.to_string()).await;
            assert_eq!(
                invalid_parameters(&r),
                expected,
                "{}: POST {path} {body}",
                b.name
            );
        }
        let after: Vec<i64> = vec![
            count("attendances").await,
            count("expenses").await,
            count("absences").await,
            count("time_entries").await,
            count("running_project_timers").await,
        ];
        assert_eq!(before, after, "{}: a refused create wrote nothing", b.name);

        // Updates name a bad value and an unknown reference together, and change nothing.
        let expense = post(
            "/api/v2/ext/expenses".into(),
            r#"{"user":"admin","clientName":"Acme","projectName":"Web","date":"2026-02-03","amount":"5"}"#.into(),
        )
        .await;
        assert_eq!(
            expense.status,
            StatusCode::CREATED,
            "{}: {}",
            b.name,
            expense.json
        );
        let entry = post(
            "/api/v2/ext/project_time_entries".into(),
            r#"{"user":"admin","clientName":"Acme","projectName":"Web","from":"2026-02-03T09:00:00Z","to":"2026-02-03T10:00:00Z"}"#.into(),
        )
        .await;
        assert_eq!(
            entry.status,
            StatusCode::CREATED,
            "{}: {}",
            b.name,
            entry.json
        );
        for (path, stored, body, expected) in [
            (
                format!("/api/v2/ext/expenses/{}", expense.json["data"]["id"]),
                &expense.json["data"],
                r#"{"projectName":"Nope","currency":"EURO"}"#,
                &["currency", "projectName"][..],
            ),
            (
                format!(
                    "/api/v2/ext/project_time_entries/{}",
                    entry.json["data"]["id"]
                ),
                &entry.json["data"],
                r#"{"task":"Nope","to":"2026-02-03T08:00:00Z"}"#,
                &["task", "to"],
            ),
        ] {
            let r = call(&st, "PUT", &path, Some(&creds), Some(body)).await;
            assert_eq!(
                invalid_parameters(&r),
                expected,
                "{}: PUT {path} {body}",
                b.name
            );
            let now = call(&st, "GET", &path, Some(&creds), None).await;
            assert_eq!(&now.json["data"], stored, "{}: {path} unchanged", b.name);
        }
    }
}
