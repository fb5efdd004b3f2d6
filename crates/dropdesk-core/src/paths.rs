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
