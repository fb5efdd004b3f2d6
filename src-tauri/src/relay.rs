//! What running work tells the window while it runs: retry waits (to the one channel the
//! window registers at start), and the cancel handles of running downloads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use dropbox_client::WaitObserver;
use dropdesk_core::CoreError;
use dropdesk_core::waits::WaitNotice;
use tauri::ipc::Channel;
use tokio_util::sync::CancellationToken;

/// Sends every retry wait of every call to the window, when it listens.
#[derive(Default)]
pub struct WaitRelay {
    channel: Arc<Mutex<Option<Channel<WaitNotice>>>>,
}

impl WaitRelay {
    /// The window's channel; a reloaded window replaces the old one.
    pub fn listen(&self, channel: Channel<WaitNotice>) {
        *self.channel.lock().unwrap_or_else(PoisonError::into_inner) = Some(channel);
    }

    pub fn observer(&self) -> WaitObserver {
        let channel = self.channel.clone();
        Arc::new(move |wait| {
            let channel = channel.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(channel) = channel.as_ref()
                && let Err(error) = channel.send(WaitNotice::from(wait))
            {
                tracing::debug!(%error, "the window did not take a wait notice");
            }
        })
    }
}

/// Cancellable work running now (downloads, a term's creates), by the id the window gave
/// each.
pub struct Jobs {
    running: Arc<Mutex<HashMap<String, CancellationToken>>>,
    /// The field and the words for an id already running.
    taken: (&'static str, &'static str),
}

impl Jobs {
    pub fn downloads() -> Self {
        Self::new(
            "downloadId",
            "Download: give each download an id of its own.",
        )
    }

    pub fn plans() -> Self {
        Self::new(
            "planId",
            "Plan: its requests are being created already. Wait for them, or cancel.",
        )
    }

    fn new(field: &'static str, message: &'static str) -> Self {
        Self {
            running: Arc::default(),
            taken: (field, message),
        }
    }

    /// Registers a job; it is forgotten when the returned guard drops.
    pub fn start(&self, id: &str) -> Result<Running, CoreError> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if id.is_empty() || running.contains_key(id) {
            return Err(CoreError::InvalidInput {
                field: self.taken.0,
                message: self.taken.1.into(),
            });
        }
        let token = CancellationToken::new();
        running.insert(id.to_owned(), token.clone());
        Ok(Running {
            id: id.to_owned(),
            token,
            running: self.running.clone(),
        })
    }

    /// Cancels a running job; `false` when none has that id (it may have just ended).
    pub fn cancel(&self, id: &str) -> bool {
        let running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        running.get(id).inspect(|token| token.cancel()).is_some()
    }
}

/// A registered job.
pub struct Running {
    id: String,
    token: CancellationToken,
    running: Arc<Mutex<HashMap<String, CancellationToken>>>,
}

impl Running {
    pub fn token(&self) -> &CancellationToken {
        &self.token
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_can_be_cancelled_while_it_runs_and_is_forgotten_after() {
        let downloads = Jobs::downloads();
        let running = downloads.start("d1").unwrap();
        assert!(downloads.start("d1").is_err(), "ids are unique");
        assert!(downloads.cancel("d1"));
        assert!(running.token().is_cancelled());
        drop(running);
        assert!(!downloads.cancel("d1"));
        assert!(downloads.start("d1").is_ok(), "the id is free again");
    }
}
