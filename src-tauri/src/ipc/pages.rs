//! Listings streamed to the window a page at a time.
//!
//! Tauri hands a large message over by a fetch of its own, so a command's answer can reach the
//! window before the pages it sent. A listing therefore ends its pages with an empty one, which
//! the channel delivers after every page before it: the window treats the listing as done only
//! then (`paged` in `ui/src/lib/ipc/backend.ts`). Empty pages from Dropbox are not sent.

use serde::Serialize;
use tauri::ipc::Channel;

/// Sends one page of a listing; an empty one is kept back, since an empty page ends it.
pub fn send_page<T: Serialize>(channel: &Channel<Vec<T>>, page: Vec<T>) {
    if page.is_empty() {
        return;
    }
    if let Err(error) = channel.send(page) {
        tracing::debug!(%error, "the window did not take a page");
    }
}

/// Says the listing is complete: every page sent before reaches the window first.
pub fn end_pages<T: Serialize>(channel: &Channel<Vec<T>>) {
    if let Err(error) = channel.send(Vec::new()) {
        tracing::debug!(%error, "the window did not take the end of a listing");
    }
}
