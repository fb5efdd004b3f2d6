//! Demo mode: the built-in Dropbox emulator, seeded with a professor's course, which signs in
//! through the same PKCE flow as the real Dropbox (its consent page approves by itself).

use std::path::Path;

use dropbox_client::Hosts;
use dropbox_emulator::{ControlClient, Emulator, EmulatorHandle, Seed};
use dropdesk_core::CoreError;
use dropdesk_core::session::{BackendMode, Connection, DEMO_APP_KEY};
use dropdesk_core::settings::redirect_uri;

/// The demo Dropbox. Holds the embedded emulator, if any, so it lives as long.
pub struct DemoBackend {
    pub connection: Connection,
    pub control: ControlClient,
    _emulator: Option<EmulatorHandle>,
}

/// Starts the embedded emulator, its state under `data_dir` (or uses `external`, which must
/// accept `DEMO_APP_KEY` on `external_ports` with auto-approve).
pub async fn start(
    external: Option<&url::Url>,
    external_ports: &[u16],
    data_dir: &Path,
) -> Result<DemoBackend, CoreError> {
    let (emulator, base_url, ports) = match external {
        Some(url) => (None, url.clone(), external_ports.to_vec()),
        None => {
            // A port of its own, registered with the emulator: the real app's ports may be in
            // use by a sign-in, and demos of several app instances must not collide.
            let port = free_loopback_port()?;
            let emulator = Emulator::builder()
                .seed(Seed::Demo)
                .data_dir(data_dir)
                .app_key(DEMO_APP_KEY)
                .redirect_uri(redirect_uri(port))
                .auto_approve(true)
                .spawn()
                .await
                .map_err(|e| CoreError::DemoUnavailable(e.to_string()))?;
            let url = emulator
                .base_url()
                .parse()
                .map_err(|e| CoreError::Internal(format!("emulator address: {e}")))?;
            (Some(emulator), url, vec![port])
        }
    };
    tracing::info!(%base_url, embedded = emulator.is_some(), "demo Dropbox ready");
    Ok(DemoBackend {
        control: ControlClient::new(base_url.as_str()),
        connection: Connection {
            mode: BackendMode::Demo,
            hosts: Hosts::single_origin(&base_url),
            app_key: DEMO_APP_KEY.to_owned(),
            redirect_ports: ports,
        },
        _emulator: emulator,
    })
}

fn free_loopback_port() -> Result<u16, CoreError> {
    std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| CoreError::DemoUnavailable(format!("no free local port: {e}")))
}

/// The demo as the core's accounts see it: started on first use (under the data folder, or
/// the external emulator of the end-to-end tests), reset through the control API, stopped when
/// the demo account is signed out.
pub struct ShellDemo {
    config: crate::config::AppConfig,
    running: tokio::sync::Mutex<Option<DemoBackend>>,
}

impl ShellDemo {
    pub fn new(config: crate::config::AppConfig) -> Self {
        Self {
            config,
            running: tokio::sync::Mutex::new(None),
        }
    }
}

impl dropdesk_core::accounts::Demo for ShellDemo {
    fn start(&self) -> futures_util::future::BoxFuture<'_, Result<Connection, CoreError>> {
        Box::pin(async move {
            let mut running = self.running.lock().await;
            if let Some(demo) = running.as_ref() {
                return Ok(demo.connection.clone());
            }
            let ports = match &self.config.redirect_ports {
                Some(ports) => ports.clone(),
                None => dropdesk_core::settings::Settings::load_file(&self.config.paths)?.ports(),
            };
            let demo = start(
                self.config.demo_emulator_url.as_ref(),
                &ports,
                &self.config.paths.data_dir.join("demo"),
            )
            .await?;
            let connection = demo.connection.clone();
            *running = Some(demo);
            Ok(connection)
        })
    }

    fn reset(&self) -> futures_util::future::BoxFuture<'_, Result<(), CoreError>> {
        Box::pin(async move {
            let control = self
                .running
                .lock()
                .await
                .as_ref()
                .map(|demo| demo.control.clone())
                .ok_or_else(|| CoreError::InvalidInput {
                    field: "demo",
                    message: "Reset demo data works in the demo only.".into(),
                })?;
            control.reset("demo").await.map_err(|error| {
                tracing::warn!(%error, "the demo's Dropbox did not take the reset");
                CoreError::Offline(
                    "The demo's Dropbox did not answer, so nothing was reset. Try again.".into(),
                )
            })
        })
    }

    fn stop(&self) -> futures_util::future::BoxFuture<'_, ()> {
        Box::pin(async move {
            self.running.lock().await.take();
        })
    }
}
