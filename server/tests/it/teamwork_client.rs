//! A Teamwork time client configured with nothing but the base URL and one API token, driven
//! exactly as such clients call (issue 19): the token as HTTP Basic user name with an empty or
//! dummy password, authenticate.json and projects.json first, JSON posted without a
//! Content-Type, a start time like `9:5`, paths joined with a double slash.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::common::{account, backends, call, key, state};

/// One request as the client sends it: Basic auth with `user:password`, no Content-Type.
async fn client(
    st: &app::server::AppState,
    method: &str,
    uri: &str,
    user_pass: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    use base64::Engine;
    let auth = base64::engine::general_purpose::STANDARD.encode(user_pass);
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("Authorization", format!("Basic {auth}"))
        .body(Body::from(body.unwrap_or("").to_string()))
        .unwrap();
    let resp = server::router::app(st.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_client_with_only_a_base_url_and_a_token_works() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let me = admin.user_id.unwrap();
        let generated = app::services::api_keys::generate(&b.db, &admin, "teamwork")
            .await
            .unwrap();
        let token = generated.token.clone();
        let st = state(&b.db, 1000);
        let rest = key(&b.db, &admin).await;
        for (path, body) in [
            ("clients", json!({"clientName": "Acme"})),
            (
                "projects",
                json!({"clientName": "Acme", "projectName": "Web"}),
            ),
            (
                "tasks",
                json!({"clientName": "Acme", "projectName": "Web", "taskName": "Design"}),
            ),
        ] {
            let uri = format!("/api/v2/ext/{path}");
            let r = call(&st, "POST", &uri, Some(&rest), Some(&body.to_string())).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}: {}", b.name, r.json);
        }

        // The token alone, with an empty password and with a dummy one.
        let empty = format!("{token}:");
        let (s, auth) = client(&st, "GET", "/teamwork/authenticate.json", &empty, None).await;
        assert_eq!(s, StatusCode::OK, "{}: {auth}", b.name);
        assert_eq!(auth["STATUS"], "OK", "{}", b.name);
        assert_eq!(
            auth["account"]["userId"],
            me.to_string(),
            "{}: {auth}",
            b.name
        );
        assert_eq!(auth["account"]["code"], "acme", "{}", b.name);
        let dummy = format!("{token}:X");
        let (s, _) = client(&st, "GET", "/teamwork/authenticate.json", &dummy, None).await;
        assert_eq!(s, StatusCode::OK, "{}", b.name);
        let wrong = format!("{}.{}:", generated.key.public_key, "0".repeat(64));
        let (s, _) = client(&st, "GET", "/teamwork/authenticate.json", &wrong, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{}", b.name);

        let (s, projects) = client(&st, "GET", "/teamwork/projects.json", &empty, None).await;
        assert_eq!(s, StatusCode::OK, "{}: {projects}", b.name);
        let project = &projects["projects"][0];
        assert_eq!(
            (&project["name"], &project["company"]["name"]),
            (&json!("Web"), &json!("Acme")),
            "{}: {projects}",
            b.name
        );
        let pid = project["id"].as_str().unwrap().to_string();

        let (s, people) = client(&st, "GET", "/teamwork/people.json", &empty, None).await;
        assert_eq!(s, StatusCode::OK, "{}: {people}", b.name);
        assert_eq!(people["people"][0]["user-name"], "admin", "{}", b.name);
        let uri = format!("/teamwork/people/{me}.json");
        let (s, person) = client(&st, "GET", &uri, &empty, None).await;
        assert_eq!(
            (s, &person["person"]["id"]),
            (StatusCode::OK, &json!(me.to_string()))
        );

        let uri = format!("/teamwork//projects/{pid}/tasks.json");
        let (s, tasks) = client(&st, "GET", &uri, &empty, None).await;
        assert_eq!(s, StatusCode::OK, "{}: {tasks}", b.name);
        assert_eq!(
            tasks["todo-items"][0]["content"], "Design",
            "{}: {tasks}",
            b.name
        );

        // A create without Content-Type, `9:5` and a compact date, on a double-slash path.
        let uri = format!("/teamwork//projects/{pid}/time_entries.json");
        let (s, before) = client(&st, "GET", &uri, &empty, None).await;
        assert_eq!(s, StatusCode::OK, "{}: {before}", b.name);
        assert_eq!(before["time-entries"].as_array().map(Vec::len), Some(0));
        let body = json!({"time-entry": {"person-id": me.to_string(), "date": "20260203",
            "time": "9:5", "hours": "1", "minutes": "15", "description": "from the client"}});
        let (s, created) = client(&st, "POST", &uri, &empty, Some(&body.to_string())).await;
        assert_eq!(s, StatusCode::CREATED, "{}: {created}", b.name);
        let (s, after) = client(&st, "GET", &uri, &empty, None).await;
        assert_eq!(s, StatusCode::OK, "{}", b.name);
        let entries = after["time-entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1, "{}: {after}", b.name);
        // 09:05 in the account's Europe/Berlin is 08:05 UTC in winter.
        assert_eq!(
            entries[0]["date"], "2026-02-03T08:05:00Z",
            "{}: {after}",
            b.name
        );
        assert_eq!(
            (&entries[0]["hours"], &entries[0]["minutes"]),
            (&json!("1"), &json!("15")),
            "{}: {after}",
            b.name
        );
    }
}
