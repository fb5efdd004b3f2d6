//! The request list at 100, 1,000 and 4,000 requests (Dropbox's cap), in the real app (release
//! build) against the emulator with 50 ms of latency per call: from the click that opens the
//! list to its first rows on screen and to the whole list, beside the round-trip floor and the
//! client alone listing the same account, and how much memory the listed rows hold. One row a
//! size, so that a cliff shows as a row.
//! Run with `scripts/bench.sh` (it builds the release app and starts a desktop session).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::time::Duration;

use dropbox_client::routes::file_requests;
use dropbox_client::types::file_requests::{CreateFileRequestArgs, FileRequestDeadline};
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{EmulatorHandle, Seed};
use dropdesk_e2e::bench::{latency, median};
use dropdesk_e2e::{App, Launch, demo_emulator};
use futures_util::StreamExt;
use serde_json::json;

const SIZES: [usize; 3] = [100, 1_000, 4_000];
/// Runs measured a size; the median is reported.
const RUNS: usize = 5;
/// Requests a page, as the app asks (Dropbox's own limit).
const PAGE: usize = 1_000;
const FIRST_ROWS_GOAL_MS: f64 = 150.0;
const FULL_GOAL: f64 = 1.2;
const MEMORY_GOAL_MIB: f64 = 20.0;

fn client_of(emulator: &EmulatorHandle, token: String) -> Client {
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    Client::new(hosts, AccessToken::new(token))
}

/// An account with `count` requests, a third of them closed, deadlines spread over a year,
/// written without latency.
async fn prepare(dir: &std::path::Path, count: usize) {
    let emulator = dropbox_emulator::Emulator::builder()
        .seed(Seed::Empty)
        .data_dir(dir)
        .spawn()
        .await
        .unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let client = client_of(&emulator, token.access_token);
    let start = jiff::Timestamp::now();
    futures_util::stream::iter(0..count)
        .map(|n| {
            let client = client.clone();
            async move {
                let due = start + jiff::SignedDuration::from_hours((n as i64 % 365 - 180) * 24);
                let args = CreateFileRequestArgs {
                    title: format!("Department form {n:04}"),
                    destination: format!("/Department/Forms/Form {n:04}"),
                    deadline: Some(FileRequestDeadline {
                        deadline: due.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                        allow_late_uploads: None,
                    }),
                    open: n % 3 != 0,
                    description: None,
                };
                file_requests::create(&client, &args).await.unwrap();
            }
        })
        .buffer_unordered(16)
        .collect::<Vec<()>>()
        .await;
    emulator.shutdown().await;
}

/// What the client alone takes to list every request with the count (as the app asks them).
async fn client_listing_ms(emulator: &EmulatorHandle, count: usize) -> f64 {
    let token = emulator.control().issue_token().await.unwrap();
    let client = client_of(emulator, token.access_token);
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        let started = std::time::Instant::now();
        let list = dropdesk_core::requests::list(&client).await.unwrap();
        assert_eq!(list.requests.len(), count);
        runs.push(started.elapsed().as_secs_f64() * 1e3);
    }
    median(runs)
}

/// Clicks a place in the sidebar.
async fn go_to(app: &App, label: &str) -> anyhow::Result<()> {
    let script = r#"
        [...document.querySelectorAll('nav[aria-label=Places] button')]
          .find((b) => b.textContent.includes(arguments[0])).click();
    "#;
    app.client().execute(script, vec![json!(label)]).await?;
    Ok(())
}

struct Timing {
    /// From the first page's arrival in the window to its rows painted.
    after_data: f64,
    /// From the click to the whole list in place (the count said, every page in).
    full: f64,
}

/// From another place, clicks File requests with an in-page clock running; the times are
/// taken at the next frame after the DOM had the rows.
async fn open_and_time(app: &App, count: usize) -> anyhow::Result<Timing> {
    go_to(app, "Settings").await?;
    app.wait_until_gone("[data-testid=request-list]").await?;
    let script = r#"
        const [total] = arguments;
        const bench = { first: null, full: null, page: null };
        window.__bench = bench;
        performance.clearMarks('requests:page');
        const done = `${total} requests`;
        const check = () => {
          if (bench.first === null && document.querySelector('[data-testid=request-list] li')) {
            bench.first = -1;
            const page = performance.getEntriesByName('requests:page')[0];
            requestAnimationFrame(() => {
              bench.first = performance.now() - bench.start;
              bench.page = page ? page.startTime - bench.start : null;
            });
          }
          const label = document.querySelector('[data-testid=request-total]');
          if (bench.full === null && label && label.textContent.trim() === done) {
            bench.full = -1;
            requestAnimationFrame(() => (bench.full = performance.now() - bench.start));
            observer.disconnect();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const button = [...document.querySelectorAll('nav[aria-label=Places] button')]
          .find((b) => b.textContent.includes('File requests'));
        bench.start = performance.now();
        button.click();
    "#;
    app.client().execute(script, vec![json!(count)]).await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let got = app
            .client()
            .execute("return window.__bench", vec![])
            .await?;
        let first = got["first"].as_f64().filter(|v| *v >= 0.0);
        let full = got["full"].as_f64().filter(|v| *v >= 0.0);
        let page = got["page"].as_f64();
        if let (Some(first), Some(full), Some(page)) = (first, full, page) {
            return Ok(Timing {
                after_data: first - page,
                full,
            });
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the list did not complete: {got}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

struct Row {
    count: usize,
    floor: f64,
    client: f64,
    after_data: f64,
    full: f64,
    memory: f64,
}

async fn measure(count: usize) -> Row {
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path(), count).await;
    let (builder, port) = demo_emulator();
    let emulator = builder
        .data_dir(dir.path())
        .latency(latency(50))
        .spawn()
        .await
        .unwrap();
    let rtt = latency(50).as_secs_f64() * 1e3;
    // The count beside the first page, then one call a further page.
    let floor = rtt * count.div_ceil(PAGE).max(1) as f64;
    let client = client_listing_ms(&emulator, count).await;
    let mut row = Row {
        count,
        floor,
        client,
        after_data: 0.0,
        full: 0.0,
        memory: 0.0,
    };
    let launch = Launch::demo(&emulator, port).env("DROPDESK_LOG", "info");
    let name = format!("request-list-bench-{count}");
    dropdesk_e2e::run(&name, launch, async |app| {
        app.wait_for_text("[data-testid=request-total]", &format!("{count} requests"))
            .await?;
        let (mut after, mut full, mut memory) = (vec![], vec![], vec![]);
        for _ in 0..RUNS {
            let before = app.memory_kib();
            let timing = open_and_time(app, count).await?;
            memory.push(app.memory_kib().saturating_sub(before) as f64 / 1024.0);
            after.push(timing.after_data);
            full.push(timing.full);
        }
        row.after_data = median(after);
        row.full = median(full);
        row.memory = median(memory);
        Ok(())
    })
    .await;
    emulator.shutdown().await;
    row
}

#[tokio::main]
async fn main() {
    let mut rows = Vec::new();
    for count in SIZES {
        rows.push(measure(count).await);
    }
    println!(
        "requests | floor | client alone | app: first rows after the first page (goal <= \
         {FIRST_ROWS_GOAL_MS:.0} ms) | app: whole list (goal <= {FULL_GOAL}× the floor) | \
         memory held by the list (goal <= +{MEMORY_GOAL_MIB:.0} MB)"
    );
    for row in &rows {
        println!(
            "{:>5} | {:>4.0} ms | {:>4.0} ms ({:.2}×) | {:>4.0} ms | {:>5.0} ms ({:.2}×) | {:+.1} MB",
            row.count,
            row.floor,
            row.client,
            row.client / row.floor,
            row.after_data,
            row.full,
            row.full / row.floor,
            row.memory
        );
    }
    // What the window adds beyond the client, per 1,000 requests, between sizes: flat when the
    // page holds the same rows whatever the list's length.
    for pair in rows.windows(2) {
        let (small, big) = (&pair[0], &pair[1]);
        let added = |r: &Row| r.full - r.client;
        let per_thousand =
            (added(big) - added(small)) / ((big.count - small.count) as f64 / 1_000.0);
        println!(
            "the window's time beyond the client, {} → {} requests: {per_thousand:+.0} ms per \
             1,000 (goal: flat, near 0)",
            small.count, big.count
        );
    }
    println!("medians of {RUNS} runs a size; PSS of the app and its WebKit processes");
}
