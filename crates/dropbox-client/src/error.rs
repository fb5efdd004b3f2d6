use std::time::Duration;

use serde::Deserialize;

use crate::path_root::PathRootError;

/// Everything a Dropbox call can end in, other than its result.
///
/// `E` is the route's own error union (the 409 body). Callers branch on variants, never on text:
/// `error_summary` is for humans and is not parsed.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The route's own error (HTTP 409).
    #[error("route error: {0:?}")]
    Route(E),
    /// The token was not accepted (HTTP 401).
    #[error("authentication failed: {0:?}")]
    Auth(AuthError),
    /// The `Dropbox-API-Path-Root` header named a root this account cannot use (HTTP 422).
    #[error("path root refused: {0:?}")]
    PathRoot(PathRootError),
    /// The account or app may not use this route or feature (HTTP 403); the `.tag` is kept.
    #[error("access denied: {tag}")]
    Access { tag: String },
    /// Dropbox rejected the request itself (HTTP 400); its text says why.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Too many requests (HTTP 429); wait this long before trying again.
    #[error("rate limited; retry after {retry_after:?}")]
    RateLimited { retry_after: Duration },
    /// Dropbox failed (HTTP 5xx or another unexpected status).
    #[error("server error {status}: {body}")]
    Server { status: u16, body: String },
    /// The request never got an HTTP answer.
    #[error("could not reach Dropbox: {0}")]
    Transport(#[source] reqwest::Error),
    /// The answer could not be decoded; the raw body is kept for the log.
    #[error("could not decode Dropbox's answer: {message}")]
    Decode { message: String, raw: String },
}

/// `auth.AuthError` (open union).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum AuthError {
    InvalidAccessToken,
    InvalidSelectUser,
    InvalidSelectAdmin,
    UserSuspended,
    ExpiredAccessToken,
    MissingScope {
        required_scope: String,
    },
    RouteAccessDenied,
    #[serde(other)]
    Other,
}

/// The error type of routes whose error is `Void`: Dropbox never sends one.
#[derive(Debug, Deserialize)]
pub enum VoidError {}
