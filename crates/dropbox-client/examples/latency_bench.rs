//! Client benchmark against the emulator with 50 ms of latency per API call: each figure
//! beside its round-trip floor (the calls that cannot overlap × latency).
//! Run with `scripts/bench.sh` (a release build).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dropbox_client::routes::{file_requests, files, users};
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::types::files::{ListFolderArg, UploadArg};
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};
use futures_util::{StreamExt, TryStreamExt};

const LATENCY: Duration = Duration::from_millis(50);
const REQUESTS: usize = 500;
const FILES: usize = 10_000;
const BULK: usize = 100;
const BULK_CONCURRENCY: usize = 8;

fn request(title: String) -> CreateFileRequestArgs {
    CreateFileRequestArgs {
        destination: format!("/Bench/{title}"),
        title,
        deadline: None,
        open: true,
        description: None,
    }
}

async fn client_for(emulator: &EmulatorHandle) -> Client {
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    Client::new(hosts, AccessToken::new(token.access_token))
}

/// Fills a data directory without latency: 500 requests and a 10,000-file folder.
async fn prepare(dir: &std::path::Path) {
    let emulator = Emulator::builder()
        .seed(Seed::Empty)
        .data_dir(dir)
        .spawn()
        .await
        .unwrap();
    let client = client_for(&emulator).await;
    let args: Vec<_> = (0..REQUESTS)
        .map(|n| request(format!("Request {n:03}")))
        .collect();
    for result in file_requests::create_many(&client, &args, 32).await {
        result.unwrap();
    }
    futures_util::stream::iter(0..FILES)
        .map(|n| {
            let client = client.clone();
            async move {
                let arg = UploadArg::new(format!("/Big/{n:05}.pdf"));
                files::upload(&client, &arg, vec![b'x'; 64]).await.unwrap();
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<()>>()
        .await;
    emulator.shutdown().await;
}

async fn calls(emulator: &EmulatorHandle, routes: &[&str]) -> u64 {
    let stats = emulator.control().stats().await.unwrap();
    routes
        .iter()
        .map(|r| stats.calls.get(*r).copied().unwrap_or(0))
        .sum()
}

fn report(what: &str, elapsed: Duration, round_trips: u64, goal: &str) {
    let floor = LATENCY * u32::try_from(round_trips).unwrap();
    println!(
        "{what}: {:.0} ms over {round_trips} round trips; floor {:.0} ms; {:.2}× the floor ({goal})",
        elapsed.as_secs_f64() * 1e3,
        floor.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() / floor.as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path()).await;

    let emulator = Emulator::builder()
        .data_dir(dir.path())
        .latency(LATENCY)
        .spawn()
        .await
        .unwrap();
    let waits = Arc::new(AtomicUsize::new(0));
    let counted = waits.clone();
    let client = client_for(&emulator).await.on_wait(Arc::new(move |_| {
        counted.fetch_add(1, Ordering::Relaxed);
    }));
    // Warm the connection pool so the figures are round trips, not handshakes.
    users::get_current_account(&client).await.unwrap();

    let list_routes = ["file_requests/list_v2", "file_requests/list/continue"];
    let before = calls(&emulator, &list_routes).await;
    let started = Instant::now();
    let listed: Vec<_> = file_requests::list_all(&client, 1_000)
        .try_collect()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(listed.len(), REQUESTS);
    let pages = calls(&emulator, &list_routes).await - before;
    report(
        &format!("list {REQUESTS} file requests"),
        elapsed,
        pages,
        "goal <= 1.2×",
    );

    let folder_routes = ["files/list_folder", "files/list_folder/continue"];
    let before = calls(&emulator, &folder_routes).await;
    let started = Instant::now();
    let entries: Vec<_> = files::list_folder_all(&client, &ListFolderArg::new("/Big"))
        .try_collect()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(entries.len(), FILES);
    let pages = calls(&emulator, &folder_routes).await - before;
    report(
        &format!("list a {FILES}-file folder"),
        elapsed,
        pages,
        "goal <= 1.2×",
    );

    let sequential_args: Vec<_> = (0..BULK).map(|n| request(format!("Seq {n:03}"))).collect();
    let started = Instant::now();
    for arg in &sequential_args {
        file_requests::create(&client, arg).await.unwrap();
    }
    let sequential = started.elapsed();
    report(
        &format!("create {BULK} file requests one at a time"),
        sequential,
        u64::try_from(BULK).unwrap(),
        "the baseline",
    );

    let bulk_args: Vec<_> = (0..BULK).map(|n| request(format!("Bulk {n:03}"))).collect();
    let started = Instant::now();
    for result in file_requests::create_many(&client, &bulk_args, BULK_CONCURRENCY).await {
        result.unwrap();
    }
    let bulk = started.elapsed();
    report(
        &format!("create {BULK} file requests, {BULK_CONCURRENCY} at a time"),
        bulk,
        u64::try_from(BULK.div_ceil(BULK_CONCURRENCY)).unwrap(),
        "chained waves",
    );
    println!(
        "bulk create speed-up: {:.1}× faster than one at a time (goal >= 5×); rate-limit waits: {} \
         (goal 0)",
        sequential.as_secs_f64() / bulk.as_secs_f64(),
        waits.load(Ordering::Relaxed)
    );
    emulator.shutdown().await;
}
