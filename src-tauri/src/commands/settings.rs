//! Settings, the logs folder and opening links in the browser.

use dropdesk_core::appearance::ThemeChoice;
use dropdesk_core::settings::{SettingsInput, SettingsView};
use tauri::{AppHandle, Runtime, State};

use crate::ipc::IpcError;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, IpcError> {
    Ok(state.settings_view()?)
}

/// Light, dark or as the desktop says: saved, and the window changes at once.
#[tauri::command]
#[tracing::instrument(skip(state, app), err(level = "info", Debug))]
pub async fn set_theme<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    theme: ThemeChoice,
) -> Result<SettingsView, IpcError> {
    let view = state.set_theme(theme)?;
    crate::appearance::choose(&app, theme);
    Ok(view)
}

/// Validates and saves; errors name the field (`appKey`, `redirectPorts`).
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn save_settings(
    state: State<'_, AppState>,
    input: SettingsInput,
) -> Result<SettingsView, IpcError> {
    Ok(state.save_settings(&input)?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn open_logs_folder(state: State<'_, AppState>) -> Result<(), IpcError> {
    Ok(state.open_logs_folder()?)
}

/// Opens an https address (or the demo's own) in the system browser; anything else is refused.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn open_external(state: State<'_, AppState>, url: String) -> Result<(), IpcError> {
    Ok(state.open_external(&url).await?)
}
