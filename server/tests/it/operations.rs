//! Operating Stempel: backups that restore into either backend, and the metrics endpoint.

use app::db::backup::{self, BackupError};
use app::db::Db;
use app::services::demo::{fill, DemoSpec};
use app::services::refs::Named;
use app::services::{timers, Actor};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::{backends, insert_client, state};

async fn dump(db: &Db) -> Vec<u8> {
    let mut out = Vec::new();
    backup::dump(db, &mut out).await.expect("dump");
    out
}

/// The file without its header line (which names the source and the time it was taken).
fn body(file: &[u8]) -> &[u8] {
    let at = file
        .iter()
        .position(|b| *b == b'\n')
        .expect("a header line");
    &file[at + 1..]
}

async fn accounts(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// Demo data plus what the demo leaves out: floats, non-ASCII text with quotes and a line
/// break, a running timer, an API key.
async fn seeded(db: &Db) -> i64 {
    let done = fill(
        db,
        DemoSpec {
            account: "moving".into(),
            users: 3,
            entries: 700,
        },
    )
    .await
    .unwrap();
    sqlx::query(
        "UPDATE time_entries SET latitude = 52.520008, longitude = -13.404954, \
         details = $1 WHERE id = (SELECT MIN(id) FROM time_entries WHERE account_id = $2)",
    )
    .bind("Müller – „Angebot“, \"quoted\"\nzweite Zeile ✓")
    .bind(done.account_id)
    .execute(&db.pool)
    .await
    .unwrap();
    let admin = Actor {
        account_id: done.account_id,
        user_id: None,
        role: app::model::Role::Admin,
    };
    timers::clock_in(db, &admin, &Named::name("user", "admin"), None)
        .await
        .unwrap();
    app::services::api_keys::generate(db, &admin, "backup test")
        .await
        .unwrap();
    done.account_id
}

#[tokio::test]
async fn the_backup_table_list_is_the_whole_schema() {
    for b in backends().await {
        let mut listed: Vec<String> = backup::TABLES
            .iter()
            .chain(backup::DERIVED)
            .map(|t| t.to_string())
            .collect();
        listed.sort();
        let schema = backup::schema_tables(&b.db).await.unwrap();
        assert_eq!(listed, schema, "{}", b.name);
    }
}

#[tokio::test]
async fn a_backup_moves_from_sqlite_to_postgres_and_back_unchanged() {
    let first = backends().await;
    let (sqlite, postgres) = (&first[0].db, &first[1].db);
    let account_id = seeded(sqlite).await;
    let from_sqlite = dump(sqlite).await;

    let counts = backup::load(postgres, &mut &from_sqlite[..], false)
        .await
        .unwrap();
    assert_eq!(counts["time_entries"], 700);
    assert_eq!(counts["running_attendance_timers"], 1);
    let from_postgres = dump(postgres).await;
    assert_eq!(body(&from_sqlite), body(&from_postgres));

    // Postgres continues its ids above the restored ones.
    let max: i64 = sqlx::query_scalar("SELECT MAX(id) FROM clients")
        .fetch_one(&postgres.pool)
        .await
        .unwrap();
    assert!(insert_client(postgres, account_id, "After the move", false).await > max);

    // And back into a fresh SQLite file.
    let second = backends().await;
    let fresh = &second[0].db;
    backup::load(fresh, &mut &from_postgres[..], false)
        .await
        .unwrap();
    assert_eq!(body(&dump(fresh).await), body(&from_sqlite));
}

#[tokio::test]
async fn a_restore_refuses_a_full_database_and_a_truncated_file_and_changes_nothing() {
    for b in backends().await {
        let account_id = seeded(&b.db).await;
        let file = dump(&b.db).await;
        let before = dump(&b.db).await;

        // Over the database it came from: refused without --force, nothing changed.
        let err = backup::load(&b.db, &mut &file[..], false)
            .await
            .unwrap_err();
        assert!(matches!(err, BackupError::NotEmpty(1)), "{}: {err}", b.name);
        assert_eq!(body(&dump(&b.db).await), body(&before), "{}", b.name);

        // A file cut short (no closing line) is refused; the forced restore rolls back.
        let cut = &file[..file.len() - 2];
        let cut = &cut[..cut.iter().rposition(|c| *c == b'\n').unwrap() + 1];
        let err = backup::load(&b.db, &mut &cut[..], true).await.unwrap_err();
        assert!(err.to_string().contains("truncated"), "{}: {err}", b.name);
        assert_eq!(body(&dump(&b.db).await), body(&before), "{}", b.name);

        // Not a backup at all.
        let err = backup::load(&b.db, &mut &b"{\"hello\":1}\n"[..], true)
            .await
            .unwrap_err();
        assert!(
            matches!(err, BackupError::Format { line: 1, .. }),
            "{}: {err}",
            b.name
        );

        // With --force the database becomes the file.
        insert_client(&b.db, account_id, "Added after the backup", false).await;
        backup::load(&b.db, &mut &file[..], true).await.unwrap();
        assert_eq!(body(&dump(&b.db).await), body(&file), "{}", b.name);
        assert_eq!(accounts(&b.db).await, 1, "{}", b.name);
    }
}

async fn get(st: &app::server::AppState, uri: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::builder().uri(uri);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = server::router::app(st.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// The value of the series named exactly `series` (name with its labels), 0 when absent.
fn value(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
        .map_or(0.0, |v| v.parse().unwrap())
}

#[tokio::test]
async fn metrics_need_the_token_and_count_requests() {
    const TOKEN: &str = "metrics-token-for-the-tests-0123";
    for b in backends().await {
        let mut st = state(&b.db, 100);
        assert_eq!(
            get(&st, "/metrics", None).await.0,
            StatusCode::NOT_FOUND,
            "{}: off without a token",
            b.name
        );
        st.web.metrics_token = Some(TOKEN.into());
        assert_eq!(
            get(&st, "/metrics", None).await.0,
            StatusCode::UNAUTHORIZED,
            "{}",
            b.name
        );
        assert_eq!(
            get(&st, "/metrics", Some("wrong-token-wrong-token"))
                .await
                .0,
            StatusCode::UNAUTHORIZED,
            "{}",
            b.name
        );

        let account_id = seeded(&b.db).await;
        let (status, before) = get(&st, "/metrics", Some(TOKEN)).await;
        assert_eq!(status, StatusCode::OK, "{}", b.name);
        let ready = r#"stempel_http_requests_total{route="/readyz",method="GET",status="200"}"#;
        let n = value(&before, ready);
        assert_eq!(get(&st, "/readyz", None).await.0, StatusCode::OK);
        let (_, after) = get(&st, "/metrics", Some(TOKEN)).await;
        assert_eq!(value(&after, ready), n + 1.0, "{}:\n{after}", b.name);
        let count = r#"stempel_http_request_duration_seconds_count{route="/readyz",method="GET"}"#;
        assert!(value(&after, count) >= 1.0, "{}", b.name);
        let clocked =
            format!("stempel_running_timers{{account=\"{account_id}\",kind=\"attendance\"}}");
        assert_eq!(value(&after, &clocked), 1.0, "{}:\n{after}", b.name);
        assert!(
            after.contains("stempel_db_pool_max_connections "),
            "{}",
            b.name
        );
        assert!(
            after.contains("stempel_throttle_refusals_total{kind=\"api\"} "),
            "{}",
            b.name
        );
        // Reads by id travel in batches on Postgres only.
        assert_eq!(
            after.contains("stempel_db_batch_statements_total "),
            b.name == "postgres",
            "{}:\n{after}",
            b.name
        );
    }
}
