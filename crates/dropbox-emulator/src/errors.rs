//! The one catalogue of errors the emulator answers with, each in Dropbox's exact wire shape.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error response. Route handlers construct these; only this module renders them.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// 400 with a `text/plain` body, as Dropbox answers bad input.
    BadInput { route: String, message: String },
    /// 401 with an `auth.AuthError` union.
    Auth(AuthError),
    /// 409 with the route's error union.
    Route(Value),
    /// 422 with a `PathRootError` (a bad `Dropbox-API-Path-Root`).
    PathRoot(Value),
    /// 429 with a `RateLimitError`.
    RateLimited { retry_after: Duration },
    /// A 5xx with a text body.
    Server(StatusCode),
    /// 404 for a route Dropbox does not have.
    UnknownRoute(String),
    /// 400 from `/oauth2/token`: `{"error", "error_description"}` (RFC 6749).
    OAuth {
        error: &'static str,
        description: String,
    },
}

/// `auth.AuthError` tags the emulator produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AuthError {
    InvalidAccessToken,
    ExpiredAccessToken,
    MissingScope(&'static str),
}

impl ApiError {
    pub(crate) fn bad_input(route: &str, message: impl Into<String>) -> Self {
        Self::BadInput {
            route: route.to_owned(),
            message: message.into(),
        }
    }

    /// A route error from its union value, e.g. `json!({".tag": "not_found"})`.
    pub(crate) fn route(error: Value) -> Self {
        Self::Route(error)
    }

    /// A route error that is just a tag.
    pub(crate) fn tag(tag: &str) -> Self {
        Self::Route(json!({ ".tag": tag }))
    }

    /// A route error whose tag wraps another union: `{".tag": outer, outer: inner}`.
    pub(crate) fn nested(outer: &str, inner: Value) -> Self {
        let mut error = serde_json::Map::new();
        error.insert(".tag".into(), outer.into());
        error.insert(outer.into(), inner);
        Self::Route(Value::Object(error))
    }

    pub(crate) fn oauth(error: &'static str, description: impl Into<String>) -> Self {
        Self::OAuth {
            error,
            description: description.into(),
        }
    }
}

/// `error_summary`: the tag path joined by `/`, then dots. For humans; clients must not parse it.
pub(crate) fn error_summary(error: &Value) -> String {
    let mut parts = Vec::new();
    let mut current = error;
    while let Some(tag) = current.get(".tag").and_then(Value::as_str) {
        parts.push(tag.to_owned());
        match current.get(tag) {
            Some(inner) if inner.get(".tag").is_some() => current = inner,
            _ => match current.get("reason") {
                Some(inner) if inner.get(".tag").is_some() => current = inner,
                _ => break,
            },
        }
    }
    format!("{}/...", parts.join("/"))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadInput { route, message } => text(
                StatusCode::BAD_REQUEST,
                format!("Error in call to API function \"{route}\": {message}"),
            ),
            ApiError::UnknownRoute(route) => text(
                StatusCode::NOT_FOUND,
                format!("Unknown API function: \"{route}\""),
            ),
            ApiError::Auth(auth) => {
                let error = match auth {
                    AuthError::InvalidAccessToken => json!({ ".tag": "invalid_access_token" }),
                    AuthError::ExpiredAccessToken => json!({ ".tag": "expired_access_token" }),
                    AuthError::MissingScope(scope) => {
                        json!({ ".tag": "missing_scope", "required_scope": scope })
                    }
                };
                json_response(
                    StatusCode::UNAUTHORIZED,
                    &json!({ "error_summary": error_summary(&error), "error": error }),
                )
            }
            ApiError::Route(error) => json_response(
                StatusCode::CONFLICT,
                &json!({ "error_summary": error_summary(&error), "error": error }),
            ),
            ApiError::PathRoot(error) => json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({ "error_summary": error_summary(&error), "error": error }),
            ),
            ApiError::RateLimited { retry_after } => {
                let secs = retry_after.as_secs().max(1);
                let mut response = json_response(
                    StatusCode::TOO_MANY_REQUESTS,
                    &json!({
                        "error_summary": "too_many_requests/...",
                        "error": { "reason": { ".tag": "too_many_requests" }, "retry_after": secs }
                    }),
                );
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
                response
            }
            ApiError::Server(status) => text(
                status,
                format!(
                    "Internal server error ({}).",
                    status.canonical_reason().unwrap_or("error")
                ),
            ),
            ApiError::OAuth { error, description } => json_response(
                StatusCode::BAD_REQUEST,
                &json!({ "error": error, "error_description": description }),
            ),
        }
    }
}

pub(crate) fn text(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// JSON bodies carry `Content-Type: application/json` exactly: the Python SDK compares it verbatim.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_follow_nested_tags() {
        assert_eq!(
            error_summary(&json!({".tag": "path", "path": {".tag": "not_found"}})),
            "path/not_found/..."
        );
        assert_eq!(
            error_summary(
                &json!({".tag": "path", "reason": {".tag": "conflict", "conflict": {".tag": "file"}}})
            ),
            "path/conflict/file/..."
        );
        assert_eq!(
            error_summary(&json!({".tag": "file_request_open"})),
            "file_request_open/..."
        );
    }
}
