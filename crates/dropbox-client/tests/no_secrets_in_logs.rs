//! Every log line the client (and everything under it: reqwest, hyper, oauth2) writes at every
//! level, through sign-in, calls, refreshes, errors and revoke, is free of tokens and codes.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dropbox_client::routes::{auth, files, users};
use dropbox_client::types::files::ListFolderArg;
use dropbox_client::{Callback, Client, Hosts, LoopbackReceiver, PendingSignIn};
use dropbox_emulator::{Emulator, Fault};

const APP_KEY: &str = "logsecretskey01";

/// Collects everything the global subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether `text` holds something shaped like a Dropbox access token (`sl.` and a long run of
/// token characters), whichever token it is.
fn has_access_token(text: &str) -> bool {
    text.match_indices("sl.").any(|(at, _)| {
        text[at + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .count()
            >= 20
    })
}

#[tokio::test]
async fn no_token_or_code_reaches_any_log_line_at_any_level() {
    let captured = Captured::default();
    let writer = captured.clone();
    // Also turns `log` records (reqwest, hyper-util, oauth2) into events.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .unwrap();

    let receiver = LoopbackReceiver::bind(&[0]).await.unwrap();
    let redirect = receiver.redirect_uri();
    let emulator = Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(redirect.clone())
        .auto_approve(true)
        .access_token_ttl(Duration::from_secs(3_600))
        .spawn()
        .await
        .unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());

    // Sign in: the consent page approves at once and redirects to the loopback receiver.
    let pending = PendingSignIn::start(
        &hosts,
        APP_KEY,
        &["account_info.read", "files.metadata.read"],
        Some(&redirect),
    )
    .unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = browser
        .get(pending.authorize_url().as_str())
        .send()
        .await
        .unwrap();
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let received = tokio::spawn(receiver.receive(Duration::from_secs(30)));
    browser.get(&location).send().await.unwrap();
    let callback = received.await.unwrap().unwrap();
    tracing::trace!(?callback, "callback");
    assert!(matches!(callback, Callback::Code { .. }));
    let signed_in = pending.finish(callback).await.unwrap();
    let refresh = signed_in.refresh_token.clone().unwrap().expose().to_owned();
    tracing::trace!(?signed_in, "signed in");

    let client = Client::from_sign_in(hosts, APP_KEY, &signed_in);
    tracing::trace!(?client, "client");
    users::get_current_account(&client).await.unwrap();

    // A server error retried, then an expired token refreshed on the next call.
    emulator
        .control()
        .inject_fault("files/list_folder", 1, Fault::Status(503))
        .await
        .unwrap();
    files::list_folder(&client, &ListFolderArg::new(""))
        .await
        .unwrap();
    emulator
        .control()
        .advance_clock(Duration::from_secs(3_601))
        .await
        .unwrap();
    users::get_current_account(&client).await.unwrap();

    auth::token_revoke(&client).await.unwrap();
    let error = users::get_current_account(&client).await.unwrap_err();
    tracing::error!(?error, %error, "after revoke");

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("TRACE") && logs.contains("DEBUG"),
        "the capture saw every level"
    );
    assert!(
        logs.contains("auth/token/revoke"),
        "the capture saw the calls"
    );
    assert!(
        logs.contains("hyper_util") && logs.contains("reqwest"),
        "the capture saw the HTTP stack's own lines"
    );
    for (what, secret) in [
        ("authorization code", code.as_str()),
        ("refresh token", &refresh),
    ] {
        let line = logs
            .lines()
            .find(|l| l.contains(secret))
            .unwrap_or_default();
        assert!(
            !logs.contains(secret),
            "a log line holds the {what}: {line}"
        );
    }
    assert!(!has_access_token(&logs), "a log line holds an access token");
    assert!(
        !logs.contains("Bearer "),
        "a log line holds an Authorization header"
    );
}

#[test]
fn the_detector_finds_a_token_when_there_is_one() {
    assert!(has_access_token(
        "header: Bearer sl.u.AbCdEfGhIjKlMnOpQrStUv"
    ));
    assert!(!has_access_token("route=files/list_folder sl.short"));
}
