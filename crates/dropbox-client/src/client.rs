use std::time::Duration;

use crate::hosts::Hosts;
use crate::retry::{RetryPolicy, Wait, WaitObserver};
use crate::secret::AccessToken;

/// Connect and whole-request timeouts: a stalled network never hangs the app.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A signed-in client. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    hosts: Hosts,
    token: AccessToken,
    retry: RetryPolicy,
    on_wait: Option<WaitObserver>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("hosts", &self.hosts)
            .field("token", &self.token)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(hosts: Hosts, token: AccessToken) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("Dropdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            http,
            hosts,
            token,
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

    pub(crate) fn token(&self) -> &AccessToken {
        &self.token
    }
}
