//! The changes a user makes to a course, each applied to the newest version of the course's
//! files (so two people's changes never overwrite each other).

use jiff::Timestamp;
use serde::Deserialize;
use ts_rs::TS;

use super::decisions::{CourseData, Decision};
use super::roster::Student;
use crate::error::CoreError;

/// A student as typed in the roster editor.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StudentInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub student_id: String,
    pub section: String,
}

/// One change to a course.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CourseEdit {
    /// Adds a student, or (with `key`) changes the one with that key.
    PutStudent {
        key: Option<String>,
        student: StudentInput,
    },
    RemoveStudent {
        key: String,
    },
    /// `file` (its Dropbox path) is `student`'s; `None`: it is nobody's submission.
    Assign {
        file: String,
        student: Option<String>,
    },
    /// Forgets the decision about `file`: matching decides again.
    Unassign {
        file: String,
    },
    /// `request` is the request's folder (its Dropbox path).
    Excuse {
        request: String,
        student: String,
        excused: bool,
    },
    /// A personal deadline (UTC); `None` takes it back.
    Extend {
        request: String,
        student: String,
        until: Option<String>,
    },
}

fn invalid(field: &'static str, message: String) -> CoreError {
    CoreError::InvalidInput { field, message }
}

/// The student a form describes, checked against the others on the list.
pub(crate) fn checked_student(
    input: &StudentInput,
    key: Option<&str>,
    roster: &[Student],
) -> Result<Student, CoreError> {
    if input.first_name.trim().is_empty() && input.last_name.trim().is_empty() {
        return Err(invalid(
            "lastName",
            "Last name: enter the student's name.".into(),
        ));
    }
    let email = input.email.trim();
    if !email.is_empty() && !super::import::is_email(email) {
        return Err(invalid(
            "email",
            format!("E-mail: \"{email}\" is not an e-mail address, like grace@example.edu."),
        ));
    }
    let student = Student::new(
        &input.first_name,
        &input.last_name,
        Some(email),
        Some(&input.student_id),
        Some(&input.section),
    );
    let others = roster.iter().filter(|s| Some(s.key.as_str()) != key);
    for other in others {
        if student.email.is_some()
            && other.email.as_deref().map(str::to_lowercase)
                == student.email.as_deref().map(str::to_lowercase)
        {
            return Err(invalid(
                "email",
                format!("E-mail: {} already has this address.", other.full_name()),
            ));
        }
        if student.student_id.is_some()
            && other.student_id.as_deref().map(super::names::compact)
                == student.student_id.as_deref().map(super::names::compact)
        {
            return Err(invalid(
                "studentId",
                format!("Student ID: {} already has this ID.", other.full_name()),
            ));
        }
        if other.key == student.key {
            return Err(invalid(
                "lastName",
                format!(
                    "Last name: {} is already on the list. Add an e-mail or student ID to tell them apart.",
                    other.full_name()
                ),
            ));
        }
    }
    Ok(student)
}

fn parse_until(until: &str) -> Result<Timestamp, CoreError> {
    until
        .parse()
        .map_err(|_| invalid("until", "New deadline: choose a date and time.".into()))
}

impl CourseEdit {
    /// The change to the roster, if this edit makes one.
    pub(crate) fn roster(&self, roster: &mut Vec<Student>) -> Result<(), CoreError> {
        match self {
            CourseEdit::PutStudent { key, student } => {
                let student = checked_student(student, key.as_deref(), roster)?;
                match key
                    .as_deref()
                    .and_then(|k| roster.iter().position(|s| s.key == k))
                {
                    Some(at) => roster[at] = student,
                    // A new student, or one someone else removed meanwhile: kept, not lost.
                    None => roster.push(student),
                }
            }
            CourseEdit::RemoveStudent { key } => roster.retain(|s| &s.key != key),
            _ => {}
        }
        Ok(())
    }

    /// The change to the course file, if this edit makes one. `course` is the course folder.
    pub(crate) fn data(
        &self,
        course: &str,
        data: &mut CourseData,
        roster: &[Student],
    ) -> Result<(), CoreError> {
        let inside = |path: &str, field: &'static str| {
            super::grid::relative_key(course, path).ok_or_else(|| {
                invalid(
                    field,
                    format!("{path} is not in the course folder {course}."),
                )
            })
        };
        match self {
            CourseEdit::PutStudent {
                key: Some(old),
                student,
            } => {
                let new = Student::new(
                    &student.first_name,
                    &student.last_name,
                    Some(&student.email),
                    Some(&student.student_id),
                    Some(&student.section),
                )
                .key;
                if &new != old {
                    data.rekey(old, &new);
                }
            }
            CourseEdit::PutStudent { key: None, .. } | CourseEdit::RemoveStudent { .. } => {}
            CourseEdit::Assign { file, student } => {
                let file = inside(file, "file")?;
                let decision =
                    match student {
                        Some(key) if roster.iter().any(|s| &s.key == key) => {
                            Decision::Student(key.clone())
                        }
                        Some(_) => return Err(invalid(
                            "student",
                            "Student: that student is no longer on the class list. Choose another."
                                .into(),
                        )),
                        None => Decision::NotASubmission,
                    };
                data.decide(&file, Some(decision));
            }
            CourseEdit::Unassign { file } => data.decide(&inside(file, "file")?, None),
            CourseEdit::Excuse {
                request,
                student,
                excused,
            } => data.excuse(&inside(request, "request")?, student, *excused),
            CourseEdit::Extend {
                request,
                student,
                until,
            } => {
                let until = until.as_deref().map(parse_until).transpose()?;
                data.extend(&inside(request, "request")?, student, until);
            }
        }
        Ok(())
    }
}
