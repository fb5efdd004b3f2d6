//! Courses: a Dropbox folder that holds the destinations of its requests (`/Courses/CS101`
//! for `/Courses/CS101/Homework 3`), with its class list and decisions kept beside them, so
//! everyone who sees the folder sees the same course.

pub mod decisions;
pub mod edits;
pub mod export;
pub mod grid;
pub mod import;
mod listing;
pub mod matching;
pub mod names;
pub mod remind;
pub mod roster;
pub mod store;

use dropbox_client::Client;
use dropbox_client::Error;
use dropbox_client::routes::files;
use dropbox_client::types::files::{ListFolderError, LookupError, Metadata};
use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;

use crate::error::CoreError;
use crate::requests::RequestView;
use crate::requests::deadline::from_dropbox;
pub use edits::{CourseEdit, StudentInput};
pub use grid::{CourseFile, CourseGrid, CourseRequest};
pub use import::{Columns, ImportPreview};

/// A course found among the requests, or named by the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CourseSummary {
    /// The course folder, as Dropbox spells it.
    pub folder: String,
    /// Its last part: "CS101".
    pub name: String,
    /// Requests whose folders are inside it.
    pub requests: u32,
}

/// The folder a path is in; `None` for the root.
fn parent(path: &str) -> Option<&str> {
    let (parent, _) = path.trim_end_matches('/').rsplit_once('/')?;
    (!parent.is_empty()).then_some(parent)
}

/// Whether `path` is a folder inside `folder` (not `folder` itself), in any case.
pub(crate) fn is_inside(folder: &str, path: &str) -> bool {
    grid::relative_key(folder, path).is_some()
}

fn last_part(folder: &str) -> String {
    folder
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(folder)
        .to_owned()
}

/// The courses: the folders named by the user, and the folders holding requests'
/// destinations (a request inside a named course belongs to that course alone).
pub fn discover(requests: &[RequestView], named: &[String]) -> Vec<CourseSummary> {
    let mut courses: Vec<CourseSummary> = Vec::new();
    let mut add = |folder: &str| {
        if !courses
            .iter()
            .any(|c| c.folder.eq_ignore_ascii_case(folder))
        {
            courses.push(CourseSummary {
                folder: folder.to_owned(),
                name: last_part(folder),
                requests: 0,
            });
        }
    };
    for folder in named {
        add(folder);
    }
    for request in requests {
        let Some(destination) = &request.destination else {
            continue;
        };
        if named.iter().any(|n| is_inside(n, destination)) {
            continue;
        }
        if let Some(folder) = parent(destination) {
            add(folder);
        }
    }
    for course in &mut courses {
        course.requests = requests
            .iter()
            .filter_map(|r| r.destination.as_deref())
            .filter(|d| belongs_to(named, d, &course.folder))
            .count() as u32;
    }
    courses.sort_by_key(|c| names::fold(&c.name));
    courses
}

fn belongs_to(named: &[String], destination: &str, course: &str) -> bool {
    owner(named, destination).is_some_and(|o| o.eq_ignore_ascii_case(course))
}

/// The course a destination belongs to: the innermost named course holding it, else its
/// parent folder.
fn owner(named: &[String], destination: &str) -> Option<String> {
    named
        .iter()
        .filter(|n| is_inside(n, destination))
        .max_by_key(|n| n.len())
        .cloned()
        .or_else(|| parent(destination).map(str::to_owned))
}

/// The requests of the course at `folder`.
pub fn requests_of(folder: &str, requests: &[RequestView], named: &[String]) -> Vec<CourseRequest> {
    let mut mine: Vec<CourseRequest> = requests
        .iter()
        .filter_map(|r| {
            let destination = r.destination.as_deref()?;
            let belongs = belongs_to(named, destination, folder);
            belongs.then(|| CourseRequest {
                id: r.id.clone(),
                title: r.title.clone(),
                url: r.url.clone(),
                folder: destination.to_owned(),
                deadline: r.deadline.as_deref().and_then(from_dropbox),
                grace: r.grace,
                is_open: r.is_open,
            })
        })
        .collect();
    // In order of their deadlines (none last), then title.
    mine.sort_by(|a, b| {
        (a.deadline.is_none(), a.deadline, names::fold(&a.title)).cmp(&(
            b.deadline.is_none(),
            b.deadline,
            names::fold(&b.title),
        ))
    });
    mine
}

/// A course, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CourseView {
    pub folder: String,
    pub name: String,
    pub grid: CourseGrid,
    /// Why the class list in Dropbox could not be read, if it could not.
    pub roster_problem: Option<String>,
    /// Someone else changed the course while this edit was saved; both changes are in.
    pub merged: bool,
    /// For `course_changes`; opaque.
    pub cursor: String,
}

fn view(
    folder: &str,
    requests: &[CourseRequest],
    course: &store::CourseFiles,
    files: &[CourseFile],
    cursor: String,
    merged: bool,
    now: Timestamp,
) -> CourseView {
    CourseView {
        folder: folder.to_owned(),
        name: last_part(folder),
        grid: grid::build(
            folder,
            &course.roster.value,
            requests,
            files,
            &course.data.value,
            now,
        ),
        roster_problem: course.roster_problem.clone(),
        merged,
        cursor,
    }
}

/// The requests of the course at `folder`, looked up fresh.
pub async fn requests(
    client: &Client,
    folder: &str,
    named: &[String],
) -> Result<Vec<CourseRequest>, CoreError> {
    let all = crate::requests::list(client).await?;
    Ok(requests_of(folder, &all.requests, named))
}

/// The course at `folder` (its requests, class list, decisions and files), read fresh from
/// Dropbox; `on_page` hears how many files are read so far. `named`: the courses the user
/// named, which decide where requests belong.
pub async fn open(
    client: &Client,
    folder: &str,
    named: &[String],
    now: Timestamp,
    on_page: impl FnMut(usize),
) -> Result<CourseView, CoreError> {
    // The cursor before anything in the folder is read: a change made meanwhile is seen.
    let (requests, cursor) = tokio::join!(
        requests(client, folder, named),
        listing::cursor(client, folder)
    );
    let (requests, cursor) = (requests?, cursor?);
    let (course, files) = tokio::join!(
        store::load(client, folder),
        listing::request_files(client, folder, &requests, on_page)
    );
    Ok(view(
        folder, &requests, &course?, &files?, cursor, false, now,
    ))
}

/// Late, missing and unmatched counts of every request in a course with a class list, for
/// the request list (`all`: the requests it shows). Courses are read a few at a time.
pub async fn request_counts(
    client: &Client,
    all: &[RequestView],
    named: &[String],
    now: Timestamp,
) -> Result<Vec<CountsOf>, CoreError> {
    use futures_util::{StreamExt, TryStreamExt};
    let courses = discover(all, named);
    let counts: Vec<Vec<CountsOf>> = futures_util::stream::iter(courses)
        .map(|course| {
            let requests = requests_of(&course.folder, all, named);
            async move {
                let files = store::load(client, &course.folder).await?;
                if files.roster.value.is_empty() {
                    return Ok::<_, CoreError>(Vec::new());
                }
                let listed =
                    listing::request_files(client, &course.folder, &requests, |_| {}).await?;
                let grid = grid::build(
                    &course.folder,
                    &files.roster.value,
                    &requests,
                    &listed,
                    &files.data.value,
                    now,
                );
                Ok(grid
                    .requests
                    .into_iter()
                    .map(|r| CountsOf {
                        id: r.id,
                        course: course.folder.clone(),
                        counts: r.counts,
                        missing: r.to_remind,
                    })
                    .collect())
            }
        })
        .buffer_unordered(4)
        .try_collect()
        .await?;
    Ok(counts.into_iter().flatten().collect())
}

/// One request's counts, by its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CountsOf {
    pub id: String,
    /// The course folder it belongs to.
    pub course: String,
    pub counts: grid::RequestCounts,
    /// Who has nothing for it.
    pub missing: remind::Missing,
}

/// The course after an edit: its files listed again, the course files as written.
async fn edited_view(
    client: &Client,
    folder: &str,
    requests: &[CourseRequest],
    edited: &store::Edited,
    now: Timestamp,
) -> Result<CourseView, CoreError> {
    let cursor = listing::cursor(client, folder).await?;
    let files = listing::request_files(client, folder, requests, |_| {}).await?;
    Ok(view(
        folder,
        requests,
        &edited.files,
        &files,
        cursor,
        edited.merged,
        now,
    ))
}

/// Saves one change to the course and answers the course as it is now.
pub async fn edit(
    client: &Client,
    folder: &str,
    named: &[String],
    change: &CourseEdit,
    now: Timestamp,
) -> Result<CourseView, CoreError> {
    let requests = &requests(client, folder, named).await?;
    if let CourseEdit::Excuse { request, .. } | CourseEdit::Extend { request, .. } = change
        && !requests
            .iter()
            .any(|r| r.folder.eq_ignore_ascii_case(request))
    {
        return Err(CoreError::InvalidInput {
            field: "request",
            message: "Request: it is no longer part of this course. Reload the course.".into(),
        });
    }
    let roster_change = |students: &mut Vec<roster::Student>| change.roster(students);
    let touches_roster = matches!(
        change,
        CourseEdit::PutStudent { .. } | CourseEdit::RemoveStudent { .. }
    );
    let data_change = |data: &mut decisions::CourseData, students: &[roster::Student]| {
        change.data(folder, data, students)
    };
    let touches_data = !matches!(
        change,
        CourseEdit::PutStudent { key: None, .. } | CourseEdit::RemoveStudent { .. }
    );
    let edited = store::edit(
        client,
        folder,
        touches_roster.then_some(&roster_change as &store::RosterEdit<'_>),
        touches_data.then_some(&data_change as &store::DataEdit<'_>),
    )
    .await?;
    edited_view(client, folder, requests, &edited, now).await
}

/// Imports a class list into the course. With `replace`, the students on the list now who are
/// not in the file are removed (those someone else adds meanwhile stay).
pub async fn import(
    client: &Client,
    folder: &str,
    named: &[String],
    bytes: &[u8],
    columns: Option<&Columns>,
    replace: bool,
    now: Timestamp,
) -> Result<CourseView, CoreError> {
    let students = import::read(bytes, columns)?;
    let requests = &requests(client, folder, named).await?;
    let before = store::load(client, folder).await?;
    let dropped: Vec<String> = if replace {
        before
            .roster
            .value
            .iter()
            .filter(|s| !students.iter().any(|n| n.key == s.key))
            .map(|s| s.key.clone())
            .collect()
    } else {
        Vec::new()
    };
    let change = |roster: &mut Vec<roster::Student>| {
        roster.retain(|s| !dropped.contains(&s.key));
        for student in &students {
            match roster.iter_mut().find(|s| s.key == student.key) {
                Some(existing) => *existing = student.clone(),
                None => roster.push(student.clone()),
            }
        }
        Ok(())
    };
    let edited = store::edit(client, folder, Some(&change), None).await?;
    edited_view(client, folder, requests, &edited, now).await
}

/// Waits (up to Dropbox's longpoll) until something in the course folder changes; `true` if
/// it did (the course is then opened again).
pub async fn changed(client: &Client, cursor: &str) -> Result<bool, CoreError> {
    match files::list_folder_longpoll(client, cursor, 30).await {
        Ok(polled) => {
            if !polled.changes
                && let Some(secs) = polled.backoff
            {
                tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
            }
            Ok(polled.changes)
        }
        Err(Error::Route(ListFolderError::Reset)) => Ok(true),
        Err(other) => Err(other.into()),
    }
}

/// Every course: those the user named and those found from the requests.
pub async fn list(client: &Client, named: &[String]) -> Result<Vec<CourseSummary>, CoreError> {
    let all = crate::requests::list(client).await?;
    Ok(discover(&all.requests, named))
}

/// `folder` as Dropbox spells it, if it is a folder: what the user may name as a course. A
/// team member's folder whose first part is not in the team space is looked for in their own
/// folder (see [`Space::place`](crate::space::Space::place)).
pub async fn checked_folder(
    client: &Client,
    space: &crate::space::Space,
    folder: &str,
) -> Result<String, CoreError> {
    use dropbox_client::types::files::GetMetadataError;
    let invalid = |message: String| CoreError::InvalidInput {
        field: "folder",
        message,
    };
    let folder = folder.trim().trim_end_matches('/');
    if !folder.starts_with('/') {
        return Err(invalid(
            "Course folder: enter a Dropbox folder, like /Courses/CS101.".into(),
        ));
    }
    let placed = space.place(client, folder).await?;
    let folder = placed.path.as_str();
    match files::get_metadata(client, folder).await {
        Ok(Metadata::Folder(found)) => Ok(found.path_display.unwrap_or_else(|| folder.to_owned())),
        Ok(_) => Err(invalid(format!(
            "Course folder: {folder} is a file. Choose a folder."
        ))),
        Err(Error::Route(GetMetadataError::Path {
            path: LookupError::NotFound,
        })) => Err(invalid(format!(
            "Course folder: {folder} isn't in Dropbox. Create it there, or choose another folder."
        ))),
        Err(Error::Route(GetMetadataError::Path { path })) => {
            Err(crate::lookup::lookup_refused(&path))
        }
        Err(other) => Err(other.into()),
    }
}

/// The course read fresh and its gradebook export written into `into`; `on_page` hears how
/// many files are read so far. Answers the export's path.
pub async fn export_to(
    client: &Client,
    folder: &str,
    named: &[String],
    time_zone: &str,
    into: &std::path::Path,
    now: Timestamp,
    on_page: impl FnMut(usize),
) -> Result<std::path::PathBuf, CoreError> {
    let course = open(client, folder, named, now, on_page).await?;
    export::save(&course, time_zone, into, now).await
}
