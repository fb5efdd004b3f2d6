//! What a professor does to all of a course's requests at once: close them at the end of
//! term, reopen them, and clean up (delete the closed ones; their files stay in the folders).
//! A course's requests are those collecting into a folder inside the course folder, as the
//! course list counts them.

use futures_util::StreamExt;
use serde::Serialize;
use ts_rs::TS;

use super::{RequestList, RequestView, refused, set_open};
use crate::error::CoreError;
use crate::term::{AT_ONCE, REQUEST_CAP};
use dropbox_client::Client;
use dropbox_client::routes::file_requests;

/// Requests deleted in one call.
const DELETE_BATCH: usize = 100;

/// A course's requests by state, and the account's count against Dropbox's cap, for the
/// confirmations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CourseRequests {
    pub open: u32,
    pub closed: u32,
    /// Files in the closed requests' folders (they stay when the requests are deleted).
    #[ts(type = "number")]
    pub closed_files: i64,
    /// The account's requests, open and closed.
    #[ts(type = "number")]
    pub account_total: u64,
    #[ts(type = "number")]
    pub cap: u64,
}

/// What a course-wide action did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CourseWideResult {
    pub changed: u32,
    /// Requests left as they were, each with the reason in words.
    pub failed: Vec<NotChanged>,
    /// The account's requests afterwards, open and closed.
    #[ts(type = "number")]
    pub account_total: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NotChanged {
    pub title: String,
    pub reason: String,
}

fn of_course<'a>(list: &'a RequestList, course: &str) -> impl Iterator<Item = &'a RequestView> {
    list.requests.iter().filter(move |r| {
        r.destination
            .as_deref()
            .is_some_and(|d| crate::courses::is_inside(course, d))
    })
}

/// The course's requests counted, from the account's `list`.
pub fn count(list: &RequestList, course: &str) -> CourseRequests {
    let (mut open, mut closed, mut closed_files) = (0, 0, 0);
    for request in of_course(list, course) {
        if request.is_open {
            open += 1;
        } else {
            closed += 1;
            closed_files += request.file_count;
        }
    }
    CourseRequests {
        open,
        closed,
        closed_files,
        account_total: list.total,
        cap: REQUEST_CAP,
    }
}

/// Closes (`open` false) or reopens every request of the course that is not so already, a
/// few at a time.
pub async fn set_open_all(
    client: &Client,
    course: &str,
    open: bool,
) -> Result<CourseWideResult, CoreError> {
    let list = super::list(client).await?;
    // Owned, so that the sends are `Send` for any caller.
    let targets: Vec<(String, String)> = of_course(&list, course)
        .filter(|r| r.is_open != open)
        .map(|r| (r.id.clone(), r.title.clone()))
        .collect();
    let outcomes: Vec<(String, Result<RequestView, CoreError>)> =
        futures_util::stream::iter(targets)
            .map(|(id, title)| async move { (title, set_open(client, &id, open).await) })
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
    let mut result = CourseWideResult {
        account_total: list.total,
        ..CourseWideResult::default()
    };
    for (title, outcome) in outcomes {
        match outcome {
            Ok(_) => result.changed += 1,
            // Signed out or offline: the whole action stops here, in the user's words.
            Err(error @ (CoreError::SignInExpired | CoreError::Offline(_))) => return Err(error),
            Err(error) => result.failed.push(NotChanged {
                title,
                reason: error.to_string(),
            }),
        }
    }
    Ok(result)
}

/// Deletes the course's closed requests (their files stay in the folders), in batches.
pub async fn delete_closed(client: &Client, course: &str) -> Result<CourseWideResult, CoreError> {
    let list = super::list(client).await?;
    let closed: Vec<&RequestView> = of_course(&list, course).filter(|r| !r.is_open).collect();
    let mut result = CourseWideResult::default();
    for batch in closed.chunks(DELETE_BATCH) {
        let ids: Vec<String> = batch.iter().map(|r| r.id.clone()).collect();
        match file_requests::delete(client, &ids).await {
            Ok(deleted) => result.changed += deleted.file_requests.len() as u32,
            Err(error) => {
                let error = refused(error);
                if matches!(error, CoreError::SignInExpired | CoreError::Offline(_)) {
                    return Err(error);
                }
                result.failed.extend(batch.iter().map(|request| NotChanged {
                    title: request.title.clone(),
                    reason: error.to_string(),
                }));
            }
        }
    }
    result.account_total = list.total.saturating_sub(u64::from(result.changed));
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::Grace;

    fn request(destination: &str, is_open: bool, files: i64) -> RequestView {
        RequestView {
            id: destination.into(),
            title: destination.into(),
            url: String::new(),
            destination: Some(destination.into()),
            created: "2026-01-01T00:00:00Z".into(),
            deadline: None,
            grace: Grace::None,
            late_until: None,
            is_open,
            file_count: files,
            description: None,
        }
    }

    #[test]
    fn a_course_counts_the_requests_inside_its_folder_only() {
        let list = RequestList {
            requests: vec![
                request("/Courses/CS101/HW 1", false, 30),
                request("/courses/cs101/HW 2", false, 12),
                request("/Courses/CS101/HW 3", true, 4),
                request("/Courses/CS1010/HW 1", false, 99),
                request("/Courses/CS101", false, 99),
            ],
            total: 3_990,
        };
        assert_eq!(
            count(&list, "/Courses/CS101/"),
            CourseRequests {
                open: 1,
                closed: 2,
                closed_files: 42,
                account_total: 3_990,
                cap: 4_000
            }
        );
    }
}
