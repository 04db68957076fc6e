//! What every browser-facing response and request goes through: the cross-site request guard
//! and the security headers.
//!
//! The session cookie is `SameSite=Lax`, which already keeps it off cross-site POSTs in current
//! browsers; the guard does not rely on that alone (older browsers, same-site subdomains, login
//! CSRF where no cookie is involved). A state-changing request from a browser carries
//! `Sec-Fetch-Site` (all current browsers) or at least `Origin`; either must say it came from this
//! site. Requests with neither come from programs, not from a page a person visits, and pass.
//! The key-authenticated APIs (`/api/v2/ext`, `/teamwork`) use no cookies and are not guarded.

use app::server::{AppState, WebSettings};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Paths whose requests carry an API key instead of the session cookie.
fn key_authenticated(path: &str) -> bool {
    path.starts_with("/api/v2/ext") || path.starts_with("/teamwork")
}

/// Whether a request that changes something may have come from a page of another site.
fn cross_site(headers: &HeaderMap, web: &WebSettings) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text(header::ORIGIN.as_str()) else {
        return false;
    };
    let origin = origin.to_ascii_lowercase();
    if web.public_origin.as_deref() == Some(origin.as_str()) {
        return false;
    }
    // Without a configured public URL, the page's own origin is the Host it asked for.
    let host = text(header::HOST.as_str()).map(str::to_ascii_lowercase);
    let own = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    !(own.is_some() && own == host.as_deref())
}

/// Refuses state-changing requests from other sites (and the language switch, which writes a
/// cookie on GET) with 403 before any handler runs.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || path.starts_with("/lang/");
    if changes && !key_authenticated(path) && cross_site(req.headers(), &state.web) {
        tracing::warn!(path = %path, "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "Cross-site request refused: open Stempel itself and try again.",
        )
            .into_response();
    }
    next.run(req).await
}

/// Server function bodies larger than this are refused (413): forms are small.
const FORM_LIMIT: usize = 2 << 20;

/// Reads a server function's form body once: too large → 413; text with a NUL character → 400
/// on both backends alike (Postgres could not store it, SQLite would).
pub async fn check_form_body(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() != Method::POST || !path.starts_with("/api/") || key_authenticated(path) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response();
    };
    if bytes.windows(3).any(|w| w == b"%00") || bytes.contains(&0) {
        return (
            StatusCode::BAD_REQUEST,
            "Text must not contain NUL characters.",
        )
            .into_response();
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// Files of the hydrate bundle whose name carries a content hash (`stempel.0123abcd….wasm`)
/// never change: browsers keep them a year without asking. Other files there are revalidated.
fn cache_control(path: &str) -> Option<&'static str> {
    let file = path.strip_prefix("/pkg/")?;
    let hashed = file
        .split('.')
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()));
    Some(if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    })
}

/// A page whose render did not set its policy (seen now and then for lazily loaded routes):
/// the policy is made from the nonce its scripts carry, so the hydration script still runs.
async fn with_page_csp(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 << 20).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
    };
    let nonce = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|html| html.split(" nonce=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .filter(|n| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_+/=".contains(&b))
        });
    let policy = match nonce {
        Some(n) => app::server::page_csp(n),
        None => NON_PAGE_CSP.to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&policy) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The policy for responses that are not pages (JSON, files, downloads): they load nothing.
const NON_PAGE_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Adds the security headers every response gets. Pages set their own CSP (with the nonce of
/// their hydration script, `app::server::set_page_csp`); the rest get a policy that loads
/// nothing.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = cache_control(req.uri().path());
    let mut resp = next.run(req).await;
    let html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if html && !resp.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        resp = with_page_csp(resp).await;
    }
    let ok = resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED;
    let h = resp.headers_mut();
    match (cache.filter(|_| ok), html) {
        (Some(policy), _) => {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        }
        // Pages are always asked for again (they carry the session's data and a fresh nonce).
        (None, true) if !h.contains_key(header::CACHE_CONTROL) => {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        _ => {}
    }
    let mut set = |name: header::HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::CONTENT_SECURITY_POLICY, NON_PAGE_CSP);
    set(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if state.web.https() {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_hashed_bundle_files_are_immutable() {
        let year = Some("public, max-age=31536000, immutable");
        assert_eq!(cache_control("/pkg/stempel.0123456789abcdef.wasm"), year);
        assert_eq!(cache_control("/pkg/stempel.0123456789abcdef.js"), year);
        assert_eq!(cache_control("/pkg/stempel.css"), Some("no-cache"));
        assert_eq!(cache_control("/time"), None);
    }

    #[test]
    fn tells_own_pages_from_other_sites() {
        let web = WebSettings::default();
        let same = [("sec-fetch-site", "same-origin")];
        assert!(!cross_site(&headers(&same), &web));
        assert!(cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &web
        ));
        assert!(cross_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            &web
        ));
        let own = [
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ];
        assert!(!cross_site(&headers(&own), &web));
        let evil = [
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:3000"),
        ];
        assert!(cross_site(&headers(&evil), &web));
        assert!(cross_site(
            &headers(&[("origin", "null"), ("host", "a")]),
            &web
        ));
        // A program that sends neither header is not a browser page.
        assert!(!cross_site(&HeaderMap::new(), &web));
        let public = WebSettings {
            public_origin: Some("https://time.example.com".into()),
            trust_proxy: false,
            ..Default::default()
        };
        let proxied = [
            ("origin", "https://time.example.com"),
            ("host", "10.0.0.5:3000"),
        ];
        assert!(!cross_site(&headers(&proxied), &public));
    }
}
