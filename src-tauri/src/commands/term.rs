//! Planning a term: the preview of a pattern's requests, creating them with progress and a
//! Cancel, and never one twice (the core's journal).

use dropdesk_core::term::{self, Preview, RowReport, RunSummary, TermPattern};
use tauri::State;
use tauri::ipc::Channel;

use crate::ipc::IpcError;
use crate::state::AppState;

/// Every row of the pattern, checked as the request dialog checks one, against the
/// account's requests.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn preview_term(
    state: State<'_, AppState>,
    pattern: TermPattern,
) -> Result<Preview, IpcError> {
    let s = state.signed_in().await?;
    let rows = term::expand(&pattern)?;
    let existing = s
        .watch(dropdesk_core::requests::list(&s.client).await)
        .await?;
    Ok(term::preview(
        &rows,
        &existing,
        s.plan,
        jiff::Timestamp::now(),
    ))
}

/// Creates the pattern's requests (`plan_id` names the plan: running it again creates only
/// what is not made yet); `on_row` hears of each row as it is settled.
#[tauri::command]
#[tracing::instrument(skip(state, on_row), err(level = "info", Debug))]
pub async fn create_term(
    state: State<'_, AppState>,
    plan_id: String,
    pattern: TermPattern,
    on_row: Channel<RowReport>,
) -> Result<RunSummary, IpcError> {
    let s = state.signed_in().await?;
    let rows = term::expand(&pattern)?;
    let journal = state.plan_journal(&s, &plan_id);
    let running = state.plans.start(&plan_id)?;
    let summary = term::run(&s.client, &journal, &rows, s.plan, running.token(), |row| {
        if let Err(error) = on_row.send(row.clone()) {
            tracing::debug!(%error, "the window did not take a row's report");
        }
    })
    .await;
    Ok(s.watch(summary).await?)
}

/// Sends no more of the plan's rows (those in flight finish). `false`: it had ended.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub fn cancel_term(state: State<'_, AppState>, plan_id: String) -> bool {
    state.plans.cancel(&plan_id)
}
