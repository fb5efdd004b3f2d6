//! What every RPC-style route does before its own work: check the token and decode the argument.

use axum::body::Bytes;
use axum::http::{HeaderMap, header};

use crate::errors::{ApiError, AuthError};
use crate::model::account::FullAccount;
use crate::server::AppState;
use crate::store::TokenProblem;

/// Content types Dropbox accepts for an RPC body (the second is its long-standing browser hack).
const RPC_CONTENT_TYPES: [&str; 2] = ["application/json", "text/plain; charset=dropbox-cors-hack"];

/// Resolves `Authorization: Bearer <token>` to the account, with Dropbox's errors: 400 text for a
/// missing or malformed header, 401 JSON for a token that is unknown or expired.
pub(crate) fn authenticate(
    state: &AppState,
    route: &str,
    headers: &HeaderMap,
) -> Result<FullAccount, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::bad_input(
            route,
            "Must provide HTTP header \"Authorization\" or URL parameter \"authorization\".",
        )
    })?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            ApiError::bad_input(
                route,
                "Invalid authorization value in HTTP header \"Authorization\": expected \"Bearer <token>\".",
            )
        })?;
    if !is_well_formed_token(token) {
        return Err(ApiError::bad_input(
            route,
            "The given OAuth 2 access token is malformed.",
        ));
    }
    state
        .store
        .authenticate(token, state.clock.now())
        .map_err(|problem| {
            ApiError::Auth(match problem {
                TokenProblem::Unknown => AuthError::InvalidAccessToken,
                TokenProblem::Expired => AuthError::ExpiredAccessToken,
            })
        })
}

fn is_well_formed_token(token: &str) -> bool {
    !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
}

/// Decodes a `Void` argument: an absent or empty body, or JSON `null`, as the SDKs send it.
pub(crate) fn void_arg(route: &str, headers: &HeaderMap, body: &Bytes) -> Result<(), ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    check_content_type(route, headers)?;
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Null) => Ok(()),
        Ok(other) => Err(ApiError::bad_input(
            route,
            format!("request body: expected null, got {}", json_kind(&other)),
        )),
        Err(e) => Err(ApiError::bad_input(
            route,
            format!("request body: could not decode input as JSON: {e}"),
        )),
    }
}

fn check_content_type(route: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = given.split(';').next().unwrap_or("").trim();
    if media_type.eq_ignore_ascii_case("application/json")
        || RPC_CONTENT_TYPES
            .iter()
            .any(|t| given.eq_ignore_ascii_case(t))
    {
        return Ok(());
    }
    Err(ApiError::bad_input(
        route,
        format!(
            "Bad HTTP \"Content-Type\" header: \"{given}\".  Expecting one of \"{}\", \"{}\".",
            RPC_CONTENT_TYPES[0], RPC_CONTENT_TYPES[1]
        ),
    ))
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "list",
        serde_json::Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_with_spaces_or_quotes_are_malformed() {
        assert!(is_well_formed_token("sl.Abc-_09"));
        assert!(!is_well_formed_token(""));
        assert!(!is_well_formed_token("sl.a b"));
        assert!(!is_well_formed_token("sl.\"x\""));
    }
}
