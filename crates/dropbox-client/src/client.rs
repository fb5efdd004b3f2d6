use std::time::Duration;

use std::sync::Arc;

use crate::auth::tokens::Tokens;
use crate::error::{AuthError, Error};
use crate::hosts::Hosts;
use crate::retry::{RetryPolicy, Wait, WaitObserver};
use crate::secret::{AccessToken, RefreshToken};

/// Connect and whole-request timeouts: a stalled network never hangs the app.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A signed-in client. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    hosts: Hosts,
    /// Shared by clones, so that they refresh once between them.
    tokens: Arc<Tokens>,
    retry: RetryPolicy,
    on_wait: Option<WaitObserver>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("hosts", &self.hosts)
            .field("refreshes", &self.tokens.can_refresh())
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with a fixed access token (never refreshed).
    pub fn new(hosts: Hosts, token: AccessToken) -> Self {
        Self::with_tokens(hosts, Tokens::fixed(token))
    }

    /// A client that gets its access tokens from a refresh token (offline access): ahead of
    /// expiry, and again whenever Dropbox says one expired, one refresh at a time.
    pub fn with_refresh_token(hosts: Hosts, app_key: &str, refresh_token: RefreshToken) -> Self {
        Self::with_tokens(hosts, Tokens::refreshing(app_key.to_owned(), refresh_token))
    }

    fn with_tokens(hosts: Hosts, tokens: Tokens) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("Dropdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            http,
            hosts,
            tokens: Arc::new(tokens),
            retry: RetryPolicy::default(),
            on_wait: None,
        }
    }

    /// Replaces the retry policy.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Reports every wait before a retry (e.g. to show a countdown).
    pub fn on_wait(mut self, observer: WaitObserver) -> Self {
        self.on_wait = Some(observer);
        self
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    pub(crate) fn report_wait(&self, wait: &Wait) {
        if let Some(observer) = &self.on_wait {
            observer(wait);
        }
    }

    pub fn hosts(&self) -> &Hosts {
        &self.hosts
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Runs one attempt with the current access token; if Dropbox says it expired and the
    /// client can refresh, refreshes (once, shared with concurrent calls) and tries again.
    pub(crate) async fn authorized<T, E, F, Fut>(&self, mut call: F) -> Result<T, Error<E>>
    where
        F: FnMut(AccessToken) -> Fut,
        Fut: std::future::Future<Output = Result<T, Error<E>>>,
    {
        let token = self.tokens.access(&self.http, &self.hosts).await?;
        match call(token.clone()).await {
            Err(Error::Auth(AuthError::ExpiredAccessToken)) if self.tokens.can_refresh() => {
                let fresh = self
                    .tokens
                    .refresh_after_rejected(&token, &self.http, &self.hosts)
                    .await?;
                call(fresh).await
            }
            other => other,
        }
    }
}
