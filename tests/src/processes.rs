//! Finding the processes a session started, by a marker in their environment, so that a clean
//! shutdown can be checked rather than assumed.

use std::path::Path;

/// The environment variable that marks every process of one session.
pub(crate) const MARKER_ENV: &str = "DROPDESK_E2E_SESSION";

/// Processes (other than this one) whose environment carries `MARKER_ENV=marker`, with their
/// command names.
pub(crate) fn marked(marker: &str) -> Vec<(u32, String)> {
    let needle = format!("{MARKER_ENV}={marker}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let me = std::process::id();
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != me)
        .filter(|&pid| {
            std::fs::read(Path::new("/proc").join(pid.to_string()).join("environ"))
                .map(|env| env.split(|&b| b == 0).any(|var| var == needle.as_bytes()))
                .unwrap_or(false)
        })
        .map(|pid| {
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            (pid, name.trim().to_owned())
        })
        .collect()
}

/// The proportional set size of the processes marked `marker`, other than those named in
/// `except`, in KiB: pages shared between them counted once.
pub(crate) fn pss_kib(marker: &str, except: &[&str]) -> u64 {
    marked(marker)
        .into_iter()
        .filter(|(_, name)| !except.contains(&name.as_str()))
        .filter_map(|(pid, _)| {
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            rollup
                .lines()
                .find_map(|line| line.strip_prefix("Pss:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_child_by_its_marker_and_not_after_it_exits() {
        let marker = format!("unit-{}", std::process::id());
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .env(MARKER_ENV, &marker)
            .spawn()
            .unwrap();
        // The environment is visible once the child has exec'd; look until then, bounded.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let mut found = marked(&marker);
        while found.is_empty() && std::time::Instant::now() < deadline {
            std::thread::yield_now();
            found = marked(&marker);
        }
        assert_eq!(found, vec![(child.id(), "sleep".to_owned())]);
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(marked(&marker).is_empty());
    }
}
