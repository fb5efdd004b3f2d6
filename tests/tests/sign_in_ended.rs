//! Dropbox ends the sign-in while a Paper doc is being edited: the typing after that is kept,
//! the window goes to a sign-in screen that says why, signing in again comes back to the doc
//! with every keystroke, and a kill and restart after that still loses nothing.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::{Duration, Instant};

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Emulator, Seed};
use dropdesk_core::paper;
use dropdesk_e2e::{App, FakeBrowser, Launch, answer_consent};
use fantoccini::Locator;
use serde_json::json;

const APP_KEY: &str = "e2eendedtest001";
const DOC: &str = "/Notes/Lecture 1 notes.paper";
const FIRST: &str = "\n\nTyped while signed in.";
const SECOND: &str = " Typed after Dropbox ended the sign-in.";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn click_xpath(app: &App, xpath: &str) -> anyhow::Result<()> {
    app.client()
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(xpath))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn connect(app: &App) -> anyhow::Result<()> {
    app.wait_for("[data-testid=connect]").await?.click().await?;
    let url = app
        .wait_for("[data-testid=authorize-url]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    anyhow::ensure!(
        answer_consent(&url, true).await?.is_some(),
        "no code came back"
    );
    app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
        .await?;
    Ok(())
}

async fn type_at_end(app: &App, text: &str) -> anyhow::Result<()> {
    app.client()
        .execute(
            "const el = document.querySelector('[data-testid=markdown]'); \
             el.value = el.value + arguments[0]; \
             el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(text)],
        )
        .await?;
    Ok(())
}

async fn editor_text(app: &App) -> anyhow::Result<String> {
    let text = app
        .client()
        .execute(
            "const el = document.querySelector('[data-testid=markdown]'); return el ? el.value : '';",
            vec![],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// Whether a draft file under `dir` holds `text`.
fn draft_holds(dir: &std::path::Path, text: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|entry| {
        let path = entry.path();
        if path.is_dir() {
            draft_holds(&path, text)
        } else {
            path.to_string_lossy().contains("drafts")
                && std::fs::read_to_string(&path).is_ok_and(|s| s.contains(text))
        }
    })
}

async fn until(what: &str, mut done: impl FnMut() -> bool) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done() {
        anyhow::ensure!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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
        click_xpath(app, "//nav//button[contains(., 'Paper docs')]").await?;
        click_xpath(
            app,
            "//ul[@data-testid='doc-list']/li[contains(., 'Lecture 1 notes')]",
        )
        .await?;
        app.wait_for("[data-testid=markdown]").await?;
        type_at_end(app, FIRST).await?;
        until("the first typing reached no draft", || {
            draft_holds(&data, FIRST.trim())
        })
        .await?;

        // The user disconnects Dropdesk at dropbox.com, and goes on typing.
        emulator.control().unlink().await?;
        type_at_end(app, SECOND).await?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=sign-in-ended]", "Sign in again")
            .await?;
        app.wait_for("[data-testid=welcome]").await?;
        until("the typing after the end reached no draft", || {
            draft_holds(&data, SECOND.trim())
        })
        .await?;

        // Signing in again comes back to the doc, with every keystroke.
        connect(app).await?;
        app.wait_for_text("#doc-title", "Lecture 1 notes").await?;
        let text = editor_text(app).await?;
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
        click_xpath(app, "//nav//button[contains(., 'Paper docs')]").await?;
        click_xpath(
            app,
            "//section[@data-testid='drafts']//button[contains(., 'Restore')]",
        )
        .await?;
        app.wait_for("[data-testid=doc-status][data-state=unsaved]")
            .await?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        app.wait_for("[data-testid=doc-status][data-state=saved]")
            .await?;
        Ok(())
    })
    .await;

    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    let saved = paper::open(&client, DOC).await.unwrap();
    assert!(
        saved.markdown.contains(&format!("{FIRST}{SECOND}")),
        "not all typing reached Dropbox:\n{}",
        saved.markdown
    );
    emulator.shutdown().await;
}
