//! The first visit (issue 16): real redirects from the server, the status of the public pages,
//! cache and compression headers. Both backends.

use app::model::Role;
use axum::http::StatusCode;

use crate::common::{account, backends, call, key, person, state, Browser};

fn location(p: &crate::common::Page) -> &str {
    p.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_visits_are_sent_to_setup_or_sign_in_with_303() {
    for b in backends().await {
        let st = state(&b.db, 1000);
        let anon = Browser::new(&st, None);
        // A fresh install: everything leads to the setup page, which answers 200.
        for path in ["/", "/time", "/login"] {
            let r = anon.get(path).await;
            assert_eq!(
                (r.status, location(&r)),
                (StatusCode::SEE_OTHER, "/setup"),
                "{}: {path}",
                b.name
            );
        }
        let r = anon.get("/setup").await;
        assert_eq!(r.status, StatusCode::OK, "{}", b.name);
        assert_eq!(r.headers["cache-control"], "no-cache", "{}", b.name);

        let admin = account(&b.db, "acme").await;
        person(&b.db, &admin, "sam", Role::Staff).await;
        for path in ["/", "/time", "/admin/users", "/projects/1", "/setup"] {
            let r = anon.get(path).await;
            assert_eq!(
                (r.status, location(&r)),
                (StatusCode::SEE_OTHER, "/login"),
                "{}: {path}",
                b.name
            );
        }
        let r = anon.get("/login").await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        // Downloads and APIs keep their own answers.
        assert_eq!(
            anon.get("/timesheet.csv").await.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            b.name
        );

        let staff = Browser::signed_in(&st, "acme", "sam", "sam-pass-1").await;
        for (path, to) in [("/login", "/"), ("/setup", "/")] {
            let r = staff.get(path).await;
            assert_eq!(
                (r.status, location(&r)),
                (StatusCode::SEE_OTHER, to),
                "{}: {path}",
                b.name
            );
        }
        assert_eq!(
            staff.get("/time").await.status,
            StatusCode::OK,
            "{}",
            b.name
        );
        assert_eq!(
            staff.get("/admin/users").await.status,
            StatusCode::FORBIDDEN,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn larger_answers_are_compressed_for_clients_that_accept_it() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        for i in 0..30 {
            let body = format!(r#"{{"clientName": "Client number {i}"}}"#);
            assert_eq!(
                call(&st, "POST", "/api/v2/ext/clients", Some(&c), Some(&body))
                    .await
                    .status,
                StatusCode::CREATED
            );
        }
        let plain = call(&st, "GET", "/api/v2/ext/clients?limit=100", Some(&c), None).await;
        assert!(
            plain.headers.get("content-encoding").is_none(),
            "{}",
            b.name
        );
        let r = crate::common::call_with_headers(
            &st,
            "GET",
            "/api/v2/ext/clients?limit=100",
            &[
                ("X-TimeTrack-Api-Key", &c.0),
                ("X-TimeTrack-Api-Secret", &c.1),
                ("Accept-Encoding", "br, gzip"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", b.name);
        assert_eq!(r.headers["content-encoding"], "br", "{}", b.name);
        assert!(r.body.len() < 2000, "{}: {} bytes", b.name, r.body.len());
    }
}

/// Pages are compressed harder than JSON (issue 16: a phone's first visit counts bytes): the
/// signed-in Time page with its pickers comes out smaller than the fastest level makes it.
#[tokio::test]
async fn pages_are_compressed_harder_than_the_fastest_level() {
    use app::services::clients::{self, ClientInput};
    use app::services::projects::{self, ProjectInput};
    use app::services::refs::Named;
    use std::io::{Read, Write};
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let client = ClientInput {
            name: Some("Initech".into()),
            ..Default::default()
        };
        let client = clients::create(&b.db, &admin, client).await.unwrap().id;
        for n in 0..40 {
            let input = ProjectInput {
                client: Some(Named::id("clientId", client)),
                name: Some(format!("Project number {n}")),
                ..Default::default()
            };
            projects::create(&b.db, &admin, input).await.unwrap();
        }
        let st = state(&b.db, 1000);
        let token = Browser::signed_in(&st, "acme", "admin", "correct horse")
            .await
            .token
            .unwrap();
        let cookie = format!("{}={token}", st.web.session_cookie());
        let headers = [("Cookie", cookie.as_str()), ("Accept-Encoding", "gzip")];
        let r = crate::common::call_with_headers(&st, "GET", "/time", &headers).await;
        assert_eq!(r.status, StatusCode::OK, "{}", b.name);
        assert_eq!(r.headers["content-encoding"], "gzip", "{}", b.name);
        let mut html = String::new();
        flate2::read::GzDecoder::new(&r.body[..])
            .read_to_string(&mut html)
            .unwrap();
        assert!(html.contains("Project number 39"), "{}", b.name);
        let mut fastest = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        fastest.write_all(html.as_bytes()).unwrap();
        let fastest = fastest.finish().unwrap().len();
        assert!(
            r.body.len() < fastest,
            "{}: {} bytes served, {fastest} at the fastest level ({} bytes of HTML)",
            b.name,
            r.body.len(),
            html.len()
        );
    }
}

#[tokio::test]
async fn health_and_readiness_answer_without_credentials() {
    for b in backends().await {
        let st = state(&b.db, 1);
        let anon = Browser::new(&st, None);
        for _ in 0..3 {
            let r = anon.get("/healthz").await;
            assert_eq!(
                (r.status, r.body.as_str()),
                (StatusCode::OK, "ok\n"),
                "{}",
                b.name
            );
            let r = anon.get("/readyz").await;
            assert_eq!(
                (r.status, r.body.as_str()),
                (StatusCode::OK, "ready\n"),
                "{}",
                b.name
            );
        }
        // A database that is gone: not ready, with the reason; the process is still healthy.
        b.db.pool.close().await;
        let r = anon.get("/readyz").await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", b.name);
        assert!(
            r.body.starts_with("not ready: database unreachable"),
            "{}: {}",
            b.name,
            r.body
        );
        assert_eq!(
            anon.get("/healthz").await.status,
            StatusCode::OK,
            "{}",
            b.name
        );
    }
}

#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of this test process, JSON, from a global subscriber set up once (a
/// thread-local one would miss lines while other tests run in parallel).
fn captured_log() -> &'static Captured {
    static LOG: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let lines = Captured::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
        lines
    })
}

#[tokio::test]
async fn the_access_log_names_each_request_without_its_query() {
    let lines = captured_log();
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let id = format!("abc-123-{}", b.name);
        let r = crate::common::call_with_headers(
            &st,
            "GET",
            "/api/v2/ext/clients?clientName=secret-search",
            &[
                ("X-TimeTrack-Api-Key", &c.0),
                ("X-TimeTrack-Api-Secret", &c.1),
                ("X-Request-Id", &id),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", b.name);
        assert_eq!(r.headers["x-request-id"], id.as_str(), "{}", b.name);
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let line: serde_json::Value = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["target"] == "access" && v["request_id"] == id.as_str())
            .unwrap_or_else(|| panic!("{}: no access line for {id}", b.name));
        assert_eq!(line["method"], "GET");
        assert_eq!(line["path"], "/api/v2/ext/clients");
        assert_eq!(line["status"], 200);
        assert_eq!(
            line["account_id"],
            admin.account_id.to_string(),
            "{}",
            b.name
        );
        assert!(
            !text.contains("secret-search"),
            "{}: the query leaked: {text}",
            b.name
        );
    }
}
