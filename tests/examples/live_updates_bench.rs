//! Memory under live updates, in the real app (release build): the submissions pane stays
//! open while 200 files arrive a few at a time (`BENCH_LIVE_SECS`, 100 s by default), and the
//! growth of the app's memory (the app and its WebKit processes, proportional set size) is
//! printed after a settle time. Goal: at most 15 MB. Every file must appear exactly once.
//! Run with `scripts/bench.sh` (it builds the release app and starts a desktop session).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::time::{Duration, Instant};

use dropbox_client::routes::{file_requests, files};
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::types::files::UploadArg;
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::Seed;
use dropdesk_e2e::{App, Launch, demo_emulator};

const FILES: usize = 200;
const TITLE: &str = "Live lab";
const FOLDER: &str = "/Courses/CS101/Live lab";
/// Samples of memory taken, a second apart, for each reading (the median is used).
const SAMPLES: usize = 7;
/// Idle time before each reading: WebKit collects garbage when the page is idle.
const SETTLE: Duration = Duration::from_secs(20);

fn spread() -> Duration {
    let secs = std::env::var("BENCH_LIVE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    Duration::from_secs(secs)
}

/// The median of a few samples a second apart, in MB.
async fn settled_memory_mb(app: &App) -> f64 {
    tokio::time::sleep(SETTLE).await;
    let mut samples = Vec::new();
    for _ in 0..SAMPLES {
        samples.push(app.memory_kib() as f64 / 1024.0);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

async fn shown_count(app: &App) -> anyhow::Result<usize> {
    let text = app
        .wait_for("[data-testid=submission-count]")
        .await?
        .text()
        .await?;
    Ok(text.trim().trim_matches(['(', ')']).parse()?)
}

#[tokio::main]
async fn main() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
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
    files::upload(
        &client,
        &UploadArg::new(format!("{FOLDER}/first.pdf")),
        vec![0; 64],
    )
    .await
    .unwrap();

    let launch = Launch::demo(&emulator, port).env("DROPDESK_LOG", "info");
    dropdesk_e2e::run("live-updates-bench", launch, async |app| {
        app.wait_for_text("[data-testid=request-list]", TITLE)
            .await?;
        let row = app
            .client()
            .find(fantoccini::Locator::XPath(&format!(
                "//ul[@data-testid='request-list']/li[contains(., '{TITLE}')]"
            )))
            .await?;
        row.click().await?;
        app.wait_for_text("[data-testid=live]", "live").await?;
        let before = settled_memory_mb(app).await;

        let started = Instant::now();
        let every = spread() / FILES as u32;
        for n in 0..FILES {
            let arg = UploadArg::new(format!("{FOLDER}/student_{n:03}_lab.pdf"));
            files::upload(&client, &arg, vec![b'x'; 2048]).await?;
            let next = every * (n as u32 + 1);
            if let Some(wait) = next.checked_sub(started.elapsed()) {
                tokio::time::sleep(wait).await;
            }
        }
        app.wait_for_text(
            "[data-testid=submission-count]",
            &format!("({})", FILES + 1),
        )
        .await?;
        let after = settled_memory_mb(app).await;
        let shown = shown_count(app).await?;
        println!(
            "live updates: {FILES} files arrived over {:.0} s with the pane open; {shown} of {} \
             shown (each once); memory {before:.1} MB → {after:.1} MB, growth {:.1} MB (app \
             and WebKit, proportional set size, after {} s idle; goal <= 15 MB)",
            started.elapsed().as_secs_f64(),
            FILES + 1,
            after - before,
            SETTLE.as_secs()
        );
        anyhow::ensure!(shown == FILES + 1, "{shown} files shown, not {}", FILES + 1);
        Ok(())
    })
    .await;
    emulator.shutdown().await;
}
