//! File contents, addressed by their Dropbox content hash: in memory, and on disk under
//! `--data-dir` so they survive restarts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

pub(crate) struct Blobs {
    memory: Mutex<HashMap<String, Arc<[u8]>>>,
    dir: Option<PathBuf>,
}

impl Blobs {
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self {
            memory: Mutex::new(HashMap::new()),
            dir,
        }
    }

    pub(crate) fn put(&self, hash: &str, bytes: Arc<[u8]>) -> std::io::Result<()> {
        if let Some(dir) = &self.dir {
            let path = dir.join(hash);
            if !path.exists() {
                std::fs::create_dir_all(dir)?;
                let tmp = dir.join(format!("{hash}.tmp"));
                std::fs::write(&tmp, &bytes)?;
                std::fs::rename(tmp, path)?;
            }
        }
        self.memory
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(hash.to_owned(), bytes);
        Ok(())
    }

    pub(crate) fn get(&self, hash: &str) -> Option<Arc<[u8]>> {
        if let Some(bytes) = self
            .memory
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(hash)
        {
            return Some(bytes.clone());
        }
        let bytes: Arc<[u8]> = std::fs::read(self.dir.as_ref()?.join(hash)).ok()?.into();
        self.memory
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(hash.to_owned(), bytes.clone());
        Some(bytes)
    }
}
