//! File requests: list, create, edit, close, reopen, delete.

use dropdesk_core::requests::{self, RequestForm, RequestList, RequestView};
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn list_requests(state: State<'_, AppState>) -> Result<RequestList, IpcError> {
    let signed_in = state.signed_in().await?;
    Ok(state.watch(requests::list(&signed_in.client).await).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn create_request(
    state: State<'_, AppState>,
    form: RequestForm,
) -> Result<RequestView, IpcError> {
    let s = state.signed_in().await?;
    let created = requests::create(&s.client, &form, s.plan, jiff::Timestamp::now()).await;
    Ok(state.watch(created).await?)
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
    Ok(state.watch(updated).await?)
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
    Ok(state
        .watch(requests::set_open(&s.client, &id, open).await)
        .await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn delete_request(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    let s = state.signed_in().await?;
    Ok(state.watch(requests::delete(&s.client, &id).await).await?)
}

/// Deletes every closed request; answers how many.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn delete_closed_requests(state: State<'_, AppState>) -> Result<usize, IpcError> {
    let s = state.signed_in().await?;
    Ok(state
        .watch(requests::delete_all_closed(&s.client).await)
        .await?)
}
