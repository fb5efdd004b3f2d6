//! A plan's folders as Dropbox takes them in the account's namespace, by the single request
//! dialog's rule: for a team member, a folder in a team folder or in the member's own folder is
//! taken as it is; one whose first part is neither would be made in the member's own folder,
//! and is refused on its row with the path it would get, so the professor chooses. Done for
//! the preview and again before creating, so that a row's folder in the journal is the one its
//! request collects into.

use jiff::Timestamp;

use super::schedule::PlannedRow;
use crate::account::Plan;
use crate::error::CoreError;
use crate::space::{Placer, Space};

/// Why a row's folder cannot be used as it is, on its cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub field: &'static str,
    pub message: String,
}

/// The rows with their folders placed, and beside each the problem with its folder, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    pub rows: Vec<PlannedRow>,
    /// One per row, in the same order.
    pub problems: Vec<Option<RowProblem>>,
}

/// Places every row's folder. A row that does not pass the form's checks is left for the
/// preview to show; a folder Dropbox refuses or that would leave the team space is that row's
/// problem. Only a failure to reach Dropbox fails the whole.
pub async fn place(
    client: &dropbox_client::Client,
    space: &Space,
    rows: &[PlannedRow],
    plan: Plan,
    now: Timestamp,
) -> Result<Placement, CoreError> {
    let mut placer = Placer::new(space);
    let mut placement = Placement::default();
    for row in rows {
        let mut row = row.clone();
        let mut problem = None;
        if let Ok(valid) = row.form.validate(plan, now) {
            match placer.place(client, &valid.destination).await {
                Ok(at) if at.in_own_folder => {
                    let top = valid.destination.trim_start_matches('/');
                    let refused = CoreError::NotInTeamSpace {
                        top: top.split('/').next().unwrap_or(top).to_owned(),
                        placed: at.path,
                    };
                    problem = Some(RowProblem {
                        field: "destination",
                        message: refused.to_string(),
                    });
                }
                Ok(at) => row.form.destination = at.path,
                Err(CoreError::InvalidInput { field, message }) => {
                    problem = Some(RowProblem { field, message });
                }
                // Dropbox refused the path itself (a malformed name, a file on the way).
                Err(CoreError::Dropbox(message)) => {
                    problem = Some(RowProblem {
                        field: "destination",
                        message: format!("Folder: {message}"),
                    });
                }
                Err(other) => return Err(other),
            }
        }
        placement.rows.push(row);
        placement.problems.push(problem);
    }
    Ok(placement)
}
