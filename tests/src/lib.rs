//! The end-to-end harness: drives the real Dropdesk binary through WebDriver (tauri-driver in
//! front of WebKitWebDriver), against an emulator the test started.
//!
//! ```no_run
//! # async fn example() {
//! use dropdesk_e2e::{Launch, demo_emulator};
//!
//! let (builder, port) = demo_emulator();
//! let emulator = builder.spawn().await.unwrap();
//! dropdesk_e2e::run("smoke", Launch::demo(&emulator, port), async |app| {
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
pub mod axe;
pub mod bench;
pub mod browser;
mod driver;
pub mod focus;
pub mod keyboard;
mod locate;
pub mod notifications;
mod page;
pub mod portal;
mod processes;

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use anyhow::Context;
use futures_util::FutureExt;

pub use app::App;
use dropbox_emulator::EmulatorHandle;
pub use page::{client_for, draft_holds, free_port, until};

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

/// An emulator the app's demo mode can sign in to (its app key, auto-approve) and the
/// loopback port to register for the app's redirect.
pub fn demo_emulator() -> (dropbox_emulator::EmulatorBuilder, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(53_690);
    let builder = dropbox_emulator::Emulator::builder()
        .app_key(dropdesk_core::session::DEMO_APP_KEY)
        .auto_approve(true)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"));
    (builder, port)
}

/// Stands in for the system browser: an `xdg-open` first on the app's `PATH` that writes down
/// each URL the app asks it to open, and opens nothing.
pub struct FakeBrowser {
    dir: tempfile::TempDir,
}

impl FakeBrowser {
    pub fn new() -> anyhow::Result<Self> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let script = dir.path().join("xdg-open");
        let log = dir.path().join("opened.txt");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
        )?;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
        Ok(Self { dir })
    }

    fn path_env(&self) -> String {
        let rest = std::env::var("PATH").unwrap_or_default();
        format!("{}:{rest}", self.dir.path().display())
    }

    /// The URLs opened so far, oldest first.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("opened.txt"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// Does what a person does on the emulator's consent page: loads it and presses Allow (or
/// Cancel), and lets the browser follow the redirect to the app's loopback receiver. Returns
/// the authorization code the redirect carried, if any.
pub async fn answer_consent(authorize_url: &str, allow: bool) -> anyhow::Result<Option<String>> {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let page = browser.get(authorize_url).send().await?.text().await?;
    let base = authorize_url
        .split("/oauth2/")
        .next()
        .context("not an authorize URL")?;
    let mut form: Vec<(String, String)> = Vec::new();
    for input in page.split("<input type=\"hidden\" ").skip(1) {
        let attribute = |name: &str| -> anyhow::Result<String> {
            let start = input
                .find(&format!("{name}=\""))
                .context("a hidden input without that attribute")?
                + name.len()
                + 2;
            let end = start
                + input[start..]
                    .find('"')
                    .context("an unterminated attribute")?;
            Ok(input[start..end].replace("&amp;", "&"))
        };
        form.push((attribute("name")?, attribute("value")?));
    }
    let decision = if allow { "allow" } else { "deny" };
    form.push(("decision".into(), decision.into()));
    let answer = browser
        .post(format!("{base}/oauth2/authorize"))
        .form(&form)
        .send()
        .await?;
    let location = answer
        .headers()
        .get("location")
        .context("the consent page did not redirect")?
        .to_str()?
        .to_owned();
    let code = url::Url::parse(&location)?
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned());
    browser.get(&location).send().await?.error_for_status()?;
    Ok(code)
}

/// Signs in from the window as a person does: presses `button` ("Connect Dropbox", "Add
/// account"), reads the consent page's address the window shows, and allows it there.
pub async fn sign_in_through_consent(app: &App, button: &str) -> anyhow::Result<()> {
    app.wait_for(button).await?.click().await?;
    let url = app
        .wait_for("[data-testid=authorize-url]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    anyhow::ensure!(
        answer_consent(&url, true).await?.is_some(),
        "the consent page gave a code"
    );
    Ok(())
}

/// Every log file the app wrote under `home` (its XDG directories), concatenated.
pub fn app_logs(home: &std::path::Path) -> String {
    fn walk(dir: &std::path::Path, out: &mut String) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("dropdesk"))
            {
                out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut logs = String::new();
    walk(home, &mut logs);
    logs
}

/// How to start the app.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    env: Vec<(String, String)>,
    home: Option<std::path::PathBuf>,
}

impl Launch {
    /// Demo mode with the app's built-in emulator (no app key configured).
    pub fn builtin_demo() -> Self {
        Self::default()
    }

    /// Demo mode against an emulator made with [`demo_emulator`] instead of the app's own.
    pub fn demo(emulator: &EmulatorHandle, redirect_port: u16) -> Self {
        Self::demo_at(&emulator.base_url(), redirect_port)
    }

    /// Demo mode against an emulator at `url`, which may not be running yet.
    pub fn demo_at(url: &str, redirect_port: u16) -> Self {
        Self::default()
            .env("DROPDESK_DEMO_EMULATOR_URL", url)
            .env("DROPDESK_REDIRECT_PORTS", redirect_port.to_string())
    }

    /// Dropbox mode against an emulator registered with `app_key` and the redirect URI on
    /// `redirect_port`, with a browser that records what the app opens (see [`FakeBrowser`]).
    pub fn dropbox(
        emulator: &EmulatorHandle,
        app_key: &str,
        redirect_port: u16,
        browser: &FakeBrowser,
    ) -> Self {
        Self::default()
            .env("DROPDESK_APP_KEY", app_key)
            .env("DROPDESK_DROPBOX_URL", emulator.base_url())
            .env("DROPDESK_REDIRECT_PORTS", redirect_port.to_string())
            .env("PATH", browser.path_env())
    }

    /// Gives the app `browser` as its system browser.
    pub fn browser(self, browser: &FakeBrowser) -> Self {
        self.env("PATH", browser.path_env())
    }

    /// Keeps the app's files in `dir` (created as needed), so that a second launch with the
    /// same `dir` is a restart.
    pub fn home(mut self, dir: &std::path::Path) -> Self {
        self.home = Some(dir.to_owned());
        self
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
        // Said at once: saving artifacts or shutting down may take a while.
        eprintln!("{test_name} failed: {failure}");
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
