//! Cold start in demo mode, in the real app (release build): from the app's process starting
//! to the first request row in the page, and where the time goes on the way (the shell's own
//! start, WebKit loading the page, the page asking for the session and the requests, the first
//! page of them arriving). The demo's data is made by a first launch that is not counted, so
//! each counted launch starts as a returning user's does. Then the same signed in to a Dropbox
//! (the emulator with 50 ms of latency per call), and the app's idle memory.
//! Run with `scripts/bench.sh` (it builds the release app and starts a desktop session).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use dropbox_emulator::{Emulator, Seed};
use dropdesk_e2e::bench::{latency, median, settled_mib, webkit_floor_mib};
use dropdesk_e2e::{App, FakeBrowser, Launch, free_port, sign_in_through_consent};
use serde_json::Value;

/// Launches measured; the median of each phase is reported.
const RUNS: usize = 7;
const DEMO_GOAL_MS: f64 = 500.0;
const SIGNED_IN_GOAL_MS: f64 = 700.0;
const IDLE_GOAL_MIB: f64 = 120.0;
const APP_KEY: &str = "coldstartbench01";

/// Milliseconds since the process started at each step of the way to the first row: the
/// steps the log says (label, what the log line holds), then the page's own marks.
struct Phases {
    logged: Vec<(&'static str, &'static str, Vec<f64>)>,
    page: Vec<f64>,
    loaded: Vec<f64>,
    asked: Vec<f64>,
    data: Vec<f64>,
    rows: Vec<f64>,
    /// PSS of the app and its WebKit processes once it has settled after the first row, MiB.
    idle_mib: Vec<f64>,
}

impl Phases {
    fn new(logged: &[(&'static str, &'static str)]) -> Self {
        Self {
            logged: logged.iter().map(|&(l, w)| (l, w, Vec::new())).collect(),
            page: Vec::new(),
            loaded: Vec::new(),
            asked: Vec::new(),
            data: Vec::new(),
            rows: Vec::new(),
            idle_mib: Vec::new(),
        }
    }

    /// Prints the medians.
    fn print(self, title: &str, goal: f64, floor_mib: Option<f64>) {
        println!("{title}, ms since the process started (medians of {RUNS} launches)");
        let page_steps = [
            ("WebKit starts loading the page", self.page),
            ("the page is loaded (DOMContentLoaded)", self.loaded),
            ("the page asks for the requests", self.asked),
            ("the first page of requests arrives", self.data),
        ];
        let logged = self
            .logged
            .into_iter()
            .map(|(label, _, values)| (label, values));
        for (step, values) in logged.chain(page_steps) {
            println!("  {step:<40} {:>6.0}", median(values));
        }
        let rows = median(self.rows);
        println!(
            "  {:<40} {rows:>6.0}  (goal <= {goal:.0}; {})",
            "the first request row is in the page",
            if rows <= goal { "met" } else { "not met" }
        );
        let idle = median(self.idle_mib);
        println!(
            "  idle memory, the app and its WebKit processes (PSS once settled): {idle:.0} MiB \
             (goal <= {IDLE_GOAL_MIB:.0}; {})",
            if idle <= IDLE_GOAL_MIB {
                "met"
            } else {
                "not met"
            }
        );
        match floor_mib {
            Some(floor) => println!(
                "  WebKitGTK's own floor here (its MiniBrowser on a one-paragraph page, drawn \
                 as the app draws): {floor:.0} MiB; the app is {:.2}x that, {:+.0} MiB",
                idle / floor,
                idle - floor
            ),
            None => println!("  WebKitGTK's own floor: not measured (no MiniBrowser here)"),
        }
    }
}

/// When this launch's log (from the last "starting Dropdesk" in `logs`) first says `what`, in
/// Unix ms (the log's RFC 3339 time stamps).
fn logged_ms(logs: &str, what: &str) -> Option<f64> {
    let start = logs.rfind("starting Dropdesk")?;
    let launch = &logs[logs[..start].rfind('\n').map_or(0, |at| at + 1)..];
    let line = launch.lines().find(|l| l.contains(what))?;
    let stamp = line.split_whitespace().next()?;
    let at: jiff::Timestamp = stamp.parse().ok()?;
    Some(at.as_millisecond() as f64)
}

async fn launch_once(
    name: &str,
    launch: Launch,
    home: &std::path::Path,
    phases: Option<&mut Phases>,
) {
    let launch = launch.home(home);
    let mut got: Option<(f64, Value, f64)> = None;
    dropdesk_e2e::run(name, launch, async |app: &App| {
        app.wait_for("[data-testid=request-list] li").await?;
        let started = app.started_at_ms()?;
        let marks = app
            .client()
            .execute(
                r#"
                const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
                const nav = performance.getEntriesByType('navigation')[0];
                return {
                    origin: performance.timeOrigin,
                    loaded: nav ? nav.domContentLoadedEventEnd : null,
                    asked: at('requests:ask'),
                    data: at('requests:page'),
                    rows: at('requests:rows'),
                };
                "#,
                vec![],
            )
            .await?;
        let idle = settled_mib(|| app.memory_kib()).await?;
        got = Some((started, marks, idle));
        Ok(())
    })
    .await;
    let (Some(phases), Some((started, marks, idle))) = (phases, got) else {
        return;
    };
    let origin = marks["origin"].as_f64().unwrap();
    let since_start = |key: &str| origin + marks[key].as_f64().unwrap() - started;
    let logs = dropdesk_e2e::app_logs(home);
    for (_, what, values) in &mut phases.logged {
        values.push(logged_ms(&logs, what).map_or(f64::NAN, |at| at - started));
    }
    phases.page.push(origin - started);
    phases.loaded.push(since_start("loaded"));
    phases.asked.push(since_start("asked"));
    phases.data.push(since_start("data"));
    phases.rows.push(since_start("rows"));
    phases.idle_mib.push(idle);
}

/// Demo mode: the app's own emulator, made and signed in to at every start.
async fn demo() -> Phases {
    let home = tempfile::tempdir().unwrap();
    // The first launch makes the demo's data and settings; it is not counted.
    launch_once("cold-start-demo", Launch::builtin_demo(), home.path(), None).await;
    let mut phases = Phases::new(&[
        ("the shell logs its start", "starting Dropdesk"),
        ("the demo's emulator is up", "demo Dropbox ready"),
        ("the demo account is signed in", "signed in"),
    ]);
    for _ in 0..RUNS {
        launch_once(
            "cold-start-demo",
            Launch::builtin_demo(),
            home.path(),
            Some(&mut phases),
        )
        .await;
    }
    phases
}

/// Signed in to a Dropbox (the emulator with 50 ms of latency per call): each start reads the
/// refresh token from the keyring, gets an access token and the account, then the requests.
async fn signed_in() -> Phases {
    let port = free_port();
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .latency(latency(50))
        .spawn()
        .await
        .unwrap();
    let browser = FakeBrowser::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let launch = Launch::dropbox(&emulator, APP_KEY, port, &browser);
    // The first launch signs in through the consent page; it is not counted.
    dropdesk_e2e::run(
        "cold-start-sign-in",
        launch.clone().home(home.path()),
        async |app| {
            sign_in_through_consent(app, "[data-testid=connect]").await?;
            app.wait_for("[data-testid=request-list] li").await?;
            Ok(())
        },
    )
    .await;
    let mut phases = Phases::new(&[
        ("the shell logs its start", "starting Dropdesk"),
        (
            "signed in again from the keyring",
            "signed in again with the stored token",
        ),
    ]);
    for _ in 0..RUNS {
        launch_once(
            "cold-start-signed-in",
            launch.clone(),
            home.path(),
            Some(&mut phases),
        )
        .await;
    }
    emulator.shutdown().await;
    phases
}

#[tokio::main]
async fn main() {
    let demo = demo().await;
    let signed_in = signed_in().await;
    let floor = webkit_floor_mib().await.unwrap();
    demo.print("cold start in demo mode", DEMO_GOAL_MS, floor);
    signed_in.print(
        "cold start signed in to Dropbox (50 ms latency per call)",
        SIGNED_IN_GOAL_MS,
        floor,
    );
}
