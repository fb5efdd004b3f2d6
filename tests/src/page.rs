//! What the tests do to the page and around it, beyond waiting: click by XPath, set a field
//! the way typing does, read text, and the helpers for emulator clients, ports and drafts.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use fantoccini::Locator;
use serde_json::json;

use crate::App;

/// How long a click waits for its element.
const CLICK_WAIT: Duration = Duration::from_secs(30);

impl App {
    /// The element `xpath` names, once it is there.
    pub async fn wait_for_xpath(
        &self,
        xpath: &str,
    ) -> anyhow::Result<fantoccini::elements::Element> {
        self.client()
            .wait()
            .at_most(crate::DEFAULT_WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .with_context(|| {
                format!(
                    "no element matched {xpath:?} within {:?}",
                    crate::DEFAULT_WAIT
                )
            })
    }

    /// Chooses `label` (as the radio button says it) under Settings → Appearance, which must
    /// be on screen.
    pub async fn choose_theme(&self, label: &str) -> anyhow::Result<()> {
        self.client()
            .find(Locator::XPath(&format!(
                "//fieldset[@data-testid='theme']//label[contains(., '{label}')]/input"
            )))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Clicks the element `xpath` names, once it is there.
    pub async fn click_xpath(&self, xpath: &str) -> anyhow::Result<()> {
        self.client()
            .wait()
            .at_most(CLICK_WAIT)
            .for_element(Locator::XPath(xpath))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Presses the editor's Save and waits until the doc says it is saved.
    pub async fn save_doc(&self) -> anyhow::Result<()> {
        self.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        self.wait_for("[data-testid=doc-status][data-state=saved]")
            .await?;
        Ok(())
    }

    /// Sets the field `css` to `value` the way the page sees typing (an `input` event).
    pub async fn fill(&self, css: &str, value: &str) -> anyhow::Result<()> {
        self.wait_for(css).await?;
        self.client()
            .execute(
                "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                 el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(css), json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Types `text` at the end of the Paper editor (an `input` event).
    pub async fn type_at_end(&self, text: &str) -> anyhow::Result<()> {
        self.client()
            .execute(
                "const el = document.querySelector('[data-testid=markdown]'); \
                 el.value = el.value + arguments[0]; \
                 el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(text)],
            )
            .await?;
        Ok(())
    }

    /// The Paper editor's text (empty when no doc is open).
    pub async fn editor_text(&self) -> anyhow::Result<String> {
        let text = self
            .client()
            .execute(
                "const el = document.querySelector('[data-testid=markdown]'); \
                 return el ? el.value : '';",
                vec![],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// The trimmed text of the element `css`, once it is there.
    pub async fn text_of(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.wait_for(css).await?.text().await?.trim().to_owned())
    }
}

/// A client signed in to `emulator` through a token its control API issued.
pub async fn client_for(
    emulator: &dropbox_emulator::EmulatorHandle,
) -> anyhow::Result<dropbox_client::Client> {
    let token = emulator.control().issue_token().await?;
    let hosts = dropbox_client::Hosts::single_origin(&emulator.base_url().parse()?);
    Ok(dropbox_client::Client::new(
        hosts,
        dropbox_client::AccessToken::new(token.access_token),
    ))
}

/// A loopback port free at the moment of asking.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|error| panic!("no free loopback port: {error}"))
}

/// Whether a Paper draft the app kept under `dir` (its data folder) holds `text`.
pub fn draft_holds(dir: &Path, text: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|entry| {
        let path = entry.path();
        if path.is_dir() {
            draft_holds(&path, text)
        } else {
            path.extension().is_some_and(|x| x == "json")
                && path.to_string_lossy().contains("drafts")
                && std::fs::read_to_string(&path).is_ok_and(|s| s.contains(text))
        }
    })
}

/// Polls `done` every 100 ms until it holds; fails with `what` after `limit`.
pub async fn until(
    what: &str,
    limit: Duration,
    mut done: impl AsyncFnMut() -> bool,
) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + limit;
    while !done().await {
        anyhow::ensure!(std::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}
