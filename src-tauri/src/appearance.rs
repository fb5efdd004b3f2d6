//! Light or dark in the window, as the user chose or as the desktop says (see
//! `dropdesk_core::appearance`). The desktop is asked through the freedesktop appearance
//! portal on the session bus, and followed while the app runs; the window's theme is set on
//! the toolkit, which WebKit's `prefers-color-scheme` follows, so the page keeps one
//! stylesheet with one media query.

use std::sync::Mutex;

use dropdesk_core::appearance::{Scheme, ThemeChoice, scheme};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime, Theme};

/// What decides the window's colours.
#[derive(Default)]
struct Appearance {
    choice: Mutex<ThemeChoice>,
    /// The portal's preference; `None` before it answered, without one, or with no portal.
    desktop: Mutex<Option<Scheme>>,
}

/// Sets the window's colours from `choice` (the settings') when it opens, and follows the
/// desktop's preference while the app runs.
pub fn plugin<R: Runtime>(choice: ThemeChoice) -> TauriPlugin<R> {
    tauri::plugin::Builder::new("appearance")
        .setup(move |app, _api| {
            app.manage(Appearance {
                choice: Mutex::new(choice),
                ..Appearance::default()
            });
            #[cfg(target_os = "linux")]
            {
                let handle = app.clone();
                tauri::async_runtime::spawn(async move {
                    if let Err(error) = portal::follow_desktop(&handle).await {
                        tracing::info!(%error, "no appearance portal: the toolkit's theme decides");
                    }
                });
            }
            Ok(())
        })
        // Not `apply`: the window being made is not among the app's windows yet. Again as its
        // page loads, for a preference the portal gave while the window was being made.
        .on_window_ready(|window| set(window.set_theme(wanted(window.app_handle()))))
        .on_page_load(|webview, _| {
            set(webview.window().set_theme(wanted(webview.app_handle())));
        })
        .build()
}

/// The user chose `choice` in Settings: the window changes at once.
pub fn choose<R: Runtime>(app: &AppHandle<R>, choice: ThemeChoice) {
    if let Some(appearance) = app.try_state::<Appearance>() {
        *lock(&appearance.choice) = choice;
        apply(app);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The toolkit's theme for the window: the user's choice, else the desktop's preference.
fn wanted<R: Runtime>(app: &AppHandle<R>) -> Option<Theme> {
    let appearance = app.try_state::<Appearance>()?;
    let wanted = scheme(*lock(&appearance.choice), *lock(&appearance.desktop));
    wanted.map(|s| match s {
        Scheme::Light => Theme::Light,
        Scheme::Dark => Theme::Dark,
    })
}

fn apply<R: Runtime>(app: &AppHandle<R>) {
    let theme = wanted(app);
    for window in app.webview_windows().values() {
        set(window.set_theme(theme));
    }
}

/// Logs a window's refusal to change colours (`set_theme`'s result).
fn set(outcome: tauri::Result<()>) {
    if let Err(error) = outcome {
        tracing::warn!(%error, "the window's colours could not be changed");
    }
}

/// The freedesktop appearance portal (Linux desktops).
#[cfg(target_os = "linux")]
mod portal {
    use dropdesk_core::appearance::portal_scheme;
    use futures_util::StreamExt;
    use tauri::{AppHandle, Manager, Runtime};
    use zbus::zvariant::OwnedValue;

    use super::{Appearance, apply, lock};

    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
    const SETTINGS: &str = "org.freedesktop.portal.Settings";
    const NAMESPACE: &str = "org.freedesktop.appearance";
    const KEY: &str = "color-scheme";

    /// Reads the portal's `color-scheme`, applies it, and applies each change it announces.
    pub async fn follow_desktop<R: Runtime>(app: &AppHandle<R>) -> zbus::Result<()> {
        let connection = zbus::Connection::session().await?;
        let portal: zbus::Proxy<'_> = zbus::proxy::Builder::new(&connection)
            .destination(PORTAL)?
            .path(PORTAL_PATH)?
            .interface(SETTINGS)?
            .cache_properties(zbus::proxy::CacheProperties::No)
            .build()
            .await?;
        // Listening first: a change between the read and the subscription is not missed.
        let mut changes = portal.receive_signal("SettingChanged").await?;
        let value: OwnedValue = match portal.call("ReadOne", &(NAMESPACE, KEY)).await {
            Ok(value) => value,
            // Portals before version 2 only have Read, which wraps the value once more.
            Err(zbus::Error::MethodError(name, _, _))
                if name.as_str() == "org.freedesktop.DBus.Error.UnknownMethod" =>
            {
                portal.call("Read", &(NAMESPACE, KEY)).await?
            }
            Err(error) => return Err(error),
        };
        desktop_says(app, &value);
        while let Some(signal) = changes.next().await {
            let Ok((namespace, key, value)) =
                signal.body().deserialize::<(String, String, OwnedValue)>()
            else {
                continue;
            };
            if namespace == NAMESPACE && key == KEY {
                desktop_says(app, &value);
            }
        }
        Ok(())
    }

    fn desktop_says<R: Runtime>(app: &AppHandle<R>, value: &OwnedValue) {
        let Some(color_scheme) = as_u32(value) else {
            tracing::info!("the appearance portal's color-scheme is not a number; ignored");
            return;
        };
        let desktop = portal_scheme(color_scheme);
        tracing::info!(color_scheme, "the desktop's colour preference");
        if let Some(appearance) = app.try_state::<Appearance>() {
            *lock(&appearance.desktop) = desktop;
        }
        apply(app);
    }

    /// The number in `value`, also when a variant wraps it (the older `Read`).
    fn as_u32(value: &OwnedValue) -> Option<u32> {
        match &**value {
            zbus::zvariant::Value::Value(inner) => u32::try_from(&**inner).ok(),
            plain => u32::try_from(plain).ok(),
        }
    }
}
