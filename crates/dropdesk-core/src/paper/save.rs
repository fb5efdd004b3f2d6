//! Saving a doc with the revision it was opened at (`files/paper/update`, policy `update`);
//! when someone else saved in between, the latest text is exported and merged. Saving an edit
//! also owns what happens to its draft.

use dropbox_client::routes::files;
use dropbox_client::types::files::{
    ImportFormat, PaperDocUpdatePolicy, PaperUpdateArg, PaperUpdateError,
};
use dropbox_client::{Client, Error};
use serde::Serialize;
use ts_rs::TS;

use super::drafts::{Draft, Drafts};
use super::merge::{self, Marked, MergePart, Merged};
use super::open::open;
use super::refusals::{Refused, update_error};
use crate::error::CoreError;

/// The doc as it was when the edit started: the revision to save against, and the text that
/// is the base of a merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
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
    /// Someone else saved first, and the edits merge cleanly: show `merged` (`review` marks
    /// whose each change is), then save it against `revision` with `theirs` as the base.
    #[serde(rename_all = "camelCase")]
    Merged {
        merged: String,
        review: Vec<Marked>,
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

/// Saves an edit, and settles its draft. The edit is written as a draft first, so a failed
/// save always leaves the text on this computer; once Dropbox holds exactly that text, the
/// draft goes (one written meanwhile holds newer typing, and stays). A merge or a conflict
/// keeps the draft: nothing was saved yet.
pub async fn save(
    client: &Client,
    drafts: &Drafts,
    edit: &Draft,
) -> Result<SaveOutcome, CoreError> {
    let kept = drafts.save(edit);
    let base = Base {
        revision: edit.base_revision,
        text: edit.base_text.clone(),
    };
    match save_text(client, &edit.doc_id, &base, &edit.text).await {
        Ok(saved @ SaveOutcome::Saved { .. }) => {
            if let Err(error) = drafts.saved(&edit.doc_id, &edit.text) {
                tracing::warn!(%error, "saved, but the draft could not be removed");
            }
            Ok(saved)
        }
        Ok(merging) => Ok(merging),
        Err(error) => match kept {
            Ok(_) => Err(error),
            // The text is only in the window: that is what the user must hear first.
            Err(storage) => {
                tracing::warn!(%error, "the save failed, and so did keeping the draft");
                Err(storage)
            }
        },
    }
}

/// Saves `text` if the doc is still at `base.revision` (one call); otherwise exports the
/// latest and merges (one more call), and says what the user must confirm or settle.
pub async fn save_text(
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
                    review: merge::review(text, &latest.markdown, &merged),
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
