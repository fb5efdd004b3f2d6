//! Paper docs as Markdown: find them, create one, open one (`files/export`), save with the
//! revision it was opened at (`files/paper/update`, policy `update`), and when someone else
//! saved in between, merge. Adding a dated note appends or prepends without opening the doc.

pub mod drafts;
pub mod merge;

use dropbox_client::routes::{files, users};
use dropbox_client::types::files::{
    ExportArg, ExportError, ImportFormat, ListFolderArg, ListFolderError, LookupError, Metadata,
    PaperCreateArg, PaperCreateError, PaperDocUpdatePolicy, PaperUpdateArg, PaperUpdateError,
};
use dropbox_client::types::users::{FeatureFlag, UserFeature, UserFeatureValue};
use dropbox_client::{Client, Error};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, may_have_acted};
use merge::{MergePart, Merged};

const EXTENSION: &str = ".paper";

/// Whether this account's Paper docs are files the API can reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaperAvailability {
    pub available: bool,
    /// Why not, in words for the user.
    pub reason: Option<String>,
}

/// Checks `users/features/get_values` for `paper_as_files`.
pub async fn availability(client: &Client) -> Result<PaperAvailability, CoreError> {
    let values = users::features_get_values(client, &[UserFeature::PaperAsFiles]).await?;
    let enabled = values.iter().any(|v| {
        matches!(
            v,
            UserFeatureValue::PaperAsFiles {
                paper_as_files: FeatureFlag::Enabled { enabled: true }
            }
        )
    });
    Ok(PaperAvailability {
        available: enabled,
        reason: (!enabled).then(|| {
            "This account's Paper docs aren't stored as files yet, so Dropdesk can't open them. \
             Open them at paper.dropbox.com."
                .to_owned()
        }),
    })
}

/// A Paper doc in a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaperDocView {
    pub id: String,
    /// The name without `.paper`.
    pub title: String,
    pub path: String,
    /// Last change (UTC).
    pub modified: String,
}

fn title_of(name: &str) -> String {
    name.strip_suffix(EXTENSION)
        .or_else(|| name.strip_suffix(".PAPER"))
        .unwrap_or(name)
        .to_owned()
}

/// Every Paper doc under `folder` (`""`: everywhere), most recently changed first.
pub async fn list(client: &Client, folder: &str) -> Result<Vec<PaperDocView>, CoreError> {
    let folder = match folder.trim() {
        "/" => "",
        other => other.trim_end_matches('/'),
    };
    let mut arg = ListFolderArg::new(folder.to_owned());
    arg.recursive = true;
    let mut page = files::list_folder(client, &arg)
        .await
        .map_err(|e| folder_error(e, folder))?;
    let mut docs = Vec::new();
    loop {
        docs.extend(page.entries.iter().filter_map(|entry| {
            match entry {
                Metadata::File(file) if file.name.to_lowercase().ends_with(EXTENSION) => {
                    Some(PaperDocView {
                        id: file.id.clone(),
                        title: title_of(&file.name),
                        path: file
                            .path_display
                            .clone()
                            .unwrap_or_else(|| file.name.clone()),
                        modified: file.server_modified.clone(),
                    })
                }
                _ => None,
            }
        }));
        if !page.has_more {
            break;
        }
        page = files::list_folder_continue(client, &page.cursor)
            .await
            .map_err(|e| folder_error(e, folder))?;
    }
    docs.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.title.cmp(&b.title)));
    Ok(docs)
}

fn folder_error(error: Error<ListFolderError>, folder: &str) -> CoreError {
    match error {
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFound,
        }) => CoreError::InvalidInput {
            field: "folder",
            message: format!("Folder: {folder} does not exist. Choose another."),
        },
        Error::Route(ListFolderError::Path {
            path: LookupError::NotFolder,
        }) => CoreError::InvalidInput {
            field: "folder",
            message: format!("Folder: {folder} is a file. Choose a folder."),
        },
        Error::Route(ListFolderError::Path { path }) => crate::lookup::lookup_refused(&path),
        other => other.into(),
    }
}

/// A doc opened for editing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenedDoc {
    pub id: String,
    pub title: String,
    pub path: String,
    /// The revision the text is at: saves are checked against it.
    #[ts(type = "number")]
    pub revision: i64,
    pub markdown: String,
}

/// Exports the doc as Markdown with its revision.
pub async fn open(client: &Client, id_or_path: &str) -> Result<OpenedDoc, CoreError> {
    let arg = ExportArg {
        path: id_or_path.to_owned(),
        export_format: Some("markdown".into()),
    };
    let (result, bytes) = files::export(client, &arg).await.map_err(export_error)?;
    let revision = result.export_metadata.paper_revision.ok_or_else(|| {
        CoreError::Dropbox("That file is not a Paper doc, so it cannot be edited here.".into())
    })?;
    let file = result.file_metadata;
    Ok(OpenedDoc {
        title: title_of(&file.name),
        path: file.path_display.unwrap_or_else(|| file.name.clone()),
        id: file.id,
        revision,
        markdown: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

fn export_error(error: Error<ExportError>) -> CoreError {
    match error {
        Error::Route(ExportError::Path {
            path: LookupError::NotFound,
        }) => CoreError::Dropbox("That doc is gone: it was deleted or moved.".into()),
        Error::Route(ExportError::NonExportable) => {
            CoreError::Dropbox("That file is not a Paper doc, so it cannot be edited here.".into())
        }
        Error::Route(ExportError::Path { path }) => crate::lookup::lookup_refused(&path),
        Error::Route(ExportError::RetryError) => CoreError::Dropbox(
            "Dropbox was busy preparing the doc. Open it again in a moment.".into(),
        ),
        Error::Route(ExportError::InvalidExportFormat) => CoreError::Dropbox(
            "Dropbox can't give this doc as Markdown. Open it at paper.dropbox.com.".into(),
        ),
        other => other.into(),
    }
}

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
fn same_text(theirs: &str, ours: &str) -> bool {
    theirs.trim_end() == ours.trim_end()
}

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

/// A new doc from Markdown.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewDoc {
    pub title: String,
    /// The folder it goes in (`/Notes`).
    pub folder: String,
    pub markdown: String,
}

/// What `create` made: Dropbox renames on collision, so `path` may not be what was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedDoc {
    pub id: String,
    pub title: String,
    pub path: String,
    /// Dropbox gave it another name than the one asked for.
    pub renamed: bool,
    #[ts(type = "number")]
    pub revision: i64,
    /// The doc's Paper address; empty when the answer carrying it was lost (the doc was
    /// found instead).
    pub url: String,
}

pub async fn create(client: &Client, doc: &NewDoc) -> Result<CreatedDoc, CoreError> {
    let title = doc.title.trim();
    let title = title.strip_suffix(EXTENSION).map_or(title, str::trim_end);
    if title.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "title",
            message: "Title: give the doc a title.".into(),
        });
    }
    if title.contains(['/', '\\']) {
        return Err(CoreError::InvalidInput {
            field: "title",
            message: "Title: leave out / and \\ (they separate folders).".into(),
        });
    }
    let folder = doc.folder.trim().trim_end_matches('/');
    if !folder.is_empty() && !folder.starts_with('/') {
        return Err(CoreError::InvalidInput {
            field: "folder",
            message: "Folder: start the path with / (e.g. /Notes).".into(),
        });
    }
    let path = format!("{folder}/{title}{EXTENSION}");
    let arg = PaperCreateArg {
        path: path.clone(),
        import_format: ImportFormat::Markdown,
    };
    let created = match files::paper_create(client, &arg, doc.markdown.as_bytes().to_vec()).await {
        Ok(created) => created,
        // The answer was lost: the doc may be there. Creating it again would make a second one.
        Err(error) if may_have_acted(&error) => {
            return match open(client, &path).await {
                Ok(made) if same_text(&made.markdown, &doc.markdown) => {
                    tracing::info!("the lost create had made the doc");
                    Ok(CreatedDoc {
                        id: made.id,
                        title: made.title,
                        renamed: false,
                        path: made.path,
                        revision: made.revision,
                        url: String::new(),
                    })
                }
                _ => Err(create_error(error)),
            };
        }
        Err(other) => return Err(create_error(other)),
    };
    let name = created
        .result_path
        .rsplit('/')
        .next()
        .unwrap_or(&created.result_path);
    Ok(CreatedDoc {
        id: created.file_id,
        title: title_of(name),
        renamed: !created.result_path.eq_ignore_ascii_case(&path),
        path: created.result_path,
        revision: created.paper_revision,
        url: created.url,
    })
}

const KEPT: &str = "Your text is kept as a draft.";

/// Words for the refusals `paper/create` and `paper/update` share (`PaperContentError`).
#[derive(Clone, Copy)]
enum Content {
    Permissions,
    Malformed,
    TooLong,
    ImageTooLarge,
}

fn content_words(content: Content) -> &'static str {
    match content {
        Content::Permissions => {
            "You can read this doc but not edit it. Ask its owner for edit access."
        }
        Content::Malformed => {
            "Dropbox could not read the Markdown. Look for unusual markup near your last edit."
        }
        Content::TooLong => "The doc is longer than Paper allows. Split it into two docs.",
        Content::ImageTooLarge => {
            "An image in the doc is larger than Paper allows. Use a smaller one."
        }
    }
}

fn content_error(content: Content) -> CoreError {
    CoreError::Dropbox(content_words(content).to_owned())
}

/// Whose text was refused: the editor's (kept as a draft) or a note's (kept in its dialog).
#[derive(Clone, Copy)]
enum Refused {
    Doc,
    Note,
}

fn update_error(error: Error<PaperUpdateError>, refused: Refused) -> CoreError {
    let words = |text: &str| match refused {
        Refused::Doc => CoreError::Dropbox(format!("{text} {KEPT}")),
        Refused::Note => CoreError::Dropbox(text.to_owned()),
    };
    match error {
        Error::Route(PaperUpdateError::InsufficientPermissions) => {
            words(content_words(Content::Permissions))
        }
        Error::Route(PaperUpdateError::ContentMalformed) => {
            words(content_words(Content::Malformed))
        }
        Error::Route(PaperUpdateError::DocLengthExceeded) => words(content_words(Content::TooLong)),
        Error::Route(PaperUpdateError::ImageSizeExceeded) => {
            words(content_words(Content::ImageTooLarge))
        }
        Error::Route(PaperUpdateError::DocArchived) => {
            words("This doc is archived. Unarchive it in Dropbox Paper to edit it.")
        }
        Error::Route(PaperUpdateError::DocDeleted) => words(
            "This doc was deleted. Restore it in Dropbox, or create a new doc from your text.",
        ),
        Error::Route(PaperUpdateError::Path { .. }) => {
            words("This doc is gone: it was deleted or moved.")
        }
        Error::Access { tag } if tag == "paper_access_denied" => {
            words("Paper is turned off for this account.")
        }
        other => other.into(),
    }
}

fn create_error(error: Error<PaperCreateError>) -> CoreError {
    let refused = |field: &'static str, message: &str| CoreError::InvalidInput {
        field,
        message: message.to_owned(),
    };
    match error {
        Error::Route(PaperCreateError::InvalidFileExtension) => {
            refused("title", "Title: a Paper doc's name must end in .paper.")
        }
        Error::Route(PaperCreateError::InvalidPath) => refused(
            "folder",
            "Folder: Dropbox cannot create a doc there. Choose another folder.",
        ),
        Error::Route(PaperCreateError::PaperDisabled) => CoreError::Dropbox(
            "Paper is turned off for this account, so docs cannot be created.".into(),
        ),
        Error::Route(PaperCreateError::EmailUnverified) => CoreError::Dropbox(
            "Verify your email address with Dropbox before creating Paper docs.".into(),
        ),
        Error::Route(PaperCreateError::InsufficientPermissions) => refused(
            "folder",
            "Folder: you cannot create docs there. Choose a folder you can edit.",
        ),
        Error::Route(PaperCreateError::ContentMalformed) => content_error(Content::Malformed),
        Error::Route(PaperCreateError::DocLengthExceeded) => content_error(Content::TooLong),
        Error::Route(PaperCreateError::ImageSizeExceeded) => content_error(Content::ImageTooLarge),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_names_what_to_do_and_that_the_draft_stays() {
        let updates = [
            (PaperUpdateError::DocArchived, "Unarchive it"),
            (PaperUpdateError::DocDeleted, "Restore it"),
            (PaperUpdateError::ContentMalformed, "unusual markup"),
            (PaperUpdateError::DocLengthExceeded, "Split it"),
            (PaperUpdateError::ImageSizeExceeded, "smaller one"),
            (PaperUpdateError::InsufficientPermissions, "edit access"),
        ];
        for (tag, fix) in updates {
            let error = update_error(Error::Route(tag.clone()), Refused::Doc).to_string();
            assert!(error.contains(fix), "{tag:?}: {error}");
            assert!(error.contains(KEPT), "{tag:?}: {error}");
        }
        let disabled = update_error(
            Error::Access {
                tag: "paper_access_denied".into(),
            },
            Refused::Doc,
        );
        let note = update_error(Error::Route(PaperUpdateError::DocArchived), Refused::Note);
        assert!(!note.to_string().contains(KEPT), "{note}");
        assert!(
            disabled.to_string().contains("Paper is turned off"),
            "{disabled}"
        );

        let extension = create_error(Error::Route(PaperCreateError::InvalidFileExtension));
        assert_eq!(extension.field(), Some("title"));
        assert!(extension.to_string().contains(".paper"), "{extension}");
        let off = create_error(Error::Route(PaperCreateError::PaperDisabled));
        assert!(off.to_string().contains("Paper is turned off"), "{off}");
        let permissions = create_error(Error::Route(PaperCreateError::InsufficientPermissions));
        assert_eq!(permissions.field(), Some("folder"));
    }

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

    #[test]
    fn titles_drop_the_extension() {
        assert_eq!(title_of("Lecture 1 notes.paper"), "Lecture 1 notes");
        assert_eq!(title_of("Odd.PAPER"), "Odd");
        assert_eq!(title_of("no extension"), "no extension");
    }
}
