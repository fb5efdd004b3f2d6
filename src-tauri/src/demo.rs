//! Demo mode: the built-in Dropbox emulator, seeded with a professor's course.

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{ControlClient, Emulator, EmulatorHandle, Seed};
use dropdesk_core::CoreError;

/// A year: longer than the app stays open.
const DEMO_TOKEN_LIFETIME: std::time::Duration = std::time::Duration::from_secs(365 * 86_400);

/// A connection to the demo Dropbox. Holds the embedded emulator, if any, so it lives as long.
pub struct DemoConnection {
    pub client: Client,
    _emulator: Option<EmulatorHandle>,
}

/// Starts the embedded emulator (or uses `external`) and signs in to it.
pub async fn connect(external: Option<&url::Url>) -> Result<DemoConnection, CoreError> {
    let (emulator, base_url) = match external {
        Some(url) => (None, url.clone()),
        None => {
            // The demo's token is issued once and never refreshed, so it must outlast any
            // session of the app (Dropbox's own last four hours).
            let emulator = Emulator::builder()
                .seed(Seed::Demo)
                .access_token_ttl(DEMO_TOKEN_LIFETIME)
                .spawn()
                .await
                .map_err(|e| CoreError::DemoUnavailable(e.to_string()))?;
            let url = emulator
                .base_url()
                .parse()
                .map_err(|e| CoreError::Internal(format!("emulator address: {e}")))?;
            (Some(emulator), url)
        }
    };
    let token = ControlClient::new(base_url.as_str())
        .issue_token()
        .await
        .map_err(|e| CoreError::DemoUnavailable(e.to_string()))?;
    tracing::info!(%base_url, embedded = emulator.is_some(), "demo Dropbox ready");
    Ok(DemoConnection {
        client: Client::new(
            Hosts::single_origin(&base_url),
            AccessToken::new(token.access_token),
        ),
        _emulator: emulator,
    })
}
