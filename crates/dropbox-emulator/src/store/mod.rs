//! The emulator's state, shared by every handler, and its persistence under `--data-dir`.

mod blobs;
mod state;
mod tokens;
mod tree;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::{Notify, watch};

use crate::seeds::Seeded;

pub(crate) use blobs::Blobs;
pub(crate) use state::{Deadline, FileRequestRecord, GracePeriod, Parked, SharedLinkRecord, State};
pub(crate) use tokens::{CodeRecord, TokenProblem, Tokens};
pub(crate) use tree::{Node, NodeKind, Tree, WriteConflict, lower};

const STATE_FILE: &str = "state.json";

pub(crate) struct Store {
    state: Mutex<State>,
    pub(crate) blobs: Blobs,
    /// The latest change sequence number, for longpoll waiters.
    seq: watch::Sender<u64>,
    /// Wakes the saver after a write when a data directory is set.
    dirty: Notify,
    data_dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not read the emulator's state from {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the emulator's state in {path} is not readable: {source}")]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("could not write the emulator's state to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Store {
    /// A store with the state saved in `data_dir` if there is one, else with `seed`.
    pub(crate) fn open(seed: Seeded, data_dir: Option<&Path>) -> Result<Self, StoreError> {
        let blobs = Blobs::new(data_dir.map(|d| d.join("blobs")));
        let saved = match data_dir {
            Some(dir) => load(dir)?,
            None => None,
        };
        let state = match saved {
            Some(state) => state,
            None => {
                put_blobs(&blobs, &seed, data_dir)?;
                seed.state
            }
        };
        let seq = state.change_mark();
        let store = Self {
            state: Mutex::new(state),
            blobs,
            seq: watch::channel(seq).0,
            dirty: Notify::new(),
            data_dir: data_dir.map(Path::to_path_buf),
        };
        if data_dir.is_some() {
            store.save()?;
        }
        Ok(store)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A handler never leaves the state half-written across a panic: keep serving.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the whole state, with every user in their place (user 0's data on top).
    pub(crate) fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.lock())
    }

    /// Reads as user `user`: the top-level fields are theirs for the call.
    pub(crate) fn read_as<R>(&self, user: usize, f: impl FnOnce(&State) -> R) -> R {
        let mut state = self.lock();
        state.swap(user);
        let result = f(&state);
        state.swap(user);
        result
    }

    /// Runs a mutation on the whole state (user 0's data on top). Changes are published to
    /// longpoll waiters and scheduled for saving.
    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        self.write_as(0, f)
    }

    /// Runs a mutation as user `user` (see [`Store::read_as`]).
    pub(crate) fn write_as<R>(&self, user: usize, f: impl FnOnce(&mut State) -> R) -> R {
        let (result, seq) = {
            let mut state = self.lock();
            state.swap(user);
            let result = f(&mut state);
            state.swap(user);
            (result, state.change_mark())
        };
        self.seq.send_if_modified(|current| {
            let changed = *current != seq;
            *current = seq;
            changed
        });
        if self.data_dir.is_some() {
            self.dirty.notify_one();
        }
        result
    }

    /// Replaces the whole state (control API reset).
    pub(crate) fn replace(&self, seed: Seeded) -> Result<(), StoreError> {
        put_blobs(&self.blobs, &seed, self.data_dir.as_deref())?;
        let mut state = seed.state;
        self.write(|current| {
            // Sequence numbers only grow, so old cursors see the reset as changes.
            state.files.seq = current.files.seq.max(state.files.seq) + 1;
            state.files.generation = current.files.generation + 1;
            *current = state;
        });
        Ok(())
    }

    pub(crate) fn subscribe_seq(&self) -> watch::Receiver<u64> {
        self.seq.subscribe()
    }

    /// Waits until a write happened since the last save.
    pub(crate) async fn dirtied(&self) {
        self.dirty.notified().await;
    }

    /// Writes the state to the data directory (atomically: temporary file, then rename).
    pub(crate) fn save(&self) -> Result<(), StoreError> {
        let Some(dir) = &self.data_dir else {
            return Ok(());
        };
        let json = self
            .read(serde_json::to_vec)
            .map_err(|source| StoreError::Corrupt {
                path: dir.join(STATE_FILE),
                source,
            })?;
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(dir)?;
            let tmp = dir.join(format!("{STATE_FILE}.tmp"));
            std::fs::write(&tmp, &json)?;
            std::fs::rename(&tmp, dir.join(STATE_FILE))
        };
        write().map_err(|source| StoreError::Write {
            path: dir.join(STATE_FILE),
            source,
        })
    }
}

fn put_blobs(blobs: &Blobs, seed: &Seeded, data_dir: Option<&Path>) -> Result<(), StoreError> {
    for (hash, bytes) in &seed.blobs {
        blobs
            .put(hash, bytes.clone())
            .map_err(|source| StoreError::Write {
                path: data_dir.map_or_else(PathBuf::new, |d| d.join("blobs").join(hash)),
                source,
            })?;
    }
    Ok(())
}

fn load(dir: &Path) -> Result<Option<State>, StoreError> {
    let path = dir.join(STATE_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StoreError::Read { path, source }),
    };
    let mut state: State =
        serde_json::from_slice(&bytes).map_err(|source| StoreError::Corrupt { path, source })?;
    state.files.reindex();
    Ok(Some(state))
}
