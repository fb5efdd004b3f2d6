//! Dropbox ends the sign-in while a Paper doc is being edited: the typing after that is kept,
//! the window goes to a sign-in screen that says why, signing in again comes back to the doc
//! with every keystroke, and a kill and restart after that still loses nothing.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropbox_emulator::{Emulator, Seed};
use dropdesk_core::paper;
use dropdesk_e2e::{
    App, FakeBrowser, Launch, client_for, draft_holds, free_port, sign_in_through_consent, until,
};

const APP_KEY: &str = "e2eendedtest001";
const DOC: &str = "/Notes/Lecture 1 notes.paper";
const FIRST: &str = "\n\nTyped while signed in.";
const SECOND: &str = " Typed after Dropbox ended the sign-in.";

async fn connect(app: &App) -> anyhow::Result<()> {
    sign_in_through_consent(app, "[data-testid=connect]").await?;
    app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
        .await?;
    Ok(())
}

#[tokio::test]
async fn an_ended_sign_in_keeps_the_typing_and_returns_to_the_doc_after_signing_in() {
    let port = free_port();
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .spawn()
        .await
        .unwrap();
    let browser = FakeBrowser::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let launch = Launch::dropbox(&emulator, APP_KEY, port, &browser).home(home.path());

    dropdesk_e2e::run("sign-in-ended", launch.clone(), async |app| {
        connect(app).await?;
        app.click_xpath("//nav//button[contains(., 'Paper docs')]")
            .await?;
        app.click_xpath("//ul[@data-testid='doc-list']/li[contains(., 'Lecture 1 notes')]")
            .await?;
        app.wait_for("[data-testid=markdown]").await?;
        app.type_at_end(FIRST).await?;
        until(
            "the first typing reached no draft",
            Duration::from_secs(15),
            async || draft_holds(&data, FIRST.trim()),
        )
        .await?;

        // The user disconnects Dropdesk at dropbox.com, and goes on typing.
        emulator.control().unlink().await?;
        app.type_at_end(SECOND).await?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=sign-in-ended]", "Sign in again")
            .await?;
        app.wait_for("[data-testid=welcome]").await?;
        until(
            "the typing after the end reached no draft",
            Duration::from_secs(15),
            async || draft_holds(&data, SECOND.trim()),
        )
        .await?;

        // Signing in again comes back to the doc, with every keystroke.
        connect(app).await?;
        app.wait_for_text("#doc-title", "Lecture 1 notes").await?;
        let text = app.editor_text().await?;
        anyhow::ensure!(
            text.ends_with(&format!("{FIRST}{SECOND}")),
            "the typing was lost: {text:?}"
        );
        app.kill().await?;
        Ok(())
    })
    .await;

    dropdesk_e2e::run("sign-in-ended-restart", launch, async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        // It opens where it was left: in the doc, its kept typing restored.
        app.wait_for_text("#doc-title", "Lecture 1 notes").await?;
        app.wait_for("[data-testid=doc-status][data-state=unsaved]")
            .await?;
        app.save_doc().await?;
        Ok(())
    })
    .await;

    let client = client_for(&emulator).await.unwrap();
    let saved = paper::open(&client, DOC).await.unwrap();
    assert!(
        saved.markdown.contains(&format!("{FIRST}{SECOND}")),
        "not all typing reached Dropbox:\n{}",
        saved.markdown
    );
    emulator.shutdown().await;
}
