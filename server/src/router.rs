//! One router for everything: the Leptos pages and server functions, /api/v2/ext, the
//! language switch and the static files of the hydrate bundle.

use app::db::Db;
use app::server::{AppState, LANG_COOKIE};
use app::{shell, App};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::util::MapRequest;
use tower_http::normalize_path::{NormalizePath, NormalizePathLayer};
use tower_http::CompressionLevel;

use crate::config::ServeArgs;

pub fn leptos_options(addr: std::net::SocketAddr) -> LeptosOptions {
    let mut options = get_configuration(None)
        .map(|c| c.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("stempel").build());
    options.site_addr = addr;
    app::server::use_hashed_assets(&mut options);
    options
}

/// The whole application as one service: the router behind the path mending.
pub type App = NormalizePath<MapRequest<Router, fn(Request) -> Request>>;

/// The whole application; trailing slashes are trimmed before routing (`/clients/` ≡ `/clients`).
///
/// The key-authenticated APIs are added after the browser-only layers (the form-body check,
/// the cross-site guard and the page gate), so their requests skip them: a layer wraps only the
/// routes already there. Those layers let API paths through anyway, but each costs a boxed
/// future and a state clone per request (with the merged log and metrics layer, the server's
/// CPU per request fell from 17.4 to 15.9 µs; docs/performance.md).
pub fn app(state: AppState) -> App {
    let router = browser_routes(&state)
        .nest("/api/v2/ext", crate::rest::router(state.clone()))
        .nest("/teamwork", crate::teamwork::router(state.clone()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web_guard::security_headers,
        ))
        .layer(compression(CompressionLevel::Precise(5), is_page))
        .layer(compression(CompressionLevel::Fastest, |_, _, _, _| true))
        .layer(axum::middleware::from_fn(crate::access_log::log_requests))
        .with_state(state);
    // Routing happens inside `router`, so the path is mended in front of it.
    tower::ServiceBuilder::new()
        .layer(NormalizePathLayer::trim_trailing_slash())
        .map_request(join_teamwork_slashes as fn(Request) -> Request)
        .service(router)
}

/// Pages, server functions, downloads and the operational routes, behind the guards that only
/// browsers need.
fn browser_routes(state: &AppState) -> Router<AppState> {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(crate::health::healthz))
        .route("/readyz", get(crate::health::readyz))
        .route("/metrics", get(crate::metrics::serve))
        .route("/lang/{code}", get(switch_language))
        .route("/api-docs", get(crate::rest::openapi::html))
        .route("/timesheet.csv", get(crate::exports::timesheet))
        .route("/timesheet.xlsx", get(crate::exports::timesheet))
        .route("/reports.csv", get(crate::exports::report))
        .route("/reports.xlsx", get(crate::exports::report))
        .route("/reports.pdf", get(crate::exports::report))
        .route("/projects/{id}/{file}", get(crate::exports::project_report))
        .route("/calendar/{file}", get(crate::exports::calendar_feed))
        .leptos_routes(state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(crate::web_guard::check_form_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web_guard::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::page_gate::redirect_visits,
        ))
}

/// Teamwork clients join their base URL and a path with a slash each
/// (`/teamwork//projects/1/time_entries.json`); one slash is meant.
fn join_teamwork_slashes(mut req: Request) -> Request {
    let path = req.uri().path();
    if path.starts_with("/teamwork") && path.contains("//") {
        let mut joined = String::with_capacity(path.len());
        for c in path.chars() {
            if !(c == '/' && joined.ends_with('/')) {
                joined.push(c);
            }
        }
        if let Some(q) = req.uri().query() {
            joined.push('?');
            joined.push_str(q);
        }
        let mut parts = req.uri().clone().into_parts();
        if let Ok(pq) = joined.parse() {
            parts.path_and_query = Some(pq);
            if let Ok(uri) = axum::http::Uri::from_parts(parts) {
                *req.uri_mut() = uri;
            }
        }
    }
    req
}

/// Brotli or gzip for what the client accepts, above 1 KiB, for the responses `which` picks (an
/// outer layer leaves alone what an inner one compressed). Files of the hydrate bundle are
/// served precompressed at build time (`.br`, `.gz` beside them) and are not compressed again.
fn compression<P>(
    level: CompressionLevel,
    which: P,
) -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate>
where
    P: Fn(StatusCode, axum::http::Version, &HeaderMap, &axum::http::Extensions) -> bool + Clone,
{
    use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
    tower_http::compression::CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(level)
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)).and(which))
}

/// Pages get brotli quality 5: the signed-in Time page of a large account (60 KB of HTML with
/// its pickers) is 9.3 KB at the fastest level and 5.5 KB at 5, for ~0.5 ms of CPU; on a phone
/// the bytes cost more than that. JSON and downloads keep the fastest level (a 1000-entry list
/// is 600 KB).
fn is_page(
    _: StatusCode,
    _: axum::http::Version,
    headers: &HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
}

/// Sets the language cookie and goes back to the page the switch was clicked on; a signed-in
/// person's profile remembers the choice (it decides their pages' language).
async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(lang) = app::i18n::Lang::parse(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Ok(actor) = crate::exports::session_actor(&state, &headers).await {
        if let Err(e) = app::services::profile::set_lang(&state.db, &actor, lang).await {
            tracing::warn!(error = %e, "could not store the language with the profile");
        }
    }
    // Only a same-site path is a safe place to return to.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/lang/"))
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    );
    let mut resp = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

pub async fn serve(db: Db, args: ServeArgs) -> std::io::Result<()> {
    let state = AppState::new(app::server::Shared {
        leptos_options: leptos_options(args.addr),
        db,
        api_rate_limit: args.api_rate_limit,
        web: app::server::WebSettings {
            public_origin: args.public_url.clone(),
            trust_proxy: args.trust_proxy,
            metrics_token: args.metrics_token.clone(),
        },
    });
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    tracing::info!(addr = %args.addr, backend = ?state.db.backend, "stempel listening");
    tokio::spawn(purge_periodically(state.db.clone()));
    // The peer address feeds the sign-in throttle (per client address).
    let service = axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
        std::net::SocketAddr,
    >(app(state));
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Every ten minutes: expired and idle sessions and finished sign-in windows go, and SQLite's
/// planner statistics follow the tables' growth. Several processes on one Postgres each do it;
/// the deletes are idempotent.
async fn purge_periodically(db: Db) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        match app::services::sessions::purge(&db).await {
            Ok((sessions, attempts)) if sessions + attempts > 0 => {
                tracing::info!(
                    sessions,
                    attempts,
                    "purged expired sessions and sign-in counters"
                )
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging sessions failed"),
        }
        if let Err(e) = db.refresh_statistics().await {
            tracing::warn!(error = %e, "refreshing the planner's statistics failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
