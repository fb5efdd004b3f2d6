//! Finding the pieces: the app binary, tauri-driver, WebKitWebDriver, the artifacts folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// `target/debug` (or whichever profile built this test), found from the test binary's path:
/// `target/<profile>/deps/<test>`.
pub(crate) fn profile_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("where is this test binary?")?;
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .context("the test binary is not inside target/<profile>/deps")
}

/// The app binary: `DROPDESK_APP_BINARY`, or `dropdesk` beside this test's profile directory.
pub(crate) fn app_binary() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("DROPDESK_APP_BINARY") {
        return Ok(PathBuf::from(path));
    }
    let path = profile_dir()?.join("dropdesk");
    if !path.is_file() {
        bail!(
            "the app binary {} does not exist; build it first with \
             `cargo build --workspace --all-targets` (scripts/test-all.sh does)",
            path.display()
        );
    }
    Ok(path)
}

/// Looks a program up on PATH, then in cargo's bin directory (where `cargo install` puts it).
pub(crate) fn program(name: &str) -> anyhow::Result<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(cargo_home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(cargo_home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .with_context(|| format!("{name} is not installed; scripts/setup.sh test installs it"))
}

/// `target/e2e-artifacts/<test>`.
pub(crate) fn artifacts_dir(test_name: &str) -> anyhow::Result<PathBuf> {
    let target = profile_dir()?
        .parent()
        .map(Path::to_path_buf)
        .context("no target directory above the profile directory")?;
    Ok(target.join("e2e-artifacts").join(test_name))
}
