//! Real redirects for page visits: a signed-out visitor asking for a page gets `303 See Other`
//! to `/login` (or `/setup` on an installation with no account yet) from the server, before any
//! rendering, instead of an empty page that waits for the WebAssembly to redirect. `/login` and
//! `/setup` send people on when they have nothing to do there.

use app::server::{cookie, AppState};
use app::services::{accounts, sessions};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Pages anyone may open.
const PUBLIC_PAGES: &[&str] = &["/api-docs", "/healthz", "/readyz", "/metrics"];

/// Whether a GET of `path` asks for a page of the app (not a file, a download or an API).
fn is_page(path: &str) -> bool {
    let not_pages = ["/api/", "/pkg/", "/teamwork", "/calendar/", "/lang/"];
    let files = [
        ".csv", ".xlsx", ".pdf", ".ics", ".json", ".js", ".wasm", ".css", ".ico", ".br", ".gz",
    ];
    !not_pages.iter().any(|p| path.starts_with(p))
        && !files.iter().any(|f| path.ends_with(f))
        && !PUBLIC_PAGES.contains(&path)
}

fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

pub async fn redirect_visits(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !is_page(req.uri().path()) {
        return next.run(req).await;
    }
    // Only owned values cross the awaits (a request body is not `Sync`).
    let path = req.uri().path().to_string();
    let token = cookie(req.headers(), state.web.session_cookie());
    match decide(&state, &path, token).await {
        Ok(Some(to)) => see_other(to),
        Ok(None) => next.run(req).await,
        Err(e) => {
            // The page itself will show the trouble (and log it); do not hide it behind a redirect.
            tracing::warn!(error = %e, "could not check the session of a page visit");
            next.run(req).await
        }
    }
}

/// Where the visit should go instead, if anywhere.
async fn decide(
    state: &AppState,
    path: &str,
    token: Option<String>,
) -> Result<Option<&'static str>, app::services::ServiceError> {
    let signed_in = match token {
        Some(t) => sessions::resolve(&state.db, &t).await?.is_some(),
        None => false,
    };
    let needs_setup = || async {
        Ok::<_, app::services::ServiceError>(accounts::count_upto_two(&state.db).await?.0 == 0)
    };
    Ok(match (path, signed_in) {
        ("/setup", true) => Some("/"),
        ("/setup", false) => (!needs_setup().await?).then_some("/login"),
        ("/login", true) => Some("/"),
        ("/login", false) => needs_setup().await?.then_some("/setup"),
        (_, true) => None,
        (_, false) if needs_setup().await? => Some("/setup"),
        (_, false) => Some("/login"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_are_told_from_files_and_apis() {
        for page in [
            "/",
            "/time",
            "/projects/3",
            "/admin/users",
            "/login",
            "/setup",
        ] {
            assert!(super::is_page(page), "{page}");
        }
        for other in [
            "/api/login",
            "/pkg/stempel.wasm",
            "/timesheet.csv",
            "/reports.pdf",
            "/projects/3/report.xlsx",
            "/calendar/x.ics",
            "/teamwork/time.json",
            "/lang/de",
            "/api-docs",
        ] {
            assert!(!super::is_page(other), "{other}");
        }
    }
}
