//! Waits before a retry, told to the UI as they start, so that a rate limit shows as a
//! countdown instead of a frozen screen.

use dropbox_client::{Wait, WaitReason};
use serde::Serialize;
use ts_rs::TS;

/// Why Dropdesk is waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WaitKind {
    /// Dropbox asked us to slow down (HTTP 429).
    RateLimited,
    /// Dropbox answered with a server error.
    ServerError,
    /// The connection to Dropbox failed.
    Connection,
}

/// A wait that has just started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WaitNotice {
    pub kind: WaitKind,
    /// How long, from now.
    #[ts(type = "number")]
    pub delay_ms: u64,
}

impl From<&Wait> for WaitNotice {
    fn from(wait: &Wait) -> Self {
        Self {
            kind: match wait.reason {
                WaitReason::RateLimited => WaitKind::RateLimited,
                WaitReason::ServerError => WaitKind::ServerError,
                WaitReason::Connection => WaitKind::Connection,
            },
            delay_ms: u64::try_from(wait.delay.as_millis()).unwrap_or(u64::MAX),
        }
    }
}
