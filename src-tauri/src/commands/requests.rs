//! File requests: list, create, edit, close, reopen, delete (one or all closed), and a
//! course's all at once.

use dropdesk_core::requests::course_wide::{self, CourseRequests, CourseWideResult};
use dropdesk_core::requests::{self, Created, RequestForm, RequestView};
use tauri::State;
use tauri::ipc::Channel;

use crate::ipc::{IpcError, end_pages, send_page};
use crate::state::AppState;

/// Every request, a page at a time to `on_page` as Dropbox sends them, then an empty page
/// (see `ipc::pages`); answers the account's count (what counts against Dropbox's 4,000).
#[tauri::command]
#[tracing::instrument(skip(state, on_page), err(level = "info", Debug))]
pub async fn list_requests(
    state: State<'_, AppState>,
    on_page: Channel<Vec<RequestView>>,
) -> Result<u64, IpcError> {
    let s = state.signed_in().await?;
    let listed = requests::list_pages(&s.client, |page| send_page(&on_page, page)).await;
    let total = s.watch(listed).await?;
    end_pages(&on_page);
    Ok(total)
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

/// A course's requests counted (open, closed, their files) with the account's count
/// against Dropbox's cap, for the course-wide confirmations.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn course_requests(
    state: State<'_, AppState>,
    course: String,
) -> Result<CourseRequests, IpcError> {
    let s = state.signed_in().await?;
    let list = s.watch(requests::list(&s.client).await).await?;
    Ok(course_wide::count(&list, &course))
}

/// Closes (`open` false) or reopens every request of a course.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn set_course_requests_open(
    state: State<'_, AppState>,
    course: String,
    open: bool,
) -> Result<CourseWideResult, IpcError> {
    let s = state.signed_in().await?;
    Ok(
        s.watch(course_wide::set_open_all(&s.client, &course, open).await)
            .await?,
    )
}

/// Deletes a course's closed requests; their files stay in the folders.
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "info", Debug))]
pub async fn delete_closed_course_requests(
    state: State<'_, AppState>,
    course: String,
) -> Result<CourseWideResult, IpcError> {
    let s = state.signed_in().await?;
    Ok(
        s.watch(course_wide::delete_closed(&s.client, &course).await)
            .await?,
    )
}
