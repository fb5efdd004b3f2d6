//! A typed client for the control API, for tests and for Dropdesk's demo mode.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Clone, Debug)]
pub struct ControlClient {
    base_url: String,
    http: reqwest::Client,
}

/// An access token issued through the control API. Its `Debug` hides the token.
#[derive(Clone, Deserialize)]
pub struct IssuedToken {
    pub access_token: String,
    pub expires_in: u64,
    pub account_id: String,
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("access_token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// A way for the next calls of a route to fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `retry_after` in the JSON body and a `Retry-After` header.
    RateLimit { retry_after_secs: u64 },
    /// 429 with only a `Retry-After` header.
    RateLimitHeaderOnly { retry_after_secs: u64 },
    /// A server error with this status.
    Status(u16),
    /// The call succeeds this much later.
    Latency(Duration),
    /// The connection breaks after the response headers; the route does not run.
    DropConnection,
    /// The route runs (its change is kept), then the connection breaks before the answer.
    LoseAnswer,
    /// HTTP 200 with this body (say, truncated JSON).
    Body(String),
}

impl Fault {
    fn to_json(&self) -> Value {
        match self {
            Fault::RateLimit { retry_after_secs } => {
                json!({ "kind": "rate_limit", "retry_after_secs": retry_after_secs })
            }
            Fault::RateLimitHeaderOnly { retry_after_secs } => {
                json!({ "kind": "rate_limit_header_only", "retry_after_secs": retry_after_secs })
            }
            Fault::Status(status) => json!({ "kind": "status", "status": status }),
            Fault::Body(body) => json!({ "kind": "body", "body": body }),
            Fault::Latency(delay) => {
                json!({ "kind": "latency", "ms": u64::try_from(delay.as_millis()).unwrap_or(u64::MAX) })
            }
            Fault::DropConnection => json!({ "kind": "drop_connection" }),
            Fault::LoseAnswer => json!({ "kind": "lose_answer" }),
        }
    }
}

/// Counters kept by the emulator.
#[derive(Clone, Debug, Deserialize)]
pub struct Stats {
    /// `refresh_token` grants served by `/oauth2/token`.
    pub token_refreshes: u64,
    /// API calls per route (`files/list_folder`, ...), faulted ones included.
    pub calls: std::collections::HashMap<String, u64>,
    /// API calls per account id and route, counted when the call's token is one the account
    /// was given (refused ones included: a revoked or expired token still says whose it was).
    #[serde(default)]
    pub calls_by_account: std::collections::HashMap<String, std::collections::HashMap<String, u64>>,
}

impl Stats {
    /// All calls made with `account_id`'s tokens.
    pub fn calls_of(&self, account_id: &str) -> u64 {
        self.calls_by_account
            .get(account_id)
            .map_or(0, |routes| routes.values().sum())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("the emulator's control API could not be reached: {0}")]
    Transport(#[from] reqwest::Error),
    #[error("the emulator's control API answered with an unexpected body: {0}")]
    Decode(serde_json::Error),
    #[error("the emulator's control API answered {status}: {body}")]
    Status { status: u16, body: String },
}

impl ControlClient {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap_or_default(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Succeeds once the emulator answers.
    pub async fn health(&self) -> Result<(), ControlError> {
        self.call(reqwest::Method::GET, "health", None)
            .await
            .map(drop)
    }

    /// An access token with every scope for the seeded account, without going through OAuth.
    pub async fn issue_token(&self) -> Result<IssuedToken, ControlError> {
        self.call_json(reqwest::Method::POST, "tokens", Some(json!({})))
            .await
    }

    /// Moves the emulator's clock forward.
    pub async fn advance_clock(&self, by: Duration) -> Result<(), ControlError> {
        self.call(
            reqwest::Method::POST,
            "clock/advance",
            Some(json!({ "seconds": by.as_secs() })),
        )
        .await
        .map(drop)
    }

    /// Makes the next `times` calls of `route` (e.g. `files/list_folder`, or `*` for any) fail.
    pub async fn inject_fault(
        &self,
        route: &str,
        times: u32,
        fault: Fault,
    ) -> Result<(), ControlError> {
        self.call(
            reqwest::Method::POST,
            "faults",
            Some(json!({ "route": route, "times": times, "fault": fault.to_json() })),
        )
        .await
        .map(drop)
    }

    /// Makes the next `times` calls of `route` whose argument's `path` is `path` (in any case)
    /// fail; calls on other paths go through.
    pub async fn inject_fault_at(
        &self,
        route: &str,
        path: &str,
        times: u32,
        fault: Fault,
    ) -> Result<(), ControlError> {
        self.call(
            reqwest::Method::POST,
            "faults",
            Some(json!({ "route": route, "path": path, "times": times, "fault": fault.to_json() })),
        )
        .await
        .map(drop)
    }

    pub async fn clear_faults(&self) -> Result<(), ControlError> {
        self.call(reqwest::Method::DELETE, "faults", None)
            .await
            .map(drop)
    }

    pub async fn stats(&self) -> Result<Stats, ControlError> {
        self.call_json(reqwest::Method::GET, "stats", None).await
    }

    /// Counts of what the emulator holds (files, file requests, shared links).
    pub async fn state(&self) -> Result<Value, ControlError> {
        self.call_json(reqwest::Method::GET, "state", None).await
    }

    /// Replaces all state with a fresh seed (`"demo"` or `"empty"`); every token is revoked.
    pub async fn reset(&self, seed: &str) -> Result<(), ControlError> {
        self.call(
            reqwest::Method::POST,
            "reset",
            Some(json!({ "seed": seed })),
        )
        .await
        .map(drop)
    }

    /// Ends every sign-in, as disconnecting the app at dropbox.com does.
    pub async fn unlink(&self) -> Result<(), ControlError> {
        self.call(reqwest::Method::POST, "unlink", None)
            .await
            .map(drop)
    }

    /// Adds a user: a personal account (`account_type` `basic` or `pro`) with an empty
    /// Dropbox, or with `team` another member of the seeded user's team, sharing its team
    /// space. Returns the new account's id.
    pub async fn add_user(
        &self,
        name: &str,
        email: &str,
        account_type: &str,
        team: bool,
    ) -> Result<String, ControlError> {
        let value: Value = self
            .call_json(
                reqwest::Method::POST,
                "users",
                Some(json!({
                    "name": name, "email": email, "account_type": account_type, "team": team
                })),
            )
            .await?;
        Ok(value["account_id"].as_str().unwrap_or_default().to_owned())
    }

    /// Every token the emulator issued, access (revoked ones too) and refresh (not revoked),
    /// of every account: what a test looks for in places no token may be.
    pub async fn issued_tokens(&self) -> Result<Vec<String>, ControlError> {
        let value: Value = self.call_json(reqwest::Method::GET, "tokens", None).await?;
        let mut tokens = Vec::new();
        for account in value.as_object().into_iter().flat_map(|m| m.values()) {
            for kind in ["access", "refresh"] {
                tokens.extend(
                    account[kind]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_owned),
                );
            }
        }
        Ok(tokens)
    }

    /// Signs the browser in to dropbox.com as `account_id`: the next sign-in (the consent
    /// page, or an auto-approved one) is for that account.
    pub async fn sign_browser_in_as(&self, account_id: &str) -> Result<(), ControlError> {
        self.call(
            reqwest::Method::POST,
            "browser",
            Some(json!({ "account_id": account_id })),
        )
        .await
        .map(drop)
    }

    /// Moves the team's space to a new root namespace (Dropbox's team space migration), so a
    /// call naming the old root gets `invalid_root`; returns the new root's id.
    pub async fn move_team_space(&self) -> Result<String, ControlError> {
        let value: Value = self
            .call_json(reqwest::Method::POST, "team_space/move", None)
            .await?;
        Ok(value["root_namespace_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Edits a Paper doc as another user would (policy `overwrite` or `append`); returns the
    /// doc's new revision.
    pub async fn edit_paper(
        &self,
        path: &str,
        markdown: &str,
        policy: &str,
    ) -> Result<i64, ControlError> {
        let value: Value = self
            .call_json(
                reqwest::Method::POST,
                "paper/edit",
                Some(json!({ "path": path, "markdown": markdown, "policy": policy })),
            )
            .await?;
        Ok(value["paper_revision"].as_i64().unwrap_or_default())
    }

    async fn call_json<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, ControlError> {
        let bytes = self.call(method, path, body).await?;
        serde_json::from_slice(&bytes).map_err(ControlError::Decode)
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Vec<u8>, ControlError> {
        let url = format!("{}/__emulator/v1/{path}", self.base_url);
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        if !status.is_success() {
            return Err(ControlError::Status {
                status: status.as_u16(),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
        Ok(bytes.to_vec())
    }
}
