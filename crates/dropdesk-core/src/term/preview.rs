//! The preview before a term's requests are made: each row checked as the single request
//! dialog checks it, plus what only a plan can get wrong: a request that exists already for
//! the row's folder (skipped), two rows with one folder, and the account's room under
//! Dropbox's cap of 4,000 requests.

use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;

use super::placing::{Placement, RowProblem};
use super::schedule::PlannedRow;
use crate::account::Plan;
use crate::error::CoreError;
use crate::requests::{Grace, RequestList};

/// Dropbox's limit on file requests per account, open and closed.
pub const REQUEST_CAP: u64 = 4_000;

/// What will happen to a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum RowStatus {
    /// It will be created.
    Ready,
    /// A request already collects into this folder: the row is skipped.
    Exists { title: String, url: String },
    /// An earlier row has the same folder: one folder, one request.
    SameFolderAs { number: u32 },
    /// The row cannot be created as it is; `field` is the cell to fix.
    Invalid { field: String, message: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreviewRow {
    pub number: u32,
    pub title: String,
    /// The folder as it will be sent (a leading `/`, no trailing one).
    pub destination: String,
    pub description: String,
    /// The deadline in UTC; the window shows it in local time beside it.
    #[ts(type = "string | null")]
    pub deadline: Option<Timestamp>,
    pub grace: Grace,
    pub status: RowStatus,
    /// The clocks changed since the row before (its local time is the same, its UTC is not).
    pub clocks_changed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Preview {
    pub rows: Vec<PreviewRow>,
    /// Rows that will be created.
    #[ts(type = "number")]
    pub ready: u64,
    /// How many more requests the account may have (4,000 less those it has).
    #[ts(type = "number")]
    pub room: u64,
    /// Set when the ready rows do not fit in the room: what to do about it.
    pub over_cap: Option<String>,
}

/// Checks every row against the account's plan, the time `now` and its requests `existing`.
pub fn preview(rows: &[PlannedRow], existing: &RequestList, plan: Plan, now: Timestamp) -> Preview {
    check(rows, &[], existing, plan, now)
}

/// [`preview`] of placed rows: a row whose folder could not be placed is refused on its cell.
pub fn preview_placed(
    placement: &Placement,
    existing: &RequestList,
    plan: Plan,
    now: Timestamp,
) -> Preview {
    check(&placement.rows, &placement.problems, existing, plan, now)
}

fn check(
    rows: &[PlannedRow],
    problems: &[Option<RowProblem>],
    existing: &RequestList,
    plan: Plan,
    now: Timestamp,
) -> Preview {
    let mut seen: Vec<(String, u32)> = Vec::new();
    let mut checked = Vec::with_capacity(rows.len());
    // The zone and UTC offset of the last row with a deadline.
    let mut last_offset: Option<(String, jiff::tz::Offset)> = None;
    for (index, row) in rows.iter().enumerate() {
        let form = &row.form;
        let placed = match problems.get(index) {
            Some(Some(problem)) => Err(CoreError::InvalidInput {
                field: problem.field,
                message: problem.message.clone(),
            }),
            _ => form.validate(plan, now),
        };
        let (destination, deadline, status) = match placed {
            Err(error) => (
                form.destination.trim().to_owned(),
                form.deadline.as_ref().and_then(|d| d.to_utc(now).ok()),
                RowStatus::Invalid {
                    field: error.field().unwrap_or("title").to_owned(),
                    message: error.to_string(),
                },
            ),
            Ok(valid) => {
                let key = valid.destination.to_lowercase();
                let deadline = form.deadline.as_ref().and_then(|d| d.to_utc(now).ok());
                let status = if let Some(found) = existing.requests.iter().find(|r| {
                    r.destination
                        .as_deref()
                        .is_some_and(|d| d.to_lowercase() == key)
                }) {
                    RowStatus::Exists {
                        title: found.title.clone(),
                        url: found.url.clone(),
                    }
                } else if let Some((_, number)) = seen.iter().find(|(k, _)| *k == key) {
                    RowStatus::SameFolderAs { number: *number }
                } else {
                    RowStatus::Ready
                };
                seen.push((key, row.number));
                (valid.destination, deadline, status)
            }
        };
        let offset = form
            .deadline
            .as_ref()
            .zip(deadline)
            .and_then(|(input, at)| {
                let zone = jiff::tz::TimeZone::get(&input.time_zone).ok()?;
                Some((input.time_zone.clone(), zone.to_offset(at)))
            });
        let clocks_changed = match (&last_offset, &offset) {
            (Some((zone_before, before)), Some((zone, now))) => {
                zone_before == zone && before != now
            }
            _ => false,
        };
        if offset.is_some() {
            last_offset = offset;
        }
        checked.push(PreviewRow {
            clocks_changed,
            number: row.number,
            title: form.title.trim().to_owned(),
            destination,
            description: form.description.trim().to_owned(),
            deadline,
            grace: form.grace,
            status,
        });
    }
    let ready = checked
        .iter()
        .filter(|r| r.status == RowStatus::Ready)
        .count() as u64;
    let room = REQUEST_CAP.saturating_sub(existing.total);
    let over_cap = (ready > room).then(|| {
        format!(
            "Dropbox allows 4,000 file requests per account and this one has room for {room}. \
             Delete closed requests to make room, or plan {} fewer.",
            ready - room
        )
    });
    Preview {
        rows: checked,
        ready,
        room,
        over_cap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::RequestView;
    use crate::requests::deadline::DeadlineInput;
    use crate::term::schedule::{Repeat, TermPattern, expand};

    fn pattern(first: &str) -> TermPattern {
        TermPattern {
            course: "/Courses/CS101".into(),
            title: "Homework {n}".into(),
            folder: "{course}/Homework {n}".into(),
            description: String::new(),
            topics: Vec::new(),
            first_number: 1,
            count: 4,
            first_deadline: Some(DeadlineInput {
                date: first.into(),
                time: "02:30".into(),
                time_zone: "Europe/Berlin".into(),
            }),
            repeat: Repeat::Weekly,
            grace: Grace::OneDay,
        }
    }

    fn existing(destinations: &[&str], total: u64) -> RequestList {
        RequestList {
            requests: destinations
                .iter()
                .enumerate()
                .map(|(i, d)| RequestView {
                    id: format!("r{i}"),
                    title: format!("Old {i}"),
                    url: format!("https://www.dropbox.com/request/r{i}"),
                    destination: Some((*d).to_owned()),
                    created: "2026-01-01T00:00:00Z".into(),
                    deadline: None,
                    grace: Grace::None,
                    late_until: None,
                    is_open: true,
                    file_count: 0,
                    description: None,
                })
                .collect(),
            total,
        }
    }

    fn now() -> Timestamp {
        "2026-03-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_row_on_the_night_the_clocks_skip_is_refused_with_the_next_valid_time() {
        // 02:30 on Sunday 29 March 2026 does not exist in Berlin.
        let rows = expand(&pattern("2026-03-15")).unwrap();
        let shown = preview(&rows, &existing(&[], 10), Plan::Pro, now());
        let states: Vec<&RowStatus> = shown.rows.iter().map(|r| &r.status).collect();
        assert_eq!(states[0], &RowStatus::Ready);
        let RowStatus::Invalid { field, message } = states[2] else {
            panic!("the DST row is refused: {states:?}");
        };
        assert_eq!(field, "deadline");
        assert!(message.contains("03:00"), "{message}");
        assert_eq!(shown.ready, 3);
        assert!(shown.rows[0].deadline.is_some());
        // The row after the change keeps 02:30 local and is marked: its UTC moved.
        let changed: Vec<bool> = shown.rows.iter().map(|r| r.clocks_changed).collect();
        assert_eq!(changed, [false, false, false, true]);
    }

    #[test]
    fn existing_folders_are_skipped_and_two_rows_may_not_share_one() {
        let mut planned = pattern("2026-04-06");
        planned.folder = "{course}/Homework {n}".into();
        let mut rows = expand(&planned).unwrap();
        rows[3].form.destination = "/courses/cs101/homework 3/".into();
        let shown = preview(
            &rows,
            &existing(&["/Courses/CS101/Homework 2"], 12),
            Plan::Pro,
            now(),
        );
        assert_eq!(
            shown.rows[1].status,
            RowStatus::Exists {
                title: "Old 0".into(),
                url: "https://www.dropbox.com/request/r0".into()
            }
        );
        assert_eq!(shown.rows[3].status, RowStatus::SameFolderAs { number: 3 });
        assert_eq!(shown.ready, 2);
        assert_eq!(shown.room, 3_988);
        assert_eq!(shown.over_cap, None);
    }

    #[test]
    fn past_deadlines_basic_plans_and_the_cap_are_said() {
        let rows = expand(&pattern("2026-02-16")).unwrap();
        let shown = preview(&rows, &existing(&[], 3_999), Plan::Pro, now());
        assert!(matches!(
            &shown.rows[0].status,
            RowStatus::Invalid { field, message } if field == "deadline" && message.contains("passed")
        ));
        assert_eq!(shown.ready, 2);
        assert_eq!(shown.room, 1);
        let over = shown.over_cap.unwrap();
        assert!(
            over.contains("room for 1") && over.contains("plan 1 fewer"),
            "{over}"
        );

        let basic = preview(&rows, &existing(&[], 0), Plan::Basic, now());
        assert!(basic.rows.iter().all(|r| matches!(
            &r.status,
            RowStatus::Invalid { field, .. } if field == "deadline"
        )));
        assert_eq!(basic.ready, 0);
    }
}
