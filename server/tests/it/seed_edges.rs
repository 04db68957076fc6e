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
