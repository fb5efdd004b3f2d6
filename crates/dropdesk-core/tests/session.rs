//! Sign-in, restart and sign-out against the emulator, with tokens in a real Secret Service
//! (gnome-keyring, inside `scripts/desktop-session.sh`).

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::sync::Arc;

use dropbox_client::routes::users;
use dropbox_client::{AuthError, Error, Hosts, TokenStore};
use dropbox_emulator::{Emulator, EmulatorHandle};
use dropdesk_core::ErrorCode;
use dropdesk_core::paths::AppPaths;
use dropdesk_core::session::{
    BackendMode, Browser, Connection, KeyringStore, RememberedAccount, Session, TokenStorage,
};

const APP_KEY: &str = "sessiontestkey1";

async fn emulator(port: u16) -> EmulatorHandle {
    Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .auto_approve(true)
        .spawn()
        .await
        .unwrap()
}

struct Setup {
    connection: Connection,
    keyring: Arc<KeyringStore>,
    paths: AppPaths,
    _dir: tempfile::TempDir,
}

fn setup(emulator: &EmulatorHandle, port: u16, name: &str) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    // A service name of its own, so tests never touch a real Dropdesk entry.
    let service = format!("app.dropdesk.test.{name}.{}", std::process::id());
    Setup {
        connection: Connection {
            mode: BackendMode::Dropbox,
            hosts: Hosts::single_origin(&emulator.base_url().parse().unwrap()),
            app_key: APP_KEY.into(),
            redirect_ports: vec![port],
        },
        keyring: Arc::new(KeyringStore::open_as(&service).unwrap()),
        paths: AppPaths::under(dir.path()),
        _dir: dir,
    }
}

fn session(setup: &Setup) -> Session {
    Session::new(
        setup.connection.clone(),
        TokenStorage {
            store: setup.keyring.clone(),
            problem: None,
            remembered: Some(RememberedAccount::new(&setup.paths)),
        },
        Browser::AutoApprove,
    )
}

#[tokio::test]
async fn sign_in_keeps_the_token_in_the_keyring_restart_restores_it_and_sign_out_revokes_it() {
    let port = common::free_port();
    let emulator = emulator(port).await;
    let setup = setup(&emulator, port, "lifecycle");

    let first = session(&setup);
    assert!(first.view().await.account.is_none());
    let started = first.begin_sign_in(false).await.unwrap();
    assert!(!started.paste_code);
    assert!(started.authorize_url.contains("code_challenge_method=S256"));
    let view = first.finish_sign_in().await.unwrap();
    assert_eq!(view.account.unwrap().display_name, "Ada Lovelace");
    let account_id = RememberedAccount::new(&setup.paths).get().unwrap();
    assert!(setup.keyring.load(&account_id).unwrap().is_some());
    let old_client = first.client().await.unwrap();
    drop(first);

    // A restart: no browser, the keyring's token.
    let second = session(&setup);
    let view = second.restore().await.unwrap();
    assert_eq!(view.account.unwrap().display_name, "Ada Lovelace");

    let view = second.sign_out().await.unwrap();
    assert!(view.account.is_none());
    assert!(
        setup.keyring.load(&account_id).unwrap().is_none(),
        "the keyring entry is gone"
    );
    assert_eq!(RememberedAccount::new(&setup.paths).get(), None);
    let error = users::get_current_account(&old_client).await.unwrap_err();
    assert!(
        matches!(error, Error::Auth(AuthError::InvalidAccessToken)),
        "the old token is refused: {error:?}"
    );
    let third = session(&setup);
    assert!(third.restore().await.unwrap().account.is_none());
}

#[tokio::test]
async fn a_sign_in_can_be_cancelled_and_a_bad_code_names_the_field() {
    let port = common::free_port();
    let emulator = emulator(port).await;
    let setup = setup(&emulator, port, "cancel");
    let session = Arc::new(Session::new(
        setup.connection.clone(),
        TokenStorage {
            store: setup.keyring.clone(),
            problem: None,
            remembered: None,
        },
        Browser::System(Arc::new(|_| Err("no browser here".into()))),
    ));
    let started = session.begin_sign_in(false).await.unwrap();
    assert!(!started.browser_opened, "the UI shows the link instead");
    let waiting = tokio::spawn({
        let session = session.clone();
        async move { session.finish_sign_in().await }
    });
    session.cancel_sign_in().await;
    let error = waiting.await.unwrap().unwrap_err();
    assert_eq!(error.code(), ErrorCode::SignInFailed);

    session.begin_sign_in(true).await.unwrap();
    let error = session.sign_in_with_code("   ").await.unwrap_err();
    assert_eq!(error.field(), Some("code"));
}

#[tokio::test]
async fn with_every_redirect_port_taken_the_user_pastes_the_code_dropbox_shows() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let emulator = emulator(port).await;
    let setup = setup(&emulator, port, "paste");
    let session = Session::new(
        setup.connection.clone(),
        TokenStorage {
            store: setup.keyring.clone(),
            problem: None,
            remembered: None,
        },
        Browser::System(Arc::new(|_| Ok(()))),
    );

    let started = session.begin_sign_in(false).await.unwrap();
    assert!(started.paste_code, "no port was free");
    assert!(!started.authorize_url.contains("redirect_uri"));

    // The person's browser: the consent page (approved at once here) shows the code.
    let page = reqwest::get(&started.authorize_url)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "<code id=\"auth-code\">";
    let start = page.find(marker).expect("the page shows a code") + marker.len();
    let code = &page[start..start + page[start..].find('<').unwrap()];

    // A wrong code first: said on the field, and the sign-in waits on.
    let wrong = session
        .sign_in_with_code("notthecode123")
        .await
        .unwrap_err();
    assert_eq!(wrong.field(), Some("code"));
    assert!(wrong.to_string().contains("did not accept"), "{wrong}");
    let view = session
        .sign_in_with_code(&format!(" {code}\n"))
        .await
        .unwrap();
    assert_eq!(view.account.unwrap().display_name, "Ada Lovelace");
    drop(taken);
}

#[tokio::test]
async fn a_sign_in_dropbox_ended_is_said_keeps_drafts_reachable_and_outlives_a_restart() {
    let port = common::free_port();
    let emulator = emulator(port).await;
    let setup = setup(&emulator, port, "ended");
    let first = session(&setup);
    first.begin_sign_in(false).await.unwrap();
    first.finish_sign_in().await.unwrap();
    let account_id = first.account_id().await.unwrap();
    let generation = first.generation().await.unwrap();

    // The user disconnects the app at dropbox.com; the next call is refused.
    emulator.control().unlink().await.unwrap();
    let client = first.client().await.unwrap();
    let refused = users::get_current_account(&client).await.unwrap_err();
    assert!(matches!(refused, Error::Auth(_)), "{refused:?}");
    first.expire(generation).await.unwrap();

    let view = first.view().await;
    assert!(view.account.is_none());
    assert!(view.ended.as_deref().unwrap().contains("Sign in again"));
    assert_eq!(
        first.draft_owner().await.unwrap(),
        account_id,
        "drafts are kept without a live sign-in"
    );
    assert!(
        setup.keyring.load(&account_id).unwrap().is_none(),
        "the dead token is gone"
    );

    // A restart still says why, and keeps the drafts' owner.
    let second = session(&setup);
    let view = second.restore().await.unwrap();
    assert!(view.ended.is_some(), "{view:?}");
    assert_eq!(second.draft_owner().await.unwrap(), account_id);

    second.begin_sign_in(false).await.unwrap();
    let view = second.finish_sign_in().await.unwrap();
    assert!(view.account.is_some());
    assert_eq!(view.ended, None);
}

#[tokio::test]
async fn a_dropbox_unreachable_at_start_keeps_the_sign_in_and_reconnects_when_back() {
    let port = common::free_port();
    let data = tempfile::tempdir().unwrap();
    let api_port = common::free_port();
    let start = || {
        Emulator::builder()
            .app_key(APP_KEY)
            .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
            .auto_approve(true)
            .data_dir(data.path())
            .port(api_port)
            .spawn()
    };
    let emulator = start().await.unwrap();
    let setup = setup(&emulator, port, "unreachable");
    let first = session(&setup);
    first.begin_sign_in(false).await.unwrap();
    first.finish_sign_in().await.unwrap();
    let account_id = first.account_id().await.unwrap();
    drop(first);
    emulator.shutdown().await;

    // The app starts while Dropbox cannot be reached.
    let second = session(&setup);
    let view = second.restore().await.unwrap();
    assert!(view.account.is_none());
    assert!(view.unreachable, "{view:?}");
    assert_eq!(view.ended, None);
    assert!(
        setup.keyring.load(&account_id).unwrap().is_some(),
        "the good token is kept"
    );
    assert!(second.reconnect().await.unwrap().unreachable, "still down");

    // Dropbox is back: the same sign-in, no browser.
    let _back = start().await.unwrap();
    let view = second.reconnect().await.unwrap();
    assert_eq!(view.account.unwrap().display_name, "Ada Lovelace");
    assert!(!view.unreachable);
}

#[tokio::test]
async fn the_demo_waits_for_its_dropbox_instead_of_hanging_and_signs_in_when_it_is_up() {
    let port = common::free_port();
    let api_port = common::free_port();
    let session = Session::new(
        Connection {
            mode: BackendMode::Demo,
            hosts: Hosts::single_origin(&format!("http://127.0.0.1:{api_port}").parse().unwrap()),
            app_key: APP_KEY.into(),
            redirect_ports: vec![port],
        },
        TokenStorage {
            store: Arc::new(dropbox_client::MemoryTokenStore::new()),
            problem: None,
            remembered: None,
        },
        Browser::AutoApprove,
    );
    let started = std::time::Instant::now();
    let view = session.sign_in_to_demo().await.unwrap();
    assert!(view.unreachable && view.account.is_none(), "{view:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "it answered at once"
    );

    let _emulator = Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .auto_approve(true)
        .port(api_port)
        .spawn()
        .await
        .unwrap();
    let view = session.reconnect().await.unwrap();
    assert_eq!(view.account.unwrap().display_name, "Ada Lovelace");
}
