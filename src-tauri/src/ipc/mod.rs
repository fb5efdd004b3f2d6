//! What crosses the IPC boundary besides core view types.

mod error;
mod pages;

pub use error::IpcError;
pub use pages::{end_pages, send_page};
