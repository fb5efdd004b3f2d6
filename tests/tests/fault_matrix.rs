//! The fault matrix: the real app against the emulator with faults injected while it runs.
//! Each case does what a professor does while the fault happens, then counts what was lost
//! and what was made twice. The table is printed; every case must end with 0 and 0.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropbox_client::Client;
use dropbox_client::routes::{file_requests, files};
use dropbox_client::types::files::UploadArg;
use dropbox_emulator::{EmulatorHandle, Fault, Seed};
use dropdesk_core::paper;
use dropdesk_e2e::{App, Launch, client_for, demo_emulator, until};
use fantoccini::Locator;

/// One row of the table.
struct Row {
    fault: &'static str,
    saw: String,
    lost: usize,
    duplicated: usize,
}

impl Row {
    /// A create was tried once: none made is one lost, every one past the first a duplicate.
    fn after_create(fault: &'static str, saw: String, made: usize) -> Self {
        Self {
            fault,
            saw,
            lost: usize::from(made == 0),
            duplicated: made.saturating_sub(1),
        }
    }
}

async fn requests_titled(client: &Client, title: &str) -> usize {
    use futures_util::TryStreamExt;
    let all: Vec<_> = file_requests::list_all(client, 1000)
        .try_collect()
        .await
        .unwrap();
    all.iter().filter(|r| r.title == title).count()
}

async fn open_paper(app: &App, title: &str) -> anyhow::Result<()> {
    app.click_xpath("//nav//button[contains(., 'Paper docs')]")
        .await?;
    app.click_xpath(&format!(
        "//ul[@data-testid='doc-list']/li[contains(., '{title}')]"
    ))
    .await?;
    app.wait_for_text("#doc-title", title).await?;
    app.wait_for("[data-testid=markdown]").await?;
    Ok(())
}

async fn open_requests(app: &App) -> anyhow::Result<()> {
    app.click_xpath("//nav//button[contains(., 'File requests')]")
        .await?;
    app.wait_for("[data-testid=request-list]").await?;
    Ok(())
}

/// Creates a request through the dialog; answers what the window said.
async fn create_request(app: &App, title: &str, folder: &str) -> anyhow::Result<()> {
    open_requests(app).await?;
    app.wait_for("[data-testid=new-request]")
        .await?
        .click()
        .await?;
    app.fill("#rq-title", title).await?;
    app.fill("#rq-destination", folder).await?;
    app.wait_for("[data-testid=save-request]")
        .await?
        .click()
        .await?;
    Ok(())
}

/// Dropbox made the request, but its answer was lost on the way back.
async fn lost_create_answer(app: &App, emulator: &EmulatorHandle, client: &Client) -> Row {
    let title = "Matrix: lost answer";
    emulator
        .control()
        .inject_fault("file_requests/create", 1, Fault::LoseAnswer)
        .await
        .unwrap();
    let saw = async {
        create_request(app, title, "/Courses/CS101/Matrix lost").await?;
        app.text_of("[data-testid=requests-notice]").await
    }
    .await
    .unwrap_or_else(|e| format!("(failed: {e})"));
    let made = requests_titled(client, title).await;
    Row::after_create("create: the answer lost after Dropbox made it", saw, made)
}

/// Six 429s in a row on the create.
async fn rate_limit_storm_on_create(app: &App, emulator: &EmulatorHandle, client: &Client) -> Row {
    let title = "Matrix: slow down";
    emulator
        .control()
        .inject_fault(
            "file_requests/create",
            6,
            Fault::RateLimit {
                retry_after_secs: 1,
            },
        )
        .await
        .unwrap();
    let saw = async {
        create_request(app, title, "/Courses/CS101/Matrix slow").await?;
        let countdown = app.text_of("[data-testid=request-retry]").await?;
        app.wait_until_gone("[data-testid=request-dialog]").await?;
        Ok::<_, anyhow::Error>(format!(
            "{countdown} → {}",
            app.text_of("[data-testid=requests-notice]").await?
        ))
    }
    .await
    .unwrap_or_else(|e| format!("(failed: {e})"));
    let made = requests_titled(client, title).await;
    Row::after_create("create: six 429s in a row", saw, made)
}

/// Six 503s on the listing when a request is opened.
async fn server_errors_on_listing(app: &App, emulator: &EmulatorHandle, client: &Client) -> Row {
    let folder = "/Courses/CS101/Matrix listing";
    let args = dropbox_client::types::file_requests::CreateFileRequestArgs {
        title: "Matrix: listing".into(),
        destination: folder.into(),
        deadline: None,
        open: true,
        description: None,
    };
    file_requests::create(client, &args).await.unwrap();
    for n in 0..3 {
        files::upload(
            client,
            &UploadArg::new(format!("{folder}/hw_{n}.pdf")),
            vec![1; 8],
        )
        .await
        .unwrap();
    }
    let result = async {
        open_requests(app).await?;
        // The list learns of the new request when it loads again.
        app.click_xpath("//nav//button[contains(., 'Paper docs')]")
            .await?;
        open_requests(app).await?;
        // The course's counts have read this folder (its row says how many are unmatched;
        // Dropbox counts none, as they came by upload): from here on, only the pane lists it.
        app.wait_for_content("[data-testid=request-list]", "0 files · 3 unmatched")
            .await?;
        // On this folder only: the app lists other folders meanwhile (the first row's
        // submissions, the late and course counts), which must not use the faults up.
        emulator
            .control()
            .inject_fault_at("files/list_folder", folder, 6, Fault::Status(503))
            .await?;
        app.click_xpath("//ul[@data-testid='request-list']/li[contains(., 'Matrix: listing')]")
            .await?;
        let error = app.text_of("[data-testid=submissions-error]").await?;
        app.wait_for_text("[data-testid=submission-count]", "(3)")
            .await?;
        let shown = app
            .client()
            .find_all(Locator::Css("[data-testid=submission-list] li"))
            .await?
            .len();
        Ok::<_, anyhow::Error>((error, shown))
    }
    .await;
    match result {
        Ok((error, shown)) => Row {
            fault: "open a request: six 503s on files/list_folder",
            saw: format!("{error} → the 3 files"),
            lost: 3usize.saturating_sub(shown),
            duplicated: shown.saturating_sub(3),
        },
        Err(e) => Row {
            fault: "open a request: six 503s on files/list_folder",
            saw: format!("(failed: {e})"),
            lost: 3,
            duplicated: 0,
        },
    }
}

/// Uploads arrive while the pane is open.
async fn uploads_while_open(app: &App, client: &Client) -> Row {
    let folder = "/Courses/CS101/Matrix listing";
    const ARRIVING: usize = 30;
    for n in 0..ARRIVING {
        files::upload(
            client,
            &UploadArg::new(format!("{folder}/late_{n:02}.pdf")),
            vec![2; 8],
        )
        .await
        .unwrap();
    }
    let expected = 3 + ARRIVING;
    // The list is virtual (only rows in view are in the page), so the pane's own count is
    // read: its rows are keyed by path, so a file shown twice counts twice.
    let count = async {
        app.wait_for_text("[data-testid=submission-count]", &format!("({expected})"))
            .await?;
        app.wait_for_text("[data-testid=live]", "live").await?;
        let text = app.text_of("[data-testid=submission-count]").await?;
        Ok::<_, anyhow::Error>(text.trim_matches(['(', ')']).parse::<usize>()?)
    }
    .await;
    match count {
        Ok(count) => Row {
            fault: "30 uploads arrive while the pane is open",
            saw: format!("{count} files, live"),
            lost: expected.saturating_sub(count),
            duplicated: count.saturating_sub(expected),
        },
        Err(e) => Row {
            fault: "30 uploads arrive while the pane is open",
            saw: format!("(failed: {e})"),
            lost: ARRIVING,
            duplicated: 0,
        },
    }
}

/// A Paper save that reached Dropbox, whose answer was lost.
async fn lost_save_answer(app: &App, emulator: &EmulatorHandle, client: &Client) -> Row {
    let typed = "\n\nSaved once, answered never.";
    let result = async {
        open_paper(app, "Lecture 1 notes").await?;
        app.type_at_end(typed).await?;
        emulator
            .control()
            .inject_fault("files/paper/update", 1, Fault::LoseAnswer)
            .await?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        let first = app.text_of("[data-testid=doc-error]").await?;
        app.save_doc().await?;
        Ok::<_, anyhow::Error>(format!("{first} → saved"))
    }
    .await;
    let doc = paper::open(client, "/Notes/Lecture 1 notes.paper")
        .await
        .unwrap();
    let times = doc.markdown.matches(typed.trim()).count();
    Row {
        fault: "Paper save: the answer lost after Dropbox saved",
        saw: result.unwrap_or_else(|e| format!("(failed: {e})")),
        lost: usize::from(times == 0),
        duplicated: times.saturating_sub(1),
    }
}

/// Someone deletes the doc being edited.
async fn doc_deleted_while_editing(app: &App, client: &Client) -> Row {
    let typed = "\n\nWritten into a doc that someone deleted.";
    let result = async {
        open_paper(app, "Course log").await?;
        app.type_at_end(typed).await?;
        files::delete_v2(client, "/Notes/Course log.paper")
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        let error = app.text_of("[data-testid=doc-error]").await?;
        // Another doc: the kept edits of the deleted one are offered.
        app.click_xpath("//ul[@data-testid='doc-list']/li[contains(., 'Lecture 1 notes')]")
            .await?;
        app.click_xpath(
            "//section[@data-testid='drafts']//li[contains(., 'Course log')]\
             //button[contains(., 'Save as a new doc')]",
        )
        .await?;
        let notice = app.text_of("[data-testid=draft-notice]").await?;
        Ok::<_, anyhow::Error>(format!("{error} → {notice}"))
    }
    .await;
    let found = paper::list(client, "/").await.unwrap();
    let mut holding = 0;
    for doc in found.iter().filter(|d| d.title.starts_with("Course log")) {
        let opened = paper::open(client, &doc.id).await.unwrap();
        holding += opened.markdown.matches(typed.trim()).count();
    }
    Row {
        fault: "Paper: the open doc deleted by someone else",
        saw: result.unwrap_or_else(|e| format!("(failed: {e})")),
        lost: usize::from(holding == 0),
        duplicated: holding.saturating_sub(1),
    }
}

/// Dropbox ends the sign-in while a doc is being edited.
async fn sign_in_ended_while_typing(app: &App, emulator: &EmulatorHandle) -> Row {
    let before = "\n\nTyped before the sign-in ended.";
    let after = " Typed after it ended.";
    let result = async {
        open_paper(app, "Lecture 1 notes").await?;
        app.type_at_end(before).await?;
        emulator.control().unlink().await?;
        app.type_at_end(after).await?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        let why = app.text_of("[data-testid=sign-in-ended]").await?;
        app.wait_for("[data-testid=try-demo]")
            .await?
            .click()
            .await?;
        app.wait_for_text("#doc-title", "Lecture 1 notes").await?;
        let text = app.editor_text().await?;
        anyhow::ensure!(
            text.ends_with(&format!("{before}{after}")),
            "typing lost: {text:?}"
        );
        app.save_doc().await?;
        Ok::<_, anyhow::Error>(format!("{why} → back in the doc, saved"))
    }
    .await;
    // Unlinking ended every sign-in, the test's own too.
    let client = client_for(emulator).await.unwrap();
    let doc = paper::open(&client, "/Notes/Lecture 1 notes.paper")
        .await
        .unwrap();
    let whole = format!("{before}{after}");
    let times = doc.markdown.matches(whole.trim()).count();
    Row {
        fault: "sign-in ended at Dropbox while typing",
        saw: result.unwrap_or_else(|e| format!("(failed: {e})")),
        lost: usize::from(times == 0),
        duplicated: times.saturating_sub(1),
    }
}

#[allow(clippy::print_stdout)] // the table is the point: `cargo test -- --nocapture` shows it
fn print(rows: &[Row]) {
    let width = rows.iter().map(|r| r.fault.len()).max().unwrap_or(5);
    println!(
        "\n{:width$} | lost | duplicated | what the user saw",
        "fault"
    );
    println!("{:-<width$}-|------|------------|------------------", "");
    for row in rows {
        println!(
            "{:width$} | {:4} | {:10} | {}",
            row.fault,
            row.lost,
            row.duplicated,
            row.saw.replace('\n', " ")
        );
    }
}

#[tokio::test]
async fn every_fault_ends_with_nothing_lost_and_nothing_made_twice() {
    let mut rows = Vec::new();

    // Unreachable at start: the demo's Dropbox comes up 5 s after the app.
    let api_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (builder, port) = demo_emulator();
    let launch = Launch::demo_at(&format!("http://127.0.0.1:{api_port}"), port);
    let mut later = Some(builder.seed(Seed::Demo).port(api_port));
    let mut started: Option<EmulatorHandle> = None;
    dropdesk_e2e::run("fault-matrix-start", launch, async |app| {
        let saw = app.text_of("[data-testid=reconnecting] h1").await?;
        tokio::time::sleep(Duration::from_secs(5)).await;
        started = Some(later.take().unwrap().spawn().await?);
        until(
            "the app did not reconnect by itself",
            Duration::from_secs(40),
            async || {
                app.client()
                    .find(Locator::Css("[data-testid=account-name]"))
                    .await
                    .is_ok()
            },
        )
        .await?;
        rows.push(Row {
            fault: "Dropbox unreachable at start, back 5 s later",
            saw: format!("{saw} → signed in by itself"),
            lost: 0,
            duplicated: 0,
        });
        Ok(())
    })
    .await;
    if let Some(emulator) = started {
        emulator.shutdown().await;
    }

    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let client = client_for(&emulator).await.unwrap();
    dropdesk_e2e::run("fault-matrix", Launch::demo(&emulator, port), async |app| {
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        rows.push(lost_create_answer(app, &emulator, &client).await);
        rows.push(rate_limit_storm_on_create(app, &emulator, &client).await);
        rows.push(server_errors_on_listing(app, &emulator, &client).await);
        rows.push(uploads_while_open(app, &client).await);
        rows.push(lost_save_answer(app, &emulator, &client).await);
        rows.push(doc_deleted_while_editing(app, &client).await);
        rows.push(sign_in_ended_while_typing(app, &emulator).await);
        Ok(())
    })
    .await;
    emulator.shutdown().await;

    print(&rows);
    let bad: Vec<&Row> = rows
        .iter()
        .filter(|r| r.lost > 0 || r.duplicated > 0 || r.saw.contains("(failed"))
        .collect();
    assert!(
        bad.is_empty(),
        "{} case(s) lost or duplicated something: {:?}",
        bad.len(),
        bad.iter().map(|r| (r.fault, &r.saw)).collect::<Vec<_>>()
    );
    assert!(rows.len() >= 8, "{} cases ran", rows.len());
}
