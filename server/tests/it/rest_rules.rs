//! The contract's rules, through the REST API, on both backends.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{account, backends, call, key, state, user, Reply};

type Creds = (String, String);

async fn post(st: &app::server::AppState, c: &Creds, path: &str, body: Value) -> Reply {
    call(st, "POST", path, Some(c), Some(&body.to_string())).await
}

/// Client "ACME" (rate 40) → project "Web" → task "Design"; user "ann".
async fn fixture(st: &app::server::AppState, c: &Creds) {
    assert_eq!(
        post(
            st,
            c,
            "/api/v2/ext/clients",
            json!({"clientName": "ACME", "hourRate": "40"})
        )
        .await
        .status,
        StatusCode::CREATED
    );
    assert_eq!(
        post(
            st,
            c,
            "/api/v2/ext/projects",
            json!({"clientName": "ACME", "projectName": "Web"})
        )
        .await
        .status,
        StatusCode::CREATED
    );
    assert_eq!(
        post(
            st,
            c,
            "/api/v2/ext/tasks",
            json!({"clientName": "ACME", "projectName": "Web", "taskName": "Design"})
        )
        .await
        .status,
        StatusCode::CREATED
    );
}

fn entry(from: &str, to: &str) -> Value {
    json!({"user": "ann", "clientName": "ACME", "projectName": "Web", "from": from, "to": to})
}

fn params(r: &Reply) -> Vec<String> {
    let mut p: Vec<String> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"]["parameter"].as_str().unwrap_or("").to_string())
        .collect();
    p.sort();
    p
}

#[tokio::test]
async fn worked_minutes_and_its_checks() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ann").await;
        fixture(&st, &c).await;
        let path = "/api/v2/ext/project_time_entries";
        let mut e = entry("2026-03-29T00:30:00Z", "2026-03-29T03:30:00+02:00");
        e["breakMinutes"] = json!(10);
        let r = post(&st, &c, path, e.clone()).await;
        // 00:30Z → 01:30Z is 60 minutes (an offset is honoured), minus 10.
        assert_eq!(
            r.json["data"]["workedMinutes"], 50,
            "{}: {}",
            b.name, r.json
        );
        assert_eq!(r.json["data"]["to"], "2026-03-29T01:30:00.000Z");
        e["workedMinutes"] = json!(60);
        let wrong = post(&st, &c, path, e).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(params(&wrong), ["workedMinutes"], "{}", b.name);
        let backwards = post(
            &st,
            &c,
            path,
            entry("2026-01-01T10:00:00Z", "2026-01-01T09:00:00Z"),
        )
        .await;
        assert_eq!(params(&backwards), ["to"]);
        let equal = post(
            &st,
            &c,
            path,
            entry("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"),
        )
        .await;
        assert_eq!(params(&equal), ["to"]);
        let mut long_break = entry("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z");
        long_break["breakMinutes"] = json!(61);
        assert_eq!(
            params(&post(&st, &c, path, long_break).await),
            ["breakMinutes"]
        );
        // Nothing but the first entry was stored.
        assert_eq!(
            call(&st, "GET", path, Some(&c), None).await.json["meta"]["totalRecords"],
            1,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn hour_rate_comes_from_task_then_project_then_client_then_user() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let ann = user(&b.db, &admin, "ann").await;
        sqlx::query("UPDATE users SET hour_rate_cents = 2500 WHERE id = $1")
            .bind(ann)
            .execute(&b.db.pool)
            .await
            .unwrap();
        post(
            &st,
            &c,
            "/api/v2/ext/clients",
            json!({"clientName": "NoRate"}),
        )
        .await;
        post(
            &st,
            &c,
            "/api/v2/ext/projects",
            json!({"clientName": "NoRate", "projectName": "P"}),
        )
        .await;
        fixture(&st, &c).await;
        let path = "/api/v2/ext/project_time_entries";
        let rate = |r: Reply| r.json["data"]["hourRate"].clone();
        // user only
        let mut e = json!({"user": "ann", "clientName": "NoRate", "projectName": "P", "from": "2026-01-01T08:00:00Z", "to": "2026-01-01T09:00:00Z"});
        assert_eq!(
            rate(post(&st, &c, path, e.clone()).await),
            json!(25),
            "{}",
            b.name
        );
        // client beats user
        assert_eq!(
            rate(
                post(
                    &st,
                    &c,
                    path,
                    entry("2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z")
                )
                .await
            ),
            json!(40)
        );
        // project beats client
        let pid = call(
            &st,
            "GET",
            "/api/v2/ext/projects?projectName=Web",
            Some(&c),
            None,
        )
        .await
        .json["data"][0]["id"]
            .as_i64()
            .unwrap();
        call(
            &st,
            "PUT",
            &format!("/api/v2/ext/projects/{pid}"),
            Some(&c),
            Some(r#"{"hourRate": 60.25}"#),
        )
        .await;
        assert_eq!(
            rate(
                post(
                    &st,
                    &c,
                    path,
                    entry("2026-01-02T08:00:00Z", "2026-01-02T09:00:00Z")
                )
                .await
            ),
            json!(60.25)
        );
        // task beats project
        let tid = call(
            &st,
            "GET",
            "/api/v2/ext/tasks?taskName=Design",
            Some(&c),
            None,
        )
        .await
        .json["data"][0]["id"]
            .as_i64()
            .unwrap();
        call(
            &st,
            "PUT",
            &format!("/api/v2/ext/tasks/{tid}"),
            Some(&c),
            Some(r#"{"hourRate": "75"}"#),
        )
        .await;
        let mut with_task = entry("2026-01-03T08:00:00Z", "2026-01-03T09:00:00Z");
        with_task["task"] = json!("Design");
        assert_eq!(
            rate(post(&st, &c, path, with_task.clone()).await),
            json!(75)
        );
        // a sent rate beats them all
        with_task["hourRate"] = json!("12.5");
        assert_eq!(
            rate(post(&st, &c, path, with_task).await),
            json!(12.5),
            "{}",
            b.name
        );
        e["hourRate"] = json!(null);
        assert_eq!(rate(post(&st, &c, path, e).await), Value::Null);
    }
}

#[tokio::test]
async fn tags_are_parsed_from_hashtags() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ann").await;
        fixture(&st, &c).await;
        let mut e = entry("2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z");
        e["tags"] = json!("#design #urgent #design");
        let r = post(&st, &c, "/api/v2/ext/project_time_entries", e).await;
        assert_eq!(
            r.json["data"]["tags"], "#design #urgent #design",
            "the text is kept verbatim"
        );
        let id = r.json["data"]["id"].as_i64().unwrap();
        let names: Vec<String> = sqlx::query_scalar::<_, String>(
            "SELECT t.name FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id WHERE l.time_entry_id = $1 ORDER BY t.name",
        )
        .bind(id)
        .fetch_all(&b.db.pool)
        .await
        .unwrap();
        assert_eq!(names, ["design", "urgent"], "{}", b.name);
        call(
            &st,
            "PUT",
            &format!("/api/v2/ext/project_time_entries/{id}"),
            Some(&c),
            Some(r##"{"tags": "#review"}"##),
        )
        .await;
        let names: Vec<String> = sqlx::query_scalar::<_, String>(
            "SELECT t.name FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id WHERE l.time_entry_id = $1",
        )
        .bind(id)
        .fetch_all(&b.db.pool)
        .await
        .unwrap();
        assert_eq!(names, ["review"], "{}", b.name);
    }
}

#[tokio::test]
async fn attendances_never_overlap_but_may_touch() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ann").await;
        user(&b.db, &admin, "bob").await;
        let path = "/api/v2/ext/attendances";
        let first = post(
            &st,
            &c,
            path,
            json!({"user": "ann", "from": "2026-02-02T08:00:00Z", "to": "2026-02-02T12:00:00Z"}),
        )
        .await;
        assert_eq!(first.status, StatusCode::CREATED);
        let first_id = first.json["data"]["id"].as_i64().unwrap();
        let clash = post(
            &st,
            &c,
            path,
            json!({"user": "ann", "from": "2026-02-02T11:00:00Z", "to": "2026-02-02T13:00:00Z"}),
        )
        .await;
        assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
        assert!(
            clash.json["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains(&first_id.to_string()),
            "names the clashing entry"
        );
        let inside = post(
            &st,
            &c,
            path,
            json!({"user": "ann", "from": "2026-02-02T09:00:00Z", "to": "2026-02-02T10:00:00Z"}),
        )
        .await;
        assert_eq!(inside.status, StatusCode::UNPROCESSABLE_ENTITY);
        let touching = post(
            &st,
            &c,
            path,
            json!({"user": "ann", "from": "2026-02-02T12:00:00Z", "to": "2026-02-02T13:00:00Z"}),
        )
        .await;
        assert_eq!(
            touching.status,
            StatusCode::CREATED,
            "{}: end == next start is no overlap",
            b.name
        );
        let other_user = post(
            &st,
            &c,
            path,
            json!({"user": "bob", "from": "2026-02-02T09:00:00Z", "to": "2026-02-02T10:00:00Z"}),
        )
        .await;
        assert_eq!(other_user.status, StatusCode::CREATED);
        // Moving one onto another by update is refused as well.
        let touching_id = touching.json["data"]["id"].as_i64().unwrap();
        let moved = call(
            &st,
            "PUT",
            &format!("{path}/{touching_id}"),
            Some(&c),
            Some(r#"{"from": "2026-02-02T11:59:00Z"}"#),
        )
        .await;
        assert_eq!(moved.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
        // Project time entries may overlap.
        fixture(&st, &c).await;
        for _ in 0..2 {
            assert_eq!(
                post(
                    &st,
                    &c,
                    "/api/v2/ext/project_time_entries",
                    entry("2026-02-02T08:00:00Z", "2026-02-02T09:00:00Z")
                )
                .await
                .status,
                StatusCode::CREATED
            );
        }
    }
}

#[tokio::test]
async fn archived_references_are_refused_and_used_records_cannot_be_deleted() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ann").await;
        fixture(&st, &c).await;
        let e = post(
            &st,
            &c,
            "/api/v2/ext/project_time_entries",
            entry("2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z"),
        )
        .await;
        assert_eq!(e.status, StatusCode::CREATED);
        let cid = call(
            &st,
            "GET",
            "/api/v2/ext/clients?clientName=ACME",
            Some(&c),
            None,
        )
        .await
        .json["data"][0]["id"]
            .as_i64()
            .unwrap();
        let pid = e.json["data"]["projectId"].as_i64().unwrap();

        let d = call(
            &st,
            "DELETE",
            &format!("/api/v2/ext/clients/{cid}"),
            Some(&c),
            None,
        )
        .await;
        assert_eq!(d.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
        assert!(d.json["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("archive"));
        let d = call(
            &st,
            "DELETE",
            &format!("/api/v2/ext/projects/{pid}"),
            Some(&c),
            None,
        )
        .await;
        assert_eq!(d.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(d.json["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("archive"));

        call(
            &st,
            "PUT",
            &format!("/api/v2/ext/projects/{pid}"),
            Some(&c),
            Some(r#"{"archived": true}"#),
        )
        .await;
        let r = post(
            &st,
            &c,
            "/api/v2/ext/project_time_entries",
            entry("2026-01-02T08:00:00Z", "2026-01-02T09:00:00Z"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
        assert_eq!(params(&r), ["projectName"]);
        assert!(r.json["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("archived"));
        call(
            &st,
            "PUT",
            &format!("/api/v2/ext/projects/{pid}"),
            Some(&c),
            Some(r#"{"archived": "false"}"#),
        )
        .await;
        call(
            &st,
            "PUT",
            &format!("/api/v2/ext/clients/{cid}"),
            Some(&c),
            Some(r#"{"archived": 1}"#),
        )
        .await;
        let r = post(
            &st,
            &c,
            "/api/v2/ext/project_time_entries",
            entry("2026-01-02T08:00:00Z", "2026-01-02T09:00:00Z"),
        )
        .await;
        assert_eq!(params(&r), ["clientName"], "{}", b.name);
        // Names that match nothing are 422 naming the parameter.
        let mut unknown = entry("2026-01-02T08:00:00Z", "2026-01-02T09:00:00Z");
        unknown["user"] = json!("nobody");
        unknown["clientName"] = json!("Nope");
        let r = post(&st, &c, "/api/v2/ext/project_time_entries", unknown).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Not updatable fields are refused, all of them named.
        let id = e.json["data"]["id"].as_i64().unwrap();
        let r = call(
            &st,
            "PUT",
            &format!("/api/v2/ext/project_time_entries/{id}"),
            Some(&c),
            Some(r#"{"clientName": "X", "projectName": "Y", "user": "Z"}"#),
        )
        .await;
        assert_eq!(
            params(&r),
            ["clientName", "projectName", "user"],
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn project_timer_start_stop_and_twenty_racing_starts() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 100_000);
        user(&b.db, &admin, "ann").await;
        fixture(&st, &c).await;
        let start = json!({"user": "ann", "clientName": "ACME", "projectName": "Web", "task": "Design", "details": "#focus work", "tags": "#focus"});
        let none = call(
            &st,
            "GET",
            "/api/v2/ext/project_timer?user=ann",
            Some(&c),
            None,
        )
        .await;
        assert_eq!(none.json, json!({"data": null}));

        let mut racers = Vec::new();
        for _ in 0..20 {
            let st = st.clone();
            let c = c.clone();
            let body = start.to_string();
            racers.push(tokio::spawn(async move {
                call(
                    &st,
                    "POST",
                    "/api/v2/ext/project_timer/start",
                    Some(&c),
                    Some(&body),
                )
                .await
                .status
            }));
        }
        let mut created = 0;
        let mut refused = 0;
        for r in racers {
            match r.await.unwrap() {
                StatusCode::CREATED => created += 1,
                StatusCode::UNPROCESSABLE_ENTITY => refused += 1,
                other => panic!("{}: unexpected {other}", b.name),
            }
        }
        assert_eq!((created, refused), (1, 19), "{}", b.name);
        let running = call(
            &st,
            "GET",
            "/api/v2/ext/project_timer?user=ann",
            Some(&c),
            None,
        )
        .await;
        assert_eq!(running.json["data"]["projectName"], "Web");
        assert_eq!(running.json["data"]["task"], "Design");

        let changed = call(
            &st,
            "PUT",
            "/api/v2/ext/project_timer",
            Some(&c),
            Some(r#"{"user": "ann", "details": "changed"}"#),
        )
        .await;
        assert_eq!(changed.json["data"]["details"], "changed", "{}", b.name);
        let stop = call(
            &st,
            "POST",
            "/api/v2/ext/project_timer/stop",
            Some(&c),
            Some(r#"{"user": "ann"}"#),
        )
        .await;
        assert_eq!(
            stop.status,
            StatusCode::CREATED,
            "{}: {}",
            b.name,
            stop.json
        );
        assert_eq!(stop.json["data"]["details"], "changed");
        assert_eq!(stop.json["data"]["task"], "Design");
        assert!(stop.json["data"]["workedMinutes"].as_i64().unwrap() >= 1);
        assert_eq!(
            stop.headers["location"],
            format!(
                "/api/v2/ext/project_time_entries/{}",
                stop.json["data"]["id"]
            )
        );
        let again = call(
            &st,
            "POST",
            "/api/v2/ext/project_timer/stop",
            Some(&c),
            Some(r#"{"user": "ann"}"#),
        )
        .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        // start → discard leaves no entry
        post(&st, &c, "/api/v2/ext/project_timer/start", start.clone()).await;
        assert_eq!(
            call(
                &st,
                "DELETE",
                "/api/v2/ext/project_timer?user=ann",
                Some(&c),
                None
            )
            .await
            .status,
            StatusCode::OK
        );
        assert_eq!(
            call(
                &st,
                "GET",
                "/api/v2/ext/project_time_entries",
                Some(&c),
                None
            )
            .await
            .json["meta"]["totalRecords"],
            1,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn attendance_clock_with_breaks() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ann").await;
        let since = app::db::time::to_db(chrono::Utc::now() - chrono::Duration::hours(3));
        let clock_in = call(
            &st,
            "POST",
            "/api/v2/ext/attendance_timer/start",
            Some(&c),
            Some(&json!({"user": "ann", "from": since}).to_string()),
        )
        .await;
        assert_eq!(
            clock_in.status,
            StatusCode::CREATED,
            "{}: {}",
            b.name,
            clock_in.json
        );
        assert_eq!(
            call(
                &st,
                "POST",
                "/api/v2/ext/attendance_timer/start",
                Some(&c),
                Some(r#"{"user": "ann"}"#)
            )
            .await
            .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            call(
                &st,
                "POST",
                "/api/v2/ext/attendance_timer/break/stop",
                Some(&c),
                Some(r#"{"user": "ann"}"#)
            )
            .await
            .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            call(
                &st,
                "POST",
                "/api/v2/ext/attendance_timer/break/start",
                Some(&c),
                Some(r#"{"user": "ann"}"#)
            )
            .await
            .status,
            StatusCode::OK
        );
        let state_now = call(
            &st,
            "GET",
            "/api/v2/ext/attendance_timer?user=ann",
            Some(&c),
            None,
        )
        .await;
        assert!(
            state_now.json["data"]["breakRunningSince"].is_string(),
            "{}",
            b.name
        );
        assert_eq!(
            call(
                &st,
                "POST",
                "/api/v2/ext/attendance_timer/break/stop",
                Some(&c),
                Some(r#"{"user": "ann"}"#)
            )
            .await
            .status,
            StatusCode::OK
        );
        let out = call(
            &st,
            "POST",
            "/api/v2/ext/attendance_timer/stop",
            Some(&c),
            Some(r#"{"user": "ann"}"#),
        )
        .await;
        assert_eq!(out.status, StatusCode::CREATED, "{}: {}", b.name, out.json);
        assert_eq!(out.json["data"]["manual"], false);
        assert_eq!(out.json["data"]["from"], since.as_str());
        assert!(
            out.json["data"]["workedMinutes"].as_i64().unwrap() >= 179,
            "{}",
            b.name
        );
        assert_eq!(
            call(
                &st,
                "GET",
                "/api/v2/ext/attendance_timer?user=ann",
                Some(&c),
                None
            )
            .await
            .json,
            json!({"data": null})
        );
        let breaks: i64 = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM attendance_breaks")
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
        assert_eq!(breaks, 1, "{}", b.name);
    }
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ann").await;
        fixture(&st, &c).await;
        let path = "/api/v2/ext/project_time_entries";
        let malformed = call(
            &st,
            "POST",
            path,
            Some(&c),
            Some(r#"{"user": "ann", "from": }"#),
        )
        .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST, "{}", b.name);
        assert_eq!(malformed.json["errors"][0]["code"], 10400);
        let not_object = call(&st, "POST", path, Some(&c), Some("[1, 2]")).await;
        assert_eq!(not_object.status, StatusCode::BAD_REQUEST);

        let mut bad = entry("2024-02-30T10:00:00Z", "2024-02-10T24:00:00Z");
        bad["breakMinutes"] = json!("lots");
        bad["billable"] = json!("maybe");
        bad["hourRate"] = json!(-5);
        bad["latitude"] = json!(123.0);
        bad["details"] = json!("x".repeat(10_000));
        let r = post(&st, &c, path, bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
        assert_eq!(
            params(&r),
            ["billable", "breakMinutes", "from", "to"],
            "{}: the wire-level problems first",
            b.name
        );
        let mut bad2 = entry("2024-02-10T10:00:00Z", "2024-02-10T11:00:00Z");
        bad2["hourRate"] = json!(-5);
        bad2["latitude"] = json!(123.0);
        bad2["details"] = json!("x".repeat(10_000));
        let r = post(&st, &c, path, bad2).await;
        assert_eq!(
            params(&r),
            ["details", "hourRate", "latitude"],
            "{}",
            b.name
        );

        // SQL and HTML are stored and returned verbatim.
        let nasty = "'; DROP TABLE time_entries; -- <script>alert(1)</script>";
        let mut e = entry("2024-02-10T10:00:00Z", "2024-02-10T11:00:00Z");
        e["details"] = json!(nasty);
        let ok = post(&st, &c, path, e).await;
        assert_eq!(ok.json["data"]["details"], nasty, "{}", b.name);
        let list = call(&st, "GET", path, Some(&c), None).await;
        assert_eq!(
            list.json["meta"]["totalRecords"], 1,
            "{}: only the good entry exists",
            b.name
        );

        let wrong_type = call_with_type(&st, &c, path, "text/plain", "user=ann").await;
        assert_eq!(wrong_type, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let huge = format!(r#"{{"details": "{}"}}"#, "x".repeat(1_100_000));
        let too_big = call(&st, "POST", path, Some(&c), Some(&huge)).await;
        assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", b.name);
        assert_eq!(too_big.json["errors"][0]["code"], 10413);
        let backwards = call(
            &st,
            "GET",
            &format!("{path}?from=2024-02-10T00:00:00Z&to=2024-02-01T00:00:00Z"),
            Some(&c),
            None,
        )
        .await;
        assert_eq!(params(&backwards), ["to"]);
        let pages = call(
            &st,
            "GET",
            &format!("{path}?page_number=x&limit=5000"),
            Some(&c),
            None,
        )
        .await;
        assert_eq!(params(&pages), ["limit", "page_number"]);
    }
}

async fn call_with_type(
    st: &app::server::AppState,
    c: &Creds,
    path: &str,
    content_type: &str,
    body: &str,
) -> StatusCode {
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(path)
        .header("X-TimeTrack-Api-Key", &c.0)
        .header("X-TimeTrack-Api-Secret", &c.1)
        .header("Content-Type", content_type)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    server::router::app(st.clone())
        .oneshot(req)
        .await
        .unwrap()
        .status()
}

/// With account B's key, every endpoint on account A's ids answers 404 and shows nothing of A.
#[tokio::test]
async fn tenant_isolation_sweep() {
    for b in backends().await {
        let a = account(&b.db, "alpha").await;
        let other = account(&b.db, "beta").await;
        let ca = key(&b.db, &a).await;
        let cb = key(&b.db, &other).await;
        let st = state(&b.db, 10_000);
        let ann = user(&b.db, &a, "ann").await;
        fixture(&st, &ca).await;
        let report = call(
            &st,
            "GET",
            &format!("/api/v2/ext/user_reports/{ann}?from=2026-01-01&to=2026-01-31"),
            Some(&cb),
            None,
        )
        .await;
        assert_eq!(
            report.status,
            StatusCode::NOT_FOUND,
            "{}: another account's user report",
            b.name
        );
        let reports = call(
            &st,
            "GET",
            "/api/v2/ext/user_reports?from=2026-01-01&to=2026-01-31",
            Some(&cb),
            None,
        )
        .await;
        assert!(!reports.json.to_string().contains("\"ann\""), "{}", b.name);
        let mut ids: Vec<(&str, i64)> = Vec::new();
        let get_id = |r: &Reply| r.json["data"]["id"].as_i64().unwrap();
        ids.push((
            "clients",
            call(&st, "GET", "/api/v2/ext/clients", Some(&ca), None)
                .await
                .json["data"][0]["id"]
                .as_i64()
                .unwrap(),
        ));
        ids.push((
            "projects",
            call(&st, "GET", "/api/v2/ext/projects", Some(&ca), None)
                .await
                .json["data"][0]["id"]
                .as_i64()
                .unwrap(),
        ));
        ids.push((
            "tasks",
            call(&st, "GET", "/api/v2/ext/tasks", Some(&ca), None)
                .await
                .json["data"][0]["id"]
                .as_i64()
                .unwrap(),
        ));
        ids.push((
            "project_time_entries",
            get_id(
                &post(
                    &st,
                    &ca,
                    "/api/v2/ext/project_time_entries",
                    entry("2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z"),
                )
                .await,
            ),
        ));
        ids.push(("attendances", get_id(&post(&st, &ca, "/api/v2/ext/attendances", json!({"user": "ann", "from": "2026-01-01T08:00:00Z", "to": "2026-01-01T09:00:00Z"})).await)));
        ids.push(("expenses", get_id(&post(&st, &ca, "/api/v2/ext/expenses", json!({"user": "ann", "clientName": "ACME", "projectName": "Web", "date": "2026-01-01", "amount": "12.30"})).await)));
        ids.push(("absences", get_id(&post(&st, &ca, "/api/v2/ext/absences", json!({"user": "ann", "absenceType": "Paid Leave", "from": "2026-01-05", "to": "2026-01-06"})).await)));
        ids.push((
            "absence_types",
            call(&st, "GET", "/api/v2/ext/absence_types", Some(&ca), None)
                .await
                .json["data"][0]["id"]
                .as_i64()
                .unwrap(),
        ));
        for (resource, id) in &ids {
            for method in ["GET", "PUT", "DELETE"] {
                let r = call(
                    &st,
                    method,
                    &format!("/api/v2/ext/{resource}/{id}"),
                    Some(&cb),
                    Some(r#"{"notes": "x"}"#),
                )
                .await;
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{}: {method} {resource}/{id} with another account's key: {}",
                    b.name,
                    r.json
                );
            }
            let list = call(
                &st,
                "GET",
                &format!("/api/v2/ext/{resource}"),
                Some(&cb),
                None,
            )
            .await;
            let text = list.json.to_string();
            assert!(
                !text.contains("ACME") && !text.contains("ann"),
                "{}: {resource} list leaks: {text}",
                b.name
            );
            // A still sees its own record.
            assert_eq!(
                call(
                    &st,
                    "GET",
                    &format!("/api/v2/ext/{resource}/{id}"),
                    Some(&ca),
                    None
                )
                .await
                .status,
                StatusCode::OK,
                "{resource}"
            );
        }
        // Names of account A mean nothing to B.
        let r = post(
            &st,
            &cb,
            "/api/v2/ext/project_time_entries",
            entry("2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = call(
            &st,
            "GET",
            "/api/v2/ext/project_timer?user=ann",
            Some(&cb),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
    }
}

/// `from=…T00:00:00+02:00` written into a URL unescaped: the `+` arrives as a space and is read
/// as the offset (it was refused with a 422 before).
#[tokio::test]
async fn a_plus_offset_in_the_query_is_read_as_the_offset() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ann").await;
        fixture(&st, &c).await;
        let day = (chrono::Utc::now() - chrono::Duration::days(10)).date_naive();
        let path = "/api/v2/ext/project_time_entries";
        // 22:30Z the day before is 00:30 at +02:00 on `day`; 21:00Z is 23:00 the day before.
        let before = day - chrono::Duration::days(1);
        for (from, to) in [("22:30", "23:00"), ("21:00", "21:30")] {
            let e = entry(
                &format!("{before}T{from}:00Z"),
                &format!("{before}T{to}:00Z"),
            );
            assert_eq!(
                post(&st, &c, path, e).await.status,
                StatusCode::CREATED,
                "{}",
                b.name
            );
        }
        let uri = format!("{path}?from={day}T00:00:00+02:00&to={day}T12:00:00+02:00");
        let r = call(&st, "GET", &uri, Some(&c), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.json);
        let froms: Vec<&str> = r.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["from"].as_str().unwrap())
            .collect();
        assert_eq!(froms.len(), 1, "{}: {froms:?}", b.name);
        assert!(
            froms[0].starts_with(&format!("{before}T22:30")),
            "{}: {froms:?}",
            b.name
        );
    }
}
