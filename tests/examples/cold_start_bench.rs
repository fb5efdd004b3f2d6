//! Cold start in demo mode, in the real app (release build): from the app's process starting
//! to the first request row in the page, and where the time goes on the way (the shell's own
//! start, WebKit loading the page, the page asking for the session and the requests, the first
//! page of them arriving). The demo's data is made by a first launch that is not counted, so
//! each counted launch starts as a returning user's does.
//! Run with `scripts/bench.sh` (it builds the release app and starts a desktop session).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use dropdesk_e2e::bench::median;
use dropdesk_e2e::{App, Launch};
use serde_json::Value;

/// Launches measured; the median of each phase is reported.
const RUNS: usize = 7;
const GOAL_MS: f64 = 500.0;

/// Milliseconds since the process started, at each step of the way to the first row.
#[derive(Default)]
struct Phases {
    shell: Vec<f64>,
    demo: Vec<f64>,
    signed_in: Vec<f64>,
    page: Vec<f64>,
    loaded: Vec<f64>,
    asked: Vec<f64>,
    data: Vec<f64>,
    rows: Vec<f64>,
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

async fn launch_once(home: &std::path::Path, phases: Option<&mut Phases>) {
    let launch = Launch::builtin_demo().home(home);
    let mut got: Option<(f64, Value)> = None;
    dropdesk_e2e::run("cold-start-bench", launch, async |app: &App| {
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
        got = Some((started, marks));
        Ok(())
    })
    .await;
    let (Some(phases), Some((started, marks))) = (phases, got) else {
        return;
    };
    let origin = marks["origin"].as_f64().unwrap();
    let since_start = |key: &str| origin + marks[key].as_f64().unwrap() - started;
    let logs = dropdesk_e2e::app_logs(home);
    let logged = |what: &str| logged_ms(&logs, what).map_or(f64::NAN, |at| at - started);
    phases.shell.push(logged("starting Dropdesk"));
    phases.demo.push(logged("demo Dropbox ready"));
    phases.signed_in.push(logged("signed in"));
    phases.page.push(origin - started);
    phases.loaded.push(since_start("loaded"));
    phases.asked.push(since_start("asked"));
    phases.data.push(since_start("data"));
    phases.rows.push(since_start("rows"));
}

#[tokio::main]
async fn main() {
    let home = tempfile::tempdir().unwrap();
    // The first launch makes the demo's data and settings; it is not counted.
    launch_once(home.path(), None).await;
    let mut phases = Phases::default();
    for _ in 0..RUNS {
        launch_once(home.path(), Some(&mut phases)).await;
    }
    println!("cold start in demo mode, ms since the process started (medians of {RUNS} launches)");
    for (step, values) in [
        ("the shell logs its start", phases.shell),
        ("the demo's emulator is up", phases.demo),
        ("the demo account is signed in", phases.signed_in),
        ("WebKit starts loading the page", phases.page),
        ("the page is loaded (DOMContentLoaded)", phases.loaded),
        ("the page asks for the requests", phases.asked),
        ("the first page of requests arrives", phases.data),
    ] {
        println!("  {step:<40} {:>6.0}", median(values));
    }
    let rows = median(phases.rows);
    println!(
        "  {:<40} {rows:>6.0}  (goal <= {GOAL_MS:.0}; {})",
        "the first request row is in the page",
        if rows <= GOAL_MS { "met" } else { "not met" }
    );
}
