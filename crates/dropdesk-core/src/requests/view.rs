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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    /// When late uploads stop (the deadline plus the grace period, UTC); `None` without a
    /// deadline or when late uploads are accepted without end.
    pub late_until: Option<String>,
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
        let late_until = deadline
            .as_deref()
            .and_then(|d| d.parse::<jiff::Timestamp>().ok())
            .zip(grace.duration())
            .and_then(|(deadline, grace)| deadline.checked_add(grace).ok())
            .map(|end| end.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
        Self {
            id: request.id,
            title: request.title,
            url: request.url,
            destination: request.destination,
            created: request.created,
            deadline,
            grace,
            late_until,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_uploads_end_at_the_deadline_plus_the_grace_period() {
        let until = |grace: Option<&str>| {
            let mut deadline = serde_json::json!({ "deadline": "2026-03-13T16:00:00Z" });
            if let Some(grace) = grace {
                deadline["allow_late_uploads"] = serde_json::json!({ ".tag": grace });
            }
            let request: FileRequest = serde_json::from_value(serde_json::json!({
                "id": "r1", "url": "https://www.dropbox.com/request/r1", "title": "HW",
                "created": "2026-03-01T10:00:00Z", "is_open": true, "file_count": 0,
                "destination": "/HW", "deadline": deadline,
            }))
            .unwrap();
            RequestView::from(request).late_until
        };
        assert_eq!(
            until(Some("two_days")).as_deref(),
            Some("2026-03-15T16:00:00Z")
        );
        assert_eq!(until(None).as_deref(), Some("2026-03-13T16:00:00Z"));
        assert_eq!(until(Some("always")), None);
    }
}
