//! Retries against the emulator's scripted faults: waits as told, backoff for reads only, never
//! a blind replay of a write, every wait reported.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dropbox_client::routes::{files, users};
use dropbox_client::types::files::{DownloadArg, UploadArg};
use dropbox_client::{AccessToken, Client, Error, Hosts, RetryPolicy, Wait, WaitReason};
use dropbox_emulator::{Emulator, EmulatorHandle, Fault};

struct Setup {
    emulator: EmulatorHandle,
    client: Client,
    waits: Arc<Mutex<Vec<Wait>>>,
}

async fn setup(policy: RetryPolicy) -> Setup {
    let emulator = Emulator::builder().spawn().await.unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let waits = Arc::new(Mutex::new(Vec::new()));
    let seen = waits.clone();
    let client = Client::new(
        Hosts::single_origin(&emulator.base_url().parse().unwrap()),
        AccessToken::new(token.access_token),
    )
    .with_retry_policy(policy)
    .on_wait(Arc::new(move |wait: &Wait| {
        seen.lock().unwrap().push(wait.clone())
    }));
    Setup {
        emulator,
        client,
        waits,
    }
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        ..RetryPolicy::default()
    }
}

async fn calls(emulator: &EmulatorHandle, route: &str) -> u64 {
    emulator
        .control()
        .stats()
        .await
        .unwrap()
        .calls
        .get(route)
        .copied()
        .unwrap_or(0)
}

#[tokio::test]
async fn a_429_storm_waits_as_long_as_dropbox_asks_then_succeeds() {
    let s = setup(quick()).await;
    let control = s.emulator.control();
    control
        .inject_fault(
            "users/get_current_account",
            1,
            Fault::RateLimit {
                retry_after_secs: 1,
            },
        )
        .await
        .unwrap();
    control
        .inject_fault(
            "users/get_current_account",
            1,
            Fault::RateLimitHeaderOnly {
                retry_after_secs: 2,
            },
        )
        .await
        .unwrap();

    let account = users::get_current_account(&s.client).await.unwrap();

    assert_eq!(account.name.display_name, "Ada Lovelace");
    let waits = s.waits.lock().unwrap().clone();
    let delays: Vec<(Duration, WaitReason)> = waits.iter().map(|w| (w.delay, w.reason)).collect();
    assert_eq!(
        delays,
        [
            (Duration::from_secs(1), WaitReason::RateLimited),
            (Duration::from_secs(2), WaitReason::RateLimited)
        ]
    );
    assert_eq!(waits[1].attempt, 2);
    assert_eq!(calls(&s.emulator, "users/get_current_account").await, 3);
}

#[tokio::test]
async fn server_errors_and_broken_connections_on_reads_back_off_and_recover() {
    let s = setup(quick()).await;
    files::upload(&s.client, &UploadArg::new("/a.txt"), b"x".to_vec())
        .await
        .unwrap();
    let control = s.emulator.control();
    control
        .inject_fault("files/download", 1, Fault::Status(503))
        .await
        .unwrap();
    control
        .inject_fault("files/download", 1, Fault::DropConnection)
        .await
        .unwrap();

    let (_, bytes) = files::download(
        &s.client,
        &DownloadArg {
            path: "/a.txt".into(),
        },
    )
    .await
    .unwrap();

    assert_eq!(bytes, b"x");
    let reasons: Vec<WaitReason> = s.waits.lock().unwrap().iter().map(|w| w.reason).collect();
    assert_eq!(reasons, [WaitReason::ServerError, WaitReason::Connection]);
    assert_eq!(calls(&s.emulator, "files/download").await, 3);
}

#[tokio::test]
async fn a_write_is_never_replayed_after_a_server_error() {
    let s = setup(quick()).await;
    s.emulator
        .control()
        .inject_fault("files/upload", 1, Fault::Status(503))
        .await
        .unwrap();

    let error = files::upload(&s.client, &UploadArg::new("/once.txt"), b"x".to_vec())
        .await
        .unwrap_err();

    assert!(
        matches!(error, Error::Server { status: 503, .. }),
        "{error:?}"
    );
    assert!(s.waits.lock().unwrap().is_empty());
    assert_eq!(calls(&s.emulator, "files/upload").await, 1);
}

#[tokio::test]
async fn retries_stop_when_the_policy_runs_out() {
    let s = setup(RetryPolicy {
        max_attempts: 3,
        ..quick()
    })
    .await;
    s.emulator
        .control()
        .inject_fault("users/get_current_account", 10, Fault::Status(500))
        .await
        .unwrap();

    let error = users::get_current_account(&s.client).await.unwrap_err();

    assert!(
        matches!(error, Error::Server { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(s.waits.lock().unwrap().len(), 2);
    assert_eq!(calls(&s.emulator, "users/get_current_account").await, 3);
}

#[tokio::test]
async fn malformed_and_truncated_answers_are_decode_errors_that_keep_the_body() {
    let Setup {
        emulator, client, ..
    } = setup(quick()).await;
    let control = emulator.control();
    for body in [
        r#"{"account_id": "dbid:x", "name": {"given_na"#,
        "<html>Bad gateway</html>",
        r#"{"unexpected": true}"#,
    ] {
        control
            .inject_fault("users/get_current_account", 1, Fault::Body(body.into()))
            .await
            .unwrap();
        match users::get_current_account(&client).await {
            Err(Error::Decode { raw, .. }) => assert_eq!(raw, body),
            other => panic!("expected a decode error for {body:?}, got {other:?}"),
        }
    }
    // A connection that breaks mid-answer, on every try, ends in a transport error.
    control
        .inject_fault("users/get_current_account", 10, Fault::DropConnection)
        .await
        .unwrap();
    let error = users::get_current_account(&client).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}
