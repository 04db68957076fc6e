//! The contract's error object, and the one mapping from `ServiceError` to it.
//! Every code is listed in docs/api-errors.md.

use app::services::{Resource, ServiceError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ErrorItem {
    pub title: String,
    pub status: u16,
    pub code: u32,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

#[derive(Debug, Serialize)]
pub struct Source {
    pub parameter: String,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub errors: Vec<ErrorItem>,
    pub retry_after: Option<i64>,
}

pub const CODE_MALFORMED: u32 = 10400;
pub const CODE_UNAUTHORIZED: u32 = 10401;
pub const CODE_FORBIDDEN: u32 = 10403;
pub const CODE_ROUTE_NOT_FOUND: u32 = 10404;
pub const CODE_METHOD: u32 = 10405;
pub const CODE_TOO_LARGE: u32 = 10413;
pub const CODE_MEDIA_TYPE: u32 = 10415;
pub const CODE_INVALID: u32 = 10422;
pub const CODE_THROTTLED: u32 = 10429;
pub const CODE_INTERNAL: u32 = 10500;

/// Each resource owns a block of codes: NN010 not found, NN020 exists but deleted
/// (TimeEntry is block 15, so its deleted code is 15020 as in the TimeTrack seed).
pub fn resource_block(r: Resource) -> u32 {
    match r {
        Resource::Client => 11,
        Resource::Project => 12,
        Resource::Task => 13,
        Resource::TimeEntry => 15,
        Resource::Expense => 16,
        Resource::Attendance => 17,
        Resource::Absence => 18,
        Resource::AbsenceType => 19,
        Resource::User => 20,
        Resource::ApiKey => 21,
        Resource::Account => 22,
    }
}

impl ApiError {
    pub fn one(
        status: StatusCode,
        code: u32,
        title: &str,
        detail: impl Into<String>,
        parameter: Option<&str>,
    ) -> ApiError {
        ApiError {
            status,
            errors: vec![ErrorItem {
                title: title.to_string(),
                status: status.as_u16(),
                code,
                detail: detail.into(),
                source: parameter.map(|p| Source {
                    parameter: p.to_string(),
                }),
            }],
            retry_after: None,
        }
    }

    pub fn unauthorized(detail: &str) -> ApiError {
        ApiError::one(
            StatusCode::UNAUTHORIZED,
            CODE_UNAUTHORIZED,
            "Authentication failed",
            detail,
            None,
        )
    }

    pub fn method_not_allowed() -> ApiError {
        ApiError::one(
            StatusCode::METHOD_NOT_ALLOWED,
            CODE_METHOD,
            "Method not allowed",
            "This path does not support this HTTP method.",
            None,
        )
    }

    pub fn route_not_found() -> ApiError {
        ApiError::one(
            StatusCode::NOT_FOUND,
            CODE_ROUTE_NOT_FOUND,
            "Route not found",
            "There is no such endpoint in /api/v2/ext.",
            None,
        )
    }

    pub fn throttled(retry_after: i64) -> ApiError {
        let mut e = ApiError::one(
            StatusCode::TOO_MANY_REQUESTS,
            CODE_THROTTLED,
            "Too many requests",
            format!("The request budget of this API key is used up; retry in {retry_after} s."),
            None,
        );
        e.retry_after = Some(retry_after);
        e
    }

    /// 422 listing every invalid parameter.
    pub fn invalid(list: Vec<(String, String)>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: list
                .into_iter()
                .map(|(parameter, detail)| ErrorItem {
                    title: "Invalid parameter".to_string(),
                    status: 422,
                    code: CODE_INVALID,
                    detail,
                    source: Some(Source { parameter }),
                })
                .collect(),
            retry_after: None,
        }
    }

    pub fn internal() -> ApiError {
        ApiError::one(
            StatusCode::INTERNAL_SERVER_ERROR,
            CODE_INTERNAL,
            "Internal server error",
            "The server could not complete the request. It has been logged.",
            None,
        )
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound(r) => ApiError::one(
                StatusCode::NOT_FOUND,
                resource_block(r) * 1000 + 10,
                &format!("{r} not found"),
                format!("No {r} with this id exists in this account."),
                Some("id"),
            ),
            ServiceError::Deleted(r) => ApiError::one(
                StatusCode::NOT_FOUND,
                resource_block(r) * 1000 + 20,
                &format!("{r} exist but it is deleted"),
                format!("{r} is deleted and can not be used."),
                Some("id"),
            ),
            ServiceError::Invalid(list) => {
                ApiError::invalid(list.into_iter().map(|i| (i.field, i.message)).collect())
            }
            ServiceError::Forbidden(why) => ApiError::one(
                StatusCode::FORBIDDEN,
                CODE_FORBIDDEN,
                "Action not allowed",
                why,
                None,
            ),
            ServiceError::Unauthorized | ServiceError::LockedOut { .. } => ApiError::unauthorized(
                "Check the X-TimeTrack-Api-Key and X-TimeTrack-Api-Secret headers.",
            ),
            // Logged here, never sent: SQL, paths and stack traces stay on the server.
            ServiceError::Database(err) => {
                tracing::error!(error = %err, "database error in the REST API");
                ApiError::internal()
            }
            ServiceError::Internal(msg) => {
                tracing::error!(error = %msg, "internal error in the REST API");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "errors": self.errors });
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}
