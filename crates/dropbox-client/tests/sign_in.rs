//! PKCE sign-in end to end through the emulator's consent page and our loopback receiver.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::net::{Ipv4Addr, TcpListener};
use std::time::Duration;

use dropbox_client::routes::users;
use dropbox_client::{Callback, Client, Hosts, LoopbackReceiver, PendingSignIn, SignInError};
use dropbox_emulator::{Emulator, EmulatorHandle};

const APP_KEY: &str = "signintestkey01";
const SCOPES: [&str; 2] = ["account_info.read", "files.metadata.read"];

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn emulator_for(port: u16) -> EmulatorHandle {
    Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .spawn()
        .await
        .unwrap()
}

fn hosts(emulator: &EmulatorHandle) -> Hosts {
    Hosts::single_origin(&emulator.base_url().parse().unwrap())
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What a person does in the browser: open the consent page and press Allow or Cancel.
/// Returns where Dropbox sends the browser (or the page shown, without a redirect URI).
async fn consent(url: &str, decision: &str) -> reqwest::Response {
    let page = browser()
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let base = url.split("/oauth2/").next().unwrap();
    let mut form: Vec<(String, String)> = Vec::new();
    for input in page.split("<input type=\"hidden\" ").skip(1) {
        let get = |name: &str| {
            let start = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + input[start..].find('"').unwrap();
            input[start..end].replace("&amp;", "&")
        };
        form.push((get("name"), get("value")));
    }
    form.push(("decision".into(), decision.into()));
    browser()
        .post(format!("{base}/oauth2/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn follow_redirect(answer: reqwest::Response) {
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    // The browser opens our receiver's URL; its page must not echo the code.
    let page = browser()
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("close this tab"));
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned());
    if let Some(code) = code {
        assert!(!page.contains(&code), "the page echoes the code");
    }
}

#[tokio::test]
async fn sign_in_through_the_browser_and_loopback_gives_offline_access() {
    let port = free_port();
    let emulator = emulator_for(port).await;
    let receiver = LoopbackReceiver::bind(&[port]).await.unwrap();
    let redirect = receiver.redirect_uri();
    let pending =
        PendingSignIn::start(&hosts(&emulator), APP_KEY, &SCOPES, Some(&redirect)).unwrap();
    let url = pending.authorize_url().to_string();
    assert!(url.contains("token_access_type=offline"));
    assert!(url.contains("code_challenge_method=S256"));

    let received = tokio::spawn(receiver.receive(Duration::from_secs(30)));
    follow_redirect(consent(&url, "allow").await).await;
    let callback = received.await.unwrap().unwrap();
    let signed_in = pending.finish(callback).await.unwrap();

    assert_eq!(signed_in.expires_in, Some(Duration::from_secs(14_400)));
    assert!(
        signed_in.refresh_token.is_some(),
        "offline access gives a refresh token"
    );
    let client = Client::from_sign_in(hosts(&emulator), APP_KEY, &signed_in);
    let account = users::get_current_account(&client).await.unwrap();
    assert_eq!(account.name.display_name, "Ada Lovelace");
    let stats = emulator.control().stats().await.unwrap();
    assert_eq!(
        stats.token_refreshes, 0,
        "the sign-in's own access token is used first"
    );
}

#[tokio::test]
async fn cancelling_on_the_consent_page_is_reported_as_denied() {
    let port = free_port();
    let emulator = emulator_for(port).await;
    let receiver = LoopbackReceiver::bind(&[port]).await.unwrap();
    let pending = PendingSignIn::start(
        &hosts(&emulator),
        APP_KEY,
        &SCOPES,
        Some(&receiver.redirect_uri()),
    )
    .unwrap();
    let received = tokio::spawn(receiver.receive(Duration::from_secs(30)));
    follow_redirect(consent(pending.authorize_url().as_str(), "deny").await).await;
    let error = pending
        .finish(received.await.unwrap().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(error, SignInError::Denied(_)), "{error:?}");
}

#[tokio::test]
async fn an_answer_with_another_state_is_refused_before_any_exchange() {
    let port = free_port();
    let emulator = emulator_for(port).await;
    let pending = PendingSignIn::start(
        &hosts(&emulator),
        APP_KEY,
        &SCOPES,
        Some(&format!("http://127.0.0.1:{port}/oauth/callback")),
    )
    .unwrap();
    let forged = Callback::Code {
        code: "a-code-from-elsewhere".into(),
        state: Some("not-ours".into()),
    };
    let error = pending.finish(forged).await.unwrap_err();
    assert!(matches!(error, SignInError::StateMismatch), "{error:?}");
}

#[tokio::test]
async fn a_code_exchanged_with_another_sign_ins_verifier_is_rejected() {
    let port = free_port();
    let emulator = emulator_for(port).await;
    let redirect = format!("http://127.0.0.1:{port}/oauth/callback");
    let ours = PendingSignIn::start(&hosts(&emulator), APP_KEY, &SCOPES, Some(&redirect)).unwrap();
    let theirs =
        PendingSignIn::start(&hosts(&emulator), APP_KEY, &SCOPES, Some(&redirect)).unwrap();
    let answer = consent(ours.authorize_url().as_str(), "allow").await;
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let error = theirs.finish_with_pasted_code(&code).await.unwrap_err();
    assert!(matches!(error, SignInError::Rejected(_)), "{error:?}");
}

#[tokio::test]
async fn without_a_free_port_the_user_can_paste_the_code_instead() {
    let emulator = Emulator::builder().app_key(APP_KEY).spawn().await.unwrap();
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    assert!(matches!(
        LoopbackReceiver::bind(&[port]).await,
        Err(SignInError::NoFreePort(_))
    ));

    let pending = PendingSignIn::start(&hosts(&emulator), APP_KEY, &SCOPES, None).unwrap();
    let page = consent(pending.authorize_url().as_str(), "allow")
        .await
        .text()
        .await
        .unwrap();
    let start = page.find("<code id=\"auth-code\">").unwrap() + "<code id=\"auth-code\">".len();
    let code = &page[start..start + page[start..].find('<').unwrap()];
    let signed_in = pending
        .finish_with_pasted_code(&format!("  {code}\n"))
        .await
        .unwrap();
    assert!(signed_in.refresh_token.is_some());
}

#[tokio::test]
async fn the_receiver_ignores_other_requests_and_gives_up_after_its_timeout() {
    let receiver = LoopbackReceiver::bind(&[0]).await.unwrap();
    let redirect = receiver.redirect_uri();
    let base = redirect.trim_end_matches("/oauth/callback").to_owned();
    let waiting = tokio::spawn(receiver.receive(Duration::from_secs(30)));
    let favicon = browser()
        .get(format!("{base}/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(favicon.status(), 404);
    browser()
        .get(format!("{redirect}?code=c1&state=s1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        waiting.await.unwrap().unwrap(),
        Callback::Code {
            code: "c1".into(),
            state: Some("s1".into())
        }
    );

    let idle = LoopbackReceiver::bind(&[0]).await.unwrap();
    let error = idle.receive(Duration::from_millis(50)).await.unwrap_err();
    assert!(matches!(error, SignInError::TimedOut(_)), "{error:?}");
}
