//! One access-log line per request through `tracing` (target `access`): method, path (never the
//! query string, which may carry a calendar token or a search), status, duration, a request id
//! (the client's `X-Request-Id` when it is short and plain, else a new one; echoed on the
//! response) and the account id when a session or API key named one. The same middleware counts
//! the request for `/metrics` (`metrics::start`).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use app::server::AccountSeen;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

const REQUEST_ID: &str = "x-request-id";

fn request_id(req: &Request) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .filter(|v| {
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_string)
        .unwrap_or_else(|| {
            use std::sync::atomic::AtomicU64;
            static NEXT: AtomicU64 = AtomicU64::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            format!("{:08x}{:08x}", std::process::id(), n)
        })
}

pub async fn log_requests(mut req: Request, next: Next) -> Response {
    let timing = crate::metrics::start(&req);
    let id = request_id(&req);
    if !tracing::enabled!(target: "access", tracing::Level::INFO) {
        // Logging is off (RUST_LOG=warn, access=off): only the id is echoed.
        let mut resp = next.run(req).await;
        timing.done(resp.status().as_u16());
        if let Ok(v) = HeaderValue::from_str(&id) {
            resp.headers_mut().insert(REQUEST_ID, v);
        }
        return resp;
    }
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let account = AccountSeen(Arc::new(AtomicI64::new(0)));
    req.extensions_mut().insert(account.clone());
    let mut resp = next.run(req).await;
    let ms = timing.done(resp.status().as_u16()) * 1000.0;
    let account_id = account.get();
    tracing::info!(
        target: "access",
        request_id = %id,
        method = %method,
        path = %path,
        status = resp.status().as_u16(),
        ms = (ms * 10.0).round() / 10.0,
        account_id = account_id.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}
