//! The API-key gate in front of /api/v2/ext and /teamwork: authenticate, take from the key's
//! shared request budget, and put the rate headers on the response. Each API renders the
//! gate's refusals in its own error shape.

use app::server::AppState;
use app::services::api_keys::{self, ApiPrincipal};
use app::services::throttle::{self, Budget};
use app::services::ServiceError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

pub const KEY_HEADER: &str = "x-timetrack-api-key";
pub const SECRET_HEADER: &str = "x-timetrack-api-secret";

/// Why the gate turned a request away.
pub enum Refusal {
    Unauthorized,
    Throttled(Budget),
    Failed(ServiceError),
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Key and secret from the X-TimeTrack headers, or from HTTP Basic (key as user name, secret
/// as password), which is how Teamwork clients send their token.
fn credentials(headers: &HeaderMap) -> Option<(String, String)> {
    if let (Some(k), Some(s)) = (header(headers, KEY_HEADER), header(headers, SECRET_HEADER)) {
        return Some((k.to_string(), s.to_string()));
    }
    use base64::Engine;
    let basic = header(headers, header::AUTHORIZATION.as_str())?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(basic.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (k, s) = text.split_once(':').unwrap_or((&text, ""));
    // A token as the user name carries key and secret; the password is then empty or dummy.
    if let Some((key, secret)) = api_keys::split_token(k) {
        return Some((key.to_string(), secret.to_string()));
    }
    (!k.is_empty() && !s.is_empty()).then(|| (k.to_string(), s.to_string()))
}

/// Authenticates and counts the request.
pub async fn admit(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(ApiPrincipal, Budget), Refusal> {
    let (key, secret) = credentials(headers).ok_or(Refusal::Unauthorized)?;
    let principal = match api_keys::authenticate(&state.db, &key, &secret).await {
        Ok(p) => p,
        Err(ServiceError::Unauthorized) => return Err(Refusal::Unauthorized),
        Err(e) => return Err(Refusal::Failed(e)),
    };
    let budget = throttle::take(&state.db, &principal, state.api_rate_limit)
        .await
        .map_err(Refusal::Failed)?;
    if !budget.allowed {
        return Err(Refusal::Throttled(budget));
    }
    Ok((principal, budget))
}

pub fn put_rate_headers(resp: &mut Response, b: Budget) {
    let h = resp.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from(b.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(b.remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(b.reset_secs));
}

/// Tells the access log which account the request acts in.
pub fn note_account(req: &Request, account_id: i64) {
    if let Some(seen) = req.extensions().get::<app::server::AccountSeen>() {
        seen.set(account_id);
    }
}

/// The /api/v2/ext middleware.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    match admit(&state, req.headers()).await {
        Ok((principal, budget)) => {
            note_account(&req, principal.account_id);
            req.extensions_mut().insert::<ApiPrincipal>(principal);
            let mut resp = next.run(req).await;
            put_rate_headers(&mut resp, budget);
            resp
        }
        Err(Refusal::Unauthorized) => ApiError::unauthorized(
            "Check the X-TimeTrack-Api-Key and X-TimeTrack-Api-Secret headers.",
        )
        .into_response(),
        Err(Refusal::Throttled(budget)) => {
            let mut resp = ApiError::throttled(budget.reset_secs.max(1)).into_response();
            put_rate_headers(&mut resp, budget);
            resp
        }
        Err(Refusal::Failed(e)) => ApiError::from(e).into_response(),
    }
}
