//! What students uploaded through a request: the files in its folder, with a late flag for
//! those that came after the deadline, and the changes since, for a pane that updates live.

use dropbox_client::routes::{file_requests, files};
use dropbox_client::types::files::{
    GetTemporaryLinkError, ListFolderArg, ListFolderError, LookupError, Metadata,
};
use dropbox_client::{Client, Error};
use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;

use super::deadline::from_dropbox;
use crate::error::CoreError;

/// Dropbox waits at least this long before answering a longpoll without changes.
const LONGPOLL_SECS: u64 = 30;

/// One uploaded file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Submission {
    pub name: String,
    /// Its path, for opening or downloading it.
    pub path: String,
    #[ts(type = "number")]
    pub size: u64,
    /// When it arrived (UTC).
    pub uploaded: String,
    /// Arrived after the deadline (within the grace period).
    pub late: bool,
}

/// A request's submissions now, and the cursor to ask for what changes next: the whole list
/// that `changes` falls back on and `late_counts` counts. (The window gets its list a page at
/// a time, from `list_pages`.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submissions {
    pub files: Vec<Submission>,
    /// For `changes`; opaque.
    pub cursor: String,
}

/// What changed since a cursor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubmissionChanges {
    /// New or replaced files.
    pub files: Vec<Submission>,
    /// Paths of files that are gone.
    pub removed: Vec<String>,
    pub cursor: String,
    /// Dropbox could not say what changed (the cursor expired): `files` is the whole list.
    pub reset: bool,
}

/// The request's folder and deadline, looked up fresh (another device may have changed them).
async fn folder_and_deadline(
    client: &Client,
    id: &str,
) -> Result<(String, Option<Timestamp>), CoreError> {
    let request = file_requests::get(client, id)
        .await
        .map_err(super::refused)?;
    let folder = request.destination.ok_or_else(|| {
        CoreError::Dropbox(
            "This request's folder was deleted, so there are no submissions to show.".into(),
        )
    })?;
    let deadline = request.deadline.and_then(|d| from_dropbox(&d.deadline));
    Ok((folder, deadline))
}

fn submission(entry: &Metadata, deadline: Option<Timestamp>) -> Option<Submission> {
    let Metadata::File(file) = entry else {
        return None;
    };
    let uploaded = from_dropbox(&file.server_modified);
    Some(Submission {
        name: file.name.clone(),
        path: file
            .path_display
            .clone()
            .unwrap_or_else(|| file.name.clone()),
        size: file.size,
        uploaded: file.server_modified.clone(),
        late: matches!((uploaded, deadline), (Some(at), Some(due)) if at > due),
    })
}

fn folder_error(error: Error<ListFolderError>) -> CoreError {
    match error {
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFound,
        }) => CoreError::Dropbox(
            "This request's folder is gone, so there are no submissions to show.".into(),
        ),
        Error::Route(ListFolderError::Path { path }) => crate::lookup::lookup_refused(&path),
        other => other.into(),
    }
}

/// Every file in the request's folder (all pages), newest first.
pub async fn list(client: &Client, id: &str) -> Result<Submissions, CoreError> {
    let mut found: Vec<Submission> = Vec::new();
    let cursor = list_pages(client, id, None, |page| found.extend(page)).await?;
    found.sort_by(|a, b| b.uploaded.cmp(&a.uploaded).then(a.name.cmp(&b.name)));
    Ok(Submissions {
        files: found,
        cursor,
    })
}

/// Every file in the request's folder, handed over a page at a time as Dropbox sends them
/// (unsorted), so that the first rows show after one round trip. `folder` is where the caller
/// believes the request collects: it is listed while the request is looked up fresh, and
/// listed again only if the request has moved. Answers the cursor for `changes`.
pub async fn list_pages(
    client: &Client,
    id: &str,
    folder: Option<&str>,
    mut on_page: impl FnMut(Vec<Submission>),
) -> Result<String, CoreError> {
    let (mut page, deadline) = match folder {
        Some(hint) => {
            let arg = ListFolderArg::new(hint.to_owned());
            let (request, page) = tokio::join!(
                folder_and_deadline(client, id),
                files::list_folder(client, &arg),
            );
            let (folder, deadline) = request?;
            let page = if folder.eq_ignore_ascii_case(hint) {
                page.map_err(folder_error)?
            } else {
                first_page(client, &folder).await?
            };
            (page, deadline)
        }
        None => {
            let (folder, deadline) = folder_and_deadline(client, id).await?;
            (first_page(client, &folder).await?, deadline)
        }
    };
    let convert = |entries: &[Metadata]| -> Vec<Submission> {
        entries
            .iter()
            .filter_map(|e| submission(e, deadline))
            .collect()
    };
    loop {
        if !page.has_more {
            on_page(convert(&page.entries));
            return Ok(page.cursor);
        }
        // The next page is asked for first; this one is handed over while it travels.
        let (next, ()) = tokio::join!(files::list_folder_continue(client, &page.cursor), async {
            on_page(convert(&page.entries))
        });
        page = next.map_err(folder_error)?;
    }
}

async fn first_page(
    client: &Client,
    folder: &str,
) -> Result<dropbox_client::types::files::ListFolderResult, CoreError> {
    files::list_folder(client, &ListFolderArg::new(folder.to_owned()))
        .await
        .map_err(folder_error)
}

/// Waits (up to Dropbox's longpoll time) until something changes in the folder, then says
/// what. Without changes it answers empty, with the same cursor.
pub async fn changes(
    client: &Client,
    id: &str,
    cursor: &str,
) -> Result<SubmissionChanges, CoreError> {
    let polled = match files::list_folder_longpoll(client, cursor, LONGPOLL_SECS).await {
        Ok(polled) => polled,
        Err(Error::Route(ListFolderError::Reset)) => return start_over(client, id).await,
        Err(other) => return Err(folder_error(other)),
    };
    if !polled.changes {
        if let Some(secs) = polled.backoff {
            tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
        }
        return Ok(SubmissionChanges {
            files: Vec::new(),
            removed: Vec::new(),
            cursor: cursor.to_owned(),
            reset: false,
        });
    }
    let (_, deadline) = folder_and_deadline(client, id).await?;
    let mut changes = SubmissionChanges {
        files: Vec::new(),
        removed: Vec::new(),
        cursor: cursor.to_owned(),
        reset: false,
    };
    loop {
        let page = match files::list_folder_continue(client, &changes.cursor).await {
            Ok(page) => page,
            Err(Error::Route(ListFolderError::Reset)) => return start_over(client, id).await,
            Err(other) => return Err(folder_error(other)),
        };
        for entry in &page.entries {
            match entry {
                Metadata::Deleted(gone) => changes.removed.push(
                    gone.path_display
                        .clone()
                        .unwrap_or_else(|| gone.name.clone()),
                ),
                other => changes.files.extend(submission(other, deadline)),
            }
        }
        changes.cursor = page.cursor;
        if !page.has_more {
            return Ok(changes);
        }
    }
}

/// When Dropbox can no longer say what changed since a cursor: the whole list again.
async fn start_over(client: &Client, id: &str) -> Result<SubmissionChanges, CoreError> {
    let fresh = list(client, id).await?;
    Ok(SubmissionChanges {
        files: fresh.files,
        removed: Vec::new(),
        cursor: fresh.cursor,
        reset: true,
    })
}

/// Every file of the request as one zip (`<folder>.zip`) in `into`, with progress and cancel.
pub async fn download_all(
    client: &Client,
    id: &str,
    into: &std::path::Path,
    cancel: &tokio_util::sync::CancellationToken,
    on_progress: impl FnMut(crate::downloads::Progress),
) -> Result<crate::downloads::Downloaded, CoreError> {
    let (folder, _) = folder_and_deadline(client, id).await?;
    let source = crate::downloads::Source::FolderAsZip(folder);
    crate::downloads::download(client, &source, into, cancel, on_progress).await
}

/// A link that downloads the file for a few hours, for opening it in the browser.
pub async fn temporary_link(client: &Client, path: &str) -> Result<String, CoreError> {
    if !path.starts_with('/') {
        return Err(CoreError::InvalidInput {
            field: "path",
            message: "File: choose a file from the list.".into(),
        });
    }
    let link = files::get_temporary_link(client, path)
        .await
        .map_err(|error| match error {
            Error::Route(GetTemporaryLinkError::Path { path }) => {
                crate::lookup::lookup_refused(&path)
            }
            Error::Route(GetTemporaryLinkError::UnsupportedFile) => CoreError::Dropbox(
                "Dropbox can't open this kind of file through a link. Open it at dropbox.com."
                    .into(),
            ),
            Error::Route(GetTemporaryLinkError::EmailNotVerified) => CoreError::Dropbox(
                "Verify your email address with Dropbox first, then try again.".into(),
            ),
            Error::Route(GetTemporaryLinkError::NotAllowed) => CoreError::Dropbox(
                "Your Dropbox account or team doesn't allow opening this file through a link."
                    .into(),
            ),
            other => other.into(),
        })?;
    Ok(link.link)
}

/// How many late files a request has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LateCount {
    pub id: String,
    pub late: u32,
}

/// Requests whose folders are read at once when counting late files.
const COUNT_CONCURRENCY: usize = 8;

/// Late files per request, for the list's badges. The caller names the requests worth
/// reading (past their deadline, with files); their folders are read a few at a time.
pub async fn late_counts(client: &Client, ids: &[String]) -> Result<Vec<LateCount>, CoreError> {
    use futures_util::{StreamExt, TryStreamExt};
    if ids.len() > 4_000 || ids.iter().any(|id| id.is_empty()) {
        return Err(CoreError::InvalidInput {
            field: "ids",
            message: "Requests: name at most 4,000 requests by their ids.".into(),
        });
    }
    // Owned ids and a cloned client: each future stands alone, borrowing nothing per item.
    futures_util::stream::iter(ids.to_vec())
        .map(|id| {
            let client = client.clone();
            async move {
                let late = list(&client, &id)
                    .await?
                    .files
                    .iter()
                    .filter(|f| f.late)
                    .count();
                Ok::<_, CoreError>(LateCount {
                    id,
                    late: u32::try_from(late).unwrap_or(u32::MAX),
                })
            }
        })
        .buffer_unordered(COUNT_CONCURRENCY)
        .try_collect()
        .await
}
