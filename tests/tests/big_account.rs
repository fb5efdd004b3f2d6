//! A department account at Dropbox's cap of 4,000 file requests, in the real app: the whole
//! list is there to scroll and search, only the rows in view are in the page, and End reaches
//! the last request.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::routes::file_requests;
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{EmulatorHandle, Seed};
use dropdesk_e2e::{App, Launch, demo_emulator};
use fantoccini::Locator;
use fantoccini::key::Key;
use futures_util::StreamExt;

const REQUESTS: usize = 4_000;

/// Requests without deadlines, so "by deadline" orders them by title: Request 0001 to 4000.
async fn fill(emulator: &EmulatorHandle) {
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    futures_util::stream::iter(1..=REQUESTS)
        .map(|n| {
            let client = client.clone();
            async move {
                let args = CreateFileRequestArgs {
                    title: format!("Request {n:04}"),
                    destination: format!("/Department/Request {n:04}"),
                    deadline: None,
                    open: true,
                    description: None,
                };
                file_requests::create(&client, &args).await.unwrap();
            }
        })
        .buffer_unordered(16)
        .collect::<Vec<()>>()
        .await;
}

/// How many request rows are in the page.
async fn rows_drawn(app: &App) -> anyhow::Result<u64> {
    let script = "return document.querySelectorAll('[data-testid=request-list] > li').length";
    let n = app.client().execute(script, vec![]).await?;
    Ok(n.as_u64().unwrap_or(0))
}

#[tokio::test]
async fn an_account_at_the_cap_lists_every_request_and_end_reaches_the_last() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Empty).spawn().await.unwrap();
    fill(&emulator).await;

    dropdesk_e2e::run("big-account", Launch::demo(&emulator, port), async |app| {
        app.wait_for_text("[data-testid=request-total]", "4000 requests")
            .await?;
        let at_first = rows_drawn(app).await?;
        anyhow::ensure!(
            (1..=60).contains(&at_first),
            "{at_first} rows in the page for {REQUESTS} requests"
        );

        let list = app
            .client()
            .find(Locator::Css("[data-testid=request-list]"))
            .await?;
        app.wait_for_text("#detail-title", "Request 0001").await?;
        list.send_keys(&Key::End.to_string()).await?;
        app.wait_for_text("#detail-title", "Request 4000").await?;
        // The last row is drawn, selected, named as the active one and inside the viewport.
        let last = app
            .client()
            .execute(
                r#"
                const list = document.querySelector('[data-testid=request-list]');
                const row = document.getElementById(list.getAttribute('aria-activedescendant'));
                const view = list.parentElement.getBoundingClientRect();
                const box = row.getBoundingClientRect();
                return {
                  text: row.textContent,
                  selected: row.getAttribute('aria-selected'),
                  position: row.getAttribute('aria-posinset'),
                  inView: box.top >= view.top - 1 && box.bottom <= view.bottom + 1,
                };
                "#,
                vec![],
            )
            .await?;
        anyhow::ensure!(
            last["text"].as_str().unwrap_or("").contains("Request 4000")
                && last["selected"] == "true"
                && last["position"] == "4000"
                && last["inView"] == true,
            "the last row after End: {last}"
        );
        let at_end = rows_drawn(app).await?;
        anyhow::ensure!(
            at_end <= 60,
            "{at_end} rows in the page at the end of the list"
        );

        // A search looks through all 4,000, not only the rows drawn.
        app.fill("input[type=search]", "Request 0002").await?;
        app.wait_for_text("[data-testid=request-total]", "1 of 4000 requests")
            .await?;
        let found = app
            .client()
            .execute(
                "return [...document.querySelectorAll('[data-testid=request-list] > li')]\
                 .map((li) => li.textContent)",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            found
                .as_array()
                .is_some_and(|rows| rows.len() == 1
                    && rows[0].as_str().unwrap_or("").contains("Request 0002")),
            "the search found {found}"
        );
        Ok(())
    })
    .await;
    emulator.shutdown().await;
}
