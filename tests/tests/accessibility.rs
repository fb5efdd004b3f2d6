//! axe-core on every screen of the real app, in the light and the dark theme: no serious or
//! critical violation (contrast among them). The findings are printed as a table either way.

#![allow(clippy::unwrap_used)] // a test fails loudly by design
#![allow(clippy::print_stdout)] // the findings table is part of the output

use dropbox_emulator::{Emulator, Seed};
use dropdesk_e2e::axe::{self, Finding};
use dropdesk_e2e::{App, FakeBrowser, Launch, free_port};

/// What was audited and what was found, across the sessions of the test.
#[derive(Default)]
struct Audit {
    screens: Vec<String>,
    findings: Vec<Finding>,
}

impl Audit {
    async fn screen(&mut self, app: &App, name: &str) -> anyhow::Result<()> {
        self.screens.push(name.to_owned());
        self.findings.extend(axe::audit(app, name).await?);
        Ok(())
    }

    fn report(&self) {
        println!("{}", axe::table(&self.screens, &self.findings));
        let blocking: Vec<String> = self
            .findings
            .iter()
            .filter(|f| f.blocks())
            .map(|f| format!("{}: {} ({}) at {}", f.screen, f.rule, f.impact, f.first))
            .collect();
        assert!(
            blocking.is_empty(),
            "serious or critical violations:\n{}",
            blocking.join("\n")
        );
    }
}

async fn place(app: &App, label: &str) -> anyhow::Result<()> {
    app.click_xpath(&format!("//nav//button[contains(., '{label}')]"))
        .await
}

async fn theme(app: &App, label: &str) -> anyhow::Result<()> {
    place(app, "Settings").await?;
    app.choose_theme(label).await?;
    let want_dark = label == "Dark";
    dropdesk_e2e::until(
        "the theme changes",
        std::time::Duration::from_secs(10),
        async || {
            app.client()
                .execute(
                    "return matchMedia('(prefers-color-scheme: dark)').matches",
                    vec![],
                )
                .await
                .is_ok_and(|dark| dark.as_bool() == Some(want_dark))
        },
    )
    .await
}

/// Every place of a signed-in window, and the dialogs that open from them.
async fn every_screen(app: &App, audit: &mut Audit, scheme: &str) -> anyhow::Result<()> {
    place(app, "File requests").await?;
    app.wait_for_content("[data-testid=request-list]", "Homework 2")
        .await?;
    app.wait_for("[data-testid=request-detail]").await?;
    audit
        .screen(app, &format!("{scheme}: file requests"))
        .await?;
    app.wait_for("[data-testid=new-request]")
        .await?
        .click()
        .await?;
    app.wait_for("#rq-title").await?;
    audit.screen(app, &format!("{scheme}: new request")).await?;
    app.client()
        .execute("document.querySelector('dialog[open]')?.close()", vec![])
        .await?;

    place(app, "Courses").await?;
    // The demo's course, with its class list: the grid of students × requests.
    app.wait_for("[data-testid=courses-place] [data-testid=course-size]")
        .await?;
    audit.screen(app, &format!("{scheme}: courses")).await?;

    place(app, "Paper docs").await?;
    app.wait_for_text("[data-testid=doc-list]", "Lecture 1 notes")
        .await?;
    app.click_xpath("//ul[@data-testid='doc-list']/li[contains(., 'Lecture 1 notes')]")
        .await?;
    app.wait_for("[data-testid=preview]").await?;
    audit.screen(app, &format!("{scheme}: paper doc")).await?;

    place(app, "Settings").await?;
    app.wait_for("[data-testid=theme]").await?;
    audit.screen(app, &format!("{scheme}: settings")).await?;

    // Help → Keyboard shortcuts, from its keys.
    dropdesk_e2e::keyboard::Keyboard::for_app(app)
        .await?
        .press("Ctrl+/")?;
    app.wait_for("[data-testid=shortcuts-dialog]").await?;
    audit
        .screen(app, &format!("{scheme}: keyboard shortcuts"))
        .await?;
    app.click_xpath("//dialog[@data-testid='shortcuts-dialog']//button[.='Close']")
        .await?;
    app.wait_until_gone("[data-testid=shortcuts-dialog]")
        .await?;
    Ok(())
}

#[tokio::test]
async fn no_screen_has_a_serious_or_critical_violation_in_either_theme() {
    let mut audit = Audit::default();
    dropdesk_e2e::run("axe-signed-in", Launch::builtin_demo(), async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        for scheme in ["Light", "Dark"] {
            theme(app, scheme).await?;
            every_screen(app, &mut audit, scheme).await?;
        }
        Ok(())
    })
    .await;

    // Before signing in: the welcome screen and a sign-in waiting for the browser.
    const APP_KEY: &str = "e2eaxetestkey01";
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
    dropdesk_e2e::run("axe-welcome", launch, async |app| {
        for scheme in ["Light", "Dark"] {
            theme(app, scheme).await?;
            place(app, "File requests").await?;
            app.wait_for("[data-testid=welcome]").await?;
            audit.screen(app, &format!("{scheme}: welcome")).await?;
        }
        app.wait_for("[data-testid=connect]").await?.click().await?;
        app.wait_for_text("[data-testid=sign-in-waiting]", "Finish signing in")
            .await?;
        audit.screen(app, "Dark: sign-in waiting").await?;
        Ok(())
    })
    .await;
    emulator.shutdown().await;
    audit.report();
}
