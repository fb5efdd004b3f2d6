//! A typed client for the Dropbox API v2.
//!
//! Hosts are overridable (one setting points everything at an emulator), tokens are secrets, and
//! every error keeps what a caller needs to act on it. It knows nothing of Dropdesk or Tauri, and
//! shares no code with `dropbox-emulator`.
//!
//! TLS is rustls with the operating system's trust store, and no certificate is pinned: Dropbox
//! changes its certificate chain (its root CA moves in 2026), and SDKs that pinned broke.

mod auth;
mod client;
mod error;
mod hosts;
mod paging;
mod path_root;
mod retry;
mod secret;
mod wire;

pub mod routes;
pub mod types;

pub use auth::loopback::{CALLBACK_PATH, LoopbackReceiver};
pub use auth::pkce::{Callback, PendingSignIn, SignInError, SignedIn};
pub use auth::store::{MemoryTokenStore, TokenStore, TokenStoreError};
pub use client::Client;
pub use error::{AuthError, Error, VoidError};
pub use hosts::Hosts;
pub use path_root::{PathRoot, PathRootError};
pub use retry::{RetryPolicy, Wait, WaitObserver, WaitReason};
pub use secret::{AccessToken, RefreshToken};
pub use wire::ByteStream;
