//! What crosses the IPC boundary besides core view types.

mod error;

pub use error::IpcError;
