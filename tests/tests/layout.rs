//! The request place at the window's smallest size (760×480) and at a common one (1280×800),
//! measured in the real window: nothing a professor needs is clipped, covered or pushed off
//! the screen, and a late file's name is as wide as any other.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::routes::file_requests;
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_emulator::Seed;
use dropdesk_e2e::{App, Launch, client_for};
use serde_json::{Value, json};

/// A title with no place to break, and a folder path like it.
const LONG: &str =
    "Homework_with_a_title_that_never_breaks_and_runs_far_past_any_pane_width_0123456789";

/// Runs `script` in the window and hands back what it returns.
async fn measure(app: &App, script: &str) -> anyhow::Result<Value> {
    Ok(app.client().execute(script, vec![]).await?)
}

/// Selects the request whose row shows `title` (a click, as the user does it).
async fn select(app: &App, title: &str) -> anyhow::Result<()> {
    measure(
        app,
        &format!(
            "[...document.querySelectorAll('[data-testid=request-list] [role=option]')]\
             .find(r => r.textContent.includes({title})).click();",
            title = json!(title)
        ),
    )
    .await?;
    app.wait_for_text("#detail-title", title).await?;
    Ok(())
}

/// The rectangle of the first element `css` matches, and the window's size.
const RECT: &str = "const r = (css) => { const e = document.querySelector(css); if (!e) return null; \
    const b = e.getBoundingClientRect(); return { left: b.left, right: b.right, top: b.top, \
    bottom: b.bottom, width: b.width }; }; \
    const view = { width: document.documentElement.clientWidth, \
    height: document.documentElement.clientHeight };";

fn within_window(rect: &Value, view: &Value) -> bool {
    let (Some(right), Some(bottom), Some(top), Some(left)) = (
        rect["right"].as_f64(),
        rect["bottom"].as_f64(),
        rect["top"].as_f64(),
        rect["left"].as_f64(),
    ) else {
        return false;
    };
    left >= 0.0
        && top >= 0.0
        && right <= view["width"].as_f64().unwrap_or(0.0) + 0.5
        && bottom <= view["height"].as_f64().unwrap_or(0.0) + 0.5
}

fn overlap(a: &Value, b: &Value) -> bool {
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(0.0);
    f(a, "left") < f(b, "right")
        && f(b, "left") < f(a, "right")
        && f(a, "top") < f(b, "bottom")
        && f(b, "top") < f(a, "bottom")
}

#[tokio::test]
async fn nothing_is_clipped_covered_or_below_the_fold_at_760_by_480_or_1280_by_800() {
    let (builder, port) = dropdesk_e2e::demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let client = client_for(&emulator).await.unwrap();
    file_requests::create(
        &client,
        &CreateFileRequestArgs {
            title: LONG.into(),
            destination: format!("/Courses/CS101/{LONG}"),
            deadline: None,
            open: true,
            description: None,
        },
    )
    .await
    .unwrap();

    dropdesk_e2e::run("layout", Launch::demo(&emulator, port), async |app| {
        app.wait_for_text("[data-testid=request-list]", "Homework 2")
            .await?;
        for (width, height) in [(760_u32, 480_u32), (1280, 800)] {
            app.client().set_window_size(width, height).await?;
            let size = format!("{width}×{height}");

            // A long unbroken title and path wrap: Edit stays on screen, the pane is usable.
            select(app, LONG).await?;
            let seen = measure(
                app,
                &format!(
                    "{RECT} return {{ view, edit: r('[data-testid=request-detail] header button'), \
                     detail: r('[data-testid=request-detail]'), \
                     bulk: r('[data-testid=delete-closed]') }};"
                ),
            )
            .await?;
            anyhow::ensure!(
                within_window(&seen["edit"], &seen["view"]),
                "{size}: Edit is off screen: {seen}"
            );
            let detail = seen["detail"]["width"].as_f64().unwrap_or(0.0);
            anyhow::ensure!(detail >= 300.0, "{size}: the detail pane is {detail} px wide");
            anyhow::ensure!(
                within_window(&seen["bulk"], &seen["view"]),
                "{size}: 'Delete all closed' is below the fold: {seen}"
            );

            // Homework 2 has late files: their names are as wide as the others', and the live
            // indicator is in sight.
            select(app, "Homework 2").await?;
            app.wait_for("[data-testid=late-flag]").await?;
            app.wait_for("[data-testid=live]").await?;
            let rows = measure(
                app,
                &format!(
                    "{RECT} const names = [...document.querySelectorAll(\
                     '[data-testid=submission-list] li')].map(li => ({{ \
                     late: !!li.querySelector('[data-testid=late-flag]'), \
                     width: li.querySelector('.name').getBoundingClientRect().width }})); \
                     return {{ view, names, live: r('[data-testid=live]') }};"
                ),
            )
            .await?;
            let widths = |late: bool| -> Vec<f64> {
                rows["names"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|n| n["late"].as_bool() == Some(late))
                    .filter_map(|n| n["width"].as_f64())
                    .collect()
            };
            let (late, on_time) = (widths(true), widths(false));
            anyhow::ensure!(
                !late.is_empty() && !on_time.is_empty(),
                "{size}: rows: {rows}"
            );
            anyhow::ensure!(
                late.iter().all(|w| (w - on_time[0]).abs() < 1.0),
                "{size}: the LATE flag narrows late names: late {late:?}, on time {on_time:?}"
            );
            anyhow::ensure!(
                within_window(&rows["live"], &rows["view"]),
                "{size}: the live indicator is below the fold: {rows}"
            );
        }

        // A download shows its panel below the lists, covering neither.
        measure(
            app,
            "document.querySelector('[data-testid=submission-list] li button[aria-label^=Save]').click();",
        )
        .await?;
        app.wait_for("[data-testid=downloads]").await?;
        let panel = measure(
            app,
            &format!(
                "{RECT} return {{ view, downloads: r('[data-testid=downloads]'), \
                 list: r('[data-testid=request-list]'), \
                 files: document.querySelector('[data-testid=submission-list]')\
                 .parentElement.getBoundingClientRect().toJSON() }};"
            ),
        )
        .await?;
        anyhow::ensure!(
            !overlap(&panel["downloads"], &panel["list"])
                && !overlap(&panel["downloads"], &panel["files"]),
            "the downloads panel covers a list: {panel}"
        );
        Ok(())
    })
    .await;
    emulator.shutdown().await;
}
