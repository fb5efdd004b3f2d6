//! The token lifecycle against the emulator: access tokens from a refresh token, refreshed ahead
//! of expiry and after `expired_access_token`, one refresh for many concurrent calls.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::sync::atomic::{AtomicUsize, Ordering};

use dropbox_client::routes::{auth, files, users};
use dropbox_client::types::files::ListFolderArg;
use dropbox_client::{
    AuthError, Client, Error, Hosts, MemoryTokenStore, RefreshToken, TokenStore, TokenStoreError,
};
use dropbox_emulator::{Emulator, EmulatorHandle};
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};

const APP_KEY: &str = "tokenlifecycle1";
const REDIRECT: &str = "http://127.0.0.1:53682/oauth/callback";
const VERIFIER: &str = "a-verifier-of-forty-three-or-more-characters-000000";

async fn emulator(ttl: Duration) -> EmulatorHandle {
    Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(REDIRECT)
        .auto_approve(true)
        .access_token_ttl(ttl)
        .spawn()
        .await
        .unwrap()
}

/// A refresh token, through the emulator's OAuth endpoints (auto-approved).
async fn refresh_token(emulator: &EmulatorHandle) -> String {
    let base = emulator.base_url();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    let authorize = http
        .get(format!("{base}/oauth2/authorize"))
        .query(&[
            ("client_id", APP_KEY),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("token_access_type", "offline"),
        ])
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(authorize.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let tokens: serde_json::Value = http
        .post(format!("{base}/oauth2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", APP_KEY),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    tokens["refresh_token"].as_str().unwrap().to_owned()
}

fn client(emulator: &EmulatorHandle, refresh: String) -> Client {
    Client::with_refresh_token(
        Hosts::single_origin(&emulator.base_url().parse().unwrap()),
        APP_KEY,
        RefreshToken::new(refresh),
    )
}

async fn refreshes(emulator: &EmulatorHandle) -> u64 {
    emulator.control().stats().await.unwrap().token_refreshes
}

#[tokio::test]
async fn the_first_call_fetches_an_access_token_and_later_calls_reuse_it() {
    let emulator = emulator(Duration::from_secs(14_400)).await;
    let client = client(&emulator, refresh_token(&emulator).await);
    users::get_current_account(&client).await.unwrap();
    users::get_current_account(&client).await.unwrap();
    assert_eq!(refreshes(&emulator).await, 1);
}

#[tokio::test]
async fn a_token_about_to_expire_is_refreshed_before_dropbox_refuses_it() {
    // Tokens that live less than the refresh margin are always "about to expire".
    let emulator = emulator(Duration::from_secs(120)).await;
    let client = client(&emulator, refresh_token(&emulator).await);
    users::get_current_account(&client).await.unwrap();
    users::get_current_account(&client).await.unwrap();
    assert_eq!(refreshes(&emulator).await, 2);
    let calls = emulator.control().stats().await.unwrap().calls["users/get_current_account"];
    assert_eq!(calls, 2, "no call was refused first");
}

#[tokio::test]
async fn twenty_concurrent_calls_over_an_expired_token_refresh_exactly_once() {
    let emulator = emulator(Duration::from_secs(3_600)).await;
    let client = client(&emulator, refresh_token(&emulator).await);
    users::get_current_account(&client).await.unwrap();
    assert_eq!(refreshes(&emulator).await, 1);

    // The token expires on the server while the client still thinks it fresh.
    emulator
        .control()
        .advance_clock(Duration::from_secs(3_601))
        .await
        .unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { users::get_current_account(&client).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(refreshes(&emulator).await, 2, "one refresh for all twenty");
}

#[tokio::test]
async fn a_revoked_refresh_token_ends_the_sign_in() {
    let emulator = emulator(Duration::from_secs(3_600)).await;
    let refresh = refresh_token(&emulator).await;
    users::get_current_account(&client(&emulator, refresh.clone()))
        .await
        .unwrap();
    // A reset revokes every token, as unlinking the app on dropbox.com does.
    emulator.control().reset("demo").await.unwrap();

    // A restarted app holds only the refresh token: its refresh is refused.
    let error = users::get_current_account(&client(&emulator, refresh))
        .await
        .unwrap_err();

    assert!(
        matches!(error, Error::Auth(AuthError::InvalidAccessToken)),
        "{error:?}"
    );
    assert_eq!(
        refreshes(&emulator).await,
        0,
        "the reset cleared the count with the state"
    );
}

/// The app's side of the `TokenStore` boundary, counting writes.
#[derive(Default)]
struct CountingStore {
    inner: MemoryTokenStore,
    saves: AtomicUsize,
}

impl TokenStore for CountingStore {
    fn load(&self, account_id: &str) -> Result<Option<RefreshToken>, TokenStoreError> {
        self.inner.load(account_id)
    }
    fn save(&self, account_id: &str, token: &RefreshToken) -> Result<(), TokenStoreError> {
        self.saves.fetch_add(1, Ordering::SeqCst);
        self.inner.save(account_id, token)
    }
    fn delete(&self, account_id: &str) -> Result<(), TokenStoreError> {
        self.inner.delete(account_id)
    }
}

#[tokio::test]
async fn a_stored_refresh_token_signs_in_again_and_revoking_it_ends_that() {
    let emulator = emulator(Duration::from_secs(120)).await;
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let store = CountingStore::default();
    let account_id = users::get_current_account(&client(&emulator, refresh_token(&emulator).await))
        .await
        .unwrap()
        .account_id;
    store
        .save(
            &account_id,
            &RefreshToken::new(refresh_token(&emulator).await),
        )
        .unwrap();

    // A later run: nothing but the store and the account id.
    let restarted = Client::from_store(hosts.clone(), APP_KEY, &store, &account_id)
        .unwrap()
        .expect("the token was kept");
    for _ in 0..3 {
        users::get_current_account(&restarted).await.unwrap();
    }
    assert_eq!(
        store.saves.load(Ordering::SeqCst),
        1,
        "refreshing never writes the token anywhere"
    );
    assert!(
        Client::from_store(hosts.clone(), APP_KEY, &store, "dbid:someone-else")
            .unwrap()
            .is_none()
    );

    auth::token_revoke(&restarted).await.unwrap();
    let again = Client::from_store(hosts, APP_KEY, &store, &account_id)
        .unwrap()
        .unwrap();
    let error = users::get_current_account(&again).await.unwrap_err();
    assert!(
        matches!(error, Error::Auth(AuthError::InvalidAccessToken)),
        "revoking the access token revoked its refresh token: {error:?}"
    );
}

#[tokio::test]
async fn a_token_that_expires_in_the_middle_of_a_paged_listing_is_refreshed_and_paging_goes_on() {
    let emulator = emulator(Duration::from_secs(3_600)).await;
    let client = client(&emulator, refresh_token(&emulator).await);
    let mut arg = ListFolderArg::new("/Courses/CS101/Homework 1");
    arg.limit = Some(5);
    let mut entries = Box::pin(files::list_folder_all(&client, &arg));
    let mut seen = Vec::new();
    for _ in 0..5 {
        seen.push(entries.try_next().await.unwrap().unwrap());
    }
    assert_eq!(refreshes(&emulator).await, 1);

    emulator
        .control()
        .advance_clock(Duration::from_secs(3_601))
        .await
        .unwrap();
    while let Some(entry) = entries.try_next().await.unwrap() {
        seen.push(entry);
    }

    assert_eq!(seen.len(), 25, "every page arrived once");
    assert_eq!(refreshes(&emulator).await, 2);
    let stats = emulator.control().stats().await.unwrap();
    assert_eq!(
        stats.calls["files/list_folder/continue"], 5,
        "four pages after the first, one of them sent twice (refused, then refreshed)"
    );
}
