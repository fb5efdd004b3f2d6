//! What came in through a request: its files a page at a time, what changed since (for the
//! live pane), opening one in the browser, and the late counts of the list.

use dropdesk_core::requests::submissions::{self, LateCount, Submission, SubmissionChanges};
use tauri::State;
use tauri::ipc::Channel;

use crate::ipc::{IpcError, end_pages, send_page};
use crate::state::AppState;

/// The files uploaded through a request, with late flags, a page at a time to `on_page` as
/// Dropbox sends them, then an empty page (see `ipc::pages`); answers the cursor for
/// `submission_changes`. `folder` is where the window believes the request collects (listed
/// while the request is looked up).
#[tauri::command]
#[tracing::instrument(skip(state, on_page), err(level = "info", Debug))]
pub async fn list_submissions(
    state: State<'_, AppState>,
    id: String,
    folder: Option<String>,
    on_page: Channel<Vec<Submission>>,
) -> Result<String, IpcError> {
    let s = state.signed_in().await?;
    let result = submissions::list_pages(&s.client, &id, folder.as_deref(), |page| {
        send_page(&on_page, page)
    })
    .await;
    let cursor = s.watch(result).await?;
    end_pages(&on_page);
    Ok(cursor)
}

/// Waits until the request's folder changes (or Dropbox's longpoll ends), then says what
/// changed; the submissions pane calls it again and again while it is open.
#[tauri::command]
#[tracing::instrument(skip(state, cursor), err(level = "info", Debug))]
pub async fn submission_changes(
    state: State<'_, AppState>,
    id: String,
    cursor: String,
) -> Result<SubmissionChanges, IpcError> {
    let s = state.signed_in().await?;
    // Another account made active ends the wait, with nothing changed.
    let unchanged = SubmissionChanges {
        files: Vec::new(),
        removed: Vec::new(),
        cursor: cursor.clone(),
        reset: false,
    };
    let changes = s.unless_switched(submissions::changes(&s.client, &id, &cursor), unchanged);
    Ok(s.watch(changes.await).await?)
}

/// Opens a submitted file in the browser through a short-lived link.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn open_submission(state: State<'_, AppState>, path: String) -> Result<(), IpcError> {
    let s = state.signed_in().await?;
    let link = s
        .watch(submissions::temporary_link(&s.client, &path).await)
        .await?;
    Ok(state.open_external(&link).await?)
}

/// Late files for the named requests (the list asks for those past their deadline).
#[tauri::command]
#[tracing::instrument(skip(state, ids), err(level = "info", Debug))]
pub async fn late_counts(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<Vec<LateCount>, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(submissions::late_counts(&s.client, &ids).await)
        .await?)
}
