//! Saving a submitted file, or a whole folder as one zip, into a folder on this computer:
//! streamed to a hidden part file with progress, cancellable, and given its real name only
//! when complete. An existing file is never overwritten ("essay (1).pdf" instead).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dropbox_client::routes::files;
use dropbox_client::types::files::{DownloadArg, DownloadError, DownloadZipError, LookupError};
use dropbox_client::{ByteStream, Error};
use serde::Serialize;
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::error::CoreError;

/// A download that receives nothing for this long has stalled.
const STALL: Duration = Duration::from_secs(60);
/// Progress is reported at most this often (and once at the end).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// What to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// One file, saved under its own name.
    File(String),
    /// A folder, saved as `<folder name>.zip` (`files/download_zip`).
    FolderAsZip(String),
}

/// How far a download is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Progress {
    #[ts(type = "number")]
    pub received: u64,
    /// `None` when Dropbox does not say (zips are built as they are sent).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// How a download ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "camelCase")]
#[ts(export)]
pub enum Downloaded {
    /// Saved at `path`.
    #[serde(rename_all = "camelCase")]
    Saved {
        path: String,
        #[ts(type = "number")]
        bytes: u64,
    },
    /// Cancelled; nothing was left behind.
    Cancelled,
}

/// Downloads `source` into `folder`, reporting progress, until done or `cancel` fires.
pub async fn download(
    client: &dropbox_client::Client,
    source: &Source,
    folder: &Path,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(Progress),
) -> Result<Downloaded, CoreError> {
    check_folder(folder).await?;
    let started = tokio::select! {
        biased;
        () = cancel.cancelled() => return Ok(Downloaded::Cancelled),
        started = start(client, source) => started?,
    };
    let (name, mut body) = started;
    // A part file of its own: two downloads of one name at once never share one. Its name
    // does not carry the file's, so it fits whatever the file is called.
    static STARTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let part = folder.join(format!(".dropdesk-{}-{n}.part", std::process::id()));
    let result = receive(&mut body, &part, cancel, &mut on_progress).await;
    match result {
        Ok(Some(bytes)) => {
            let path = give_name(&part, folder, &name).await?;
            tracing::info!(bytes, "download saved");
            Ok(Downloaded::Saved {
                path: path.display().to_string(),
                bytes,
            })
        }
        Ok(None) => {
            let _ = tokio::fs::remove_file(&part).await;
            Ok(Downloaded::Cancelled)
        }
        Err(error) => {
            let _ = tokio::fs::remove_file(&part).await;
            Err(error)
        }
    }
}

async fn check_folder(folder: &Path) -> Result<(), CoreError> {
    match tokio::fs::metadata(folder).await {
        Ok(meta) if meta.is_dir() => Ok(()),
        _ => Err(CoreError::InvalidInput {
            field: "downloadFolder",
            message: format!(
                "Download folder: {} is not a folder on this computer. Choose another one.",
                folder.display()
            ),
        }),
    }
}

/// Asks Dropbox for the bytes; answers the name to save them under, and the body.
async fn start(
    client: &dropbox_client::Client,
    source: &Source,
) -> Result<(String, ByteStream), CoreError> {
    match source {
        Source::File(path) => {
            let arg = DownloadArg { path: path.clone() };
            let (meta, body) = files::download_stream(client, &arg)
                .await
                .map_err(file_error)?;
            Ok((safe_file_name(&meta.name), body))
        }
        Source::FolderAsZip(path) => {
            let (result, body) = files::download_zip_stream(client, path)
                .await
                .map_err(zip_error)?;
            Ok((
                format!("{}.zip", safe_file_name(&result.metadata.name)),
                body,
            ))
        }
    }
}

/// Writes the body to `part`; `None` when cancelled.
async fn receive(
    body: &mut ByteStream,
    part: &Path,
    cancel: &CancellationToken,
    on_progress: &mut impl FnMut(Progress),
) -> Result<Option<u64>, CoreError> {
    let storage = |source| CoreError::Storage {
        action: "write",
        path: part.display().to_string(),
        source,
    };
    let mut file = tokio::fs::File::create(part).await.map_err(storage)?;
    let total = body.content_length();
    let mut received = 0u64;
    let mut reported = Instant::now();
    on_progress(Progress { received, total });
    loop {
        let chunk = tokio::select! {
            biased;
            () = cancel.cancelled() => return Ok(None),
            chunk = tokio::time::timeout(STALL, body.next_chunk()) => chunk,
        };
        let chunk = match chunk {
            Err(_) => {
                return Err(CoreError::Offline(
                    "The download stalled: nothing arrived from Dropbox for a minute. Try again."
                        .into(),
                ));
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %crate::error::error_chain(&e), "the download broke off");
                return Err(CoreError::Offline(
                    "The download broke off: the connection to Dropbox was lost. Try again.".into(),
                ));
            }
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => chunk,
        };
        file.write_all(&chunk).await.map_err(storage)?;
        received += chunk.len() as u64;
        if reported.elapsed() >= PROGRESS_EVERY {
            reported = Instant::now();
            on_progress(Progress { received, total });
        }
    }
    file.sync_all().await.map_err(storage)?;
    on_progress(Progress { received, total });
    Ok(Some(received))
}

/// Moves the finished part file to `name`, or `name (1)`, `name (2)`… when taken. A hard
/// link refuses to replace a file that appeared meanwhile; where links are not supported
/// (some USB drives) a checked rename is used.
/// Writes `bytes` as `name` into `folder` (a part file first, then the name, numbered if
/// taken), for files Dropdesk makes itself, like a course's export.
pub(crate) async fn save_bytes(
    folder: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<PathBuf, CoreError> {
    check_folder(folder).await?;
    static SAVED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SAVED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let part = folder.join(format!(".dropdesk-{}-save-{n}.part", std::process::id()));
    if let Err(source) = tokio::fs::write(&part, bytes).await {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(CoreError::Storage {
            action: "save",
            path: part.display().to_string(),
            source,
        });
    }
    give_name(&part, folder, &safe_file_name(name)).await
}

async fn give_name(part: &Path, folder: &Path, name: &str) -> Result<PathBuf, CoreError> {
    let storage = |path: &Path, source| CoreError::Storage {
        action: "save",
        path: path.display().to_string(),
        source,
    };
    for n in 0..1000 {
        let target = folder.join(numbered(name, n));
        match tokio::fs::hard_link(part, &target).await {
            Ok(()) => {
                tokio::fs::remove_file(part)
                    .await
                    .map_err(|e| storage(part, e))?;
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) if !tokio::fs::try_exists(&target).await.unwrap_or(true) => {
                tokio::fs::rename(part, &target)
                    .await
                    .map_err(|e| storage(&target, e))?;
                return Ok(target);
            }
            Err(e) => return Err(storage(&target, e)),
        }
    }
    Err(CoreError::InvalidInput {
        field: "downloadFolder",
        message: format!(
            "Download folder: it already holds 1,000 copies of {name}. Choose another folder."
        ),
    })
}

/// The longest file name most file systems take (ext4, Btrfs, XFS, NTFS in UTF-16 units
/// is more generous), in bytes.
const MAX_NAME_BYTES: usize = 255;

/// `report.pdf`, `report (1).pdf`, `report (2).pdf`… (the number before the extension), cut
/// short before the extension when the name would not fit the file system.
fn numbered(name: &str, n: u32) -> String {
    let (stem, extension) = match name.rfind('.') {
        // An extension is what follows the last dot, if it is short; `.hidden` has none.
        Some(dot) if dot > 0 && name.len() - dot <= 16 => name.split_at(dot),
        _ => (name, ""),
    };
    let number = if n == 0 {
        String::new()
    } else {
        format!(" ({n})")
    };
    let room = MAX_NAME_BYTES.saturating_sub(number.len() + extension.len());
    format!("{}{number}{extension}", cut_to(stem, room))
}

/// `text` cut to at most `max` bytes, at a character boundary.
fn cut_to(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A file name from Dropbox (someone else's choice) made safe to create here: no path
/// separators, control characters or direction overrides (which make `x\u{202E}fdp.exe` look
/// like `xexe.pdf`), never `.` or `..`.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            // Windows also refuses these in names (and `C:x` would leave the folder there).
            let reserved = cfg!(windows) && matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*');
            if c == '/'
                || c == '\\'
                || c.is_control()
                || crate::text::is_bidi_control(c)
                || reserved
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim();
    let trimmed = if cfg!(windows) {
        trimmed.trim_end_matches('.')
    } else {
        trimmed
    };
    if trimmed.is_empty() || trimmed.chars().all(|c| c == '.') {
        "download".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn file_error(error: Error<DownloadError>) -> CoreError {
    match error {
        Error::Route(DownloadError::Path {
            path: LookupError::NotFound,
        }) => CoreError::Dropbox("That file is no longer in Dropbox.".into()),
        Error::Route(DownloadError::Path { path }) => crate::lookup::lookup_refused(&path),
        Error::Route(DownloadError::UnsupportedFile) => CoreError::Dropbox(
            "Dropbox can't download this kind of file (a Paper doc or another cloud doc). Open it instead."
                .into(),
        ),
        other => other.into(),
    }
}

fn zip_error(error: Error<DownloadZipError>) -> CoreError {
    match error {
        Error::Route(DownloadZipError::Path {
            path: LookupError::NotFound,
        }) => CoreError::Dropbox("The request's folder is no longer in Dropbox.".into()),
        Error::Route(DownloadZipError::Path { path }) => crate::lookup::lookup_refused(&path),
        Error::Route(DownloadZipError::TooLarge) => CoreError::Dropbox(
            "The folder is too large for one zip (Dropbox's limit is 20 GB). Download the files one at a time."
                .into(),
        ),
        Error::Route(DownloadZipError::TooManyFiles) => CoreError::Dropbox(
            "The folder has too many files for one zip (Dropbox's limit is 10,000). Download the files one at a time."
                .into(),
        ),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_numbered_before_the_extension() {
        assert_eq!(numbered("essay.pdf", 0), "essay.pdf");
        assert_eq!(numbered("essay.pdf", 2), "essay (2).pdf");
        assert_eq!(numbered("archive.tar.gz", 1), "archive.tar (1).gz");
        assert_eq!(numbered("README", 1), "README (1)");
        assert_eq!(numbered(".hidden", 1), ".hidden (1)");
    }

    #[test]
    fn long_names_are_cut_before_the_extension_to_fit_the_file_system() {
        let long = format!("{}.pdf", "é".repeat(200));
        for n in [0, 1, 999] {
            let name = numbered(&long, n);
            assert!(name.len() <= MAX_NAME_BYTES, "{n}: {} bytes", name.len());
            assert!(name.ends_with(".pdf"), "{name}");
        }
        assert!(numbered(&long, 7).ends_with("é (7).pdf"));
        let no_extension = "x".repeat(300);
        assert_eq!(numbered(&no_extension, 2).len(), MAX_NAME_BYTES);
    }

    #[test]
    fn direction_overrides_cannot_disguise_a_saved_name() {
        assert_eq!(safe_file_name("x\u{202E}fdp.exe"), "x_fdp.exe");
        assert_eq!(
            safe_file_name("a\u{2066}b\u{2069}\u{200F}.txt"),
            "a_b__.txt"
        );
    }

    #[test]
    fn hostile_names_cannot_leave_the_folder() {
        assert_eq!(safe_file_name("../../.bashrc"), ".._.._.bashrc");
        assert_eq!(safe_file_name(".."), "download");
        assert_eq!(safe_file_name("a\\b\u{0}c\nd.pdf"), "a_b_c_d.pdf");
        assert_eq!(safe_file_name("  "), "download");
        assert_eq!(safe_file_name("résumé 😀.pdf"), "résumé 😀.pdf");
    }
}
