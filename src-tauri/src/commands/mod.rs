//! Tauri commands, one module per area: each unpacks its input, makes one core call (plus,
//! where the use case needs the desktop, one call to it, such as opening the browser) and maps
//! the error.

pub mod courses;
pub mod downloads;
pub mod folders;
pub mod links;
pub mod paper;
pub mod requests;
pub mod session;
pub mod settings;
pub mod submissions;
pub mod term;
