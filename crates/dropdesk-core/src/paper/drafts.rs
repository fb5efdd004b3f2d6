//! Unsaved edits of Paper docs, kept on this computer so that a crash or a kill loses at most
//! the last second of typing. One JSON file per doc, per account, written atomically.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::paths::write_atomically;
use crate::paths::{AppPaths, file_safe};

/// A doc being edited: what it was when opened (the merge base) and the text now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Draft {
    pub doc_id: String,
    pub path: String,
    pub title: String,
    /// The revision the edit started from.
    #[ts(type = "number")]
    pub base_revision: i64,
    /// The text at that revision: the base of a merge.
    pub base_text: String,
    pub text: String,
    /// When it was last written (UTC).
    #[serde(default)]
    pub saved_at: String,
}

/// One account's drafts.
pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    pub fn for_account(paths: &AppPaths, account_id: &str) -> Self {
        Self {
            dir: paths.data_dir.join("drafts").join(file_safe(account_id)),
        }
    }

    fn file(&self, doc_id: &str) -> PathBuf {
        self.dir.join(format!("{}.json", file_safe(doc_id)))
    }

    /// Writes the draft (temporary file, then rename).
    pub fn save(&self, draft: &Draft) -> Result<Draft, CoreError> {
        let mut draft = draft.clone();
        draft.saved_at = jiff::Timestamp::now().to_string();
        let json =
            serde_json::to_vec(&draft).map_err(|e| CoreError::Internal(format!("draft: {e}")))?;
        write_atomically(&self.file(&draft.doc_id), &json)?;
        Ok(draft)
    }

    pub fn get(&self, doc_id: &str) -> Result<Option<Draft>, CoreError> {
        let path = self.file(doc_id);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(CoreError::Storage {
                action: "read",
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Every draft, most recently written first. Unreadable files are skipped (and kept).
    pub fn list(&self) -> Result<Vec<Draft>, CoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(CoreError::Storage {
                    action: "read",
                    path: self.dir.display().to_string(),
                    source,
                });
            }
        };
        let mut drafts: Vec<Draft> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| serde_json::from_slice(&std::fs::read(e.path()).ok()?).ok())
            .collect();
        drafts.sort_by(|a, b| b.saved_at.cmp(&a.saved_at));
        Ok(drafts)
    }

    /// After `text` was saved to Dropbox: forgets the draft if it holds exactly that text. A
    /// draft written while the save travelled holds newer typing, and stays.
    pub fn saved(&self, doc_id: &str, text: &str) -> Result<(), CoreError> {
        match self.get(doc_id)? {
            Some(draft) if draft.text == text => self.remove(doc_id),
            _ => Ok(()),
        }
    }

    /// Forgets a draft (after it was saved to Dropbox, or discarded).
    pub fn remove(&self, doc_id: &str) -> Result<(), CoreError> {
        let path = self.file(doc_id);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(CoreError::Storage {
                action: "remove",
                path: path.display().to_string(),
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(doc_id: &str, text: &str) -> Draft {
        Draft {
            doc_id: doc_id.into(),
            path: "/Notes/Lecture 1 notes.paper".into(),
            title: "Lecture 1 notes".into(),
            base_revision: 3,
            base_text: "# Lecture 1\n".into(),
            text: text.into(),
            saved_at: String::new(),
        }
    }

    #[test]
    fn drafts_are_kept_per_account_replaced_listed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        let ada = Drafts::for_account(&paths, "dbid:ada");
        let grace = Drafts::for_account(&paths, "dbid:grace");
        ada.save(&draft("id:one", "first")).unwrap();
        ada.save(&draft("id:one", "first, more")).unwrap();
        ada.save(&draft("id:two/../x", "second")).unwrap();
        assert!(grace.list().unwrap().is_empty(), "another account's drafts");
        let listed = ada.list().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(ada.get("id:one").unwrap().unwrap().text, "first, more");
        assert!(!listed[0].saved_at.is_empty());
        // Ids never make paths: the odd one stays inside the account's folder.
        let files: Vec<_> = std::fs::read_dir(paths.data_dir.join("drafts/dbid%3Aada"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            files.contains(&"id%3Atwo%2F%2E%2E%2Fx.json".to_owned()),
            "{files:?}"
        );
        ada.saved("id:one", "first").unwrap();
        assert!(
            ada.get("id:one").unwrap().is_some(),
            "newer typing than the save stays"
        );
        ada.saved("id:one", "first, more").unwrap();
        assert!(
            ada.get("id:one").unwrap().is_none(),
            "the saved text's draft goes"
        );
        ada.remove("id:one").unwrap();
        assert_eq!(ada.list().unwrap().len(), 1);
        assert!(!files.iter().any(|f| f.ends_with(".tmp")));
    }
}
