//! `.dropdesk-course.json`, kept in the course folder: which file is whose when the user said
//! so, who is excused from what, and who has a later deadline. Requests and files are named
//! by their paths inside the course (folded), so the file means the same to every account
//! that sees the folder.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::requests::deadline::{from_dropbox, to_dropbox};

/// The format this code writes; a newer one is read for what it understands.
const FORMAT: u32 = 1;

/// What the user decided about one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// It is this student's (their key).
    Student(String),
    /// It is no one's submission (instructions, a TA's upload).
    NotASubmission,
}

/// The course file's contents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CourseData {
    #[serde(default)]
    format: u32,
    /// File path inside the course (folded) → a student's key, or `null`: not a submission.
    #[serde(default)]
    assignments: BTreeMap<String, Option<String>>,
    /// Request folder inside the course (folded) → students' keys.
    #[serde(default)]
    excused: BTreeMap<String, Vec<String>>,
    /// Request folder inside the course (folded) → student's key → personal deadline (UTC).
    #[serde(default)]
    extensions: BTreeMap<String, BTreeMap<String, String>>,
    /// Whatever a newer Dropdesk wrote, kept as it was.
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

impl CourseData {
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        serde_json::from_slice(text)
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut data = self.clone();
        data.format = data.format.max(FORMAT);
        let mut bytes = serde_json::to_vec_pretty(&data).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    pub fn decision(&self, file: &str) -> Option<Decision> {
        self.assignments.get(&file.to_lowercase()).map(|d| match d {
            Some(key) => Decision::Student(key.clone()),
            None => Decision::NotASubmission,
        })
    }

    /// Records a decision; `None` forgets it (matching decides again).
    pub fn decide(&mut self, file: &str, decision: Option<Decision>) {
        let file = file.to_lowercase();
        match decision {
            Some(Decision::Student(key)) => self.assignments.insert(file, Some(key)),
            Some(Decision::NotASubmission) => self.assignments.insert(file, None),
            None => self.assignments.remove(&file),
        };
    }

    pub fn is_excused(&self, request: &str, student: &str) -> bool {
        self.excused
            .get(&request.to_lowercase())
            .is_some_and(|keys| keys.iter().any(|k| k == student))
    }

    pub fn excuse(&mut self, request: &str, student: &str, excused: bool) {
        let keys = self.excused.entry(request.to_lowercase()).or_default();
        keys.retain(|k| k != student);
        if excused {
            keys.push(student.to_owned());
            keys.sort();
        }
        self.excused.retain(|_, keys| !keys.is_empty());
    }

    pub fn extension(&self, request: &str, student: &str) -> Option<Timestamp> {
        self.extensions
            .get(&request.to_lowercase())
            .and_then(|by| by.get(student))
            .and_then(|at| from_dropbox(at))
    }

    pub fn extend(&mut self, request: &str, student: &str, until: Option<Timestamp>) {
        let by = self.extensions.entry(request.to_lowercase()).or_default();
        match until {
            Some(at) => by.insert(student.to_owned(), to_dropbox(at)),
            None => by.remove(student),
        };
        self.extensions.retain(|_, by| !by.is_empty());
    }

    /// A student's key changed (an e-mail or ID was added): their decisions follow.
    pub fn rekey(&mut self, from: &str, to: &str) {
        for key in self.assignments.values_mut().flatten() {
            if key == from {
                *key = to.to_owned();
            }
        }
        for keys in self.excused.values_mut() {
            for key in keys.iter_mut() {
                if key == from {
                    *key = to.to_owned();
                }
            }
        }
        for by in self.extensions.values_mut() {
            if let Some(at) = by.remove(from) {
                by.insert(to.to_owned(), at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_round_trip_and_keep_what_a_newer_version_wrote() {
        let json = br#"{"format": 2, "assignments": {"homework 3/chen_hw3.pdf": "id:7"}, "rubrics": [1, 2]}"#;
        let mut data = CourseData::from_json(json).unwrap();
        assert_eq!(
            data.decision("Homework 3/CHEN_hw3.pdf"),
            Some(Decision::Student("id:7".into()))
        );
        data.decide("Homework 3/final.pdf", Some(Decision::NotASubmission));
        data.excuse("Homework 3", "id:8", true);
        data.extend(
            "Homework 3",
            "id:9",
            Some("2026-12-05T17:00:00Z".parse().unwrap()),
        );
        let again = CourseData::from_json(&data.to_json()).unwrap();
        assert_eq!(again, data);
        assert!(
            String::from_utf8(data.to_json())
                .unwrap()
                .contains("\"rubrics\"")
        );
        assert_eq!(
            again.decision("homework 3/final.pdf"),
            Some(Decision::NotASubmission)
        );
        assert!(again.is_excused("homework 3", "id:8"));
        assert_eq!(
            again
                .extension("HOMEWORK 3", "id:9")
                .map(to_dropbox)
                .as_deref(),
            Some("2026-12-05T17:00:00Z")
        );
        let mut data = again;
        data.rekey("id:9", "id:10");
        assert!(data.extension("homework 3", "id:10").is_some());
        data.excuse("Homework 3", "id:8", false);
        assert!(!data.is_excused("homework 3", "id:8"));
    }
}
