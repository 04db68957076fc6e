use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::{account, backends, call, key, state, user};

async fn get_csv(
    st: &app::server::AppState,
    uri: &str,
    cookie: Option<&str>,
) -> (StatusCode, String) {
    let (status, bytes) = get_bytes(st, uri, cookie).await;
    (status, String::from_utf8(bytes).unwrap())
}

async fn get_bytes(
    st: &app::server::AppState,
    uri: &str,
    cookie: Option<&str>,
) -> (StatusCode, Vec<u8>) {
    let mut req = Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header("Cookie", format!("stempel_session={c}"));
    }
    let resp = server::router::app(st.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    (
        status,
        resp.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
}

#[tokio::test]
async fn timesheet_csv_needs_a_session_and_matches_the_report() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let ann = user(&b.db, &admin, "ann").await;
        call(&st, "POST", "/api/v2/ext/attendances", Some(&c), Some(r#"{"user": "ann", "from": "2026-03-02T07:00:00Z", "to": "2026-03-02T15:30:00Z", "breakMinutes": 30}"#)).await;
        let (status, _) = get_csv(&st, "/timesheet.csv?month=2026-03", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", b.name);
        let signed =
            app::services::sessions::login(&b.db, "acme", "ann", "staff-pass-1", "192.0.2.1")
                .await
                .unwrap();
        let (status, body) =
            get_csv(&st, "/timesheet.csv?month=2026-03", Some(&signed.token)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", b.name);
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(
            lines.len(),
            1 + 31 + 1,
            "{}: header, 31 days, totals",
            b.name
        );
        assert!(
            lines[2].starts_with("2026-03-02,8:00,0:30,"),
            "{}: {}",
            b.name,
            lines[2]
        );
        assert!(lines[32].starts_with("total,8:00,0:30,"), "{}", b.name);
        // Staff see only their own sheet.
        let admin_id = admin.user_id.unwrap();
        let (status, _) = get_csv(
            &st,
            &format!("/timesheet.csv?month=2026-03&user={admin_id}"),
            Some(&signed.token),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", b.name);
        let _ = ann;
        let (status, _) = get_csv(&st, "/timesheet.csv?month=March", Some(&signed.token)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // The XLSX is a zip whose sheet holds the same day as hours (8:00 → 8, 0:30 → 0.5).
        let (status, xlsx) =
            get_bytes(&st, "/timesheet.xlsx?month=2026-03", Some(&signed.token)).await;
        assert_eq!(status, StatusCode::OK, "{}", b.name);
        assert_eq!(&xlsx[..4], b"PK\x03\x04", "{}", b.name);
        let text = String::from_utf8_lossy(&xlsx);
        assert!(
            text.contains(r#"<t xml:space="preserve">2026-03-02</t></is></c><c r="B3" s="2"><v>8</v></c><c r="C3" s="2"><v>0.5</v></c>"#),
            "{}",
            b.name
        );
        let (status, _) = get_bytes(&st, "/timesheet.xlsx?month=2026-03", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", b.name);
    }
}
