//! Refresh tokens in the OS keyring (Secret Service, Keychain, Credential Manager), one entry
//! per Dropbox account. Never a file, never the keyring crate's in-memory mock.

use dropbox_client::{RefreshToken, TokenStore, TokenStoreError};
use keyring::Entry;

/// The keyring "service" Dropdesk's entries are filed under.
pub const KEYRING_SERVICE: &str = "app.dropdesk.desktop";

/// The OS keyring, checked to work before it is trusted with a token.
#[derive(Debug)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// The store under Dropdesk's service name, if a write, read and delete round-trip works.
    pub fn open() -> Result<Self, TokenStoreError> {
        Self::open_as(KEYRING_SERVICE)
    }

    /// Under another service name (tests keep out of the real entries).
    pub fn open_as(service: &str) -> Result<Self, TokenStoreError> {
        let store = Self {
            service: service.to_owned(),
        };
        store.self_test()?;
        Ok(store)
    }

    /// Writes, reads back and deletes a probe entry: a locked collection or a missing Secret
    /// Service fails here, at startup, not at the first sign-in.
    fn self_test(&self) -> Result<(), TokenStoreError> {
        const PROBE: &str = "self-test";
        let entry = self.entry(PROBE)?;
        entry.set_password("probe").map_err(unavailable)?;
        let read = entry.get_password().map_err(unavailable)?;
        entry.delete_credential().map_err(unavailable)?;
        if read == "probe" {
            Ok(())
        } else {
            Err(TokenStoreError::Unavailable(
                "the keyring returned something other than what was stored".into(),
            ))
        }
    }

    fn entry(&self, account_id: &str) -> Result<Entry, TokenStoreError> {
        Entry::new(&self.service, account_id).map_err(failed)
    }
}

impl TokenStore for KeyringStore {
    fn load(&self, account_id: &str) -> Result<Option<RefreshToken>, TokenStoreError> {
        match self.entry(account_id)?.get_password() {
            Ok(token) => Ok(Some(RefreshToken::new(token))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failed(e)),
        }
    }

    fn save(&self, account_id: &str, token: &RefreshToken) -> Result<(), TokenStoreError> {
        self.entry(account_id)?
            .set_password(token.expose())
            .map_err(failed)
    }

    fn delete(&self, account_id: &str) -> Result<(), TokenStoreError> {
        match self.entry(account_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }
}

/// Keyring errors carry no secrets (they describe the platform failure), so they may be shown.
fn unavailable(error: keyring::Error) -> TokenStoreError {
    TokenStoreError::Unavailable(error.to_string())
}

fn failed(error: keyring::Error) -> TokenStoreError {
    TokenStoreError::Failed(error.to_string())
}
