//! Told when work arrives: while the window is in the background (not focused, minimised or
//! hidden), files arriving in the active account's open requests raise desktop notifications
//! through the freedesktop notification service, grouped a request at a time and at most once
//! a minute each (see `dropdesk_core::requests::arrivals`). Clicking one brings the window to
//! the front with that request open.
//!
//! The watch follows the active account: it starts again when another account becomes active
//! or the user turns the notices on or off, and outlasts lost networks and a sleeping machine
//! by asking again, with the cursor it had, after a growing pause.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use dropdesk_core::CoreError;
use dropdesk_core::requests::arrivals::{ArrivalWatch, Notice, Notices};
use futures_util::StreamExt;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::{AppState, SignedIn};

const SERVICE: &str = "org.freedesktop.Notifications";
const SERVICE_PATH: &str = "/org/freedesktop/Notifications";
/// The `.desktop` file the notifications belong to (its icon and name), without `.desktop`:
/// the package installs `Dropdesk.desktop`.
const DESKTOP_ENTRY: &str = "Dropdesk";
/// A longpoll answers within 30 s plus Dropbox's jitter of up to 90 s; one that has not
/// answered long after is a connection lost to a sleep or a network change.
const LONGPOLL_LIMIT: Duration = Duration::from_secs(180);
/// The longest pause between two tries after errors.
const MOST_PATIENT: Duration = Duration::from_secs(60);
/// Notifications remembered for their clicks; older ones open nothing.
const CLICKABLE: usize = 64;

/// Where the window listens for requests to open (a click on a notification).
#[derive(Default)]
pub struct Opens {
    channel: Mutex<Option<Channel<String>>>,
}

impl Opens {
    /// The window's channel; a reloaded window replaces the old one.
    pub fn listen(&self, channel: Channel<String>) {
        *self.channel.lock().unwrap_or_else(PoisonError::into_inner) = Some(channel);
    }

    fn open(&self, request_id: &str) {
        let channel = self.channel.lock().unwrap_or_else(PoisonError::into_inner);
        match channel.as_ref() {
            Some(channel) => {
                if let Err(error) = channel.send(request_id.to_owned()) {
                    tracing::info!(%error, "the window did not take the request to open");
                }
            }
            None => tracing::info!("the window does not listen for requests to open yet"),
        }
    }
}

/// Starts watching, for as long as the app runs. Without a notification service on the
/// session bus there is nothing to tell: the watch does not start.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let notifier = match Notifier::connect(app.clone()).await {
            Ok(notifier) => notifier,
            Err(error) => {
                tracing::info!(%error, "no desktop notifications: the service is not there");
                return;
            }
        };
        follow_accounts(&app, &notifier).await;
    });
}

/// Watches the active account while its notices are on; starts over at each change.
async fn follow_accounts<R: Runtime>(app: &AppHandle<R>, notifier: &Notifier<R>) {
    let state = app.state::<AppState>();
    let mut accounts = state.account_changes();
    let mut toggles = state.notice_toggles();
    loop {
        accounts.borrow_and_update();
        toggles.borrow_and_update();
        let changed = async {
            tokio::select! {
                seen = accounts.changed() => seen.is_ok(),
                seen = toggles.changed() => seen.is_ok(),
            }
        };
        tokio::pin!(changed);
        let go_on = tokio::select! {
            stopped = watch_active(app, notifier) => match stopped {
                Stopped::StartAgain => true,
                Stopped::UntilChanged => changed.await,
            },
            go_on = &mut changed => go_on,
        };
        if !go_on {
            return;
        }
    }
}

/// Why a watch stopped.
enum Stopped {
    /// Nothing to watch until an account or the setting changes (signed out, notices off,
    /// sign-in ended).
    UntilChanged,
    /// The account's root moved: its client is made again.
    StartAgain,
}

/// Watches the active account's open requests until it has nothing to watch for.
async fn watch_active<R: Runtime>(app: &AppHandle<R>, notifier: &Notifier<R>) -> Stopped {
    let state = app.state::<AppState>();
    let Ok(signed) = state.signed_in().await else {
        return Stopped::UntilChanged;
    };
    if !state.notifies_arrivals(&signed) {
        tracing::info!("arrival notices are off for this account");
        return Stopped::UntilChanged;
    }
    // Its pauses are its own: the window's "Retrying" line is for what the user asked for.
    let client = signed.client.clone().on_wait(Arc::new(|_| {}));
    let mut patience = Patience::default();
    let mut watch = loop {
        match ArrivalWatch::start(&client).await {
            Ok(watch) => break watch,
            Err(error) => {
                if let Some(stopped) = patience.bear(&signed, error).await {
                    return stopped;
                }
            }
        }
    };
    let (requests, folder) = watch.covering();
    tracing::info!(requests, folder, "watching for submissions");
    let mut notices = Notices::default();
    loop {
        let due = notices.next_due(Instant::now());
        let waiting = async {
            match due {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            answered = tokio::time::timeout(LONGPOLL_LIMIT, watch.next(&client)) => {
                let answered = answered.unwrap_or_else(|_| {
                    Err(CoreError::Offline("Dropbox did not answer the longpoll".into()))
                });
                match answered {
                    Ok(arrivals) => {
                        patience = Patience::default();
                        if !arrivals.is_empty() && in_background(app) {
                            notices.add(arrivals);
                        }
                    }
                    Err(error) => {
                        if let Some(stopped) = patience.bear(&signed, error).await {
                            return stopped;
                        }
                    }
                }
            }
            () = waiting => {}
        }
        for notice in notices.due(Instant::now()) {
            notifier.show(&notice).await;
        }
    }
}

/// A growing pause between tries after errors: 1 s, 2 s, 4 s … a minute.
struct Patience(Duration);

impl Default for Patience {
    fn default() -> Self {
        Self(Duration::from_secs(1))
    }
}

impl Patience {
    /// Waits before the next try; says why not when trying again with this client is no use.
    async fn bear(&mut self, signed: &SignedIn, error: CoreError) -> Option<Stopped> {
        let stopped = match error {
            CoreError::SignInExpired => Some(Stopped::UntilChanged),
            CoreError::SpaceChanged => Some(Stopped::StartAgain),
            _ => None,
        };
        if stopped.is_some() {
            // The session ends the sign-in, or reads the account's new root.
            let _ = signed.watch(Err::<(), _>(error)).await;
            return stopped;
        }
        tracing::info!(%error, pause = ?self.0, "watching for submissions: trying again");
        tokio::time::sleep(self.0).await;
        self.0 = (self.0 * 2).min(MOST_PATIENT);
        None
    }
}

/// The user is not looking at the window: it is not focused, minimised or hidden.
fn in_background<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Some(window) = app.get_webview_window(crate::desktop::MAIN_WINDOW) else {
        return true;
    };
    let focused = window.is_focused().unwrap_or(false);
    let minimised = window.is_minimized().unwrap_or(false);
    let shown = window.is_visible().unwrap_or(true);
    !focused || minimised || !shown
}

/// Which notifications open which request. A click can come in before the service's answer
/// with the notification's id has been read: it waits here for the id.
#[derive(Default)]
struct Clicks {
    requests: HashMap<u32, String>,
    early: Vec<u32>,
}

impl Clicks {
    /// The request notification `id` was shown for; `None` until it is known.
    fn clicked(&mut self, id: u32) -> Option<String> {
        let request = self.requests.get(&id).cloned();
        if request.is_none() && self.early.len() < CLICKABLE {
            self.early.push(id);
        }
        request
    }

    /// Notes that `id` opens `request`; answers it when its click came in first.
    fn shown(&mut self, id: u32, request: &str) -> Option<String> {
        if self.requests.len() >= CLICKABLE {
            self.requests.clear();
        }
        self.requests.insert(id, request.to_owned());
        let early = self.early.iter().position(|e| *e == id)?;
        self.early.swap_remove(early);
        Some(request.to_owned())
    }
}

/// Brings the window up with `request` open.
fn open_request<R: Runtime>(app: &AppHandle<R>, request: &str) {
    tracing::info!("a notification was clicked: opening its request");
    crate::desktop::raise(app);
    app.state::<Opens>().open(request);
}

/// The desktop's notification service (`org.freedesktop.Notifications`).
struct Notifier<R: Runtime> {
    app: AppHandle<R>,
    proxy: zbus::Proxy<'static>,
    clicks: Arc<Mutex<Clicks>>,
}

impl<R: Runtime> Notifier<R> {
    async fn connect(app: AppHandle<R>) -> zbus::Result<Self> {
        let connection = zbus::Connection::session().await?;
        let proxy: zbus::Proxy<'static> = zbus::proxy::Builder::new(&connection)
            .destination(SERVICE)?
            .path(SERVICE_PATH)?
            .interface(SERVICE)?
            .cache_properties(zbus::proxy::CacheProperties::No)
            .build()
            .await?;
        // Asking proves someone serves the name before anything is watched.
        let _: (String, String, String, String) = proxy.call("GetServerInformation", &()).await?;
        let clicks: Arc<Mutex<Clicks>> = Arc::default();
        let mut invoked = proxy.receive_signal("ActionInvoked").await?;
        let book = clicks.clone();
        let handle = app.clone();
        tauri::async_runtime::spawn(async move {
            while let Some(signal) = invoked.next().await {
                let Ok((id, action)) = signal.body().deserialize::<(u32, String)>() else {
                    continue;
                };
                if action != "default" {
                    continue;
                }
                let request = book
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clicked(id);
                if let Some(request) = request {
                    open_request(&handle, &request);
                }
            }
        });
        Ok(Self { app, proxy, clicks })
    }

    async fn show(&self, notice: &Notice) {
        let hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::from([
            ("desktop-entry", DESKTOP_ENTRY.into()),
            ("category", "transfer.complete".into()),
        ]);
        let actions = ["default", "Open"];
        let sent: zbus::Result<u32> = self
            .proxy
            .call(
                "Notify",
                &(
                    "Dropdesk",
                    0_u32,
                    "",
                    notice.summary.as_str(),
                    notice.body.as_str(),
                    &actions[..],
                    hints,
                    -1_i32,
                ),
            )
            .await;
        match sent {
            Ok(id) => {
                let clicked_first = self
                    .clicks
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .shown(id, &notice.request_id);
                if let Some(request) = clicked_first {
                    open_request(&self.app, &request);
                }
            }
            Err(error) => tracing::warn!(%error, "the notification could not be shown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Clicks;

    #[test]
    fn a_click_opens_its_request_also_when_it_comes_before_the_id() {
        let mut clicks = Clicks::default();
        assert_eq!(clicks.shown(1, "id:hw1"), None);
        assert_eq!(clicks.clicked(1).as_deref(), Some("id:hw1"));
        // The service's signal overtook its answer to Notify.
        assert_eq!(clicks.clicked(2), None);
        assert_eq!(clicks.shown(2, "id:hw3").as_deref(), Some("id:hw3"));
        assert_eq!(clicks.shown(3, "id:hw3"), None, "a click is used once");
    }
}
