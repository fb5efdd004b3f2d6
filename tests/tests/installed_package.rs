//! Dropdesk as its package installs it: `/usr/bin/dropdesk` opens the request list, a second
//! launch brings the first window to the front and exits, and the desktop finds the app's
//! entry, icons and software-centre description. `scripts/package.sh --check` runs this after
//! installing the .deb it built (with `DROPDESK_APP_BINARY=/usr/bin/dropdesk`); in the usual
//! test run it is left out, as the package is not installed there.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::path::Path;
use std::time::Duration;

use dropbox_emulator::Seed;
use dropdesk_e2e::focus::OtherWindow;
use dropdesk_e2e::{App, Launch, demo_emulator, until};

/// What the package puts where the desktop looks.
const INSTALLED: &[&str] = &[
    "/usr/share/applications/Dropdesk.desktop",
    "/usr/share/metainfo/app.dropdesk.Dropdesk.metainfo.xml",
    "/usr/share/icons/hicolor/128x128/apps/dropdesk.png",
    "/usr/share/icons/hicolor/scalable/apps/dropdesk.svg",
];

async fn has_focus(app: &App) -> anyhow::Result<bool> {
    Ok(app
        .client()
        .execute("return document.hasFocus()", vec![])
        .await?
        .as_bool()
        .unwrap_or_default())
}

#[tokio::test]
#[ignore = "needs the package installed; scripts/package.sh --check installs it and runs this"]
async fn the_installed_app_lists_requests_and_a_second_launch_raises_it() {
    let binary = std::env::var("DROPDESK_APP_BINARY").unwrap_or_default();
    assert_eq!(binary, "/usr/bin/dropdesk", "runs the installed binary");
    for file in INSTALLED {
        assert!(Path::new(file).is_file(), "{file} is not installed");
    }
    let entry = std::fs::read_to_string(INSTALLED[0]).unwrap();
    assert!(entry.contains("\nExec=dropdesk\n"), "{entry}");
    assert!(
        entry.contains("\nCategories=Education;Office;\n"),
        "{entry}"
    );

    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    dropdesk_e2e::run(
        "installed-package",
        Launch::demo(&emulator, port),
        async |app| {
            app.wait_for_text("[data-testid=request-list]", "Homework 3")
                .await?;

            // Another program has the focus; starting Dropdesk again brings this window back.
            let other = OtherWindow::take_focus()?;
            until(
                "the window loses the focus",
                Duration::from_secs(10),
                async || !has_focus(app).await.unwrap_or(true),
            )
            .await?;
            let second = app.launch_again().await?;
            anyhow::ensure!(
                second.status.success(),
                "the second launch failed ({}): {}",
                second.status,
                String::from_utf8_lossy(&second.stderr)
            );
            until(
                "the first window comes to the front",
                Duration::from_secs(10),
                async || has_focus(app).await.unwrap_or(false),
            )
            .await?;
            anyhow::ensure!(app.instances() == 1, "{} copies run", app.instances());
            drop(other);
            app.wait_for_text("[data-testid=request-list]", "Homework 3")
                .await?;
            Ok(())
        },
    )
    .await;
}
