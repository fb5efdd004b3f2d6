//! The user's settings, kept as JSON in the config directory.

use std::io::ErrorKind;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::appearance::ThemeChoice;
use crate::error::CoreError;
use crate::paths::AppPaths;
use crate::paths::write_atomically;

/// The environment variable that overrides the app key in the settings file.
pub const APP_KEY_ENV: &str = "DROPDESK_APP_KEY";

/// Loopback ports for the sign-in redirect, tried in order. Dropbox matches redirect URIs
/// exactly, port included, so users register each of these in the App Console (README).
pub const REDIRECT_PORTS: [u16; 3] = [53682, 53683, 53684];

/// The redirect URI registered for a loopback port.
pub fn redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}/oauth/callback")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The app key of the user's Dropbox app (App Console). None: demo mode only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_key: Option<String>,
    /// Loopback ports for the sign-in redirect; `None`: [`REDIRECT_PORTS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_ports: Option<Vec<u16>>,
    /// Where downloads go; `None`: the system's Downloads folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_folder: Option<std::path::PathBuf>,
    /// Course folders named before they were kept per account; the first account read
    /// takes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<String>,
    /// Light, dark, or as the desktop says (the default).
    #[serde(default, skip_serializing_if = "is_system")]
    pub theme: ThemeChoice,
    /// The window's zoom in percent (View → Zoom); `None`: actual size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoom: Option<u16>,
}

fn is_system(theme: &ThemeChoice) -> bool {
    *theme == ThemeChoice::System
}

/// `chosen` (or, with none, the system's Downloads folder, created when missing) as the
/// folder downloads go into.
pub(crate) fn ready_folder(
    chosen: Option<&std::path::Path>,
    paths: &AppPaths,
) -> Result<std::path::PathBuf, CoreError> {
    let folder = chosen.map_or_else(|| paths.downloads_dir.clone(), std::path::Path::to_path_buf);
    if chosen.is_none() {
        std::fs::create_dir_all(&folder).map_err(|source| CoreError::Storage {
            action: "create",
            path: folder.display().to_string(),
            source,
        })?;
    }
    Ok(folder)
}

/// A folder chosen for downloads must be a folder on this computer.
pub(crate) fn check_download_folder(folder: &std::path::Path) -> Result<(), CoreError> {
    if !folder.is_absolute() || !folder.is_dir() {
        return Err(CoreError::InvalidInput {
            field: "downloadFolder",
            message: format!(
                "Download folder: {} is not a folder on this computer. Choose another one.",
                folder.display()
            ),
        });
    }
    Ok(())
}

/// What the Settings screen edits, as typed (validated by [`Settings::update`]).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SettingsInput {
    /// Empty removes the key (demo only).
    pub app_key: String,
    /// Port numbers separated by commas or spaces; empty restores the defaults.
    pub redirect_ports: String,
}

/// What the Settings screen shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SettingsView {
    /// The key from the settings file (not the environment's).
    pub app_key: String,
    /// `DROPDESK_APP_KEY` is set and wins over the file.
    pub app_key_from_environment: bool,
    pub redirect_ports: Vec<u16>,
    /// The redirect URIs to register in the App Console, one per port.
    pub redirect_uris: Vec<String>,
    pub settings_file: String,
    pub log_dir: String,
    pub theme: ThemeChoice,
}

/// Which Dropbox the app talks to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The built-in emulator with the demo course.
    Demo,
    /// The real Dropbox, through the user's app.
    Dropbox { app_key: String },
}

impl Settings {
    /// Reads the settings file (a missing file means defaults), then applies `env_app_key`.
    pub fn load(paths: &AppPaths, env_app_key: Option<String>) -> Result<Self, CoreError> {
        let path = paths.settings_file();
        let mut settings = match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice::<Settings>(&bytes).map_err(|e| CoreError::InvalidInput {
                    field: "settings",
                    message: format!(
                        "The settings file {} could not be read ({e}). Fix or delete it.",
                        path.display()
                    ),
                })?
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Settings::default(),
            Err(source) => {
                return Err(CoreError::Storage {
                    action: "read",
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        if let Some(key) = env_app_key.filter(|k| !k.trim().is_empty()) {
            settings.app_key = Some(key);
        }
        if let Some(key) = &settings.app_key {
            validate_app_key(key)?;
        }
        Ok(settings)
    }

    /// The file's settings alone, without the environment's override.
    pub fn load_file(paths: &AppPaths) -> Result<Self, CoreError> {
        Self::load(paths, None)
    }

    /// The redirect ports to use.
    pub fn ports(&self) -> Vec<u16> {
        self.redirect_ports
            .clone()
            .unwrap_or_else(|| REDIRECT_PORTS.to_vec())
    }

    /// Validates `input` (errors name the field and the fix) and writes the settings file.
    pub fn update(paths: &AppPaths, input: &SettingsInput) -> Result<Self, CoreError> {
        let app_key = input.app_key.trim();
        let app_key = if app_key.is_empty() {
            None
        } else {
            validate_app_key(app_key)?;
            Some(app_key.to_owned())
        };
        let redirect_ports = parse_redirect_ports(&input.redirect_ports)?;
        let settings = Settings {
            app_key,
            redirect_ports,
            ..Self::load_file(paths).unwrap_or_default()
        };
        settings.write(paths)?;
        Ok(settings)
    }

    fn write(&self, paths: &AppPaths) -> Result<(), CoreError> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| CoreError::Internal(format!("settings: {e}")))?;
        write_atomically(&paths.settings_file(), &json)
    }

    /// Where downloads go: the chosen folder, else the system's Downloads folder.
    pub fn download_folder(&self, paths: &AppPaths) -> std::path::PathBuf {
        self.download_folder
            .clone()
            .unwrap_or_else(|| paths.downloads_dir.clone())
    }

    /// The download folder, ready to write into: the system's Downloads folder is created
    /// when missing; a chosen folder never is (it must still exist, or the download says so).
    pub fn download_folder_ready(&self, paths: &AppPaths) -> Result<std::path::PathBuf, CoreError> {
        ready_folder(self.download_folder.as_deref(), paths)
    }

    /// Remembers `folder` (a folder on this computer) for downloads.
    pub fn set_download_folder(
        paths: &AppPaths,
        folder: &std::path::Path,
    ) -> Result<Self, CoreError> {
        check_download_folder(folder)?;
        let settings = Settings {
            download_folder: Some(folder.to_path_buf()),
            ..Self::load_file(paths)?
        };
        settings.write(paths)?;
        Ok(settings)
    }

    /// Remembers the user's choice of light or dark.
    pub fn set_theme(paths: &AppPaths, theme: ThemeChoice) -> Result<Self, CoreError> {
        let settings = Settings {
            theme,
            ..Self::load_file(paths)?
        };
        settings.write(paths)?;
        Ok(settings)
    }

    /// Remembers the window's zoom, within [`crate::zoom::STEPS`].
    pub fn set_zoom(paths: &AppPaths, percent: u16) -> Result<Self, CoreError> {
        let percent = crate::zoom::bounded(percent);
        let settings = Settings {
            zoom: (percent != crate::zoom::ACTUAL).then_some(percent),
            ..Self::load_file(paths)?
        };
        settings.write(paths)?;
        Ok(settings)
    }

    /// The window's zoom in percent.
    pub fn zoom_percent(&self) -> u16 {
        self.zoom.map_or(crate::zoom::ACTUAL, crate::zoom::bounded)
    }

    /// Takes the course folders kept here before they were kept per account (see
    /// [`AccountSettings`](crate::account_settings::AccountSettings)), leaving none.
    pub(crate) fn take_courses(paths: &AppPaths) -> Result<Vec<String>, CoreError> {
        let mut settings = Self::load_file(paths)?;
        let courses = std::mem::take(&mut settings.courses);
        if !courses.is_empty() {
            settings.write(paths)?;
        }
        Ok(courses)
    }

    /// The view of these settings (read from the file) for the Settings screen.
    pub fn view(&self, paths: &AppPaths, app_key_from_environment: bool) -> SettingsView {
        let ports = self.ports();
        SettingsView {
            app_key: self.app_key.clone().unwrap_or_default(),
            app_key_from_environment,
            redirect_uris: ports.iter().map(|p| redirect_uri(*p)).collect(),
            redirect_ports: ports,
            settings_file: paths.settings_file().display().to_string(),
            log_dir: paths.log_dir.display().to_string(),
            theme: self.theme,
        }
    }

    pub fn backend(&self) -> Backend {
        match &self.app_key {
            Some(app_key) => Backend::Dropbox {
                app_key: app_key.clone(),
            },
            None => Backend::Demo,
        }
    }
}

/// Port numbers separated by commas or spaces: 1024 to 65535, no repeats, at most five.
fn parse_redirect_ports(text: &str) -> Result<Option<Vec<u16>>, CoreError> {
    let invalid = |message: String| CoreError::InvalidInput {
        field: "redirectPorts",
        message,
    };
    let words: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Ok(None);
    }
    let mut ports = Vec::new();
    for word in &words {
        let port = word
            .parse::<u16>()
            .ok()
            .filter(|p| *p >= 1024)
            .ok_or_else(|| {
                invalid(format!(
                    "Redirect ports: \"{word}\" is not a port from 1024 to 65535."
                ))
            })?;
        if ports.contains(&port) {
            return Err(invalid(format!("Redirect ports: {port} is listed twice.")));
        }
        ports.push(port);
    }
    if ports.len() > 5 {
        return Err(invalid(
            "Redirect ports: list at most five (each must be registered in the App Console)."
                .into(),
        ));
    }
    Ok(Some(ports))
}

/// Dropbox app keys are short strings of lowercase letters and digits (15 today).
pub fn validate_app_key(key: &str) -> Result<(), CoreError> {
    let plausible = (8..=32).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if plausible {
        Ok(())
    } else {
        Err(CoreError::InvalidInput {
            field: "appKey",
            message: "App key: paste the \"App key\" from your app's page in the Dropbox App \
                      Console (lowercase letters and digits, not the app secret)."
                .into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn paths() -> (tempfile::TempDir, AppPaths) {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        (dir, paths)
    }

    #[test]
    fn no_settings_file_and_no_env_means_demo() {
        let (_dir, paths) = paths();
        let settings = Settings::load(&paths, None).unwrap();
        assert_eq!(settings.backend(), Backend::Demo);
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let (_dir, paths) = paths();
        std::fs::create_dir_all(&paths.config_dir).unwrap();
        std::fs::write(paths.settings_file(), r#"{"app_key":"filekey12345678"}"#).unwrap();
        assert_eq!(
            Settings::load(&paths, None).unwrap().backend(),
            Backend::Dropbox {
                app_key: "filekey12345678".into()
            }
        );
        assert_eq!(
            Settings::load(&paths, Some("envkey123456789".into()))
                .unwrap()
                .backend(),
            Backend::Dropbox {
                app_key: "envkey123456789".into()
            }
        );
    }

    #[test]
    fn a_bad_app_key_names_the_field_and_the_fix() {
        let (_dir, paths) = paths();
        let err = Settings::load(&paths, Some("Not A Key!".into())).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(err.field(), Some("appKey"));
        assert!(err.to_string().contains("App Console"), "{err}");
    }

    #[test]
    fn update_writes_valid_settings_and_reads_them_back() {
        let (_dir, paths) = paths();
        let input = SettingsInput {
            app_key: " abcdefghij12345 ".into(),
            redirect_ports: "6001, 6002 6003".into(),
        };
        let saved = Settings::update(&paths, &input).unwrap();
        assert_eq!(saved.app_key.as_deref(), Some("abcdefghij12345"));
        let loaded = Settings::load_file(&paths).unwrap();
        assert_eq!(loaded, saved);
        assert_eq!(loaded.ports(), [6001, 6002, 6003]);
        let view = loaded.view(&paths, false);
        assert_eq!(
            view.redirect_uris[0],
            "http://127.0.0.1:6001/oauth/callback"
        );

        let cleared = SettingsInput {
            app_key: String::new(),
            redirect_ports: String::new(),
        };
        let saved = Settings::update(&paths, &cleared).unwrap();
        assert_eq!(saved.backend(), Backend::Demo);
        assert_eq!(saved.ports(), REDIRECT_PORTS);
    }

    #[test]
    fn the_theme_is_kept_across_other_changes_and_system_is_not_written() {
        let (_dir, paths) = paths();
        assert_eq!(
            Settings::load_file(&paths).unwrap().theme,
            ThemeChoice::System
        );
        Settings::set_theme(&paths, ThemeChoice::Dark).unwrap();
        let input = SettingsInput {
            app_key: "abcdefghij12345".into(),
            redirect_ports: String::new(),
        };
        let saved = Settings::update(&paths, &input).unwrap();
        assert_eq!(saved.theme, ThemeChoice::Dark);
        assert_eq!(saved.view(&paths, false).theme, ThemeChoice::Dark);
        Settings::set_theme(&paths, ThemeChoice::System).unwrap();
        let file = std::fs::read_to_string(paths.settings_file()).unwrap();
        assert!(!file.contains("theme"), "{file}");
    }

    #[test]
    fn the_download_folder_is_kept_across_other_changes_and_must_exist() {
        let (dir, paths) = paths();
        assert_eq!(
            Settings::load_file(&paths).unwrap().download_folder(&paths),
            paths.downloads_dir
        );
        let ready = Settings::load_file(&paths)
            .unwrap()
            .download_folder_ready(&paths)
            .unwrap();
        assert!(
            ready.is_dir(),
            "the system's Downloads folder is created when missing"
        );
        let chosen = dir.path().join("Marking");
        std::fs::create_dir(&chosen).unwrap();
        Settings::set_download_folder(&paths, &chosen).unwrap();
        let input = SettingsInput {
            app_key: "abcdefghij12345".into(),
            redirect_ports: String::new(),
        };
        Settings::update(&paths, &input).unwrap();
        assert_eq!(
            Settings::load_file(&paths).unwrap().download_folder(&paths),
            chosen
        );

        let err = Settings::set_download_folder(&paths, &chosen.join("missing")).unwrap_err();
        assert_eq!(err.field(), Some("downloadFolder"));
        assert!(err.to_string().contains("Choose another one"), "{err}");
        let err =
            Settings::set_download_folder(&paths, std::path::Path::new("relative")).unwrap_err();
        assert_eq!(err.field(), Some("downloadFolder"));
        assert_eq!(
            Settings::load_file(&paths).unwrap().download_folder(&paths),
            chosen
        );
    }

    #[test]
    fn bad_settings_name_the_field_and_write_nothing() {
        let (_dir, paths) = paths();
        for (app_key, ports, field) in [
            ("secret with spaces", "", "appKey"),
            ("abcdefghij12345", "80", "redirectPorts"),
            ("abcdefghij12345", "6001, 6001", "redirectPorts"),
            ("abcdefghij12345", "http://x", "redirectPorts"),
            (
                "abcdefghij12345",
                "6001 6002 6003 6004 6005 6006",
                "redirectPorts",
            ),
        ] {
            let input = SettingsInput {
                app_key: app_key.into(),
                redirect_ports: ports.into(),
            };
            let err = Settings::update(&paths, &input).unwrap_err();
            assert_eq!(err.field(), Some(field), "{app_key} {ports}");
            assert!(
                err.to_string().starts_with("App key:")
                    || err.to_string().starts_with("Redirect ports:")
            );
        }
        assert!(!paths.settings_file().exists());
    }

    #[test]
    fn the_readme_lists_every_redirect_uri_users_must_register() {
        let readme = include_str!("../../../README.md");
        for port in REDIRECT_PORTS {
            let uri = redirect_uri(port);
            assert!(readme.contains(&format!("`{uri}`")), "README lacks {uri}");
        }
    }

    #[test]
    fn a_corrupt_settings_file_says_which_file_and_what_to_do() {
        let (_dir, paths) = paths();
        std::fs::create_dir_all(&paths.config_dir).unwrap();
        std::fs::write(paths.settings_file(), "{ not json").unwrap();
        let err = Settings::load(&paths, None).unwrap_err();
        assert_eq!(err.field(), Some("settings"));
        assert!(err.to_string().contains("settings.json"), "{err}");
    }
}
