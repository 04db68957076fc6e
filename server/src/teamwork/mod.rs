//! /teamwork: a Teamwork-compatible time API over the same services and data as /api/v2/ext
//! (../shared/seeds/teamwork-time-tracking-api.en.txt). A Teamwork client works against it by
//! changing only its base URL. Mapping: company = client, project = project, tasklist = task
//! list, task / todo item = task, person = user, billed = has an invoice number.

mod directory;
mod error;
mod params;
mod time_entries;
mod totals;

use app::server::AppState;
use app::services::api_keys::ApiPrincipal;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::rest::key::{admit, put_rate_headers, Refusal};
pub use error::TwError;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/authenticate.json", get(directory::authenticate))
        .route("/projects.json", get(directory::list_projects))
        .route("/projects/{id}", get(directory::get_project))
        .route("/projects/{id}/tasks.json", get(directory::project_tasks))
        .route("/people.json", get(directory::list_people))
        .route("/people/{file}", get(directory::get_person))
        .route("/time_entries.json", get(time_entries::list_all))
        .route(
            "/time_entries/{file}",
            get(time_entries::get)
                .put(time_entries::update)
                .delete(time_entries::delete),
        )
        .route(
            "/projects/{id}/time_entries.json",
            get(time_entries::list_project).post(time_entries::create_in_project),
        )
        .route(
            "/tasks/{id}/time_entries.json",
            get(time_entries::list_task).post(time_entries::create_in_task),
        )
        .route(
            "/todo_items/{id}/time_entries.json",
            get(time_entries::list_task).post(time_entries::create_in_task),
        )
        .route("/time/total.json", get(totals::account))
        .route("/projects/time/total.json", get(totals::per_project))
        .route("/projects/{id}/time/total.json", get(totals::project))
        .route("/tasklists/{id}/time/total.json", get(totals::task_list))
        .route("/tasks/{id}/time/total.json", get(totals::task))
        .method_not_allowed_fallback(|| async {
            TwError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method not allowed on this path.",
            )
        })
        .fallback(|| async { TwError::new(StatusCode::NOT_FOUND, "No such endpoint.") })
        .layer(middleware::from_fn_with_state(state, gate))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::rest::MAX_BODY_BYTES,
        ))
}

/// The same key check and shared budget as /api/v2/ext, answered in Teamwork's error shape.
async fn gate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    match admit(&state, req.headers()).await {
        Ok((principal, budget)) => {
            crate::rest::key::note_account(&req, principal.account_id);
            req.extensions_mut().insert::<ApiPrincipal>(principal);
            let mut resp = next.run(req).await;
            put_rate_headers(&mut resp, budget);
            resp
        }
        Err(Refusal::Unauthorized) => {
            TwError::new(StatusCode::UNAUTHORIZED, "Authentication failed: send the API key as user name and the secret as password (HTTP Basic).").into_response()
        }
        Err(Refusal::Throttled(budget)) => {
            let mut resp = TwError::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests; slow down.").into_response();
            resp.headers_mut().insert(axum::http::header::RETRY_AFTER, budget.reset_secs.max(1).into());
            put_rate_headers(&mut resp, budget);
            resp
        }
        Err(Refusal::Failed(e)) => TwError::from(e).into_response(),
    }
}
