use std::time::Duration;

use crate::hosts::Hosts;
use crate::secret::AccessToken;

/// Connect and whole-request timeouts: a stalled network never hangs the app.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A signed-in client. Cheap to clone; clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    hosts: Hosts,
    token: AccessToken,
}

impl Client {
    pub fn new(hosts: Hosts, token: AccessToken) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("Dropdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self { http, hosts, token }
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
