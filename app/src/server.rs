//! What server functions share: the application state in the Leptos context, the session
//! cookie, the signed-in actor, and the one mapping from service errors to `AppError`.

use axum::extract::FromRef;
use http::{header, HeaderMap, HeaderValue};
use leptos::prelude::*;

use crate::db::Db;
use crate::error::{AppError, FieldError};
use crate::i18n::Lang;
use crate::model::CurrentUser;
use crate::services::{sessions, Actor, ServiceError};

/// The session cookie over plain HTTP (development, tests, a private network).
pub const SESSION_COOKIE: &str = "stempel_session";
/// The session cookie when the public URL is https: the `__Host-` prefix makes the browser
/// refuse it unless it is `Secure`, for this host only and for path `/`, so no sibling
/// subdomain or plain-HTTP page can set or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-stempel_session";
pub const LANG_COOKIE: &str = "stempel_lang";

/// Shared by every request: nothing in here is per-process state that others would need
/// (sessions, timers and throttle counters live in the database). Behind one `Arc`: axum
/// clones the state for every extractor and middleware, and cloning the Leptos options field
/// by field cost a quarter of a point read's CPU time (docs/performance.md).
#[derive(Clone, Debug)]
pub struct AppState(std::sync::Arc<Shared>);

#[derive(Clone, Debug)]
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub api_rate_limit: i64,
    pub web: WebSettings,
}

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(std::sync::Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// For setting up (tests change a setting of a state they built): copies on write.
impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut Shared {
        std::sync::Arc::make_mut(&mut self.0)
    }
}

/// Which account a request acted in, once a session or an API key said so: the access log reads
/// it after the response (0 = none yet).
#[derive(Clone, Debug, Default)]
pub struct AccountSeen(pub std::sync::Arc<std::sync::atomic::AtomicI64>);

impl AccountSeen {
    pub fn set(&self, account_id: i64) {
        self.0
            .store(account_id, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn get(&self) -> Option<i64> {
        Some(self.0.load(std::sync::atomic::Ordering::Relaxed)).filter(|a| *a > 0)
    }
}

/// How the server is reached from browsers.
#[derive(Clone, Debug, Default)]
pub struct WebSettings {
    /// The origin people open (`https://time.example.com`), if configured. An https origin
    /// makes the session cookie `__Host-…; Secure` and adds HSTS; cross-site checks accept it.
    pub public_origin: Option<String>,
    /// Take the client address from the last `X-Forwarded-For` hop (only behind a proxy that
    /// sets it; otherwise anyone could pick an address and dodge the sign-in throttle).
    pub trust_proxy: bool,
    /// The bearer token `/metrics` asks for; without one `/metrics` answers 404.
    pub metrics_token: Option<String>,
}

impl WebSettings {
    pub fn https(&self) -> bool {
        self.public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }

    pub fn session_cookie(&self) -> &'static str {
        if self.https() {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        }
    }

    /// The client's address for the sign-in throttle: the proxy's last hop when trusted, else
    /// the TCP peer; "unknown" when neither is known (tests without a socket).
    pub fn client_address(
        &self,
        headers: &HeaderMap,
        peer: Option<std::net::SocketAddr>,
    ) -> String {
        let forwarded = self
            .trust_proxy
            .then(|| headers.get("x-forwarded-for")?.to_str().ok())
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty() && v.len() <= 64);
        forwarded
            .or_else(|| peer.map(|p| p.ip().to_string()))
            .unwrap_or_else(|| "unknown".into())
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Gives the server function's HTTP response the status that fits the error (instead of the
/// generic 500), and returns the error. Used for every error a server function returns.
pub fn fail(e: AppError) -> AppError {
    use http::StatusCode;
    let status = match &e {
        AppError::Unauthorized => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Invalid(_) | AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Internal | AppError::ServerFn(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    set_status(status);
    e
}

/// The one mapping from service errors to what pages show; it also sets the response status.
impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        fail(match e {
            ServiceError::NotFound(r) | ServiceError::Deleted(r) => {
                AppError::NotFound(r.to_string())
            }
            ServiceError::Invalid(list) => AppError::Invalid(
                list.into_iter()
                    .map(|i| FieldError {
                        field: i.field,
                        message: i.message,
                    })
                    .collect(),
            ),
            ServiceError::Forbidden(_) => AppError::Forbidden,
            ServiceError::Unauthorized => AppError::Unauthorized,
            ServiceError::LockedOut { retry_after_secs } => AppError::Refused(format!(
                "Too many failed sign-ins. Try again in {} minute(s).",
                (retry_after_secs + 59) / 60
            )),
            ServiceError::Database(err) => {
                tracing::error!(error = %err, "database error in a server function");
                AppError::Internal
            }
            ServiceError::Internal(msg) => {
                tracing::error!(error = %msg, "internal error in a server function");
                AppError::Internal
            }
        })
    }
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| fail(AppError::Internal))
}

pub fn db() -> Result<Db, AppError> {
    Ok(state()?.db.clone())
}

pub async fn request_headers() -> HeaderMap {
    leptos_axum::extract::<HeaderMap>()
        .await
        .unwrap_or_default()
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The page's language: the cookie set by the language switch (and at sign-in, from the
/// person's profile), else the profile's choice, else the browser's first choice.
pub fn lang_of(headers: &HeaderMap, profile: Option<Lang>) -> Lang {
    cookie(headers, LANG_COOKIE)
        .as_deref()
        .and_then(Lang::parse)
        .or(profile)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::parse)
        })
        .unwrap_or_default()
}

/// The signed-in person, if any.
pub async fn current() -> Result<Option<(Actor, CurrentUser)>, AppError> {
    let Some(token) = session_token().await else {
        return Ok(None);
    };
    let found = sessions::resolve(&db()?, &token).await?;
    if let (Some((actor, _)), Some(parts)) = (&found, use_context::<http::request::Parts>()) {
        if let Some(seen) = parts.extensions.get::<AccountSeen>() {
            seen.set(actor.account_id);
        }
    }
    Ok(found)
}

/// The session token the request carries, under the cookie name this server uses.
pub async fn session_token() -> Option<String> {
    let name = state().ok()?.web.session_cookie();
    cookie(&request_headers().await, name)
}

/// The client address of the request being served (see `WebSettings::client_address`).
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    let peer = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|c| c.0);
    let headers = request_headers().await;
    match state() {
        Ok(s) => s.web.client_address(&headers, peer),
        Err(_) => "unknown".into(),
    }
}

/// The signed-in actor, or `Unauthorized`.
pub async fn actor() -> Result<Actor, AppError> {
    current()
        .await?
        .map(|(a, _)| a)
        .ok_or_else(|| fail(AppError::Unauthorized))
}

/// Sets (or with `None` clears) the session cookie on the response being built.
pub async fn set_session_cookie(token: Option<&str>) {
    let web = state().map(|s| s.web.clone()).unwrap_or_default();
    let (name, secure) = (
        web.session_cookie(),
        if web.https() { "; Secure" } else { "" },
    );
    let value = match token {
        Some(t) => format!(
            "{name}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            sessions::SESSION_DAYS * 86_400
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    if let (Some(resp), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        resp.append_header(header::SET_COOKIE, v);
    }
}

/// Sets (or with `None` clears) the language cookie on the response being built, as the
/// language switch does.
pub fn set_lang_cookie(lang: Option<Lang>) {
    let value = match lang {
        Some(l) => format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            l.code()
        ),
        None => format!("{LANG_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0"),
    };
    if let (Some(resp), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        resp.append_header(header::SET_COOKIE, v);
    }
}

/// Sets the HTTP status of the page being rendered (used for the 403 and 404 pages).
/// A redirect already decided (a visitor sent to sign in) is kept: the page's own data
/// failing for that visitor must not turn it into an error page.
pub fn set_status(code: http::StatusCode) {
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        let mut parts = resp.0.write().unwrap_or_else(|e| e.into_inner());
        if !parts.status.is_some_and(|s| s.is_redirection()) {
            parts.status = Some(code);
        }
    }
}

/// The page's Content-Security-Policy: scripts only with this response's nonce (leptos puts it
/// on the hydration script and on every inline script it streams; `strict-dynamic` lets the
/// module they import load), WebAssembly compilation, styles and images from this site.
/// Inline `style` attributes stay allowed: the charts size their bars with them.
pub fn set_page_csp() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    if let (Some(resp), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&page_csp(&nonce)),
    ) {
        resp.insert_header(header::CONTENT_SECURITY_POLICY, v);
    }
}

/// The policy of a page whose scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The hydrate bundle's content hashes (`site/hash.txt`: `js: …`, `wasm: …`, `css: …`, written by
/// the site build), read once; empty when the site was built without them.
fn asset_hashes(site_root: &str) -> &'static [(String, String)] {
    static HASHES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        std::fs::read_to_string(std::path::Path::new(site_root).join("hash.txt"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect()
    })
}

/// `/pkg/stempel.<hash>.css` (or `/pkg/stempel.css` without hashes).
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    let name = &options.output_name;
    let pkg = &options.site_pkg_dir;
    match asset_hashes(&options.site_root)
        .iter()
        .find(|(k, _)| k == "css")
    {
        Some((_, h)) => format!("/{pkg}/{name}.{h}.css"),
        None => format!("/{pkg}/{name}.css"),
    }
}

/// Turns on leptos' hashed file names when the site build wrote `hash.txt` (leptos reads the
/// file from `hash_file`, an absolute path here, for the script and wasm names).
pub fn use_hashed_assets(options: &mut LeptosOptions) {
    let root = std::path::Path::new(options.site_root.as_ref());
    let root = if root.is_absolute() {
        root.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(root)
    };
    let file = root.join("hash.txt");
    if file.exists() {
        options.hash_files = true;
        options.hash_file = file.to_string_lossy().into_owned().into();
    }
}
