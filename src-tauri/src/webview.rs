//! WebKitGTK settings for a window of lists and forms. Accelerated compositing renders through
//! OpenGL, which on a machine without a GPU driver is Mesa's software rasteriser, and it kept
//! about 90 MiB in the web process for nothing this window draws (no 3D, no video, no large
//! animated layers): the window draws with the CPU instead. The cache model is the one WebKit
//! gives a viewer of local documents: the page comes from the app, not the web.

use tauri::{Manager, Runtime};

/// Applies the settings to the main window's webview, where there is one (not in the mock
/// runtime the command tests use).
pub fn tune<R: Runtime>(app: &tauri::App<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let tuned = window.with_webview(|webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = webview.inner();
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = webview;
    });
    if let Err(error) = tuned {
        tracing::info!(%error, "the webview keeps WebKit's default settings");
    }
}
