//! The app's state, managed by Tauri and shared by commands: the current session (the real
//! Dropbox or the demo) and the demo's emulator.

use std::sync::Arc;

use dropbox_client::{Hosts, MemoryTokenStore};
use dropdesk_core::CoreError;
use dropdesk_core::account::Plan;
use dropdesk_core::account_settings::AccountSettings;
use dropdesk_core::links::external_url;
use dropdesk_core::markdown::Previewer;
use dropdesk_core::paper::drafts::Drafts;
use dropdesk_core::session::{
    BackendMode, Browser, Connection, Session, SessionView, SignInStarted, TokenStorage,
    open_token_storage,
};
use dropdesk_core::settings::{Backend, Settings, SettingsInput, SettingsView};
use tokio::sync::Mutex;

use crate::config::AppConfig;
use crate::demo::{self, DemoBackend};
use crate::relay::{Downloads, WaitRelay};

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
}

pub struct AppState {
    config: AppConfig,
    inner: Mutex<Inner>,
    pub waits: WaitRelay,
    pub downloads: Downloads,
    pub previewer: Previewer,
    /// The class list chosen for import, kept until imported or replaced by another.
    class_list: std::sync::Mutex<Option<Vec<u8>>>,
}

#[derive(Default)]
struct Inner {
    session: Option<Arc<Session>>,
    demo: Option<DemoBackend>,
    /// The keyring, opened once (its self-test talks to the Secret Service).
    storage: Option<Arc<TokenStorage>>,
}

impl AppState {
    pub fn new(config: AppConfig) -> Self {
        Self {
            config,
            inner: Mutex::new(Inner::default()),
            waits: WaitRelay::default(),
            downloads: Downloads::default(),
            previewer: Previewer::default(),
            class_list: std::sync::Mutex::default(),
        }
    }

    /// The Dropbox folders the signed-in user named as courses, as paths of their space.
    pub fn named_courses(&self, s: &SignedIn) -> Result<Vec<String>, CoreError> {
        AccountSettings::courses_in(&self.config.paths, &s.account_id, &s.space)
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

    fn redirect_ports(&self) -> Result<Vec<u16>, CoreError> {
        match &self.config.redirect_ports {
            Some(ports) => Ok(ports.clone()),
            None => Ok(self.settings()?.ports()),
        }
    }

    pub fn settings_view(&self) -> Result<SettingsView, CoreError> {
        let from_env = self
            .config
            .env_app_key
            .as_deref()
            .is_some_and(|k| !k.trim().is_empty());
        Ok(Settings::load_file(&self.config.paths)?.view(&self.config.paths, from_env))
    }

    /// Saves the settings. A signed-out Dropbox session is rebuilt with the new key and ports
    /// on next use; a signed-in one keeps going until sign-out.
    pub async fn save_settings(&self, input: &SettingsInput) -> Result<SettingsView, CoreError> {
        Settings::update(&self.config.paths, input)?;
        let mut inner = self.inner.lock().await;
        if let Some(session) = &inner.session
            && session.mode() == BackendMode::Dropbox
            && session.view().await.account.is_none()
        {
            inner.session = None;
        }
        drop(inner);
        self.settings_view()
    }

    /// Opens a Dropbox (https) address, or the demo emulator's own, in the system browser.
    pub async fn open_external(&self, url: &str) -> Result<(), CoreError> {
        let demo_origin = {
            let inner = self.inner.lock().await;
            inner
                .demo
                .as_ref()
                .map(|demo| demo.connection.hosts.api.clone())
        };
        let url = external_url(url, demo_origin.as_ref())?;
        open::that_detached(url.as_str()).map_err(|e| not_opened("your web browser", e))
    }

    /// Where downloads go, ready to write into.
    pub fn download_folder(&self) -> Result<std::path::PathBuf, CoreError> {
        self.settings()?.download_folder_ready(&self.config.paths)
    }

    pub fn open_download_folder(&self) -> Result<(), CoreError> {
        let folder = self.download_folder()?;
        open::that_detached(&folder).map_err(|e| not_opened(&folder.display().to_string(), e))
    }

    pub fn set_download_folder(&self, folder: &std::path::Path) -> Result<(), CoreError> {
        Settings::set_download_folder(&self.config.paths, folder).map(drop)
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

    fn app_key(&self) -> Result<Option<String>, CoreError> {
        Ok(match self.settings()?.backend() {
            Backend::Dropbox { app_key } => Some(app_key),
            Backend::Demo => None,
        })
    }

    /// The session, set up on first use: the remembered Dropbox sign-in if there is one,
    /// else the demo when no app key is configured, else signed out.
    pub async fn session(&self) -> Result<Arc<Session>, CoreError> {
        if let Some(session) = &self.inner.lock().await.session {
            return Ok(session.clone());
        }
        match self.app_key()? {
            Some(_) => {
                let session = self.use_dropbox().await?;
                if let Err(error) = session.restore().await {
                    tracing::warn!(%error, "could not restore the sign-in");
                }
                Ok(session)
            }
            None => self.use_demo().await,
        }
    }

    /// The signed-in user's client (its retry waits shown in the window) and plan, or
    /// `SignInExpired`.
    pub async fn signed_in(&self) -> Result<SignedIn, CoreError> {
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
        })
    }

    /// The unsaved Paper edits of the account that is (or was, until its sign-in ended)
    /// signed in: keeping a draft never needs Dropbox.
    pub async fn drafts(&self) -> Result<Drafts, CoreError> {
        let owner = self.session().await?.draft_owner().await?;
        Ok(Drafts::for_account(&self.config.paths, &owner))
    }

    /// What the window shows; a sign-in that could not reach Dropbox is tried again first.
    pub async fn view(&self) -> Result<SessionView, CoreError> {
        let mut view = self.session().await?.reconnect().await?;
        view.can_connect = self.app_key()?.is_some();
        Ok(view)
    }

    /// Switches to the real Dropbox (signed out until the user connects).
    async fn use_dropbox(&self) -> Result<Arc<Session>, CoreError> {
        let app_key = self.app_key()?.ok_or_else(|| CoreError::InvalidInput {
            field: "appKey",
            message: "Add your Dropbox app key in Settings to connect your own Dropbox.".into(),
        })?;
        let mut inner = self.inner.lock().await;
        if let Some(session) = &inner.session
            && session.mode() == BackendMode::Dropbox
        {
            return Ok(session.clone());
        }
        let paths = &self.config.paths;
        let storage = inner
            .storage
            .get_or_insert_with(|| Arc::new(open_token_storage(paths)))
            .clone();
        let session = Arc::new(Session::new(
            Connection {
                mode: BackendMode::Dropbox,
                hosts: self
                    .config
                    .dropbox_url
                    .as_ref()
                    .map_or_else(Hosts::dropbox, Hosts::single_origin),
                app_key,
                redirect_ports: self.redirect_ports()?,
            },
            TokenStorage {
                store: storage.store.clone(),
                problem: storage.problem.clone(),
                remembered: storage.remembered.clone(),
            },
            Browser::System(Arc::new(|url| {
                open::that_detached(url.as_str()).map_err(|e| e.to_string())
            })),
        ));
        inner.session = Some(session.clone());
        inner.demo = None;
        Ok(session)
    }

    /// Starts the demo Dropbox (once) and signs in to it, unless signed in already.
    pub async fn use_demo(&self) -> Result<Arc<Session>, CoreError> {
        let session = {
            let mut inner = self.inner.lock().await;
            match &inner.session {
                Some(session) if session.mode() == BackendMode::Demo => session.clone(),
                _ => {
                    let demo = demo::start(
                        self.config.demo_emulator_url.as_ref(),
                        &self.redirect_ports()?,
                        &self.config.paths.data_dir.join("demo"),
                    )
                    .await?;
                    // Demo tokens are worthless outside this run: memory only, never the keyring.
                    let session = Arc::new(Session::new(
                        demo.connection.clone(),
                        TokenStorage {
                            store: Arc::new(MemoryTokenStore::new()),
                            problem: None,
                            remembered: None,
                        },
                        Browser::AutoApprove,
                    ));
                    inner.session = Some(session.clone());
                    inner.demo = Some(demo);
                    session
                }
            }
        };
        if session.account().await.is_err() {
            session.sign_in_to_demo().await?;
        }
        Ok(session)
    }

    /// Puts the demo's data back as it was, then signs in again (a reset ends all sign-ins).
    pub async fn reset_demo(&self) -> Result<SessionView, CoreError> {
        self.session().await?;
        let (session, control) = {
            let inner = self.inner.lock().await;
            match (&inner.session, &inner.demo) {
                (Some(session), Some(demo)) => (session.clone(), demo.control.clone()),
                _ => {
                    return Err(CoreError::InvalidInput {
                        field: "demo",
                        message: "Reset demo data works in the demo only.".into(),
                    });
                }
            }
        };
        control.reset("demo").await.map_err(|error| {
            tracing::warn!(%error, "the demo's Dropbox did not take the reset");
            CoreError::Offline(
                "The demo's Dropbox did not answer, so nothing was reset. Try again.".into(),
            )
        })?;
        session.sign_out().await?;
        session.sign_in_to_demo().await?;
        self.view().await
    }

    /// "Connect Dropbox": opens the browser at Dropbox's consent page.
    pub async fn begin_sign_in(&self, paste_code: bool) -> Result<SignInStarted, CoreError> {
        self.use_dropbox().await?.begin_sign_in(paste_code).await
    }

    pub async fn finish_sign_in(&self) -> Result<SessionView, CoreError> {
        self.session().await?.finish_sign_in().await?;
        self.view().await
    }

    pub async fn sign_in_with_code(&self, code: &str) -> Result<SessionView, CoreError> {
        self.session().await?.sign_in_with_code(code).await?;
        self.view().await
    }

    pub async fn cancel_sign_in(&self) -> Result<(), CoreError> {
        self.session().await?.cancel_sign_in().await;
        Ok(())
    }

    /// Signs out. Leaving the demo goes to the first-run screen (or the Dropbox sign-in).
    pub async fn sign_out(&self) -> Result<SessionView, CoreError> {
        let session = self.session().await?;
        session.sign_out().await?;
        if session.mode() == BackendMode::Demo {
            let mut inner = self.inner.lock().await;
            inner.demo = None;
            inner.session = None;
            drop(inner);
            return match self.app_key()? {
                Some(_) => {
                    self.use_dropbox().await?;
                    self.view().await
                }
                None => Ok(SessionView {
                    mode: BackendMode::Dropbox,
                    account: None,
                    keyring_problem: None,
                    can_connect: false,
                    ended: None,
                    unreachable: false,
                }),
            };
        }
        self.view().await
    }
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
