//! The files in a course's request folders, one folder per call with several calls at once,
//! and the cursor that sees every later change in the course folder.

use dropbox_client::routes::files;
use dropbox_client::types::files::{ListFolderArg, ListFolderError, LookupError, Metadata};
use dropbox_client::{Client, Error};
use futures_util::StreamExt;

use super::grid::{CourseFile, CourseRequest, relative_key};
use crate::error::CoreError;
use crate::requests::deadline::from_dropbox;

/// Request folders read at once: a term's requests in one wave.
const AT_ONCE: usize = 20;

fn refused(folder: &str, error: Error<ListFolderError>) -> CoreError {
    match error {
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFound,
        }) => CoreError::Dropbox(format!(
            "The course folder {folder} isn't in Dropbox. Create it, or choose another folder."
        )),
        Error::Route(ListFolderError::Path { path }) => crate::lookup::lookup_refused(&path),
        other => other.into(),
    }
}

/// A cursor for everything under the course folder, from now on. Taken before the folders
/// are read, so a change made while they are read is seen by it, never missed.
pub(super) async fn cursor(client: &Client, folder: &str) -> Result<String, CoreError> {
    let mut arg = ListFolderArg::new(folder.to_owned());
    arg.recursive = true;
    files::list_folder_get_latest_cursor(client, &arg)
        .await
        .map_err(|e| refused(folder, e))
}

/// The request folders inside the course, each once: a folder inside another is read with it.
fn folders_to_read(course: &str, requests: &[CourseRequest]) -> Vec<String> {
    let mut folders: Vec<(String, &str)> = requests
        .iter()
        .filter_map(|r| relative_key(course, &r.folder).map(|key| (key, r.folder.as_str())))
        .collect();
    folders.sort();
    let mut kept: Vec<(String, &str)> = Vec::new();
    for (key, folder) in folders {
        let inside_kept = kept.last().is_some_and(|(outer, _)| {
            key == *outer || key.starts_with(outer.as_str()) && key[outer.len()..].starts_with('/')
        });
        if !inside_kept {
            kept.push((key, folder));
        }
    }
    kept.into_iter().map(|(_, f)| f.to_owned()).collect()
}

/// Every file under one request folder (none when the folder is not there yet).
async fn files_in(client: &Client, folder: String) -> Result<Vec<CourseFile>, CoreError> {
    let mut arg = ListFolderArg::new(folder.clone());
    arg.recursive = true;
    let mut page = match files::list_folder(client, &arg).await {
        Ok(page) => page,
        Err(Error::Route(ListFolderError::Path {
            path: LookupError::NotFound | LookupError::NotFolder,
        })) => return Ok(Vec::new()),
        Err(Error::Route(ListFolderError::Path { path })) => {
            return Err(crate::lookup::lookup_refused(&path));
        }
        Err(other) => return Err(other.into()),
    };
    let mut found = Vec::new();
    loop {
        for entry in &page.entries {
            if let Metadata::File(file) = entry
                && let Some(uploaded) = from_dropbox(&file.server_modified)
            {
                found.push(CourseFile {
                    path: file
                        .path_display
                        .clone()
                        .unwrap_or_else(|| format!("{folder}/{}", file.name)),
                    name: file.name.clone(),
                    uploaded,
                    size: file.size,
                });
            }
        }
        if !page.has_more {
            return Ok(found);
        }
        page = files::list_folder_continue(client, &page.cursor).await?;
    }
}

/// The files in the course's request folders; `on_files` hears how many are read so far.
pub(super) async fn request_files(
    client: &Client,
    course: &str,
    requests: &[CourseRequest],
    mut on_files: impl FnMut(usize),
) -> Result<Vec<CourseFile>, CoreError> {
    let mut read = futures_util::stream::iter(folders_to_read(course, requests))
        .map(|folder| files_in(client, folder))
        .buffer_unordered(AT_ONCE);
    let mut found = Vec::new();
    while let Some(files) = read.next().await {
        found.extend(files?);
        on_files(found.len());
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::Grace;

    fn request(folder: &str) -> CourseRequest {
        CourseRequest {
            id: folder.into(),
            title: folder.into(),
            url: String::new(),
            folder: folder.into(),
            deadline: None,
            grace: Grace::None,
            is_open: true,
        }
    }

    #[test]
    fn each_request_folder_is_read_once_and_one_inside_another_with_it() {
        let requests = [
            request("/Courses/CS101/HW 1"),
            request("/Courses/CS101/hw 1/Late"),
            request("/Courses/CS101/HW 10"),
            request("/Courses/CS101/HW 1"),
            request("/Courses/CS240/HW 1"),
            request("/Courses/CS101"),
        ];
        assert_eq!(
            folders_to_read("/Courses/CS101", &requests),
            ["/Courses/CS101/HW 1", "/Courses/CS101/HW 10"]
        );
    }
}
