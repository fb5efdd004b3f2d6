//! The list of accounts between runs: `accounts.json` in the data directory. Holds account
//! ids and which one is active, never a secret.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::paths::{AppPaths, write_atomically};
use crate::session::RememberedAccount;

/// One kept account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Kept {
    Demo,
    Dropbox { account_id: String },
}

impl Kept {
    /// The account's name in the window.
    pub(super) fn key(&self) -> String {
        match self {
            Kept::Demo => "demo".into(),
            Kept::Dropbox { account_id } => account_id.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct KeptList {
    pub(super) accounts: Vec<Kept>,
    /// Index into `accounts`.
    #[serde(default)]
    pub(super) active: Option<usize>,
}

fn file(paths: &AppPaths) -> PathBuf {
    paths.data_dir.join("accounts.json")
}

impl KeptList {
    /// The kept list; before there was one, the one account the app remembered. An unreadable
    /// file counts as none (it holds nothing else).
    pub(super) fn load(paths: &AppPaths) -> Self {
        let path = file(paths);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|error| {
                tracing::warn!(%error, path = %path.display(), "ignoring an unreadable account list");
                Self::default()
            }),
            Err(_) => match RememberedAccount::new(paths).get() {
                Some(account_id) => Self {
                    accounts: vec![Kept::Dropbox { account_id }],
                    active: Some(0),
                },
                None => Self::default(),
            },
        }
    }

    pub(super) fn save(&self, paths: &AppPaths) -> Result<(), CoreError> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| CoreError::Internal(format!("account list: {e}")))?;
        write_atomically(&file(paths), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_remembered_before_lists_becomes_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        assert_eq!(KeptList::load(&paths), KeptList::default());
        RememberedAccount::new(&paths)
            .set(Some("dbid:ada"))
            .unwrap();
        let list = KeptList::load(&paths);
        assert_eq!(
            list.accounts,
            [Kept::Dropbox {
                account_id: "dbid:ada".into()
            }]
        );
        assert_eq!(list.active, Some(0));

        let two = KeptList {
            accounts: vec![
                Kept::Demo,
                Kept::Dropbox {
                    account_id: "dbid:grace".into(),
                },
            ],
            active: Some(1),
        };
        two.save(&paths).unwrap();
        assert_eq!(KeptList::load(&paths), two, "the list wins once it exists");
    }

    #[test]
    fn an_unreadable_list_means_no_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        std::fs::write(file(&paths), "{ nope").unwrap();
        assert_eq!(KeptList::load(&paths), KeptList::default());
    }
}
