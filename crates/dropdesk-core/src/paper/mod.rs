//! Paper docs as Markdown, one use case per module: whether the account can reach them, find
//! them, open one (`files/export`), save with the revision it was opened at (merging when
//! someone else saved in between), add a dated note without the editor, and create one. The
//! drafts keep unsaved edits on this computer.

mod availability;
mod create;
pub mod drafts;
mod list;
pub mod merge;
mod note;
mod open;
mod refusals;
mod save;

pub use availability::{PaperAvailability, availability};
pub use create::{CreatedDoc, NewDoc, create};
pub use list::{PaperDocView, list};
pub use note::{NotePlace, add_note};
pub use open::{OpenedDoc, open};
pub use save::{Base, SaveOutcome, save, save_text};

const EXTENSION: &str = ".paper";

fn title_of(name: &str) -> String {
    name.strip_suffix(EXTENSION)
        .or_else(|| name.strip_suffix(".PAPER"))
        .unwrap_or(name)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_drop_the_extension() {
        assert_eq!(title_of("Lecture 1 notes.paper"), "Lecture 1 notes");
        assert_eq!(title_of("Odd.PAPER"), "Odd");
        assert_eq!(title_of("no extension"), "no extension");
    }
}
