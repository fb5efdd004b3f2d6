//! Adding a dated note at the top or the end of a doc without opening it in the editor.

use dropbox_client::routes::files;
use dropbox_client::types::files::{
    ImportFormat, PaperDocUpdatePolicy, PaperUpdateArg, PaperUpdateError,
};
use dropbox_client::{Client, Error};
use serde::Deserialize;
use ts_rs::TS;

use super::open::open;
use super::refusals::{Refused, update_error};
use crate::error::{CoreError, may_have_acted};

/// Where a note goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum NotePlace {
    Top,
    End,
}

/// Adds `note` at the top (under the doc's `#` title, if it has one) or at the end of a doc,
/// without the editor. The end is an `append` (no revision needed, nobody's edit replaced);
/// the top is a revision-checked update of the latest text, tried again when someone saved
/// meanwhile. Answers the new revision. A lost answer is checked: the note is never added
/// twice.
pub async fn add_note(
    client: &Client,
    id: &str,
    note: &str,
    place: NotePlace,
) -> Result<i64, CoreError> {
    if note.trim().is_empty() {
        return Err(CoreError::InvalidInput {
            field: "note",
            message: "Note: write something to add.".into(),
        });
    }
    let note = note.trim();
    match place {
        NotePlace::End => {
            let arg = PaperUpdateArg {
                path: id.to_owned(),
                import_format: ImportFormat::Markdown,
                doc_update_policy: PaperDocUpdatePolicy::Append,
                paper_revision: None,
            };
            let body = format!("\n\n{note}").into_bytes();
            match files::paper_update(client, &arg, body).await {
                Ok(saved) => Ok(saved.paper_revision),
                Err(error) if may_have_acted(&error) => note_if_added(client, id, note)
                    .await?
                    .ok_or_else(note_not_added),
                Err(other) => Err(update_error(other, Refused::Note)),
            }
        }
        NotePlace::Top => {
            for _ in 0..3 {
                let latest = open(client, id).await?;
                let arg = PaperUpdateArg {
                    path: id.to_owned(),
                    import_format: ImportFormat::Markdown,
                    doc_update_policy: PaperDocUpdatePolicy::Update,
                    paper_revision: Some(latest.revision),
                };
                let text = under_title(&latest.markdown, note);
                match files::paper_update(client, &arg, text.into_bytes()).await {
                    Ok(saved) => return Ok(saved.paper_revision),
                    // Someone saved meanwhile: add it to their text.
                    Err(Error::Route(PaperUpdateError::RevisionMismatch)) => {}
                    Err(error) if may_have_acted(&error) => {
                        if let Some(revision) = note_if_added(client, id, note).await? {
                            return Ok(revision);
                        }
                    }
                    Err(other) => return Err(update_error(other, Refused::Note)),
                }
            }
            Err(CoreError::Dropbox(
                "The doc kept changing while the note was added, so it was not added. Try \
                 again."
                    .into(),
            ))
        }
    }
}

/// `markdown` with `note` under its first line when that is a `#` title, else on top.
fn under_title(markdown: &str, note: &str) -> String {
    let body = markdown.trim_start_matches('\n');
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    if first.starts_with("# ") || first == "#" {
        format!("{first}\n\n{note}\n\n{}", rest.trim_start_matches('\n'))
    } else {
        format!("{note}\n\n{body}")
    }
}

/// After a lost answer: the doc's revision if it holds the note, `None` if it does not.
async fn note_if_added(client: &Client, id: &str, note: &str) -> Result<Option<i64>, CoreError> {
    let latest = open(client, id).await.map_err(|_| {
        CoreError::OutcomeUnknown(
            "Can't reach Dropbox, so Dropdesk can't tell whether the note was added. Open the \
             doc to see before adding it again."
                .into(),
        )
    })?;
    if latest.markdown.contains(note) {
        tracing::info!("the lost note had been added");
        Ok(Some(latest.revision))
    } else {
        Ok(None)
    }
}

fn note_not_added() -> CoreError {
    CoreError::Offline(
        "The note was not added: Dropbox's answer was lost before it acted. Add it again.".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_at_the_top_goes_under_the_title() {
        assert_eq!(
            under_title("# Log\n\nWeek 1.\n", "### 2026-12-02\nQuiz."),
            "# Log\n\n### 2026-12-02\nQuiz.\n\nWeek 1.\n"
        );
        assert_eq!(under_title("No title.\n", "Note."), "Note.\n\nNo title.\n");
        assert_eq!(under_title("## Sub\nx", "N"), "N\n\n## Sub\nx");
        assert_eq!(under_title("# Only", "N"), "# Only\n\nN\n\n");
    }
}
