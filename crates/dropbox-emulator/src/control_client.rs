//! A typed client for the control API, for tests and for Dropdesk's demo mode.

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

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
        self.post_or_get("health", None).await.map(drop)
    }

    /// An access token for the seeded account, without going through OAuth.
    pub async fn issue_token(&self) -> Result<IssuedToken, ControlError> {
        let body = self.post_or_get("tokens", Some(json!({}))).await?;
        serde_json::from_slice(&body).map_err(ControlError::Decode)
    }

    /// Moves the emulator's clock forward.
    pub async fn advance_clock(&self, by: Duration) -> Result<(), ControlError> {
        self.post_or_get("clock/advance", Some(json!({ "seconds": by.as_secs() })))
            .await
            .map(drop)
    }

    async fn post_or_get(
        &self,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<Vec<u8>, ControlError> {
        let url = format!("{}/__emulator/v1/{path}", self.base_url);
        let request = match body {
            Some(body) => self.http.post(url).json(&body),
            None => self.http.get(url),
        };
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
