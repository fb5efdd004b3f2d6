//! Courses: the list, one course's grid and its live changes, edits, importing a class list,
//! the gradebook export and the reminder mail.

use dropdesk_core::courses::{
    self, Columns, CountsOf, CourseEdit, CourseSummary, CourseView, ImportPreview, import, remind,
};
use dropdesk_core::requests::RequestView;
use tauri::State;
use tauri::ipc::{Channel, InvokeBody, Request};

use crate::ipc::IpcError;
use crate::state::AppState;

fn report(channel: &Channel<u32>) -> impl FnMut(usize) + '_ {
    move |files| {
        if let Err(error) = channel.send(u32::try_from(files).unwrap_or(u32::MAX)) {
            tracing::debug!(%error, "the window did not take a progress report");
        }
    }
}

/// The courses named by the user and those found from the requests' folders.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn list_courses(state: State<'_, AppState>) -> Result<Vec<CourseSummary>, IpcError> {
    let s = state.signed_in().await?;
    let named = state.named_courses(&s)?;
    Ok(s.watch(courses::list(&s.client, &named).await).await?)
}

/// Names a Dropbox folder as a course; answers the folder as Dropbox spells it.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn add_course(state: State<'_, AppState>, folder: String) -> Result<String, IpcError> {
    let s = state.signed_in().await?;
    let folder = s
        .watch(courses::checked_folder(&s.client, &s.space, &folder).await)
        .await?;
    state.add_course(&s, &folder)?;
    Ok(folder)
}

/// One course, read fresh; `on_progress` hears how many files are read so far.
#[tauri::command]
#[tracing::instrument(skip(state, on_progress), err(level = "info", Debug))]
pub async fn open_course(
    state: State<'_, AppState>,
    folder: String,
    on_progress: Channel<u32>,
) -> Result<CourseView, IpcError> {
    let s = state.signed_in().await?;
    let named = state.named_courses(&s)?;
    let now = jiff::Timestamp::now();
    let opened = courses::open(&s.client, &folder, &named, now, report(&on_progress)).await;
    Ok(s.watch(opened).await?)
}

/// Waits until something in the course folder changes (or Dropbox's longpoll ends).
#[tauri::command]
#[tracing::instrument(skip(state, cursor), err(level = "info", Debug))]
pub async fn course_changes(state: State<'_, AppState>, cursor: String) -> Result<bool, IpcError> {
    let s = state.signed_in().await?;
    // Another account made active ends the wait, with nothing changed.
    let changed = s.unless_switched(courses::changed(&s.client, &cursor), false);
    Ok(s.watch(changed.await).await?)
}

/// Saves one change (a student, an assignment, an excuse, an extension) in the course folder.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn edit_course(
    state: State<'_, AppState>,
    folder: String,
    edit: CourseEdit,
) -> Result<CourseView, IpcError> {
    let s = state.signed_in().await?;
    let named = state.named_courses(&s)?;
    let now = jiff::Timestamp::now();
    Ok(
        s.watch(courses::edit(&s.client, &folder, &named, &edit, now).await)
            .await?,
    )
}

/// Takes a class list's bytes (the body) and answers its preview with the columns
/// recognised; the file is kept for `preview_class_list` and `import_class_list`.
#[tauri::command]
#[tracing::instrument(skip(state, request), err(level = "info", Debug))]
pub async fn load_class_list(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<ImportPreview, IpcError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(dropdesk_core::CoreError::Internal(
            "the class list came without its bytes".into(),
        )
        .into());
    };
    let preview = import::preview(bytes, None)?;
    state.keep_class_list(bytes.clone());
    Ok(preview)
}

/// The kept class list read with the columns the user chose.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn preview_class_list(
    state: State<'_, AppState>,
    columns: Columns,
) -> Result<ImportPreview, IpcError> {
    Ok(import::preview(&state.class_list()?, Some(&columns))?)
}

/// Imports the kept class list into the course; with `replace`, students not in it leave.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn import_class_list(
    state: State<'_, AppState>,
    folder: String,
    columns: Columns,
    replace: bool,
) -> Result<CourseView, IpcError> {
    let s = state.signed_in().await?;
    let (bytes, named, now) = (
        state.class_list()?,
        state.named_courses(&s)?,
        jiff::Timestamp::now(),
    );
    let imported = courses::import(
        &s.client,
        &folder,
        &named,
        &bytes,
        Some(&columns),
        replace,
        now,
    )
    .await;
    let view = s.watch(imported).await?;
    state.forget_class_list();
    Ok(view)
}

/// Writes the course's gradebook CSV into the download folder; answers its path.
#[tauri::command]
#[tracing::instrument(skip(state, on_progress), err(level = "info", Debug))]
pub async fn export_course(
    state: State<'_, AppState>,
    folder: String,
    time_zone: String,
    on_progress: Channel<u32>,
) -> Result<String, IpcError> {
    let s = state.signed_in().await?;
    let (into, named, now) = (
        state.download_folder().await?,
        state.named_courses(&s)?,
        jiff::Timestamp::now(),
    );
    let saved = courses::export_to(
        &s.client,
        &folder,
        &named,
        &time_zone,
        &into,
        now,
        report(&on_progress),
    )
    .await;
    Ok(s.watch(saved).await?.display().to_string())
}

/// Opens the user's mail program with a message to `bcc` (blind copies).
#[tauri::command]
#[tracing::instrument(skip(state, bcc, body), err(level = "info", Debug))]
pub async fn email_students(
    state: State<'_, AppState>,
    bcc: Vec<String>,
    subject: String,
    body: String,
) -> Result<(), IpcError> {
    let url = remind::mailto(&bcc, &subject, &body)?;
    Ok(state.open_mail(&url)?)
}

/// Submitted, late, missing and unmatched counts of the requests in courses with a class list;
/// `requests`: those the list shows (so they are not listed twice).
#[tauri::command]
#[tracing::instrument(skip(state, requests), err(level = "info", Debug))]
pub async fn course_request_counts(
    state: State<'_, AppState>,
    requests: Vec<RequestView>,
) -> Result<Vec<CountsOf>, IpcError> {
    let s = state.signed_in().await?;
    let (named, now) = (state.named_courses(&s)?, jiff::Timestamp::now());
    let counted = courses::request_counts(&s.client, &requests, &named, now).await;
    Ok(s.watch(counted).await?)
}
