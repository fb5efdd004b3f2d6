//! Where refresh tokens live between runs. The app provides the store (the OS keyring); the
//! client reads from it and never writes a token anywhere on its own.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::secret::RefreshToken;

/// A place that keeps one refresh token per Dropbox account id.
pub trait TokenStore: Send + Sync {
    fn load(&self, account_id: &str) -> Result<Option<RefreshToken>, TokenStoreError>;
    fn save(&self, account_id: &str, token: &RefreshToken) -> Result<(), TokenStoreError>;
    /// Forgets the account's token; forgetting a token that is not there is not an error.
    fn delete(&self, account_id: &str) -> Result<(), TokenStoreError>;
}

#[derive(Debug, thiserror::Error)]
pub enum TokenStoreError {
    /// No store works on this computer (no Secret Service, a locked collection, ...).
    #[error("no secure token storage is available: {0}")]
    Unavailable(String),
    /// The store works, but this operation failed.
    #[error("the token storage failed: {0}")]
    Failed(String),
}

/// Tokens kept in memory only: gone when the process ends. For "sign in for this session
/// only" when no persistent store works, and for tests.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<HashMap<String, RefreshToken>>,
}

impl MemoryTokenStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self, account_id: &str) -> Result<Option<RefreshToken>, TokenStoreError> {
        let tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(tokens.get(account_id).cloned())
    }

    fn save(&self, account_id: &str, token: &RefreshToken) -> Result<(), TokenStoreError> {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        tokens.insert(account_id.to_owned(), token.clone());
        Ok(())
    }

    fn delete(&self, account_id: &str) -> Result<(), TokenStoreError> {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        tokens.remove(account_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_one_token_per_account_and_forgets_on_delete() {
        let store = MemoryTokenStore::new();
        store.save("dbid:a", &RefreshToken::new("ra")).unwrap();
        store.save("dbid:b", &RefreshToken::new("rb")).unwrap();
        store.delete("dbid:a").unwrap();
        store.delete("dbid:never").unwrap();
        assert!(store.load("dbid:a").unwrap().is_none());
        assert_eq!(store.load("dbid:b").unwrap().unwrap().expose(), "rb");
    }
}
