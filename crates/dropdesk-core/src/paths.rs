use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use crate::error::CoreError;

/// Where Dropdesk keeps its own files, per the OS's conventions (XDG on Linux).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppPaths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// Where downloads go until the user chooses a folder.
    pub downloads_dir: PathBuf,
}

impl AppPaths {
    /// The current user's directories for Dropdesk.
    pub fn for_current_user() -> Result<Self, CoreError> {
        let dirs = ProjectDirs::from("app", "Dropdesk", "Dropdesk").ok_or_else(|| {
            CoreError::Internal("no home directory to keep Dropdesk's files in".into())
        })?;
        let log_dir = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .join("logs");
        let downloads_dir = directories::UserDirs::new()
            .map(|user| {
                user.download_dir()
                    .map_or_else(|| user.home_dir().join("Downloads"), Path::to_path_buf)
            })
            .unwrap_or_else(|| dirs.data_dir().join("Downloads"));
        Ok(Self {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
            log_dir,
            downloads_dir,
        })
    }

    /// Everything under one folder (tests, portable setups).
    pub fn under(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            log_dir: root.join("logs"),
            downloads_dir: root.join("Downloads"),
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }
}

/// Temporary file, then rename: a crash leaves the old file or the new one, never half of one,
/// and a failed write (a full disk) leaves no temporary file behind.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    let storage = |source| CoreError::Storage {
        action: "write",
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(storage)?;
    }
    // A name of its own per write: two writes of one file at once never share a temp file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("{}-{n}.tmp", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(storage)
}

/// Ids as file names: letters, digits, `-` and `_` stay; every other byte becomes `%XX`.
pub(crate) fn file_safe(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder that is not empty, so the rename fails after the write.
        let target = dir.path().join("draft.json");
        std::fs::create_dir_all(target.join("inside")).unwrap();
        let error = write_atomically(&target, b"{}").unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::Storage);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["draft.json"], "{left:?}");

        write_atomically(&dir.path().join("ok.json"), b"{}").unwrap();
        assert_eq!(std::fs::read(dir.path().join("ok.json")).unwrap(), b"{}");
    }
}
