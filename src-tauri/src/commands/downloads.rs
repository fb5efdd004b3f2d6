//! Downloads into the folder the user chose, with progress to a channel and a cancel by id.

use dropdesk_core::downloads::{self, Downloaded, Progress, Source};
use dropdesk_core::requests::submissions;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::ipc::IpcError;
use crate::state::AppState;

fn report(channel: &Channel<Progress>) -> impl FnMut(Progress) + '_ {
    move |progress| {
        if let Err(error) = channel.send(progress) {
            tracing::debug!(%error, "the window did not take a progress report");
        }
    }
}

/// Saves one submitted file into the download folder (never over an existing file).
#[tauri::command]
#[tracing::instrument(skip(state, on_progress), err(level = "info", Debug))]
pub async fn download_file(
    state: State<'_, AppState>,
    download_id: String,
    path: String,
    on_progress: Channel<Progress>,
) -> Result<Downloaded, IpcError> {
    let s = state.signed_in().await?;
    let folder = state.download_folder().await?;
    let running = state.downloads.start(&download_id)?;
    let result = downloads::download(
        &s.client,
        &Source::File(path),
        &folder,
        running.token(),
        report(&on_progress),
    )
    .await;
    Ok(s.watch(result).await?)
}

/// Saves every file of a request as one zip into the download folder.
#[tauri::command]
#[tracing::instrument(skip(state, on_progress), err(level = "info", Debug))]
pub async fn download_all_submissions(
    state: State<'_, AppState>,
    download_id: String,
    id: String,
    on_progress: Channel<Progress>,
) -> Result<Downloaded, IpcError> {
    let s = state.signed_in().await?;
    let folder = state.download_folder().await?;
    let running = state.downloads.start(&download_id)?;
    let result = submissions::download_all(
        &s.client,
        &id,
        &folder,
        running.token(),
        report(&on_progress),
    )
    .await;
    Ok(s.watch(result).await?)
}

/// Stops a running download; the part file is removed. `false`: it had already ended.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub fn cancel_download(state: State<'_, AppState>, download_id: String) -> bool {
    state.downloads.cancel(&download_id)
}

/// The folder downloads go to.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn get_download_folder(state: State<'_, AppState>) -> Result<String, IpcError> {
    Ok(state.download_folder().await?.display().to_string())
}

/// Opens the download folder in the system's file manager.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn open_download_folder(state: State<'_, AppState>) -> Result<(), IpcError> {
    Ok(state.open_download_folder().await?)
}

/// Lets the user choose the download folder in the system's folder chooser; `None` when
/// they close it. The window never names a path itself.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info", Debug))]
pub async fn choose_download_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, IpcError> {
    let current = state.download_folder().await?;
    let (sender, chosen) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Download folder")
        .set_directory(&current)
        .pick_folder(move |folder| {
            let _ = sender.send(folder);
        });
    let Some(folder) = chosen.await.ok().flatten() else {
        return Ok(None);
    };
    let folder = folder.into_path().map_err(|e| {
        IpcError::from(dropdesk_core::CoreError::InvalidInput {
            field: "downloadFolder",
            message: format!("Download folder: that is not a folder on this computer ({e})."),
        })
    })?;
    state.set_download_folder(&folder).await?;
    Ok(Some(folder.display().to_string()))
}
