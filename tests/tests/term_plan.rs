//! Setting up a term in the real app: twelve weekly requests planned from a pattern, the
//! preview flagging the row on the night the clocks go forward and the request that exists
//! already, the DST row fixed in place, the run cancelled half-way and finished with "Retry",
//! exactly twelve new requests at the end, and their links on the clipboard.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropbox_emulator::{Fault, Seed};
use dropdesk_e2e::until;
use dropdesk_e2e::{Launch, demo_emulator};
use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::json;

/// The next Sunday the clocks go forward in Berlin whose date twelve weeks before is ahead,
/// and that earlier Sunday: a weekly plan from it meets the gap on its thirteenth row.
fn spring_forward_plan() -> (Date, Date) {
    let tz = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
    let today = jiff::Zoned::now().with_time_zone(tz).date();
    let mut year = today.year();
    loop {
        let march_31 = jiff::civil::date(year, 3, 31);
        let gap = march_31 - i64::from(march_31.weekday().to_sunday_zero_offset()).days();
        let first = gap - (12 * 7).days();
        if first > today + 2.days() {
            return (first, gap);
        }
        year += 1;
    }
}

async fn set_and_change(app: &dropdesk_e2e::App, css: &str, value: &str) -> anyhow::Result<()> {
    app.wait_for(css).await?;
    app.client()
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
             el.dispatchEvent(new Event('input', { bubbles: true })); \
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(css), json!(value)],
        )
        .await?;
    Ok(())
}

/// The progress bar's "n of N", as numbers.
async fn progress(app: &dropdesk_e2e::App) -> Option<(u32, u32)> {
    let text = app
        .client()
        .execute(
            "return document.querySelector('[data-testid=term-progress]')?.textContent ?? ''",
            vec![],
        )
        .await
        .ok()?;
    let text = text.as_str()?.trim().to_owned();
    let (done, total) = text.split_once(" of ")?;
    Some((done.trim().parse().ok()?, total.trim().parse().ok()?))
}

#[tokio::test]
async fn twelve_weekly_requests_are_planned_fixed_cancelled_and_finished_exactly_once() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let control = emulator.control();
    let before = control.state().await.unwrap()["file_requests"]
        .as_u64()
        .unwrap();
    let (first, gap) = spring_forward_plan();

    let launch = Launch::demo(&emulator, port).env("TZ", "Europe/Berlin");
    dropdesk_e2e::run("term-plan", launch, async |app| {
        app.wait_for("[data-testid=request-list]").await?;
        app.wait_for("[data-testid=plan-term]")
            .await?
            .click()
            .await?;
        app.wait_for("[data-testid=term-dialog]").await?;
        app.fill("#tm-course", "/Courses/CS101").await?;
        // Homework 3 to 15: the demo has Homework 3 already; 15 falls on the gap.
        app.fill("#tm-first", "3").await?;
        app.fill("#tm-count", "13").await?;
        app.fill("#tm-date", &first.to_string()).await?;
        app.fill("input[aria-label='Deadline time']", "02:30")
            .await?;
        app.wait_for("[data-testid=term-preview-button]")
            .await?
            .click()
            .await?;

        app.wait_for_text("[data-testid=term-room]", "11 of 13 will be created")
            .await?;
        let statuses = app
            .client()
            .execute(
                "return [...document.querySelectorAll('[data-testid=term-status]')]\
                 .map(e => e.textContent.trim())",
                vec![],
            )
            .await?;
        let statuses: Vec<String> = serde_json::from_value(statuses)?;
        assert_eq!(statuses.len(), 13);
        assert!(
            statuses[0].starts_with("Exists, will be skipped (“Homework 3 — Linked lists”)"),
            "{statuses:?}"
        );
        assert!(
            statuses[12].contains("the clocks go forward")
                && statuses[12].contains("Choose 03:00 or later"),
            "the row on {gap} is refused with the next valid time: {statuses:?}"
        );
        assert!(
            statuses[1..12].iter().all(|s| s == "Will be created"),
            "{statuses:?}"
        );

        // Fixed in place, on its cell.
        set_and_change(app, "[aria-label='Deadline time of row 15']", "03:30").await?;
        app.wait_for_text("[data-testid=term-room]", "12 of 13 will be created")
            .await?;
        // Fixed, it keeps its local time after the change, and says its UTC moved.
        let last = app
            .client()
            .execute(
                "return [...document.querySelectorAll('[data-testid=term-status]')].at(-1)\
                 .textContent.trim()",
                vec![],
            )
            .await?;
        assert_eq!(
            last.as_str(),
            Some("Will be created (the clocks change before it)")
        );

        // The first creates take a while, so Cancel comes while they are in flight: they
        // finish, and no row after them is sent.
        for _ in 0..8 {
            control
                .inject_fault(
                    "file_requests/create",
                    1,
                    Fault::Latency(Duration::from_secs(3)),
                )
                .await?;
        }
        app.wait_for("[data-testid=term-create]")
            .await?
            .click()
            .await?;
        until("the run got going", Duration::from_secs(20), async || {
            progress(app)
                .await
                .is_some_and(|(done, total)| done >= 1 && total == 13)
        })
        .await?;
        app.wait_for("[data-testid=term-cancel]")
            .await?
            .click()
            .await?;
        let summary = app
            .wait_for_text("[data-testid=term-summary]", "not sent")
            .await?
            .text()
            .await?;
        let made = control.state().await?["file_requests"].as_u64().unwrap() - before;
        assert!(
            made > 0 && made < 12,
            "cancelled half-way: {made} made; the summary says {summary:?}"
        );

        app.wait_for("[data-testid=term-retry]")
            .await?
            .click()
            .await?;
        app.wait_for_text(
            "[data-testid=term-summary]",
            "Created 12 · skipped 1 · failed 0",
        )
        .await?;
        let made = control.state().await?["file_requests"].as_u64().unwrap() - before;
        assert_eq!(made, 12, "exactly twelve new requests");

        app.wait_for("[data-testid=term-copy-links]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=term-copy-links]", "Copied")
            .await?;
        let copied = arboard::Clipboard::new()?.get_text()?;
        let lines: Vec<&str> = copied.lines().collect();
        assert_eq!(lines.len(), 12, "{copied:?}");
        for (line, n) in lines.iter().zip(4..) {
            let (title, link) = line.split_once('\t').unwrap();
            assert_eq!(title, format!("Homework {n}"));
            assert!(link.contains("/request/"), "{line:?}");
        }
        Ok(())
    })
    .await;
}
