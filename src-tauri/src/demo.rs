//! Demo mode: the built-in Dropbox emulator, seeded with a professor's course.

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{ControlClient, Emulator, EmulatorHandle, Seed};
use dropdesk_core::CoreError;

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
            let emulator = Emulator::builder()
                .seed(Seed::Demo)
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
