//! Starting and stopping the server.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::control_client::ControlClient;
use crate::model::account::AccountType;
use crate::routes;
use crate::seeds::Seed;
use crate::store::Store;

/// Dropbox's short-lived access tokens last four hours.
const DEFAULT_ACCESS_TOKEN_TTL: Duration = Duration::from_secs(14_400);

/// Shared by every handler.
pub(crate) type AppState = Arc<Shared>;

pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) clock: Clock,
    pub(crate) access_token_ttl: Duration,
    next_request_id: AtomicU64,
}

/// Entry point: `Emulator::builder()…spawn()`.
pub struct Emulator;

impl Emulator {
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

#[derive(Debug)]
pub struct EmulatorBuilder {
    seed: Seed,
    account_type: AccountType,
    port: u16,
    access_token_ttl: Duration,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            seed: Seed::default(),
            account_type: AccountType::default(),
            port: 0,
            access_token_ttl: DEFAULT_ACCESS_TOKEN_TTL,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
}

impl EmulatorBuilder {
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// The signed-in account's plan (Professional by default).
    pub fn account_type(mut self, account_type: AccountType) -> Self {
        self.account_type = account_type;
        self
    }

    /// The loopback port to listen on; 0 (the default) picks any free port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    pub fn access_token_ttl(mut self, ttl: Duration) -> Self {
        self.access_token_ttl = ttl;
        self
    }

    /// Binds 127.0.0.1 only (never a public interface) and serves on the current Tokio runtime.
    pub async fn spawn(self) -> Result<EmulatorHandle, SpawnError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))
            .await
            .map_err(|source| SpawnError::Bind {
                port: self.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SpawnError::Bind {
            port: self.port,
            source,
        })?;
        let state: AppState = Arc::new(Shared {
            store: Store::new(self.seed.account(self.account_type)),
            clock: Clock::default(),
            access_token_ttl: self.access_token_ttl,
            next_request_id: AtomicU64::new(1),
        });
        let app = routes::router(state.clone())
            .layer(middleware::from_fn_with_state(state, stamp_request_id));
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "emulator stopped serving");
            }
        });
        tracing::info!(%addr, seed = ?self.seed, "emulator listening");
        Ok(EmulatorHandle {
            addr,
            stop: Some(stop_tx),
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server; `shutdown` also waits until it has stopped.
#[derive(Debug)]
pub struct EmulatorHandle {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`: the one origin that serves the api, content, notify and www hosts.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client for the control API under `/__emulator/`.
    pub fn control(&self) -> ControlClient {
        ControlClient::new(&self.base_url())
    }

    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Every response carries `X-Dropbox-Request-Id`, which both official SDKs read.
async fn stamp_request_id(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let id = state.next_request_id.fetch_add(1, Ordering::Relaxed);
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&format!("{id:032x}")) {
        response.headers_mut().insert("x-dropbox-request-id", value);
    }
    response
}

/// A 200 JSON body with `Content-Type: application/json` exactly (no charset suffix).
pub(crate) fn json_ok<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => {
            let mut response = (StatusCode::OK, body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(error) => {
            tracing::error!(%error, "could not encode a response");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
