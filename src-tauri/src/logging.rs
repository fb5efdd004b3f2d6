//! Logs go to stderr and to a daily rolling file in the OS log directory. Secrets never reach
//! them: tokens are secret types whose `Debug` is redacted.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, fmt};

/// Keeps the file writer flushing; drop it at exit.
pub struct LogGuard {
    _file_writer: Option<WorkerGuard>,
}

pub fn init(log_dir: &Path) -> LogGuard {
    let filter = EnvFilter::try_from_env("DROPDESK_LOG").unwrap_or_else(|_| {
        EnvFilter::new("info,dropdesk_app=debug,dropdesk_core=debug,dropbox_client=debug")
    });
    let file = std::fs::create_dir_all(log_dir).ok().and_then(|()| {
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("dropdesk")
            .filename_suffix("log")
            .max_log_files(14)
            .build(log_dir)
            .ok()
    });
    let (file_layer, guard) = match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (
                Some(fmt::layer().with_ansi(false).with_writer(writer)),
                Some(guard),
            )
        }
        None => (None, None),
    };
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(file_layer);
    if registry.try_init().is_err() {
        eprintln!("logging was already set up");
    }
    if guard.is_none() {
        tracing::warn!(dir = %log_dir.display(), "could not open the log folder; logging to stderr only");
    }
    LogGuard {
        _file_writer: guard,
    }
}
