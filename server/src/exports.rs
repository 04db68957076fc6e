//! Downloads for the signed-in person (session cookie, like the pages): the timesheet as CSV.

use std::collections::HashMap;

use app::server::{cookie, AppState, SESSION_COOKIE};
use app::services::{sessions, timesheets, ServiceError};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn timesheet_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let actor = match cookie(&headers, SESSION_COOKIE) {
        Some(token) => match sessions::resolve(&state.db, &token).await {
            Ok(Some((actor, _))) => actor,
            Ok(None) => return (StatusCode::UNAUTHORIZED, "Please sign in.").into_response(),
            Err(e) => return refusal(e),
        },
        None => return (StatusCode::UNAUTHORIZED, "Please sign in.").into_response(),
    };
    let month = q.get("month").cloned().unwrap_or_default();
    let user = q.get("user").and_then(|u| u.trim().parse::<i64>().ok());
    match timesheets::timesheet(&state.db, &actor, &month, user).await {
        Ok(sheet) => {
            let name = format!(
                "attachment; filename=\"timesheet-{}-{}.csv\"",
                sheet.report.username.replace('"', ""),
                sheet.month
            );
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, name),
                ],
                timesheets::csv(&sheet.report),
            )
                .into_response()
        }
        Err(e) => refusal(e),
    }
}

fn refusal(e: ServiceError) -> Response {
    match e {
        ServiceError::Forbidden(_) => (StatusCode::FORBIDDEN, "Not allowed.").into_response(),
        ServiceError::NotFound(_) | ServiceError::Deleted(_) => {
            (StatusCode::NOT_FOUND, "Not found.").into_response()
        }
        ServiceError::Invalid(list) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            list.into_iter()
                .map(|i| i.message)
                .collect::<Vec<_>>()
                .join(" "),
        )
            .into_response(),
        other => {
            tracing::error!(error = %other, "timesheet export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong.").into_response()
        }
    }
}
