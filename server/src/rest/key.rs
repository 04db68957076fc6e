//! The API-key gate in front of every /api/v2/ext route: authenticate, take from the key's
//! shared request budget, and put the rate headers on the response.

use app::server::AppState;
use app::services::api_keys::{self, ApiPrincipal};
use app::services::throttle::{self, Budget};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

pub const KEY_HEADER: &str = "x-timetrack-api-key";
pub const SECRET_HEADER: &str = "x-timetrack-api-secret";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn put_rate_headers(resp: &mut Response, b: Budget) {
    let h = resp.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from(b.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(b.remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(b.reset_secs));
}

pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let (Some(key), Some(secret)) = (
        header(req.headers(), KEY_HEADER),
        header(req.headers(), SECRET_HEADER),
    ) else {
        return ApiError::unauthorized(
            "Send the X-TimeTrack-Api-Key and X-TimeTrack-Api-Secret headers.",
        )
        .into_response();
    };
    let principal = match api_keys::authenticate(&state.db, key, secret).await {
        Ok(p) => p,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let budget = match throttle::take(&state.db, &principal, state.api_rate_limit).await {
        Ok(b) => b,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if !budget.allowed {
        let mut resp = ApiError::throttled(budget.reset_secs.max(1)).into_response();
        put_rate_headers(&mut resp, budget);
        return resp;
    }
    req.extensions_mut().insert::<ApiPrincipal>(principal);
    let mut resp = next.run(req).await;
    put_rate_headers(&mut resp, budget);
    resp
}
