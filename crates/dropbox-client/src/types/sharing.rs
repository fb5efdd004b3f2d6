//! `sharing` namespace types (shared links).

use serde::{Deserialize, Serialize};

/// `sharing.SharedLinkMetadata` (file or folder link; the fields Dropdesk reads).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SharedLinkMetadata {
    /// `file` or `folder`.
    #[serde(rename = ".tag")]
    pub kind: String,
    pub url: String,
    pub name: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub path_lower: Option<String>,
    #[serde(default)]
    pub expires: Option<String>,
}

/// `sharing.SharedLinkSettings` (the fields Dropdesk sets).
#[derive(Clone, Debug, Default, Serialize)]
pub struct SharedLinkSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// `sharing.CreateSharedLinkWithSettingsArg`.
#[derive(Clone, Debug, Serialize)]
pub struct CreateSharedLinkWithSettingsArg {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<SharedLinkSettings>,
}

/// `sharing.SharedLinkAlreadyExistsMetadata`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum SharedLinkAlreadyExistsMetadata {
    Metadata {
        metadata: SharedLinkMetadata,
    },
    #[serde(other)]
    Other,
}

/// `sharing.CreateSharedLinkWithSettingsError` (closed union; `settings_error` kept as its tag).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum CreateSharedLinkWithSettingsError {
    Path {
        path: super::files::LookupError,
    },
    EmailNotVerified,
    /// The link exists: reuse it (its metadata is given unless settings could differ).
    SharedLinkAlreadyExists {
        #[serde(default)]
        shared_link_already_exists: Option<SharedLinkAlreadyExistsMetadata>,
    },
    SettingsError {
        settings_error: serde_json::Value,
    },
    AccessDenied,
    BannedMember,
    TooManySharedFolders,
}

/// `sharing.ListSharedLinksResult`.
#[derive(Clone, Debug, Deserialize)]
pub struct ListSharedLinksResult {
    pub links: Vec<SharedLinkMetadata>,
    pub has_more: bool,
    #[serde(default)]
    pub cursor: Option<String>,
}

/// `sharing.ListSharedLinksError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum ListSharedLinksError {
    Path {
        path: super::files::LookupError,
    },
    Reset,
    #[serde(other)]
    Other,
}
