//! Told when work arrives: students upload through a request's page while another program has
//! the focus, and the desktop's notification service is asked to show it, grouped and at most
//! once a minute per request; a click opens the request; with the window in front, or with
//! the setting off, nothing is told. A binary of its own: the notification service it puts on the session bus must not be
//! seen by other tests' apps.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropbox_emulator::Seed;
use dropdesk_core::requests::{self, RequestView};
use dropdesk_e2e::focus::OtherWindow;
use dropdesk_e2e::notifications::NotificationService;
use dropdesk_e2e::{Launch, client_for, demo_emulator, until};

/// How soon after an upload its notification must be asked for.
const PROMPTLY: Duration = Duration::from_secs(5);

/// A student's upload through the request's page: the form the page posts.
async fn upload(request: &RequestView, student: &str, files: &[&str]) -> anyhow::Result<()> {
    let mut form = reqwest::multipart::Form::new()
        .text("name", student.to_owned())
        .text("email", "student@students.example.edu");
    for name in files {
        form = form.part(
            "files",
            reqwest::multipart::Part::bytes(b"%PDF-1.7 homework".to_vec())
                .file_name((*name).to_owned()),
        );
    }
    let posted = reqwest::Client::new()
        .post(&request.url)
        .multipart(form)
        .send()
        .await?;
    anyhow::ensure!(
        posted.status().is_success(),
        "the upload: {}",
        posted.status()
    );
    Ok(())
}

/// Someone else's words as the notification holds them: isolated from ours.
fn isolated(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

#[tokio::test]
async fn uploads_in_the_background_are_told_grouped_and_a_click_opens_the_request() {
    let service = NotificationService::start().await.unwrap();
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let client = client_for(&emulator).await.unwrap();
    // Due yesterday, still taking late uploads.
    let hw3 = requests::list(&client)
        .await
        .unwrap()
        .requests
        .into_iter()
        .find(|r| r.title.starts_with("Homework 3"))
        .unwrap();

    dropdesk_e2e::run(
        "arrival-notices",
        Launch::demo(&emulator, port),
        async |app| {
            app.wait_for("[data-testid=request-list] [role=option]")
                .await?;
            until(
                "the app watches for submissions",
                Duration::from_secs(20),
                async || app.logs().contains("watching for submissions"),
            )
            .await?;
            // The professor is elsewhere in the app, and in another program.
            app.click_xpath("//nav//button[contains(., 'Paper docs')]")
                .await?;
            let other = OtherWindow::take_focus()?;

            upload(&hw3, "Zoe Adams", &["hw3.pdf"]).await?;
            let first = service.until_shown(1, PROMPTLY).await?.remove(0);
            anyhow::ensure!(
                first.summary == format!("1 new submission to {} · 1 late", isolated(&hw3.title)),
                "{first:?}"
            );
            anyhow::ensure!(first.body == isolated("hw3 - Zoe Adams.pdf"), "{first:?}");
            anyhow::ensure!(first.app_name == "Dropdesk", "{first:?}");
            anyhow::ensure!(
                first.actions.first().map(String::as_str) == Some("default"),
                "{first:?}"
            );
            anyhow::ensure!(
                first.hints.get("desktop-entry").map(String::as_str) == Some("Dropdesk"),
                "{first:?}"
            );

            // Two more within the minute: held back, then told together once it is over.
            upload(&hw3, "Li Chen", &["part 1.pdf", "part 2.pdf"]).await?;
            let shown = service
                .until_shown(2, Duration::from_secs(60) + PROMPTLY + PROMPTLY)
                .await?;
            let second = &shown[1];
            anyhow::ensure!(
                second.summary
                    == format!("2 new submissions to {} · all late", isolated(&hw3.title)),
                "{second:?}"
            );
            for name in ["part 1 - Li Chen.pdf", "part 2 - Li Chen.pdf"] {
                anyhow::ensure!(second.body.contains(&isolated(name)), "{name}: {second:?}");
            }

            // Its click brings the window up with the request open.
            service.click(second.id).await?;
            app.wait_for_text("#detail-title", &hw3.title).await?;
            app.wait_for_text(
                "[data-testid=request-list] [aria-selected=true]",
                &hw3.title,
            )
            .await?;
            drop(other);

            // In front, with the focus, the window shows what arrives itself: nothing is told.
            upload(&hw3, "Maya Patel", &["hw3.pdf"]).await?;
            app.wait_for_text("[data-testid=submission-list]", "hw3 - Maya Patel.pdf")
                .await?;
            let told = service.until_shown(3, PROMPTLY).await;
            anyhow::ensure!(
                told.is_err(),
                "told while the window had the focus: {:?}",
                service.shown().last()
            );

            // Turned off for the account: nothing is told.
            app.click_xpath("//nav//button[contains(., 'Settings')]")
                .await?;
            app.wait_for("[data-testid=notify-arrivals]")
                .await?
                .click()
                .await?;
            until("the watch stops", Duration::from_secs(10), async || {
                app.logs()
                    .contains("arrival notices are off for this account")
            })
            .await?;
            let _other = OtherWindow::take_focus()?;
            upload(&hw3, "Noah Kim", &["hw3.pdf"]).await?;
            let landed = requests::submissions::list(&client, &hw3.id).await?;
            anyhow::ensure!(
                landed.files.iter().any(|f| f.name == "hw3 - Noah Kim.pdf"),
                "the upload landed"
            );
            let told = service.until_shown(3, PROMPTLY).await;
            anyhow::ensure!(
                told.is_err(),
                "told with the setting off: {:?}",
                service.shown().last()
            );
            Ok(())
        },
    )
    .await;
}
