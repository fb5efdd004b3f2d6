//! The Paper docs under a folder, most recently changed first.

use dropbox_client::routes::files;
use dropbox_client::types::files::{ListFolderArg, ListFolderError, LookupError, Metadata};
use dropbox_client::{Client, Error};
use serde::Serialize;
use ts_rs::TS;

use super::{EXTENSION, title_of};
use crate::error::CoreError;

/// A Paper doc in a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaperDocView {
    pub id: String,
    /// The name without `.paper`.
    pub title: String,
    pub path: String,
    /// Last change (UTC).
    pub modified: String,
}

/// Every Paper doc under `folder` (`""`: everywhere), most recently changed first.
pub async fn list(client: &Client, folder: &str) -> Result<Vec<PaperDocView>, CoreError> {
    let folder = match folder.trim() {
        "/" => "",
        other => other.trim_end_matches('/'),
    };
    let mut arg = ListFolderArg::new(folder.to_owned());
    arg.recursive = true;
    let mut page = files::list_folder(client, &arg)
        .await
        .map_err(|e| folder_error(e, folder))?;
    let mut docs = Vec::new();
    loop {
        docs.extend(page.entries.iter().filter_map(|entry| {
            match entry {
                Metadata::File(file) if file.name.to_lowercase().ends_with(EXTENSION) => {
                    Some(PaperDocView {
                        id: file.id.clone(),
                        title: title_of(&file.name),
                        path: file
                            .path_display
                            .clone()
                            .unwrap_or_else(|| file.name.clone()),
                        modified: file.server_modified.clone(),
                    })
                }
                _ => None,
            }
        }));
        if !page.has_more {
            break;
        }
        page = files::list_folder_continue(client, &page.cursor)
            .await
            .map_err(|e| folder_error(e, folder))?;
    }
    docs.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.title.cmp(&b.title)));
    Ok(docs)
}

fn folder_error(error: Error<ListFolderError>, folder: &str) -> CoreError {
    match error {
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFound,
        }) => CoreError::InvalidInput {
            field: "folder",
            message: format!("Folder: {folder} does not exist. Choose another."),
        },
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFolder,
        }) => CoreError::InvalidInput {
            field: "folder",
            message: format!("Folder: {folder} is a file. Choose a folder."),
        },
        Error::Route(ListFolderError::Path { path }) => crate::lookup::lookup_refused(&path),
        other => other.into(),
    }
}
