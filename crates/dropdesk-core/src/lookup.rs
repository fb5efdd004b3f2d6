//! Words for `files.LookupError`, the refusal every path-taking route shares.

use dropbox_client::types::files::LookupError;

use crate::error::CoreError;

/// What a refused path means, and what to do, for a route that did not word it itself.
pub(crate) fn lookup_refused(error: &LookupError) -> CoreError {
    tracing::info!(refusal = ?error, "Dropbox refused the path");
    CoreError::Dropbox(
        match error {
            LookupError::MalformedPath { .. } => {
                "Dropbox does not accept that path. Remove unusual characters (\\ : * ? \" < > |) \
                 and try again."
            }
            LookupError::NotFound => {
                "It is no longer in Dropbox: it was moved or deleted. Reload to see what is \
                 there now."
            }
            LookupError::NotFile => "That is a folder, not a file. Choose a file.",
            LookupError::NotFolder => "That is a file, not a folder. Choose a folder.",
            LookupError::RestrictedContent => {
                "Dropbox restricts this content (for example for copyright), so it can't be \
                 opened or shared."
            }
            LookupError::UnsupportedContentType => {
                "Dropbox can't do that with this kind of file. Open it at dropbox.com instead."
            }
            LookupError::Locked => {
                "It is locked in Dropbox (being moved or edited elsewhere). Try again in a \
                 moment."
            }
            LookupError::Other => "Dropbox could not find or open it. Reload and try again.",
        }
        .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lookup_refusal_has_words_with_a_fix() {
        for error in [
            LookupError::MalformedPath {
                malformed_path: None,
            },
            LookupError::NotFound,
            LookupError::NotFile,
            LookupError::NotFolder,
            LookupError::RestrictedContent,
            LookupError::UnsupportedContentType,
            LookupError::Locked,
            LookupError::Other,
        ] {
            let text = lookup_refused(&error).to_string();
            assert!(text.ends_with('.'), "{text}");
            assert!(!text.contains("Lookup"), "{text}");
        }
    }
}
