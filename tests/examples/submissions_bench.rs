//! The submissions pane with 10,000 files, in the real app (release build) against the
//! emulator with 50 ms of latency per call: time from the click that opens the request to its
//! first rows on screen and to the whole list, and how much the app's memory grows.
//! Run with `scripts/bench.sh` (it builds the release app and starts a desktop session).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::time::Duration;

use dropbox_client::routes::{file_requests, files};
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::types::files::UploadArg;
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Emulator, Seed};
use dropdesk_e2e::bench::{latency, median};
use dropdesk_e2e::{App, Launch, demo_emulator};
use futures_util::StreamExt;
use serde_json::json;

const FILES: usize = 10_000;
const TITLE: &str = "Final exam scans";
const FOLDER: &str = "/Courses/CS101/Final exam scans";
/// Runs measured; the median is reported.
const RUNS: usize = 5;

/// The demo course plus a request whose folder holds 10,000 files, written without latency.
async fn prepare(dir: &std::path::Path) {
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .data_dir(dir)
        .spawn()
        .await
        .unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    let args = CreateFileRequestArgs {
        title: TITLE.into(),
        destination: FOLDER.into(),
        deadline: None,
        open: true,
        description: None,
    };
    file_requests::create(&client, &args).await.unwrap();
    futures_util::stream::iter(0..FILES)
        .map(|n| {
            let client = client.clone();
            async move {
                let arg = UploadArg::new(format!("{FOLDER}/student_{n:05}_exam.pdf"));
                files::upload(&client, &arg, vec![b'x'; 64]).await.unwrap();
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<()>>()
        .await;
    emulator.shutdown().await;
}

/// Clicks the request in the list with an in-page clock running; answers (first rows, whole
/// list) in ms since the click, each taken at the next frame after the DOM had it.
async fn open_and_time(app: &App, title: &str, files: usize) -> anyhow::Result<(f64, f64)> {
    let script = r#"
        const [title, files] = arguments;
        const bench = { first: null, full: null };
        window.__bench = bench;
        const countText = `(${files})`;
        const check = () => {
          if (bench.first === null && document.querySelector('[data-testid=submission-list] li')) {
            bench.first = -1;
            requestAnimationFrame(() => (bench.first = performance.now() - bench.start));
          }
          const count = document.querySelector('[data-testid=submission-count]');
          if (bench.full === null && count && count.textContent === countText
              && !document.querySelector('[data-testid=loading-more]')
              && document.querySelector('[data-testid=submission-list] li')) {
            bench.full = -1;
            requestAnimationFrame(() => (bench.full = performance.now() - bench.start));
            observer.disconnect();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const row = [...document.querySelectorAll('[data-testid=request-list] > li')]
          .find((li) => li.textContent.includes(title));
        bench.start = performance.now();
        row.click();
    "#;
    app.client()
        .execute(script, vec![json!(title), json!(files)])
        .await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let got = app
            .client()
            .execute("return window.__bench", vec![])
            .await?;
        let first = got["first"].as_f64().filter(|v| *v >= 0.0);
        let full = got["full"].as_f64().filter(|v| *v >= 0.0);
        if let (Some(first), Some(full)) = (first, full) {
            return Ok((first, full));
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the list did not complete: {got}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The client alone listing the folder, page after page: what the transport and the emulator
/// cost before the app adds anything.
async fn client_listing_ms(emulator: &dropbox_emulator::EmulatorHandle) -> f64 {
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        let started = std::time::Instant::now();
        let arg = dropbox_client::types::files::ListFolderArg::new(FOLDER.to_owned());
        let mut page = files::list_folder(&client, &arg).await.unwrap();
        let mut count = page.entries.len();
        while page.has_more {
            page = files::list_folder_continue(&client, &page.cursor)
                .await
                .unwrap();
            count += page.entries.len();
        }
        assert_eq!(count, FILES);
        runs.push(started.elapsed().as_secs_f64() * 1e3);
    }
    median(runs)
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path()).await;
    let (builder, port) = demo_emulator();
    let emulator = builder
        .data_dir(dir.path())
        .latency(latency(50))
        .spawn()
        .await
        .unwrap();

    let rtt = latency(50).as_secs_f64() * 1e3;
    let transport = client_listing_ms(&emulator).await;
    // get ∥ list_folder, then 4 × list_folder/continue (2,000 entries a page).
    let pages = FILES.div_ceil(2_000) as f64;
    let floor_full = rtt * pages;
    // Logging as a user runs it, not the tests' debug level.
    let launch = Launch::demo(&emulator, port).env("DROPDESK_LOG", "info");
    dropdesk_e2e::run("submissions-bench", launch, async |app| {
        app.wait_for_text("[data-testid=request-list]", TITLE)
            .await?;
        let (mut small, mut firsts, mut fulls, mut growth) = (vec![], vec![], vec![], vec![]);
        for _ in 0..RUNS {
            // A 5-file request first: the same round trips and the same window redrawn, so
            // its first rows are the baseline the big list is held against.
            small.push(open_and_time(app, "Reading reflections", 5).await?.0);
            let before = app.memory_kib();
            let (first, full) = open_and_time(app, TITLE, FILES).await?;
            growth.push(app.memory_kib().saturating_sub(before) as f64 / 1024.0);
            firsts.push(first);
            fulls.push(full);
        }
        let (small, first, full) = (median(small), median(firsts), median(fulls));
        println!(
            "open a request, first rows on screen: 5 files {small:.0} ms (baseline); \
             {FILES} files {first:.0} ms, {:.2}× the baseline; goal <= {:.0} ms \
             (1 round trip + 50 ms)",
            first / small,
            rtt + 50.0
        );
        println!(
            "open a request with {FILES} files, whole list on screen: {full:.0} ms; floor \
             {floor_full:.0} ms ({pages} round trips); {:.2}× the floor (goal <= 1.2×); \
             the client alone lists the folder in {transport:.0} ms ({:.2}× the floor), so the \
             app adds {:.0} ms",
            full / floor_full,
            transport / floor_full,
            full - transport
        );
        println!(
            "memory growth while opening it: {:.1} MB (app and WebKit, proportional set size; \
             goal < 40 MB); medians of {RUNS} runs",
            median(growth)
        );
        Ok(())
    })
    .await;
}
