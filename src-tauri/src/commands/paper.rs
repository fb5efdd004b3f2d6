//! Paper docs: find, create, open, save with revision checks (merging when someone else saved),
//! add notes, the Markdown preview, and the drafts that keep unsaved edits.

use dropdesk_core::paper::drafts::Draft;
use dropdesk_core::paper::merge::{self, MergePart, Resolution};
use dropdesk_core::paper::{
    self, CreatedDoc, NewDoc, NotePlace, OpenedDoc, PaperAvailability, PaperDocView, SaveOutcome,
};
use tauri::State;

use crate::ipc::IpcError;
use crate::state::AppState;

/// Whether this account's Paper docs can be reached (`paper_as_files`).
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn paper_availability(state: State<'_, AppState>) -> Result<PaperAvailability, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(paper::availability(&s.client).await).await?)
}

/// Paper docs under `folder` (`/`: everywhere), most recently changed first.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn list_paper_docs(
    state: State<'_, AppState>,
    folder: String,
) -> Result<Vec<PaperDocView>, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(paper::list(&s.client, &folder).await).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, doc), err(level = "info", Debug))]
pub async fn create_paper_doc(
    state: State<'_, AppState>,
    doc: NewDoc,
) -> Result<CreatedDoc, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(paper::create(&s.client, &doc).await).await?)
}

/// The doc as Markdown, with the revision saves are checked against.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn open_paper_doc(state: State<'_, AppState>, id: String) -> Result<OpenedDoc, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(paper::open(&s.client, &id).await).await?)
}

/// Saves the edit against its base revision; a doc saved by someone else comes back merged (or
/// in conflict) for the user to confirm. The core keeps or forgets the edit's draft.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info", Debug))]
pub async fn save_paper_doc(
    state: State<'_, AppState>,
    edit: Draft,
) -> Result<SaveOutcome, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(paper::save(&s.client, &s.drafts, &edit).await)
        .await?)
}

/// The doc once each conflict of a merge has the user's choice.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info", Debug))]
pub fn resolve_conflicts(
    parts: Vec<MergePart>,
    resolutions: Vec<Resolution>,
) -> Result<String, IpcError> {
    Ok(merge::resolve(&parts, &resolutions)?)
}

/// Adds a note at the top or the end of a doc without opening it; answers the new revision.
#[tauri::command]
#[tracing::instrument(skip(state, note), err(level = "info", Debug))]
pub async fn add_paper_note(
    state: State<'_, AppState>,
    id: String,
    note: String,
    place: NotePlace,
) -> Result<i64, IpcError> {
    let s = state.signed_in().await?;
    Ok(s.watch(paper::add_note(&s.client, &id, &note, place).await)
        .await?)
}

/// The preview: Markdown to sanitized HTML, rendered off the main thread within a time budget
/// (past it, the doc's text escaped).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn render_markdown(state: State<'_, AppState>, text: String) -> Result<String, IpcError> {
    Ok(state.previewer.render(text).await)
}

/// Keeps an unsaved edit on this computer (the window calls this at most 400 ms after a
/// keystroke).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info", Debug))]
pub async fn save_draft(state: State<'_, AppState>, draft: Draft) -> Result<Draft, IpcError> {
    Ok(state.drafts().await?.save(&draft)?)
}

/// The signed-in account's unsaved edits, most recent first.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn list_drafts(state: State<'_, AppState>) -> Result<Vec<Draft>, IpcError> {
    Ok(state.drafts().await?.list()?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn discard_draft(state: State<'_, AppState>, doc_id: String) -> Result<(), IpcError> {
    Ok(state.drafts().await?.remove(&doc_id)?)
}
