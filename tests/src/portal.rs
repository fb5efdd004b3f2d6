//! Stands in for the desktop's appearance portal on the session bus: the `Settings` interface
//! of xdg-desktop-portal, as GNOME and KDE serve it, with only the appearance's
//! `color-scheme` (1 dark, 2 light, 0 no preference), which a test can change as the user's
//! dark style switch would.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::Context;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::{OwnedValue, Value};

const NAME: &str = "org.freedesktop.portal.Desktop";
const PATH: &str = "/org/freedesktop/portal/desktop";
const NAMESPACE: &str = "org.freedesktop.appearance";
const KEY: &str = "color-scheme";

struct Settings {
    color_scheme: Arc<AtomicU32>,
}

#[zbus::interface(name = "org.freedesktop.portal.Settings")]
impl Settings {
    fn read_one(&self, namespace: &str, key: &str) -> zbus::fdo::Result<OwnedValue> {
        if namespace == NAMESPACE && key == KEY {
            Ok(OwnedValue::from(self.color_scheme.load(Ordering::SeqCst)))
        } else {
            Err(zbus::fdo::Error::Failed(format!(
                "Requested setting not found: {namespace} {key}"
            )))
        }
    }

    #[zbus(property)]
    fn version(&self) -> u32 {
        2
    }

    #[zbus(signal)]
    async fn setting_changed(
        emitter: &SignalEmitter<'_>,
        namespace: &str,
        key: &str,
        value: Value<'_>,
    ) -> zbus::Result<()>;
}

/// The portal, on the bus until dropped.
pub struct AppearancePortal {
    connection: zbus::Connection,
    color_scheme: Arc<AtomicU32>,
}

impl AppearancePortal {
    /// Takes the portal's name on the session bus, saying `color_scheme`.
    pub async fn start(color_scheme: u32) -> anyhow::Result<Self> {
        let shared = Arc::new(AtomicU32::new(color_scheme));
        let connection = zbus::connection::Builder::session()?
            .name(NAME)?
            .serve_at(
                PATH,
                Settings {
                    color_scheme: shared.clone(),
                },
            )?
            .build()
            .await
            .context("serving the appearance portal on the session bus")?;
        Ok(Self {
            connection,
            color_scheme: shared,
        })
    }

    /// Changes the preference and announces it, as flipping the desktop's dark style does.
    pub async fn set(&self, color_scheme: u32) -> anyhow::Result<()> {
        self.color_scheme.store(color_scheme, Ordering::SeqCst);
        let emitter = SignalEmitter::new(&self.connection, PATH)?;
        Settings::setting_changed(&emitter, NAMESPACE, KEY, Value::U32(color_scheme)).await?;
        Ok(())
    }
}
