//! The window never leaves the app: every top-level navigation away from the app's own origin
//! (a link opened from WebKit's menu, a form, a script setting `location`) is refused, and an
//! https address goes to the system browser instead.

use dropdesk_core::links::{Navigation, navigation};
use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Url};

pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| allow(url))
        .build()
}

fn allow(url: &Url) -> bool {
    match navigation(url) {
        Navigation::Stay => true,
        Navigation::OpenOutside(url) => {
            tracing::info!(
                host = url.host_str().unwrap_or_default(),
                "a navigation went to the browser instead"
            );
            if let Err(error) = open::that_detached(url.as_str()) {
                tracing::warn!(%error, "the browser could not be opened");
            }
            false
        }
        Navigation::Refuse => {
            tracing::warn!(
                scheme = url.scheme(),
                "refused a navigation away from the app"
            );
            false
        }
    }
}
