//! Saving a doc with the revision it was opened at (`files/paper/update`, policy `update`);
//! when someone else saved in between, the latest text is exported and merged.

use dropbox_client::routes::files;
use dropbox_client::types::files::{
    ImportFormat, PaperDocUpdatePolicy, PaperUpdateArg, PaperUpdateError,
};
use dropbox_client::{Client, Error};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::merge::{self, MergePart, Merged};
use super::open::open;
use super::refusals::{Refused, update_error};
use crate::error::CoreError;

/// The doc as it was when the edit started: the revision to save against, and the text that
/// is the base of a merge.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Base {
    #[ts(type = "number")]
    pub revision: i64,
    pub text: String,
}

/// How a save ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "camelCase")]
#[ts(export)]
pub enum SaveOutcome {
    /// Saved; `revision` is the new base.
    Saved {
        #[ts(type = "number")]
        revision: i64,
    },
    /// Someone else saved first, and the edits merge cleanly: show `merged`, then save it
    /// against `revision` with `theirs` as the base.
    #[serde(rename_all = "camelCase")]
    Merged {
        merged: String,
        theirs: String,
        #[ts(type = "number")]
        revision: i64,
    },
    /// Someone else saved first and changed the same lines: settle each conflict, then save
    /// the result against `revision` with `theirs` as the base.
    #[serde(rename_all = "camelCase")]
    Conflict {
        parts: Vec<MergePart>,
        theirs: String,
        #[ts(type = "number")]
        revision: i64,
    },
}

/// Saves `text` if the doc is still at `base.revision` (one call); otherwise exports the
/// latest and merges (one more call), and says what the user must confirm or settle.
pub async fn save(
    client: &Client,
    id: &str,
    base: &Base,
    text: &str,
) -> Result<SaveOutcome, CoreError> {
    let arg = PaperUpdateArg {
        path: id.to_owned(),
        import_format: ImportFormat::Markdown,
        doc_update_policy: PaperDocUpdatePolicy::Update,
        paper_revision: Some(base.revision),
    };
    match files::paper_update(client, &arg, text.as_bytes().to_vec()).await {
        Ok(saved) => Ok(SaveOutcome::Saved {
            revision: saved.paper_revision,
        }),
        Err(Error::Route(PaperUpdateError::RevisionMismatch)) => {
            let latest = open(client, id).await?;
            if same_text(&latest.markdown, text) {
                // An earlier save of this very text arrived, but its answer did not.
                tracing::info!(revision = latest.revision, "the doc already holds our text");
                return Ok(SaveOutcome::Saved {
                    revision: latest.revision,
                });
            }
            tracing::info!(
                ours = base.revision,
                theirs = latest.revision,
                "someone else saved the doc; merging"
            );
            Ok(match merge::three_way(&base.text, text, &latest.markdown) {
                Merged::Clean(merged) => SaveOutcome::Merged {
                    merged,
                    theirs: latest.markdown,
                    revision: latest.revision,
                },
                Merged::Conflicts(parts) => SaveOutcome::Conflict {
                    parts,
                    theirs: latest.markdown,
                    revision: latest.revision,
                },
            })
        }
        Err(other) => Err(update_error(other, Refused::Doc)),
    }
}

/// Whether Dropbox's copy is the text we meant to save (Paper may drop trailing blank lines).
pub(super) fn same_text(theirs: &str, ours: &str) -> bool {
    theirs.trim_end() == ours.trim_end()
}
