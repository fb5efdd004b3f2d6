//! The control API: scripted faults, stats, reset, Paper edits, and state kept across restarts.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::time::Duration;

use common::{demo, empty, start};
use dropbox_emulator::{Emulator, Fault, Seed};
use serde_json::json;

#[tokio::test]
async fn scripted_faults_hit_the_named_route_for_the_given_count() {
    let api = empty().await;
    let control = api.emulator.control();
    control
        .inject_fault(
            "file_requests/count",
            2,
            Fault::RateLimit {
                retry_after_secs: 7,
            },
        )
        .await
        .unwrap();
    for _ in 0..2 {
        let limited = api.rpc("file_requests/count", json!(null)).await;
        assert_eq!(limited.status, 429);
        assert_eq!(limited.body["error"]["retry_after"], 7);
        assert_eq!(limited.body["error"]["reason"][".tag"], "too_many_requests");
    }
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.status,
        200
    );

    control
        .inject_fault(
            "*",
            1,
            Fault::RateLimitHeaderOnly {
                retry_after_secs: 3,
            },
        )
        .await
        .unwrap();
    let raw = api
        .http
        .post(api.url("/2/users/get_current_account"))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 429);
    assert_eq!(raw.headers()["retry-after"], "3");

    control
        .inject_fault("files/list_folder", 1, Fault::Status(503))
        .await
        .unwrap();
    assert_eq!(
        api.rpc("files/list_folder", json!({ "path": "" }))
            .await
            .status,
        503
    );

    control
        .inject_fault("files/list_folder", 1, Fault::DropConnection)
        .await
        .unwrap();
    let dropped = api
        .http
        .post(api.url("/2/files/list_folder"))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body(r#"{"path":""}"#)
        .send()
        .await;
    let body = match dropped {
        Ok(response) => response.bytes().await.map(|_| ()),
        Err(error) => Err(error),
    };
    assert!(body.is_err(), "the connection broke");

    // A lost answer: the folder is made, but the caller never hears so.
    control
        .inject_fault("files/create_folder_v2", 1, Fault::LoseAnswer)
        .await
        .unwrap();
    let lost = api
        .http
        .post(api.url("/2/files/create_folder_v2"))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body(r#"{"path":"/Made anyway"}"#)
        .send()
        .await;
    let body = match lost {
        Ok(response) => response.bytes().await.map(|_| ()),
        Err(error) => Err(error),
    };
    assert!(body.is_err(), "the answer was lost");
    let made = api
        .rpc("files/get_metadata", json!({ "path": "/Made anyway" }))
        .await;
    assert_eq!(made.status, 200, "the route acted: {:?}", made.body);

    control
        .inject_fault("files/list_folder", 5, Fault::Status(500))
        .await
        .unwrap();
    control.clear_faults().await.unwrap();
    assert_eq!(
        api.rpc("files/list_folder", json!({ "path": "" }))
            .await
            .status,
        200
    );

    let stats = control.stats().await.unwrap();
    assert_eq!(stats.calls["file_requests/count"], 3);
    assert_eq!(stats.calls["files/list_folder"], 3);
}

#[tokio::test]
async fn reset_restores_the_seed_and_signs_everyone_out() {
    let api = demo().await;
    api.rpc(
        "file_requests/create",
        json!({ "title": "extra", "destination": "/x" }),
    )
    .await
    .ok();
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.ok()["file_request_count"],
        5
    );
    api.emulator.control().reset("demo").await.unwrap();
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.status,
        401
    );
    let token = api
        .emulator
        .control()
        .issue_token()
        .await
        .unwrap()
        .access_token;
    let count = api
        .http
        .post(api.url("/2/file_requests/count"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(count["file_request_count"], 4);
}

#[tokio::test]
async fn unlink_ends_every_sign_in_but_keeps_the_data() {
    let api = demo().await;
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.status,
        200
    );
    api.emulator.control().unlink().await.unwrap();
    let refused = api.rpc("file_requests/count", json!(null)).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.body["error"][".tag"], "invalid_access_token");
    let state = api.emulator.control().state().await.unwrap();
    assert_eq!(state["refresh_tokens"], 0);
    assert_eq!(state["file_requests"], 4, "the data stays");
}

#[tokio::test]
async fn state_and_files_survive_a_restart_with_a_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let api = start(Emulator::builder().seed(Seed::Empty).data_dir(dir.path())).await;
    api.upload(
        "files/upload",
        json!({ "path": "/kept/a.txt" }),
        b"kept bytes",
    )
    .await
    .ok();
    let request = api
        .rpc(
            "file_requests/create",
            json!({ "title": "Kept", "destination": "/kept" }),
        )
        .await
        .ok();
    let token = api.token.clone();
    api.emulator.shutdown().await;

    let again = start(Emulator::builder().seed(Seed::Empty).data_dir(dir.path())).await;
    let again = common::Api { token, ..again };
    let down = again
        .download("files/download", json!({ "path": "/kept/a.txt" }))
        .await;
    assert_eq!(
        down.status, 200,
        "the old token still works: {:?}",
        down.body
    );
    assert_eq!(down.bytes, b"kept bytes");
    let fetched = again
        .rpc("file_requests/get", json!({ "id": request["id"] }))
        .await
        .ok();
    assert_eq!(fetched["title"], "Kept");
}

#[tokio::test]
async fn a_shared_clock_expires_tokens_from_the_test() {
    let clock = dropbox_emulator::Clock::default();
    let api = start(
        Emulator::builder()
            .clock(clock.clone())
            .access_token_ttl(Duration::from_secs(60)),
    )
    .await;
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.status,
        200
    );
    clock.advance(Duration::from_secs(61));
    let expired = api.rpc("file_requests/count", json!(null)).await;
    assert_eq!(expired.status, 401);
    assert_eq!(expired.body["error"][".tag"], "expired_access_token");
}

#[tokio::test]
async fn latency_is_added_to_api_calls() {
    let api = start(Emulator::builder().latency(Duration::from_millis(120))).await;
    let started = std::time::Instant::now();
    api.rpc("file_requests/count", json!(null)).await.ok();
    assert!(started.elapsed() >= Duration::from_millis(120));
}

#[tokio::test]
async fn state_counts_the_tokens_still_accepted() {
    let api = demo().await;
    let state = api.emulator.control().state().await.unwrap();
    assert_eq!(state["live_access_tokens"], 1, "the test's own token");
    assert_eq!(state["refresh_tokens"], 0);

    assert_eq!(api.rpc("auth/token/revoke", json!(null)).await.status, 200);
    let state = api.emulator.control().state().await.unwrap();
    assert_eq!(state["live_access_tokens"], 0);
}
