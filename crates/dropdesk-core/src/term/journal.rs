//! A plan's journal: every row and what became of it, kept under the data directory
//! (`plans/<plan id>.json`) and written atomically before each create is sent. After a crash,
//! a Cancel or a lost answer, the next run knows which rows were sent and looks for their
//! requests before sending them again.

use std::path::PathBuf;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::paths::{AppPaths, file_safe, write_atomically};
use crate::requests::RequestForm;

/// What became of a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum RowState {
    /// Not sent yet (or Dropbox said it did nothing: a 429, a refusal before acting).
    Pending,
    /// Sent at `at`; whether Dropbox made it is not known yet.
    Sent {
        #[ts(type = "string")]
        at: Timestamp,
    },
    /// Made (or found made by an earlier attempt): the request's id and link.
    Created { id: String, url: String },
    /// Not made: a request already collects into its folder.
    Skipped { reason: String },
    /// Dropbox refused it, in words; trying again sends it again.
    Failed { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRow {
    pub number: u32,
    pub form: RequestForm,
    pub state: RowState,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct JournalFile {
    rows: Vec<JournalRow>,
}

/// One plan's journal on disk.
#[derive(Clone, Debug)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    pub fn open(paths: &AppPaths, plan_id: &str) -> Self {
        Self {
            path: paths
                .data_dir
                .join("plans")
                .join(format!("{}.json", file_safe(plan_id))),
        }
    }

    /// The rows kept, or none for a plan not started.
    pub fn rows(&self) -> Result<Vec<JournalRow>, CoreError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice::<JournalFile>(&bytes)
                .map(|file| file.rows)
                .map_err(|e| CoreError::InvalidInput {
                    field: "plan",
                    message: format!(
                        "The plan's journal {} could not be read ({e}). Look in Dropbox for what \
                         was created before planning again.",
                        self.path.display()
                    ),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(source) => Err(CoreError::Storage {
                action: "read",
                path: self.path.display().to_string(),
                source,
            }),
        }
    }

    pub fn write(&self, rows: &[JournalRow]) -> Result<(), CoreError> {
        let file = JournalFile {
            rows: rows.to_vec(),
        };
        let bytes = serde_json::to_vec_pretty(&file)
            .map_err(|e| CoreError::Internal(format!("plan journal: {e}")))?;
        write_atomically(&self.path, &bytes)
    }
}
