//! Dropdesk's use cases. No Tauri here: the shell passes in paths, settings and clients, so all of
//! this is tested without a desktop.

pub mod account;
pub mod account_settings;
pub mod accounts;
pub mod appearance;
pub mod courses;
mod csv_file;
pub mod downloads;
pub mod error;
pub mod folders;
pub mod links;
mod lookup;
pub mod markdown;
pub mod paper;
pub mod paths;
pub mod requests;
pub mod session;
pub mod settings;
pub mod shortcuts;
pub mod space;
pub mod term;
pub mod text;
pub mod waits;
pub mod whereabouts;
pub mod zoom;

pub use error::{CoreError, ErrorCode};
