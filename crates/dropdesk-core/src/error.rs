use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

/// What kind of failure happened, for the UI to choose its words and actions. Stable: the UI
/// branches on these, never on message text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// An input failed validation; `field` names it.
    InvalidInput,
    /// Dropbox could not be reached (network down, server failing).
    Offline,
    /// Dropbox asked us to slow down; `retryAfterSecs` says for how long.
    RateLimited,
    /// The sign-in is no longer accepted; the user must sign in again.
    SignInExpired,
    /// The Dropbox app lacks a permission (scope) this needs; the message names it.
    MissingPermission,
    /// Dropbox refused the request for a reason the user cannot fix here.
    Dropbox,
    /// Reading or writing Dropdesk's own files failed.
    Storage,
    /// Signing in did not finish (refused, timed out, cancelled); the message says why.
    SignInFailed,
    /// The demo's built-in Dropbox could not start.
    DemoUnavailable,
    /// A bug in Dropdesk; the log has the details.
    Internal,
}

/// The core's one error type.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },
    #[error("Can't reach Dropbox: {0}")]
    Offline(String),
    #[error("Dropbox asked us to slow down. Retrying in {} s.", retry_after.as_secs())]
    RateLimited { retry_after: Duration },
    #[error("Your Dropbox sign-in has ended. Sign in again.")]
    SignInExpired,
    #[error(
        "Your Dropbox app is missing the \"{scope}\" permission. Tick it on the app's \
         Permissions tab in the Dropbox App Console, then sign in again."
    )]
    MissingPermission { scope: String },
    #[error("Dropbox refused the request: {0}")]
    Dropbox(String),
    #[error("Could not {action} {path}: {source}")]
    Storage {
        action: &'static str,
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    SignInFailed(String),
    #[error("The demo could not start: {0}")]
    DemoUnavailable(String),
    #[error("Something went wrong inside Dropdesk: {0}")]
    Internal(String),
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::InvalidInput { .. } => ErrorCode::InvalidInput,
            CoreError::Offline(_) => ErrorCode::Offline,
            CoreError::RateLimited { .. } => ErrorCode::RateLimited,
            CoreError::SignInExpired => ErrorCode::SignInExpired,
            CoreError::MissingPermission { .. } => ErrorCode::MissingPermission,
            CoreError::Dropbox(_) => ErrorCode::Dropbox,
            CoreError::Storage { .. } => ErrorCode::Storage,
            CoreError::SignInFailed(_) => ErrorCode::SignInFailed,
            CoreError::DemoUnavailable(_) => ErrorCode::DemoUnavailable,
            CoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The input field the error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CoreError::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            CoreError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

impl<E: std::fmt::Debug> From<dropbox_client::Error<E>> for CoreError {
    fn from(error: dropbox_client::Error<E>) -> Self {
        use dropbox_client::{AuthError, Error};
        match error {
            Error::Auth(AuthError::MissingScope { required_scope }) => {
                CoreError::MissingPermission {
                    scope: required_scope,
                }
            }
            Error::Auth(AuthError::UserSuspended) => {
                CoreError::Dropbox("this Dropbox account is suspended".into())
            }
            Error::Auth(_) => CoreError::SignInExpired,
            Error::RateLimited { retry_after } => CoreError::RateLimited { retry_after },
            Error::Transport(e) => CoreError::Offline(e.to_string()),
            Error::Server { status, .. } => {
                CoreError::Offline(format!("Dropbox answered with error {status}"))
            }
            Error::Route(e) => CoreError::Dropbox(format!("{e:?}")),
            Error::PathRoot(e) => {
                CoreError::Dropbox(format!("the team space is not reachable ({e:?})"))
            }
            Error::Access { tag } => CoreError::Dropbox(format!("access denied ({tag})")),
            Error::BadRequest(text) => CoreError::Internal(format!("bad request: {text}")),
            Error::Decode { message, raw } => {
                tracing::warn!(%message, raw_len = raw.len(), "undecodable Dropbox answer");
                CoreError::Internal(message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_map_to_codes_the_ui_can_act_on() {
        type E = dropbox_client::Error<dropbox_client::VoidError>;
        let expired: CoreError = E::Auth(dropbox_client::AuthError::ExpiredAccessToken).into();
        assert_eq!(expired.code(), ErrorCode::SignInExpired);
        let limited: CoreError = E::RateLimited {
            retry_after: Duration::from_secs(12),
        }
        .into();
        assert_eq!(limited.code(), ErrorCode::RateLimited);
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(12)));
        let down: CoreError = E::Server {
            status: 503,
            body: String::new(),
        }
        .into();
        assert_eq!(down.code(), ErrorCode::Offline);
        let scope: CoreError = E::Auth(dropbox_client::AuthError::MissingScope {
            required_scope: "files.content.write".into(),
        })
        .into();
        assert_eq!(scope.code(), ErrorCode::MissingPermission);
        assert!(
            scope.to_string().contains("\"files.content.write\""),
            "{scope}"
        );
    }
}
