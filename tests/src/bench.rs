//! What the app benchmarks share.

use std::time::Duration;

/// Latency per call: `BENCH_LATENCY_MS`, else `default_ms`.
pub fn latency(default_ms: u64) -> Duration {
    let ms = std::env::var("BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_ms);
    Duration::from_millis(ms)
}

/// The middle value of a benchmark's runs (at least one).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The memory of `read()` (KiB) once two readings half a second apart differ by less than
/// 1 MiB (WebKit frees its start-up buffers in the first seconds), in MiB.
pub async fn settled_mib(read: impl Fn() -> u64) -> anyhow::Result<f64> {
    let mut last = read();
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = read();
        if now.abs_diff(last) < 1024 {
            return Ok(now as f64 / 1024.0);
        }
        last = now;
    }
    anyhow::bail!("the memory did not settle in 20 s (last {last} KiB)")
}

/// WebKitGTK's own floor on this machine: the idle memory (PSS, MiB) of the MiniBrowser that
/// ships with the WebKitGTK the app links, showing a page of one heading and one paragraph,
/// drawn as the app draws (no accelerated compositing). `None` when this WebKitGTK has no
/// MiniBrowser (Debian's `libwebkit2gtk-4.1-0` has one).
pub async fn webkit_floor_mib() -> anyhow::Result<Option<f64>> {
    let Some(browser) = mini_browser() else {
        return Ok(None);
    };
    let dir = tempfile::tempdir()?;
    let page = dir.path().join("floor.html");
    std::fs::write(
        &page,
        "<!doctype html><html lang=en><meta charset=utf-8><title>Floor</title>\
         <body><h1>File requests</h1><p>One paragraph of text.</p></body></html>",
    )?;
    let marker = format!("webkit-floor-{}", std::process::id());
    let mut child = tokio::process::Command::new(&browser)
        .arg(format!("file://{}", page.display()))
        .env(crate::processes::MARKER_ENV, &marker)
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let has_web_process = || {
        crate::processes::marked(&marker)
            .iter()
            .any(|(_, name)| name.starts_with("WebKitWebProces"))
    };
    for _ in 0..100 {
        if has_web_process() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::ensure!(
        has_web_process(),
        "{} started no web process in 10 s",
        browser.display()
    );
    let floor = settled_mib(|| crate::processes::pss_kib(&marker, &[])).await;
    child.kill().await?;
    floor.map(Some)
}

/// WebKitGTK's MiniBrowser, beside the library pkg-config names.
fn mini_browser() -> Option<std::path::PathBuf> {
    let libdir = std::process::Command::new("pkg-config")
        .args(["--variable=libdir", "webkit2gtk-4.1"])
        .output()
        .ok()
        .filter(|out| out.status.success())?;
    let libdir = String::from_utf8(libdir.stdout).ok()?;
    let path = std::path::Path::new(libdir.trim()).join("webkit2gtk-4.1/MiniBrowser");
    path.is_file().then_some(path)
}
