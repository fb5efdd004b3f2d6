//! `files` namespace types (the ones Dropdesk uses so far).

use serde::{Deserialize, Serialize};

/// `files.FileMetadata` (unknown fields are ignored).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct FileMetadata {
    pub name: String,
    pub id: String,
    #[serde(default)]
    pub path_lower: Option<String>,
    #[serde(default)]
    pub path_display: Option<String>,
    /// `%Y-%m-%dT%H:%M:%SZ`.
    pub client_modified: String,
    pub server_modified: String,
    pub rev: String,
    pub size: u64,
    #[serde(default)]
    pub content_hash: Option<String>,
    #[serde(default = "yes")]
    pub is_downloadable: bool,
}

fn yes() -> bool {
    true
}

/// `files.WriteMode` (closed union).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum WriteMode {
    /// Never overwrite; a conflict is an error (or an autorename).
    #[default]
    Add,
    Overwrite,
    /// Overwrite only if the file's revision is still this one.
    Update {
        update: String,
    },
}

/// `files.UploadArg`.
#[derive(Clone, Debug, Serialize)]
pub struct UploadArg {
    pub path: String,
    pub mode: WriteMode,
    pub autorename: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_modified: Option<String>,
    pub mute: bool,
    pub strict_conflict: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

impl UploadArg {
    /// Upload to `path`, never overwriting.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            mode: WriteMode::Add,
            autorename: false,
            client_modified: None,
            mute: false,
            strict_conflict: false,
            content_hash: None,
        }
    }
}

/// `files.DownloadArg`.
#[derive(Clone, Debug, Serialize)]
pub struct DownloadArg {
    pub path: String,
}

/// `files.LookupError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum LookupError {
    MalformedPath {
        #[serde(default)]
        malformed_path: Option<String>,
    },
    NotFound,
    NotFile,
    NotFolder,
    RestrictedContent,
    UnsupportedContentType,
    Locked,
    #[serde(other)]
    Other,
}

/// `files.WriteConflictError` (open union).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum WriteConflictError {
    File,
    Folder,
    FileAncestor,
    #[serde(other)]
    Other,
}

/// `files.WriteError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum WriteError {
    MalformedPath {
        #[serde(default)]
        malformed_path: Option<String>,
    },
    Conflict {
        conflict: WriteConflictError,
    },
    NoWritePermission,
    InsufficientSpace,
    DisallowedName,
    TeamFolder,
    OperationSuppressed,
    TooManyWriteOperations,
    AccessRestricted,
    #[serde(other)]
    Other,
}

/// `files.UploadError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum UploadError {
    /// `UploadWriteFailed`, its fields beside the tag.
    Path {
        reason: WriteError,
        #[serde(default)]
        upload_session_id: String,
    },
    PayloadTooLarge,
    ContentHashMismatch,
    EncryptionNotSupported,
    #[serde(other)]
    Other,
}

/// `files.DownloadError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum DownloadError {
    Path {
        path: LookupError,
    },
    /// Not downloadable (a Paper doc): export it instead.
    UnsupportedFile,
    #[serde(other)]
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_modes_serialize_as_tagged_unions() {
        assert_eq!(
            serde_json::to_value(WriteMode::Update {
                update: "0123456789".into()
            })
            .unwrap(),
            serde_json::json!({ ".tag": "update", "update": "0123456789" })
        );
        assert_eq!(
            serde_json::to_value(WriteMode::Add).unwrap(),
            serde_json::json!({ ".tag": "add" })
        );
    }

    #[test]
    fn nested_and_unknown_error_tags_decode() {
        let conflict: UploadError = serde_json::from_str(
            r#"{".tag":"path","reason":{".tag":"conflict","conflict":{".tag":"file"}},"upload_session_id":"x"}"#,
        )
        .unwrap();
        assert_eq!(
            conflict,
            UploadError::Path {
                reason: WriteError::Conflict {
                    conflict: WriteConflictError::File
                },
                upload_session_id: "x".into()
            }
        );
        let future: DownloadError = serde_json::from_str(r#"{".tag":"brand_new_reason"}"#).unwrap();
        assert_eq!(future, DownloadError::Other);
        let malformed: LookupError = serde_json::from_str(r#"{".tag":"malformed_path"}"#).unwrap();
        assert_eq!(
            malformed,
            LookupError::MalformedPath {
                malformed_path: None
            }
        );
    }
}

/// `files.ImportFormat` (open union): how `paper/create` and `paper/update` read the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum ImportFormat {
    Html,
    Markdown,
    PlainText,
}

/// `files.PaperCreateArg`.
#[derive(Clone, Debug, Serialize)]
pub struct PaperCreateArg {
    /// The full path, ending in `.paper`.
    pub path: String,
    pub import_format: ImportFormat,
}

/// `files.PaperCreateResult`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct PaperCreateResult {
    pub url: String,
    /// Where the doc went: Dropbox renames on collision (`Notes (1).paper`).
    pub result_path: String,
    pub file_id: String,
    pub paper_revision: i64,
}

/// `files.PaperDocUpdatePolicy` (open union).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum PaperDocUpdatePolicy {
    /// Replace the content only if `paper_revision` is still the latest.
    Update,
    Overwrite,
    Prepend,
    Append,
}

/// `files.PaperUpdateArg`.
#[derive(Clone, Debug, Serialize)]
pub struct PaperUpdateArg {
    pub path: String,
    pub import_format: ImportFormat,
    pub doc_update_policy: PaperDocUpdatePolicy,
    /// Required with `PaperDocUpdatePolicy::Update`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paper_revision: Option<i64>,
}

/// `files.PaperUpdateResult`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub struct PaperUpdateResult {
    pub paper_revision: i64,
}

/// `files.PaperCreateError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum PaperCreateError {
    InsufficientPermissions,
    ContentMalformed,
    DocLengthExceeded,
    ImageSizeExceeded,
    InvalidPath,
    EmailUnverified,
    InvalidFileExtension,
    PaperDisabled,
    #[serde(other)]
    Other,
}

/// `files.PaperUpdateError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum PaperUpdateError {
    InsufficientPermissions,
    ContentMalformed,
    DocLengthExceeded,
    ImageSizeExceeded,
    Path {
        path: LookupError,
    },
    /// Someone else saved since our revision: export, merge, save again.
    RevisionMismatch,
    DocArchived,
    DocDeleted,
    #[serde(other)]
    Other,
}

/// `files.ExportArg`.
#[derive(Clone, Debug, Serialize)]
pub struct ExportArg {
    pub path: String,
    /// One of the file's `export_info.export_options`, e.g. `markdown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_format: Option<String>,
}

/// `files.ExportMetadata`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct ExportMetadata {
    pub name: String,
    pub size: u64,
    #[serde(default)]
    pub export_hash: Option<String>,
    /// For Paper docs: the revision to pass to `paper/update`.
    #[serde(default)]
    pub paper_revision: Option<i64>,
}

/// `files.ExportResult`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct ExportResult {
    pub export_metadata: ExportMetadata,
    pub file_metadata: FileMetadata,
}

/// `files.ExportError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum ExportError {
    Path {
        path: LookupError,
    },
    NonExportable,
    InvalidExportFormat,
    RetryError,
    #[serde(other)]
    Other,
}

/// `files.FolderMetadata`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct FolderMetadata {
    pub name: String,
    pub id: String,
    #[serde(default)]
    pub path_lower: Option<String>,
    #[serde(default)]
    pub path_display: Option<String>,
}

/// `files.DeletedMetadata`: in change listings, something that was removed.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct DeletedMetadata {
    pub name: String,
    #[serde(default)]
    pub path_lower: Option<String>,
    #[serde(default)]
    pub path_display: Option<String>,
}

/// `files.Metadata`: a file, a folder, or (in change listings) a deletion.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum Metadata {
    File(FileMetadata),
    Folder(FolderMetadata),
    Deleted(DeletedMetadata),
}

/// `files.ListFolderArg` (the fields Dropdesk sets).
#[derive(Clone, Debug, Serialize)]
pub struct ListFolderArg {
    /// `""` is the root.
    pub path: String,
    pub recursive: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl ListFolderArg {
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            recursive: false,
            limit: None,
        }
    }
}

/// `files.ListFolderResult`.
#[derive(Clone, Debug, Deserialize)]
pub struct ListFolderResult {
    pub entries: Vec<Metadata>,
    pub cursor: String,
    pub has_more: bool,
}

/// `files.ListFolderError` and `ListFolderContinueError` (open unions, one type).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum ListFolderError {
    Path {
        path: LookupError,
    },
    /// `continue` and `longpoll`: the cursor is void; start again with `list_folder`.
    Reset,
    #[serde(other)]
    Other,
}

/// `files.ListFolderLongpollResult`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub struct ListFolderLongpollResult {
    pub changes: bool,
    /// Seconds to wait before polling again, when Dropbox asks for it.
    #[serde(default)]
    pub backoff: Option<u64>,
}

/// `files.GetMetadataError` (closed union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum GetMetadataError {
    Path { path: LookupError },
}

/// `files.GetTemporaryLinkResult`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct GetTemporaryLinkResult {
    pub metadata: FileMetadata,
    /// Works for four hours, with no sign-in: what "Open" hands the browser.
    pub link: String,
}

/// `files.GetTemporaryLinkError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum GetTemporaryLinkError {
    Path {
        path: LookupError,
    },
    EmailNotVerified,
    /// Not downloadable (a Paper doc).
    UnsupportedFile,
    NotAllowed,
    #[serde(other)]
    Other,
}

/// `files.DownloadZipResult`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct DownloadZipResult {
    pub metadata: FolderMetadata,
}

/// `files.DownloadZipError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum DownloadZipError {
    Path {
        path: LookupError,
    },
    TooLarge,
    TooManyFiles,
    #[serde(other)]
    Other,
}

/// `files.CreateFolderResult`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct CreateFolderResult {
    pub metadata: FolderMetadata,
}

/// `files.CreateFolderError` (closed union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum CreateFolderError {
    Path { path: WriteError },
}

/// `files.DeleteResult`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct DeleteResult {
    pub metadata: Metadata,
}

/// `files.DeleteError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum DeleteError {
    PathLookup {
        path_lookup: LookupError,
    },
    PathWrite {
        path_write: WriteError,
    },
    TooManyWriteOperations,
    TooManyFiles,
    #[serde(other)]
    Other,
}
