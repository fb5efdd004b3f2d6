//! Headless Chromium under chromedriver: a student's browser, for the pages Dropbox serves to
//! people without Dropdesk (a file request's upload page).

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;
use tokio::process::{Child, Command};

use crate::{DEFAULT_WAIT, locate};

pub struct Browser {
    client: Client,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and a fresh headless Chromium profile.
    pub async fn start() -> anyhow::Result<Self> {
        let chromedriver = locate::program("chromedriver")?;
        let chromium = locate::program("chromium")?;
        let port = crate::driver::free_port()?;
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("starting chromedriver")?;
        let profile = tempfile::tempdir()?;
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(error) if Instant::now() >= deadline => {
                    return Err(
                        anyhow::Error::new(error).context("no Chromium session within 30 s")
                    );
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Ok(Self {
            client,
            driver,
            _profile: profile,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("opening {url}"))
    }

    pub async fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        self.client
            .find(Locator::Css(css))
            .await
            .with_context(|| format!("no {css:?}"))?
            .send_keys(text)
            .await
            .with_context(|| format!("typing into {css:?}"))
    }

    /// Chooses files in an `<input type=file multiple>`.
    pub async fn choose_files(&self, css: &str, files: &[&Path]) -> anyhow::Result<()> {
        let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        self.fill(css, &paths.join("\n")).await
    }

    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.client
            .find(Locator::Css(css))
            .await
            .with_context(|| format!("no {css:?}"))?
            .click()
            .await
            .with_context(|| format!("clicking {css:?}"))
    }

    /// Waits until an element matching `css` contains `text`; returns its text.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(shown) = element.text().await
                && shown.contains(text)
            {
                return Ok(shown);
            }
            if Instant::now() >= deadline {
                let page = self.client.source().await.unwrap_or_default();
                bail!("{css:?} did not show {text:?} within {DEFAULT_WAIT:?}; page:\n{page}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the session (Chromium quits) and stops chromedriver.
    pub async fn close(mut self) -> anyhow::Result<()> {
        let closed = self.client.close().await;
        self.driver.kill().await.ok();
        closed.context("closing the Chromium session")
    }
}
