//! Which account was signed in last, so the next start knows whose token to ask the keyring
//! for. Holds an account id only, never a secret.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::paths::{AppPaths, write_atomically};

#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Remembered {
    account_id: Option<String>,
}

/// The file that names the signed-in account (`session.json` in the data directory).
#[derive(Clone, Debug)]
pub struct RememberedAccount {
    path: PathBuf,
}

impl RememberedAccount {
    pub fn new(paths: &AppPaths) -> Self {
        Self {
            path: paths.data_dir.join("session.json"),
        }
    }

    /// The remembered account id; an unreadable file counts as none (it holds nothing else).
    pub fn get(&self) -> Option<String> {
        let bytes = std::fs::read(&self.path).ok()?;
        match serde_json::from_slice::<Remembered>(&bytes) {
            Ok(remembered) => remembered.account_id,
            Err(error) => {
                tracing::warn!(%error, path = %self.path.display(), "ignoring an unreadable session file");
                None
            }
        }
    }

    pub fn set(&self, account_id: Option<&str>) -> Result<(), CoreError> {
        let remembered = Remembered {
            account_id: account_id.map(str::to_owned),
        };
        let json = serde_json::to_vec(&remembered)
            .map_err(|e| CoreError::Internal(format!("session file: {e}")))?;
        write_atomically(&self.path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_and_forgets_the_account() {
        let dir = tempfile::tempdir().unwrap();
        let remembered = RememberedAccount::new(&AppPaths::under(dir.path()));
        assert_eq!(remembered.get(), None);
        remembered.set(Some("dbid:ada")).unwrap();
        assert_eq!(remembered.get().as_deref(), Some("dbid:ada"));
        remembered.set(None).unwrap();
        assert_eq!(remembered.get(), None);
    }

    #[test]
    fn a_corrupt_file_means_no_account() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        std::fs::write(paths.data_dir.join("session.json"), "{ nope").unwrap();
        assert_eq!(RememberedAccount::new(&paths).get(), None);
    }
}
