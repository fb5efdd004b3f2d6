//! Light and dark as the desktop's appearance portal says, followed while the app runs, and a
//! choice in Settings winning over it. A binary of its own: the portal it puts on the session
//! bus must not be seen by other tests' apps.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropdesk_e2e::portal::AppearancePortal;
use dropdesk_e2e::{App, Launch, until};
use fantoccini::Locator;

/// What the page's stylesheet sees, and the window's background it paints.
async fn dark(app: &App) -> anyhow::Result<(bool, String)> {
    let seen = app
        .client()
        .execute(
            "return [matchMedia('(prefers-color-scheme: dark)').matches,
                     getComputedStyle(document.documentElement).backgroundColor]",
            vec![],
        )
        .await?;
    Ok((
        seen[0].as_bool().unwrap_or_default(),
        seen[1].as_str().unwrap_or_default().to_owned(),
    ))
}

/// The window's background in each theme (`--bg` in app.css).
const DARK_BG: &str = "rgb(23, 25, 29)";
const LIGHT_BG: &str = "rgb(255, 255, 255)";

async fn until_scheme(app: &App, want_dark: bool) -> anyhow::Result<()> {
    let want = (
        want_dark,
        if want_dark { DARK_BG } else { LIGHT_BG }.to_owned(),
    );
    until(
        &format!(
            "the window turns {}",
            if want_dark { "dark" } else { "light" }
        ),
        Duration::from_secs(10),
        async || dark(app).await.is_ok_and(|seen| seen == want),
    )
    .await
}

async fn open_settings(app: &App) -> anyhow::Result<()> {
    app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
        .await?;
    app.client()
        .find(Locator::XPath("//nav//button[contains(., 'Settings')]"))
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=theme]").await?;
    Ok(())
}

#[tokio::test]
async fn as_the_desktop_says_follows_the_appearance_portal_while_running() {
    let portal = AppearancePortal::start(1).await.unwrap();
    dropdesk_e2e::run("theme-portal", Launch::builtin_demo(), async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        until_scheme(app, true).await?;
        portal.set(2).await?;
        until_scheme(app, false).await?;
        portal.set(1).await?;
        until_scheme(app, true).await?;
        // A choice wins over the desktop.
        open_settings(app).await?;
        app.choose_theme("Light").await?;
        until_scheme(app, false).await?;
        portal.set(1).await?;
        app.choose_theme("As the desktop says").await?;
        until_scheme(app, true).await
    })
    .await;
}
