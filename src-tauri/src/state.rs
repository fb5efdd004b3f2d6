//! The app's state, managed by Tauri and shared by commands: the accounts (the real Dropbox
//! ones and the demo, in the core) and what the window is sent besides.

use std::sync::Arc;

use dropbox_client::Hosts;
use dropdesk_core::CoreError;
use dropdesk_core::account::Plan;
use dropdesk_core::account_settings::AccountSettings;
use dropdesk_core::accounts::Accounts;
use dropdesk_core::appearance::ThemeChoice;
use dropdesk_core::links::external_url;
use dropdesk_core::markdown::Previewer;
use dropdesk_core::paper::drafts::Drafts;
use dropdesk_core::session::{
    BackendMode, Browser, Connection, Session, SessionView, SignInStarted, open_token_storage,
};
use dropdesk_core::settings::{Backend, Settings, SettingsInput, SettingsView};
use dropdesk_core::whereabouts::Whereabouts;

use crate::config::AppConfig;
use crate::demo::ShellDemo;
use crate::relay::{Jobs, WaitRelay};

/// What a command needs to call Dropbox for the signed-in user.
pub struct SignedIn {
    pub client: dropbox_client::Client,
    pub plan: Plan,
    /// Where the account's paths start (a team member's: the team space).
    pub space: dropdesk_core::space::Space,
    /// The account's unsaved Paper edits.
    pub drafts: Drafts,
    /// Dropbox's id of the account (its settings are kept under it).
    pub account_id: String,
    session: Arc<Session>,
    /// The sign-in the client belongs to.
    generation: u64,
    /// Switches and sign-outs since this was made: a wait of an account no longer active
    /// ends.
    changes: tokio::sync::watch::Receiver<u64>,
    seen: u64,
}

impl SignedIn {
    /// Hands a use case's result on. When it says Dropbox ended the sign-in, ends this
    /// sign-in (never one made since), so the window says why and offers to sign in again.
    /// When it says the account's root moved, the session starts its calls at the new one.
    pub async fn watch<T>(&self, result: Result<T, CoreError>) -> Result<T, CoreError> {
        match &result {
            Err(CoreError::SignInExpired) => {
                if let Err(error) = self.session.expire(self.generation).await {
                    tracing::warn!(%error, "could not forget the ended sign-in");
                }
            }
            Err(CoreError::SpaceChanged) => {
                if let Err(error) = self.session.refresh_space(self.generation).await {
                    tracing::warn!(%error, "could not read the account's new root");
                    return Err(error);
                }
            }
            _ => {}
        }
        result
    }

    /// `work`, unless another account becomes active (or this one signs out) first: then
    /// `otherwise`, and `work` is dropped with its connection.
    pub async fn unless_switched<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, CoreError>>,
        otherwise: T,
    ) -> Result<T, CoreError> {
        let mut changes = self.changes.clone();
        let seen = self.seen;
        tokio::select! {
            result = work => result,
            _ = changes.wait_for(move |count| *count != seen) => Ok(otherwise),
        }
    }
}

pub struct AppState {
    config: AppConfig,
    accounts: Accounts,
    pub waits: WaitRelay,
    pub downloads: Jobs,
    /// Terms whose requests are being created.
    pub plans: Jobs,
    pub previewer: Previewer,
    /// The class list chosen for import, kept until imported or replaced by another.
    class_list: std::sync::Mutex<Option<Vec<u8>>>,
    /// Counts the times arrival notices were turned on or off.
    notice_toggles: tokio::sync::watch::Sender<u64>,
}

impl AppState {
    pub fn new(config: AppConfig) -> Self {
        let paths = config.paths.clone();
        let accounts = Accounts::new(
            config.paths.clone(),
            Arc::new(move || open_token_storage(&paths)),
            dropbox_connection(config.clone()),
            Browser::System(Arc::new(|url| {
                open::that_detached(url.as_str()).map_err(|e| e.to_string())
            })),
            Arc::new(ShellDemo::new(config.clone())),
        );
        Self {
            config,
            accounts,
            waits: WaitRelay::default(),
            downloads: Jobs::downloads(),
            plans: Jobs::plans(),
            previewer: Previewer::default(),
            class_list: std::sync::Mutex::default(),
            notice_toggles: tokio::sync::watch::Sender::new(0),
        }
    }

    /// The Dropbox folders the signed-in user named as courses, as paths of their space.
    pub fn named_courses(&self, s: &SignedIn) -> Result<Vec<String>, CoreError> {
        AccountSettings::courses_in(&self.config.paths, &s.account_id, &s.space)
    }

    /// The journal of the signed-in account's plan `plan_id` (the window names each plan).
    pub fn plan_journal(&self, s: &SignedIn, plan_id: &str) -> dropdesk_core::term::Journal {
        dropdesk_core::term::Journal::open(
            &self.config.paths,
            &format!("{}/{plan_id}", s.account_id),
        )
    }

    pub fn add_course(&self, s: &SignedIn, folder: &str) -> Result<Vec<String>, CoreError> {
        AccountSettings::add_course(&self.config.paths, &s.account_id, &s.space, folder)
    }

    /// Keeps a class list's bytes for preview and import.
    pub fn keep_class_list(&self, bytes: Vec<u8>) {
        *self.class_list.lock().unwrap_or_else(|e| e.into_inner()) = Some(bytes);
    }

    /// The class list chosen for import.
    pub fn class_list(&self) -> Result<Vec<u8>, CoreError> {
        self.class_list
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| CoreError::InvalidInput {
                field: "classList",
                message: "Class list: choose the file to import first.".into(),
            })
    }

    pub fn forget_class_list(&self) {
        *self.class_list.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Opens a `mailto:` link in the user's mail program.
    pub fn open_mail(&self, url: &url::Url) -> Result<(), CoreError> {
        if url.scheme() != "mailto" {
            return Err(CoreError::Internal(
                "only mail links open a mail program".into(),
            ));
        }
        open::that_detached(url.as_str()).map_err(|e| not_opened("your mail program", e))
    }

    fn settings(&self) -> Result<Settings, CoreError> {
        Settings::load(&self.config.paths, self.config.env_app_key.clone())
    }

    pub fn settings_view(&self) -> Result<SettingsView, CoreError> {
        let from_env = self
            .config
            .env_app_key
            .as_deref()
            .is_some_and(|k| !k.trim().is_empty());
        Ok(Settings::load_file(&self.config.paths)?.view(&self.config.paths, from_env))
    }

    /// Saves the settings. A sign-in started after this uses the new key and ports; signed-in
    /// accounts keep theirs until they sign out.
    pub fn save_settings(&self, input: &SettingsInput) -> Result<SettingsView, CoreError> {
        Settings::update(&self.config.paths, input)?;
        self.settings_view()
    }

    /// The window's zoom in percent, as it was left.
    pub fn zoom(&self) -> u16 {
        Settings::load_file(&self.config.paths)
            .map(|settings| settings.zoom_percent())
            .unwrap_or(dropdesk_core::zoom::ACTUAL)
    }

    /// Remembers the window's zoom.
    pub fn set_zoom(&self, percent: u16) -> Result<(), CoreError> {
        Settings::set_zoom(&self.config.paths, percent).map(drop)
    }

    /// Every account, in the order the window lists them (the menu's too).
    pub async fn account_entries(&self) -> Vec<dropdesk_core::accounts::AccountEntry> {
        self.accounts.entries().await
    }

    /// Remembers the choice of light or dark.
    pub fn set_theme(&self, theme: ThemeChoice) -> Result<SettingsView, CoreError> {
        Settings::set_theme(&self.config.paths, theme)?;
        self.settings_view()
    }

    /// Opens a Dropbox (https) address, or the demo emulator's own, in the system browser.
    pub async fn open_external(&self, url: &str) -> Result<(), CoreError> {
        let demo_origin = self.accounts.demo_origin().await;
        let url = external_url(url, demo_origin.as_ref())?;
        open::that_detached(url.as_str()).map_err(|e| not_opened("your web browser", e))
    }

    /// The account whose settings apply: the active one (also while its sign-in is ended).
    async fn settings_owner(&self) -> Option<String> {
        let session = self.accounts.active().await.ok().flatten()?;
        session.draft_owner().await.ok()
    }

    /// Where the active account's downloads go, ready to write into (with no account, the
    /// folder chosen for all).
    pub async fn download_folder(&self) -> Result<std::path::PathBuf, CoreError> {
        match self.settings_owner().await {
            Some(owner) => AccountSettings::download_folder_ready(&self.config.paths, &owner),
            None => self.settings()?.download_folder_ready(&self.config.paths),
        }
    }

    pub async fn open_download_folder(&self) -> Result<(), CoreError> {
        let folder = self.download_folder().await?;
        open::that_detached(&folder).map_err(|e| not_opened(&folder.display().to_string(), e))
    }

    pub async fn set_download_folder(&self, folder: &std::path::Path) -> Result<(), CoreError> {
        match self.settings_owner().await {
            Some(owner) => AccountSettings::set_download_folder(&self.config.paths, &owner, folder),
            None => Settings::set_download_folder(&self.config.paths, folder).map(drop),
        }
    }

    /// Remembers where the window is in the active account (what `newer` sets of it).
    pub async fn remember(&self, newer: &Whereabouts) -> Result<(), CoreError> {
        match self.settings_owner().await {
            Some(owner) => AccountSettings::remember(&self.config.paths, &owner, newer),
            None => Ok(()),
        }
    }

    /// Whether the signed-in account's arriving submissions raise desktop notifications.
    pub fn notifies_arrivals(&self, s: &SignedIn) -> bool {
        AccountSettings::notifies_arrivals(&self.config.paths, &s.account_id)
    }

    /// Turns the active account's notices of arriving submissions on or off.
    pub async fn set_notifies_arrivals(&self, on: bool) -> Result<SessionView, CoreError> {
        let owner = self
            .settings_owner()
            .await
            .ok_or(CoreError::SignInExpired)?;
        AccountSettings::set_notifies_arrivals(&self.config.paths, &owner, on)?;
        self.notice_toggles.send_modify(|count| *count += 1);
        self.view().await
    }

    /// Moves on when an account signs in, out or becomes the active one.
    pub fn account_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.accounts.watch_changes()
    }

    /// Moves on when arrival notices are turned on or off.
    pub fn notice_toggles(&self) -> tokio::sync::watch::Receiver<u64> {
        self.notice_toggles.subscribe()
    }

    /// Opens the folder with Dropdesk's log files.
    pub fn open_logs_folder(&self) -> Result<(), CoreError> {
        let dir = &self.config.paths.log_dir;
        std::fs::create_dir_all(dir).map_err(|source| CoreError::Storage {
            action: "create",
            path: dir.display().to_string(),
            source,
        })?;
        open::that_detached(dir).map_err(|e| not_opened(&dir.display().to_string(), e))
    }

    /// The active account's session.
    pub async fn session(&self) -> Result<Arc<Session>, CoreError> {
        self.accounts.session().await
    }

    /// The signed-in user's client (its retry waits shown in the window) and plan, or
    /// `SignInExpired`.
    pub async fn signed_in(&self) -> Result<SignedIn, CoreError> {
        let changes = self.accounts.watch_changes();
        let seen = *changes.borrow();
        let session = self.session().await?;
        let account_id = session.account_id().await?;
        Ok(SignedIn {
            generation: session.generation().await.ok_or(CoreError::SignInExpired)?,
            client: session.client().await?.on_wait(self.waits.observer()),
            drafts: Drafts::for_account(&self.config.paths, &account_id),
            account_id,
            plan: session.account().await?.plan,
            space: session.space().await?,
            session,
            seen,
            changes,
        })
    }

    /// The unsaved Paper edits of the account that is (or was, until its sign-in ended)
    /// signed in: keeping a draft never needs Dropbox.
    pub async fn drafts(&self) -> Result<Drafts, CoreError> {
        let owner = self.session().await?.draft_owner().await?;
        Ok(Drafts::for_account(&self.config.paths, &owner))
    }

    /// What the window shows: the active account, every account, and whether "Connect
    /// Dropbox" can work.
    pub async fn view(&self) -> Result<SessionView, CoreError> {
        let mut view = self.accounts.view().await?;
        if let Some(owner) = self.settings_owner().await {
            view.whereabouts = AccountSettings::whereabouts(&self.config.paths, &owner);
            view.notifies_arrivals = AccountSettings::notifies_arrivals(&self.config.paths, &owner);
        }
        Ok(view)
    }

    /// "Try the demo": the demo account beside the others, and active.
    pub async fn use_demo(&self) -> Result<SessionView, CoreError> {
        self.accounts.use_demo().await?;
        self.view().await
    }

    /// Puts the demo's data back as it was, then signs in again (a reset ends all sign-ins).
    pub async fn reset_demo(&self) -> Result<SessionView, CoreError> {
        self.accounts.reset_demo().await
    }

    /// "Connect Dropbox" or "Add account": opens the browser at Dropbox's consent page.
    pub async fn begin_sign_in(&self, paste_code: bool) -> Result<SignInStarted, CoreError> {
        self.accounts.begin_sign_in(paste_code).await
    }

    pub async fn finish_sign_in(&self) -> Result<SessionView, CoreError> {
        self.accounts.finish_sign_in().await
    }

    pub async fn sign_in_with_code(&self, code: &str) -> Result<SessionView, CoreError> {
        self.accounts.sign_in_with_code(code).await
    }

    pub async fn cancel_sign_in(&self) -> Result<(), CoreError> {
        self.accounts.cancel_sign_in().await;
        Ok(())
    }

    /// Makes another account the active one.
    pub async fn switch_account(&self, key: &str) -> Result<SessionView, CoreError> {
        self.accounts.switch(key).await
    }

    /// Signs out of `key` (the active account when `None`); the others stay signed in.
    pub async fn sign_out(&self, key: Option<&str>) -> Result<SessionView, CoreError> {
        self.accounts.sign_out(key).await
    }
}

/// The real Dropbox's connection as the settings say now; `None` without an app key.
fn dropbox_connection(config: AppConfig) -> dropdesk_core::accounts::DropboxConnection {
    Arc::new(move || {
        let settings = Settings::load(&config.paths, config.env_app_key.clone())?;
        Ok(match settings.backend() {
            Backend::Dropbox { app_key } => Some(Connection {
                mode: BackendMode::Dropbox,
                hosts: config
                    .dropbox_url
                    .as_ref()
                    .map_or_else(Hosts::dropbox, Hosts::single_origin),
                app_key,
                redirect_ports: config
                    .redirect_ports
                    .clone()
                    .unwrap_or_else(|| settings.ports()),
            }),
            Backend::Demo => None,
        })
    })
}

/// The desktop could not open `what` (no browser or file manager is set up).
fn not_opened(what: &str, source: std::io::Error) -> CoreError {
    tracing::warn!(what, error = %source, "the desktop could not open it");
    CoreError::Storage {
        action: "open",
        path: what.to_owned(),
        source,
    }
}
