//! Setting up a term: many requests from one pattern, previewed before anything is made.

pub mod preview;
pub mod schedule;

pub use preview::{Preview, PreviewRow, REQUEST_CAP, RowStatus, preview};
pub use schedule::{MAX_ROWS, PlannedRow, Repeat, TermPattern, expand};
