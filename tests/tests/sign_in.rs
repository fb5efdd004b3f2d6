//! Connecting a real (emulated) Dropbox from the app: the browser opens at the consent page,
//! the sign-in comes back to the app, a restart stays signed in, and signing out revokes the
//! token at Dropbox and empties the keyring.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::TokenStore;
use dropbox_emulator::{Emulator, Seed};
use dropdesk_core::session::KeyringStore;
use dropdesk_e2e::{FakeBrowser, Launch, answer_consent, free_port};
use fantoccini::Locator;

const APP_KEY: &str = "e2esignintest01";

#[tokio::test]
async fn connect_dropbox_signs_in_stays_signed_in_after_a_restart_and_signs_out() {
    let port = free_port();
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .spawn()
        .await
        .unwrap();
    let browser = FakeBrowser::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let launch = Launch::dropbox(&emulator, APP_KEY, port, &browser).home(home.path());
    let seen_code = std::sync::Mutex::new(None::<String>);

    dropdesk_e2e::run("sign-in", launch.clone(), async |app| {
        app.wait_for("[data-testid=welcome]").await?;
        app.wait_for("[data-testid=connect]").await?.click().await?;
        app.wait_for_text("[data-testid=sign-in-waiting]", "Finish signing in")
            .await?;
        let url = app
            .wait_for("[data-testid=authorize-url]")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        assert!(url.contains("code_challenge_method=S256"), "{url}");
        assert_eq!(
            browser.opened(),
            std::slice::from_ref(&url),
            "the browser was asked to open it"
        );

        let code = answer_consent(&url, true).await?;
        assert!(code.is_some(), "the consent page redirected with a code");
        *seen_code.lock().unwrap() = code;
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        Ok(())
    })
    .await;
    let state = emulator.control().state().await.unwrap();
    let account_id = state["account_id"].as_str().unwrap().to_owned();
    assert_eq!(state["refresh_tokens"], 1);
    let keyring = KeyringStore::open().unwrap();
    assert!(
        keyring.load(&account_id).unwrap().is_some(),
        "kept in the keyring"
    );

    dropdesk_e2e::run("sign-in-restart", launch, async |app| {
        // Signed in again from the keyring, without the browser.
        app.wait_for_text("[data-testid=account-name]", "Ada Lovelace")
            .await?;
        app.client()
            .find(Locator::XPath("//nav//button[contains(., 'Settings')]"))
            .await?
            .click()
            .await?;
        app.wait_for("[data-testid=sign-out]")
            .await?
            .click()
            .await?;
        app.wait_for_text("[aria-label='Current account']", "Not signed in")
            .await?;
        Ok(())
    })
    .await;

    assert_eq!(browser.opened().len(), 1, "the restart needed no browser");
    let state = emulator.control().state().await.unwrap();
    assert_eq!(
        state["refresh_tokens"], 0,
        "the sign-in was revoked at Dropbox"
    );
    assert_eq!(state["live_access_tokens"], 0, "its access tokens with it");
    assert!(
        keyring.load(&account_id).unwrap().is_none(),
        "the keyring entry is gone"
    );
    emulator.shutdown().await;
}
