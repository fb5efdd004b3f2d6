//! `file_requests` namespace types.

use serde::{Deserialize, Serialize};

/// `file_requests.GracePeriod` (open union): how long late uploads are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum GracePeriod {
    OneDay,
    TwoDays,
    SevenDays,
    ThirtyDays,
    Always,
    #[serde(other)]
    Other,
}

/// `file_requests.FileRequestDeadline`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRequestDeadline {
    /// `%Y-%m-%dT%H:%M:%SZ`, UTC.
    pub deadline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_late_uploads: Option<GracePeriod>,
}

/// `file_requests.FileRequest`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct FileRequest {
    pub id: String,
    /// The page where people upload.
    pub url: String,
    pub title: String,
    /// `None` once the destination folder is gone.
    #[serde(default)]
    pub destination: Option<String>,
    pub created: String,
    #[serde(default)]
    pub deadline: Option<FileRequestDeadline>,
    pub is_open: bool,
    /// Files received through the request.
    pub file_count: i64,
    #[serde(default)]
    pub description: Option<String>,
}

/// `file_requests.CreateFileRequestArgs`.
#[derive(Clone, Debug, Serialize)]
pub struct CreateFileRequestArgs {
    pub title: String,
    pub destination: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<FileRequestDeadline>,
    pub open: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `file_requests.UpdateFileRequestDeadline`: leave, replace or clear the deadline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum UpdateFileRequestDeadline {
    #[default]
    NoUpdate,
    /// `None` clears the deadline.
    Update(Option<FileRequestDeadline>),
}

impl Serialize for UpdateFileRequestDeadline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match self {
            UpdateFileRequestDeadline::NoUpdate => map.serialize_entry(".tag", "no_update")?,
            UpdateFileRequestDeadline::Update(deadline) => {
                map.serialize_entry(".tag", "update")?;
                // The struct's fields sit beside the tag; a cleared deadline has none.
                if let Some(deadline) = deadline {
                    map.serialize_entry("deadline", &deadline.deadline)?;
                    if let Some(grace) = &deadline.allow_late_uploads {
                        map.serialize_entry("allow_late_uploads", grace)?;
                    }
                }
            }
        }
        map.end()
    }
}

/// `file_requests.UpdateFileRequestArgs`: fields left `None` are not changed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct UpdateFileRequestArgs {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    pub deadline: UpdateFileRequestDeadline,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `file_requests.ListFileRequestsV2Result`.
#[derive(Clone, Debug, Deserialize)]
pub struct ListFileRequestsV2Result {
    pub file_requests: Vec<FileRequest>,
    pub cursor: String,
    pub has_more: bool,
}

/// `file_requests.DeleteFileRequestsResult` and `DeleteAllClosedFileRequestsResult`.
#[derive(Clone, Debug, Deserialize)]
pub struct DeletedFileRequests {
    pub file_requests: Vec<FileRequest>,
}

/// `file_requests.CountFileRequestsResult`.
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct CountFileRequestsResult {
    pub file_request_count: u64,
}

/// The file request errors (open union). Each route's error in the spec is a subset of these
/// tags (`FileRequestError` and its extensions); one type keeps matching on them simple.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum FileRequestError {
    DisabledForTeam,
    NotFound,
    NotAFolder,
    AppLacksAccess,
    NoPermission,
    EmailUnverified,
    /// A bad title, a disallowed destination, or a deadline on a Basic account.
    ValidationError,
    NoWritePermission,
    /// `create` only: file requests are not available on that folder.
    InvalidLocation,
    /// `create` only: the 4,000-request limit.
    RateLimit,
    /// `delete` only: only closed requests can be deleted.
    FileRequestOpen,
    /// `list/continue` only.
    InvalidCursor,
    #[serde(other)]
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deadline_updates_serialize_as_the_three_stone_forms() {
        let set = UpdateFileRequestDeadline::Update(Some(FileRequestDeadline {
            deadline: "2030-01-01T17:00:00Z".into(),
            allow_late_uploads: Some(GracePeriod::SevenDays),
        }));
        assert_eq!(
            serde_json::to_value(set).unwrap(),
            json!({ ".tag": "update", "deadline": "2030-01-01T17:00:00Z",
                    "allow_late_uploads": { ".tag": "seven_days" } })
        );
        assert_eq!(
            serde_json::to_value(UpdateFileRequestDeadline::Update(None)).unwrap(),
            json!({ ".tag": "update" })
        );
        assert_eq!(
            serde_json::to_value(UpdateFileRequestDeadline::NoUpdate).unwrap(),
            json!({ ".tag": "no_update" })
        );
    }
}
