//! The keyboard shortcuts, in one table: the menu bar takes its items and accelerators from
//! it, the window matches keys against it where there is no menu bar (a page in a browser),
//! and Help → Keyboard shortcuts lists it. A key combination is written as the DOM's
//! `KeyboardEvent.code` names it (`Digit1`, `KeyN`, `Equal`), which is also what the menu's
//! accelerators are parsed from.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::whereabouts::Place;

/// What a menu item or a shortcut asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Command {
    /// One of the sidebar's places.
    OpenPlace {
        place: Place,
    },
    /// The account listed at `index` (0 for the first) becomes the active one.
    SwitchAccount {
        index: u8,
    },
    /// A new request or doc, by place.
    New,
    /// Copies the selected request's or doc's link.
    CopyLink,
    /// Saves the open doc.
    Save,
    /// Moves the focus to the place's search box.
    Find,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    SelectAll,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    /// Help → Keyboard shortcuts.
    ShowShortcuts,
    Quit,
}

impl Command {
    /// Whether the window carries this out (it knows the place, the selection, the form);
    /// the others are the shell's: editing in the webview, zoom, quitting.
    pub fn is_the_windows(self) -> bool {
        matches!(
            self,
            Self::OpenPlace { .. }
                | Self::SwitchAccount { .. }
                | Self::New
                | Self::CopyLink
                | Self::Save
                | Self::Find
                | Self::ShowShortcuts
        )
    }
}

/// A key combination: Ctrl (⌘ on a Mac) and Shift or not, and a key by its `code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Chord {
    pub ctrl: bool,
    pub shift: bool,
    /// The key as `KeyboardEvent.code` names it: `Digit1`, `KeyN`, `Equal`, `Minus`, `Slash`.
    pub code: String,
}

impl Chord {
    fn ctrl(code: &str) -> Self {
        Self {
            ctrl: true,
            shift: false,
            code: code.to_owned(),
        }
    }

    fn ctrl_shift(code: &str) -> Self {
        Self {
            shift: true,
            ..Self::ctrl(code)
        }
    }

    /// The menu's accelerator for it (`CmdOrCtrl+Shift+Digit1`).
    pub fn accelerator(&self) -> String {
        let mut parts = Vec::new();
        if self.ctrl {
            parts.push("CmdOrCtrl");
        }
        if self.shift {
            parts.push("Shift");
        }
        parts.push(&self.code);
        parts.join("+")
    }

    /// How a person reads it: `Ctrl+Shift+1`, `Ctrl+=`.
    pub fn words(&self) -> String {
        let mut words = String::new();
        if self.ctrl {
            words.push_str("Ctrl+");
        }
        if self.shift {
            words.push_str("Shift+");
        }
        words.push_str(key_name(&self.code));
        words
    }
}

fn key_name(code: &str) -> &str {
    match code {
        "Equal" => "=",
        "Minus" => "-",
        "Slash" => "/",
        _ => code
            .strip_prefix("Digit")
            .or_else(|| code.strip_prefix("Key"))
            .unwrap_or(code),
    }
}

/// The groups of Help → Keyboard shortcuts, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ShortcutGroup {
    Places,
    Actions,
    Lists,
    Editing,
    View,
}

/// One line of Help → Keyboard shortcuts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Shortcut {
    pub group: ShortcutGroup,
    /// What it does, in words.
    pub action: String,
    /// The keys as a person reads them.
    pub keys: String,
    /// The combination the menu and the window take; `None` for keys that lists, dialogs and
    /// editors take themselves (arrows, Enter, Esc).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chord: Option<Chord>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
    /// The window carries the command out (see [`Command::is_the_windows`]): where there is
    /// no menu bar, the window takes these keys itself and leaves the others to the browser.
    pub by_window: bool,
}

/// How many accounts have a shortcut (Ctrl+Shift+1 … 9).
pub const ACCOUNT_SHORTCUTS: u8 = 9;

fn bound(group: ShortcutGroup, action: &str, chord: Chord, command: Command) -> Shortcut {
    Shortcut {
        group,
        action: action.to_owned(),
        keys: chord.words(),
        chord: Some(chord),
        command: Some(command),
        by_window: command.is_the_windows(),
    }
}

fn described(group: ShortcutGroup, action: &str, keys: &str) -> Shortcut {
    Shortcut {
        group,
        action: action.to_owned(),
        keys: keys.to_owned(),
        chord: None,
        command: None,
        by_window: false,
    }
}

/// The places' names, as the sidebar shows them.
pub fn place_name(place: Place) -> &'static str {
    match place {
        Place::Requests => "File requests",
        Place::Courses => "Courses",
        Place::Paper => "Paper docs",
        Place::Settings => "Settings",
    }
}

/// Every shortcut, bound ones first in menu order within their group.
pub fn shortcuts() -> Vec<Shortcut> {
    use ShortcutGroup::{Actions, Editing, Lists, Places, View};
    let mut all = Vec::new();
    for (digit, place) in [
        (1, Place::Requests),
        (2, Place::Courses),
        (3, Place::Paper),
        (4, Place::Settings),
    ] {
        all.push(bound(
            Places,
            place_name(place),
            Chord::ctrl(&format!("Digit{digit}")),
            Command::OpenPlace { place },
        ));
    }
    // Each account has its menu item; Help lists the nine as one line.
    all.extend((0..ACCOUNT_SHORTCUTS).map(|index| {
        bound(
            Places,
            &format!("Account {}", index + 1),
            Chord::ctrl_shift(&format!("Digit{}", index + 1)),
            Command::SwitchAccount { index },
        )
    }));
    all.push(described(Places, "Switch account", "Ctrl+Shift+1 … 9"));
    all.extend([
        bound(
            Actions,
            "New request or doc",
            Chord::ctrl("KeyN"),
            Command::New,
        ),
        bound(
            Actions,
            "Copy the selected request's or doc's link",
            Chord::ctrl("KeyL"),
            Command::CopyLink,
        ),
        bound(Actions, "Save the doc", Chord::ctrl("KeyS"), Command::Save),
        bound(Actions, "Search", Chord::ctrl("KeyF"), Command::Find),
        bound(Editing, "Undo", Chord::ctrl("KeyZ"), Command::Undo),
        bound(Editing, "Redo", Chord::ctrl_shift("KeyZ"), Command::Redo),
        bound(Editing, "Cut", Chord::ctrl("KeyX"), Command::Cut),
        bound(Editing, "Copy", Chord::ctrl("KeyC"), Command::Copy),
        bound(Editing, "Paste", Chord::ctrl("KeyV"), Command::Paste),
        bound(
            Editing,
            "Select all",
            Chord::ctrl("KeyA"),
            Command::SelectAll,
        ),
        bound(View, "Zoom in", Chord::ctrl("Equal"), Command::ZoomIn),
        bound(View, "Zoom out", Chord::ctrl("Minus"), Command::ZoomOut),
        bound(
            View,
            "Actual size",
            Chord::ctrl("Digit0"),
            Command::ZoomReset,
        ),
        bound(
            View,
            "Keyboard shortcuts",
            Chord::ctrl("Slash"),
            Command::ShowShortcuts,
        ),
        bound(Actions, "Quit", Chord::ctrl("KeyQ"), Command::Quit),
        described(Lists, "Move in a list", "↑ ↓"),
        described(Lists, "First or last", "Home End"),
        described(Lists, "A page up or down", "PageUp PageDown"),
        described(Lists, "Open the selected item", "Enter"),
        described(Lists, "In the course grid: missing only", "M"),
        described(Editing, "In a merge: next or previous conflict", "J K"),
        described(Editing, "In a merge: keep theirs, yours or both", "1 2 3"),
        described(Actions, "Close the dialog, back to where you were", "Esc"),
    ]);
    all
}

/// The shortcut of `command`, if it has one.
pub fn chord_of(command: Command) -> Option<Chord> {
    shortcuts()
        .into_iter()
        .find(|s| s.command == Some(command))
        .and_then(|s| s.chord)
}

/// The table as a TypeScript module for the window (written beside the ts-rs bindings).
pub fn typescript_module() -> String {
    let table = serde_json::to_string_pretty(&shortcuts()).unwrap_or_else(|_| "[]".to_owned());
    format!(
        "// Generated from crates/dropdesk-core/src/shortcuts.rs: do not edit.\n\
         import type {{ Shortcut }} from './Shortcut';\n\n\
         export const SHORTCUTS: readonly Shortcut[] = {table};\n"
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn no_two_shortcuts_share_keys_or_a_command() {
        let all = shortcuts();
        let chords: Vec<String> = all
            .iter()
            .filter_map(|s| s.chord.as_ref().map(Chord::accelerator))
            .collect();
        let unique: HashSet<&String> = chords.iter().collect();
        assert_eq!(unique.len(), chords.len(), "{chords:?}");
        let commands: Vec<Command> = all.iter().filter_map(|s| s.command).collect();
        let unique: HashSet<&Command> = commands.iter().collect();
        assert_eq!(unique.len(), commands.len());
    }

    #[test]
    fn the_keys_of_ux_md_are_there_as_a_person_reads_them() {
        let keys = |command| chord_of(command).map(|c| c.words());
        assert_eq!(
            keys(Command::OpenPlace {
                place: Place::Courses
            })
            .as_deref(),
            Some("Ctrl+2")
        );
        assert_eq!(
            keys(Command::SwitchAccount { index: 8 }).as_deref(),
            Some("Ctrl+Shift+9")
        );
        assert_eq!(keys(Command::New).as_deref(), Some("Ctrl+N"));
        assert_eq!(keys(Command::CopyLink).as_deref(), Some("Ctrl+L"));
        assert_eq!(keys(Command::Save).as_deref(), Some("Ctrl+S"));
        assert_eq!(keys(Command::Find).as_deref(), Some("Ctrl+F"));
        assert_eq!(keys(Command::ZoomIn).as_deref(), Some("Ctrl+="));
        assert_eq!(keys(Command::ZoomOut).as_deref(), Some("Ctrl+-"));
        assert_eq!(keys(Command::ZoomReset).as_deref(), Some("Ctrl+0"));
        assert!(shortcuts().iter().any(|s| s.keys == "Esc"));
    }

    #[test]
    fn accelerators_are_written_as_the_menu_parses_them() {
        assert_eq!(
            chord_of(Command::SwitchAccount { index: 0 })
                .unwrap()
                .accelerator(),
            "CmdOrCtrl+Shift+Digit1"
        );
        assert_eq!(
            chord_of(Command::ZoomIn).unwrap().accelerator(),
            "CmdOrCtrl+Equal"
        );
    }

    #[test]
    fn a_command_goes_through_its_menu_id_and_back() {
        for command in shortcuts().iter().filter_map(|s| s.command) {
            let id = serde_json::to_string(&command).unwrap();
            assert_eq!(serde_json::from_str::<Command>(&id).unwrap(), command);
        }
    }

    #[test]
    fn export_bindings_shortcut_table() {
        // Set for every cargo command by .cargo/config.toml.
        let dir = std::env::var("TS_RS_EXPORT_DIR").expect("TS_RS_EXPORT_DIR is set");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join("shortcuts.ts"),
            typescript_module(),
        )
        .unwrap();
    }
}
