use app::db::Db;
use app::model::Role;
use app::server::AppState;
use app::services::{accounts, api_keys, users, Actor};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sqlx::Connection;
use tower::ServiceExt;

/// One backend under test, with a name for assertion messages.
pub struct Backend {
    pub name: &'static str,
    pub url: String,
    pub db: Db,
}

fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_micros()
    )
}

/// A fresh, migrated database on each backend.
pub async fn backends() -> Vec<Backend> {
    let dir = std::env::temp_dir().join("stempel-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite_url = format!("sqlite://{}/t{}.db", dir.display(), unique_suffix());
    let sqlite = Db::open(&sqlite_url).await.expect("open sqlite");
    let mut out = vec![Backend {
        name: "sqlite",
        url: sqlite_url,
        db: sqlite,
    }];

    let admin_url = std::env::var("STEMPEL_TEST_POSTGRES_URL").expect(
        "STEMPEL_TEST_POSTGRES_URL is not set: run the tests through scripts/test, which starts Postgres",
    );
    let name = format!("stempel_t{}", unique_suffix());
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&admin_url)
        .await
        .expect("connect to Postgres");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.ok();
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(&admin_url);
    let pg_url = format!("{base}/{name}");
    let pg = Db::open(&pg_url).await.expect("open postgres");
    out.push(Backend {
        name: "postgres",
        url: pg_url,
        db: pg,
    });
    out
}

pub fn admin_user(username: &str) -> users::NewUser {
    users::NewUser {
        username: username.into(),
        password: "correct horse".into(),
        role: Role::Admin,
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
    }
}

/// Creates an account with an administrator `admin` / `correct horse`; returns its admin actor.
pub async fn account(db: &Db, slug: &str) -> Actor {
    let (account_id, user_id) = accounts::create_account(
        db,
        accounts::NewAccount {
            slug: slug.into(),
            name: format!("Account {slug}"),
            timezone: "Europe/Berlin".into(),
            currency: "EUR".into(),
            locale: "en".into(),
            admin: admin_user("admin"),
        },
    )
    .await
    .expect("create account");
    Actor {
        account_id,
        user_id: Some(user_id),
        role: Role::Admin,
    }
}

pub fn state(db: &Db, rate_limit: i64) -> AppState {
    AppState {
        leptos_options: server::router::leptos_options("127.0.0.1:0".parse().unwrap()),
        db: db.clone(),
        api_rate_limit: rate_limit,
    }
}

/// An API key of the actor's account: (key, secret).
pub async fn key(db: &Db, actor: &Actor) -> (String, String) {
    let k = api_keys::generate(db, actor, "test").await.unwrap();
    (k.key.public_key, k.secret)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: serde_json::Value,
}

/// Sends one request through the whole application (router, middleware, handlers).
pub async fn call(
    state: &AppState,
    method: &str,
    uri: &str,
    creds: Option<&(String, String)>,
    body: Option<&str>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some((k, s)) = creds {
        req = req
            .header("X-TimeTrack-Api-Key", k)
            .header("X-TimeTrack-Api-Secret", s);
    }
    send(state, req, body).await
}

/// Like `call`, with HTTP Basic credentials (key as user name, secret as password).
pub async fn call_basic(
    state: &AppState,
    method: &str,
    uri: &str,
    creds: &(String, String),
    body: Option<&str>,
) -> Reply {
    use base64::Engine;
    let token =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", creds.0, creds.1));
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("Authorization", format!("Basic {token}"));
    send(state, req, body).await
}

async fn send(
    state: &AppState,
    mut req: axum::http::request::Builder,
    body: Option<&str>,
) -> Reply {
    if body.is_some() {
        req = req.header("Content-Type", "application/json");
    }
    let req = req
        .body(Body::from(body.unwrap_or("").to_string()))
        .unwrap();
    let resp = server::router::app(state.clone())
        .oneshot(req)
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    Reply {
        status,
        headers,
        json,
    }
}

/// Inserts a client row directly (a fixture, until clients can be created through a service).
pub async fn insert_client(db: &Db, account_id: i64, name: &str, archived: bool) -> i64 {
    use sqlx::Row;
    let now = app::db::time::now();
    sqlx::query(
        "INSERT INTO clients (account_id, name, archived, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(account_id)
    .bind(name)
    .bind(i64::from(archived))
    .bind(now)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .get::<i64, _>(0)
}

/// Creates a staff user with password `staff-pass-1`; returns its id.
pub async fn user(db: &Db, admin: &Actor, username: &str) -> i64 {
    users::create_user(
        db,
        admin,
        users::NewUser {
            username: username.into(),
            password: "staff-pass-1".into(),
            role: Role::Staff,
            first_name: String::new(),
            last_name: String::new(),
            email: String::new(),
        },
    )
    .await
    .expect("create user")
}
