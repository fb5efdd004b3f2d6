//! File contents, addressed by their Dropbox content hash: in memory, and on disk under
//! `--data-dir` so they survive restarts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Makes each temporary file name unique: two uploads of the same bytes may write at once.
static NEXT_TMP: AtomicU64 = AtomicU64::new(0);

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
                let n = NEXT_TMP.fetch_add(1, Ordering::Relaxed);
                let tmp = dir.join(format!("{hash}.{n}.tmp"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_stored_at_once_from_many_uploads_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Arc::new(Blobs::new(Some(dir.path().to_owned())));
        let bytes: Arc<[u8]> = Arc::from(&b"same homework"[..]);
        for round in 0..20 {
            let hash = format!("hash{round}");
            let start = Arc::new(std::sync::Barrier::new(8));
            let threads: Vec<_> = (0..8)
                .map(|_| {
                    let (blobs, bytes, hash, start) =
                        (blobs.clone(), bytes.clone(), hash.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        blobs.put(&hash, bytes)
                    })
                })
                .collect();
            for thread in threads {
                thread.join().unwrap().unwrap();
            }
            assert_eq!(
                std::fs::read(dir.path().join(&hash)).unwrap(),
                b"same homework"
            );
        }
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 20, "no temporary file is left behind");
    }
}
