//! The accounts Dropdesk is signed in to: any number of Dropbox accounts and the demo, one of
//! them active. Each account has a [`Session`] of its own (its client, its refresh token in
//! the keyring under its account id), so a call made for one account never carries
//! another's token, whatever else is in flight.
//!
//! The list and the active account are kept in `accounts.json` in the data directory (ids
//! only, never a secret), so a start restores every account. Everything here is set up once,
//! on first use, however many calls ask at the same time.

mod kept;

use std::sync::Arc;

use futures_util::future::BoxFuture;
use serde::Serialize;
use tokio::sync::{Mutex, OnceCell, watch};
use ts_rs::TS;

use crate::error::CoreError;
use crate::paths::AppPaths;
use crate::session::{
    BackendMode, Browser, Connection, Session, SessionView, SignInStarted, TokenStorage,
};
use kept::{Kept, KeptList};

/// The demo's Dropbox, which the shell provides (it embeds the emulator).
pub trait Demo: Send + Sync {
    /// Starts the demo's Dropbox unless it runs, and says how to reach it.
    fn start(&self) -> BoxFuture<'_, Result<Connection, CoreError>>;
    /// Puts the demo's data back as it was; every demo sign-in ends.
    fn reset(&self) -> BoxFuture<'_, Result<(), CoreError>>;
    /// Stops it: the demo account was signed out.
    fn stop(&self) -> BoxFuture<'_, ()>;
}

/// The real Dropbox's connection, read when needed (the app key is a setting); `None` when
/// no app key is configured.
pub type DropboxConnection = Arc<dyn Fn() -> Result<Option<Connection>, CoreError> + Send + Sync>;

/// One account in the sidebar. Never carries a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountEntry {
    /// What the window names the account by: `demo`, or Dropbox's account id.
    pub key: String,
    pub mode: BackendMode,
    /// The account's name; the email when its sign-in ended before its name was read.
    pub display_name: String,
    pub email: String,
    pub team: Option<String>,
    pub active: bool,
    /// Signed in now; false while its sign-in ended or Dropbox cannot be reached.
    pub signed_in: bool,
}

/// Opens where Dropbox accounts' refresh tokens are kept (the keyring): asked once, when the
/// first Dropbox account needs it, so a demo-only start never waits for the keyring.
pub type OpenStorage = Arc<dyn Fn() -> TokenStorage + Send + Sync>;

pub struct Accounts {
    paths: AppPaths,
    open_storage: OpenStorage,
    storage: std::sync::OnceLock<TokenStorage>,
    dropbox: DropboxConnection,
    browser: Browser,
    demo: Arc<dyn Demo>,
    registry: Mutex<Registry>,
    loaded: OnceCell<()>,
    /// Counts switches and sign-outs: a wait of an account that is no longer active stops.
    changes: watch::Sender<u64>,
}

#[derive(Default)]
struct Registry {
    entries: Vec<Entry>,
    active: Option<usize>,
    /// A sign-in in progress for an account not in the list yet (or signing in again).
    adding: Option<Arc<Session>>,
}

#[derive(Clone)]
struct Entry {
    kept: Kept,
    session: Arc<Session>,
    /// The account as last seen signed in, for the sidebar while its sign-in is ended.
    last_seen: Option<(String, String, Option<String>)>,
}

impl Accounts {
    /// `open_storage`'s store keeps every Dropbox account's refresh token under its account
    /// id.
    pub fn new(
        paths: AppPaths,
        open_storage: OpenStorage,
        dropbox: DropboxConnection,
        browser: Browser,
        demo: Arc<dyn Demo>,
    ) -> Self {
        Self {
            paths,
            open_storage,
            storage: std::sync::OnceLock::new(),
            dropbox,
            browser,
            demo,
            registry: Mutex::new(Registry::default()),
            loaded: OnceCell::new(),
            changes: watch::Sender::new(0),
        }
    }

    fn storage(&self) -> &TokenStorage {
        self.storage.get_or_init(|| (self.open_storage)())
    }

    /// Why tokens last for this run only, once the keyring was asked.
    fn keyring_problem(&self) -> Option<String> {
        self.storage.get().and_then(|s| s.problem.clone())
    }

    fn dropbox_session(&self, connection: Connection) -> Arc<Session> {
        let storage = self.storage();
        Arc::new(Session::new(
            connection,
            TokenStorage {
                store: storage.store.clone(),
                problem: storage.problem.clone(),
                remembered: None,
            },
            self.browser.clone(),
        ))
    }

    fn demo_session(connection: Connection) -> Arc<Session> {
        // Demo tokens are worthless outside this run: memory only, never the keyring.
        Arc::new(Session::new(
            connection,
            TokenStorage {
                store: Arc::new(dropbox_client::MemoryTokenStore::new()),
                problem: None,
                remembered: None,
            },
            Browser::AutoApprove,
        ))
    }

    /// Restores every kept account (at once), or starts the demo when there is none and no
    /// app key. Runs once; later calls wait for the first.
    async fn load(&self) -> Result<(), CoreError> {
        self.loaded
            .get_or_try_init(|| async {
                let kept = KeptList::load(&self.paths);
                let dropbox = (self.dropbox)()?;
                let mut restored = Vec::new();
                for item in &kept.accounts {
                    match item {
                        Kept::Demo => match self.start_demo().await {
                            Ok(session) => restored.push(Entry::new(item.clone(), session)),
                            Err(error) => tracing::warn!(%error, "the demo could not start"),
                        },
                        Kept::Dropbox { .. } => {
                            let Some(connection) = dropbox.clone() else {
                                tracing::info!("no app key: a kept Dropbox account waits");
                                continue;
                            };
                            let session = self.dropbox_session(connection);
                            restored.push(Entry::new(item.clone(), session));
                        }
                    }
                }
                // Every Dropbox account signs in again at the same time.
                let restores = restored.iter().filter_map(|entry| match &entry.kept {
                    Kept::Dropbox { account_id } => {
                        let (session, id) = (entry.session.clone(), account_id.clone());
                        Some(async move {
                            if let Err(error) = session.restore_account(id).await {
                                tracing::warn!(%error, "could not restore a sign-in");
                            }
                        })
                    }
                    Kept::Demo => None,
                });
                futures_util::future::join_all(restores).await;
                for entry in &mut restored {
                    entry.remember_name().await;
                }
                let active = kept
                    .active
                    .and_then(|i| kept.accounts.get(i))
                    .and_then(|k| restored.iter().position(|e| &e.kept == k))
                    .or((!restored.is_empty()).then_some(0));
                {
                    let mut registry = self.registry.lock().await;
                    registry.entries = restored;
                    registry.active = active;
                }
                if active.is_none() && dropbox.is_none() {
                    self.use_demo().await?;
                }
                Ok::<_, CoreError>(())
            })
            .await
            .map(drop)
    }

    async fn start_demo(&self) -> Result<Arc<Session>, CoreError> {
        let connection = self.demo.start().await?;
        let session = Self::demo_session(connection);
        session.sign_in_to_demo().await?;
        Ok(session)
    }

    /// Writes the list and the active account (Dropbox accounts only when the keyring keeps
    /// their tokens past this run).
    fn persist(&self, registry: &Registry) {
        let lasting = self.storage.get().is_some_and(|s| s.problem.is_none());
        let keep = |entry: &&Entry| matches!(entry.kept, Kept::Demo) || lasting;
        let accounts: Vec<Kept> = registry
            .entries
            .iter()
            .filter(keep)
            .map(|e| e.kept.clone())
            .collect();
        let active = registry
            .active
            .and_then(|i| registry.entries.get(i))
            .and_then(|e| accounts.iter().position(|k| *k == e.kept));
        if let Err(error) = (KeptList { accounts, active }).save(&self.paths) {
            tracing::warn!(%error, "could not keep the list of accounts");
        }
    }

    /// The active account's session, if any account is active.
    pub async fn active(&self) -> Result<Option<Arc<Session>>, CoreError> {
        self.load().await?;
        let registry = self.registry.lock().await;
        Ok(registry
            .active
            .and_then(|i| registry.entries.get(i))
            .map(|e| e.session.clone()))
    }

    /// The active account's session, or `SignInExpired` when none is.
    pub async fn session(&self) -> Result<Arc<Session>, CoreError> {
        self.active().await?.ok_or(CoreError::SignInExpired)
    }

    /// Counts switches, sign-ins and sign-outs: a wait that began for one account ends when
    /// the count moves on.
    pub fn watch_changes(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    fn changed(&self) {
        self.changes.send_modify(|count| *count += 1);
    }

    /// What the window shows: the active account's session, with every account listed. A
    /// sign-in that could not reach Dropbox is tried again first.
    pub async fn view(&self) -> Result<SessionView, CoreError> {
        self.load().await?;
        let active = {
            let registry = self.registry.lock().await;
            registry
                .active
                .and_then(|i| registry.entries.get(i))
                .map(|e| e.session.clone())
        };
        let mut view = match active {
            Some(session) => session.reconnect().await?,
            None => SessionView {
                mode: BackendMode::Dropbox,
                account: None,
                keyring_problem: self.keyring_problem(),
                can_connect: false,
                ended: None,
                unreachable: false,
                accounts: Vec::new(),
                whereabouts: Default::default(),
                notifies_arrivals: false,
            },
        };
        view.can_connect = (self.dropbox)()?.is_some();
        // Said whichever account is active: the Dropbox ones last for this run only.
        view.keyring_problem = view.keyring_problem.or_else(|| self.keyring_problem());
        view.accounts = self.entries().await;
        Ok(view)
    }

    /// Every account signed in here (or whose sign-in ended), in the order the window lists them.
    pub async fn entries(&self) -> Vec<AccountEntry> {
        let entries = {
            let mut registry = self.registry.lock().await;
            for entry in &mut registry.entries {
                entry.remember_name().await;
            }
            (registry.entries.clone(), registry.active)
        };
        let (entries, active) = entries;
        let mut out = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let account = entry.session.account().await.ok();
            let (display_name, email, team) = match (&account, &entry.last_seen) {
                (Some(a), _) => (a.display_name.clone(), a.email.clone(), a.team.clone()),
                (None, Some(seen)) => seen.clone(),
                (None, None) => ("Dropbox account".into(), String::new(), None),
            };
            out.push(AccountEntry {
                key: entry.kept.key(),
                mode: entry.session.mode(),
                display_name,
                email,
                team,
                active: active == Some(i),
                signed_in: account.is_some(),
            });
        }
        out
    }

    /// Makes `key` the active account.
    pub async fn switch(&self, key: &str) -> Result<SessionView, CoreError> {
        self.load().await?;
        {
            let mut registry = self.registry.lock().await;
            let index = registry
                .entries
                .iter()
                .position(|e| e.kept.key() == key)
                .ok_or_else(|| CoreError::InvalidInput {
                    field: "account",
                    message: "That account is no longer signed in here. Choose another.".into(),
                })?;
            if registry.active != Some(index) {
                registry.active = Some(index);
                self.persist(&registry);
                drop(registry);
                self.changed();
            }
        }
        tracing::info!("switched account");
        self.view().await
    }

    /// "Connect Dropbox" or "Add account": a sign-in for another (or the same) Dropbox
    /// account, beside those signed in.
    pub async fn begin_sign_in(&self, paste_code: bool) -> Result<SignInStarted, CoreError> {
        self.load().await?;
        let connection = (self.dropbox)()?.ok_or_else(|| CoreError::InvalidInput {
            field: "appKey",
            message: "Add your Dropbox app key in Settings to connect your own Dropbox.".into(),
        })?;
        let session = self.dropbox_session(connection);
        let started = session.begin_sign_in(paste_code).await?;
        self.registry.lock().await.adding = Some(session);
        Ok(started)
    }

    async fn adding(&self) -> Result<Arc<Session>, CoreError> {
        self.registry.lock().await.adding.clone().ok_or_else(|| {
            CoreError::SignInFailed("No sign-in is in progress. Start again.".into())
        })
    }

    /// Waits for the browser, then adds the account (or signs it in again) and makes it
    /// active.
    pub async fn finish_sign_in(&self) -> Result<SessionView, CoreError> {
        let session = self.adding().await?;
        session.finish_sign_in().await?;
        self.added(session).await
    }

    pub async fn sign_in_with_code(&self, code: &str) -> Result<SessionView, CoreError> {
        crate::session::checked_code(code)?;
        let session = self.adding().await?;
        session.sign_in_with_code(code).await?;
        self.added(session).await
    }

    pub async fn cancel_sign_in(&self) {
        if let Some(session) = self.registry.lock().await.adding.take() {
            session.cancel_sign_in().await;
        }
    }

    async fn added(&self, session: Arc<Session>) -> Result<SessionView, CoreError> {
        let account_id = session.account_id().await?;
        let kept = Kept::Dropbox { account_id };
        {
            let mut registry = self.registry.lock().await;
            if registry
                .adding
                .as_ref()
                .is_some_and(|a| Arc::ptr_eq(a, &session))
            {
                registry.adding = None;
            }
            let mut entry = Entry::new(kept.clone(), session);
            entry.remember_name().await;
            let index = match registry.entries.iter().position(|e| e.kept == kept) {
                // Signed in again: the new session replaces the old one.
                Some(index) => {
                    registry.entries[index] = entry;
                    index
                }
                None => {
                    registry.entries.push(entry);
                    registry.entries.len() - 1
                }
            };
            registry.active = Some(index);
            self.persist(&registry);
        }
        self.changed();
        self.view().await
    }

    /// "Try the demo": adds the demo account (starting its Dropbox) unless it is there, and
    /// makes it active.
    pub async fn use_demo(&self) -> Result<Arc<Session>, CoreError> {
        let existing = {
            let registry = self.registry.lock().await;
            registry
                .entries
                .iter()
                .position(|e| e.kept == Kept::Demo)
                .map(|i| (i, registry.entries[i].session.clone()))
        };
        let session = match existing {
            Some((index, session)) => {
                let mut registry = self.registry.lock().await;
                registry.active = Some(index);
                self.persist(&registry);
                session
            }
            None => {
                let session = self.start_demo().await?;
                let mut registry = self.registry.lock().await;
                let mut entry = Entry::new(Kept::Demo, session.clone());
                entry.remember_name().await;
                registry.entries.push(entry);
                registry.active = Some(registry.entries.len() - 1);
                self.persist(&registry);
                session
            }
        };
        if session.account().await.is_err() {
            session.sign_in_to_demo().await?;
        }
        self.changed();
        Ok(session)
    }

    /// Puts the demo's data back as it was, then signs in to it again.
    pub async fn reset_demo(&self) -> Result<SessionView, CoreError> {
        let active = self.active().await?;
        let Some(session) = active.filter(|s| s.mode() == BackendMode::Demo) else {
            return Err(CoreError::InvalidInput {
                field: "demo",
                message: "Reset demo data works in the demo only.".into(),
            });
        };
        self.demo.reset().await?;
        session.sign_out().await?;
        session.sign_in_to_demo().await?;
        self.view().await
    }

    /// The demo's address, while the demo is one of the accounts.
    pub async fn demo_origin(&self) -> Option<url::Url> {
        let registry = self.registry.lock().await;
        let demo = registry.entries.iter().find(|e| e.kept == Kept::Demo)?;
        Some(demo.session.connection().hosts.api.clone())
    }

    /// Signs out of `key` (the active account when `None`): its token is revoked and its
    /// keyring entry deleted; the others stay signed in. Another account becomes active.
    pub async fn sign_out(&self, key: Option<&str>) -> Result<SessionView, CoreError> {
        self.load().await?;
        let removed = {
            let mut registry = self.registry.lock().await;
            let index = match key {
                Some(key) => registry.entries.iter().position(|e| e.kept.key() == key),
                None => registry.active,
            };
            index.map(|index| {
                let entry = registry.entries.remove(index);
                registry.active = match registry.active {
                    Some(active) if active == index => (!registry.entries.is_empty()).then_some(0),
                    Some(active) if active > index => Some(active - 1),
                    other => other,
                };
                self.persist(&registry);
                entry
            })
        };
        if let Some(entry) = removed {
            self.changed();
            entry.session.sign_out().await?;
            if entry.kept == Kept::Demo {
                self.demo.stop().await;
            }
        }
        self.view().await
    }
}

impl Entry {
    fn new(kept: Kept, session: Arc<Session>) -> Self {
        Self {
            kept,
            session,
            last_seen: None,
        }
    }

    async fn remember_name(&mut self) {
        if let Ok(account) = self.session.account().await {
            self.last_seen = Some((account.display_name, account.email, account.team));
        }
    }
}
