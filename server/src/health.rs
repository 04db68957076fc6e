//! `/healthz` (the process answers; no database) and `/readyz` (the database answers and is
//! migrated). Neither needs authentication nor counts against a rate limit, so a load balancer
//! or an orchestrator may poll them freely.

use app::server::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn healthz() -> Response {
    ([(header::CACHE_CONTROL, "no-store")], "ok\n").into_response()
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let probe = tokio::time::timeout(std::time::Duration::from_secs(5), state.db.readiness()).await;
    let (status, body) = match probe {
        Ok(Ok(())) => (StatusCode::OK, "ready\n".to_string()),
        Ok(Err(reason)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {reason}\n"),
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the database did not answer within 5 s\n".to_string(),
        ),
    };
    (status, [(header::CACHE_CONTROL, "no-store")], body).into_response()
}
