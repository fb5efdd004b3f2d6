//! The access token a client calls with: refreshed ahead of expiry and after Dropbox says it
//! expired, one refresh at a time however many calls are waiting.

use std::time::Duration;

use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::error::{AuthError, Error};
use crate::hosts::Hosts;
use crate::secret::{AccessToken, RefreshToken};

/// Refresh this long before the access token runs out (as the official SDKs do).
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

pub(crate) struct Tokens {
    current: Mutex<Current>,
    refresher: Option<Refresher>,
}

struct Current {
    access: Option<AccessToken>,
    /// When the access token runs out; `None` = unknown (use it until Dropbox says otherwise).
    expires_at: Option<Instant>,
}

struct Refresher {
    app_key: String,
    refresh_token: RefreshToken,
}

/// Why a refresh failed.
enum RefreshFailure {
    /// The refresh token is no longer valid (revoked, or the app was unlinked).
    Rejected,
    Transport(reqwest::Error),
    Unexpected {
        status: u16,
        body: String,
    },
}

impl RefreshFailure {
    fn into_error<E>(self) -> Error<E> {
        match self {
            RefreshFailure::Rejected => Error::Auth(AuthError::InvalidAccessToken),
            RefreshFailure::Transport(e) => Error::Transport(e),
            RefreshFailure::Unexpected { status, body } if status >= 500 => {
                Error::Server { status, body }
            }
            RefreshFailure::Unexpected { body, .. } => Error::BadRequest(body),
        }
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
}

impl Tokens {
    /// A fixed access token, never refreshed.
    pub(crate) fn fixed(access: AccessToken) -> Self {
        Self {
            current: Mutex::new(Current {
                access: Some(access),
                expires_at: None,
            }),
            refresher: None,
        }
    }

    /// Tokens from a refresh token (a new access token is fetched on first use).
    pub(crate) fn refreshing(app_key: String, refresh_token: RefreshToken) -> Self {
        Self {
            current: Mutex::new(Current {
                access: None,
                expires_at: None,
            }),
            refresher: Some(Refresher {
                app_key,
                refresh_token,
            }),
        }
    }

    /// Tokens straight from a sign-in: its access token is used until it runs out.
    pub(crate) fn signed_in(
        app_key: String,
        access: AccessToken,
        expires_in: Option<Duration>,
        refresh_token: RefreshToken,
    ) -> Self {
        Self {
            current: Mutex::new(Current {
                access: Some(access),
                expires_at: expires_in.map(|ttl| Instant::now() + ttl),
            }),
            refresher: Some(Refresher {
                app_key,
                refresh_token,
            }),
        }
    }

    pub(crate) fn can_refresh(&self) -> bool {
        self.refresher.is_some()
    }

    /// The token to call with, refreshed first if it is missing or about to run out.
    pub(crate) async fn access<E>(
        &self,
        http: &reqwest::Client,
        hosts: &Hosts,
    ) -> Result<AccessToken, Error<E>> {
        let mut current = self.current.lock().await;
        let fresh = current
            .expires_at
            .is_none_or(|at| Instant::now() + REFRESH_MARGIN < at);
        if let Some(access) = &current.access
            && (fresh || self.refresher.is_none())
        {
            return Ok(access.clone());
        }
        // Holding the lock across the refresh makes concurrent callers wait for this one.
        self.refresh_locked(&mut current, http, hosts).await
    }

    /// After Dropbox answered `expired_access_token` to `rejected`: refresh, unless another
    /// call already did (then its token is used).
    pub(crate) async fn refresh_after_rejected<E>(
        &self,
        rejected: &AccessToken,
        http: &reqwest::Client,
        hosts: &Hosts,
    ) -> Result<AccessToken, Error<E>> {
        let mut current = self.current.lock().await;
        if let Some(access) = &current.access
            && !access.same_as(rejected)
        {
            return Ok(access.clone());
        }
        self.refresh_locked(&mut current, http, hosts).await
    }

    async fn refresh_locked<E>(
        &self,
        current: &mut Current,
        http: &reqwest::Client,
        hosts: &Hosts,
    ) -> Result<AccessToken, Error<E>> {
        let Some(refresher) = &self.refresher else {
            return Err(Error::Auth(AuthError::ExpiredAccessToken));
        };
        let started = Instant::now();
        let response = refresher
            .refresh(http, hosts)
            .await
            .map_err(RefreshFailure::into_error)?;
        let access = AccessToken::new(response.access_token);
        current.access = Some(access.clone());
        current.expires_at = response
            .expires_in
            .map(|secs| started + Duration::from_secs(secs));
        tracing::debug!(expires_in = ?response.expires_in, "access token refreshed");
        Ok(access)
    }
}

impl Refresher {
    async fn refresh(
        &self,
        http: &reqwest::Client,
        hosts: &Hosts,
    ) -> Result<TokenResponse, RefreshFailure> {
        let mut url = hosts.api.clone();
        url.set_path("/oauth2/token");
        let response = http
            .post(url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", self.refresh_token.expose()),
                ("client_id", self.app_key.as_str()),
            ])
            .send()
            .await
            .map_err(RefreshFailure::Transport)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(RefreshFailure::Transport)?;
        if status == 200 {
            return serde_json::from_slice(&body).map_err(|e| RefreshFailure::Unexpected {
                status,
                body: format!("undecodable token response: {e}"),
            });
        }
        #[derive(Deserialize)]
        struct OAuthError {
            error: String,
        }
        match serde_json::from_slice::<OAuthError>(&body) {
            Ok(error) if error.error == "invalid_grant" => Err(RefreshFailure::Rejected),
            _ => Err(RefreshFailure::Unexpected {
                status,
                body: String::from_utf8_lossy(&body).into_owned(),
            }),
        }
    }
}
