//! A Dropbox-compatible API server.
//!
//! Dropdesk's demo mode and every integration and end-to-end test talk to this server instead of
//! Dropbox. It speaks Dropbox's wire protocol (all hosts folded onto one port: the API under
//! `/2/`, OAuth under `/oauth2/`, file request upload pages, temporary links) and adds a control
//! API under `/__emulator/v1/` that a client of the real Dropbox would never call.
//!
//! It shares no code with `dropbox-client` on purpose: each checks the other.
//!
//! ```no_run
//! # async fn demo() -> Result<(), dropbox_emulator::SpawnError> {
//! use dropbox_emulator::{Emulator, Seed};
//! let emulator = Emulator::builder().seed(Seed::Demo).spawn().await?;
//! println!("Dropbox at {}", emulator.base_url());
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```

mod clock;
mod control_client;
mod errors;
mod faults;
mod model;
mod routes;
mod scope;
mod seeds;
mod server;
mod shared;
mod store;
#[cfg(feature = "tls")]
mod tls;
mod wire;

pub use clock::Clock;
pub use control_client::{ControlClient, ControlError, Fault, IssuedToken, Stats};
pub use model::account::AccountType;
pub use seeds::Seed;
pub use server::{Emulator, EmulatorBuilder, EmulatorHandle, SpawnError};
pub use shared::UploaderNames;
pub use store::StoreError;
#[cfg(feature = "tls")]
pub use tls::{TlsError, TlsFront};
