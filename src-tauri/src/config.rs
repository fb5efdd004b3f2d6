//! What the shell is started with: where its files live and which Dropbox it talks to.

use dropdesk_core::CoreError;
use dropdesk_core::paths::AppPaths;
use dropdesk_core::settings::APP_KEY_ENV;

/// Points demo mode at an already running emulator instead of starting one inside the app.
/// The end-to-end tests use it to watch and steer the emulator the app talks to.
pub const DEMO_EMULATOR_URL_ENV: &str = "DROPDESK_DEMO_EMULATOR_URL";

/// Points Dropbox mode at a Dropbox-compatible server on this computer (the emulator) instead
/// of Dropbox: the end-to-end tests sign in through it.
pub const DROPBOX_URL_ENV: &str = "DROPDESK_DROPBOX_URL";

/// Overrides the loopback ports for the sign-in redirect (comma-separated), e.g. to match an
/// emulator's registered redirect URI.
pub const REDIRECT_PORTS_ENV: &str = "DROPDESK_REDIRECT_PORTS";

#[derive(Clone, Debug)]
pub struct AppConfig {
    pub paths: AppPaths,
    /// `DROPDESK_APP_KEY`, which overrides the settings file.
    pub env_app_key: Option<String>,
    /// An external emulator for demo mode (`DROPDESK_DEMO_EMULATOR_URL`).
    pub demo_emulator_url: Option<url::Url>,
    /// Loopback ports for the sign-in redirect (`DROPDESK_REDIRECT_PORTS`), over the settings'.
    pub redirect_ports: Option<Vec<u16>>,
    /// A local stand-in for Dropbox (`DROPDESK_DROPBOX_URL`); `None` is the real one.
    pub dropbox_url: Option<url::Url>,
}

impl AppConfig {
    /// The user's choice of light or dark (the settings file's; `System` when it is unreadable,
    /// which the Settings screen then says).
    pub fn theme(&self) -> dropdesk_core::appearance::ThemeChoice {
        dropdesk_core::settings::Settings::load_file(&self.paths)
            .map(|s| s.theme)
            .unwrap_or_default()
    }

    pub fn from_environment() -> Result<Self, CoreError> {
        let demo_emulator_url = loopback_url_from(DEMO_EMULATOR_URL_ENV)?;
        let dropbox_url = loopback_url_from(DROPBOX_URL_ENV)?;
        let redirect_ports = match std::env::var(REDIRECT_PORTS_ENV) {
            Ok(value) if !value.is_empty() => Some(parse_ports(&value)?),
            _ => None,
        };
        Ok(Self {
            paths: AppPaths::for_current_user()?,
            env_app_key: std::env::var(APP_KEY_ENV).ok(),
            demo_emulator_url,
            redirect_ports,
            dropbox_url,
        })
    }
}

fn parse_ports(value: &str) -> Result<Vec<u16>, CoreError> {
    value
        .split(',')
        .map(|p| match p.trim().parse::<u16>() {
            Ok(port) if port > 0 => Ok(port),
            _ => Err(CoreError::InvalidInput {
                field: REDIRECT_PORTS_ENV,
                message: format!(
                    "{REDIRECT_PORTS_ENV} must list port numbers separated by commas, not {value:?}."
                ),
            }),
        })
        .collect()
}

fn loopback_url_from(var: &'static str) -> Result<Option<url::Url>, CoreError> {
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => parse_loopback_url(var, &value).map(Some),
        _ => Ok(None),
    }
}

/// Stand-ins must be on this computer: a variable cannot send tokens elsewhere.
fn parse_loopback_url(var: &'static str, value: &str) -> Result<url::Url, CoreError> {
    let invalid = || CoreError::InvalidInput {
        field: var,
        message: format!("{var} must be an http://127.0.0.1:PORT address, not {value:?}."),
    };
    let url = url::Url::parse(value).map_err(|_| invalid())?;
    let loopback = matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || url.host_str() == Some("localhost");
    if url.scheme() == "http" && loopback {
        Ok(url)
    } else {
        Err(invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_ports_are_numbers_and_errors_name_the_variable() {
        assert_eq!(parse_ports("53682, 6000").unwrap(), [53682, 6000]);
        for bad in ["0", "abc", "1,,2", "70000"] {
            let err = parse_ports(bad).unwrap_err();
            assert_eq!(err.field(), Some(REDIRECT_PORTS_ENV), "{bad}");
        }
    }

    #[test]
    fn only_loopback_http_emulators_are_accepted() {
        assert!(parse_loopback_url(DEMO_EMULATOR_URL_ENV, "http://127.0.0.1:4000").is_ok());
        assert!(parse_loopback_url(DROPBOX_URL_ENV, "http://localhost:4000/").is_ok());
        for bad in [
            "https://api.dropboxapi.com",
            "http://10.0.0.2:4000",
            "not a url",
        ] {
            let err = parse_loopback_url(DROPBOX_URL_ENV, bad).unwrap_err();
            assert_eq!(err.field(), Some(DROPBOX_URL_ENV), "{bad}");
        }
    }
}
