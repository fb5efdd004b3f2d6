//! One function per route, named as in the spec, grouped by namespace.

pub mod auth;
pub mod file_requests;
pub mod files;
pub mod sharing;
pub mod users;
