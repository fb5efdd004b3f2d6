//! Share links to files and folders.

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
