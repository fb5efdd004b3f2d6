//! Share links to files and folders, and a folder opened on Dropbox's website.

use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

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

/// Opens the folder on Dropbox's website (the demo's own stand-in in demo mode).
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn open_folder_on_dropbox(
    state: State<'_, AppState>,
    path: String,
) -> Result<(), IpcError> {
    let s = state.signed_in().await?;
    let url = dropdesk_core::links::folder_on_web(&s.client.hosts().authorize, &path)?;
    Ok(state.open_external(url.as_str()).await?)
}
