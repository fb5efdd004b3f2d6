//! The tauri-driver process: started per session on free ports, stopped with SIGTERM so that it
//! stops WebKitWebDriver too (SIGKILL would orphan it on its port).

use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::process::{Child, Command};

use crate::locate;

pub(crate) struct TauriDriver {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for TauriDriver {
    /// If a session is abandoned (its test panicked before shutdown), still send SIGTERM rather
    /// than SIGKILL, so that tauri-driver stops WebKitWebDriver too.
    fn drop(&mut self) {
        if let Some(pid) = self.child.id().and_then(|p| i32::try_from(p).ok()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
    }
}

impl TauriDriver {
    /// Starts tauri-driver with the given environment (which the app inherits), logging to `log`.
    pub(crate) fn spawn(env: &[(String, String)], log: &Path) -> anyhow::Result<Self> {
        let tauri_driver = locate::program("tauri-driver")?;
        let native_driver = locate::program("WebKitWebDriver")?;
        let port = free_port()?;
        let native_port = free_port()?;
        let log_file =
            std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = Command::new(&tauri_driver)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .arg("--native-driver")
            .arg(&native_driver)
            // The app sees only what the test chose, not the developer's own settings.
            .env_remove("DROPDESK_APP_KEY")
            .env_remove("DROPDESK_DEMO_EMULATOR_URL")
            .env_remove("DROPDESK_DROPBOX_URL")
            .env_remove("DROPDESK_REDIRECT_PORTS")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {}", tauri_driver.display()))?;
        Ok(Self { child, port })
    }

    /// SIGTERM, then up to 10 s for it to exit; SIGKILL and an error if it does not.
    pub(crate) async fn terminate(mut self) -> anyhow::Result<()> {
        let Some(pid) = self.child.id() else {
            return Ok(()); // already exited and reaped
        };
        let pid = Pid::from_raw(i32::try_from(pid).context("pid out of range")?);
        kill(pid, Signal::SIGTERM).context("sending SIGTERM to tauri-driver")?;
        match tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await {
            Ok(status) => {
                status.context("waiting for tauri-driver")?;
                Ok(())
            }
            Err(_) => {
                self.child.kill().await.ok();
                bail!("tauri-driver ignored SIGTERM for 10 s and was killed")
            }
        }
    }
}

/// A port that was free a moment ago. The OS does not hand it out again right away.
pub(crate) fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
