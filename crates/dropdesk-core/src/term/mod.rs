//! Setting up a term: many requests from one pattern, previewed before anything is made, then
//! created a few at a time with a journal, so that nothing is ever made twice.

pub mod import;
pub mod journal;
pub mod placing;
pub mod preview;
pub mod rollover;
pub mod run;
pub mod schedule;

pub use journal::{Journal, JournalRow, RowState};
pub use preview::{Preview, PreviewRow, REQUEST_CAP, RowStatus, preview, preview_placed};
pub use rollover::{Rollover, rollover};
pub use run::{AT_ONCE, RowReport, RunSummary, run};
pub use schedule::{MAX_ROWS, PlannedRow, Repeat, TermPattern, expand};
