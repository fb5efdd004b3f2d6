//! Several accounts in the core: a university member and a personal account in one emulator,
//! and the demo beside them, signed in through the consent page, switched, restored after a
//! restart and signed out one at a time. Tokens sit in a real Secret Service (gnome-keyring,
//! inside `scripts/desktop-session.sh`); the emulator says whose token each call carried.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::sync::Arc;

use dropbox_client::routes::{files, users};
use dropbox_client::types::files::ListFolderArg;
use dropbox_client::{Hosts, TokenStore};
use dropbox_emulator::{AccountType, ControlClient, Emulator, EmulatorHandle, Seed};
use dropdesk_core::CoreError;
use dropdesk_core::accounts::{Accounts, Demo};
use dropdesk_core::paths::AppPaths;
use dropdesk_core::session::{
    BackendMode, Browser, Connection, DEMO_APP_KEY, KeyringStore, TokenStorage,
};
use futures_util::future::BoxFuture;
use tokio::sync::Mutex;

const APP_KEY: &str = "accountstestkey1";

/// The demo's Dropbox: a second emulator, started when the demo is first used.
struct EmulatorDemo {
    running: Mutex<Option<(EmulatorHandle, Connection)>>,
    starts: std::sync::atomic::AtomicUsize,
}

impl Demo for EmulatorDemo {
    fn start(&self) -> BoxFuture<'_, Result<Connection, CoreError>> {
        Box::pin(async move {
            let mut running = self.running.lock().await;
            if let Some((_, connection)) = running.as_ref() {
                return Ok(connection.clone());
            }
            self.starts
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let port = common::free_port();
            let emulator = Emulator::builder()
                .seed(Seed::Demo)
                .app_key(DEMO_APP_KEY)
                .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
                .auto_approve(true)
                .spawn()
                .await
                .map_err(|e| CoreError::DemoUnavailable(e.to_string()))?;
            let connection = Connection {
                mode: BackendMode::Demo,
                hosts: Hosts::single_origin(&emulator.base_url().parse().unwrap()),
                app_key: DEMO_APP_KEY.into(),
                redirect_ports: vec![port],
            };
            *running = Some((emulator, connection.clone()));
            Ok(connection)
        })
    }

    fn reset(&self) -> BoxFuture<'_, Result<(), CoreError>> {
        Box::pin(async move {
            let running = self.running.lock().await;
            let (emulator, _) = running.as_ref().unwrap();
            emulator
                .control()
                .reset("demo")
                .await
                .map_err(|e| CoreError::Offline(e.to_string()))
        })
    }

    fn stop(&self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.running.lock().await.take();
        })
    }
}

struct World {
    emulator: EmulatorHandle,
    control: ControlClient,
    grace: String,
    paths: AppPaths,
    keyring: Arc<KeyringStore>,
    port: u16,
    demo: Arc<EmulatorDemo>,
    _dir: tempfile::TempDir,
}

async fn world(name: &str) -> World {
    let port = common::free_port();
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .account_type(AccountType::Business)
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .auto_approve(true)
        .spawn()
        .await
        .unwrap();
    let control = emulator.control();
    let grace = control
        .add_user("Grace Hopper", "grace@home.example", "pro", false)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let service = format!("app.dropdesk.test.accounts.{name}.{}", std::process::id());
    World {
        control,
        grace,
        paths: AppPaths::under(dir.path()),
        keyring: Arc::new(KeyringStore::open_as(&service).unwrap()),
        port,
        demo: Arc::new(EmulatorDemo {
            running: Mutex::new(None),
            starts: std::sync::atomic::AtomicUsize::new(0),
        }),
        emulator,
        _dir: dir,
    }
}

/// The app as it starts: the same files, keyring and Dropbox each time.
fn start(world: &World) -> Accounts {
    let connection = Connection {
        mode: BackendMode::Dropbox,
        hosts: Hosts::single_origin(&world.emulator.base_url().parse().unwrap()),
        app_key: APP_KEY.into(),
        redirect_ports: vec![world.port],
    };
    Accounts::new(
        world.paths.clone(),
        {
            let keyring = world.keyring.clone();
            Arc::new(move || TokenStorage {
                store: keyring.clone(),
                problem: None,
                remembered: None,
            })
        },
        Arc::new(move || Ok(Some(connection.clone()))),
        Browser::AutoApprove,
        world.demo.clone(),
    )
}

async fn whose(accounts: &Accounts) -> String {
    let client = accounts.session().await.unwrap().client().await.unwrap();
    users::get_current_account(&client).await.unwrap().email
}

#[tokio::test]
async fn a_professor_signs_in_to_two_accounts_switches_restarts_and_signs_out_of_one() {
    let world = world("two").await;
    let app = start(&world);
    let view = app.view().await.unwrap();
    assert!(view.account.is_none(), "nobody is signed in at first");
    assert!(view.can_connect);
    assert!(view.accounts.is_empty());

    // The university account, then the personal one, each through the consent page.
    app.begin_sign_in(false).await.unwrap();
    let view = app.finish_sign_in().await.unwrap();
    assert_eq!(
        view.account.unwrap().team.as_deref(),
        Some("University of Example")
    );
    world
        .control
        .sign_browser_in_as(&world.grace)
        .await
        .unwrap();
    app.begin_sign_in(false).await.unwrap();
    let view = app.finish_sign_in().await.unwrap();
    assert_eq!(view.account.unwrap().email, "grace@home.example");
    let listed: Vec<(&str, bool)> = view
        .accounts
        .iter()
        .map(|a| (a.email.as_str(), a.active))
        .collect();
    assert_eq!(
        listed,
        [
            ("ada.lovelace@university.example", false),
            ("grace@home.example", true)
        ]
    );
    let ada_key = view.accounts[0].key.clone();
    assert_eq!(
        view.accounts[0].team.as_deref(),
        Some("University of Example")
    );
    assert_eq!(whose(&app).await, "grace@home.example");

    // A wait of Ada's is in flight when the user switches: it stops, and the next call
    // carries Ada's token while Grace's longpoll-style wait is left behind.
    let grace_client = app.session().await.unwrap().client().await.unwrap();
    let mut changes = app.watch_changes();
    let before_switch = *changes.borrow();
    let stopped = changes.wait_for(move |count| *count != before_switch);
    let view = app.switch(&ada_key).await.unwrap();
    assert_eq!(
        view.account.unwrap().email,
        "ada.lovelace@university.example"
    );
    let heard = tokio::time::timeout(std::time::Duration::from_secs(5), stopped)
        .await
        .expect("the old account's waits hear of the switch")
        .is_ok();
    assert!(heard);
    let grace_calls = world.control.stats().await.unwrap().calls_of(&world.grace);
    assert_eq!(whose(&app).await, "ada.lovelace@university.example");
    let ada_client = app.session().await.unwrap().client().await.unwrap();
    files::list_folder(&ada_client, &ListFolderArg::new(String::new()))
        .await
        .unwrap();
    assert_eq!(
        world.control.stats().await.unwrap().calls_of(&world.grace),
        grace_calls,
        "no call after the switch used Grace's token"
    );

    // The demo sits beside them.
    app.use_demo().await.unwrap();
    let view = app.view().await.unwrap();
    assert_eq!(view.mode, BackendMode::Demo);
    assert_eq!(view.accounts.len(), 3);
    assert_eq!(view.accounts[2].key, "demo");
    drop((app, grace_client));

    // A restart restores all three, the demo still active, without a browser.
    let app = start(&world);
    let view = app.view().await.unwrap();
    assert_eq!(view.mode, BackendMode::Demo);
    assert!(
        view.accounts.iter().all(|a| a.signed_in),
        "{:?}",
        view.accounts
    );
    assert_eq!(view.accounts.len(), 3);
    let view = app.switch(&world.grace).await.unwrap();
    assert_eq!(view.account.unwrap().display_name, "Grace Hopper");

    // Signing out of Grace revokes her token and deletes her keyring entry only.
    let grace_client = app.session().await.unwrap().client().await.unwrap();
    let view = app.sign_out(None).await.unwrap();
    assert!(world.keyring.load(&world.grace).unwrap().is_none());
    let ada_id = ada_key.clone();
    assert!(
        world.keyring.load(&ada_id).unwrap().is_some(),
        "Ada's stays"
    );
    assert!(
        users::get_current_account(&grace_client).await.is_err(),
        "Grace's token is refused"
    );
    assert_eq!(view.accounts.len(), 2);
    assert!(view.account.is_some(), "another account is active");
    let refused_before = world.control.stats().await.unwrap().calls_of(&world.grace);
    app.switch(&ada_key).await.unwrap();
    assert_eq!(whose(&app).await, "ada.lovelace@university.example");
    assert_eq!(
        world.control.stats().await.unwrap().calls_of(&world.grace),
        refused_before,
        "nothing used Grace's token after her sign-out"
    );

    // And after another restart, the other two are still there.
    drop(app);
    let app = start(&world);
    let view = app.view().await.unwrap();
    let keys: Vec<&str> = view.accounts.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, [ada_key.as_str(), "demo"]);
    assert_eq!(whose(&app).await, "ada.lovelace@university.example");
    app.sign_out(Some("demo")).await.unwrap();
    assert!(
        world.demo.running.lock().await.is_none(),
        "the demo stopped"
    );
    app.sign_out(None).await.unwrap();
    assert!(world.keyring.load(&ada_id).unwrap().is_none());
    assert!(app.view().await.unwrap().accounts.is_empty());
}

#[tokio::test]
async fn without_an_app_key_the_demo_starts_once_however_many_ask() {
    let world = world("demo").await;
    let keyring_opened = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let app = Arc::new(Accounts::new(
        world.paths.clone(),
        {
            let (keyring, opened) = (world.keyring.clone(), keyring_opened.clone());
            Arc::new(move || {
                opened.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                TokenStorage {
                    store: keyring.clone(),
                    problem: None,
                    remembered: None,
                }
            })
        },
        Arc::new(|| Ok(None)),
        Browser::AutoApprove,
        world.demo.clone(),
    ));
    let views = futures_util::future::join_all((0..4).map(|_| {
        let app = app.clone();
        async move { app.view().await.unwrap() }
    }))
    .await;
    assert!(
        views
            .iter()
            .all(|v| v.mode == BackendMode::Demo && v.account.is_some())
    );
    assert_eq!(views[0].accounts.len(), 1);
    assert_eq!(
        world.demo.starts.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    assert!(!views[0].can_connect);
    assert_eq!(
        keyring_opened.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the demo alone never asks the keyring"
    );
    let error = app.begin_sign_in(false).await.unwrap_err();
    assert_eq!(error.field(), Some("appKey"));
}
