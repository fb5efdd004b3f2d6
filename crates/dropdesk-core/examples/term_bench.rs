//! A term of 100 requests from a plan against the emulator with 50 ms of latency per call:
//! Dropdesk's run (journal, look-ups, `AT_ONCE` creates in flight) beside the official Python
//! SDK in the sequential loop a professor's script is, and beside the round-trip floor at the
//! chosen concurrency. Rounds are interleaved and medians printed, so a noisy moment does not
//! decide the result. Run with `scripts/bench.sh` (a release build; it makes the SDK's
//! virtualenv).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

#[path = "../tests/python/sdk.rs"]
mod sdk;

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};
use dropdesk_core::account::Plan;
use dropdesk_core::paths::AppPaths;
use dropdesk_core::requests::Grace;
use dropdesk_core::requests::deadline::DeadlineInput;
use dropdesk_core::space::Space;
use dropdesk_core::term::{self, AT_ONCE, Journal, Repeat, TermPattern};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio_util::sync::CancellationToken;

const LATENCY: Duration = Duration::from_millis(50);
const ROWS: u32 = 100;
const ROUNDS: usize = 3;

fn pattern(course: &str) -> TermPattern {
    let first = (jiff::Zoned::now().date() + jiff::Span::new().days(7)).to_string();
    TermPattern {
        course: course.into(),
        title: "Homework {n}".into(),
        folder: "{course}/Homework {nn}".into(),
        description: "Week {n}".into(),
        topics: Vec::new(),
        first_number: 1,
        count: ROWS,
        first_deadline: Some(DeadlineInput {
            date: first,
            time: "17:00".into(),
            time_zone: "Europe/Berlin".into(),
        }),
        repeat: Repeat::EveryDays { days: 1 },
        grace: Grace::OneDay,
    }
}

async fn client_for(emulator: &EmulatorHandle) -> Client {
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    Client::new(hosts, AccessToken::new(token.access_token))
}

async fn total_calls(emulator: &EmulatorHandle) -> u64 {
    emulator
        .control()
        .stats()
        .await
        .unwrap()
        .calls
        .values()
        .sum()
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The official SDK creating `rows` one after another; the loop's own time (the
/// interpreter's start is not counted).
async fn sdk_loop(
    rows: &[term::PlannedRow],
    host: &str,
    authority: &Path,
    token: &str,
) -> Duration {
    let mut child = sdk::start(rows, host, authority, token, Stdio::inherit()).await;
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut elapsed = None;
    let mut created = 0;
    while let Some(line) = lines.next_line().await.unwrap() {
        if line.starts_with("created ") {
            created += 1;
        } else if let Some(ms) = line.strip_prefix("elapsed_ms ") {
            elapsed = Some(Duration::from_secs_f64(ms.parse::<f64>().unwrap() / 1e3));
        }
    }
    assert!(child.wait().await.unwrap().success());
    assert_eq!(created, ROWS, "the SDK made every row");
    elapsed.unwrap()
}

#[tokio::main]
async fn main() {
    // Fails early, with the fix, when the SDK is missing.
    sdk::interpreter();
    let emulator = Emulator::builder()
        .seed(Seed::Empty)
        .latency(LATENCY)
        .spawn()
        .await
        .unwrap();
    let front = emulator.tls_front().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let authority = dir.path().join("authority.pem");
    front.write_authority(&authority).unwrap();
    let sdk_token = emulator.control().issue_token().await.unwrap().access_token;
    let waits = Arc::new(AtomicUsize::new(0));
    let counted = waits.clone();
    let client = client_for(&emulator).await.on_wait(Arc::new(move |_| {
        counted.fetch_add(1, Ordering::Relaxed);
    }));
    // Warm the connection pool so the figures are round trips, not handshakes.
    dropdesk_core::requests::list(&client).await.unwrap();

    let (mut ours, mut theirs, mut floors) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Dropdesk: preview's look-up and the run, as the window does it.
        let planned = term::expand(&pattern(&format!("/Bench/Ours {round}"))).unwrap();
        let journal = Journal::open(&AppPaths::under(dir.path()), &format!("round-{round}"));
        let before = total_calls(&emulator).await;
        let started = Instant::now();
        let summary = term::run(
            &client,
            &Space::Personal,
            &journal,
            &planned,
            Plan::Pro,
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
        ours.push(started.elapsed());
        assert_eq!(summary.created, ROWS);
        let calls = total_calls(&emulator).await - before;
        // The list and its count go together; then the creates, AT_ONCE at a time.
        let creates = u64::from(ROWS);
        let chain = 1 + creates.div_ceil(AT_ONCE as u64);
        assert_eq!(
            calls,
            creates + 2,
            "one list, one count, one create per row"
        );
        floors.push(LATENCY * u32::try_from(chain).unwrap());

        // The official SDK, one create after another.
        let rows = term::expand(&pattern(&format!("/Bench/SDK {round}"))).unwrap();
        theirs.push(sdk_loop(&rows, &front.host(), &authority, &sdk_token).await);
    }

    let (ours, theirs, floor) = (median(ours), median(theirs), median(floors));
    println!(
        "plan of {ROWS} requests, {AT_ONCE} at a time: {:.0} ms (median of {ROUNDS}); floor {:.0} ms; \
         {:.2}× the floor (goal <= 1.5×)",
        ms(ours),
        ms(floor),
        ours.as_secs_f64() / floor.as_secs_f64()
    );
    println!(
        "official Python SDK, sequential loop: {:.0} ms (median of {ROUNDS}); Dropdesk is {:.1}× faster \
         (goal >= 5×)",
        ms(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    println!(
        "rate-limit waits during Dropdesk's runs: {} (goal 0: no 429 storm)",
        waits.load(Ordering::Relaxed)
    );
    emulator.shutdown().await;
}
