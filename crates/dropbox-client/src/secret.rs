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

    pub(crate) fn same_as(&self, other: &AccessToken) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

/// An OAuth refresh token: long-lived, so kept by the app in the OS keyring, never in a file.
/// Redacted `Debug`, zeroed on drop.
#[derive(Clone)]
pub struct RefreshToken(SecretString);

impl RefreshToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(SecretString::from(token.into()))
    }

    /// The token's text, for storing it in the keyring.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshToken([redacted])")
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
