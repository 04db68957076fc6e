//! The seeds' curl examples (../shared/seeds/timetrack-*.txt), written as in the seeds with the
//! typographic quotes fixed and the missing commas of the time-entry body added.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{account, backends, call, key, state, user};

const TE: &str = "/api/v2/ext/project_time_entries";

#[tokio::test]
async fn project_time_entry_examples() {
    for b in backends().await {
        let admin = account(&b.db, "testaccount").await;
        let creds = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "test").await;
        let c = call(
            &st,
            "POST",
            "/api/v2/ext/clients",
            Some(&creds),
            Some(r#"{"clientName": "Client 001"}"#),
        )
        .await;
        assert_eq!(c.status, StatusCode::CREATED, "{}: {}", b.name, c.json);
        let p = call(
            &st,
            "POST",
            "/api/v2/ext/projects",
            Some(&creds),
            Some(r#"{"projectName": "Project 006_1", "clientName": "Client 001"}"#),
        )
        .await;
        assert_eq!(p.status, StatusCode::CREATED, "{}: {}", b.name, p.json);
        let t = call(&st, "POST", "/api/v2/ext/tasks", Some(&creds), Some(r#"{"taskName": "Development", "projectName": "Project 006_1", "clientName": "Client 001"}"#)).await;
        assert_eq!(t.status, StatusCode::CREATED, "{}: {}", b.name, t.json);

        // curl -X "POST" ".../project_time_entries" -d $'{...}'
        let created = call(
            &st,
            "POST",
            TE,
            Some(&creds),
            Some(
                r#"{
"username": "test",
"from": "2020-10-20T10:00:00.000Z",
"to": "2020-10-20T14:00:00.000Z",
"clientName": "Client 001",
"projectName": "Project 006_1",
"task": "Development",
"hourRate": 50,
"breakMinutes": 15,
"details": "This is one test note"
}"#,
            ),
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{}: {}",
            b.name,
            created.json
        );
        let id = created.json["data"]["id"].as_i64().unwrap();
        assert_eq!(created.headers["location"], format!("{TE}/{id}"));
        let e = &created.json["data"];
        assert_eq!(e["workedMinutes"], 225, "{}", b.name);
        assert_eq!(e["breakMinutes"], 15);
        assert_eq!(e["hourRate"], 50);
        assert_eq!(e["task"], "Development");
        assert_eq!(e["user"], "test");
        assert_eq!(e["details"], "This is one test note");
        assert_eq!(e["from"], "2020-10-20T10:00:00.000Z");
        assert_eq!(e["billable"], true);
        assert_eq!(e["flatRate"], false);

        // curl ".../project_time_entries/" -d $'{}'
        let all = call(&st, "GET", &format!("{TE}/"), Some(&creds), Some("{}")).await;
        assert_eq!(all.status, StatusCode::OK);
        assert_eq!(all.json["meta"]["totalRecords"], 1, "{}", b.name);

        // curl ".../project_time_entries?username=test&from=2020-10-01T00:00:00.000Z&to=2020-10-23T23:59:59.999Z" -d $'{}'
        let found = call(
            &st,
            "GET",
            &format!(
                "{TE}?username=test&from=2020-10-01T00:00:00.000Z&to=2020-10-23T23:59:59.999Z"
            ),
            Some(&creds),
            Some("{}"),
        )
        .await;
        assert_eq!(found.json["meta"]["totalRecords"], 1, "{}", b.name);
        let outside = call(
            &st,
            "GET",
            &format!(
                "{TE}?username=test&from=2020-10-21T00:00:00.000Z&to=2020-10-23T23:59:59.999Z"
            ),
            Some(&creds),
            None,
        )
        .await;
        assert_eq!(outside.json["meta"]["totalRecords"], 0, "{}", b.name);

        // curl ".../project_time_entries/1" -d $'{}'
        let one = call(&st, "GET", &format!("{TE}/{id}"), Some(&creds), Some("{}")).await;
        assert_eq!(one.status, StatusCode::OK);
        assert_eq!(one.json["data"]["id"], id);

        // curl -X "PUT" ".../project_time_entries/1" -d $'{"hourRate": 35.5, "notes": "Test note for API"}'
        let updated = call(
            &st,
            "PUT",
            &format!("{TE}/{id}"),
            Some(&creds),
            Some(r#"{"hourRate": 35.5, "notes": "Test note for API"}"#),
        )
        .await;
        assert_eq!(
            updated.status,
            StatusCode::OK,
            "{}: {}",
            b.name,
            updated.json
        );
        assert_eq!(updated.json["data"]["hourRate"], 35.5);
        assert_eq!(updated.json["data"]["details"], "Test note for API");
        assert_eq!(updated.json["data"]["workedMinutes"], 225);

        // curl -X "DELETE" ".../project_time_entries/1" -d $'{}'
        let gone = call(
            &st,
            "DELETE",
            &format!("{TE}/{id}"),
            Some(&creds),
            Some("{}"),
        )
        .await;
        assert_eq!(gone.status, StatusCode::OK);
        assert_eq!(gone.json, json!({"data": {"id": id, "deleted": true}}));
        let again = call(&st, "GET", &format!("{TE}/{id}"), Some(&creds), None).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", b.name);
        assert_eq!(
            again.json["errors"][0],
            json!({"title": "TimeEntry exist but it is deleted", "status": 404, "code": 15020,
                   "detail": "TimeEntry is deleted and can not be used.", "source": {"parameter": "id"}})
        );
    }
}

#[tokio::test]
async fn project_examples() {
    for b in backends().await {
        let admin = account(&b.db, "testkonto").await;
        let creds = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        call(
            &st,
            "POST",
            "/api/v2/ext/clients",
            Some(&creds),
            Some(r#"{"clientName": "Test GmbH"}"#),
        )
        .await;
        // curl -X "POST" ".../projects" -d $'{ "projectName": "Test Projekt 001", "clientName": "Test GmbH" }'
        let p = call(
            &st,
            "POST",
            "/api/v2/ext/projects",
            Some(&creds),
            Some(r#"{ "projectName": "Test Projekt 001", "clientName": "Test GmbH" }"#),
        )
        .await;
        assert_eq!(p.status, StatusCode::CREATED, "{}: {}", b.name, p.json);
        let id = p.json["data"]["id"].as_i64().unwrap();
        assert_eq!(p.json["data"]["billable"], true);
        // curl ".../projects/" -d $'{}' and ".../projects?projectName=Test"
        assert_eq!(
            call(
                &st,
                "GET",
                "/api/v2/ext/projects/",
                Some(&creds),
                Some("{}")
            )
            .await
            .json["meta"]["totalRecords"],
            1
        );
        let f = call(
            &st,
            "GET",
            "/api/v2/ext/projects?projectName=Test",
            Some(&creds),
            Some("{}"),
        )
        .await;
        assert_eq!(
            f.json["data"][0]["projectName"], "Test Projekt 001",
            "{}",
            b.name
        );
        assert_eq!(
            call(
                &st,
                "GET",
                "/api/v2/ext/projects?projectName=Nope",
                Some(&creds),
                None
            )
            .await
            .json["meta"]["totalRecords"],
            0
        );
        // curl ".../projects/1" -d $'{}'
        assert_eq!(
            call(
                &st,
                "GET",
                &format!("/api/v2/ext/projects/{id}"),
                Some(&creds),
                Some("{}")
            )
            .await
            .status,
            StatusCode::OK
        );
        // curl -X "PUT" ".../projects/1" -d $'{ "hourRate": "50", "notes": "Test Projekt fuer API" }'
        let u = call(
            &st,
            "PUT",
            &format!("/api/v2/ext/projects/{id}"),
            Some(&creds),
            Some(r#"{ "hourRate": "50", "notes": "Test Projekt fuer API" }"#),
        )
        .await;
        assert_eq!(u.status, StatusCode::OK, "{}: {}", b.name, u.json);
        assert_eq!(u.json["data"]["hourRate"], 50);
        assert_eq!(u.json["data"]["notes"], "Test Projekt fuer API");
        // curl -X "DELETE" ".../projects/1" -d $'{}'
        let d = call(
            &st,
            "DELETE",
            &format!("/api/v2/ext/projects/{id}"),
            Some(&creds),
            Some("{}"),
        )
        .await;
        assert_eq!(d.status, StatusCode::OK, "{}: {}", b.name, d.json);
        let g = call(
            &st,
            "GET",
            &format!("/api/v2/ext/projects/{id}"),
            Some(&creds),
            None,
        )
        .await;
        assert_eq!(g.json["errors"][0]["code"], 12020, "{}", b.name);
    }
}

#[tokio::test]
async fn attendance_examples() {
    for b in backends().await {
        let admin = account(&b.db, "testkonto").await;
        let creds = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        user(&b.db, &admin, "ivan").await;
        user(&b.db, &admin, "hansm").await;
        // curl -X "POST" ".../attendances" -d $'{ "username": "ivan", "to": ..., "minutesBreak": 15, "details": "Das ist ein Test", "from": ... }'
        let a = call(
            &st,
            "POST",
            "/api/v2/ext/attendances",
            Some(&creds),
            Some(
                r#"{
"username": "ivan",
"to": "2020-10-17T14:00:00.000Z",
"minutesBreak": 15,
"details": "Das ist ein Test",
"from": "2020-10-17T10:00:00.000Z"
}"#,
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}: {}", b.name, a.json);
        let id = a.json["data"]["id"].as_i64().unwrap();
        assert_eq!(a.json["data"]["breakMinutes"], 15);
        assert_eq!(a.json["data"]["workedMinutes"], 225);
        assert_eq!(a.json["data"]["notes"], "Das ist ein Test");
        assert_eq!(a.json["data"]["manual"], true);
        // curl ".../attendances/" and ".../attendances?username=hansm&from=2020-10-01T00:00:00Z&to=2020-10-31T00:00:00Z"
        assert_eq!(
            call(
                &st,
                "GET",
                "/api/v2/ext/attendances/",
                Some(&creds),
                Some("{}")
            )
            .await
            .json["meta"]["totalRecords"],
            1
        );
        let h = call(&st, "GET", "/api/v2/ext/attendances?username=hansm&from=2020-10-01T00:00:00Z&to=2020-10-31T00:00:00Z", Some(&creds), Some("{}")).await;
        assert_eq!(h.status, StatusCode::OK);
        assert_eq!(h.json["meta"]["totalRecords"], 0, "{}", b.name);
        let i = call(&st, "GET", "/api/v2/ext/attendances?username=ivan&from=2020-10-01T00:00:00Z&to=2020-10-31T00:00:00Z", Some(&creds), None).await;
        assert_eq!(i.json["meta"]["totalRecords"], 1, "{}", b.name);
        // curl ".../attendances/1"
        assert_eq!(
            call(
                &st,
                "GET",
                &format!("/api/v2/ext/attendances/{id}"),
                Some(&creds),
                Some("{}")
            )
            .await
            .status,
            StatusCode::OK
        );
        // curl -X "PUT" ".../attendances/1" -d $'{ "notes": "Das ist ein Test Notiz", "to": "2020-10-17T23:00:00.000Z", "minutesBreak": "0" }'
        let u = call(
            &st,
            "PUT",
            &format!("/api/v2/ext/attendances/{id}"),
            Some(&creds),
            Some(
                r#"{
"notes": "Das ist ein Test Notiz",
"to": "2020-10-17T23:00:00.000Z",
"minutesBreak": "0"
}"#,
            ),
        )
        .await;
        assert_eq!(u.status, StatusCode::OK, "{}: {}", b.name, u.json);
        assert_eq!(u.json["data"]["workedMinutes"], 780);
        assert_eq!(u.json["data"]["breakMinutes"], 0);
        // curl -X "DELETE" ".../attendances/1" -d $'{}'
        assert_eq!(
            call(
                &st,
                "DELETE",
                &format!("/api/v2/ext/attendances/{id}"),
                Some(&creds),
                Some("{}")
            )
            .await
            .status,
            StatusCode::OK
        );
        assert_eq!(
            call(
                &st,
                "GET",
                &format!("/api/v2/ext/attendances/{id}"),
                Some(&creds),
                None
            )
            .await
            .json["errors"][0]["code"],
            17020
        );
    }
}
