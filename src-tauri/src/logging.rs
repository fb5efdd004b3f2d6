//! Logs go to stderr and to a daily rolling file in the OS log directory. Secrets never reach
//! them: tokens are secret types whose `Debug` is redacted.

use std::path::Path;

use tracing::Subscriber;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::{DefaultFields, Writer};
use tracing_subscriber::fmt::{FormatFields, MakeWriter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, fmt};

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
            (Some(file_layer(writer)), Some(guard))
        }
        None => (None, None),
    };
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(terminal_layer(std::io::stderr))
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

/// The terminal's layer, coloured.
fn terminal_layer<S, W>(writer: W) -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    fmt::layer().with_writer(writer)
}

/// The file's layer: plain text. Span fields are formatted once per field formatter type and
/// kept on the span, so the file needs a formatter type of its own, or it would reuse the
/// terminal's coloured copy.
fn file_layer<S, W>(writer: W) -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    fmt::layer()
        .with_ansi(false)
        .fmt_fields(PlainFields::default())
        .with_writer(writer)
}

/// The default field format, under a type of the file layer's own.
#[derive(Default)]
struct PlainFields(DefaultFields);

impl<'writer> FormatFields<'writer> for PlainFields {
    fn format_fields<R: RecordFields>(
        &self,
        writer: Writer<'writer>,
        fields: R,
    ) -> std::fmt::Result {
        self.0.format_fields(writer, fields)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    impl Buffer {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn the_log_file_has_no_colour_codes_even_in_span_fields() {
        let terminal = Buffer::default();
        let file = Buffer::default();
        let subscriber = tracing_subscriber::registry()
            .with(terminal_layer(terminal.clone()).with_filter(EnvFilter::new("debug")))
            .with(file_layer(file.clone()).with_filter(EnvFilter::new("debug")));
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("list_submissions", id = "id:abc", folder = ?Some("/Homework 3"));
            let _entered = span.enter();
            tracing::info!(count = 3, "listed");
        });
        let file = file.text();
        assert!(file.contains("list_submissions"), "{file}");
        assert!(file.contains("id=\"id:abc\""), "{file}");
        assert!(
            !file.contains('\u{1b}'),
            "colour codes in the file: {file:?}"
        );
    }
}
