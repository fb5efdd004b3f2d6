//! Starting and stopping the server, and what every request shares.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::control_client::ControlClient;
use crate::faults::Faults;
use crate::model::account::AccountType;
use crate::routes;
use crate::seeds::Seed;
use crate::shared::UploaderNames;
pub(crate) use crate::shared::{AppState, Config, Shared};
use crate::store::{Store, StoreError};

/// Dropbox's short-lived access tokens last four hours.
const DEFAULT_ACCESS_TOKEN_TTL: Duration = Duration::from_secs(14_400);

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
    port: u16,
    data_dir: Option<PathBuf>,
    clock: Clock,
    config: Config,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            seed: Seed::default(),
            port: 0,
            data_dir: None,
            clock: Clock::default(),
            config: Config {
                account_type: AccountType::default(),
                access_token_ttl: DEFAULT_ACCESS_TOKEN_TTL,
                app_keys: Vec::new(),
                redirect_uris: Vec::new(),
                auto_approve: false,
                latency: Duration::ZERO,
                paper_as_files: true,
                uploader_names: UploaderNames::default(),
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EmulatorBuilder {
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// The signed-in account's plan (Professional by default).
    pub fn account_type(mut self, account_type: AccountType) -> Self {
        self.config.account_type = account_type;
        self
    }

    /// Whether the account's Paper docs are files (`paper_as_files`, true by default); false
    /// stands for an account still on the old Paper, whose docs the files API cannot reach.
    pub fn paper_as_files(mut self, enabled: bool) -> Self {
        self.config.paper_as_files = enabled;
        self
    }

    /// How the upload page names stored files: with the uploader's name appended (as Dropbox
    /// does, by users' reports; the default) or as uploaded.
    pub fn uploader_names(mut self, names: UploaderNames) -> Self {
        self.config.uploader_names = names;
        self
    }

    /// The loopback port to listen on; 0 (the default) picks any free port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How long issued access tokens live (at most ten years).
    pub fn access_token_ttl(mut self, ttl: Duration) -> Self {
        self.config.access_token_ttl = ttl.min(Duration::from_secs(10 * 365 * 86_400));
        self
    }

    /// Shares a clock with the test: advancing it expires tokens and passes deadlines.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Keeps the state in this folder, so that it survives restarts.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// Accepts this OAuth `client_id` (repeatable). With none, any is accepted.
    pub fn app_key(mut self, key: impl Into<String>) -> Self {
        self.config.app_keys.push(key.into());
        self
    }

    /// Registers a redirect URI (repeatable); `/oauth2/authorize` matches them exactly.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.config.redirect_uris.push(uri.into());
        self
    }

    /// Approves authorization requests without showing the consent page.
    pub fn auto_approve(mut self, yes: bool) -> Self {
        self.config.auto_approve = yes;
        self
    }

    /// Adds this much latency to every API call.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.config.latency = latency;
        self
    }

    /// Binds 127.0.0.1 only (never a public interface) and serves on the current Tokio runtime.
    pub async fn spawn(self) -> Result<EmulatorHandle, SpawnError> {
        let bind_error = |source| SpawnError::Bind {
            port: self.port,
            source,
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))
            .await
            .map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        let base_url = format!("http://{addr}");
        let clock = self.clock;
        let seed = self
            .seed
            .state(self.config.account_type, clock.now_unix(), &base_url);
        let store = Store::open(seed, self.data_dir.as_deref())?;
        let state: AppState = Arc::new(Shared {
            store,
            clock,
            config: self.config,
            faults: Faults::default(),
            base_url,
            temporary_links: Mutex::new(HashMap::new()),
            stopping: tokio::sync::watch::channel(false).0,
            consent_tokens: Mutex::new(std::collections::HashSet::new()),
            calls: Mutex::new(HashMap::new()),
            account_calls: Mutex::new(HashMap::new()),
            next_request_id: AtomicU64::new(1),
        });
        let app = routes::router(state.clone())
            .layer(middleware::from_fn_with_state(state.clone(), api_call))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                stamp_request_id,
            ));
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let saver = tokio::spawn(save_when_dirty(state.clone()));
        let served_state = state.clone();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "emulator stopped serving");
            }
            saver.abort();
            if let Err(error) = served_state.store.save() {
                tracing::error!(%error, "could not save the emulator's state");
            }
        });
        tracing::info!(%addr, seed = ?self.seed, "emulator listening");
        Ok(EmulatorHandle {
            addr,
            state,
            stop: Some(stop_tx),
            task: Some(task),
        })
    }
}

/// Saves the state shortly after writes, at most a few times a second.
async fn save_when_dirty(state: AppState) {
    loop {
        state.store.dirtied().await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        if let Err(error) = state.store.save() {
            tracing::error!(%error, "could not save the emulator's state");
        }
    }
}

/// A running emulator. Dropping it stops the server; `shutdown` also waits until it has stopped
/// and its state is saved.
pub struct EmulatorHandle {
    addr: SocketAddr,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for EmulatorHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`: the one origin that serves the api, content, notify and www hosts.
    pub fn base_url(&self) -> String {
        self.state.base_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client for the control API under `/__emulator/`.
    pub fn control(&self) -> ControlClient {
        ControlClient::new(&self.base_url())
    }

    pub async fn shutdown(mut self) {
        self.state.stopping.send_replace(true);
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
        self.state.stopping.send_replace(true);
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Every response carries `X-Dropbox-Request-Id`, which both official SDKs read.
async fn stamp_request_id(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let id = state.next_request_id.fetch_add(1, Ordering::Relaxed);
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&format!("{id:032x}")) {
        response.headers_mut().insert("x-dropbox-request-id", value);
    }
    response
}

/// The `path` of a call's argument (the `Dropbox-API-Arg` header of a content call, or an RPC
/// call's JSON body), with the request rebuilt around the body it read.
async fn call_path(request: Request) -> (Request, Option<String>) {
    fn path_of(arg: &[u8]) -> Option<String> {
        let arg: serde_json::Value = serde_json::from_slice(arg).ok()?;
        arg.get("path")?.as_str().map(str::to_owned)
    }
    if let Some(arg) = request.headers().get("dropbox-api-arg") {
        let path = path_of(arg.as_bytes());
        return (request, path);
    }
    let (parts, body) = request.into_parts();
    // RPC arguments are small; a body too big to read is answered as if no path matched.
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let path = path_of(&bytes);
    (
        Request::from_parts(parts, axum::body::Body::from(bytes)),
        path,
    )
}

/// For API calls (`/2/...`): count them, add the configured latency, and apply scripted faults.
async fn api_call(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(route) = request.uri().path().strip_prefix("/2/").map(str::to_owned) else {
        return next.run(request).await;
    };
    *state
        .calls
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(route.clone())
        .or_default() += 1;
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let (request, path) = if state.faults.wants_path(&route) {
        call_path(request).await
    } else {
        (request, None)
    };
    if let Some(fault) = state.faults.take(&route, path.as_deref()) {
        if let Some(delay) = fault.delay() {
            tokio::time::sleep(delay).await;
        } else if fault.after_route() {
            let answer = next.run(request).await;
            tracing::info!(route, status = %answer.status(), "fault: the answer is lost");
            return crate::faults::broken_response();
        } else if let Some(response) = fault.response() {
            return response;
        }
    }
    next.run(request).await
}
