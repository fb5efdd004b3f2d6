//! Browsing the folders of the user's Dropbox, for choosing where a request collects files.

use dropbox_client::routes::files;
use dropbox_client::types::files::{ListFolderArg, ListFolderError, LookupError, Metadata};
use dropbox_client::{Client, Error};
use serde::Serialize;
use ts_rs::TS;

use crate::error::CoreError;
use crate::space::Space;

/// A folder in Dropbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FolderEntry {
    pub name: String,
    /// As Dropbox displays it (`/Courses/CS101`).
    pub path: String,
    pub kind: FolderKind,
}

/// What a folder is to the user; only the top of a team space has the last two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FolderKind {
    Folder,
    /// The team member's own folder.
    OwnFolder,
    /// A folder of the team space, shared with the team.
    TeamFolder,
}

/// What is inside a folder, for the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Subfolders {
    /// By name.
    pub folders: Vec<FolderEntry>,
    /// The folder does not exist yet: a request there creates it. Information, not an error.
    pub missing: bool,
}

/// The folders directly inside `path` (`""` or `/`: the top), by name, every page read. A
/// folder that is not there yet is `missing`; a file in its place is an error. At the top of a
/// team space, the member's own folder and the team folders are marked as such.
pub async fn subfolders(
    client: &Client,
    space: &Space,
    path: &str,
) -> Result<Subfolders, CoreError> {
    let path = match path.trim() {
        "/" => "",
        other => other.trim_end_matches('/'),
    };
    if !path.is_empty() && !path.starts_with('/') {
        return Err(CoreError::InvalidInput {
            field: "destination",
            message: "Folder: start the path with / (e.g. /Courses/CS101).".into(),
        });
    }
    let mut page = match files::list_folder(client, &ListFolderArg::new(path.to_owned())).await {
        Ok(page) => page,
        Err(Error::Route(ListFolderError::Path {
            path: LookupError::NotFound,
        })) => {
            return Ok(Subfolders {
                folders: Vec::new(),
                missing: true,
            });
        }
        Err(other) => return Err(folder_error(other, path)),
    };
    let mut found = Vec::new();
    loop {
        found.extend(page.entries.iter().filter_map(|entry| match entry {
            Metadata::Folder(folder) => {
                let shown = folder
                    .path_display
                    .clone()
                    .unwrap_or_else(|| format!("{path}/{}", folder.name));
                let kind = match space.own_folder() {
                    Some(_) if path.is_empty() && space.is_own(&shown) => FolderKind::OwnFolder,
                    Some(_) if path.is_empty() => FolderKind::TeamFolder,
                    _ => FolderKind::Folder,
                };
                Some(FolderEntry {
                    name: folder.name.clone(),
                    path: shown,
                    kind,
                })
            }
            _ => None,
        }));
        if !page.has_more {
            break;
        }
        page = files::list_folder_continue(client, &page.cursor)
            .await
            .map_err(|e| folder_error(e, path))?;
    }
    // The member's own folder first, then by name.
    found.sort_by_cached_key(|f| (f.kind != FolderKind::OwnFolder, f.name.to_lowercase()));
    Ok(Subfolders {
        folders: found,
        missing: false,
    })
}

fn folder_error(error: Error<ListFolderError>, path: &str) -> CoreError {
    let refused = |message: String| CoreError::InvalidInput {
        field: "destination",
        message,
    };
    match error {
        // Between the pages, the folder went away.
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFound,
        }) => refused(format!("Folder: {path} is gone. Choose another.")),
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFolder,
        }) => refused(format!("Folder: {path} is a file. Choose a folder.")),
        Error::Route(ListFolderError::Path { path }) => crate::lookup::lookup_refused(&path),
        other => other.into(),
    }
}
