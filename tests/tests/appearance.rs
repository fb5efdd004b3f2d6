//! Light and dark as chosen in Settings: at once, and after a restart. (As the desktop's
//! portal says: `appearance_portal.rs`, a binary of its own so that its portal on the session
//! bus is not seen by these.)

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

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
async fn a_chosen_theme_applies_at_once_and_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let launch = Launch::builtin_demo().home(home.path());
    dropdesk_e2e::run("theme-chosen", launch.clone(), async |app| {
        open_settings(app).await?;
        until_scheme(app, false).await?;
        app.choose_theme("Dark").await?;
        until_scheme(app, true).await?;
        app.choose_theme("Light").await?;
        until_scheme(app, false).await?;
        app.choose_theme("Dark").await?;
        until_scheme(app, true).await?;
        Ok(())
    })
    .await;
    dropdesk_e2e::run("theme-chosen-restart", launch, async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        until_scheme(app, true).await
    })
    .await;
}
