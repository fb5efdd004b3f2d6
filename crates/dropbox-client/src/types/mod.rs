//! Wire types, named as in the spec, grouped by namespace.

pub mod users;
