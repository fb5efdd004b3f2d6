//! The user's settings, kept as JSON in the config directory.

use std::io::ErrorKind;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::paths::AppPaths;

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

    pub fn backend(&self) -> Backend {
        match &self.app_key {
            Some(app_key) => Backend::Dropbox {
                app_key: app_key.clone(),
            },
            None => Backend::Demo,
        }
    }
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
