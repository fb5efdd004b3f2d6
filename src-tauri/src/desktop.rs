//! What makes Dropdesk a desktop citizen rather than a page in a window: one instance (a second
//! launch raises the first window and exits), and the window where it was left (size, position,
//! maximised), kept as it changes so that a crash loses at most the last half second of it.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// The window the app opens with (`tauri.conf.json`).
pub const MAIN_WINDOW: &str = "main";

/// The file, in the config folder, that holds the window's size and place.
pub const WINDOW_FILE: &str = "window.json";

/// How long the window must stay still before its place is written down: a drag or a resize
/// sends dozens of events, the file is written once after the last.
const SETTLE: Duration = Duration::from_millis(500);

/// What is remembered of the window. Not visibility: the window always opens shown.
fn remembered() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// A second launch of the app finds the first on the session bus (D-Bus on Linux), hands it
/// its arguments and exits with success; the first brings its window to the front. Registered
/// before any other plugin, so that the second copy stops before it opens a window or a port.
pub fn single_instance<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_single_instance::init(|app, _argv, _cwd| {
        tracing::info!("another launch asked for the window");
        raise(app);
    })
}

/// Shows the main window in front, wherever it was: minimised, hidden or behind others.
pub fn raise<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    let raised = window
        .unminimize()
        .and_then(|()| window.show())
        .and_then(|()| window.set_focus());
    if let Err(error) = raised {
        tracing::warn!(%error, "the window could not be brought to the front");
    }
}

/// Remembers the window's size, position and maximised state in the config folder and puts
/// the window back there when the app opens again (onto a screen that is still there).
pub fn window_state<R: Runtime>(config_dir: &Path) -> TauriPlugin<R> {
    // An absolute name: the file sits beside settings.json, not in a second config folder.
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(remembered())
        .with_filename(config_dir.join(WINDOW_FILE).display().to_string())
        .build()
}

/// Writes the window's place down once it has settled after a move or a resize, and when it
/// closes: the plugin alone writes only when the app exits normally. The config folder is
/// made first: on a first start the window can move before anything else has been saved.
pub fn keep_window_state<R: Runtime>(config_dir: &Path) -> TauriPlugin<R> {
    let config_dir = config_dir.to_path_buf();
    tauri::plugin::Builder::new("window-keeper")
        .on_window_ready(move |window| {
            if window.label() != MAIN_WINDOW {
                return;
            }
            let generation = Arc::new(AtomicU64::new(0));
            let handle = window.app_handle().clone();
            let config_dir = config_dir.clone();
            window.on_window_event(move |event| match event {
                WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
                    let this = generation.fetch_add(1, Ordering::SeqCst) + 1;
                    let generation = generation.clone();
                    let handle = handle.clone();
                    let config_dir = config_dir.clone();
                    tauri::async_runtime::spawn(async move {
                        tokio::time::sleep(SETTLE).await;
                        // A later move takes over; only the last one writes.
                        if generation.load(Ordering::SeqCst) == this {
                            save(&handle, &config_dir);
                        }
                    });
                }
                WindowEvent::CloseRequested { .. } => save(&handle, &config_dir),
                _ => {}
            });
        })
        .build()
}

fn save<R: Runtime>(app: &AppHandle<R>, config_dir: &Path) {
    let saved = std::fs::create_dir_all(config_dir)
        .map_err(tauri_plugin_window_state::Error::from)
        .and_then(|()| app.save_window_state(remembered()));
    if let Err(error) = saved {
        tracing::warn!(%error, "the window's size and place could not be saved");
    }
}
