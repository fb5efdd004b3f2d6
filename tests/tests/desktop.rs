//! Dropdesk as a desktop app: one copy per session (a second launch hands over to the first and
//! exits, also while a sign-in waits for the browser), and the window where it was left.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropbox_emulator::{Emulator, Seed};
use dropdesk_e2e::{App, FakeBrowser, Launch, answer_consent, free_port, until};

const APP_KEY: &str = "e2edesktoptest1";

/// What the first copy logs when a second launch reaches it.
const HANDED_OVER: &str = "another launch asked for the window";

/// Launches the app a second time and checks that it exits at once with success, that the
/// first copy heard it, and that one copy is left running.
async fn second_launch_hands_over(app: &App, times_before: usize) -> anyhow::Result<()> {
    let second = app.launch_again().await?;
    anyhow::ensure!(
        second.status.success(),
        "the second launch failed ({}): {}",
        second.status,
        String::from_utf8_lossy(&second.stderr)
    );
    until(
        "the first copy logs the second launch",
        Duration::from_secs(10),
        async || app.logs().matches(HANDED_OVER).count() == times_before + 1,
    )
    .await?;
    anyhow::ensure!(
        app.instances() == 1,
        "{} copies of the app are running",
        app.instances()
    );
    Ok(())
}

#[tokio::test]
async fn a_second_launch_raises_the_first_window_and_exits() {
    dropdesk_e2e::run("second-launch", Launch::builtin_demo(), async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        second_launch_hands_over(app, 0).await?;
        // The first copy carries on as it was.
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        second_launch_hands_over(app, 1).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_second_launch_during_a_sign_in_leaves_the_sign_in_waiting() {
    let port = free_port();
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .spawn()
        .await
        .unwrap();
    let browser = FakeBrowser::new().unwrap();
    let launch = Launch::dropbox(&emulator, APP_KEY, port, &browser);

    dropdesk_e2e::run("second-launch-sign-in", launch, async |app| {
        app.wait_for("[data-testid=connect]").await?.click().await?;
        app.wait_for_text("[data-testid=sign-in-waiting]", "Finish signing in")
            .await?;
        let url = app
            .wait_for("[data-testid=authorize-url]")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        // The second copy must neither take the loopback port nor open a browser of its own.
        second_launch_hands_over(app, 0).await?;
        assert_eq!(browser.opened().len(), 1, "{:?}", browser.opened());
        // The first copy's receiver still answers the consent page's redirect.
        assert!(answer_consent(&url, true).await?.is_some());
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        Ok(())
    })
    .await;
    emulator.shutdown().await;
}

/// The text of the request list's selected row.
async fn selected_request(app: &App) -> anyhow::Result<String> {
    let script = "return document.querySelector(\
        '[data-testid=request-list] [aria-selected=true]')?.textContent ?? ''";
    let shown = app.client().execute(script, vec![]).await?;
    Ok(shown.as_str().unwrap_or_default().to_owned())
}

/// Whether some file under `dir` holds every one of `parts`.
fn some_file_holds(dir: &std::path::Path, parts: &[&str]) -> bool {
    walk(dir).iter().any(|path| {
        std::fs::read_to_string(path).is_ok_and(|text| parts.iter().all(|p| text.contains(p)))
    })
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

#[tokio::test]
async fn the_window_and_the_list_are_as_they_were_left_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let launch = Launch::builtin_demo().home(home.path());
    let (x, y, width, height): (u32, u32, u32, u32) = (64, 48, 980, 640);

    dropdesk_e2e::run("as-left", launch.clone(), async |app| {
        app.wait_for_content("[data-testid=request-list]", "Homework 1")
            .await?;
        let config = app.config_home();
        app.client().set_window_rect(x, y, width, height).await?;
        // Before anything else is saved: on a first start the window's place is the first
        // thing written to the config folder.
        until(
            "the window's size and place are written down",
            Duration::from_secs(10),
            async || some_file_holds(&config, &[&format!("\"width\": {width}"), "\"x\": 64"]),
        )
        .await?;
        app.wait_for("select[aria-label='Sort by'] option[value=created]")
            .await?
            .click()
            .await?;
        app.wait_for("select[aria-label=Show] option[value=all]")
            .await?
            .click()
            .await?;
        app.client()
            .execute(
                "[...document.querySelectorAll('[data-testid=request-list] [role=option]')]\
                   .find((row) => row.textContent.includes('Homework 1')).click()",
                vec![],
            )
            .await?;
        anyhow::ensure!(selected_request(app).await?.contains("Homework 1"));
        // The list is written down as it changes too, not only at exit.
        until(
            "the list's order and selection are written down",
            Duration::from_secs(10),
            async || some_file_holds(&config, &["\"requestSort\": \"created\"", "\"requestId\""]),
        )
        .await?;
        Ok(())
    })
    .await;

    dropdesk_e2e::run("as-left-restart", launch, async |app| {
        app.wait_for_content("[data-testid=request-list]", "Homework 1")
            .await?;
        until(
            "the request left selected is selected again",
            Duration::from_secs(10),
            async || {
                selected_request(app)
                    .await
                    .is_ok_and(|row| row.contains("Homework 1"))
            },
        )
        .await?;
        let sort = app
            .wait_for("select[aria-label='Sort by']")
            .await?
            .prop("value")
            .await?;
        anyhow::ensure!(sort.as_deref() == Some("created"), "sorted by {sort:?}");
        let rect = app.client().get_window_rect().await?;
        anyhow::ensure!(
            rect == (x.into(), y.into(), width.into(), height.into()),
            "the window opened at {rect:?}, not where it was left"
        );
        Ok(())
    })
    .await;
}
