//! The new/edit request form: validated here, with errors that name the field and the fix.

use dropbox_client::types::file_requests::{
    CreateFileRequestArgs, FileRequestDeadline, UpdateFileRequestArgs, UpdateFileRequestDeadline,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::deadline::{DeadlineInput, to_dropbox};
use super::view::Grace;
use crate::account::Plan;
use crate::error::CoreError;

/// Dropbox's limit on a request's title (its web form's).
const MAX_TITLE: usize = 140;

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestForm {
    pub title: String,
    /// A folder path such as `/Courses/CS101/HW4`; created when missing.
    pub destination: String,
    pub description: String,
    /// `None`: no deadline (or, when editing, clear it).
    pub deadline: Option<DeadlineInput>,
    pub grace: Grace,
}

fn invalid(field: &'static str, message: &str) -> CoreError {
    CoreError::InvalidInput {
        field,
        message: message.into(),
    }
}

/// A checked form, ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRequest {
    pub title: String,
    pub destination: String,
    pub description: Option<String>,
    pub deadline: Option<FileRequestDeadline>,
}

impl RequestForm {
    /// Checks every field; deadlines need a paid plan.
    pub fn validate(&self, plan: Plan, now: Timestamp) -> Result<ValidRequest, CoreError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(invalid("title", "Title: give the request a title."));
        }
        if title.chars().count() > MAX_TITLE {
            return Err(invalid(
                "title",
                "Title: keep it to 140 characters or fewer.",
            ));
        }
        let destination = normalize_folder(&self.destination)?;
        let deadline = match &self.deadline {
            None => None,
            Some(_) if plan == Plan::Basic => {
                return Err(invalid(
                    "deadline",
                    "Deadline: deadlines need a paid Dropbox plan (Professional or a business \
                     plan).",
                ));
            }
            Some(input) => Some(FileRequestDeadline {
                deadline: to_dropbox(input.to_utc(now)?),
                allow_late_uploads: self.grace.to_dropbox(),
            }),
        };
        let description = self.description.trim();
        Ok(ValidRequest {
            title: title.to_owned(),
            destination,
            description: (!description.is_empty()).then(|| description.to_owned()),
            deadline,
        })
    }
}

impl ValidRequest {
    pub fn create_args(&self) -> CreateFileRequestArgs {
        CreateFileRequestArgs {
            title: self.title.clone(),
            destination: self.destination.clone(),
            deadline: self.deadline.clone(),
            open: true,
            description: self.description.clone(),
        }
    }

    /// Every field replaced, the deadline set or cleared. An empty description is sent as
    /// empty, which clears it.
    pub fn update_args(&self, id: &str) -> UpdateFileRequestArgs {
        UpdateFileRequestArgs {
            id: id.to_owned(),
            title: Some(self.title.clone()),
            destination: Some(self.destination.clone()),
            deadline: UpdateFileRequestDeadline::Update(self.deadline.clone()),
            open: None,
            description: Some(self.description.clone().unwrap_or_default()),
        }
    }
}

/// `/Courses/CS101/HW4` from what was typed: leading slash added, trailing one dropped, and
/// the characters Dropbox refuses in names reported.
fn normalize_folder(typed: &str) -> Result<String, CoreError> {
    let typed = typed.trim().trim_end_matches('/');
    if typed.is_empty() {
        return Err(invalid(
            "destination",
            "Folder: choose the folder that collects the uploads, e.g. /Courses/CS101/HW4.",
        ));
    }
    let path = if typed.starts_with('/') {
        typed.to_owned()
    } else {
        format!("/{typed}")
    };
    for part in path.split('/').skip(1) {
        if part.is_empty() {
            return Err(invalid("destination", "Folder: remove the doubled \"/\"."));
        }
        if part == "." || part == ".." {
            return Err(invalid(
                "destination",
                "Folder: \".\" and \"..\" are not folder names; write the whole path.",
            ));
        }
        if part.trim() != part {
            return Err(invalid(
                "destination",
                "Folder: folder names cannot start or end with a space.",
            ));
        }
        if let Some(bad) = part
            .chars()
            .find(|c| matches!(c, '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*') || c.is_control())
        {
            return Err(CoreError::InvalidInput {
                field: "destination",
                message: format!("Folder: names cannot contain \"{}\".", bad.escape_default()),
            });
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2025-03-01T00:00:00Z".parse().unwrap()
    }

    fn form() -> RequestForm {
        RequestForm {
            title: "  Homework 4 — Trees ".into(),
            destination: "Courses/CS101/HW4/".into(),
            description: "  ".into(),
            deadline: Some(DeadlineInput {
                date: "2025-03-21".into(),
                time: "17:00".into(),
                time_zone: "Europe/Berlin".into(),
            }),
            grace: Grace::TwoDays,
        }
    }

    #[test]
    fn a_good_form_is_trimmed_and_converted() {
        let valid = form().validate(Plan::Pro, now()).unwrap();
        assert_eq!(valid.title, "Homework 4 — Trees");
        assert_eq!(valid.destination, "/Courses/CS101/HW4");
        assert_eq!(valid.description, None);
        let deadline = valid.deadline.unwrap();
        assert_eq!(deadline.deadline, "2025-03-21T16:00:00Z");
        assert_eq!(
            deadline.allow_late_uploads,
            Some(dropbox_client::types::file_requests::GracePeriod::TwoDays)
        );
    }

    #[test]
    fn each_bad_field_is_named_with_its_fix() {
        type Case = (fn(&mut RequestForm), &'static str, &'static str);
        let cases: [Case; 6] = [
            (
                |f| f.title = " ".into(),
                "title",
                "give the request a title",
            ),
            (|f| f.title = "x".repeat(141), "title", "140 characters"),
            (
                |f| f.destination = "".into(),
                "destination",
                "choose the folder",
            ),
            (|f| f.destination = "/a//b".into(), "destination", "doubled"),
            (|f| f.destination = "/a/b:c".into(), "destination", "\":\""),
            (
                |f| f.destination = "/a/../b".into(),
                "destination",
                "whole path",
            ),
        ];
        for (change, field, says) in cases {
            let mut bad = form();
            change(&mut bad);
            let err = bad.validate(Plan::Pro, now()).unwrap_err();
            assert_eq!(err.field(), Some(field), "{err}");
            assert!(err.to_string().contains(says), "{err}");
        }
    }

    #[test]
    fn a_basic_account_may_not_set_a_deadline_but_may_create_without_one() {
        let err = form().validate(Plan::Basic, now()).unwrap_err();
        assert_eq!(err.field(), Some("deadline"));
        assert!(err.to_string().contains("paid Dropbox plan"), "{err}");
        let mut no_deadline = form();
        no_deadline.deadline = None;
        assert!(no_deadline.validate(Plan::Basic, now()).is_ok());
    }

    #[test]
    fn editing_sends_every_field_and_clears_a_removed_deadline() {
        let mut edited = form();
        edited.deadline = None;
        let args = edited
            .validate(Plan::Pro, now())
            .unwrap()
            .update_args("abc");
        let json = serde_json::to_value(&args).unwrap();
        assert_eq!(json["deadline"], serde_json::json!({ ".tag": "update" }));
        assert_eq!(json["description"], "");
        assert_eq!(json["title"], "Homework 4 — Trees");
    }
}
