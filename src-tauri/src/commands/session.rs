//! Sign-in, sign-out and the demo. Tokens never cross IPC: only views of the session do.

use dropdesk_core::session::{SessionView, SignInStarted};
use dropdesk_core::waits::WaitNotice;
use dropdesk_core::whereabouts::Whereabouts;
use tauri::{Runtime, State, WebviewWindow};

use crate::ipc::IpcError;
use crate::state::AppState;

/// Who is signed in, and to which Dropbox (the demo or the real one).
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn get_session(state: State<'_, AppState>) -> Result<SessionView, IpcError> {
    Ok(state.view().await?)
}

/// "Connect Dropbox": opens the browser at the consent page; `pasteCode` asks Dropbox to show
/// a code instead of redirecting to Dropdesk.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn sign_in(
    state: State<'_, AppState>,
    paste_code: bool,
) -> Result<SignInStarted, IpcError> {
    Ok(state.begin_sign_in(paste_code).await?)
}

/// Waits for the browser to come back, then brings the window to the front, signed in.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info", Debug))]
pub async fn finish_sign_in<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Result<SessionView, IpcError> {
    let view = state.finish_sign_in().await?;
    // The browser had the focus; a failure here only leaves the window where it was.
    let _ = window.unminimize();
    let _ = window.set_focus();
    Ok(view)
}

/// Finishes signing in with the code Dropbox showed (the code is not logged).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info", Debug))]
pub async fn sign_in_with_code(
    state: State<'_, AppState>,
    code: String,
) -> Result<SessionView, IpcError> {
    Ok(state.sign_in_with_code(&code).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn cancel_sign_in(state: State<'_, AppState>) -> Result<(), IpcError> {
    Ok(state.cancel_sign_in().await?)
}

/// Signs out of `account` (the active one when none is named): its token is revoked at
/// Dropbox and forgotten here; the other accounts stay signed in.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn sign_out(
    state: State<'_, AppState>,
    account: Option<String>,
) -> Result<SessionView, IpcError> {
    Ok(state.sign_out(account.as_deref()).await?)
}

/// Remembers where the window is for the active account (what changed: the place, the
/// selected request or doc, the list's filter or sort), to open there next time.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn remember(
    state: State<'_, AppState>,
    whereabouts: Whereabouts,
) -> Result<(), IpcError> {
    Ok(state.remember(&whereabouts).await?)
}

/// Turns desktop notifications of arriving submissions on or off for the active account.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn set_notifies_arrivals(
    state: State<'_, AppState>,
    on: bool,
) -> Result<SessionView, IpcError> {
    Ok(state.set_notifies_arrivals(on).await?)
}

/// The window's channel for requests to open when the desktop asks (a notification's click).
#[tauri::command]
pub fn watch_opens(opens: State<'_, crate::arrivals::Opens>, on_open: tauri::ipc::Channel<String>) {
    opens.listen(on_open);
}

/// The window's channel for the menu bar's commands (a place, an account, New, Copy link,
/// Save, Search, the shortcuts overlay).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn watch_menu(
    commands: State<'_, crate::menu::WindowCommands>,
    on_command: tauri::ipc::Channel<dropdesk_core::shortcuts::Command>,
) {
    commands.listen(on_command);
}

/// Makes another signed-in account the active one.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn switch_account(
    state: State<'_, AppState>,
    account: String,
) -> Result<SessionView, IpcError> {
    Ok(state.switch_account(&account).await?)
}

/// "Try the demo": the built-in Dropbox with the demo course.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn try_demo(state: State<'_, AppState>) -> Result<SessionView, IpcError> {
    Ok(state.use_demo().await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn reset_demo(state: State<'_, AppState>) -> Result<SessionView, IpcError> {
    Ok(state.reset_demo().await?)
}

/// The window's channel for retry waits ("Dropbox asked us to slow down…" with a countdown).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn watch_waits(state: State<'_, AppState>, on_wait: tauri::ipc::Channel<WaitNotice>) {
    state.waits.listen(on_wait);
}
