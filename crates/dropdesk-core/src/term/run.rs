//! Creating a plan's requests, a few at a time, and never one twice. The journal is written
//! before each create is sent; a row that was sent but whose answer never came (a lost
//! connection, a crash, a Cancel) is looked for before it is sent again, and a row whose
//! request exists (same folder and title) is taken as made. Running a finished plan again
//! creates nothing.

use std::sync::Mutex;

use futures_util::StreamExt;
use jiff::Timestamp;
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::journal::{Journal, JournalRow, RowState};
use super::placing;
use super::schedule::PlannedRow;
use crate::account::Plan;
use crate::error::CoreError;
use crate::requests::{self, RequestView};
use crate::space::Space;

/// Creates sent at once: enough that a term of 100 takes a dozen round trips, few enough
/// that Dropbox's rate limit is rarely met (a 429 is waited out, never a failure).
pub const AT_ONCE: usize = 8;

/// What became of one row, as the progress and the summary show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowReport {
    pub number: u32,
    pub title: String,
    pub destination: String,
    pub state: RowState,
    /// Why it was not made this time, in words (a `Failed` row, or a `Sent` row whose
    /// outcome Dropbox could not tell).
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RunSummary {
    pub rows: Vec<RowReport>,
    pub created: u32,
    pub skipped: u32,
    /// Not made this time (refused, or the outcome unknown): "Retry the failed" sends them.
    pub failed: u32,
    /// Not sent because the run was cancelled.
    pub not_sent: u32,
}

fn report(row: &JournalRow, message: Option<String>) -> RowReport {
    RowReport {
        number: row.number,
        title: row.form.title.trim().to_owned(),
        destination: row.form.destination.trim().to_owned(),
        state: row.state.clone(),
        message,
    }
}

fn folder_key(row: &JournalRow) -> String {
    row.form
        .destination
        .trim()
        .trim_end_matches('/')
        .to_lowercase()
}

/// The rows to run: `planned`, where each row the journal has settled or sent before (by
/// folder) is kept as the journal has it, so an edited plan never sends a row twice; a row
/// that was pending or failed takes the plan's form (the professor may have fixed it).
fn rows_of(journal: &Journal, planned: &[PlannedRow]) -> Result<Vec<JournalRow>, CoreError> {
    let kept = journal.rows()?;
    // Each kept row answers for one planned row at most.
    let mut used = vec![false; kept.len()];
    let rows: Vec<JournalRow> = planned
        .iter()
        .map(|p| {
            let fresh = JournalRow {
                number: p.number,
                form: p.form.clone(),
                state: RowState::Pending,
            };
            let key = folder_key(&fresh);
            let found = kept.iter().enumerate().position(|(i, k)| {
                !used[i]
                    && folder_key(k) == key
                    && matches!(
                        k.state,
                        RowState::Created { .. } | RowState::Sent { .. } | RowState::Skipped { .. }
                    )
            });
            match found {
                Some(i) => {
                    used[i] = true;
                    JournalRow {
                        number: p.number,
                        ..kept[i].clone()
                    }
                }
                None => fresh,
            }
        })
        .collect();
    journal.write(&rows)?;
    Ok(rows)
}

/// The request already collecting into `row`'s folder, if any, and whether it is this row's
/// (the same title).
fn existing_for<'a>(
    row: &JournalRow,
    existing: &'a [RequestView],
    plan: Plan,
    now: Timestamp,
) -> Option<(&'a RequestView, bool)> {
    let folder = row
        .form
        .validate(plan, now)
        .map(|v| v.destination)
        .unwrap_or_else(|_| row.form.destination.trim().trim_end_matches('/').to_owned())
        .to_lowercase();
    existing
        .iter()
        .find(|r| {
            r.destination
                .as_deref()
                .is_some_and(|d| d.to_lowercase() == folder)
        })
        .map(|r| (r, r.title == row.form.title.trim()))
}

/// Creates every row not made yet, `AT_ONCE` at a time, in the account's namespace (`space`); `on_row` hears of each row as it
/// is settled. A Cancel sends no more rows (those in flight finish).
pub async fn run(
    client: &dropbox_client::Client,
    space: &Space,
    journal: &Journal,
    planned: &[PlannedRow],
    plan: Plan,
    cancel: &CancellationToken,
    on_row: impl FnMut(&RowReport) + Send,
) -> Result<RunSummary, CoreError> {
    let now = Timestamp::now();
    let placement = placing::place(client, space, planned, plan, now).await?;
    let rows = Mutex::new(rows_of(journal, &placement.rows)?);
    let existing = requests::list(client).await?.requests;
    let on_row = Mutex::new(on_row);
    let tell = |row: &JournalRow, message: Option<String>| {
        let reported = report(row, message);
        (on_row.lock().unwrap_or_else(|e| e.into_inner()))(&reported);
        reported
    };

    // Rows whose folder already has a request are settled without a call.
    let mut settled = Vec::new();
    let mut to_send = Vec::new();
    {
        let mut rows = rows.lock().unwrap_or_else(|e| e.into_inner());
        // Folders already taken by a row of this plan: one folder, one request.
        let mut taken: Vec<(String, u32)> = Vec::new();
        for (index, row) in rows.iter_mut().enumerate() {
            let key = folder_key(row);
            let first_with_folder = taken.iter().find(|(k, _)| *k == key).map(|(_, n)| *n);
            if matches!(
                row.state,
                RowState::Created { .. } | RowState::Skipped { .. }
            ) {
                taken.push((key, row.number));
                settled.push((index, tell(row, None)));
                continue;
            }
            if let Some(Some(problem)) = placement.problems.get(index) {
                // Its folder cannot be used as it is: not sent, said on the row.
                row.state = RowState::Failed {
                    reason: problem.message.clone(),
                };
                let message = Some(problem.message.clone());
                settled.push((index, tell(row, message)));
                continue;
            }
            if let Some(number) = first_with_folder
                && !matches!(row.state, RowState::Sent { .. })
            {
                row.state = RowState::Skipped {
                    reason: format!(
                        "Row {number} collects into the same folder; one folder takes one request."
                    ),
                };
                settled.push((index, tell(row, None)));
                continue;
            }
            taken.push((key, row.number));
            match existing_for(row, &existing, plan, now) {
                Some((request, true)) => {
                    row.state = RowState::Created {
                        id: request.id.clone(),
                        url: request.url.clone(),
                    };
                    settled.push((index, tell(row, None)));
                }
                Some((request, false)) => {
                    row.state = RowState::Skipped {
                        // Dropbox's title and folder isolated (FSI…PDI): their direction
                        // never turns the sentence around them, on screen or pasted.
                        reason: format!(
                            "“\u{2068}{}\u{2069}” already collects into \u{2068}{}\u{2069}.",
                            request.title,
                            request.destination.as_deref().unwrap_or_default()
                        ),
                    };
                    settled.push((index, tell(row, None)));
                }
                None => to_send.push(index),
            }
        }
        journal.write(&rows)?;
    }

    let send = |index: usize| {
        let (rows, tell) = (&rows, &tell);
        async move {
            if cancel.is_cancelled() {
                let rows = rows.lock().unwrap_or_else(|e| e.into_inner());
                return Ok::<_, CoreError>((index, report(&rows[index], None)));
            }
            let (form, earlier) = {
                let mut rows = rows.lock().unwrap_or_else(|e| e.into_inner());
                let row = &mut rows[index];
                let earlier = match row.state {
                    RowState::Sent { at } => Some(at),
                    _ => None,
                };
                let sent_at = Timestamp::now();
                row.state = RowState::Sent {
                    at: earlier.unwrap_or(sent_at),
                };
                let form = row.form.clone();
                // Before the call: a crash from here on leaves a row that is looked for.
                journal.write(&rows)?;
                (form, earlier)
            };
            let created = requests::create(client, &form, plan, Timestamp::now(), earlier).await;
            let mut rows = rows.lock().unwrap_or_else(|e| e.into_inner());
            let row = &mut rows[index];
            let message = match created {
                Ok(created) => {
                    row.state = RowState::Created {
                        id: created.request.id,
                        url: created.request.url,
                    };
                    None
                }
                // Dropbox could not say: the row stays sent, so the next run looks first.
                Err(error @ CoreError::OutcomeUnknown(_)) => Some(error.to_string()),
                Err(error) => {
                    row.state = RowState::Failed {
                        reason: error.to_string(),
                    };
                    Some(error.to_string())
                }
            };
            journal.write(&rows)?;
            Ok((index, tell(&rows[index], message)))
        }
    };
    let sent: Vec<Result<(usize, RowReport), CoreError>> = futures_util::stream::iter(to_send)
        .map(send)
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;

    let mut reports = settled;
    for result in sent {
        reports.push(result?);
    }
    reports.sort_by_key(|(index, _)| *index);
    let mut summary = RunSummary::default();
    for (_, row) in reports {
        match (&row.state, &row.message) {
            (RowState::Created { .. }, _) => summary.created += 1,
            (RowState::Skipped { .. }, _) => summary.skipped += 1,
            (RowState::Pending, _) => summary.not_sent += 1,
            (RowState::Sent { .. }, None) => summary.not_sent += 1,
            (RowState::Failed { .. } | RowState::Sent { .. }, _) => summary.failed += 1,
        }
        summary.rows.push(row);
    }
    Ok(summary)
}
