//! File requests: list, create, edit, close, reopen, delete.

use dropdesk_core::folders::{self, FolderEntry};
use dropdesk_core::requests::submissions::{self, LateCount, Submission, SubmissionChanges};
use dropdesk_core::requests::{self, Created, RequestForm, RequestList, RequestView};
use tauri::State;
use tauri::ipc::Channel;

use crate::ipc::IpcError;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn list_requests(state: State<'_, AppState>) -> Result<RequestList, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(requests::list(&s.client).await).await?)
}

/// Creates a request. `earlier` is when an earlier attempt of this form was sent whose
/// outcome is unknown: the request it may have made is looked for first.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn create_request(
    state: State<'_, AppState>,
    form: RequestForm,
    earlier: Option<jiff::Timestamp>,
) -> Result<Created, IpcError> {
    let s = state.signed_in().await?;
    let now = jiff::Timestamp::now();
    let created = requests::create(&s.client, &form, s.plan, now, earlier).await;
    Ok(s.watch(created).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn update_request(
    state: State<'_, AppState>,
    id: String,
    form: RequestForm,
) -> Result<RequestView, IpcError> {
    let s = state.signed_in().await?;
    let updated = requests::update(&s.client, &id, &form, s.plan, jiff::Timestamp::now()).await;
    Ok(s.watch(updated).await?)
}

/// Closes (`open: false`) or reopens a request.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn set_request_open(
    state: State<'_, AppState>,
    id: String,
    open: bool,
) -> Result<RequestView, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(requests::set_open(&s.client, &id, open).await)
        .await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn delete_request(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(requests::delete(&s.client, &id).await).await?)
}

/// Deletes every closed request; answers how many.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn delete_closed_requests(state: State<'_, AppState>) -> Result<usize, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(requests::delete_all_closed(&s.client).await)
        .await?)
}

/// The files uploaded through a request, with late flags, a page at a time to `on_page` as
/// Dropbox sends them; answers the cursor for `submission_changes`. `folder` is where the
/// window believes the request collects (listed while the request is looked up).
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
        if let Err(error) = on_page.send(page) {
            tracing::debug!(%error, "the window did not take a page of submissions");
        }
    })
    .await;
    Ok(s.watch(result).await?)
}

/// The folders directly inside a Dropbox folder (`/` for the top), for the folder browser.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn list_folders(
    state: State<'_, AppState>,
    path: String,
) -> Result<Vec<FolderEntry>, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(folders::subfolders(&s.client, &path).await).await?)
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
    Ok(s.watch(submissions::changes(&s.client, &id, &cursor).await)
        .await?)
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

/// A share link for a file or folder (an existing one is reused).
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn share_link(state: State<'_, AppState>, path: String) -> Result<String, IpcError> {
    let s = state.signed_in().await?;
    Ok(
        s.watch(dropdesk_core::links::share_link(&s.client, &path).await)
            .await?,
    )
}
