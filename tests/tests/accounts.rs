//! A professor with a university and a personal Dropbox, in the real app: signs in to both
//! through the consent page, picks a team folder and creates a request there, switches while
//! the request's submissions are watched live, signs out of one, and restarts. The emulator
//! says whose token every call carried; no token is found in the logs, the app's files or the
//! page.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::TokenStore;
use dropbox_emulator::{AccountType, Emulator, Seed};
use dropdesk_core::session::KeyringStore;
use dropdesk_e2e::{FakeBrowser, Launch, app_logs, free_port, sign_in_through_consent};
use serde_json::json;

const APP_KEY: &str = "e2eaccountstest1";

/// Every file under `dir`, read as text where it is text.
fn every_file(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            every_file(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
}

#[tokio::test]
async fn a_university_and_a_personal_account_side_by_side() {
    let port = free_port();
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .account_type(AccountType::Business)
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .spawn()
        .await
        .unwrap();
    let control = emulator.control();
    let ada = control.state().await.unwrap()["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let grace = control
        .add_user("Grace Hopper", "grace@home.example", "pro", false)
        .await
        .unwrap();
    let browser = FakeBrowser::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let launch = Launch::dropbox(&emulator, APP_KEY, port, &browser).home(home.path());
    let tokens_while_both = std::sync::Mutex::new(Vec::new());
    let request_url = std::sync::Mutex::new(String::new());

    dropdesk_e2e::run("accounts", launch.clone(), async |app| {
        // The university account first.
        sign_in_through_consent(app, "[data-testid=connect]").await?;
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        app.wait_for_text("[data-testid=account-team]", "University of Example")
            .await?;

        // A request in a team folder, picked in the folder browser.
        app.wait_for("[data-testid=new-request]")
            .await?
            .click()
            .await?;
        app.fill("#rq-title", "Team homework").await?;
        app.fill("#rq-destination", "").await?;
        app.click_xpath("//button[normalize-space()='Browse…']")
            .await?;
        app.click_xpath(
            "//div[@data-testid='folder-picker']//button[contains(., 'CS Department')]",
        )
        .await?;
        app.click_xpath("//div[@data-testid='folder-picker']//button[normalize-space()='Use CS Department']")
            .await?;
        app.wait_for("[data-testid=save-request]")
            .await?
            .click()
            .await?;
        app.wait_for_text("#detail-title", "Team homework").await?;
        app.wait_for_text("[data-testid=detail-destination]", "/CS Department")
            .await?;
        // Its submissions are watched live from now on.
        app.wait_for("[data-testid=live]").await?;
        let link = app.text_of("[data-testid=request-detail] .url code").await?;
        *request_url.lock().unwrap() = link;

        // The personal account beside it, through the consent page again.
        control.sign_browser_in_as(&grace).await?;
        sign_in_through_consent(app, "[data-testid=add-account]").await?;
        app.wait_for_text("[data-testid=account-name]", "Grace Hopper")
            .await?;
        app.wait_for("[data-testid=requests-empty]").await?;
        *tokens_while_both.lock().unwrap() = control.issued_tokens().await?;

        // Grace's request is hers.
        let before = control.stats().await?;
        app.wait_for("[data-testid=new-request]")
            .await?
            .click()
            .await?;
        app.fill("#rq-title", "Receipts").await?;
        app.fill("#rq-destination", "/Receipts").await?;
        app.wait_for("[data-testid=save-request]")
            .await?
            .click()
            .await?;
        app.wait_for_text("#detail-title", "Receipts").await?;
        let after = control.stats().await?;
        let creates = |stats: &dropbox_emulator::Stats, id: &str| {
            stats.calls_by_account.get(id).and_then(|r| r.get("file_requests/create")).copied().unwrap_or(0)
        };
        anyhow::ensure!(creates(&after, &grace) == creates(&before, &grace) + 1, "Grace made it");
        anyhow::ensure!(creates(&after, &ada) == creates(&before, &ada), "not with Ada's token");

        // Back to Ada with the keys of the first account listed (Ctrl+Shift+1, pressed on
        // the keyboard): her request's uploads still arrive live.
        dropdesk_e2e::keyboard::Keyboard::for_app(app)
            .await?
            .press("Ctrl+Shift+1")?;
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        app.click_xpath("//*[@role='option'][contains(., 'Team homework')]")
            .await?;
        app.wait_for("[data-testid=live]").await?;
        let url = request_url.lock().unwrap().clone();
        anyhow::ensure!(url.contains("/request/"), "the request's link: {url:?}");
        let form = reqwest::multipart::Form::new()
            .text("name", "Alan Student")
            .text("email", "alan@students.example")
            .part(
                "files",
                reqwest::multipart::Part::bytes(b"proof".to_vec()).file_name("team_hw.pdf"),
            );
        let posted = reqwest::Client::new().post(&url).multipart(form).send().await?;
        anyhow::ensure!(posted.status().is_success(), "the upload: {}", posted.status());
        app.wait_for_text("[data-testid=submission-list]", "team_hw")
            .await?;

        // Signing out of Grace leaves Ada signed in.
        app.click_xpath("//button[@data-testid='switch-account'][contains(., 'Grace Hopper')]")
            .await?;
        app.wait_for_text("[data-testid=account-name]", "Grace Hopper")
            .await?;
        app.click_xpath("//nav//button[contains(., 'Settings')]").await?;
        app.wait_for("[data-testid=sign-out]").await?.click().await?;
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        let page = app
            .client()
            .execute(
                "return document.documentElement.outerHTML + JSON.stringify(localStorage) + JSON.stringify(sessionStorage);",
                vec![],
            )
            .await?;
        let page = page.as_str().unwrap_or_default().to_owned();
        for token in tokens_while_both.lock().unwrap().iter() {
            anyhow::ensure!(!page.contains(token.as_str()), "a token reached the page");
        }
        Ok(())
    })
    .await;

    let keyring = KeyringStore::open().unwrap();
    assert!(
        keyring.load(&grace).unwrap().is_none(),
        "Grace's entry is gone"
    );
    assert!(keyring.load(&ada).unwrap().is_some(), "Ada's stays");
    let grace_calls = control.stats().await.unwrap().calls_of(&grace);

    dropdesk_e2e::run("accounts-restart", launch, async |app| {
        // Ada is signed in again without a browser, alone.
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        app.wait_for_text("[data-testid=request-list]", "Team homework")
            .await?;
        let others = app
            .client()
            .execute(
                "return document.querySelectorAll('[data-testid=switch-account]').length;",
                vec![json!(null)],
            )
            .await?;
        anyhow::ensure!(others.as_u64() == Some(0), "Grace is no longer listed");
        Ok(())
    })
    .await;

    assert_eq!(
        browser.opened().len(),
        2,
        "two sign-ins, the restart needed none"
    );
    assert_eq!(
        control.stats().await.unwrap().calls_of(&grace),
        grace_calls,
        "no call used Grace's token after her sign-out"
    );
    // No token in the logs or anywhere in the app's files.
    let tokens = tokens_while_both.into_inner().unwrap();
    assert!(tokens.len() >= 4, "both accounts' tokens: {}", tokens.len());
    let logs = app_logs(home.path());
    assert!(!logs.is_empty(), "the app logged");
    let mut files = Vec::new();
    every_file(home.path(), &mut files);
    for token in &tokens {
        assert!(!logs.contains(token.as_str()), "a token is in the logs");
        for (path, text) in &files {
            assert!(
                !text.contains(token.as_str()),
                "a token is in {}",
                path.display()
            );
        }
    }
    emulator.shutdown().await;
}
