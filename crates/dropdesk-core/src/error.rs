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
    /// Dropbox could not be reached (no network, connection broken).
    Offline,
    /// Dropbox answered with a server error (5xx): it is having trouble, not the network.
    Unavailable,
    /// Dropbox may or may not have done it (the answer was lost and could not be checked);
    /// trying again checks first.
    OutcomeUnknown,
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
    /// The account's folders now start somewhere else (it joined or left a team); Dropdesk
    /// has switched over, and the same action can be tried again.
    SpaceChanged,
}

/// The core's one error type.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },
    /// A team member's new folder whose first part is not a folder of the team space they can
    /// reach: Dropbox would make it in their own folder. Nothing is made until they say so.
    #[error(
        "Folder: the team space has no folder \"{top}\" that you can reach, so this would be \
         created in your own folder, not the team space: {placed}. Choose a team folder with \
         Browse…, or create it in your own folder."
    )]
    NotInTeamSpace { top: String, placed: String },
    /// Words for the user; the technical cause is logged where it happened.
    #[error("{0}")]
    Offline(String),
    #[error("Dropbox is having trouble right now (error {status}).")]
    Unavailable { status: u16 },
    #[error("{0}")]
    OutcomeUnknown(String),
    #[error("Dropbox asked us to slow down. Retrying in {} s.", retry_after.as_secs())]
    RateLimited { retry_after: Duration },
    #[error("Your Dropbox sign-in has ended. Sign in again.")]
    SignInExpired,
    #[error(
        "Your Dropbox app is missing the \"{scope}\" permission. Tick it on the app's \
         Permissions tab in the Dropbox App Console, then sign in again."
    )]
    MissingPermission { scope: String },
    /// Words for the user: what Dropbox refused, and what to do.
    #[error("{0}")]
    Dropbox(String),
    #[error("Could not {action} {path}: {}.", io_words(source))]
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
    /// Dropbox refused the team space the calls named (`invalid_root`): the account joined or
    /// left a team. Nothing was done.
    #[error(
        "Your Dropbox changed: this account joined or left a team, so its folders now start \
         somewhere else. Dropdesk has switched over; nothing was changed. Check the folder and \
         try again."
    )]
    SpaceChanged,
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::InvalidInput { .. } | CoreError::NotInTeamSpace { .. } => {
                ErrorCode::InvalidInput
            }
            CoreError::Offline(_) => ErrorCode::Offline,
            CoreError::Unavailable { .. } => ErrorCode::Unavailable,
            CoreError::OutcomeUnknown(_) => ErrorCode::OutcomeUnknown,
            CoreError::RateLimited { .. } => ErrorCode::RateLimited,
            CoreError::SignInExpired => ErrorCode::SignInExpired,
            CoreError::MissingPermission { .. } => ErrorCode::MissingPermission,
            CoreError::Dropbox(_) => ErrorCode::Dropbox,
            CoreError::Storage { .. } => ErrorCode::Storage,
            CoreError::SignInFailed(_) => ErrorCode::SignInFailed,
            CoreError::DemoUnavailable(_) => ErrorCode::DemoUnavailable,
            CoreError::Internal(_) => ErrorCode::Internal,
            CoreError::SpaceChanged => ErrorCode::SpaceChanged,
        }
    }

    /// A failure that passes by itself: Dropbox unreachable, failing or asking us to wait.
    pub fn passes(&self) -> bool {
        matches!(
            self,
            CoreError::Offline(_) | CoreError::Unavailable { .. } | CoreError::RateLimited { .. }
        )
    }

    /// The input field the error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CoreError::InvalidInput { field, .. } => Some(field),
            CoreError::NotInTeamSpace { .. } => Some("destination"),
            _ => None,
        }
    }

    /// What the field could say instead to go ahead (the folder in the member's own folder).
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            CoreError::NotInTeamSpace { placed, .. } => Some(placed),
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

/// What a file error means, without the OS's error number.
fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotFound => "it does not exist".into(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        ErrorKind::AlreadyExists => "something of that name is already there".into(),
        ErrorKind::IsADirectory => "a folder of that name is in the way".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_owned(),
                None => text,
            }
        }
    }
}

/// Words for "Dropbox can't be reached"; the cause is logged by the caller.
pub(crate) const CANT_REACH: &str = "Can't reach Dropbox. Check your internet connection.";

impl<E: std::fmt::Debug> From<dropbox_client::Error<E>> for CoreError {
    /// The plain words for every failure a use case did not word itself. The technical
    /// details (the route error, the HTTP body, the OS error) go to the log, never the window.
    fn from(error: dropbox_client::Error<E>) -> Self {
        use dropbox_client::{AuthError, Error};
        match error {
            Error::Auth(AuthError::MissingScope { required_scope }) => {
                CoreError::MissingPermission {
                    scope: required_scope,
                }
            }
            Error::Auth(AuthError::UserSuspended) => CoreError::Dropbox(
                "This Dropbox account is suspended. Sign in to dropbox.com to see why.".into(),
            ),
            Error::Auth(_) => CoreError::SignInExpired,
            Error::RateLimited { retry_after } => CoreError::RateLimited { retry_after },
            Error::Transport(e) => {
                tracing::warn!(error = %error_chain(&e), "Dropbox could not be reached");
                CoreError::Offline(CANT_REACH.into())
            }
            Error::Server { status, body } if status >= 500 => {
                tracing::warn!(status, body = %truncated(&body), "Dropbox answered with a server error");
                CoreError::Unavailable { status }
            }
            Error::Server { status, body } => {
                tracing::warn!(status, body = %truncated(&body), "Dropbox refused the request's size or form");
                CoreError::Dropbox(match status {
                    413 => "That is larger than Dropbox accepts in one request (error 413). Make it smaller and try again.".into(),
                    431 => "Dropbox refused the request's headers as too large (error 431). Shorten the title or path and try again.".into(),
                    _ => format!("Dropbox refused the request (error {status}). Try again; if it keeps happening, the log has the details."),
                })
            }
            Error::Route(e) => {
                tracing::info!(refusal = ?e, "Dropbox refused the request");
                CoreError::Dropbox(
                    "Dropbox refused this. Reload and try again; if it keeps happening, the log has the details.".into(),
                )
            }
            Error::PathRoot(dropbox_client::PathRootError::InvalidRoot { .. }) => {
                tracing::info!("the account's root changed (it joined or left a team)");
                CoreError::SpaceChanged
            }
            Error::PathRoot(e) => {
                tracing::info!(refusal = ?e, "the team space was refused");
                CoreError::Dropbox(
                    "Dropbox won't let this account into that team space. Ask your team's admin for access, or sign in again.".into(),
                )
            }
            Error::Access { tag } => {
                tracing::info!(%tag, "Dropbox denied access");
                CoreError::Dropbox(
                    "Your Dropbox account or team doesn't allow this. Ask your team's admin, or use another account.".into(),
                )
            }
            Error::BadRequest(text) => {
                tracing::error!(text = %truncated(&text), "Dropbox did not accept the request");
                CoreError::Internal(
                    "Dropbox did not accept Dropdesk's request. This is a bug in Dropdesk; the log has the details.".into(),
                )
            }
            Error::Decode { message, raw } => {
                tracing::warn!(%message, raw = %truncated(&raw), "undecodable Dropbox answer");
                CoreError::Internal(
                    "Dropbox sent an answer Dropdesk could not read. Try again; if it keeps happening, the log has the details.".into(),
                )
            }
        }
    }
}

/// Whether Dropbox may have done a write that ended in `error`: no answer came, or a server
/// failure (5xx) did. Any other error means it did not act. Writes check before trying again.
pub(crate) fn may_have_acted<E>(error: &dropbox_client::Error<E>) -> bool {
    match error {
        dropbox_client::Error::Transport(_) => true,
        dropbox_client::Error::Server { status, .. } => *status >= 500,
        _ => false,
    }
}

/// An error and its causes, for the log ("error sending request: connection refused").
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn truncated(text: &str) -> &str {
    let mut end = text.len().min(500);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
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
        assert_eq!(down.code(), ErrorCode::Unavailable);
        assert!(down.to_string().contains("error 503"), "{down}");
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

    #[test]
    fn a_refused_team_space_is_said_in_words() {
        use dropbox_client::PathRootError;
        type E = dropbox_client::Error<dropbox_client::VoidError>;
        let moved: CoreError = E::PathRoot(PathRootError::InvalidRoot {
            invalid_root: dropbox_client::types::users::RootInfo::User {
                root_namespace_id: "1".into(),
                home_namespace_id: "1".into(),
            },
        })
        .into();
        assert_eq!(moved.code(), ErrorCode::SpaceChanged);
        assert!(
            moved.to_string().contains("joined or left a team"),
            "{moved}"
        );
        let barred: CoreError = E::PathRoot(PathRootError::NoPermission).into();
        assert_eq!(barred.code(), ErrorCode::Dropbox);
        assert!(
            barred.to_string().contains("Ask your team's admin"),
            "{barred}"
        );
    }

    #[test]
    fn no_failure_shows_debug_text_urls_or_os_error_numbers() {
        type E = dropbox_client::Error<dropbox_client::types::files::ListFolderError>;
        use dropbox_client::types::files::{ListFolderError, LookupError};
        let cases: Vec<CoreError> = vec![
            E::Route(ListFolderError::Path {
                path: LookupError::MalformedPath {
                    malformed_path: None,
                },
            })
            .into(),
            E::BadRequest("Error in call to API function \"files/list_folder\": bad".into()).into(),
            E::Server {
                status: 413,
                body: "too big".into(),
            }
            .into(),
            E::Server {
                status: 431,
                body: String::new(),
            }
            .into(),
            E::Access {
                tag: "paper_access_denied".into(),
            }
            .into(),
            E::Decode {
                message: "expected value at line 1".into(),
                raw: "{".into(),
            }
            .into(),
            CoreError::Storage {
                action: "write",
                path: "/home/ada/.local/share/dropdesk/drafts/x.json".into(),
                source: std::io::Error::from_raw_os_error(28),
            },
        ];
        for error in &cases {
            let text = error.to_string();
            for raw in [
                "Path {",
                "MalformedPath",
                "Error in call",
                "Other",
                "os error",
                "http://",
                "paper_access_denied",
                "expected value",
            ] {
                assert!(!text.contains(raw), "{raw:?} in {text:?}");
            }
            assert!(text.ends_with('.'), "a sentence: {text:?}");
        }
        assert!(cases[2].to_string().contains("error 413"));
        assert_ne!(
            cases[2].code(),
            ErrorCode::Offline,
            "a 413 is not a connection problem"
        );
        assert!(
            cases[6].to_string().contains("the disk is full"),
            "{}",
            cases[6]
        );
    }
}
