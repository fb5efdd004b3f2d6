//! Running `naive_term.py` (the official Python SDK in a professor's loop) against an
//! emulator's HTTPS front; shared by the term plan's fault test and its benchmark.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use dropdesk_core::term::PlannedRow;
use tokio::io::AsyncWriteExt;
use tokio::process::Child;

/// The SDK's interpreter: `DROPDESK_PYTHON_SDK`, or the virtualenv `scripts/python-sdk.sh`
/// makes (`scripts/setup.sh test` and `scripts/bench.sh` run it).
pub fn interpreter() -> PathBuf {
    if let Some(python) = std::env::var_os("DROPDESK_PYTHON_SDK") {
        return python.into();
    }
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/python-sdk/bin/python");
    assert!(
        python.exists(),
        "the official Python SDK is not installed at {}: run scripts/setup.sh test",
        python.display()
    );
    python
}

/// The script started on `host` (trusting `authority`) with `token`, the rows already on its
/// stdin; its stdout says "created N" per row, then "elapsed_ms T" and "done".
pub async fn start(
    rows: &[PlannedRow],
    host: &str,
    authority: &Path,
    token: &str,
    stderr: Stdio,
) -> Child {
    let now = jiff::Timestamp::now();
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "title": row.form.title,
                "destination": row.form.destination,
                "description": row.form.description,
                "deadline": row.form.deadline.as_ref().map(|d| d.to_utc(now).unwrap().to_string()),
            })
        })
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/naive_term.py");
    let mut child = tokio::process::Command::new(interpreter())
        .arg(script)
        .env("DROPBOX_API_HOST", host)
        .env("DROPBOX_API_CONTENT_HOST", host)
        .env("DROPBOX_API_NOTIFY_HOST", host)
        .env("DROPBOX_TOKEN", token)
        .env("REQUESTS_CA_BUNDLE", authority)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(&serde_json::to_vec(&rows).unwrap())
        .await
        .unwrap();
    drop(stdin);
    child
}
