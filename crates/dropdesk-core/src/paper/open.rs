//! Opening a doc: its Markdown (`files/export`) and the revision saves are checked against.

use dropbox_client::routes::files;
use dropbox_client::types::files::{ExportArg, ExportError, LookupError};
use dropbox_client::{Client, Error};
use serde::Serialize;
use ts_rs::TS;

use super::title_of;
use crate::error::CoreError;

/// A doc opened for editing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenedDoc {
    pub id: String,
    pub title: String,
    pub path: String,
    /// The revision the text is at: saves are checked against it.
    #[ts(type = "number")]
    pub revision: i64,
    pub markdown: String,
}

/// Exports the doc as Markdown with its revision.
pub async fn open(client: &Client, id_or_path: &str) -> Result<OpenedDoc, CoreError> {
    let arg = ExportArg {
        path: id_or_path.to_owned(),
        export_format: Some("markdown".into()),
    };
    let (result, bytes) = files::export(client, &arg).await.map_err(export_error)?;
    let revision = result.export_metadata.paper_revision.ok_or_else(|| {
        CoreError::Dropbox("That file is not a Paper doc, so it cannot be edited here.".into())
    })?;
    let file = result.file_metadata;
    Ok(OpenedDoc {
        title: title_of(&file.name),
        path: file.path_display.unwrap_or_else(|| file.name.clone()),
        id: file.id,
        revision,
        markdown: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

fn export_error(error: Error<ExportError>) -> CoreError {
    match error {
        Error::Route(ExportError::Path {
            path: LookupError::NotFound,
        }) => CoreError::Dropbox("That doc is gone: it was deleted or moved.".into()),
        Error::Route(ExportError::NonExportable) => {
            CoreError::Dropbox("That file is not a Paper doc, so it cannot be edited here.".into())
        }
        Error::Route(ExportError::Path { path }) => crate::lookup::lookup_refused(&path),
        Error::Route(ExportError::RetryError) => CoreError::Dropbox(
            "Dropbox was busy preparing the doc. Open it again in a moment.".into(),
        ),
        Error::Route(ExportError::InvalidExportFormat) => CoreError::Dropbox(
            "Dropbox can't give this doc as Markdown. Open it at paper.dropbox.com.".into(),
        ),
        other => other.into(),
    }
}
