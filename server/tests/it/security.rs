//! What an anonymous visitor, a staff member, a colleague of another account and a foreign page
//! can do (issue 14). Every test runs on SQLite and Postgres.

use app::model::Role;
use app::services::{accounts, calendar, sessions, ServiceError};
use axum::http::StatusCode;
use serde_json::json;
use sqlx::Row;

use crate::common::{account, admin_user, backends, call, key, person, state, Browser};

fn yesterday() -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string()
}

async fn rows(db: &app::db::Db, sql: &str) -> Vec<String> {
    sqlx::query(sql)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

#[tokio::test]
async fn sign_in_failures_are_stored_in_bounded_form() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let st = state(&b.db, 1000);
        let anon = Browser::new(&st, None);
        let huge = "x".repeat(1 << 20);
        for _ in 0..5 {
            let r = anon
                .call(
                    "login",
                    &[("account", "acme"), ("username", &huge), ("password", "pw")],
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", b.name);
        }
        for i in 0..10 {
            let name = format!("nobody-{i}");
            let err = sessions::login(&b.db, "acme", &name, "wrong", "192.0.2.9").await;
            assert!(matches!(err, Err(ServiceError::Unauthorized)), "{}", b.name);
        }
        // Unknown accounts store nothing at all.
        let err = sessions::login(&b.db, "nope", "admin", "x", "192.0.2.9").await;
        assert!(matches!(err, Err(ServiceError::Unauthorized)), "{}", b.name);
        let buckets = rows(&b.db, "SELECT bucket FROM login_attempts").await;
        // Two per name tried (name, name+address) and one for the address; each a 64-char hash.
        assert_eq!(buckets.len(), 2 * 10 + 1, "{}: {buckets:?}", b.name);
        assert!(
            buckets
                .iter()
                .all(|k| k.len() == 64 && !k.contains("nobody")),
            "{}",
            b.name
        );
        // The purge removes windows that are over.
        sqlx::query("UPDATE login_attempts SET window_start = '2000-01-01T00:00:00.000Z'")
            .execute(&b.db.pool)
            .await
            .unwrap();
        let (_, purged) = sessions::purge(&b.db).await.unwrap();
        assert_eq!(purged, 21, "{}", b.name);
        let _ = admin;
    }
}

#[tokio::test]
async fn parallel_guesses_cannot_pass_the_lock_and_lock_only_the_guesser() {
    for b in backends().await {
        account(&b.db, "acme").await;
        let guesses = (0..20).map(|_| {
            let db = b.db.clone();
            tokio::spawn(async move {
                sessions::login(&db, "acme", "admin", "wrong", "198.51.100.1").await
            })
        });
        let mut wrong = 0;
        let mut locked = 0;
        for g in guesses {
            match g.await.unwrap() {
                Err(ServiceError::Unauthorized) => wrong += 1,
                Err(ServiceError::LockedOut { .. }) => locked += 1,
                other => panic!("{}: {:?}", b.name, other.err()),
            }
        }
        assert_eq!(
            (wrong, locked),
            (sessions::MAX_FAILURES, 20 - sessions::MAX_FAILURES),
            "{}",
            b.name
        );
        // The guesser's address is locked even with the right password …
        let here = sessions::login(&b.db, "acme", "admin", "correct horse", "198.51.100.1").await;
        assert!(
            matches!(here, Err(ServiceError::LockedOut { .. })),
            "{}",
            b.name
        );
        // … the admin at their own address is not.
        let there = sessions::login(&b.db, "acme", "admin", "correct horse", "203.0.113.5").await;
        assert!(there.is_ok(), "{}: {:?}", b.name, there.err());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cannot_read_the_administration_lists() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let r = call(
            &st,
            "POST",
            "/api/v2/ext/clients",
            Some(&c),
            Some(r#"{"clientName": "ACME", "email": "secret@acme.test", "hourRate": "95.00"}"#),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let r = call(
            &st,
            "POST",
            "/api/v2/ext/projects",
            Some(&c),
            Some(r#"{"clientName": "ACME", "projectName": "Web"}"#),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED);
        person(&b.db, &admin, "sam", Role::Staff).await;
        person(&b.db, &admin, "max", Role::Manager).await;
        let staff = Browser::signed_in(&st, "acme", "sam", "sam-pass-1").await;
        let manager = Browser::signed_in(&st, "acme", "max", "max-pass-1").await;
        for (name, form) in [
            ("list_clients", vec![]),
            ("list_projects_admin", vec![]),
            ("load_tasks_admin", vec![("project", "")]),
            ("list_absence_types_admin", vec![]),
            ("list_holidays_admin", vec![]),
            ("list_users_admin", vec![]),
            ("load_account_settings", vec![]),
            ("list_api_keys", vec![]),
            ("load_overview", vec![("from", ""), ("to", "")]),
        ] {
            let r = staff.call(name, &form).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{}: staff {name}: {}",
                b.name,
                r.body
            );
            assert!(!r.body.contains("secret@acme.test"), "{}: {name}", b.name);
        }
        let r = manager.call("list_clients", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        assert!(r.body.contains("secret@acme.test"), "{}", b.name);
        // The pickers give staff the names they need, nothing more.
        let r = staff.call("load_projects", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        assert!(
            r.body.contains("ACME / Web") && !r.body.contains("95"),
            "{}: {}",
            b.name,
            r.body
        );
        let r = staff
            .call(
                "load_expenses",
                &[("month", ""), ("project", ""), ("user", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        assert!(r.body.contains("ACME / Web"), "{}", b.name);
    }
}

/// Account `acme` with client ACME, project Web and its signed-in admin: (state, API key,
/// project id, browser).
async fn acme_with_a_project(
    b: &crate::common::Backend,
) -> (app::server::AppState, (String, String), String, Browser) {
    let admin = account(&b.db, "acme").await;
    let c = key(&b.db, &admin).await;
    let st = state(&b.db, 1000);
    let r = call(
        &st,
        "POST",
        "/api/v2/ext/clients",
        Some(&c),
        Some(r#"{"clientName": "ACME"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", b.name);
    let body = r#"{"clientName": "ACME", "projectName": "Web"}"#;
    let p = call(&st, "POST", "/api/v2/ext/projects", Some(&c), Some(body)).await;
    let pid = p.json["data"]["id"].as_i64().unwrap().to_string();
    let web = Browser::signed_in(&st, "acme", "admin", "correct horse").await;
    (st, c, pid, web)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_dates_and_durations_answer_without_a_panic() {
    for b in backends().await {
        let (_, _, pid, web) = acme_with_a_project(&b).await;
        for (uri, want) in [
            (
                "/timesheet.csv?month=%2B262142-12",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "/timesheet.xlsx?month=0000-01",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                &*format!("/projects/{pid}/report.csv?to=9999-12-31"),
                StatusCode::OK,
            ),
            (
                &*format!("/projects/{pid}/report.csv?to=%2B262142-12-31"),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let r = web.get(uri).await;
            assert_eq!(r.status, want, "{}: {uri}: {}", b.name, r.body);
        }
        for uri in [
            "/time?week=%2B262142-12-31",
            "/timesheet?month=%2B262142-12",
            "/absences?month=%2B262142-12",
            "/absences/team?month=9999-12",
            "/expenses?month=%2B262142-12",
        ] {
            let r = web.get(uri).await;
            assert!(
                r.status.is_success() || r.status.is_client_error(),
                "{}: {uri}: {}",
                b.name,
                r.status
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_server_function_arguments_answer_without_a_panic() {
    for b in backends().await {
        let (st, c, pid, web) = acme_with_a_project(&b).await;
        for (name, form) in [
            ("load_week", vec![("day", "+262142-12-31"), ("user", "")]),
            (
                "load_timesheet",
                vec![("month", "+262142-12"), ("user", "")],
            ),
            (
                "load_absence_month",
                vec![("month", "+262142-12"), ("user", "")],
            ),
            ("load_team_absences", vec![("month", "9999-12")]),
            (
                "load_dashboard",
                vec![("id", &pid), ("from", "9999-12-31"), ("to", "9999-12-31")],
            ),
        ] {
            let r = web.call(name, &form).await;
            assert!(
                r.status.as_u16() < 500,
                "{}: {name}: {} {}",
                b.name,
                r.status,
                r.body
            );
        }
        let r = web
            .call(
                "save_entry",
                &[
                    ("id", ""),
                    ("user", ""),
                    ("date", &yesterday()),
                    ("from", "09:00"),
                    ("to", ""),
                    ("duration", "2400000000:00"),
                    ("break_minutes", ""),
                    ("project_id", &pid),
                    ("task_id", ""),
                    ("details", ""),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            b.name,
            r.body
        );
        let listed = call(
            &st,
            "GET",
            "/api/v2/ext/project_time_entries",
            Some(&c),
            None,
        )
        .await;
        assert_eq!(listed.json["meta"]["totalRecords"], 0, "{}", b.name);
    }
}

#[tokio::test]
async fn pages_of_other_sites_cannot_post() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let web = Browser::signed_in(&st, "acme", "admin", "correct horse").await;
        let form = [
            ("id", ""),
            ("name", "Evil Corp"),
            ("email", ""),
            ("hour_rate", ""),
            ("address", ""),
            ("notes", ""),
        ];
        for headers in [
            vec![("Origin", "http://evil.example"), ("Host", "localhost")],
            vec![
                ("Sec-Fetch-Site", "cross-site"),
                ("Origin", "http://evil.example"),
            ],
            vec![("Sec-Fetch-Site", "same-site")],
            vec![("Origin", "null"), ("Host", "localhost")],
        ] {
            let r = web.call_with("save_client", &form, &headers).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {headers:?}", b.name);
        }
        let listed = call(&st, "GET", "/api/v2/ext/clients", Some(&c), None).await;
        assert_eq!(
            listed.json["meta"]["totalRecords"], 0,
            "{}: nothing was created",
            b.name
        );
        // Login CSRF: a foreign page cannot sign the visitor in to the attacker's account.
        let anon = Browser::new(&st, None);
        let creds = [
            ("account", "acme"),
            ("username", "admin"),
            ("password", "correct horse"),
        ];
        let r = anon
            .call_with("login", &creds, &[("Sec-Fetch-Site", "cross-site")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", b.name);
        assert!(r.headers.get("set-cookie").is_none(), "{}", b.name);
        // The same requests from the site itself pass.
        let r = web
            .call_with("save_client", &form, &[("Sec-Fetch-Site", "same-origin")])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        let r = anon.call("login", &creds).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        // The language switch writes a cookie: not from another site either.
        let mut lang = Browser::new(&st, None).get("/lang/de").await;
        assert_eq!(lang.status, StatusCode::SEE_OTHER, "{}", b.name);
        lang = anon_get_with(&st, "/lang/de", &[("Sec-Fetch-Site", "cross-site")]).await;
        assert_eq!(lang.status, StatusCode::FORBIDDEN, "{}", b.name);
    }
}

async fn anon_get_with(
    st: &app::server::AppState,
    uri: &str,
    headers: &[(&str, &str)],
) -> crate::common::Page {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = server::router::app(st.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    crate::common::Page {
        status: resp.status(),
        headers: resp.headers().clone(),
        body: String::from_utf8_lossy(&resp.into_body().collect().await.unwrap().to_bytes())
            .into_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_installations_get_a_host_only_secure_cookie_and_every_response_its_headers() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let mut st = state(&b.db, 1000);
        st.web.public_origin = Some("https://time.example.com".into());
        let anon = Browser::new(&st, None);
        let r = anon
            .call_with(
                "login",
                &[
                    ("account", "acme"),
                    ("username", "admin"),
                    ("password", "correct horse"),
                ],
                &[
                    ("Origin", "https://time.example.com"),
                    ("Host", "10.0.0.5:3000"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        let cookie = r
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            cookie.starts_with("__Host-stempel_session="),
            "{}: {cookie}",
            b.name
        );
        assert!(
            cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
            "{cookie}"
        );
        assert!(
            r.headers.get("strict-transport-security").is_some(),
            "{}",
            b.name
        );
        // A page: its CSP names the nonce its hydration script carries.
        let page = anon.get("/login").await;
        let csp = page
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .unwrap();
        assert!(
            page.body.contains(&format!("nonce=\"{nonce}\"")),
            "{}: {csp}",
            b.name
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        // Anything else loads nothing.
        let api = call(&st, "GET", "/api/v2/ext/clients", Some(&c), None).await;
        for (h, want) in [
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
        ] {
            assert_eq!(api.headers.get(h).unwrap(), want, "{}: {h}", b.name);
        }
        assert!(api.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'"));
    }
}

#[tokio::test]
async fn sessions_end_when_idle_and_when_the_password_changes() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let one = sessions::login(&b.db, "acme", "admin", "correct horse", "192.0.2.1")
            .await
            .unwrap();
        let two = sessions::login(&b.db, "acme", "admin", "correct horse", "192.0.2.1")
            .await
            .unwrap();
        let three = sessions::login(&b.db, "acme", "admin", "correct horse", "192.0.2.1")
            .await
            .unwrap();
        // Unused for longer than the idle time: gone.
        let idle = chrono::Utc::now() - chrono::Duration::hours(sessions::IDLE_HOURS + 1);
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(app::db::time::to_db(idle))
            .bind(sessions::token_hash(&three.token))
            .execute(&b.db.pool)
            .await
            .unwrap();
        assert!(
            sessions::resolve(&b.db, &three.token)
                .await
                .unwrap()
                .is_none(),
            "{}",
            b.name
        );
        // Changing one's own password keeps this session and ends the others.
        let me = admin.user_id.unwrap();
        app::services::users::set_password_keeping(
            &b.db,
            &admin,
            me,
            "new horse 2",
            Some(&one.token),
        )
        .await
        .unwrap();
        assert!(
            sessions::resolve(&b.db, &one.token)
                .await
                .unwrap()
                .is_some(),
            "{}",
            b.name
        );
        assert!(
            sessions::resolve(&b.db, &two.token)
                .await
                .unwrap()
                .is_none(),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn nobody_but_an_admin_decides_their_own_absence() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        person(&b.db, &admin, "max", Role::Manager).await;
        person(&b.db, &admin, "sam", Role::Staff).await;
        let day = (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string();
        let mut ids = Vec::new();
        for who in ["max", "sam"] {
            let body = json!({"user": who, "absenceType": "Paid Leave", "from": day, "to": day})
                .to_string();
            let r = call(&st, "POST", "/api/v2/ext/absences", Some(&c), Some(&body)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}: {}", b.name, r.json);
            ids.push(r.json["data"]["id"].as_i64().unwrap());
        }
        let manager = Browser::signed_in(&st, "acme", "max", "max-pass-1").await;
        let staff = Browser::signed_in(&st, "acme", "sam", "sam-pass-1").await;
        let own = ids[0].to_string();
        let r = manager
            .call("decide_absence", &[("id", &own), ("approve", "true")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {}", b.name, r.body);
        let r = staff
            .call(
                "decide_absence",
                &[("id", &ids[1].to_string()), ("approve", "false")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {}", b.name, r.body);
        for id in &ids {
            let r = call(
                &st,
                "GET",
                &format!("/api/v2/ext/absences/{id}"),
                Some(&c),
                None,
            )
            .await;
            assert_eq!(r.json["data"]["status"], "pending", "{}: {id}", b.name);
        }
        // Another manager's request, and an admin's own, are decided as before.
        let r = manager
            .call(
                "decide_absence",
                &[("id", &ids[1].to_string()), ("approve", "true")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", b.name, r.body);
        assert!(
            calendar::decide(&b.db, &admin, ids[0], true).await.is_ok(),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn a_deactivated_persons_calendar_feed_stops() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let st = state(&b.db, 1000);
        let sam = person(&b.db, &admin, "sam", Role::Staff).await;
        let staff = Browser::signed_in(&st, "acme", "sam", "sam-pass-1").await;
        let r = staff.call("new_calendar_feed", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", b.name);
        let path: String = serde_json::from_str(&r.body).unwrap();
        assert_eq!(
            Browser::new(&st, None).get(&path).await.status,
            StatusCode::OK,
            "{}",
            b.name
        );
        let off = app::services::users::UserInput {
            active: Some(false),
            ..Default::default()
        };
        app::services::users::update(&b.db, &admin, sam, off)
            .await
            .unwrap();
        assert_eq!(
            Browser::new(&st, None).get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn download_names_stay_ascii_with_the_real_name_encoded() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        call(
            &st,
            "POST",
            "/api/v2/ext/clients",
            Some(&c),
            Some(r#"{"clientName": "Ärzte"}"#),
        )
        .await;
        let p = call(
            &st,
            "POST",
            "/api/v2/ext/projects",
            Some(&c),
            Some(r#"{"clientName": "Ärzte", "projectName": "Übersicht"}"#),
        )
        .await;
        let id = p.json["data"]["id"].as_i64().unwrap();
        let web = Browser::signed_in(&st, "acme", "admin", "correct horse").await;
        let r = web.get(&format!("/projects/{id}/report.csv")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", b.name);
        let cd = r.headers["content-disposition"].as_bytes();
        assert!(cd.is_ascii(), "{}", b.name);
        let cd = std::str::from_utf8(cd).unwrap();
        assert!(
            cd.contains(&format!("filename=\"project-{id}-_bersicht.csv\"")),
            "{cd}"
        );
        assert!(
            cd.contains(&format!("filename*=UTF-8''project-{id}-%C3%9Cbersicht.csv")),
            "{cd}"
        );
    }
}

#[tokio::test]
async fn the_demo_never_gives_an_existing_account_a_known_password() {
    for b in backends().await {
        account(&b.db, "acme").await;
        let spec = app::services::demo::DemoSpec {
            account: "acme".into(),
            users: 3,
            entries: 20,
        };
        app::services::demo::fill(&b.db, spec).await.unwrap();
        let r = sessions::login(&b.db, "acme", "user2", "demo-pass-1", "192.0.2.1").await;
        assert!(matches!(r, Err(ServiceError::Unauthorized)), "{}", b.name);
    }
}

#[tokio::test]
async fn only_one_first_setup_succeeds() {
    for b in backends().await {
        let tries = (0..10).map(|i| {
            let db = b.db.clone();
            tokio::spawn(async move {
                accounts::create_first_account(
                    &db,
                    accounts::NewAccount {
                        slug: format!("first-{i}"),
                        name: format!("First {i}"),
                        timezone: "Europe/Berlin".into(),
                        currency: "EUR".into(),
                        locale: "en".into(),
                        admin: admin_user("admin"),
                    },
                )
                .await
            })
        });
        let mut made = 0;
        for t in tries {
            match t.await.unwrap() {
                Ok(_) => made += 1,
                Err(ServiceError::Forbidden(_)) => {}
                Err(e) => panic!("{}: {e:?}", b.name),
            }
        }
        assert_eq!(made, 1, "{}", b.name);
        assert_eq!(
            accounts::count_upto_two(&b.db).await.unwrap().0,
            1,
            "{}",
            b.name
        );
    }
}

/// The records of `owner` in account `acme` (one of each kind) and how to read them back.
struct Records {
    project: String,
    entry: i64,
    attendance: i64,
    expense: i64,
    absence: i64,
}

async fn records_of(st: &app::server::AppState, c: &(String, String), owner: &str) -> Records {
    let post = |path: &'static str, body: serde_json::Value| {
        let st = st.clone();
        let c = c.clone();
        async move {
            let r = call(&st, "POST", path, Some(&c), Some(&body.to_string())).await;
            assert!(r.status.is_success(), "{path}: {} {}", r.status, r.json);
            r.json
        }
    };
    post("/api/v2/ext/clients", json!({"clientName": "ACME"})).await;
    let p = post(
        "/api/v2/ext/projects",
        json!({"clientName": "ACME", "projectName": "Web"}),
    )
    .await;
    let day = yesterday();
    let e = post("/api/v2/ext/project_time_entries", json!({"user": owner, "clientName": "ACME", "projectName": "Web", "from": format!("{day}T09:00:00Z"), "to": format!("{day}T10:00:00Z"), "details": "theirs"})).await;
    let a = post("/api/v2/ext/attendances", json!({"user": owner, "from": format!("{day}T08:00:00Z"), "to": format!("{day}T16:00:00Z")})).await;
    let x = post("/api/v2/ext/expenses", json!({"user": owner, "clientName": "ACME", "projectName": "Web", "date": day, "amount": "12.50", "category": "Travel"})).await;
    let later = (chrono::Utc::now().date_naive() + chrono::Duration::days(20)).to_string();
    let b = post(
        "/api/v2/ext/absences",
        json!({"user": owner, "absenceType": "Paid Leave", "from": later, "to": later}),
    )
    .await;
    post(
        "/api/v2/ext/project_timer/start",
        json!({"user": owner, "clientName": "ACME", "projectName": "Web", "details": "running"}),
    )
    .await;
    let id = |v: &serde_json::Value| v["data"]["id"].as_i64().unwrap();
    Records {
        project: id(&p).to_string(),
        entry: id(&e),
        attendance: id(&a),
        expense: id(&x),
        absence: id(&b),
    }
}

/// Every record of the account as the API shows it, for before/after comparisons.
async fn snapshot(
    st: &app::server::AppState,
    c: &(String, String),
    owner: &str,
) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for path in [
        "/api/v2/ext/project_time_entries?limit=1000",
        "/api/v2/ext/attendances?limit=1000",
        "/api/v2/ext/expenses?limit=1000",
        "/api/v2/ext/absences?limit=1000",
        "/api/v2/ext/clients?limit=1000",
        "/api/v2/ext/projects?limit=1000",
        &format!("/api/v2/ext/project_timer?user={owner}"),
    ] {
        let r = call(st, "GET", path, Some(c), None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        out.push(r.json["data"].clone());
    }
    out
}

/// Calls that try to change `r` (records of someone else); each must be refused with `want`.
async fn try_to_change(
    web: &Browser,
    r: &Records,
    owner_id: &str,
    label: &str,
    want: &[StatusCode],
) {
    let (entry, att, exp, abs) = (
        r.entry.to_string(),
        r.attendance.to_string(),
        r.expense.to_string(),
        r.absence.to_string(),
    );
    let day = yesterday();
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "save_entry",
            vec![
                ("id", &entry),
                ("user", ""),
                ("date", &day),
                ("from", "11:00"),
                ("to", "12:00"),
                ("duration", ""),
                ("break_minutes", ""),
                ("project_id", &r.project),
                ("task_id", ""),
                ("details", "mine now"),
            ],
        ),
        (
            "save_entry",
            vec![
                ("id", ""),
                ("user", owner_id),
                ("date", &day),
                ("from", "13:00"),
                ("to", "14:00"),
                ("duration", ""),
                ("break_minutes", ""),
                ("project_id", &r.project),
                ("task_id", ""),
                ("details", "for them"),
            ],
        ),
        ("delete_entry", vec![("id", &entry)]),
        (
            "save_attendance",
            vec![
                ("id", &att),
                ("user", ""),
                ("date", &day),
                ("from", "06:00"),
                ("to", "07:00"),
                ("break_minutes", ""),
                ("notes", "x"),
            ],
        ),
        (
            "save_attendance",
            vec![
                ("id", ""),
                ("user", owner_id),
                ("date", &day),
                ("from", "18:00"),
                ("to", "19:00"),
                ("break_minutes", ""),
                ("notes", "x"),
            ],
        ),
        ("delete_attendance", vec![("id", &att)]),
        ("clock", vec![("step", "clock_in"), ("user", owner_id)]),
        (
            "save_expense",
            vec![
                ("id", &exp),
                ("date", &day),
                ("project_id", &r.project),
                ("amount", "99.00"),
                ("currency", "EUR"),
                ("category", "x"),
                ("notes", "x"),
            ],
        ),
        ("delete_expense", vec![("id", &exp)]),
        (
            "request_absence",
            vec![
                ("user", owner_id),
                ("absence_type", "Paid Leave"),
                ("from", &day),
                ("to", &day),
                ("notes", ""),
            ],
        ),
        ("delete_absence", vec![("id", &abs)]),
        ("decide_absence", vec![("id", &abs), ("approve", "false")]),
        ("load_week", vec![("day", ""), ("user", owner_id)]),
        ("load_attendance", vec![("user", owner_id)]),
        ("load_timesheet", vec![("month", ""), ("user", owner_id)]),
    ];
    for (name, form) in calls {
        let resp = web.call(name, &form).await;
        assert!(
            want.contains(&resp.status),
            "{label}: {name} {form:?} → {} {}",
            resp.status,
            resp.body
        );
        assert!(!resp.body.contains("theirs"), "{label}: {name} leaked");
    }
}

#[tokio::test]
async fn staff_change_only_their_own_records_through_server_functions() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        person(&b.db, &admin, "sam", Role::Staff).await;
        let kim = person(&b.db, &admin, "kim", Role::Staff).await;
        let r = records_of(&st, &c, "kim").await;
        let before = snapshot(&st, &c, "kim").await;
        let sam = Browser::signed_in(&st, "acme", "sam", "sam-pass-1").await;
        try_to_change(&sam, &r, &kim.to_string(), b.name, &[StatusCode::FORBIDDEN]).await;
        // Stopping "the" timer stops only one's own: kim's keeps running.
        let stop = sam.call("stop_timer", &[]).await;
        assert_eq!(
            stop.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            b.name,
            stop.body
        );
        assert_eq!(
            snapshot(&st, &c, "kim").await,
            before,
            "{}: nothing of kim's changed",
            b.name
        );
    }
}

#[tokio::test]
async fn another_accounts_people_change_nothing_and_see_nothing() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let c = key(&b.db, &admin).await;
        let st = state(&b.db, 1000);
        let kim = person(&b.db, &admin, "kim", Role::Staff).await;
        let r = records_of(&st, &c, "kim").await;
        let before = snapshot(&st, &c, "kim").await;
        let other = account(&b.db, "other").await;
        person(&b.db, &other, "olga", Role::Manager).await;
        for (who, pw) in [("admin", "correct horse"), ("olga", "olga-pass-1")] {
            let web = Browser::signed_in(&st, "other", who, pw).await;
            let label = format!("{}: other/{who}", b.name);
            try_to_change(
                &web,
                &r,
                &kim.to_string(),
                &label,
                &[StatusCode::NOT_FOUND, StatusCode::UNPROCESSABLE_ENTITY],
            )
            .await;
            let dash = web
                .call(
                    "load_dashboard",
                    &[("id", &r.project), ("from", ""), ("to", "")],
                )
                .await;
            assert_eq!(dash.status, StatusCode::NOT_FOUND, "{label}");
            let csv = web
                .get(&format!("/projects/{}/report.csv", r.project))
                .await;
            assert_eq!(csv.status, StatusCode::NOT_FOUND, "{label}");
        }
        assert_eq!(
            snapshot(&st, &c, "kim").await,
            before,
            "{}: nothing of acme's changed",
            b.name
        );
    }
}
