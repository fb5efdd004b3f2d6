//! Dropbox's wire conventions: argument decoding for the three request styles, header-safe JSON,
//! timestamps, stone unions and patterns.

pub(crate) mod args;
pub(crate) mod content_hash;
pub(crate) mod header_json;
pub(crate) mod timestamp;
pub(crate) mod union;
