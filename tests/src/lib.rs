//! The end-to-end harness: drives the real Dropdesk binary through WebDriver (tauri-driver in
//! front of WebKitWebDriver), against an emulator the test started.
//!
//! ```no_run
//! # async fn example() {
//! use dropbox_emulator::Emulator;
//! use dropdesk_e2e::Launch;
//!
//! let emulator = Emulator::builder().spawn().await.unwrap();
//! dropdesk_e2e::run("smoke", Launch::demo(&emulator), async |app| {
//!     app.wait_for_text("[data-testid=account-name]", "Ada Lovelace").await?;
//!     Ok(())
//! })
//! .await;
//! # }
//! ```
//!
//! On failure the harness saves a screenshot, the page's HTML and the app's log under
//! `target/e2e-artifacts/<test>/`. It always shuts down cleanly: the WebDriver session is closed,
//! tauri-driver gets SIGTERM, and no process of the session is left behind.

mod app;
mod artifacts;
pub mod browser;
mod driver;
mod locate;
mod processes;

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures_util::FutureExt;

pub use app::App;
use dropbox_emulator::EmulatorHandle;

/// How long a `wait_for…` looks before giving up.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(20);

/// One WebDriver session at a time: WebKitWebDriver and Xvfb are shared by the whole machine.
static ONE_SESSION_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// How to start the app.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    env: Vec<(String, String)>,
}

impl Launch {
    /// Demo mode with the app's built-in emulator (no app key configured).
    pub fn builtin_demo() -> Self {
        Self::default()
    }

    /// Demo mode against the given emulator instead of the app's built-in one.
    pub fn demo(emulator: &EmulatorHandle) -> Self {
        Self::default().env("DROPDESK_DEMO_EMULATOR_URL", emulator.base_url())
    }

    /// Adds an environment variable for the app.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }
}

/// Launches the app, runs `steps` against it, and shuts everything down. Panics with the steps'
/// error (after saving artifacts) if they fail, or if the shutdown leaves a process behind.
pub async fn run<F>(test_name: &str, launch: Launch, steps: F)
where
    F: AsyncFnOnce(&App) -> anyhow::Result<()>,
{
    let _turn = ONE_SESSION_AT_A_TIME.lock().await;
    let app = match App::launch(test_name, &launch).await {
        Ok(app) => app,
        Err(error) => panic!("{test_name}: the app did not start: {error:#}"),
    };
    // A panicking assertion inside the steps still gets artifacts and a clean shutdown.
    let outcome = AssertUnwindSafe(steps(&app)).catch_unwind().await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(error)) => Some(format!("{error:#}")),
        Err(panic) => Some(panic_message(panic.as_ref())),
    };
    if let Some(failure) = failure {
        let saved = app.save_artifacts().await;
        let shutdown = app.shutdown().await;
        panic!(
            "{test_name} failed: {failure}\nartifacts: {saved}\nshutdown: {}",
            shutdown.map_or_else(|e| format!("{e:#}"), |()| "clean".into())
        );
    }
    if let Err(error) = app.shutdown().await {
        panic!("{test_name}: the app did not shut down cleanly: {error:#}");
    }
}
