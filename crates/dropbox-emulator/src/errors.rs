//! The one catalogue of errors the emulator answers with, each in Dropbox's exact wire shape.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error response. Constructed by route handlers, rendered here only.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    /// 400 with a `text/plain` body, as Dropbox answers bad input.
    #[error("Error in call to API function \"{route}\": {message}")]
    BadInput { route: String, message: String },
    /// 401 with an `auth.AuthError` union.
    #[error("{0:?}")]
    Auth(AuthError),
    /// 404 for a route Dropbox does not have.
    #[error("Unknown API function: \"{0}\"")]
    UnknownRoute(String),
}

/// `auth.AuthError` tags the emulator produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AuthError {
    InvalidAccessToken,
    ExpiredAccessToken,
}

impl AuthError {
    fn tag(self) -> &'static str {
        match self {
            AuthError::InvalidAccessToken => "invalid_access_token",
            AuthError::ExpiredAccessToken => "expired_access_token",
        }
    }
}

impl ApiError {
    pub(crate) fn bad_input(route: &str, message: impl Into<String>) -> Self {
        Self::BadInput {
            route: route.to_owned(),
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::BadInput { .. } => text(StatusCode::BAD_REQUEST, self.to_string()),
            ApiError::UnknownRoute(_) => text(StatusCode::NOT_FOUND, self.to_string()),
            ApiError::Auth(auth) => {
                let tag = auth.tag();
                json_error(
                    StatusCode::UNAUTHORIZED,
                    json!({ "error_summary": format!("{tag}/"), "error": { ".tag": tag } }),
                )
            }
        }
    }
}

fn text(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// JSON bodies carry `Content-Type: application/json` exactly: the Python SDK compares it verbatim.
pub(crate) fn json_error(status: StatusCode, body: Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
