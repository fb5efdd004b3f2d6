//! A course in the real app against the emulator: a class list imported from a European Excel
//! export, "3 missing" on Homework 3, a student uploading through the request page in Chromium
//! (the count drops live), the ambiguous file assigned, a student excused, the reminder handed
//! to the mail program, the gradebook exported, and the same course after a restart.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::routes::{file_requests, files};
use dropbox_client::types::files::DownloadArg;
use dropbox_emulator::Seed;
use dropdesk_e2e::browser::Browser;
use dropdesk_e2e::{App, FakeBrowser, Launch, client_for, demo_emulator};

const CS101: &str = "/Courses/CS101";

/// The demo's class list as a Moodle export saved by European Excel: `;`, Windows-1252.
fn moodle_export(roster_csv: &str) -> Vec<u8> {
    let mut text = String::from("First name;Last name;ID number;Email address\r\n");
    for line in roster_csv.trim_start_matches('\u{FEFF}').lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        text.push_str(&format!(
            "{};{};{};{}\r\n",
            cells[1], cells[0], cells[3], cells[2]
        ));
    }
    // Windows-1252 has no dotless ı: Excel's best fit writes an i.
    encoding_rs::WINDOWS_1252
        .encode(&text.replace('ı', "i"))
        .0
        .into_owned()
}

async fn open_courses(app: &App) -> anyhow::Result<()> {
    app.click_xpath("//nav//button[contains(., 'Courses')]")
        .await?;
    app.wait_for("[data-testid=courses-place]").await?;
    Ok(())
}

/// The grid cell read out as `who` (student, request) and in `state`.
fn cell(who: &str, state: &str) -> String {
    format!(
        "//*[@data-testid='course-grid']//*[@role='gridcell'][@data-state='{state}'][contains(., '{who}')]"
    )
}

/// Dispatches a double click on the grid cell read out as `who` (student, request).
async fn open_cell(app: &App, who: &str) -> anyhow::Result<()> {
    let xpath =
        format!("//*[@data-testid='course-grid']//*[@role='gridcell'][contains(., '{who}')]");
    app.wait_for_xpath(&xpath).await?;
    app.client()
        .execute(
            "document.evaluate(arguments[0], document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null)\
               .singleNodeValue.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));",
            vec![serde_json::Value::String(xpath)],
        )
        .await?;
    app.wait_for("[data-testid=cell-details]").await?;
    Ok(())
}

#[tokio::test]
async fn a_professor_sees_who_is_missing_and_exports_the_gradebook() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let client = client_for(&emulator).await.unwrap();
    // Start without a class list: the professor imports their own.
    let (_, roster) = files::download(
        &client,
        &DownloadArg {
            path: format!("{CS101}/Roster.csv"),
        },
    )
    .await
    .unwrap();
    files::delete_v2(&client, &format!("{CS101}/Roster.csv"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("CS101 students.csv");
    std::fs::write(&export, moodle_export(&String::from_utf8(roster).unwrap())).unwrap();
    let hw3 = file_requests::list_v2(&client, 100)
        .await
        .unwrap()
        .file_requests
        .into_iter()
        .find(|r| r.title.starts_with("Homework 3"))
        .unwrap();

    let home = tempfile::tempdir().unwrap();
    let mail = FakeBrowser::new().unwrap();
    let launch = Launch::demo(&emulator, port)
        .home(home.path())
        .browser(&mail)
        .env("TZ", "Europe/Berlin");
    dropdesk_e2e::run("courses", launch, async |app| {
        open_courses(app).await?;
        app.wait_for_text("[data-testid=no-class-list]", "No class list yet").await?;

        // Import: the columns are recognised, the accents survive Windows-1252.
        app.wait_for("[data-testid=import-class-list]").await?.click().await?;
        app.wait_for("[data-testid=class-list-file]")
            .await?
            .send_keys(&export.display().to_string())
            .await?;
        app.wait_for_text("[data-testid=import-summary]", "30 students").await?;
        app.wait_for_text("[data-testid=import-summary]", "Windows-1252").await?;
        app.wait_for_text("[data-testid=import-preview]", "Álvarez, Diego").await?;
        app.wait_for("[data-testid=import-submit]").await?.click().await?;
        app.wait_until_gone("[data-testid=import-dialog]").await?;
        app.wait_for_text("[data-testid=course-size]", "30 students").await?;

        // Homework 3, due yesterday: three students have nothing that is surely theirs.
        app.wait_for_text("[data-testid=request-summary]", "Homework 3").await?;
        app.wait_for_text("[data-testid=request-counts]", "3 missing").await?;
        app.wait_for_text("[data-testid=request-counts]", "2 unmatched").await?;

        // Zoe Adams uploads through the request page (late, inside the grace period).
        let pdf = dir.path().join("hw3.pdf");
        std::fs::write(&pdf, b"%PDF-1.7 linked lists")?;
        let browser = Browser::start().await?;
        let uploaded = async {
            browser.goto(&hw3.url).await?;
            browser.fill("#name", "Zoe Adams").await?;
            browser.fill("#email", "zoe.adams@students.example.edu").await?;
            browser.choose_files("#files", &[&pdf]).await?;
            browser.click("#upload").await?;
            browser.wait_for_text("#uploaded", "hw3 - Zoe Adams.pdf").await?;
            Ok::<_, anyhow::Error>(())
        }
        .await;
        browser.close().await?;
        uploaded?;
        app.wait_for_text("[data-testid=request-counts]", "2 missing").await?;
        app.wait_for_xpath(&cell("Zoe Adams, Homework 3", "late")).await?;

        // chen_hw3.pdf fits both Chens: it is Wei's.
        let wei = "id:2026003";
        app.client()
            .execute(
                "const item = [...document.querySelectorAll('[data-testid=unmatched-file]')].find((li) => li.textContent.includes('chen_hw3.pdf'));\
                 const select = item.querySelector('select'); select.value = arguments[0];\
                 select.dispatchEvent(new Event('change', { bubbles: true }));\
                 item.querySelector('[data-testid=assign]').click();",
                vec![serde_json::Value::String(wei.into())],
            )
            .await?;
        app.wait_for_text("[data-testid=course-notice]", "chen_hw3.pdf is now Chen, Wei's").await?;
        app.wait_for_text("[data-testid=request-counts]", "1 missing").await?;

        // Noah Kim is excused.
        app.fill("[data-testid=student-search]", "Noah").await?;
        open_cell(app, "Noah Kim, Homework 3").await?;
        app.wait_for("[data-testid=toggle-excused]").await?.click().await?;
        app.wait_for_text("[data-testid=request-counts]", "1 excused").await?;
        app.wait_for_xpath(&cell("Noah Kim, Homework 3", "excused")).await?;
        app.fill("[data-testid=student-search]", "").await?;

        // The reminder goes to the mail program; nobody is left to remind for Homework 3.
        anyhow::ensure!(
            app.client().find(fantoccini::Locator::Css("[data-testid=email-missing]")).await.is_err(),
            "a reminder is offered though nobody is missing"
        );
        app.click_xpath("//button[@data-testid='column-header'][contains(., 'Homework 2')]").await?;
        app.wait_for_text("[data-testid=email-missing]", "Email the 12 students").await?;
        app.wait_for("[data-testid=email-missing]").await?.click().await?;
        app.wait_for_text("[data-testid=course-notice]", "Your mail program has a message").await?;

        app.wait_for("[data-testid=export-course]").await?.click().await?;
        app.wait_for_text("[data-testid=course-notice]", "Exported to").await?;
        Ok(())
    })
    .await;

    let opened = mail.opened();
    let mailto = opened
        .iter()
        .find(|u| u.starts_with("mailto:"))
        .expect("no mail link opened");
    assert!(
        mailto.contains("bcc=zoe.adams@students.example.edu") && !mailto.contains("amara.okafor"),
        "{mailto}"
    );
    assert!(mailto.contains("subject=Homework%202"), "{mailto}");
    assert!(
        mailto.contains("body=Please%20upload%20your%20Homework%202"),
        "{mailto}"
    );

    // The export: a row per student, Homework 3 as it now stands.
    let downloads = home.path().join("Downloads");
    let exported = std::fs::read_dir(&downloads)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("no export in the download folder");
    let bytes = std::fs::read(&exported).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let status = header
        .iter()
        .position(|h| h == "Homework 3 — Linked lists: status")
        .unwrap();
    assert!(
        header.contains(&"Homework 3 — Linked lists: uploaded (Europe/Berlin)".to_owned()),
        "{header:?}"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 30);
    let of = |last: &str, first: &str| {
        rows.iter()
            .find(|r| &r[1] == last && &r[2] == first)
            .unwrap()
            .clone()
    };
    assert_eq!(&of("Adams", "Zoe")[status], "late");
    assert_eq!(&of("Adams", "Zoe")[status + 2], "hw3 - Zoe Adams.pdf");
    assert_eq!(&of("Chen", "Wei")[status + 2], "chen_hw3.pdf");
    assert_eq!(&of("Kim", "Noah")[status], "excused");
    assert_eq!(&of("Müller", "Jonas")[status + 2], "mueller_hw3.pdf");

    // A restart shows the same course: it lives in the course folder.
    let launch = Launch::demo(&emulator, port).home(home.path());
    dropdesk_e2e::run("courses-after-restart", launch, async |app| {
        open_courses(app).await?;
        app.wait_for_text("[data-testid=course-size]", "30 students")
            .await?;
        app.wait_for_text("[data-testid=request-counts]", "1 excused")
            .await?;
        app.wait_for_xpath(&cell("Wei Chen, Homework 3", "on_time"))
            .await?;
        app.wait_for_xpath(&cell("Noah Kim, Homework 3", "excused"))
            .await?;
        Ok(())
    })
    .await;
}
