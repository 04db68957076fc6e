//! Teamwork's error shape: `{"STATUS": "Error", "MESSAGE": "…"}` with the HTTP status.

use app::services::ServiceError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug)]
pub struct TwError {
    pub status: StatusCode,
    pub message: String,
}

impl TwError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> TwError {
        TwError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> TwError {
        TwError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<ServiceError> for TwError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound(r) => {
                TwError::new(StatusCode::NOT_FOUND, format!("{r} not found."))
            }
            ServiceError::Deleted(r) => {
                TwError::new(StatusCode::NOT_FOUND, format!("{r} has been deleted."))
            }
            ServiceError::Invalid(list) => TwError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                list.iter()
                    .map(|i| format!("{}: {}", i.field, i.message))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            ServiceError::Forbidden(why) => TwError::new(StatusCode::FORBIDDEN, why),
            ServiceError::Unauthorized | ServiceError::LockedOut { .. } => {
                TwError::new(StatusCode::UNAUTHORIZED, "Authentication failed.")
            }
            ServiceError::Database(err) => {
                tracing::error!(error = %err, "database error in the Teamwork API");
                TwError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal error; it has been logged.",
                )
            }
            ServiceError::Internal(msg) => {
                tracing::error!(error = %msg, "internal error in the Teamwork API");
                TwError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal error; it has been logged.",
                )
            }
        }
    }
}

impl IntoResponse for TwError {
    fn into_response(self) -> Response {
        (
            self.status,
            axum::Json(serde_json::json!({"STATUS": "Error", "MESSAGE": self.message})),
        )
            .into_response()
    }
}
