//! /api/v2/ext: the key-authenticated REST API (see ../shared/spec/api-v2-ext.md).
//! Handlers translate between the wire and the service layer; every rule is in `app::services`.

mod clients;
pub mod envelope;
pub mod error;
pub mod key;
pub mod params;

use app::server::AppState;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::get;
use axum::Router;

use error::ApiError;

/// Request bodies above this answer 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/clients", get(clients::list))
        .route("/clients/{id}", get(clients::get))
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|| async { ApiError::route_not_found() })
        .layer(middleware::from_fn_with_state(state, key::authenticate))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
