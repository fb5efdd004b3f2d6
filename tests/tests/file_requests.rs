//! What a professor does every week, in the real app against the emulator: create a request
//! with a deadline, copy its link, a student uploads through it and the files appear live (the
//! last one late), close the request, delete it.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_emulator::{AccountType, Seed};
use dropdesk_e2e::browser::Browser;
use dropdesk_e2e::{Launch, demo_emulator};
use fantoccini::Locator;

fn clipboard_text() -> anyhow::Result<String> {
    Ok(arboard::Clipboard::new()?.get_text()?)
}

#[tokio::test]
async fn a_professor_creates_a_request_copies_its_link_closes_and_deletes_it() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let before = emulator.control().state().await.unwrap()["file_requests"]
        .as_u64()
        .unwrap();

    // Two days ahead, at 17:00 in the app's time zone (UTC here).
    let deadline_date = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48))
        .strftime("%Y-%m-%d")
        .to_string();
    let launch = Launch::demo(&emulator, port).env("TZ", "UTC");
    dropdesk_e2e::run("file-requests", launch, async |app| {
        app.wait_for("[data-testid=request-list]").await?;
        // The seed's Homework 2 is past its deadline, with three late uploads.
        app.wait_for_text("[data-testid=request-list]", "18 files · 3 late")
            .await?;
        app.wait_for("[data-testid=new-request]")
            .await?
            .click()
            .await?;

        // A missing title is refused on its field; nothing typed is lost.
        app.fill("#rq-destination", "/Courses/CS101/Homework 5")
            .await?;
        app.wait_for("[data-testid=save-request]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=error-title]", "give the request a title")
            .await?;

        app.fill("#rq-title", "Homework 5 — Graphs").await?;
        app.fill("[data-testid=deadline-date]", &deadline_date)
            .await?;
        app.fill("[data-testid=deadline-time]", "17:00").await?;
        app.wait_for("[data-testid=save-request]")
            .await?
            .click()
            .await?;
        app.wait_for_text("#detail-title", "Homework 5 — Graphs")
            .await?;
        // 17:00 as the window's locale writes it ("5:00 PM" in en-US, the default where the
        // desktop names no usable language; "17:00" in most others).
        let five_pm = app
            .client()
            .execute(
                "let tag; try { tag = Intl.DateTimeFormat.supportedLocalesOf(navigator.language)[0]; } \
                 catch { tag = undefined; } \
                 return new Intl.DateTimeFormat(tag, { hour: 'numeric', minute: '2-digit', \
                 timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, 17, 0)));",
                vec![],
            )
            .await?;
        let five_pm = five_pm.as_str().unwrap_or("17:00").to_owned();
        app.wait_for_text("[data-testid=detail-deadline]", &five_pm)
            .await?;
        app.wait_for_text(
            "[data-testid=detail-destination]",
            "/Courses/CS101/Homework 5",
        )
        .await?;

        app.wait_for("[data-testid=copy-link]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=copy-link]", "Copied")
            .await?;
        let link = clipboard_text()?;
        anyhow::ensure!(
            link.starts_with(&format!("{}/request/", emulator.base_url())),
            "the clipboard holds {link:?}"
        );

        // The folder's share link, for staff: a different link, on the same Dropbox.
        app.wait_for("[data-testid=copy-folder-link]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=copy-folder-link]", "Copied")
            .await?;
        let folder_link = clipboard_text()?;
        anyhow::ensure!(
            folder_link != link && folder_link.starts_with(&emulator.base_url()),
            "the clipboard holds {folder_link:?}"
        );

        // A student opens the link in their browser and uploads two files; both appear in the
        // submissions pane while it is open, without a refresh.
        let dir = tempfile::tempdir()?;
        let upload = async |names: &[&str]| -> anyhow::Result<()> {
            let paths: Vec<_> = names.iter().map(|n| dir.path().join(n)).collect();
            for path in &paths {
                std::fs::write(path, b"%PDF-1.7 homework")?;
            }
            let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
            let browser = Browser::start().await?;
            let done = async {
                browser.goto(&link).await?;
                browser
                    .wait_for_text("#title", "Homework 5 — Graphs")
                    .await?;
                browser.fill("#name", "Grace Hopper").await?;
                browser.fill("#email", "grace@students.example").await?;
                browser.choose_files("#files", &refs).await?;
                browser.click("#upload").await?;
                let stem = names[0].trim_end_matches(".pdf");
                browser.wait_for_text("#uploaded", stem).await?;
                Ok::<_, anyhow::Error>(())
            }
            .await;
            browser.close().await?;
            done
        };
        app.wait_for("[data-testid=live]").await?;
        upload(&["grace_hw5.pdf", "linus_hw5.pdf"]).await?;
        // Stored as Dropbox does, with the uploader's name: "grace_hw5 - Grace Hopper.pdf".
        app.wait_for_content(
            "[data-testid=submission-list]",
            "grace_hw5 - Grace Hopper.pdf",
        )
        .await?;
        app.wait_for_content(
            "[data-testid=submission-list]",
            "linus_hw5 - Grace Hopper.pdf",
        )
        .await?;
        app.wait_for_text("[data-testid=submission-count]", "(2)")
            .await?;

        // Past the deadline (inside the one-day grace period), the next upload is late.
        let deadline: jiff::Timestamp = format!("{deadline_date}T17:00:00Z").parse()?;
        let past =
            deadline.duration_since(jiff::Timestamp::now()) + jiff::SignedDuration::from_hours(2);
        emulator
            .control()
            .advance_clock(std::time::Duration::try_from(past)?)
            .await?;
        upload(&["ada_hw5_late.pdf"]).await?;
        app.wait_for_content(
            "[data-testid=submission-list] li:first-child",
            "ada_hw5_late - Grace Hopper.pdf",
        )
        .await?;
        app.wait_for_content("[data-testid=submission-list] li:first-child", "LATE")
            .await?;
        app.wait_for_text("[data-testid=submission-count]", "(3)")
            .await?;

        app.wait_for("[data-testid=close-request]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=detail-status]", "Closed")
            .await?;
        app.wait_for("[data-testid=delete-request]")
            .await?
            .click()
            .await?;
        app.wait_for_text(
            "[data-testid=confirm-dialog]",
            "Delete “Homework 5 — Graphs”?",
        )
        .await?;
        app.wait_for("[data-testid=confirm-delete]")
            .await?
            .click()
            .await?;
        // Gone from the list: the total is back where it was.
        app.wait_for_text("[data-testid=request-total]", &format!("{before} requests"))
            .await?;
        let titles = app
            .client()
            .find(Locator::Css("[data-testid=request-list]"))
            .await?
            .text()
            .await?;
        anyhow::ensure!(!titles.contains("Homework 5"), "still listed: {titles}");
        Ok(())
    })
    .await;

    let after = emulator.control().state().await.unwrap()["file_requests"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before, "created, then deleted at Dropbox");
    emulator.shutdown().await;
}

#[tokio::test]
async fn on_a_basic_account_the_deadline_is_disabled_with_the_reason() {
    let (builder, port) = demo_emulator();
    let emulator = builder
        .seed(Seed::Demo)
        .account_type(AccountType::Basic)
        .spawn()
        .await
        .unwrap();
    dropdesk_e2e::run(
        "basic-deadline",
        Launch::demo(&emulator, port),
        async |app| {
            app.wait_for("[data-testid=new-request]")
                .await?
                .click()
                .await?;
            app.wait_for_text(
                "[data-testid=error-deadline]",
                "Deadlines need a paid Dropbox plan",
            )
            .await?;
            let date = app.wait_for("[data-testid=deadline-date]").await?;
            anyhow::ensure!(!date.is_enabled().await?, "the date field is enabled");
            Ok(())
        },
    )
    .await;
    emulator.shutdown().await;
}
