use secrecy::{ExposeSecret, SecretString};

/// An OAuth access token. Its `Debug` is redacted and its memory is zeroed when dropped, so it
/// cannot reach a log line by accident.
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(SecretString::from(token.into()))
    }

    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.0.expose_secret())
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let token = AccessToken::new("sl.very-secret");
        let shown = format!("{token:?} {:?}", Some(&token));
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
