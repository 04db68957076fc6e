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

pub const SESSION_COOKIE: &str = "stempel_session";
pub const LANG_COOKIE: &str = "stempel_lang";

/// Shared by every request: nothing in here is per-process state that others would need
/// (sessions, timers and throttle counters live in the database).
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub api_rate_limit: i64,
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
    Ok(state()?.db)
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

/// The page's language: the cookie set by the language switch, else the browser's first choice.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .as_deref()
        .and_then(Lang::parse)
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
    let headers = request_headers().await;
    let Some(token) = cookie(&headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(sessions::resolve(&db()?, &token).await?)
}

/// The signed-in actor, or `Unauthorized`.
pub async fn actor() -> Result<Actor, AppError> {
    current()
        .await?
        .map(|(a, _)| a)
        .ok_or_else(|| fail(AppError::Unauthorized))
}

fn behind_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// Sets (or with `None` clears) the session cookie on the response being built.
pub async fn set_session_cookie(token: Option<&str>) {
    let secure = if behind_https(&request_headers().await) {
        "; Secure"
    } else {
        ""
    };
    let value = match token {
        Some(t) => format!(
            "{SESSION_COOKIE}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            sessions::SESSION_DAYS * 86_400
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
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
