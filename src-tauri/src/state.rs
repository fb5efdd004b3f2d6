//! The app's state, managed by Tauri and shared by commands.

use dropdesk_core::CoreError;
use dropdesk_core::account::current_account;
use dropdesk_core::session::{BackendMode, SessionView};
use dropdesk_core::settings::{Backend, Settings};
use tokio::sync::OnceCell;

use crate::config::AppConfig;
use crate::demo::{self, DemoConnection};

pub struct AppState {
    config: AppConfig,
    /// Started on first use, so a failure is reported in the window (and retried) rather than
    /// stopping the app from opening.
    demo: OnceCell<DemoConnection>,
}

impl AppState {
    pub fn new(config: AppConfig) -> Self {
        Self {
            config,
            demo: OnceCell::new(),
        }
    }

    /// Who is signed in, and to which Dropbox.
    pub async fn session(&self) -> Result<SessionView, CoreError> {
        let settings = Settings::load(&self.config.paths, self.config.env_app_key.clone())?;
        match settings.backend() {
            Backend::Demo => {
                let demo = self
                    .demo
                    .get_or_try_init(|| demo::connect(self.config.demo_emulator_url.as_ref()))
                    .await?;
                Ok(SessionView {
                    mode: BackendMode::Demo,
                    account: Some(current_account(&demo.client).await?),
                })
            }
            Backend::Dropbox { .. } => Ok(SessionView {
                mode: BackendMode::Dropbox,
                account: None,
            }),
        }
    }
}
