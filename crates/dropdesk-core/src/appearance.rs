//! Light or dark: as the user chose in Settings, or as the desktop says. The desktop's word is
//! the freedesktop appearance portal's `color-scheme` (GNOME's and KDE's dark style switch),
//! which WebKitGTK's `prefers-color-scheme` does not always follow; where the portal has no
//! preference, the toolkit's own theme decides.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the user chose in Settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ThemeChoice {
    /// As the desktop says.
    #[default]
    System,
    Light,
    Dark,
}

/// The window's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

/// The portal's `org.freedesktop.appearance` `color-scheme`: 1 prefers dark, 2 prefers light,
/// 0 (and anything newer) no preference.
pub fn portal_scheme(color_scheme: u32) -> Option<Scheme> {
    match color_scheme {
        1 => Some(Scheme::Dark),
        2 => Some(Scheme::Light),
        _ => None,
    }
}

/// The scheme the window takes: the user's choice, else the desktop's preference; `None`
/// leaves it to the toolkit's theme.
pub fn scheme(choice: ThemeChoice, desktop: Option<Scheme>) -> Option<Scheme> {
    match choice {
        ThemeChoice::Light => Some(Scheme::Light),
        ThemeChoice::Dark => Some(Scheme::Dark),
        ThemeChoice::System => desktop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_wins_over_the_desktop_and_system_follows_it() {
        for desktop in [None, Some(Scheme::Light), Some(Scheme::Dark)] {
            assert_eq!(scheme(ThemeChoice::Dark, desktop), Some(Scheme::Dark));
            assert_eq!(scheme(ThemeChoice::Light, desktop), Some(Scheme::Light));
            assert_eq!(scheme(ThemeChoice::System, desktop), desktop);
        }
    }

    #[test]
    fn the_portal_says_dark_light_or_nothing() {
        assert_eq!(portal_scheme(1), Some(Scheme::Dark));
        assert_eq!(portal_scheme(2), Some(Scheme::Light));
        assert_eq!(portal_scheme(0), None);
        assert_eq!(portal_scheme(7), None);
    }
}
