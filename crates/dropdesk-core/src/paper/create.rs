//! A new doc from Markdown (`files/paper/create`); Dropbox renames it on a collision.

use dropbox_client::Client;
use dropbox_client::routes::files;
use dropbox_client::types::files::{ImportFormat, PaperCreateArg};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::open::open;
use super::refusals::create_error;
use super::save::same_text;
use super::{EXTENSION, title_of};
use crate::error::{CoreError, may_have_acted};

/// A new doc from Markdown.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewDoc {
    pub title: String,
    /// The folder it goes in (`/Notes`).
    pub folder: String,
    pub markdown: String,
}

/// What `create` made: Dropbox renames on collision, so `path` may not be what was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedDoc {
    pub id: String,
    pub title: String,
    pub path: String,
    /// Dropbox gave it another name than the one asked for.
    pub renamed: bool,
    #[ts(type = "number")]
    pub revision: i64,
    /// The doc's Paper address; empty when the answer carrying it was lost (the doc was
    /// found instead).
    pub url: String,
}

pub async fn create(client: &Client, doc: &NewDoc) -> Result<CreatedDoc, CoreError> {
    let title = doc.title.trim();
    let title = title.strip_suffix(EXTENSION).map_or(title, str::trim_end);
    if title.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "title",
            message: "Title: give the doc a title.".into(),
        });
    }
    if title.contains(['/', '\\']) {
        return Err(CoreError::InvalidInput {
            field: "title",
            message: "Title: leave out / and \\ (they separate folders).".into(),
        });
    }
    let folder = doc.folder.trim().trim_end_matches('/');
    if !folder.is_empty() && !folder.starts_with('/') {
        return Err(CoreError::InvalidInput {
            field: "folder",
            message: "Folder: start the path with / (e.g. /Notes).".into(),
        });
    }
    let path = format!("{folder}/{title}{EXTENSION}");
    let arg = PaperCreateArg {
        path: path.clone(),
        import_format: ImportFormat::Markdown,
    };
    let created = match files::paper_create(client, &arg, doc.markdown.as_bytes().to_vec()).await {
        Ok(created) => created,
        // The answer was lost: the doc may be there. Creating it again would make a second one.
        Err(error) if may_have_acted(&error) => {
            return match open(client, &path).await {
                Ok(made) if same_text(&made.markdown, &doc.markdown) => {
                    tracing::info!("the lost create had made the doc");
                    Ok(CreatedDoc {
                        id: made.id,
                        title: made.title,
                        renamed: false,
                        path: made.path,
                        revision: made.revision,
                        url: String::new(),
                    })
                }
                _ => Err(create_error(error)),
            };
        }
        Err(other) => return Err(create_error(other)),
    };
    let name = created
        .result_path
        .rsplit('/')
        .next()
        .unwrap_or(&created.result_path);
    Ok(CreatedDoc {
        id: created.file_id,
        title: title_of(name),
        renamed: !created.result_path.eq_ignore_ascii_case(&path),
        path: created.result_path,
        revision: created.paper_revision,
        url: created.url,
    })
}
