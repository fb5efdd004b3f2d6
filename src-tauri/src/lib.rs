//! The desktop shell: Tauri wiring, thin commands over `dropdesk-core`, app state and logging.

mod appearance;
mod arrivals;
mod commands;
mod config;
mod demo;
mod desktop;
pub mod ipc;
mod logging;
mod menu;
mod navigation;
mod relay;
mod state;
mod webview;

use std::process::ExitCode;

use tauri::{Builder, Manager, Runtime};

pub use config::AppConfig;
pub use state::AppState;

/// Starts the app with the user's settings and environment.
pub fn run() -> ExitCode {
    let config = match AppConfig::from_environment() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("Dropdesk cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let log_guard = logging::init(&config.paths.log_dir);
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "starting Dropdesk");
    // The desktop's side of the app, not what the mock runtime's tests run: one instance per
    // session bus, and the window's place kept beside the settings.
    let builder = Builder::default()
        .plugin(desktop::single_instance())
        .plugin(desktop::window_state(&config.paths.config_dir))
        .plugin(desktop::keep_window_state(&config.paths.config_dir))
        .plugin(appearance::plugin(config.theme()))
        .plugin(menu::plugin());
    let app = run_app(builder, config).build(tauri::generate_context!());
    match app {
        Ok(app) => {
            // `run` would exit the process inside the event loop; `run_return` comes back, so
            // the log writer is flushed before exit.
            let code = app.run_return(|_, _| {});
            tracing::info!(code, "Dropdesk stopped");
            drop(log_guard);
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
        Err(error) => {
            tracing::error!(%error, "the window could not be created");
            eprintln!("Dropdesk cannot open its window: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The app's real wiring, for any runtime: `tauri::test::mock_builder()` drives it in tests.
pub fn run_app<R: Runtime>(builder: Builder<R>, config: AppConfig) -> Builder<R> {
    builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation::guard())
        .manage(AppState::new(config))
        .manage(arrivals::Opens::default())
        .manage(menu::WindowCommands::default())
        .setup(|app| {
            webview::tune(app);
            // The accounts are restored while WebKit starts and loads the page (the demo's
            // emulator started and signed in, the keyring read, Dropbox sign-ins renewed), so
            // that the window's first call finds them ready instead of starting them.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                if let Err(error) = handle.state::<AppState>().view().await {
                    tracing::info!(%error, "the accounts are restored when the window asks");
                }
                // Off the critical path: watching starts once the accounts are there.
                arrivals::start(handle);
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::get_session,
            commands::session::sign_in,
            commands::session::finish_sign_in,
            commands::session::sign_in_with_code,
            commands::session::cancel_sign_in,
            commands::session::sign_out,
            commands::session::switch_account,
            commands::session::remember,
            commands::session::try_demo,
            commands::session::set_notifies_arrivals,
            commands::session::watch_opens,
            commands::session::watch_menu,
            commands::session::reset_demo,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::settings::set_theme,
            commands::settings::open_logs_folder,
            commands::settings::open_external,
            commands::requests::list_requests,
            commands::requests::create_request,
            commands::requests::update_request,
            commands::requests::set_request_open,
            commands::requests::delete_request,
            commands::requests::delete_closed_requests,
            commands::requests::course_requests,
            commands::requests::set_course_requests_open,
            commands::requests::delete_closed_course_requests,
            commands::submissions::list_submissions,
            commands::submissions::submission_changes,
            commands::submissions::open_submission,
            commands::submissions::late_counts,
            commands::term::plan_term,
            commands::term::plan_term_from_csv,
            commands::term::plan_rollover,
            commands::term::preview_term,
            commands::term::create_term,
            commands::term::cancel_term,
            commands::links::share_link,
            commands::links::open_folder_on_dropbox,
            commands::folders::list_folders,
            commands::downloads::download_file,
            commands::downloads::download_all_submissions,
            commands::downloads::cancel_download,
            commands::downloads::get_download_folder,
            commands::downloads::open_download_folder,
            commands::downloads::choose_download_folder,
            commands::session::watch_waits,
            commands::paper::paper_availability,
            commands::paper::list_paper_docs,
            commands::paper::create_paper_doc,
            commands::paper::open_paper_doc,
            commands::paper::save_paper_doc,
            commands::paper::resolve_conflicts,
            commands::paper::add_paper_note,
            commands::paper::render_markdown,
            commands::paper::save_draft,
            commands::paper::list_drafts,
            commands::paper::discard_draft,
            commands::courses::list_courses,
            commands::courses::add_course,
            commands::courses::open_course,
            commands::courses::course_changes,
            commands::courses::edit_course,
            commands::courses::load_class_list,
            commands::courses::preview_class_list,
            commands::courses::import_class_list,
            commands::courses::export_course,
            commands::courses::email_students,
            commands::courses::course_request_counts,
        ])
}
