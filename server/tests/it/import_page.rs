//! The import page's server functions over HTTP, as the browser calls them: the multipart
//! upload with its preview, then the import with the chosen people; administrators only, and
//! an upload's token is of no use in another account.

use app::services::Actor;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::{account, backends, person, state, Browser};
use app::model::Role;

const TOGGL: &str = include_str!("../../../app/tests/fixtures/import/toggl.csv");
const BOUNDARY: &str = "----stempel-import-test";

fn multipart(file: &str) -> String {
    let field = |name: &str, value: &str| {
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    };
    format!(
        "{}{}--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"toggl.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{BOUNDARY}--\r\n",
        field("format", ""),
        field("timezone", "")
    )
}

/// POSTs `body` to server function `name` with the browser's session; (status, JSON).
async fn post(
    b: &Browser,
    name: &str,
    content_type: &str,
    body: String,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder()
        .method("POST")
        .uri(format!("/api/{name}"))
        .header("Content-Type", content_type)
        .header("Accept", "application/json")
        .header("Origin", "http://localhost")
        .header("Host", "localhost");
    if let Some(t) = &b.token {
        req = req.header("Cookie", format!("{}={t}", b.state.web.session_cookie()));
    }
    let resp = server::router::app(b.state.clone())
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

async fn preview(b: &Browser) -> (StatusCode, serde_json::Value) {
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    post(b, "import_preview", &ct, multipart(TOGGL)).await
}

async fn entries(db: &app::db::Db, a: &Actor) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM time_entries WHERE account_id = $1")
        .bind(a.account_id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn upload_preview_then_import_with_a_chosen_person() {
    for bk in backends().await {
        let st = state(&bk.db, 1000);
        let admin = account(&bk.db, "imp-page").await;
        let other = account(&bk.db, "imp-other").await;
        person(&bk.db, &admin, "max", Role::Manager).await;
        let b = Browser::signed_in(&st, "imp-page", "admin", "correct horse").await;
        let (status, up) = preview(&b).await;
        assert_eq!(status, StatusCode::OK, "{}: {up}", bk.name);
        assert_eq!(up["report"]["format"], "Toggl", "{}", bk.name);
        assert_eq!(up["report"]["entries"], 4, "{}", bk.name);
        assert_eq!(up["report"]["written"], false, "{}", bk.name);
        assert_eq!(
            up["report"]["preview"][0]["from"], "2026-03-02 09:00",
            "{}",
            bk.name
        );
        assert_eq!(
            entries(&bk.db, &admin).await,
            0,
            "{}: a preview writes nothing",
            bk.name
        );
        let token = up["token"].as_str().unwrap().to_string();

        // A manager may not upload; another account's admin cannot use the token.
        let m = Browser::signed_in(&st, "imp-page", "max", "max-pass-1").await;
        assert_eq!(preview(&m).await.0, StatusCode::FORBIDDEN, "{}", bk.name);
        let run_body = |token: &str, choice: String| {
            serde_json::json!({
                "token": token, "format": "", "timezone": "", "skip_bad_lines": false,
                "people": [{ "source": "anna.mueller@example.de", "choice": choice }]
            })
            .to_string()
        };
        let o = Browser::signed_in(&st, "imp-other", "admin", "correct horse").await;
        let (status, _) = post(
            &o,
            "import_run",
            "application/json",
            run_body(&token, "new".into()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bk.name);
        assert_eq!(entries(&bk.db, &other).await, 0, "{}", bk.name);

        let admin_id = admin.user_id.unwrap().to_string();
        let (status, done) = post(
            &b,
            "import_run",
            "application/json",
            run_body(&token, admin_id),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{}: {done}", bk.name);
        assert_eq!(
            (done["written"].as_bool(), done["entries"].as_u64()),
            (Some(true), Some(4)),
            "{}",
            bk.name
        );
        assert_eq!(entries(&bk.db, &admin).await, 4, "{}", bk.name);
        let anna: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM time_entries WHERE account_id = $1 AND user_id = $2",
        )
        .bind(admin.account_id)
        .bind(admin.user_id.unwrap())
        .fetch_one(&bk.db.pool)
        .await
        .unwrap();
        assert_eq!(
            anna, 2,
            "{}: Anna's entries went to the chosen user",
            bk.name
        );
        // The kept file is gone after the import.
        let (status, _) = post(
            &b,
            "import_run",
            "application/json",
            run_body(&token, "new".into()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bk.name);
    }
}
