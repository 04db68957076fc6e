//! The error the UI sees from its server functions. Service errors are mapped into it once
//! (`impl From<ServiceError>`), so a page can show a message next to the field at fault.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::messages::localize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in.")]
    Unauthorized,
    #[error("You are not allowed to do this.")]
    Forbidden,
    #[error("{0} not found.")]
    NotFound(String),
    #[error("{}", .0.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Refused(String),
    #[error("Something went wrong on the server. Please try again.")]
    Internal,
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    /// The message for one form field in the user's language, if the error names the field.
    pub fn for_field(&self, field: &str, lang: Lang) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| localize(lang, &e.message)),
            _ => None,
        }
    }

    /// The whole message in the user's language.
    pub fn localized(&self, lang: Lang) -> String {
        localize(lang, &self.to_string())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // Arguments that do not parse (a missing field, text for a number) are the caller's
        // mistake: 400, not the framework's default 500.
        #[cfg(feature = "ssr")]
        if matches!(
            value,
            ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_)
        ) {
            crate::server::set_status(http::StatusCode::BAD_REQUEST);
        }
        AppError::ServerFn(value)
    }
}
