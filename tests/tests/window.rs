//! The window shows the app and nothing else: a page a shared doc points at never replaces it.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::{Duration, Instant};

use dropbox_emulator::Seed;
use dropdesk_e2e::{FakeBrowser, Launch};
use serde_json::json;

#[tokio::test]
async fn a_navigation_away_from_the_app_goes_to_the_browser_and_the_window_stays() {
    let (builder, port) = dropdesk_e2e::demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let browser = FakeBrowser::new().unwrap();

    let launch = Launch::demo(&emulator, port).browser(&browser);
    dropdesk_e2e::run("window-navigation", launch, async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        // What "Open Link" in WebKit's menu, a form or a script would do.
        for target in ["https://phish.example/sign-in", "http://plain.example/"] {
            app.client()
                .execute("window.location.href = arguments[0];", vec![json!(target)])
                .await?;
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        while !browser
            .opened()
            .contains(&"https://phish.example/sign-in".to_owned())
        {
            anyhow::ensure!(
                Instant::now() < deadline,
                "the browser was not asked: {:?}",
                browser.opened()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The app is still there, on its own origin, and signed in.
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        let origin = app
            .client()
            .execute(
                "return window.location.protocol + '//' + window.location.host;",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            origin.as_str() == Some("tauri://localhost"),
            "the window left the app: {origin}"
        );
        anyhow::ensure!(
            !browser
                .opened()
                .iter()
                .any(|u| u.starts_with("http://plain")),
            "plain http is refused, not opened: {:?}",
            browser.opened()
        );
        Ok(())
    })
    .await;

    emulator.shutdown().await;
}

#[tokio::test]
async fn a_requests_folder_opens_on_the_dropbox_website() {
    let (builder, port) = dropdesk_e2e::demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let browser = FakeBrowser::new().unwrap();
    let home = format!("{}/home/Courses/CS101/Homework%203", emulator.base_url());

    let launch = Launch::demo(&emulator, port).browser(&browser);
    dropdesk_e2e::run("open-folder-on-dropbox", launch, async |app| {
        app.wait_for_text(
            "[data-testid=detail-destination]",
            "/Courses/CS101/Homework 3",
        )
        .await?
        .click()
        .await?;
        app.wait_for_text("[data-testid=folder-notice]", "on Dropbox in your browser")
            .await?;
        dropdesk_e2e::until(
            "the browser is asked to open the folder",
            Duration::from_secs(20),
            async || browser.opened().contains(&home),
        )
        .await?;
        Ok(())
    })
    .await;

    // What the browser would show there: the folder and what students uploaded.
    let page = reqwest::get(&home).await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<h1>Homework 3</h1>") && html.contains("_hw3.pdf"),
        "{html}"
    );
    emulator.shutdown().await;
}
