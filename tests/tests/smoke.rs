//! The real app binary starts, signs in to the demo Dropbox and shows its frame.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_emulator::Seed;
use dropdesk_e2e::Launch;

#[tokio::test]
async fn the_app_opens_its_frame_signed_in_to_the_demo() {
    let (builder, port) = dropdesk_e2e::demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();

    dropdesk_e2e::run("smoke", Launch::demo(&emulator, port), async |app| {
        app.wait_for("[data-testid=app-frame]").await?;
        app.wait_for_text("nav[aria-label=Places]", "File requests")
            .await?;
        app.wait_for_text("nav[aria-label=Places]", "Paper docs")
            .await?;
        // The name comes from the emulator through the client, the core and IPC.
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        app.wait_for_text("[data-testid=demo-badge]", "Demo")
            .await?;
        Ok(())
    })
    .await;

    emulator.shutdown().await;
}

#[tokio::test]
async fn with_no_app_key_the_app_starts_its_own_demo_dropbox() {
    dropdesk_e2e::run("builtin-demo", Launch::builtin_demo(), async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        app.wait_for_text("[data-testid=demo-badge]", "Demo")
            .await?;
        Ok(())
    })
    .await;
}
