//! The menu bar (File, Edit, View, Help), built from the core's shortcut table so that each
//! item shows its keys. An item's id is its [`Command`] as JSON. The window's commands (a
//! place, an account, New, Copy link, Save, Search, the shortcuts overlay) go to the window
//! on its channel; the shell carries out the rest itself: editing in the webview, zoom,
//! quitting. On GTK the accelerators take their keys before the webview sees them, so the
//! menu is the one way in for these keys in the app.

use std::sync::{Mutex, PoisonError};

use dropdesk_core::accounts::AccountEntry;
use dropdesk_core::session::BackendMode;
use dropdesk_core::shortcuts::{ACCOUNT_SHORTCUTS, Command, chord_of};
use dropdesk_core::whereabouts::Place;
use dropdesk_core::zoom;
use tauri::ipc::Channel;
use tauri::menu::{
    AboutMetadata, CheckMenuItemBuilder, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, Submenu,
    SubmenuBuilder,
};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};

use crate::desktop::MAIN_WINDOW;
use crate::state::AppState;

/// Where the window listens for the menu's commands.
#[derive(Default)]
pub struct WindowCommands {
    channel: Mutex<Option<Channel<Command>>>,
}

impl WindowCommands {
    /// The window's channel; a reloaded window replaces the old one.
    pub fn listen(&self, channel: Channel<Command>) {
        *self.channel.lock().unwrap_or_else(PoisonError::into_inner) = Some(channel);
    }

    fn send(&self, command: Command) {
        let channel = self.channel.lock().unwrap_or_else(PoisonError::into_inner);
        match channel.as_ref() {
            Some(channel) => {
                if let Err(error) = channel.send(command) {
                    tracing::info!(%error, "the window did not take the menu's command");
                }
            }
            None => tracing::info!("the window does not listen to the menu yet"),
        }
    }
}

/// Asks the account submenu to be drawn again (a click on a check item flips its mark).
#[derive(Default)]
struct Redraw(tokio::sync::Notify);

/// The menu bar, its commands, and the zoom the window was left at.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("menu-bar")
        .setup(|app, _api| {
            app.manage(Redraw::default());
            let accounts = install(app)?;
            let handle = app.clone();
            tauri::async_runtime::spawn(follow_accounts(handle, accounts));
            Ok(())
        })
        .on_webview_ready(|webview| {
            let percent = webview.app_handle().state::<AppState>().zoom();
            if percent != zoom::ACTUAL
                && let Err(error) = webview.set_zoom(zoom::factor(percent))
            {
                tracing::info!(%error, "the window opens at actual size");
            }
        })
        .build()
}

fn id(command: Command) -> String {
    serde_json::to_string(&command).unwrap_or_default()
}

/// Builds the menu bar and hands back the account submenu, filled as accounts come and go.
fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Submenu<R>> {
    let item = |command: Command, text: &str| {
        let mut builder = MenuItemBuilder::with_id(id(command), text);
        if let Some(chord) = chord_of(command) {
            builder = builder.accelerator(chord.accelerator());
        }
        builder.build(app)
    };
    let place = |place: Place, mnemonic: &str| item(Command::OpenPlace { place }, mnemonic);

    let accounts = SubmenuBuilder::new(app, "Switch &account").build()?;
    let file = SubmenuBuilder::new(app, "&File")
        .item(&item(Command::New, "&New request or doc")?)
        .item(&item(Command::Save, "&Save doc")?)
        .item(&item(Command::CopyLink, "Copy &link")?)
        .separator()
        .item(&accounts)
        .separator()
        .item(&item(Command::Quit, "&Quit")?)
        .build()?;
    let edit = SubmenuBuilder::new(app, "&Edit")
        .item(&item(Command::Undo, "&Undo")?)
        .item(&item(Command::Redo, "&Redo")?)
        .separator()
        .item(&item(Command::Cut, "Cu&t")?)
        .item(&item(Command::Copy, "&Copy")?)
        .item(&item(Command::Paste, "&Paste")?)
        .item(&item(Command::SelectAll, "Select &all")?)
        .separator()
        .item(&item(Command::Find, "&Search")?)
        .build()?;
    let view = SubmenuBuilder::new(app, "&View")
        .item(&place(Place::Requests, "&File requests")?)
        .item(&place(Place::Courses, "&Courses")?)
        .item(&place(Place::Paper, "&Paper docs")?)
        .item(&place(Place::Settings, "S&ettings")?)
        .separator()
        .item(&item(Command::ZoomIn, "Zoom &in")?)
        .item(&item(Command::ZoomOut, "Zoom &out")?)
        .item(&item(Command::ZoomReset, "&Actual size")?)
        .build()?;
    let about = AboutMetadata {
        name: Some("Dropdesk".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        comments: Some("Homework file requests, submissions and notes in Dropbox.".into()),
        license: Some("MIT".into()),
        ..AboutMetadata::default()
    };
    let help = SubmenuBuilder::new(app, "&Help")
        .item(&item(Command::ShowShortcuts, "&Keyboard shortcuts")?)
        .separator()
        .item(&PredefinedMenuItem::about(
            app,
            Some("&About Dropdesk"),
            Some(about),
        )?)
        .build()?;
    let bar = MenuBuilder::new(app)
        .items(&[&file, &edit, &view, &help])
        .build()?;
    app.set_menu(bar)?;
    app.on_menu_event(|app, event| {
        // The predefined item (About) does its own work.
        if let Ok(command) = serde_json::from_str::<Command>(event.id().as_ref()) {
            carry_out(app, command);
        }
    });
    Ok(accounts)
}

/// Does what a menu item (or its keys) asks.
fn carry_out<R: Runtime>(app: &AppHandle<R>, command: Command) {
    tracing::debug!(?command, "menu");
    if let Command::SwitchAccount { .. } = command {
        app.state::<Redraw>().0.notify_one();
    }
    if command.is_the_windows() {
        app.state::<WindowCommands>().send(command);
        return;
    }
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    match command {
        Command::Undo => edit(&window, "Undo"),
        Command::Redo => edit(&window, "Redo"),
        Command::Cut => edit(&window, "Cut"),
        Command::Copy => edit(&window, "Copy"),
        Command::Paste => edit(&window, "Paste"),
        Command::SelectAll => edit(&window, "SelectAll"),
        Command::ZoomIn => set_zoom(app, &window, zoom::zoomed_in),
        Command::ZoomOut => set_zoom(app, &window, zoom::zoomed_out),
        Command::ZoomReset => set_zoom(app, &window, |_| zoom::ACTUAL),
        Command::Quit => {
            if let Err(error) = window.close() {
                tracing::warn!(%error, "the window could not be closed");
            }
        }
        _ => {}
    }
}

/// One of WebKit's editing commands on whatever has the focus in the page.
fn edit<R: Runtime>(window: &tauri::WebviewWindow<R>, command: &'static str) {
    let done = window.with_webview(move |webview| {
        #[cfg(target_os = "linux")]
        webkit2gtk::WebViewExt::execute_editing_command(&webview.inner(), command);
        #[cfg(not(target_os = "linux"))]
        let _ = (webview, command);
    });
    if let Err(error) = done {
        tracing::info!(%error, command, "the editing command did not reach the page");
    }
}

fn set_zoom<R: Runtime>(
    app: &AppHandle<R>,
    window: &tauri::WebviewWindow<R>,
    next: impl Fn(u16) -> u16,
) {
    let state = app.state::<AppState>();
    let percent = next(state.zoom());
    if let Err(error) = window.set_zoom(zoom::factor(percent)) {
        tracing::warn!(%error, "the window could not be zoomed");
        return;
    }
    tracing::info!(percent, "zoom");
    if let Err(error) = state.set_zoom(percent) {
        tracing::warn!(%error, "the zoom could not be kept for the next start");
    }
}

/// Keeps the account submenu as the accounts are: one item per account (the first nine with
/// Ctrl+Shift+1 … 9), the active one checked.
async fn follow_accounts<R: Runtime>(app: AppHandle<R>, submenu: Submenu<R>) {
    let mut changes = app.state::<AppState>().account_changes();
    loop {
        let entries = app.state::<AppState>().account_entries().await;
        if let Err(error) = fill(&app, &submenu, &entries) {
            tracing::warn!(%error, "the account menu could not be drawn");
        }
        let redraw = app.state::<Redraw>();
        tokio::select! {
            changed = changes.changed() => if changed.is_err() { return },
            () = redraw.0.notified() => {}
        }
    }
}

fn fill<R: Runtime>(
    app: &AppHandle<R>,
    submenu: &Submenu<R>,
    entries: &[AccountEntry],
) -> tauri::Result<()> {
    for _ in 0..submenu.items()?.len() {
        submenu.remove_at(0)?;
    }
    if entries.is_empty() {
        let none = MenuItemBuilder::new("No account yet")
            .enabled(false)
            .build(app)?;
        return submenu.append(&none);
    }
    for (index, entry) in (0..ACCOUNT_SHORTCUTS).zip(entries) {
        let command = Command::SwitchAccount { index };
        let mut builder =
            CheckMenuItemBuilder::with_id(id(command), account_label(entry)).checked(entry.active);
        if let Some(chord) = chord_of(command) {
            builder = builder.accelerator(chord.accelerator());
        }
        submenu.append(&builder.build(app)?)?;
    }
    Ok(())
}

/// An account's name as a menu item shows it: one line, no mnemonic, the demo said.
fn account_label(entry: &AccountEntry) -> String {
    let name: String = entry
        .display_name
        .chars()
        .filter(|c| !c.is_control())
        .take(60)
        .collect::<String>()
        .replace('&', "&&");
    match entry.mode {
        BackendMode::Demo => format!("{name} (demo)"),
        BackendMode::Dropbox => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_name_is_one_line_and_never_a_mnemonic() {
        let entry = AccountEntry {
            key: "dbid:1".into(),
            mode: BackendMode::Dropbox,
            display_name: "Tom & Jerry\nDept".into(),
            email: String::new(),
            team: None,
            active: true,
            signed_in: true,
        };
        assert_eq!(account_label(&entry), "Tom && JerryDept");
    }
}
