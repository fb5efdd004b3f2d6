//! Emulator benchmark: RPC throughput on loopback, and paging a 10,000-file folder.
//! Run with `scripts/bench.sh` (a release build).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::sync::Arc;
use std::time::Instant;

use dropbox_emulator::{Emulator, Seed};
use serde_json::{Value, json};

const CALLS: usize = 20_000;
const CONCURRENCY: usize = 16;
const FILES: usize = 10_000;

#[tokio::main]
async fn main() {
    let emulator = Emulator::builder().seed(Seed::Empty).spawn().await.unwrap();
    let token = Arc::new(emulator.control().issue_token().await.unwrap().access_token);
    let base = Arc::new(emulator.base_url());
    let http = reqwest::Client::new();

    // Warm up connections.
    rpc(&http, &base, &token, "users/get_current_account", None).await;

    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..CALLS / CONCURRENCY {
                rpc(&http, &base, &token, "users/get_current_account", None).await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    println!(
        "rpc throughput: {CALLS} users/get_current_account calls, {CONCURRENCY} at a time, in \
         {:.2} s = {:.0} calls/s (goal: >= 2,000 calls/s)",
        elapsed.as_secs_f64(),
        CALLS as f64 / elapsed.as_secs_f64()
    );

    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..CONCURRENCY {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            for n in (worker..FILES).step_by(CONCURRENCY) {
                let arg = json!({ "path": format!("/big/{n:05}.pdf") }).to_string();
                http.post(format!("{base}/2/files/upload"))
                    .bearer_auth(token.as_str())
                    .header("content-type", "application/octet-stream")
                    .header("dropbox-api-arg", arg)
                    .body(vec![b'x'; 1024])
                    .send()
                    .await
                    .unwrap()
                    .error_for_status()
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let upload = started.elapsed();
    println!(
        "upload: {FILES} files of 1 KiB in {:.2} s = {:.0} uploads/s",
        upload.as_secs_f64(),
        FILES as f64 / upload.as_secs_f64()
    );

    let started = Instant::now();
    let mut page = rpc(
        &http,
        &base,
        &token,
        "files/list_folder",
        Some(json!({ "path": "/big" })),
    )
    .await;
    let mut entries = page["entries"].as_array().unwrap().len();
    let mut pages = 1;
    while page["has_more"] == true {
        page = rpc(
            &http,
            &base,
            &token,
            "files/list_folder/continue",
            Some(json!({ "cursor": page["cursor"] })),
        )
        .await;
        entries += page["entries"].as_array().unwrap().len();
        pages += 1;
    }
    let listing = started.elapsed();
    assert_eq!(entries, FILES);
    println!(
        "list_folder: {entries} entries in {pages} pages in {:.1} ms ({:.1} ms a page)",
        listing.as_secs_f64() * 1000.0,
        listing.as_secs_f64() * 1000.0 / f64::from(pages)
    );
    emulator.shutdown().await;
}

async fn rpc(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    route: &str,
    arg: Option<Value>,
) -> Value {
    let mut request = http.post(format!("{base}/2/{route}")).bearer_auth(token);
    if let Some(arg) = arg {
        request = request
            .header("content-type", "application/json")
            .body(arg.to_string());
    }
    request
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}
