//! What Dropbox's refusals of `paper/create` and `paper/update` mean, in words.

use dropbox_client::Error;
use dropbox_client::types::files::{PaperCreateError, PaperUpdateError};

use crate::error::CoreError;

const KEPT: &str = "Your text is kept as a draft.";

/// Words for the refusals `paper/create` and `paper/update` share (`PaperContentError`).
#[derive(Clone, Copy)]
pub(super) enum Content {
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

pub(super) fn content_error(content: Content) -> CoreError {
    CoreError::Dropbox(content_words(content).to_owned())
}

/// Whose text was refused: the editor's (kept as a draft) or a note's (kept in its dialog).
#[derive(Clone, Copy)]
pub(super) enum Refused {
    Doc,
    Note,
}

pub(super) fn update_error(error: Error<PaperUpdateError>, refused: Refused) -> CoreError {
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

pub(super) fn create_error(error: Error<PaperCreateError>) -> CoreError {
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
}
