//! Wire types, named as in the spec, grouped by namespace.

pub mod file_requests;
pub mod files;
pub mod sharing;
pub mod users;
