//! Stands in for the desktop's notification service on the session bus
//! (`org.freedesktop.Notifications`, as GNOME Shell, Plasma or dunst serve it): it writes down
//! every notification it is asked to show, and a test clicks one as the user would, which the
//! service announces with `ActionInvoked`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// One notification as the app sent it.
#[derive(Clone, Debug)]
pub struct Shown {
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
    /// The hints' string values (`desktop-entry`, `category`).
    pub hints: HashMap<String, String>,
}

#[derive(Default)]
struct Log {
    shown: Mutex<Vec<Shown>>,
    changed: tokio::sync::Notify,
}

struct Server {
    log: Arc<Log>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    fn get_capabilities(&self) -> Vec<String> {
        ["actions", "body", "body-markup"]
            .map(String::from)
            .to_vec()
    }

    #[allow(clippy::too_many_arguments)] // the spec's signature
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self
            .log
            .shown
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let id = u32::try_from(shown.len() + 1).unwrap_or(u32::MAX);
        shown.push(Shown {
            id,
            app_name,
            summary,
            body,
            actions,
            hints: hints
                .into_iter()
                .filter_map(|(key, value)| String::try_from(value).ok().map(|v| (key, v)))
                .collect(),
        });
        self.log.changed.notify_waiters();
        id
    }

    fn close_notification(&self, _id: u32) {}

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "dropdesk-e2e".into(),
            "Dropdesk".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;
}

/// The service, on the bus until dropped.
pub struct NotificationService {
    connection: zbus::Connection,
    log: Arc<Log>,
}

impl NotificationService {
    /// Takes the service's name on the session bus.
    pub async fn start() -> anyhow::Result<Self> {
        let log = Arc::new(Log::default());
        let connection = zbus::connection::Builder::session()?
            .name(NAME)?
            .serve_at(PATH, Server { log: log.clone() })?
            .build()
            .await
            .context("serving the notification service on the session bus")?;
        Ok(Self { connection, log })
    }

    /// Every notification shown so far, oldest first.
    pub fn shown(&self) -> Vec<Shown> {
        self.log
            .shown
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until `count` notifications in all were shown; fails after `within`.
    pub async fn until_shown(&self, count: usize, within: Duration) -> anyhow::Result<Vec<Shown>> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let changed = self.log.changed.notified();
            tokio::pin!(changed);
            // Registered before looking, so a notification between the two is not missed.
            changed.as_mut().enable();
            let shown = self.shown();
            if shown.len() >= count {
                return Ok(shown);
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                anyhow::bail!(
                    "{count} notifications were not shown within {within:?}; shown: {shown:#?}"
                );
            }
        }
    }

    /// Clicks notification `id`, as the user would (its `default` action).
    pub async fn click(&self, id: u32) -> anyhow::Result<()> {
        let emitter = SignalEmitter::new(&self.connection, PATH)?;
        Server::action_invoked(&emitter, id, "default").await?;
        Ok(())
    }
}
