//! File requests as the UI shows them.

use dropbox_client::types::file_requests::{FileRequest, GracePeriod};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How long late uploads are accepted after the deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Grace {
    None,
    OneDay,
    TwoDays,
    SevenDays,
    ThirtyDays,
    Always,
}

impl Grace {
    pub(crate) fn from_dropbox(grace: Option<GracePeriod>) -> Self {
        match grace {
            None => Grace::None,
            Some(GracePeriod::OneDay) => Grace::OneDay,
            Some(GracePeriod::TwoDays) => Grace::TwoDays,
            Some(GracePeriod::SevenDays) => Grace::SevenDays,
            Some(GracePeriod::ThirtyDays) => Grace::ThirtyDays,
            // An unknown (newer) period: at least it accepts late uploads.
            Some(GracePeriod::Always | GracePeriod::Other) => Grace::Always,
        }
    }

    pub(crate) fn to_dropbox(self) -> Option<GracePeriod> {
        match self {
            Grace::None => None,
            Grace::OneDay => Some(GracePeriod::OneDay),
            Grace::TwoDays => Some(GracePeriod::TwoDays),
            Grace::SevenDays => Some(GracePeriod::SevenDays),
            Grace::ThirtyDays => Some(GracePeriod::ThirtyDays),
            Grace::Always => Some(GracePeriod::Always),
        }
    }

    /// How long after the deadline uploads are still taken; `None`: without end.
    pub fn duration(self) -> Option<jiff::SignedDuration> {
        let days = |n: i64| Some(jiff::SignedDuration::from_hours(24 * n));
        match self {
            Grace::None => Some(jiff::SignedDuration::ZERO),
            Grace::OneDay => days(1),
            Grace::TwoDays => days(2),
            Grace::SevenDays => days(7),
            Grace::ThirtyDays => days(30),
            Grace::Always => None,
        }
    }
}

/// One file request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestView {
    pub id: String,
    pub title: String,
    /// Where students upload.
    pub url: String,
    /// `None` once the folder was deleted.
    pub destination: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created: String,
    /// UTC; `None` without a deadline.
    pub deadline: Option<String>,
    pub grace: Grace,
    pub is_open: bool,
    #[ts(type = "number")]
    pub file_count: i64,
    pub description: Option<String>,
}

impl From<FileRequest> for RequestView {
    fn from(request: FileRequest) -> Self {
        let (deadline, grace) = match request.deadline {
            Some(d) => (Some(d.deadline), Grace::from_dropbox(d.allow_late_uploads)),
            None => (None, Grace::None),
        };
        Self {
            id: request.id,
            title: request.title,
            url: request.url,
            destination: request.destination,
            created: request.created,
            deadline,
            grace,
            is_open: request.is_open,
            file_count: request.file_count,
            description: request.description.filter(|d| !d.is_empty()),
        }
    }
}

/// Every request, and Dropbox's count of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestList {
    pub requests: Vec<RequestView>,
    /// Open and closed, as `file_requests/count` says (Dropbox allows 4,000).
    #[ts(type = "number")]
    pub total: u64,
}
