//! The session: who is signed in, to which Dropbox, and the sign-in and sign-out flows.
//!
//! Sign-in is OAuth 2 PKCE with offline access, through the loopback receiver (or a pasted
//! code). The refresh token goes to the token store keyed by account id, and the account id to
//! a small file, so the next start signs in again without the browser. Demo mode runs the same
//! flow against the built-in emulator, with a browser that approves by itself.

mod browser;
mod keyring_store;
mod remembered;
mod view;

use std::sync::Arc;
use std::time::Duration;

use dropbox_client::routes::{auth, users};
use dropbox_client::{
    Callback, Client, Error as ClientError, Hosts, LoopbackReceiver, PendingSignIn, SignInError,
    TokenStore,
};
use tokio::sync::{Mutex, RwLock, watch};

pub use browser::Browser;
pub use keyring_store::{KEYRING_SERVICE, KeyringStore};
pub use remembered::RememberedAccount;
pub use view::{BackendMode, SessionView, SignInStarted};

use crate::account::AccountView;
use crate::error::CoreError;
use crate::space::Space;

/// The scopes Dropdesk asks for (the README lists the same for the App Console).
pub const SCOPES: [&str; 8] = [
    "account_info.read",
    "files.metadata.read",
    "files.content.read",
    "files.content.write",
    "file_requests.read",
    "file_requests.write",
    "sharing.read",
    "sharing.write",
];

/// The demo emulator's app key: the demo signs in through PKCE like a real Dropbox app.
pub const DEMO_APP_KEY: &str = "dropdeskdemo0001";

/// How long the loopback receiver waits for the browser.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// How long the demo's own sign-in (no person involved) may take.
const DEMO_SIGN_IN_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the user is not signed in although they were.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Interrupted {
    /// Dropbox refused the sign-in for good (revoked at dropbox.com, expired).
    Ended { account_id: String },
    /// Dropbox could not be reached to sign in again; the token is kept.
    Unreachable { account_id: Option<String> },
}

/// Words for a sign-in Dropbox ended.
pub const SIGN_IN_ENDED: &str = "Dropbox no longer accepts Dropdesk's sign-in: it was ended at \
     dropbox.com, or it expired. Sign in again to go on; your unsaved edits are kept on this \
     computer.";

/// Which Dropbox a session talks to, and how it signs in there.
#[derive(Clone, Debug)]
pub struct Connection {
    pub mode: BackendMode,
    pub hosts: Hosts,
    pub app_key: String,
    /// Loopback ports for the redirect, in order (each registered in the App Console).
    pub redirect_ports: Vec<u16>,
}

/// Where the session keeps the refresh token.
pub struct TokenStorage {
    pub store: Arc<dyn TokenStore>,
    /// Set when the store forgets everything at exit: why, and how to fix it.
    pub problem: Option<String>,
    /// Remembers the signed-in account between runs; `None` when nothing outlives the run.
    pub remembered: Option<RememberedAccount>,
}

struct SignedIn {
    /// Carries the team space's root on every call, for team members.
    client: Client,
    space: Space,
    account_id: String,
    account: AccountView,
    /// Counts sign-ins in this session: a failure of an earlier one never ends a later one.
    generation: u64,
}

/// A sign-in waiting for the browser.
struct Pending {
    sign_in: PendingSignIn,
    receiver: Option<LoopbackReceiver>,
    /// The cancel count when it started: a cancel after that ends the wait.
    generation: u64,
}

pub struct Session {
    connection: Connection,
    storage: TokenStorage,
    browser: Browser,
    current: RwLock<Option<SignedIn>>,
    /// Set while the user is not signed in although they were, and why.
    interrupted: RwLock<Option<Interrupted>>,
    pending: Mutex<Option<Pending>>,
    /// Counts cancels; a watch keeps the count, so a cancel is never missed.
    cancels: watch::Sender<u64>,
    /// Counts sign-ins (see `SignedIn::generation`).
    sign_ins: std::sync::atomic::AtomicU64,
}

impl Session {
    pub fn new(connection: Connection, storage: TokenStorage, browser: Browser) -> Self {
        Self {
            connection,
            storage,
            browser,
            current: RwLock::new(None),
            interrupted: RwLock::new(None),
            pending: Mutex::new(None),
            cancels: watch::Sender::new(0),
            sign_ins: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub fn mode(&self) -> BackendMode {
        self.connection.mode
    }

    /// Which Dropbox this session talks to.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// What the UI shows.
    pub async fn view(&self) -> SessionView {
        let account = self
            .current
            .read()
            .await
            .as_ref()
            .map(|s| s.account.clone());
        let interrupted = match account {
            Some(_) => None,
            None => self.interrupted.read().await.clone(),
        };
        SessionView {
            mode: self.connection.mode,
            account,
            keyring_problem: self.storage.problem.clone(),
            can_connect: self.connection.mode == BackendMode::Dropbox,
            ended: matches!(interrupted, Some(Interrupted::Ended { .. }))
                .then(|| SIGN_IN_ENDED.to_owned()),
            unreachable: matches!(interrupted, Some(Interrupted::Unreachable { .. })),
            accounts: Vec::new(),
            whereabouts: Default::default(),
            notifies_arrivals: false,
        }
    }

    /// Whose drafts are kept: the signed-in account's, or, after its sign-in ended or could
    /// not be restored, the account that was signed in. Keeping a draft never needs Dropbox.
    pub async fn draft_owner(&self) -> Result<String, CoreError> {
        if let Some(signed_in) = self.current.read().await.as_ref() {
            return Ok(signed_in.account_id.clone());
        }
        match self.interrupted.read().await.as_ref() {
            Some(
                Interrupted::Ended { account_id }
                | Interrupted::Unreachable {
                    account_id: Some(account_id),
                },
            ) => Ok(account_id.clone()),
            _ => Err(CoreError::SignInExpired),
        }
    }

    async fn interrupt(&self, why: Option<Interrupted>) {
        *self.interrupted.write().await = why;
    }

    /// Tries again what could not reach Dropbox (restoring the sign-in, or the demo's own
    /// sign-in); does nothing otherwise.
    pub async fn reconnect(&self) -> Result<SessionView, CoreError> {
        let unreachable = matches!(
            *self.interrupted.read().await,
            Some(Interrupted::Unreachable { .. })
        );
        if !unreachable || self.current.read().await.is_some() {
            return Ok(self.view().await);
        }
        let tried = match self.connection.mode {
            BackendMode::Demo => self.sign_in_to_demo().await,
            BackendMode::Dropbox => self.restore().await,
        };
        if tried.is_err() {
            // A failure that will not pass by itself: stop trying, and let the window say it.
            self.interrupt(None).await;
        }
        tried
    }

    /// The demo's sign-in: the same PKCE flow, approved by the demo's consent page itself. A
    /// demo Dropbox that cannot be reached leaves the session waiting to reconnect.
    pub async fn sign_in_to_demo(&self) -> Result<SessionView, CoreError> {
        let started = self.begin_sign_in(false).await?;
        if !started.browser_opened {
            self.cancel_sign_in().await;
            tracing::warn!("the demo's Dropbox cannot be reached");
            self.interrupt(Some(Interrupted::Unreachable { account_id: None }))
                .await;
            return Ok(self.view().await);
        }
        match tokio::time::timeout(DEMO_SIGN_IN_TIMEOUT, self.finish_sign_in()).await {
            Ok(Ok(view)) => Ok(view),
            Ok(Err(error)) if error.passes() => {
                self.interrupt(Some(Interrupted::Unreachable { account_id: None }))
                    .await;
                Ok(self.view().await)
            }
            Ok(Err(error)) => Err(error),
            Err(_) => {
                self.cancel_sign_in().await;
                self.interrupt(Some(Interrupted::Unreachable { account_id: None }))
                    .await;
                Ok(self.view().await)
            }
        }
    }

    /// The signed-in client, for every other use case.
    pub async fn client(&self) -> Result<Client, CoreError> {
        self.current
            .read()
            .await
            .as_ref()
            .map(|s| s.client.clone())
            .ok_or(CoreError::SignInExpired)
    }

    /// Where the signed-in account's paths start.
    pub async fn space(&self) -> Result<Space, CoreError> {
        self.current
            .read()
            .await
            .as_ref()
            .map(|s| s.space.clone())
            .ok_or(CoreError::SignInExpired)
    }

    /// Which sign-in is current, for `expire`: a failure of an earlier one ends nothing.
    pub async fn generation(&self) -> Option<u64> {
        self.current.read().await.as_ref().map(|s| s.generation)
    }

    fn next_generation(&self) -> u64 {
        self.sign_ins
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1
    }

    /// The signed-in account's id (drafts are kept per account).
    pub async fn account_id(&self) -> Result<String, CoreError> {
        self.current
            .read()
            .await
            .as_ref()
            .map(|s| s.account_id.clone())
            .ok_or(CoreError::SignInExpired)
    }

    /// The signed-in account, as shown.
    pub async fn account(&self) -> Result<AccountView, CoreError> {
        self.current
            .read()
            .await
            .as_ref()
            .map(|s| s.account.clone())
            .ok_or(CoreError::SignInExpired)
    }

    /// After Dropbox refused the sign-in for good (`SignInExpired` from a call): forgets the
    /// token, so the window says why and offers to sign in again. The account stays
    /// remembered (its drafts stay reachable, and a restart still says why); drafts and
    /// settings stay.
    /// `generation` is the sign-in the failing call used: a slow answer to an earlier
    /// sign-in never ends the one the user made since.
    pub async fn expire(&self, generation: u64) -> Result<(), CoreError> {
        let signed_in = {
            let mut current = self.current.write().await;
            if current.as_ref().map(|s| s.generation) != Some(generation) {
                return Ok(());
            }
            current.take()
        };
        let Some(signed_in) = signed_in else {
            return Ok(());
        };
        tracing::info!("the sign-in has ended");
        self.interrupt(Some(Interrupted::Ended {
            account_id: signed_in.account_id.clone(),
        }))
        .await;
        self.forget_token(&signed_in.account_id)
    }

    /// After Dropbox refused the team space the calls named (`SpaceChanged`: the account
    /// joined or left a team): reads where the account's paths start now and makes every
    /// later call start there. `generation` is the sign-in the failing call used; a later
    /// sign-in is left alone.
    pub async fn refresh_space(&self, generation: u64) -> Result<(), CoreError> {
        let client = {
            let current = self.current.read().await;
            match current.as_ref() {
                Some(s) if s.generation == generation => s.client.clone(),
                _ => return Ok(()),
            }
        };
        // Without the header: `get_current_account` answers for any root.
        let account = users::get_current_account(&client.clone().with_path_root(None)).await?;
        let mut current = self.current.write().await;
        if let Some(signed_in) = current.as_mut().filter(|s| s.generation == generation) {
            tracing::info!(
                team = Space::path_root(&account).is_some(),
                "the account's root changed; calls now start at the new one"
            );
            signed_in.client = client.with_path_root(Space::path_root(&account));
            signed_in.space = Space::of(&account);
            signed_in.account = AccountView::from(&account);
        }
        Ok(())
    }

    /// At startup: signs in again with the remembered account's refresh token, if there is
    /// one. A token Dropbox no longer accepts is forgotten (and the view says the sign-in
    /// ended); when Dropbox cannot be reached, the token is kept and the view says so, for
    /// `reconnect` to try again.
    pub async fn restore(&self) -> Result<SessionView, CoreError> {
        let Some(remembered) = &self.storage.remembered else {
            return Ok(self.view().await);
        };
        let Some(account_id) = remembered.get() else {
            return Ok(self.view().await);
        };
        self.restore_account(account_id).await
    }

    /// Signs in again as `account_id` with its refresh token from the store (see
    /// [`Session::restore`]).
    pub async fn restore_account(&self, account_id: String) -> Result<SessionView, CoreError> {
        let client = Client::from_store(
            self.connection.hosts.clone(),
            &self.connection.app_key,
            self.storage.store.as_ref(),
            &account_id,
        )
        .map_err(|e| CoreError::SignInFailed(format!("Could not read the keyring: {e}.")))?;
        let Some(client) = client else {
            // Remembered without a token: its sign-in ended before this start.
            self.interrupt(Some(Interrupted::Ended { account_id }))
                .await;
            return Ok(self.view().await);
        };
        match users::get_current_account(&client).await {
            Ok(account) => {
                tracing::info!("signed in again with the stored token");
                *self.current.write().await = Some(SignedIn {
                    client: client.with_path_root(Space::path_root(&account)),
                    space: Space::of(&account),
                    account_id,
                    account: AccountView::from(&account),
                    generation: self.next_generation(),
                });
                self.interrupt(None).await;
                Ok(self.view().await)
            }
            Err(ClientError::Auth(_)) => {
                tracing::info!("the stored sign-in is no longer accepted; forgetting it");
                self.forget_token(&account_id)?;
                self.interrupt(Some(Interrupted::Ended { account_id }))
                    .await;
                Ok(self.view().await)
            }
            Err(other) => {
                let error = CoreError::from(other);
                if !error.passes() {
                    return Err(error);
                }
                tracing::warn!(%error, "Dropbox cannot be reached; the sign-in is kept");
                self.interrupt(Some(Interrupted::Unreachable {
                    account_id: Some(account_id),
                }))
                .await;
                Ok(self.view().await)
            }
        }
    }

    /// Starts a sign-in and opens the browser at Dropbox's consent page. Without `paste_code`,
    /// a loopback receiver takes the answer (`finish_sign_in` waits for it); with it, or when
    /// no registered port is free, Dropbox shows a code for `sign_in_with_code`.
    pub async fn begin_sign_in(&self, paste_code: bool) -> Result<SignInStarted, CoreError> {
        let receiver = if paste_code {
            None
        } else {
            match LoopbackReceiver::bind(&self.connection.redirect_ports).await {
                Ok(receiver) => Some(receiver),
                Err(error) => {
                    tracing::warn!(%error, "no redirect port is free; asking for a pasted code");
                    None
                }
            }
        };
        let redirect = receiver.as_ref().map(LoopbackReceiver::redirect_uri);
        let sign_in = PendingSignIn::start(
            &self.connection.hosts,
            &self.connection.app_key,
            &SCOPES,
            redirect.as_deref(),
        )
        .map_err(sign_in_failed)?;
        let authorize_url = sign_in.authorize_url().clone();
        let paste_code = receiver.is_none();
        // A newer sign-in replaces an unfinished one (whose receiver closes when dropped).
        let generation = *self.cancels.borrow();
        *self.pending.lock().await = Some(Pending {
            sign_in,
            receiver,
            generation,
        });
        let opened = self.browser.open(&authorize_url).await;
        if let Err(error) = &opened {
            tracing::warn!(%error, "the browser could not be opened; the link is shown instead");
        }
        Ok(SignInStarted {
            authorize_url: authorize_url.to_string(),
            paste_code,
            browser_opened: opened.is_ok(),
        })
    }

    /// Waits for the browser to come back to the loopback receiver, then finishes signing in.
    pub async fn finish_sign_in(&self) -> Result<SessionView, CoreError> {
        let Pending {
            sign_in,
            receiver,
            generation,
        } = self.take_pending().await?;
        let Some(receiver) = receiver else {
            return Err(CoreError::SignInFailed(
                "Paste the code Dropbox showed you to finish signing in.".into(),
            ));
        };
        let mut cancels = self.cancels.subscribe();
        let callback: Callback = tokio::select! {
            received = receiver.receive(SIGN_IN_TIMEOUT) => received.map_err(sign_in_failed)?,
            _ = cancels.wait_for(|count| *count != generation) => {
                return Err(CoreError::SignInFailed("Signing in was cancelled.".into()));
            }
        };
        let signed_in = sign_in.finish(callback).await.map_err(sign_in_failed)?;
        self.complete(signed_in).await
    }

    /// Finishes a sign-in with the code Dropbox showed in the browser.
    pub async fn sign_in_with_code(&self, code: &str) -> Result<SessionView, CoreError> {
        let code = checked_code(code)?;
        let mut pending = self.pending.lock().await;
        let Some(waiting) = pending.as_ref() else {
            return Err(CoreError::SignInFailed(
                "No sign-in is in progress. Start again.".into(),
            ));
        };
        let signed_in = match waiting.sign_in.finish_with_pasted_code(code).await {
            Ok(signed_in) => signed_in,
            // A wrong code: the sign-in waits on for the right one.
            Err(SignInError::Rejected(reason)) => {
                tracing::info!(%reason, "Dropbox refused the pasted code");
                return Err(CoreError::InvalidInput {
                    field: "code",
                    message: "Code: Dropbox did not accept that code. Copy it again from the \
                              Dropbox page (each code works once, for a few minutes)."
                        .into(),
                });
            }
            Err(other) => return Err(sign_in_failed(other)),
        };
        pending.take();
        drop(pending);
        self.complete(signed_in).await
    }

    /// Abandons the sign-in in progress, if any.
    pub async fn cancel_sign_in(&self) {
        self.pending.lock().await.take();
        self.cancels.send_modify(|count| *count += 1);
    }

    /// Signs out: revokes the token at Dropbox, then forgets it here. Forgetting happens even
    /// when Dropbox cannot be reached (the token stays valid there until it is unlinked).
    pub async fn sign_out(&self) -> Result<SessionView, CoreError> {
        let interrupted = self.interrupted.write().await.take();
        let Some(signed_in) = self.current.write().await.take() else {
            // Signed out already; an ended or unreachable sign-in is forgotten too.
            if let Some(
                Interrupted::Ended { account_id }
                | Interrupted::Unreachable {
                    account_id: Some(account_id),
                },
            ) = interrupted
            {
                self.forget(&account_id)?;
            }
            return Ok(self.view().await);
        };
        if let Err(error) = auth::token_revoke(&signed_in.client).await {
            tracing::warn!(%error, "could not revoke the token at Dropbox");
        }
        self.forget(&signed_in.account_id)?;
        tracing::info!("signed out");
        Ok(self.view().await)
    }

    async fn take_pending(&self) -> Result<Pending, CoreError> {
        self.pending.lock().await.take().ok_or_else(|| {
            CoreError::SignInFailed("No sign-in is in progress. Start again.".into())
        })
    }

    async fn complete(
        &self,
        signed_in: dropbox_client::SignedIn,
    ) -> Result<SessionView, CoreError> {
        let client = Client::from_sign_in(
            self.connection.hosts.clone(),
            &self.connection.app_key,
            &signed_in,
        );
        let account = users::get_current_account(&client).await?;
        if let Some(refresh) = &signed_in.refresh_token {
            self.storage
                .store
                .save(&account.account_id, refresh)
                .map_err(|e| CoreError::SignInFailed(format!("Could not keep the sign-in: {e}")))?;
            if let Some(remembered) = &self.storage.remembered {
                remembered.set(Some(&account.account_id))?;
            }
        }
        tracing::info!(plan = ?account.account_type, "signed in");
        self.interrupt(None).await;
        *self.current.write().await = Some(SignedIn {
            client: client.with_path_root(Space::path_root(&account)),
            space: Space::of(&account),
            account_id: account.account_id.clone(),
            account: AccountView::from(&account),
            generation: self.next_generation(),
        });
        Ok(self.view().await)
    }

    /// Forgets the account's token and that it was signed in.
    fn forget(&self, account_id: &str) -> Result<(), CoreError> {
        self.forget_token(account_id)?;
        if let Some(remembered) = &self.storage.remembered {
            remembered.set(None)?;
        }
        Ok(())
    }

    fn forget_token(&self, account_id: &str) -> Result<(), CoreError> {
        self.storage
            .store
            .delete(account_id)
            .map_err(|e| CoreError::SignInFailed(format!("Could not clear the keyring: {e}.")))
    }
}

/// A pasted code, trimmed, if it can be one.
pub(crate) fn checked_code(code: &str) -> Result<&str, CoreError> {
    let code = code.trim();
    if code.is_empty() || code.len() > 512 || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(CoreError::InvalidInput {
            field: "code",
            message: "Code: paste the code Dropbox shows after you press Allow.".into(),
        });
    }
    Ok(code)
}

fn sign_in_failed(error: SignInError) -> CoreError {
    let message = match error {
        SignInError::Denied(_) => "Dropbox access was not allowed. Connect again to retry.".into(),
        SignInError::TimedOut(_) => {
            "No answer came from the browser. Connect again to retry.".into()
        }
        SignInError::StateMismatch => {
            "The browser's answer belonged to another sign-in. Connect again.".into()
        }
        SignInError::Transport(e) => {
            tracing::warn!(error = %e, "the sign-in could not reach Dropbox");
            return CoreError::Offline(
                "Can't reach Dropbox to finish signing in. Check your internet connection, then \
                 connect again."
                    .into(),
            );
        }
        SignInError::Rejected(reason) => {
            tracing::warn!(%reason, "Dropbox refused the sign-in");
            "Dropbox refused the sign-in. Check the app key in Settings, then connect again.".into()
        }
        SignInError::NoFreePort(ports) => format!(
            "None of the sign-in ports ({ports}) is free on this computer. Close what uses them, \
             or paste a code instead."
        ),
        SignInError::Setup(reason) => {
            tracing::warn!(%reason, "the sign-in could not be set up");
            "The sign-in could not be set up. Check the app key and redirect ports in Settings."
                .into()
        }
    };
    CoreError::SignInFailed(message)
}

/// The OS keyring when it works; otherwise memory for this run, with the reason and the fix.
pub fn open_token_storage(paths: &crate::paths::AppPaths) -> TokenStorage {
    match KeyringStore::open() {
        Ok(store) => TokenStorage {
            store: Arc::new(store),
            problem: None,
            remembered: Some(RememberedAccount::new(paths)),
        },
        Err(error) => session_only(&error),
    }
}

/// Memory-only storage after the keyring failed with `error`. Never a plaintext file.
pub fn session_only(error: &dyn std::fmt::Display) -> TokenStorage {
    // The platform's words go to the log; the banner says what it means and what to do.
    tracing::warn!(%error, "no keyring; sign-ins last for this session only");
    TokenStorage {
        store: Arc::new(dropbox_client::MemoryTokenStore::new()),
        problem: Some(
            "Dropdesk can't reach your system keyring (Secret Service). You can stay signed in \
             for this session only. How to fix: install and unlock a keyring such as GNOME \
             Keyring or KWallet, then restart Dropdesk."
                .into(),
        ),
        remembered: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_asks_for_every_scope_the_app_requests() {
        let readme = include_str!("../../../../README.md");
        for scope in SCOPES {
            assert!(
                readme.contains(&format!("`{scope}`")),
                "README lacks {scope}"
            );
        }
    }
}
