//! Decoding a route's argument in each request style, with Dropbox's 400 texts on failure.

use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::ApiError;

const CORS_HACK: &str = "text/plain; charset=dropbox-cors-hack";

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn media_type(given: &str) -> String {
    given
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn bad_content_type(route: &str, given: &str, expected: &str) -> ApiError {
    ApiError::bad_input(
        route,
        format!(
            "Bad HTTP \"Content-Type\" header: \"{given}\".  Expecting one of \"{expected}\", \
             \"{CORS_HACK}\"."
        ),
    )
}

/// An RPC route's JSON body.
pub(crate) fn rpc<T: DeserializeOwned>(
    route: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, ApiError> {
    let given = content_type(headers);
    if media_type(given) != "application/json" && !given.eq_ignore_ascii_case(CORS_HACK) {
        return Err(bad_content_type(route, given, "application/json"));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_input(
            route,
            format!("request body: could not decode input as JSON ({e})"),
        )
    })?;
    decode_value(route, "request body", value)
}

/// A `Void` RPC argument: an absent or empty body, or JSON `null`, as the SDKs send it.
pub(crate) fn rpc_void(route: &str, headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    match rpc::<Value>(route, headers, body)? {
        Value::Null => Ok(()),
        other => Err(ApiError::bad_input(
            route,
            format!("request body: expected null, got {}", json_kind(&other)),
        )),
    }
}

/// The argument of an upload- or download-style route: the `Dropbox-API-Arg` header, or the
/// `arg` URL parameter.
pub(crate) fn header<T: DeserializeOwned>(
    route: &str,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<T, ApiError> {
    let from_header = headers
        .get("dropbox-api-arg")
        .map(|v| v.as_bytes().to_vec());
    let from_query = || {
        url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .find(|(k, _)| k == "arg")
            .map(|(_, v)| v.into_owned().into_bytes())
    };
    let (raw, source) = match from_header {
        Some(raw) => (raw, "HTTP header \"Dropbox-API-Arg\""),
        None => match from_query() {
            Some(raw) => (raw, "URL parameter \"arg\""),
            None => {
                return Err(ApiError::bad_input(
                    route,
                    "Must provide HTTP header \"Dropbox-API-Arg\" or URL parameter \"arg\".",
                ));
            }
        },
    };
    // Header bytes are read as UTF-8: clients should send `\u` escapes, but raw UTF-8 works too.
    let value: Value = serde_json::from_slice(&raw).map_err(|_| {
        ApiError::bad_input(route, format!("{source}: could not decode input as JSON"))
    })?;
    decode_value(route, source, value)
}

/// Upload-style bodies are raw bytes; the content type says so even when the body is empty.
pub(crate) fn check_upload_content_type(route: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = content_type(headers);
    if media_type(given) == "application/octet-stream" || given.eq_ignore_ascii_case(CORS_HACK) {
        Ok(())
    } else {
        Err(bad_content_type(route, given, "application/octet-stream"))
    }
}

fn decode_value<T: DeserializeOwned>(
    route: &str,
    source: &str,
    value: Value,
) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::bad_input(route, format!("{source}: {e}")))
}

pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}
