//! The folder browser.

use dropdesk_core::folders::{self, Subfolders};
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

/// The folders directly inside a Dropbox folder (`/` for the top), for the folder browser.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn list_folders(
    state: State<'_, AppState>,
    path: String,
) -> Result<Subfolders, IpcError> {
    let s = state.signed_in().await?;
    Ok(
        s.watch(folders::subfolders(&s.client, &s.space, &path).await)
            .await?,
    )
}
