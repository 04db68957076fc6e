//! /api/v2/ext: the key-authenticated REST API (see ../shared/spec/api-v2-ext.md).
//! Handlers translate between the wire and the service layer; every rule is in `app::services`.

/// The `get` and `delete` handlers of a resource, the same for every one: `$service` is the
/// service module (with `get` and `delete` taking the actor and the id), `$to_wire` its wire
/// shape. Used inside each resource's handler module.
macro_rules! get_and_delete {
    ($service:ident, $to_wire:path) => {
        pub async fn get(
            axum::extract::State(state): axum::extract::State<app::server::AppState>,
            axum::Extension(who): axum::Extension<app::services::api_keys::ApiPrincipal>,
            axum::extract::Path(id): axum::extract::Path<String>,
        ) -> Result<axum::response::Response, super::error::ApiError> {
            let id = super::parse_id(&id)?;
            Ok(axum::response::IntoResponse::into_response(
                super::envelope::One($to_wire($service::get(&state.db, &who.actor(), id).await?)),
            ))
        }

        pub async fn delete(
            axum::extract::State(state): axum::extract::State<app::server::AppState>,
            axum::Extension(who): axum::Extension<app::services::api_keys::ApiPrincipal>,
            axum::extract::Path(id): axum::extract::Path<String>,
        ) -> Result<super::envelope::One<serde_json::Value>, super::error::ApiError> {
            let id = super::parse_id(&id)?;
            $service::delete(&state.db, &who.actor(), id).await?;
            Ok(super::envelope::deleted(id))
        }
    };
}

mod absences;
mod attendances;
mod clients;
pub mod envelope;
pub mod error;
mod expenses;
pub mod fields;
pub mod key;
pub mod openapi;
mod projects;
mod reports;
mod tasks;
mod time_entries;
mod timers;

use app::server::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use error::{ApiError, CODE_MALFORMED};

/// Request bodies above this answer 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The records: list and create, get, update and delete by id.
fn records() -> Router<AppState> {
    Router::new()
        .route("/clients", get(clients::list).post(clients::create))
        .route(
            "/clients/{id}",
            get(clients::get)
                .put(clients::update)
                .delete(clients::delete),
        )
        .route("/projects", get(projects::list).post(projects::create))
        .route(
            "/projects/{id}",
            get(projects::get)
                .put(projects::update)
                .delete(projects::delete),
        )
        .route("/tasks", get(tasks::list).post(tasks::create))
        .route(
            "/tasks/{id}",
            get(tasks::get).put(tasks::update).delete(tasks::delete),
        )
        .route(
            "/project_time_entries",
            get(time_entries::list).post(time_entries::create),
        )
        .route(
            "/project_time_entries/{id}",
            get(time_entries::get)
                .put(time_entries::update)
                .delete(time_entries::delete),
        )
        .route("/expenses", get(expenses::list).post(expenses::create))
        .route(
            "/expenses/{id}",
            get(expenses::get)
                .put(expenses::update)
                .delete(expenses::delete),
        )
        .route(
            "/attendances",
            get(attendances::list).post(attendances::create),
        )
        .route(
            "/attendances/{id}",
            get(attendances::get)
                .put(attendances::update)
                .delete(attendances::delete),
        )
        .route("/absences", get(absences::list).post(absences::create))
        .route(
            "/absences/{id}",
            get(absences::get)
                .put(absences::update)
                .delete(absences::delete),
        )
        .route(
            "/absence_types",
            get(absences::list_types).post(absences::create_type),
        )
        .route(
            "/absence_types/{id}",
            get(absences::get_type)
                .put(absences::update_type)
                .delete(absences::delete_type),
        )
}

/// The running timers and the reports.
fn timers_and_reports() -> Router<AppState> {
    Router::new()
        .route(
            "/project_timer",
            get(timers::get_project_timer)
                .put(timers::update_project_timer)
                .delete(timers::discard_project_timer),
        )
        .route("/project_timer/start", post(timers::start_project_timer))
        .route("/project_timer/stop", post(timers::stop_project_timer))
        .route("/attendance_timer", get(timers::get_attendance_timer))
        .route("/attendance_timer/start", post(timers::clock_in))
        .route("/attendance_timer/stop", post(timers::clock_out))
        .route("/attendance_timer/break/start", post(timers::start_break))
        .route("/attendance_timer/break/stop", post(timers::end_break))
        .route("/user_reports", get(reports::list))
        .route("/user_reports/{id}", get(reports::get))
}

/// `/api/v2/ext`: the key gate in front of everything but the OpenAPI document.
pub fn router(state: AppState) -> Router<AppState> {
    let authenticated = records()
        .merge(timers_and_reports())
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|| async { ApiError::route_not_found() })
        .layer(middleware::from_fn_with_state(state, key::authenticate))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    // The API's description is public: clients read it before they hold a key.
    Router::new()
        .route("/openapi.json", get(openapi::json))
        .merge(authenticated)
        .layer(middleware::map_response(utf8_json))
}

/// The contract's content type: `application/json; charset=utf-8` on every JSON answer.
async fn utf8_json(mut resp: axum::response::Response) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    if resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "application/json")
    {
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    resp
}

/// A path id that is not a positive integer is a malformed path (400).
pub fn parse_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        ApiError::one(
            StatusCode::BAD_REQUEST,
            CODE_MALFORMED,
            "Malformed path",
            "The id in the path must be a positive whole number.",
            Some("id"),
        )
    })
}
