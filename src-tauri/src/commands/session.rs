use dropdesk_core::session::SessionView;
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

/// Who is signed in, and to which Dropbox (the demo or the real one).
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn get_session(state: State<'_, AppState>) -> Result<SessionView, IpcError> {
    state.session().await.map_err(IpcError::from)
}
