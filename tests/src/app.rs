//! A running app under WebDriver, with waits that have deadlines.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

use crate::driver::TauriDriver;
use crate::processes::{self, MARKER_ENV};
use crate::{DEFAULT_WAIT, Launch, artifacts, locate};

/// How long tauri-driver and the app get to accept a WebDriver session.
const SESSION_DEADLINE: Duration = Duration::from_secs(30);
/// How long each failure artifact (screenshot, page) may take before it is skipped.
const ARTIFACT_DEADLINE: Duration = Duration::from_secs(10);
/// How long a second launch may take to hand over to the first and exit.
const SECOND_LAUNCH_DEADLINE: Duration = Duration::from_secs(20);
/// How often a condition is looked at again while waiting for it.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

enum Home {
    Temporary(TempDir),
    Given(PathBuf),
}

impl Home {
    fn path(&self) -> &Path {
        match self {
            Home::Temporary(dir) => dir.path(),
            Home::Given(path) => path,
        }
    }
}

pub struct App {
    client: Client,
    driver: TauriDriver,
    test_name: String,
    marker: String,
    app_binary: PathBuf,
    /// The app's XDG directories: config, data, logs. Private to this session, or shared by
    /// launches that stand for restarts.
    home: Home,
    driver_log: PathBuf,
    /// The environment the app was started with, for a second launch beside it.
    env: Vec<(String, String)>,
    /// Set by `kill`: the session cannot be closed politely any more.
    killed: std::sync::atomic::AtomicBool,
}

impl App {
    pub(crate) async fn launch(test_name: &str, launch: &Launch) -> anyhow::Result<Self> {
        if std::env::var_os("DISPLAY").is_none() {
            bail!(
                "no DISPLAY: run the end-to-end tests inside scripts/desktop-session.sh \
                 (scripts/test-all.sh does)"
            );
        }
        let app_binary = locate::app_binary()?;
        let home = match &launch.home {
            Some(path) => Home::Given(path.clone()),
            None => Home::Temporary(
                tempfile::Builder::new()
                    .prefix(&format!("dropdesk-e2e-{test_name}-"))
                    .tempdir()?,
            ),
        };
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos();
        let marker = format!("{test_name}-{}-{nanos}", std::process::id());
        let mut env = vec![(MARKER_ENV.to_owned(), marker.clone())];
        for (var, dir) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
        ] {
            let path = home.path().join(dir);
            std::fs::create_dir_all(&path)?;
            env.push((var.to_owned(), path.display().to_string()));
        }
        // Downloads and anything else kept in the home folder stay in the session's folder.
        env.push(("HOME".into(), home.path().display().to_string()));
        env.push(("DROPDESK_LOG".into(), "debug".into()));
        // Under Xvfb, WebKit's compositing leaves the window (and WebDriver's screenshots) at the
        // first paint; without it, failure screenshots show what the test saw.
        env.push(("WEBKIT_DISABLE_COMPOSITING_MODE".into(), "1".into()));
        env.extend(launch.env.iter().cloned());

        let driver_log = home.path().join("tauri-driver.log");
        let driver = TauriDriver::spawn(&env, &driver_log)?;
        let client = match connect(driver.port, &app_binary).await {
            Ok(client) => client,
            Err(error) => {
                let log = std::fs::read_to_string(&driver_log).unwrap_or_default();
                let _ = driver.terminate().await;
                return Err(error.context(format!("tauri-driver said:\n{log}")));
            }
        };
        Ok(Self {
            client,
            driver,
            app_binary,
            test_name: test_name.to_owned(),
            marker,
            home,
            driver_log,
            env,
            killed: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits until an element matching `css` exists.
    pub async fn wait_for(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(DEFAULT_WAIT)
            .every(POLL_INTERVAL)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matched {css:?} within {DEFAULT_WAIT:?}"))
    }

    /// Waits until an element matching `css` contains `text`; returns that element.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> anyhow::Result<Element> {
        let deadline = Instant::now() + DEFAULT_WAIT;
        let mut last_seen = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now()) + POLL_INTERVAL;
            let found = tokio::time::timeout(left, self.client.find(Locator::Css(css)))
                .await
                .with_context(|| format!("WebDriver did not answer finding {css:?}"))?;
            if let Ok(element) = found {
                let shown = tokio::time::timeout(left, element.text())
                    .await
                    .with_context(|| format!("WebDriver did not answer reading {css:?}"))?
                    .unwrap_or_default();
                if shown.contains(text) {
                    return Ok(element);
                }
                last_seen = Some(shown);
            }
            if Instant::now() >= deadline {
                bail!(
                    "{css:?} did not show {text:?} within {DEFAULT_WAIT:?}; last seen: {}",
                    last_seen.map_or("no such element".into(), |t| format!("{t:?}"))
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Waits until the text content of the element matching `css` contains `text`. For rows
    /// WebDriver's visibility rules misjudge (absolutely placed rows in a scroller, whose
    /// ellipsized cells it reports as hidden): `wait_for_text` is the stricter check.
    pub async fn wait_for_content(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + DEFAULT_WAIT;
        let mut last_seen = serde_json::Value::Null;
        loop {
            let left = deadline.saturating_duration_since(Instant::now()) + POLL_INTERVAL;
            let script = "return document.querySelector(arguments[0])?.textContent ?? null";
            last_seen = tokio::time::timeout(left, self.client.execute(script, vec![json!(css)]))
                .await
                .with_context(|| format!("WebDriver did not answer reading {css:?}"))?
                .unwrap_or(last_seen);
            if last_seen.as_str().is_some_and(|shown| shown.contains(text)) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!(
                    "{css:?} did not contain {text:?} within {DEFAULT_WAIT:?}; last seen: {last_seen}"
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Kills the app at once (SIGKILL), as a crash or a power cut would stop it, and waits
    /// until it is gone. The WebDriver session dies with it.
    pub async fn kill(&self) -> anyhow::Result<()> {
        let app_name = process_name(&self.app_binary);
        let running: Vec<u32> = processes::marked(&self.marker)
            .into_iter()
            .filter(|(_, name)| *name == app_name)
            .map(|(pid, _)| pid)
            .collect();
        anyhow::ensure!(!running.is_empty(), "the app is not running");
        self.killed.store(true, std::sync::atomic::Ordering::SeqCst);
        for pid in running {
            let pid = nix::unistd::Pid::from_raw(i32::try_from(pid)?);
            nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL)?;
        }
        let gone = wait_until(Duration::from_secs(10), || {
            !processes::marked(&self.marker)
                .iter()
                .any(|(_, name)| *name == app_name)
        })
        .await;
        anyhow::ensure!(gone, "the app outlived SIGKILL for 10 s");
        Ok(())
    }

    /// When the app's process started, as Unix time in ms (to the kernel's clock tick, 10 ms
    /// here): what a cold start is measured from.
    pub fn started_at_ms(&self) -> anyhow::Result<f64> {
        let app_name = process_name(&self.app_binary);
        let (pid, _) = processes::marked(&self.marker)
            .into_iter()
            .find(|(_, name)| *name == app_name)
            .context("the app is not running")?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        // Field 22, counted after the command name, which is in parentheses and may hold spaces.
        let after_name = stat.rsplit_once(')').context("an unreadable /proc stat")?.1;
        let ticks: f64 = after_name
            .split_whitespace()
            .nth(19)
            .context("no start time in /proc stat")?
            .parse()?;
        let per_second = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK)?
            .context("no clock tick rate")? as f64;
        // Both in seconds since boot, to 10 ms; the boot time itself is kept to the second only,
        // so the start is placed by how long ago it was.
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64();
        let uptime: f64 = std::fs::read_to_string("/proc/uptime")?
            .split_whitespace()
            .next()
            .context("an unreadable /proc/uptime")?
            .parse()?;
        Ok((now - (uptime - ticks / per_second)) * 1e3)
    }

    /// Memory of the app's processes (the app and its WebKit processes; not the WebDriver
    /// ones), as their proportional set size in KiB: shared pages counted once.
    pub fn memory_kib(&self) -> u64 {
        processes::pss_kib(&self.marker, &["tauri-driver", "WebKitWebDriver"])
    }

    /// Starts the app's binary a second time with the same environment (the same session bus,
    /// display and folders), as a second click on its menu entry would, and waits for that
    /// copy to exit. Returns how it exited and what it printed.
    pub async fn launch_again(&self) -> anyhow::Result<std::process::Output> {
        let second = tokio::process::Command::new(&self.app_binary)
            .envs(self.env.iter().cloned())
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true)
            .output();
        tokio::time::timeout(SECOND_LAUNCH_DEADLINE, second)
            .await
            .with_context(|| {
                format!("the second launch was still running after {SECOND_LAUNCH_DEADLINE:?}")
            })?
            .context("starting the app a second time")
    }

    /// How many copies of the app's own process are running (not its WebKit processes).
    pub fn instances(&self) -> usize {
        let app_name = process_name(&self.app_binary);
        processes::marked(&self.marker)
            .iter()
            .filter(|(_, name)| *name == app_name)
            .count()
    }

    /// Everything the app has logged so far (every launch that shared its folders).
    pub fn logs(&self) -> String {
        crate::app_logs(self.home.path())
    }

    /// The app's config folder (its `XDG_CONFIG_HOME`).
    pub fn config_home(&self) -> PathBuf {
        self.home.path().join("config")
    }

    /// Waits until no element matches `css` (a banner gone, a dialog closed).
    pub async fn wait_until_gone(&self, css: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            let script = "return document.querySelector(arguments[0]) === null";
            let gone =
                tokio::time::timeout(DEFAULT_WAIT, self.client.execute(script, vec![json!(css)]))
                    .await
                    .with_context(|| format!("WebDriver did not answer looking for {css:?}"))??;
            if gone.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!("{css:?} was still there after {DEFAULT_WAIT:?}");
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// A PNG of the window's content.
    pub async fn screenshot(&self) -> anyhow::Result<Vec<u8>> {
        self.client
            .screenshot()
            .await
            .context("taking a screenshot")
    }

    /// Saves a screenshot, the page's HTML, the app's log and tauri-driver's output; returns
    /// where, or why not.
    pub(crate) async fn save_artifacts(&self) -> String {
        match self.try_save_artifacts().await {
            Ok(dir) => dir.display().to_string(),
            Err(error) => format!("could not be saved: {error:#}"),
        }
    }

    async fn try_save_artifacts(&self) -> anyhow::Result<PathBuf> {
        let dir = locate::artifacts_dir(&self.test_name)?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        // Bounded: a failing app must not hang the test that reports it.
        if let Ok(Ok(png)) = tokio::time::timeout(ARTIFACT_DEADLINE, self.screenshot()).await {
            std::fs::write(dir.join("screenshot.png"), png)?;
        }
        if let Ok(Ok(html)) = tokio::time::timeout(ARTIFACT_DEADLINE, self.client.source()).await {
            std::fs::write(dir.join("page.html"), html)?;
        }
        artifacts::copy_logs(&self.home.path().join("state"), "dropdesk", &dir)?;
        std::fs::copy(&self.driver_log, dir.join("tauri-driver.log"))?;
        Ok(dir)
    }

    /// Closes the session, which closes the window and so quits the app; then stops
    /// tauri-driver (which stops WebKitWebDriver) and checks that nothing of the session is
    /// still running. Anything left is killed and reported.
    pub(crate) async fn shutdown(self) -> anyhow::Result<()> {
        // Bounded: an app that stopped answering is killed below instead.
        let closed = match tokio::time::timeout(ARTIFACT_DEADLINE, self.client.close()).await {
            Ok(closed) => closed.map_err(anyhow::Error::from),
            Err(_) => Err(anyhow::anyhow!("WebDriver did not close the session")),
        };
        // tauri-driver is stopped only once the app is gone: stopped earlier, it can take
        // WebKitWebDriver down before that has quit the app, leaving the app orphaned.
        let app_name = process_name(&self.app_binary);
        let app_exited = wait_until(Duration::from_secs(10), || {
            !processes::marked(&self.marker)
                .iter()
                .any(|(_, name)| *name == app_name)
        })
        .await;
        let terminated = self.driver.terminate().await;
        let strays = wait_until(Duration::from_secs(5), || {
            processes::marked(&self.marker).is_empty()
        })
        .await
        .then(Vec::new)
        .unwrap_or_else(|| processes::marked(&self.marker));
        for (pid, _) in &strays {
            let pid = nix::unistd::Pid::from_raw(i32::try_from(*pid)?);
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
        }
        if !self.killed.load(std::sync::atomic::Ordering::SeqCst) {
            closed.context("closing the WebDriver session")?;
        }
        if !app_exited {
            bail!("the app did not quit within 10 s of its WebDriver session closing");
        }
        terminated?;
        if !strays.is_empty() {
            bail!("processes left running after shutdown (now killed): {strays:?}");
        }
        Ok(())
    }
}

/// Polls `done` until it holds or `limit` passes; says whether it held.
async fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

/// The name Linux shows for a process running `binary` (`comm`: at most 15 bytes).
fn process_name(binary: &Path) -> String {
    let name = binary
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.chars().take(15).collect()
}

/// Opens a WebDriver session, retrying while tauri-driver is still starting.
async fn connect(port: u16, app_binary: &std::path::Path) -> anyhow::Result<Client> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    // The app keeps requests open on purpose (a live pane's longpoll); commands must not wait
    // for the page to be "done loading".
    capabilities.insert("pageLoadStrategy".into(), json!("none"));
    capabilities.insert(
        "tauri:options".into(),
        json!({ "application": app_binary.display().to_string() }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + SESSION_DEADLINE;
    loop {
        let attempt = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&url)
            .await;
        match attempt {
            Ok(client) => return Ok(client),
            Err(error) if Instant::now() >= deadline => {
                return Err(anyhow::Error::new(error)
                    .context(format!("no WebDriver session within {SESSION_DEADLINE:?}")));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
}
