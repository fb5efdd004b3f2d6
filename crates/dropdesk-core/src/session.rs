//! What the app shows about its connection to Dropbox.

use serde::Serialize;
use ts_rs::TS;

use crate::account::AccountView;

/// Which Dropbox the app is connected to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackendMode {
    /// The built-in Dropbox with the demo course; nothing leaves the computer.
    Demo,
    /// The user's real Dropbox.
    Dropbox,
}

/// The session as the UI sees it. Never carries a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionView {
    pub mode: BackendMode,
    /// The signed-in account; none until the user signs in.
    pub account: Option<AccountView>,
}
