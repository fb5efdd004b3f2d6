//! Client benchmark against the emulator with 50 ms of latency per API call, beside the official
//! Python SDK (`dropbox` from PyPI, driven by `python_peer.py`) doing the same tasks against the
//! same emulator, and beside the round-trip floor (the calls that cannot overlap × latency):
//! listing every request of accounts with 100, 1,000 and 4,000 of them, listing a 10,000-file
//! folder, opening a request, and creating 100 requests one at a time and 8 at a time.
//! Rounds are interleaved (who goes first alternates) and medians printed, so a noisy moment on
//! the machine does not decide the result. Run with `scripts/bench.sh` (a release build; it makes
//! the SDK's virtualenv).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dropbox_client::routes::{file_requests, files, users};
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::types::files::{ListFolderArg, UploadArg};
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Emulator, EmulatorHandle, Seed, TlsFront};
use futures_util::{StreamExt, TryStreamExt};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};

const LATENCY: Duration = Duration::from_millis(50);
const SIZES: [usize; 3] = [100, 1_000, 4_000];
const FILES: usize = 10_000;
const BULK: usize = 100;
const BULK_CONCURRENCY: usize = 8;
const ROUNDS: usize = 5;

fn request(title: String, folder: &str) -> CreateFileRequestArgs {
    CreateFileRequestArgs {
        destination: format!("/{folder}/{title}"),
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

/// Fills a data directory without latency: `requests` requests and, when asked, a 10,000-file
/// folder at /Big.
async fn prepare(dir: &Path, requests: usize, big_folder: bool) {
    let emulator = Emulator::builder()
        .seed(Seed::Empty)
        .data_dir(dir)
        .spawn()
        .await
        .unwrap();
    let client = client_for(&emulator).await;
    let args: Vec<_> = (0..requests)
        .map(|n| request(format!("Request {n:04}"), "Bench"))
        .collect();
    for result in file_requests::create_many(&client, &args, 32).await {
        result.unwrap();
    }
    if big_folder {
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
    }
    emulator.shutdown().await;
}

/// The official SDK's interpreter: `DROPDESK_PYTHON_SDK`, or the virtualenv
/// `scripts/python-sdk.sh` makes.
fn interpreter() -> PathBuf {
    if let Some(python) = std::env::var_os("DROPDESK_PYTHON_SDK") {
        return python.into();
    }
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/python-sdk/bin/python");
    assert!(
        python.exists(),
        "the official Python SDK is not installed at {}: run scripts/python-sdk.sh",
        python.display()
    );
    python
}

/// One `python_peer.py` process talking to one emulator's HTTPS front.
struct Peer {
    _child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Peer {
    async fn start(front: &TlsFront, authority: &Path, token: &str) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python_peer.py");
        let host = front.host();
        let mut child = tokio::process::Command::new(interpreter())
            .arg(script)
            .env("DROPBOX_API_HOST", &host)
            .env("DROPBOX_API_CONTENT_HOST", &host)
            .env("DROPBOX_API_NOTIFY_HOST", &host)
            .env("DROPBOX_TOKEN", token)
            .env("REQUESTS_CA_BUNDLE", authority)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut peer = Self {
            _child: child,
            stdin,
            lines,
        };
        peer.run("warm").await;
        peer
    }

    /// Runs one task; its time as the interpreter measured it, and how many items it handled.
    async fn run(&mut self, task: &str) -> (Duration, usize) {
        self.stdin
            .write_all(format!("{task}\n").as_bytes())
            .await
            .unwrap();
        let line = self
            .lines
            .next_line()
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("the Python SDK stopped during {task:?}"));
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some("ok"), "{task}: {line}");
        let ms: f64 = words.next().unwrap().parse().unwrap();
        let count = words.next().unwrap().parse().unwrap();
        (Duration::from_secs_f64(ms / 1e3), count)
    }
}

/// An emulator with latency over a prepared data directory, our client and the peer on it.
struct Account {
    emulator: EmulatorHandle,
    client: Client,
    peer: Peer,
    _front: TlsFront,
}

impl Account {
    async fn open(dir: &Path, waits: &Arc<AtomicUsize>) -> Self {
        let emulator = Emulator::builder()
            .data_dir(dir)
            .latency(LATENCY)
            .spawn()
            .await
            .unwrap();
        let counted = waits.clone();
        let client = client_for(&emulator).await.on_wait(Arc::new(move |_| {
            counted.fetch_add(1, Ordering::Relaxed);
        }));
        // Warm the connection pool so the figures are round trips, not handshakes.
        users::get_current_account(&client).await.unwrap();
        let front = emulator.tls_front().await.unwrap();
        let authority = dir.join("authority.pem");
        front.write_authority(&authority).unwrap();
        let token = emulator.control().issue_token().await.unwrap().access_token;
        let peer = Peer::start(&front, &authority, &token).await;
        Self {
            emulator,
            client,
            peer,
            _front: front,
        }
    }

    async fn calls(&self, routes: &[&str]) -> u64 {
        let stats = self.emulator.control().stats().await.unwrap();
        routes
            .iter()
            .map(|r| stats.calls.get(*r).copied().unwrap_or(0))
            .sum()
    }
}

/// One task's timings over the rounds, ours and the peer's, and its floor in round trips.
struct Figure {
    what: String,
    goal: &'static str,
    round_trips: u64,
    ours: Vec<Duration>,
    peer: Vec<Duration>,
}

impl Figure {
    fn new(what: String, goal: &'static str) -> Self {
        Self {
            what,
            goal,
            round_trips: 0,
            ours: Vec::new(),
            peer: Vec::new(),
        }
    }

    /// One round: ours and the peer's times, and the floor's round trips.
    fn record(&mut self, [ours, peer]: [Duration; 2], round_trips: u64) {
        self.ours.push(ours);
        self.peer.push(peer);
        self.round_trips = round_trips;
    }
}

fn median(values: &[Duration]) -> Duration {
    let mut values = values.to_vec();
    values.sort();
    values[values.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn print_table(figures: &[Figure]) {
    println!(
        "{:<44} {:>10} {:>11} {:>9} {:>9} {:>9}  goal",
        "task (median of 5 interleaved rounds)",
        "Dropdesk",
        "Python SDK",
        "floor",
        "ours/fl.",
        "SDK/fl."
    );
    for figure in figures {
        let floor = LATENCY * u32::try_from(figure.round_trips).unwrap();
        let (ours, peer) = (median(&figure.ours), median(&figure.peer));
        println!(
            "{:<44} {:>7.0} ms {:>8.0} ms {:>6.0} ms {:>8.2}× {:>8.2}×  {}",
            figure.what,
            ms(ours),
            ms(peer),
            ms(floor),
            ours.as_secs_f64() / floor.as_secs_f64(),
            peer.as_secs_f64() / floor.as_secs_f64(),
            figure.goal
        );
    }
}

async fn timed(task: impl Future<Output = usize>) -> (Duration, usize) {
    let started = Instant::now();
    let count = task.await;
    (started.elapsed(), count)
}

/// Times ours (a future, so nothing runs until it is awaited) and the peer's run of one task,
/// in the order the round says.
async fn both(
    round: usize,
    peer: &mut Peer,
    task: &str,
    expected: usize,
    ours: impl Future<Output = usize>,
) -> [Duration; 2] {
    let (ours, theirs) = if round.is_multiple_of(2) {
        let ours = timed(ours).await;
        (ours, peer.run(task).await)
    } else {
        let theirs = peer.run(task).await;
        (timed(ours).await, theirs)
    };
    assert_eq!(ours.1, expected, "Dropdesk: {task}");
    assert_eq!(theirs.1, expected, "Python SDK: {task}");
    [ours.0, theirs.0]
}

#[tokio::main]
async fn main() {
    // Fails early, with the fix, when the SDK is missing.
    interpreter();
    // An account a size for the listings, and one more with the big folder that the creates
    // fill, so that the listed accounts keep their size from round to round.
    let dirs: Vec<_> = (0..=SIZES.len())
        .map(|_| tempfile::tempdir().unwrap())
        .collect();
    for (dir, size) in dirs.iter().zip(SIZES) {
        prepare(dir.path(), size, false).await;
    }
    prepare(dirs[SIZES.len()].path(), 0, true).await;
    let waits = Arc::new(AtomicUsize::new(0));
    let mut accounts = Vec::new();
    for dir in &dirs {
        accounts.push(Account::open(dir.path(), &waits).await);
    }
    let mut work = accounts.pop().unwrap();

    let mut listings: Vec<Figure> = SIZES
        .iter()
        .map(|size| Figure::new(format!("list all {size} file requests"), "ours <= 1.2×"))
        .collect();
    let mut folder = Figure::new(format!("list a {FILES}-file folder"), "ours <= 1.2×");
    let mut open = Figure::new("open a file request".into(), "ours <= 1.2×");
    let mut sequential = Figure::new(format!("create {BULK} requests, one at a time"), "");
    let mut bulk = Figure::new(
        format!("create {BULK} requests, {BULK_CONCURRENCY} at a time"),
        "ours <= 1.5×",
    );

    // The request "open a file request" opens: the first the work account made.
    let made = file_requests::create(&work.client, &request("Opened".into(), "Bench"))
        .await
        .unwrap();
    let opened_id = made.id;
    let list_routes = ["file_requests/list_v2", "file_requests/list/continue"];
    let folder_routes = ["files/list_folder", "files/list_folder/continue"];
    for round in 0..ROUNDS {
        for ((account, figure), size) in accounts.iter_mut().zip(&mut listings).zip(SIZES) {
            let client = account.client.clone();
            let before = account.calls(&list_routes).await;
            let times = both(
                round,
                &mut account.peer,
                "list_requests",
                size,
                async move {
                    let listed: Vec<_> = file_requests::list_all(&client, 1_000)
                        .try_collect()
                        .await
                        .unwrap();
                    listed.len()
                },
            )
            .await;
            // Both listed; half the pages are ours.
            figure.record(times, (account.calls(&list_routes).await - before) / 2);
        }

        let account = &mut work;
        let client = account.client.clone();
        let before = account.calls(&folder_routes).await;
        let times = both(
            round,
            &mut account.peer,
            "list_folder /Big",
            FILES,
            async move {
                let entries: Vec<_> = files::list_folder_all(&client, &ListFolderArg::new("/Big"))
                    .try_collect()
                    .await
                    .unwrap();
                entries.len()
            },
        )
        .await;
        folder.record(times, (account.calls(&folder_routes).await - before) / 2);

        let client = account.client.clone();
        let id = opened_id.clone();
        let task = format!("get {id}");
        let times = both(round, &mut account.peer, &task, 1, async move {
            file_requests::get(&client, &id).await.unwrap();
            1
        })
        .await;
        open.record(times, 1);

        let client = account.client.clone();
        let task = format!("create Seq{round} {BULK} 1");
        let times = both(round, &mut account.peer, &task, BULK, async move {
            for n in 0..BULK {
                let arg = request(format!("Seq{round} {n:03}"), "Ours");
                file_requests::create(&client, &arg).await.unwrap();
            }
            BULK
        })
        .await;
        sequential.record(times, u64::try_from(BULK).unwrap());

        let client = account.client.clone();
        let task = format!("create Bulk{round} {BULK} {BULK_CONCURRENCY}");
        let times = both(round, &mut account.peer, &task, BULK, async move {
            let args: Vec<_> = (0..BULK)
                .map(|n| request(format!("Bulk{round} {n:03}"), "Ours"))
                .collect();
            let results = file_requests::create_many(&client, &args, BULK_CONCURRENCY).await;
            results.into_iter().map(Result::unwrap).count()
        })
        .await;
        bulk.record(
            times,
            u64::try_from(BULK.div_ceil(BULK_CONCURRENCY)).unwrap(),
        );
    }

    let mut figures = listings;
    figures.extend([folder, open, sequential, bulk]);
    print_table(&figures);
    let [.., sequential, bulk] = &figures[..] else {
        unreachable!()
    };
    println!(
        "bulk create speed-up: {:.1}× faster than one at a time (goal >= 5×); rate-limit waits: {} \
         (goal 0)",
        median(&sequential.ours).as_secs_f64() / median(&bulk.ours).as_secs_f64(),
        waits.load(Ordering::Relaxed)
    );
    for account in accounts.into_iter().chain([work]) {
        account.emulator.shutdown().await;
    }
}
