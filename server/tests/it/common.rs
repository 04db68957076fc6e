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
    AppState::new(app::server::Shared {
        leptos_options: server::router::leptos_options("127.0.0.1:0".parse().unwrap()),
        db: db.clone(),
        api_rate_limit: rate_limit,
        web: Default::default(),
    })
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

/// A browser of the web UI: its session cookie and the headers a page of this site sends.
pub struct Browser {
    pub state: AppState,
    pub token: Option<String>,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Browser {
    pub fn new(state: &AppState, token: Option<String>) -> Browser {
        Browser {
            state: state.clone(),
            token,
        }
    }

    /// Signs `username` in to account `slug` (no throttle interference: its own address).
    pub async fn signed_in(
        state: &AppState,
        slug: &str,
        username: &str,
        password: &str,
    ) -> Browser {
        let s = app::services::sessions::login(&state.db, slug, username, password, "192.0.2.7")
            .await
            .expect("sign in");
        Browser::new(state, Some(s.token))
    }

    /// Calls server function `name` (`POST /api/{name}`, form-encoded) as a page of this site.
    pub async fn call(&self, name: &str, form: &[(&str, &str)]) -> Page {
        self.call_with(
            name,
            form,
            &[("Origin", "http://localhost"), ("Host", "localhost")],
        )
        .await
    }

    pub async fn call_with(
        &self,
        name: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::builder()
            .method("POST")
            .uri(format!("/api/{name}"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req, body).await
    }

    pub async fn get(&self, uri: &str) -> Page {
        self.send(Request::builder().uri(uri), String::new()).await
    }

    async fn send(&self, mut req: axum::http::request::Builder, body: String) -> Page {
        if let Some(t) = &self.token {
            req = req.header("Cookie", format!("{}={t}", self.state.web.session_cookie()));
        }
        let resp = server::router::app(self.state.clone())
            .oneshot(req.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Creates a user with a role and password `{username}-pass-1`; returns its id.
pub async fn person(db: &Db, admin: &Actor, username: &str, role: Role) -> i64 {
    users::create_user(
        db,
        admin,
        users::NewUser {
            username: username.into(),
            password: format!("{username}-pass-1"),
            role,
            first_name: String::new(),
            last_name: String::new(),
            email: String::new(),
        },
    )
    .await
    .expect("create user")
}

pub struct RawReply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    /// The body as sent (compressed when the reply says so).
    pub body: axum::body::Bytes,
}

/// One request with exactly these headers; the body as it came, not decoded.
pub async fn call_with_headers(
    state: &AppState,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
) -> RawReply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = server::router::app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    RawReply {
        status,
        headers,
        body: bytes,
    }
}
