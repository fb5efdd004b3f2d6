//! Sign-in with OAuth 2 PKCE (no app secret), offline access: the authorize URL to open in the
//! browser, then the code exchange, checking the single-use `state` first.

use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RequestTokenError, Scope, TokenResponse, TokenUrl,
};
use url::Url;

use crate::hosts::Hosts;
use crate::secret::{AccessToken, RefreshToken};

/// What the browser brought back to the app. Its `Debug` hides the code (a one-time secret).
#[derive(Clone, PartialEq, Eq)]
pub enum Callback {
    /// Consent given: the code to exchange, and the state to check.
    Code { code: String, state: Option<String> },
    /// The user pressed Cancel (or Dropbox refused): `error` and its description.
    Denied { error: String, description: String },
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Callback::Code { state, .. } => f
                .debug_struct("Code")
                .field("code", &"[redacted]")
                .field("state", state)
                .finish(),
            Callback::Denied { error, description } => f
                .debug_struct("Denied")
                .field("error", error)
                .field("description", description)
                .finish(),
        }
    }
}

/// A finished sign-in.
#[derive(Debug)]
pub struct SignedIn {
    pub access_token: AccessToken,
    /// Present with offline access: keep it in the OS keyring.
    pub refresh_token: Option<RefreshToken>,
    pub expires_in: Option<Duration>,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the sign-in answer does not belong to this sign-in (state mismatch)")]
    StateMismatch,
    #[error("access was not given: {0}")]
    Denied(String),
    #[error("Dropbox refused the sign-in: {0}")]
    Rejected(String),
    #[error("could not reach Dropbox to finish signing in: {0}")]
    Transport(String),
    #[error("no sign-in answer arrived within {0:?}")]
    TimedOut(Duration),
    #[error("none of the sign-in ports ({0}) is free on this computer")]
    NoFreePort(String),
    #[error("the sign-in could not be set up: {0}")]
    Setup(String),
}

/// A sign-in in progress: open `authorize_url()` in the browser, then `finish`.
pub struct PendingSignIn {
    client_id: String,
    authorize_url: Url,
    state: CsrfToken,
    verifier: PkceCodeVerifier,
    redirect_uri: Option<String>,
    token_url: String,
}

impl std::fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingSignIn")
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

impl PendingSignIn {
    /// Starts a sign-in. `redirect_uri` is the loopback receiver's; `None` means the user will
    /// paste the code Dropbox shows.
    pub fn start(
        hosts: &Hosts,
        app_key: &str,
        scopes: &[&str],
        redirect_uri: Option<&str>,
    ) -> Result<Self, SignInError> {
        let setup = |e: &dyn std::fmt::Display| SignInError::Setup(e.to_string());
        let mut auth_url = hosts.authorize.clone();
        auth_url.set_path("/oauth2/authorize");
        let mut token_url = hosts.api.clone();
        token_url.set_path("/oauth2/token");
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let client = BasicClient::new(ClientId::new(app_key.to_owned()))
            .set_auth_uri(AuthUrl::from_url(auth_url));
        let client = match redirect_uri {
            Some(uri) => {
                client.set_redirect_uri(RedirectUrl::new(uri.to_owned()).map_err(|e| setup(&e))?)
            }
            None => client,
        };
        let (authorize_url, state) = client
            .authorize_url(CsrfToken::new_random)
            .add_scopes(scopes.iter().map(|s| Scope::new((*s).to_owned())))
            .add_extra_param("token_access_type", "offline")
            .set_pkce_challenge(challenge)
            .url();
        Ok(Self {
            client_id: app_key.to_owned(),
            authorize_url,
            state,
            verifier,
            redirect_uri: redirect_uri.map(str::to_owned),
            token_url: token_url.to_string(),
        })
    }

    pub fn authorize_url(&self) -> &Url {
        &self.authorize_url
    }

    /// Finishes with what the loopback receiver got: the state is checked before any exchange.
    pub async fn finish(self, callback: Callback) -> Result<SignedIn, SignInError> {
        match callback {
            Callback::Denied { error, description } => {
                Err(SignInError::Denied(if description.is_empty() {
                    error
                } else {
                    description
                }))
            }
            Callback::Code { code, state } => {
                if state.as_deref() != Some(self.state.secret().as_str()) {
                    return Err(SignInError::StateMismatch);
                }
                self.exchange(code).await
            }
        }
    }

    /// Finishes with a code the user pasted (the flow without a redirect URI). A code Dropbox
    /// refuses (mistyped, from another sign-in) leaves the sign-in as it was, so the right
    /// code can still finish it.
    pub async fn finish_with_pasted_code(&self, code: &str) -> Result<SignedIn, SignInError> {
        self.exchange(code.trim().to_owned()).await
    }

    async fn exchange(&self, code: String) -> Result<SignedIn, SignInError> {
        let setup = |e: &dyn std::fmt::Display| SignInError::Setup(e.to_string());
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_token_uri(TokenUrl::new(self.token_url.clone()).map_err(|e| setup(&e))?);
        let client = match &self.redirect_uri {
            Some(uri) => {
                client.set_redirect_uri(RedirectUrl::new(uri.clone()).map_err(|e| setup(&e))?)
            }
            None => client,
        };
        // The token endpoint must not be followed through redirects (oauth2's advice).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| setup(&e))?;
        let token = client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(PkceCodeVerifier::new(self.verifier.secret().clone()))
            .request_async(&http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(response) => SignInError::Rejected(
                    response
                        .error_description()
                        .cloned()
                        .unwrap_or_else(|| response.error().to_string()),
                ),
                RequestTokenError::Request(e) => SignInError::Transport(e.to_string()),
                other => SignInError::Rejected(other.to_string()),
            })?;
        Ok(SignedIn {
            access_token: AccessToken::new(token.access_token().secret().clone()),
            refresh_token: token
                .refresh_token()
                .map(|t| RefreshToken::new(t.secret().clone())),
            expires_in: token.expires_in(),
        })
    }
}
