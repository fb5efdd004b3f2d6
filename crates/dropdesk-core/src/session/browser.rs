//! Who shows the consent page: the user's browser, or (in demo mode) a stand-in that presses
//! Allow by itself, so the demo signs in through the same PKCE flow as the real Dropbox.

use std::sync::Arc;

use url::Url;

/// Opens a URL in the system browser; the shell provides it (the `open` crate).
pub type OpenUrl = Arc<dyn Fn(&Url) -> Result<(), String> + Send + Sync>;

#[derive(Clone)]
pub enum Browser {
    /// The user's browser.
    System(OpenUrl),
    /// Loads the consent page of an emulator started with auto-approve and follows its
    /// redirect to the loopback receiver, as a browser would.
    AutoApprove,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Browser::System(_) => "Browser::System",
            Browser::AutoApprove => "Browser::AutoApprove",
        })
    }
}

impl Browser {
    pub(crate) async fn open(&self, url: &Url) -> Result<(), String> {
        match self {
            Browser::System(open) => open(url),
            Browser::AutoApprove => {
                let http = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| e.to_string())?;
                let consent = http
                    .get(url.as_str())
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                let location = consent
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or("the demo's consent page did not redirect")?
                    .to_owned();
                // The receiver answers once the exchange can go on; that is all a browser does.
                tokio::spawn(async move {
                    if let Err(error) = http.get(&location).send().await {
                        tracing::warn!(%error, "the demo's redirect did not reach the receiver");
                    }
                });
                Ok(())
            }
        }
    }
}
