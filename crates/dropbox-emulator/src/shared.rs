//! What every request handler shares: the state and the plain JSON answer.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::clock::Clock;
use crate::faults::Faults;
use crate::model::account::AccountType;
use crate::store::Store;

/// Shared by every handler.
pub(crate) type AppState = Arc<Shared>;

pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) clock: Clock,
    pub(crate) config: Config,
    pub(crate) faults: Faults,
    /// `http://127.0.0.1:PORT`, for the URLs the emulator hands out.
    pub(crate) base_url: String,
    /// Temporary links: key → (the user whose file it is, file id, expiry).
    pub(crate) temporary_links: Mutex<HashMap<String, (usize, String, i64)>>,
    /// Set when the server is stopping, so that longpolls return.
    pub(crate) stopping: tokio::sync::watch::Sender<bool>,
    /// One-time tokens of consent pages shown, so a consent answer comes from our own page.
    pub(crate) consent_tokens: Mutex<std::collections::HashSet<String>>,
    /// Calls per route, for the control API's stats.
    pub(crate) calls: Mutex<HashMap<String, u64>>,
    /// Calls per account and route whose token was checked (refused ones included), for the
    /// control API's stats: which account each call was made for.
    pub(crate) account_calls: Mutex<HashMap<String, HashMap<String, u64>>>,
    pub(crate) next_request_id: AtomicU64,
}

/// What the emulator was started with.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) account_type: AccountType,
    pub(crate) access_token_ttl: Duration,
    /// Accepted `client_id`s; empty accepts any.
    pub(crate) app_keys: Vec<String>,
    /// Registered redirect URIs, matched exactly.
    pub(crate) redirect_uris: Vec<String>,
    /// Skip the consent page, as Dropbox does for an app the user already approved.
    pub(crate) auto_approve: bool,
    /// Added to every API call.
    pub(crate) latency: Duration,
    /// Paper docs are files (`paper_as_files`); false stands for an account on the old Paper.
    pub(crate) paper_as_files: bool,
    /// How the upload page names what it stores.
    pub(crate) uploader_names: UploaderNames,
}

/// How the upload page names a stored file. Dropbox's own format is reported by users, not
/// documented: the name the uploader typed after a ` - ` (`hw3 - Grace Hopper.pdf`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UploaderNames {
    /// `hw3.pdf` from Grace Hopper is stored as `hw3 - Grace Hopper.pdf`.
    #[default]
    Appended,
    /// Stored under the name it was uploaded with.
    AsUploaded,
}

impl std::str::FromStr for UploaderNames {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "appended" => Ok(UploaderNames::Appended),
            "as-uploaded" => Ok(UploaderNames::AsUploaded),
            other => Err(format!("{other:?}: choose \"appended\" or \"as-uploaded\"")),
        }
    }
}

impl Shared {
    pub(crate) fn now(&self) -> i64 {
        self.clock.now_unix()
    }

    /// Counts a call to `route` made with a token of `account_id`.
    pub(crate) fn count_call_of(&self, account_id: &str, route: &str) {
        *self
            .account_calls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(account_id.to_owned())
            .or_default()
            .entry(route.to_owned())
            .or_default() += 1;
    }
}

/// A 200 JSON body with `Content-Type: application/json` exactly (no charset suffix).
pub(crate) fn json_ok<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => {
            let mut response = (StatusCode::OK, body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(error) => {
            tracing::error!(%error, "could not encode a response");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
