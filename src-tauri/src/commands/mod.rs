//! Tauri commands: each unpacks its input, makes one core call and maps the error.

pub mod downloads;
pub mod paper;
pub mod requests;
pub mod session;
pub mod settings;
