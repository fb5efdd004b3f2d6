//! The emulator's own wire types and renderings (the spec's names), independent of any client.

pub mod account;
pub(crate) mod file_requests;
pub(crate) mod files;
pub(crate) mod sharing;
