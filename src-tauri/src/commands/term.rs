//! Planning a term: the preview of a pattern's requests, creating them with progress and a
//! Cancel, and never one twice (the core's journal).

use dropdesk_core::term::{
    self, PlannedRow, Preview, Rollover, RowReport, RunSummary, TermPattern,
};
use tauri::State;
use tauri::ipc::Channel;

use crate::ipc::IpcError;
use crate::state::AppState;

/// The rows of `pattern`, for the preview to check and the window to edit.
#[tauri::command]
#[tracing::instrument(err(level = "info", Debug))]
pub fn plan_term(pattern: TermPattern) -> Result<Vec<PlannedRow>, IpcError> {
    Ok(term::expand(&pattern)?)
}

/// The rows of a CSV plan (title, folder, deadline, grace, description), with folders read
/// inside `course` and times in `zone`; errors name the line.
#[tauri::command]
#[tracing::instrument(skip(bytes), err(level = "info", Debug))]
pub fn plan_term_from_csv(
    bytes: Vec<u8>,
    course: String,
    zone: String,
) -> Result<Vec<PlannedRow>, IpcError> {
    Ok(term::import::read(&bytes, &course, &zone)?)
}

/// Last term's requests (under `from`) as rows for the course `to`, deadlines moved by
/// `weeks` (or the fewest that put them ahead).
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn plan_rollover(
    state: State<'_, AppState>,
    from: String,
    to: String,
    weeks: Option<i64>,
    zone: String,
) -> Result<Rollover, IpcError> {
    let s = state.signed_in().await?;
    let existing = s
        .watch(dropdesk_core::requests::list(&s.client).await)
        .await?;
    Ok(term::rollover(
        &existing.requests,
        &from,
        &to,
        weeks,
        &zone,
        jiff::Timestamp::now(),
    )?)
}

/// Every row checked as the request dialog checks one, with its folder placed in the
/// account's namespace, against the account's requests.
#[tauri::command]
#[tracing::instrument(skip(state, rows), err(level = "info", Debug))]
pub async fn preview_term(
    state: State<'_, AppState>,
    rows: Vec<PlannedRow>,
) -> Result<Preview, IpcError> {
    let s = state.signed_in().await?;
    let now = jiff::Timestamp::now();
    let placement = s
        .watch(term::placing::place(&s.client, &s.space, &rows, s.plan, now).await)
        .await?;
    let existing = s
        .watch(dropdesk_core::requests::list(&s.client).await)
        .await?;
    Ok(term::preview_placed(&placement, &existing, s.plan, now))
}

/// Creates the rows' requests (`plan_id` names the plan: running it again creates only what
/// is not made yet); `on_row` hears of each row as it is settled.
#[tauri::command]
#[tracing::instrument(skip(state, rows, on_row), err(level = "info", Debug))]
pub async fn create_term(
    state: State<'_, AppState>,
    plan_id: String,
    rows: Vec<PlannedRow>,
    on_row: Channel<RowReport>,
) -> Result<RunSummary, IpcError> {
    let s = state.signed_in().await?;
    let journal = state.plan_journal(&s, &plan_id);
    let running = state.plans.start(&plan_id)?;
    let summary = term::run(
        &s.client,
        &s.space,
        &journal,
        &rows,
        s.plan,
        running.token(),
        |row| {
            if let Err(error) = on_row.send(row.clone()) {
                tracing::debug!(%error, "the window did not take a row's report");
            }
        },
    )
    .await;
    Ok(s.watch(summary).await?)
}

/// Sends no more of the plan's rows (those in flight finish). `false`: it had ended.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub fn cancel_term(state: State<'_, AppState>, plan_id: String) -> bool {
    state.plans.cancel(&plan_id)
}
