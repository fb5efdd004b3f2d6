//! File requests: list, create, edit, close, reopen, delete (one or all closed).

use dropdesk_core::requests::{self, Created, RequestForm, RequestList, RequestView};
use tauri::State;

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
    let created = requests::create_in(&s.client, &s.space, &form, s.plan, now, earlier).await;
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
    let now = jiff::Timestamp::now();
    let updated = requests::update_in(&s.client, &s.space, &id, &form, s.plan, now).await;
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
