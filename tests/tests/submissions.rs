//! Submissions in the real app against the emulator: saving a student's file and the whole
//! folder as a zip into the download folder, and a storm of rate limits that the window shows
//! as a countdown before the list arrives on its own.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::routes::files;
use dropbox_client::types::files::DownloadArg;
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Fault, Seed};
use dropdesk_e2e::{App, Launch, demo_emulator};
use fantoccini::Locator;

const HW2_FOLDER: &str = "/Courses/CS101/Homework 2";
const HW2_FILE: &str = "amara_okafor_hw2.zip";

async fn open_request(app: &App, title: &str) -> anyhow::Result<()> {
    app.wait_for_text("[data-testid=request-list]", title)
        .await?;
    let xpath = format!("//ul[@data-testid='request-list']/li[contains(., '{title}')]");
    app.client()
        .find(Locator::XPath(&xpath))
        .await?
        .click()
        .await?;
    app.wait_for_text("#detail-title", title).await?;
    Ok(())
}

#[tokio::test]
async fn a_file_and_the_whole_folder_are_saved_into_the_download_folder() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");

    let launch = Launch::demo(&emulator, port).home(home.path());
    dropdesk_e2e::run("downloads", launch, async |app| {
        open_request(app, "Homework 2").await?;
        app.wait_for_text(
            "[data-testid=download-folder]",
            &downloads.display().to_string(),
        )
        .await?;
        let save = format!("button[aria-label='Save {HW2_FILE} to the download folder']");
        app.wait_for(&save).await?.click().await?;
        app.wait_for_text("[data-testid=saved-path]", HW2_FILE)
            .await?;

        app.wait_for("[data-testid=download-all]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[data-testid=downloads]", "Homework 2.zip")
            .await?;
        Ok(())
    })
    .await;

    // The bytes on disk are Dropbox's, and the zip holds every submission.
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    let (_, expected) = files::download(
        &client,
        &DownloadArg {
            path: format!("{HW2_FOLDER}/{HW2_FILE}"),
        },
    )
    .await
    .unwrap();
    assert_eq!(std::fs::read(downloads.join(HW2_FILE)).unwrap(), expected);
    let zip = std::fs::read(downloads.join("Homework 2.zip")).unwrap();
    assert!(zip.starts_with(b"PK\x03\x04"), "not a zip");
    let names = zip
        .windows(HW2_FILE.len())
        .filter(|w| *w == HW2_FILE.as_bytes())
        .count();
    assert!(names >= 1, "{HW2_FILE} is not in the zip");
    let left: Vec<_> = std::fs::read_dir(&downloads)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter().all(|name| !name.ends_with(".part")),
        "part files left behind: {left:?}"
    );
}

#[tokio::test]
async fn a_rate_limit_storm_during_listing_shows_the_wait_then_the_list() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    // Three 429s in a row: the client waits out each (2 s, as Dropbox says), then lists.
    emulator
        .control()
        .inject_fault(
            "file_requests/list_v2",
            3,
            Fault::RateLimit {
                retry_after_secs: 2,
            },
        )
        .await
        .unwrap();

    dropdesk_e2e::run(
        "rate-limit-storm",
        Launch::demo(&emulator, port),
        async |app| {
            app.wait_for_text("[data-testid=wait-banner]", "Dropbox asked us to slow down")
                .await?;
            app.wait_for_text("[data-testid=wait-banner]", "Retrying in")
                .await?;
            app.wait_for_text("[data-testid=request-list]", "Homework 3")
                .await?;
            app.wait_until_gone("[data-testid=wait-banner]").await?;
            app.wait_until_gone("[data-testid=requests-error]").await?;
            Ok(())
        },
    )
    .await;

    let calls = emulator.control().stats().await.unwrap().calls;
    assert_eq!(calls.get("file_requests/list_v2"), Some(&4), "{calls:?}");
}
