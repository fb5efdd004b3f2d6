//! The course at a glance: every student against every request, each cell on time, late (how
//! late, inside the grace period or past it), missing, not due yet or excused; with the files
//! nobody could be matched to.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;

use super::decisions::{CourseData, Decision};
use super::matching::{Confidence, Match, Matcher};
use super::roster::Student;
use crate::requests::deadline::to_dropbox;
use crate::requests::view::Grace;

/// A request of the course, as the grid needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseRequest {
    pub id: String,
    pub title: String,
    /// Where students upload.
    pub url: String,
    /// Its destination, as Dropbox spells it.
    pub folder: String,
    pub deadline: Option<Timestamp>,
    pub grace: Grace,
    pub is_open: bool,
}

/// A file in one of the course's request folders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseFile {
    pub path: String,
    pub name: String,
    pub uploaded: Timestamp,
    pub size: u64,
}

/// A file, as a cell or the unmatched list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FileRef {
    pub name: String,
    pub path: String,
    /// UTC.
    pub uploaded: String,
    #[ts(type = "number")]
    pub size: u64,
    /// How it was found to be this student's: `None` when the user assigned it.
    pub confidence: Option<Confidence>,
}

/// What a cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CellState {
    OnTime,
    /// After the deadline, while late uploads were still accepted.
    Late,
    /// After the deadline and the grace period (put there by someone, not the upload page).
    PastGrace,
    /// Nothing, and the deadline has passed.
    Missing,
    /// Nothing yet, and the deadline has not passed (or there is none).
    NotDue,
    Excused,
}

/// One student's standing on one request. A 500 × 20 course has 10,000 of them, so what a cell
/// does not have is left out of its JSON (the field is absent rather than `null` or empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Cell {
    /// `Excused` when the student is marked excused (their file, if any, is still shown).
    pub state: CellState,
    /// The file that counts: the latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileRef>,
    /// Earlier uploads, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<FileRef>,
    /// Minutes after the (personal) deadline the file came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_late: Option<u32>,
    /// A personal deadline (UTC), when the student has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_to: Option<String>,
}

/// A student's totals across the course.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StudentTotals {
    /// Requests with a file (late ones included).
    pub submitted: u32,
    pub late: u32,
    pub missing: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GridRow {
    pub student: Student,
    /// One per request, in the order of `CourseGrid::requests`.
    pub cells: Vec<Cell>,
    pub totals: StudentTotals,
}

/// A request's totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestCounts {
    /// Students with a file (late ones included).
    pub submitted: u32,
    /// Of those, after the deadline.
    pub late: u32,
    /// Of those, after the grace period too.
    pub past_grace: u32,
    /// Students with nothing after the deadline.
    pub missing: u32,
    /// Students with nothing yet, before the deadline.
    pub not_in_yet: u32,
    pub excused: u32,
    /// Files matched to nobody, or to more than one student.
    pub unmatched: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GridRequest {
    pub id: String,
    pub title: String,
    /// Where students upload.
    pub url: String,
    pub folder: String,
    /// UTC.
    pub deadline: Option<String>,
    pub grace: Grace,
    pub is_open: bool,
    pub counts: RequestCounts,
    /// Who a reminder goes to: the students with nothing (excused ones left out).
    pub to_remind: super::remind::Missing,
}

/// A file the user has to assign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnmatchedFile {
    /// Index into `CourseGrid::requests`.
    pub request: u32,
    pub file: FileRef,
    /// Keys of the students it fits equally well (empty: nobody).
    pub candidates: Vec<String>,
}

/// The whole course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CourseGrid {
    pub requests: Vec<GridRequest>,
    /// Sorted by family name.
    pub rows: Vec<GridRow>,
    pub unmatched: Vec<UnmatchedFile>,
}

/// The folder part of a request's path, relative to the course, folded for comparison.
pub(crate) fn relative_key(course: &str, path: &str) -> Option<String> {
    let course = course.trim_end_matches('/').to_lowercase();
    let path = path.to_lowercase();
    let rest = path.strip_prefix(&course)?.strip_prefix('/')?;
    (!rest.is_empty()).then(|| rest.to_owned())
}

fn file_ref(file: &CourseFile, confidence: Option<Confidence>) -> FileRef {
    FileRef {
        name: file.name.clone(),
        path: file.path.clone(),
        uploaded: to_dropbox(file.uploaded),
        size: file.size,
        confidence,
    }
}

fn minutes_after(at: Timestamp, due: Timestamp) -> u32 {
    let secs = (at.as_second() - due.as_second()).max(0);
    u32::try_from((secs + 59) / 60).unwrap_or(u32::MAX)
}

/// (request, student) → their files, with how each was found (`None`: assigned by the user).
type FilesOf<'a> = HashMap<(usize, usize), Vec<(&'a CourseFile, Option<Confidence>)>>;

/// The grid of `roster` × `requests`, from the files in the requests' folders and the
/// course's decisions, as of `now`.
pub fn build(
    course: &str,
    roster: &[Student],
    requests: &[CourseRequest],
    files: &[CourseFile],
    data: &CourseData,
    now: Timestamp,
) -> CourseGrid {
    let matcher = Matcher::new(roster);
    let by_key: HashMap<&str, usize> = roster
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    // Request folders relative to the course, longest first (a folder inside another wins).
    let mut folders: Vec<(String, usize)> = requests
        .iter()
        .enumerate()
        .filter_map(|(i, r)| relative_key(course, &r.folder).map(|k| (k, i)))
        .collect();
    folders.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    // (request, student) → files with how they were found.
    let mut found: FilesOf<'_> = HashMap::new();
    let mut unmatched = Vec::new();
    for file in files {
        let Some(rel) = relative_key(course, &file.path) else {
            continue;
        };
        let Some(&(_, request)) = folders.iter().find(|(k, _)| {
            rel.starts_with(k.as_str()) && rel.as_bytes().get(k.len()) == Some(&b'/')
        }) else {
            continue;
        };
        let student = match data.decision(&rel) {
            Some(Decision::NotASubmission) => continue,
            Some(Decision::Student(key)) => match by_key.get(key.as_str()) {
                Some(&i) => Ok((i, None)),
                // Assigned to someone no longer on the list.
                None => Err(Vec::new()),
            },
            None => match matcher.find(&file.name) {
                Match::Student { index, confidence } => Ok((index, Some(confidence))),
                Match::Ambiguous(candidates) => Err(candidates),
                Match::Nobody => Err(Vec::new()),
            },
        };
        match student {
            Ok((i, confidence)) => found
                .entry((request, i))
                .or_default()
                .push((file, confidence)),
            Err(candidates) => unmatched.push(UnmatchedFile {
                request: request as u32,
                file: file_ref(file, None),
                candidates: candidates.iter().map(|&i| roster[i].key.clone()).collect(),
            }),
        }
    }
    let request_keys: Vec<String> = requests
        .iter()
        .map(|r| relative_key(course, &r.folder).unwrap_or_default())
        .collect();
    let mut counts = vec![RequestCounts::default(); requests.len()];
    for u in &unmatched {
        counts[u.request as usize].unmatched += 1;
    }
    let mut order: Vec<usize> = (0..roster.len()).collect();
    order.sort_by_cached_key(|&i| {
        (
            super::names::fold(&roster[i].sort_name()),
            roster[i].key.clone(),
        )
    });
    let rows = order
        .into_iter()
        .map(|s| {
            let student = &roster[s];
            let mut totals = StudentTotals::default();
            let cells = requests
                .iter()
                .enumerate()
                .map(|(r, request)| {
                    let folder = &request_keys[r];
                    let extended = data.extension(folder, &student.key);
                    let excused = data.is_excused(folder, &student.key);
                    let due = extended.or(request.deadline);
                    let mut mine = found.remove(&(r, s)).unwrap_or_default();
                    mine.sort_by(|a, b| {
                        b.0.uploaded
                            .cmp(&a.0.uploaded)
                            .then(a.0.name.cmp(&b.0.name))
                    });
                    let latest = mine.first();
                    let minutes_late = match (latest, due) {
                        (Some((f, _)), Some(due)) if f.uploaded > due => {
                            Some(minutes_after(f.uploaded, due))
                        }
                        _ => None,
                    };
                    let state = match (latest, due) {
                        _ if excused => CellState::Excused,
                        (Some(_), _) if minutes_late.is_none() => CellState::OnTime,
                        (Some((f, _)), Some(due)) => match request.grace.duration() {
                            Some(grace)
                                if due.checked_add(grace).is_ok_and(|end| f.uploaded > end) =>
                            {
                                CellState::PastGrace
                            }
                            _ => CellState::Late,
                        },
                        (Some(_), None) => CellState::OnTime,
                        (None, Some(due)) if now > due => CellState::Missing,
                        (None, _) => CellState::NotDue,
                    };
                    let c = &mut counts[r];
                    match state {
                        CellState::Excused => c.excused += 1,
                        CellState::Missing => c.missing += 1,
                        CellState::NotDue => c.not_in_yet += 1,
                        CellState::OnTime | CellState::Late | CellState::PastGrace => {
                            c.submitted += 1
                        }
                    }
                    if matches!(state, CellState::Late | CellState::PastGrace) {
                        c.late += 1;
                        totals.late += 1;
                    }
                    if state == CellState::PastGrace {
                        c.past_grace += 1;
                    }
                    if matches!(
                        state,
                        CellState::OnTime | CellState::Late | CellState::PastGrace
                    ) {
                        totals.submitted += 1;
                    }
                    if state == CellState::Missing {
                        totals.missing += 1;
                    }
                    Cell {
                        state,
                        file: latest.map(|(f, c)| file_ref(f, *c)),
                        earlier: mine.iter().skip(1).map(|(f, c)| file_ref(f, *c)).collect(),
                        minutes_late,
                        extended_to: extended.map(to_dropbox),
                    }
                })
                .collect();
            GridRow {
                student: student.clone(),
                cells,
                totals,
            }
        })
        .collect();
    unmatched.sort_by(|a, b| {
        a.request
            .cmp(&b.request)
            .then(a.file.name.cmp(&b.file.name))
    });
    let mut grid = CourseGrid {
        requests: requests
            .iter()
            .zip(counts)
            .map(|(r, counts)| GridRequest {
                id: r.id.clone(),
                title: r.title.clone(),
                url: r.url.clone(),
                folder: r.folder.clone(),
                deadline: r.deadline.map(to_dropbox),
                grace: r.grace,
                is_open: r.is_open,
                counts,
                to_remind: super::remind::Missing::default(),
            })
            .collect(),
        rows,
        unmatched,
    };
    for i in 0..grid.requests.len() {
        grid.requests[i].to_remind = super::remind::missing(&grid, i);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_sends_only_what_it_has() {
        let missing = Cell {
            state: CellState::Missing,
            file: None,
            earlier: Vec::new(),
            minutes_late: None,
            extended_to: None,
        };
        assert_eq!(
            serde_json::to_value(&missing).unwrap(),
            serde_json::json!({ "state": "missing" })
        );
        let file = FileRef {
            name: "hopper_hw3.pdf".into(),
            path: "/Courses/CS101/HW 3/hopper_hw3.pdf".into(),
            uploaded: "2026-03-13T18:00:00Z".into(),
            size: 5,
            confidence: None,
        };
        let late = Cell {
            state: CellState::Late,
            file: Some(file.clone()),
            earlier: vec![file],
            minutes_late: Some(60),
            extended_to: Some("2026-03-13T17:00:00Z".into()),
        };
        let sent = serde_json::to_value(&late).unwrap();
        assert_eq!(sent["minutesLate"], 60);
        assert_eq!(sent["earlier"].as_array().map(Vec::len), Some(1));
        assert_eq!(sent["file"]["confidence"], serde_json::Value::Null);
        assert_eq!(sent["extendedTo"], "2026-03-13T17:00:00Z");
    }
}
