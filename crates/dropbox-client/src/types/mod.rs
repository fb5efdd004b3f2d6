//! Wire types, named as in the spec, grouped by namespace.

pub mod files;
pub mod users;
