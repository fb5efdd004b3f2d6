//! The `dropbox-emulator` binary: its first stdout line and a working server behind it.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the emulator when the test ends, whether it passed or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn prints_its_address_first_and_serves_there() {
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_dropbox-emulator"))
            .args(["--port", "0", "--seed", "empty", "--account-type", "basic"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let first_line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the emulator printed its address within 30 s");
    let base_url = first_line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"))
        .to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");

    let control = dropbox_emulator::ControlClient::new(&base_url);
    let token = control.issue_token().await.unwrap();
    let account: serde_json::Value = reqwest::Client::new()
        .post(format!("{base_url}/2/users/get_current_account"))
        .bearer_auth(&token.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(account["name"]["display_name"], "Sam Example");
    assert_eq!(account["account_type"][".tag"], "basic");
}

#[test]
fn accepts_every_documented_account_type() {
    for account_type in ["basic", "pro", "business"] {
        let output = Command::new(env!("CARGO_BIN_EXE_dropbox-emulator"))
            .args(["--account-type", account_type, "--help"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{account_type}: {output:?}");
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_dropbox-emulator"))
        .args(["--account-type", "platinum", "--port", "0"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("\"business\""));
}

#[test]
fn rejects_an_unknown_seed_with_the_choices() {
    let output = Command::new(env!("CARGO_BIN_EXE_dropbox-emulator"))
        .args(["--seed", "full"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"demo\" or \"empty\""), "{stderr}");
}
