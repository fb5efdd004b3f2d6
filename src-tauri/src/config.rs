//! What the shell is started with: where its files live and which Dropbox it talks to.

use dropdesk_core::CoreError;
use dropdesk_core::paths::AppPaths;
use dropdesk_core::settings::APP_KEY_ENV;

/// Points demo mode at an already running emulator instead of starting one inside the app.
/// The end-to-end tests use it to watch and steer the emulator the app talks to.
pub const DEMO_EMULATOR_URL_ENV: &str = "DROPDESK_DEMO_EMULATOR_URL";

#[derive(Clone, Debug)]
pub struct AppConfig {
    pub paths: AppPaths,
    /// `DROPDESK_APP_KEY`, which overrides the settings file.
    pub env_app_key: Option<String>,
    /// An external emulator for demo mode (`DROPDESK_DEMO_EMULATOR_URL`).
    pub demo_emulator_url: Option<url::Url>,
}

impl AppConfig {
    pub fn from_environment() -> Result<Self, CoreError> {
        let demo_emulator_url = match std::env::var(DEMO_EMULATOR_URL_ENV) {
            Ok(value) if !value.is_empty() => Some(parse_loopback_url(&value)?),
            _ => None,
        };
        Ok(Self {
            paths: AppPaths::for_current_user()?,
            env_app_key: std::env::var(APP_KEY_ENV).ok(),
            demo_emulator_url,
        })
    }
}

/// The demo emulator must be on this computer: demo mode never sends anything elsewhere.
fn parse_loopback_url(value: &str) -> Result<url::Url, CoreError> {
    let invalid = || CoreError::InvalidInput {
        field: DEMO_EMULATOR_URL_ENV,
        message: format!(
            "{DEMO_EMULATOR_URL_ENV} must be an http://127.0.0.1:PORT address, not {value:?}."
        ),
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
    fn only_loopback_http_emulators_are_accepted() {
        assert!(parse_loopback_url("http://127.0.0.1:4000").is_ok());
        assert!(parse_loopback_url("http://localhost:4000/").is_ok());
        for bad in [
            "https://api.dropboxapi.com",
            "http://10.0.0.2:4000",
            "not a url",
        ] {
            let err = parse_loopback_url(bad).unwrap_err();
            assert_eq!(err.field(), Some(DEMO_EMULATOR_URL_ENV), "{bad}");
        }
    }
}
