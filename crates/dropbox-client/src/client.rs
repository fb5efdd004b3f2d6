use std::time::Duration;

use std::sync::Arc;

use crate::auth::pkce::SignedIn;
use crate::auth::store::{TokenStore, TokenStoreError};
use crate::auth::tokens::Tokens;
use crate::error::{AuthError, Error};
use crate::hosts::Hosts;
use crate::path_root::PathRoot;
use crate::retry::{RetryPolicy, WaitObserver};
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
    path_root: Option<PathRoot>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("hosts", &self.hosts)
            .field("refreshes", &self.tokens.can_refresh())
            .field("retry", &self.retry)
            .field("path_root", &self.path_root)
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

    /// A client from a finished sign-in: its access token first, then refreshed from its
    /// refresh token (a sign-in without offline access gets a fixed token).
    pub fn from_sign_in(hosts: Hosts, app_key: &str, signed_in: &SignedIn) -> Self {
        let tokens = match &signed_in.refresh_token {
            Some(refresh) => Tokens::signed_in(
                app_key.to_owned(),
                signed_in.access_token.clone(),
                signed_in.expires_in,
                refresh.clone(),
            ),
            None => Tokens::fixed(signed_in.access_token.clone()),
        };
        Self::with_tokens(hosts, tokens)
    }

    /// A client for an account whose refresh token `store` kept from an earlier run, or
    /// `None` when it has none.
    pub fn from_store(
        hosts: Hosts,
        app_key: &str,
        store: &dyn TokenStore,
        account_id: &str,
    ) -> Result<Option<Self>, TokenStoreError> {
        Ok(store
            .load(account_id)?
            .map(|token| Self::with_refresh_token(hosts, app_key, token)))
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
            path_root: None,
        }
    }

    /// Replaces the retry policy.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A client whose paths are relative to `root` (`None`: the home folder). Clones share
    /// tokens, so a team-space client and a home client refresh once between them.
    pub fn with_path_root(mut self, root: Option<PathRoot>) -> Self {
        self.path_root = root;
        self
    }

    pub fn path_root(&self) -> Option<&PathRoot> {
        self.path_root.as_ref()
    }

    /// Adds what every authorized call carries: the bearer token and the path root.
    pub(crate) fn signed(
        &self,
        request: reqwest::RequestBuilder,
        token: &AccessToken,
    ) -> reqwest::RequestBuilder {
        let request = request.header(reqwest::header::AUTHORIZATION, token.bearer());
        match &self.path_root {
            Some(root) => request.header("Dropbox-API-Path-Root", root.header_value()),
            None => request,
        }
    }

    /// Reports every wait before a retry (e.g. to show a countdown).
    pub fn on_wait(mut self, observer: WaitObserver) -> Self {
        self.on_wait = Some(observer);
        self
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    pub(crate) fn wait_observer(&self) -> Option<&WaitObserver> {
        self.on_wait.as_ref()
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
