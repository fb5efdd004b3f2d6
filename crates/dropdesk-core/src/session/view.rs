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
    /// Set when no keyring works: the sign-in lasts for this session only. Says why and how to
    /// fix it.
    pub keyring_problem: Option<String>,
    /// An app key is configured, so "Connect Dropbox" can work.
    pub can_connect: bool,
    /// Set after Dropbox ended the sign-in: why, and what to do.
    pub ended: Option<String>,
    /// Signed in before, but Dropbox cannot be reached to sign in again: the sign-in is kept,
    /// and the window tries again.
    pub unreachable: bool,
    /// Every account signed in here (or whose sign-in ended), the active one marked.
    pub accounts: Vec<crate::accounts::AccountEntry>,
    /// Where the window was when the active account was last used.
    pub whereabouts: crate::whereabouts::Whereabouts,
    /// The active account's arriving submissions raise desktop notifications.
    pub notifies_arrivals: bool,
}

/// A sign-in waiting for the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignInStarted {
    /// Dropbox's consent page, shown as a link in case the browser did not open.
    pub authorize_url: String,
    /// Dropbox will show a code to paste (no loopback port was free, or the user asked).
    pub paste_code: bool,
    pub browser_opened: bool,
}
