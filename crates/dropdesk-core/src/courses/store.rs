//! The course's two files in its Dropbox folder, `Roster.csv` and `.dropdesk-course.json`,
//! read with their revisions and written only over the revision read (`files/upload`, mode
//! `update`). When someone else wrote in between, their version is read again and the edit
//! applied to it: both changes are kept, and the outcome says so.

use dropbox_client::routes::files;
use dropbox_client::types::files::{
    DownloadArg, DownloadError, LookupError, UploadArg, UploadError, WriteConflictError,
    WriteError, WriteMode,
};
use dropbox_client::{Client, Error};

use super::decisions::CourseData;
use super::import;
use super::roster::{self, Student};
use crate::error::{CoreError, may_have_acted};

pub const ROSTER_FILE: &str = "Roster.csv";
pub const COURSE_FILE: &str = ".dropdesk-course.json";

/// Writes tried before giving up when others keep writing in between.
const ATTEMPTS: usize = 5;

/// A file's contents and the revision they were read at (`None`: there is no such file).
#[derive(Clone, Debug, PartialEq)]
pub struct Stored<T> {
    pub value: T,
    pub rev: Option<String>,
}

/// The course as its folder holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseFiles {
    pub roster: Stored<Vec<Student>>,
    /// Why `Roster.csv` could not be read (someone saved it broken); the roster is then
    /// empty, and only an import replaces it.
    pub roster_problem: Option<String>,
    pub data: Stored<CourseData>,
}

fn file_path(course: &str, name: &str) -> String {
    format!("{}/{name}", course.trim_end_matches('/'))
}

/// The bytes and revision of a file; `None` when it does not exist.
async fn read(client: &Client, path: &str) -> Result<Option<(Vec<u8>, String)>, CoreError> {
    match files::download(
        client,
        &DownloadArg {
            path: path.to_owned(),
        },
    )
    .await
    {
        Ok((meta, bytes)) => Ok(Some((bytes, meta.rev))),
        Err(Error::Route(DownloadError::Path {
            path: LookupError::NotFound,
        })) => Ok(None),
        Err(Error::Route(DownloadError::Path {
            path: LookupError::NotFile,
        })) => Err(CoreError::Dropbox(format!(
            "{path} is a folder, so Dropdesk can't keep the course there. Rename that folder."
        ))),
        Err(Error::Route(DownloadError::Path { path: lookup })) => {
            Err(crate::lookup::lookup_refused(&lookup))
        }
        Err(other) => Err(other.into()),
    }
}

async fn read_roster(
    client: &Client,
    course: &str,
) -> Result<(Stored<Vec<Student>>, Option<String>), CoreError> {
    let Some((bytes, rev)) = read(client, &file_path(course, ROSTER_FILE)).await? else {
        return Ok((
            Stored {
                value: Vec::new(),
                rev: None,
            },
            None,
        ));
    };
    match import::read(&bytes, None) {
        Ok(students) => Ok((
            Stored {
                value: students,
                rev: Some(rev),
            },
            None,
        )),
        Err(problem) => Ok((
            Stored {
                value: Vec::new(),
                rev: Some(rev),
            },
            Some(format!(
                "{ROSTER_FILE} in the course folder can't be read: {problem} Fix it there, or import the class list again."
            )),
        )),
    }
}

async fn read_data(client: &Client, course: &str) -> Result<Stored<CourseData>, CoreError> {
    let Some((bytes, rev)) = read(client, &file_path(course, COURSE_FILE)).await? else {
        return Ok(Stored {
            value: CourseData::default(),
            rev: None,
        });
    };
    let value = CourseData::from_json(&bytes).map_err(|e| {
        tracing::warn!(error = %e, "unreadable course file");
        CoreError::Dropbox(format!(
            "{COURSE_FILE} in the course folder is damaged, so Dropdesk won't write over it. \
             Restore an earlier version of it on dropbox.com (its version history), or delete it \
             to start the course's decisions afresh."
        ))
    })?;
    Ok(Stored {
        value,
        rev: Some(rev),
    })
}

/// Both files of the course folder.
pub async fn load(client: &Client, course: &str) -> Result<CourseFiles, CoreError> {
    let (roster, data) = tokio::join!(read_roster(client, course), read_data(client, course));
    let (roster, roster_problem) = roster?;
    Ok(CourseFiles {
        roster,
        roster_problem,
        data: data?,
    })
}

/// What a write found.
enum Written {
    /// Written; the file's new revision.
    Done(String),
    /// Someone else wrote first: read again and retry.
    Conflict,
}

async fn write(
    client: &Client,
    path: &str,
    rev: Option<&str>,
    bytes: Vec<u8>,
) -> Result<Written, CoreError> {
    let mut arg = UploadArg::new(path.to_owned());
    arg.mode = match rev {
        Some(rev) => WriteMode::Update {
            update: rev.to_owned(),
        },
        None => WriteMode::Add,
    };
    arg.mute = true;
    match files::upload(client, &arg, bytes.clone()).await {
        Ok(written) => Ok(Written::Done(written.rev)),
        Err(Error::Route(UploadError::Path {
            reason:
                WriteError::Conflict {
                    conflict: WriteConflictError::File,
                },
            ..
        })) => Ok(Written::Conflict),
        Err(Error::Route(UploadError::Path {
            reason: WriteError::Conflict { .. },
            ..
        })) => Err(CoreError::Dropbox(format!(
            "{path} can't be written: a folder of that name is in the way. Rename it."
        ))),
        Err(Error::Route(UploadError::Path {
            reason: WriteError::NoWritePermission,
            ..
        })) => Err(CoreError::Dropbox(
            "You can see this course folder but not change it. Ask its owner for edit access."
                .into(),
        )),
        Err(Error::Route(UploadError::Path {
            reason: WriteError::InsufficientSpace,
            ..
        })) => Err(CoreError::Dropbox(
            "Your Dropbox is full, so the course can't be saved. Make room, then try again.".into(),
        )),
        Err(error) if may_have_acted(&error) => {
            // The answer was lost: if our bytes are there, it was written.
            tracing::warn!("course write unanswered; checking what Dropbox holds");
            match read(client, path).await {
                Ok(Some((there, rev))) if there == bytes => Ok(Written::Done(rev)),
                Ok(_) => Ok(Written::Conflict),
                Err(_) => Err(error.into()),
            }
        }
        Err(other) => Err(other.into()),
    }
}

/// The students the roster holds after an edit, or the field error that refuses it.
pub type RosterEdit<'a> = dyn Fn(&mut Vec<Student>) -> Result<(), CoreError> + Send + Sync + 'a;
pub type DataEdit<'a> =
    dyn Fn(&mut CourseData, &[Student]) -> Result<(), CoreError> + Send + Sync + 'a;

/// How an edit ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Edited {
    pub files: CourseFiles,
    /// Someone else changed the course meanwhile; their change and this one are both in.
    pub merged: bool,
}

/// Applies `roster_edit` to `Roster.csv` and then `data_edit` to the course file, each on the
/// newest version and written over that version only.
pub async fn edit(
    client: &Client,
    course: &str,
    roster_edit: Option<&RosterEdit<'_>>,
    data_edit: Option<&DataEdit<'_>>,
) -> Result<Edited, CoreError> {
    let mut merged = false;
    let mut files = load(client, course).await?;
    if let Some(change) = roster_edit {
        let path = file_path(course, ROSTER_FILE);
        for attempt in 0..=ATTEMPTS {
            if attempt == ATTEMPTS {
                return Err(busy());
            }
            if attempt > 0 {
                merged = true;
                (files.roster, files.roster_problem) = read_roster(client, course).await?;
            }
            let mut students = files.roster.value.clone();
            change(&mut students)?;
            let bytes = roster::to_csv(&students);
            match write(client, &path, files.roster.rev.as_deref(), bytes).await? {
                Written::Done(rev) => {
                    files.roster = Stored {
                        value: students,
                        rev: Some(rev),
                    };
                    files.roster_problem = None;
                    break;
                }
                Written::Conflict => continue,
            }
        }
    }
    if let Some(change) = data_edit {
        let path = file_path(course, COURSE_FILE);
        for attempt in 0..=ATTEMPTS {
            if attempt == ATTEMPTS {
                return Err(busy());
            }
            if attempt > 0 {
                merged = true;
                files.data = read_data(client, course).await?;
            }
            let mut data = files.data.value.clone();
            change(&mut data, &files.roster.value)?;
            if data == files.data.value {
                break;
            }
            match write(client, &path, files.data.rev.as_deref(), data.to_json()).await? {
                Written::Done(rev) => {
                    files.data = Stored {
                        value: data,
                        rev: Some(rev),
                    };
                    break;
                }
                Written::Conflict => continue,
            }
        }
    }
    Ok(Edited { files, merged })
}

fn busy() -> CoreError {
    CoreError::Dropbox(
        "Others keep changing this course at the same moment, so your change wasn't saved. Try again in a minute.".into(),
    )
}
