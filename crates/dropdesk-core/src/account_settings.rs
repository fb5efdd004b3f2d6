//! What Dropdesk keeps for one Dropbox account: the folders the user named as courses, and the
//! own folder their paths were written for, kept as JSON under the config directory
//! (`accounts/<account id>.json`).
//!
//! Paths are Dropbox's, so they follow the account's space. A course named before the team
//! space was used (`/Courses/CS101`, relative to the member's own folder) is read as
//! `/Ada Lovelace/Courses/CS101` once it is; when the member leaves the team, their own
//! folder's prefix goes again. The file is rewritten for the new space the first time it is
//! read there.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::paths::{AppPaths, file_safe, write_atomically};
use crate::settings::Settings;
use crate::space::Space;
use crate::whereabouts::{Place, Whereabouts};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// Dropbox folders the user named as courses (beside those found from the requests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<String>,
    /// The member's own folder in the team space that `courses` were written for; `None`
    /// when they start at the account's own top (a personal account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub courses_home: Option<String>,
    /// Where this account's downloads go; `None`: the folder chosen before folders were kept
    /// per account, else the system's Downloads folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_folder: Option<PathBuf>,
    /// Where the window was when the account was last used.
    #[serde(default, skip_serializing_if = "Whereabouts::is_empty")]
    pub window: Whereabouts,
    /// No desktop notifications when submissions arrive (they are on unless turned off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mute_arrivals: bool,
    /// The place alone, as it was kept before the rest of the window was: read into `window`.
    #[serde(default, skip_serializing)]
    last_place: Option<Place>,
}

impl AccountSettings {
    fn file(paths: &AppPaths, account_id: &str) -> PathBuf {
        paths
            .config_dir
            .join("accounts")
            .join(format!("{}.json", file_safe(account_id)))
    }

    /// The account's settings. The first account read takes the courses kept before
    /// settings were kept per account.
    pub fn load(paths: &AppPaths, account_id: &str) -> Result<Self, CoreError> {
        let path = Self::file(paths, account_id);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let mut settings: Self =
                    serde_json::from_slice(&bytes).map_err(|e| CoreError::InvalidInput {
                        field: "settings",
                        message: format!(
                            "The account settings file {} could not be read ({e}). Fix or delete it.",
                            path.display()
                        ),
                    })?;
                if let Some(place) = settings.last_place.take() {
                    settings.window.place = settings.window.place.or(Some(place));
                }
                Ok(settings)
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let courses = Settings::take_courses(paths)?;
                let adopted = Self {
                    courses,
                    ..Self::default()
                };
                if !adopted.courses.is_empty() {
                    adopted.write(paths, account_id)?;
                }
                Ok(adopted)
            }
            Err(source) => Err(CoreError::Storage {
                action: "read",
                path: path.display().to_string(),
                source,
            }),
        }
    }

    fn write(&self, paths: &AppPaths, account_id: &str) -> Result<(), CoreError> {
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| CoreError::Internal(format!("account settings: {e}")))?;
        write_atomically(&Self::file(paths, account_id), &bytes)
    }

    /// Reads the file, changes it and writes it back, with no other change in between.
    fn change(
        paths: &AppPaths,
        account_id: &str,
        change: impl FnOnce(&mut Self),
    ) -> Result<Self, CoreError> {
        let _turn = one_change_at_a_time();
        Self::change_in_turn(paths, account_id, change)
    }

    /// [`Self::change`] for a caller that holds the turn.
    fn change_in_turn(
        paths: &AppPaths,
        account_id: &str,
        change: impl FnOnce(&mut Self),
    ) -> Result<Self, CoreError> {
        let mut settings = Self::load(paths, account_id)?;
        change(&mut settings);
        settings.write(paths, account_id)?;
        Ok(settings)
    }

    /// Where the account's downloads go, ready to write into (see
    /// [`Settings::download_folder_ready`]).
    pub fn download_folder_ready(paths: &AppPaths, account_id: &str) -> Result<PathBuf, CoreError> {
        let own = Self::load(paths, account_id)?.download_folder;
        let chosen = match own {
            Some(folder) => Some(folder),
            None => Settings::load_file(paths)?.download_folder,
        };
        crate::settings::ready_folder(chosen.as_deref(), paths)
    }

    /// Remembers `folder` (a folder on this computer) for the account's downloads.
    pub fn set_download_folder(
        paths: &AppPaths,
        account_id: &str,
        folder: &std::path::Path,
    ) -> Result<(), CoreError> {
        crate::settings::check_download_folder(folder)?;
        Self::change(paths, account_id, |s| {
            s.download_folder = Some(folder.to_path_buf());
        })
        .map(drop)
    }

    /// Where the window was when the account was last used; nothing when that cannot be
    /// read (the window then opens as for a new account).
    pub fn whereabouts(paths: &AppPaths, account_id: &str) -> Whereabouts {
        Self::load(paths, account_id)
            .map(|s| s.window)
            .unwrap_or_default()
    }

    /// Whether arriving submissions raise desktop notifications; on when the settings cannot
    /// be read (the user can still turn them off).
    pub fn notifies_arrivals(paths: &AppPaths, account_id: &str) -> bool {
        Self::load(paths, account_id).map_or(true, |s| !s.mute_arrivals)
    }

    /// Turns the account's notifications of arriving submissions on or off.
    pub fn set_notifies_arrivals(
        paths: &AppPaths,
        account_id: &str,
        on: bool,
    ) -> Result<(), CoreError> {
        Self::change(paths, account_id, |s| s.mute_arrivals = !on).map(drop)
    }

    /// Remembers what `newer` sets of the window; keeps the rest.
    pub fn remember(
        paths: &AppPaths,
        account_id: &str,
        newer: &Whereabouts,
    ) -> Result<(), CoreError> {
        Self::change(paths, account_id, |s| s.window.update(newer)).map(drop)
    }

    /// The named course folders as paths of `space`, the file rewritten when they moved.
    pub fn courses_in(
        paths: &AppPaths,
        account_id: &str,
        space: &Space,
    ) -> Result<Vec<String>, CoreError> {
        let _turn = one_change_at_a_time();
        Self::courses_in_turn(paths, account_id, space)
    }

    fn courses_in_turn(
        paths: &AppPaths,
        account_id: &str,
        space: &Space,
    ) -> Result<Vec<String>, CoreError> {
        let mut settings = Self::load(paths, account_id)?;
        let home = space.own_folder();
        if settings.courses_home.as_deref() != home {
            settings.courses = settings
                .courses
                .iter()
                .map(|folder| moved(folder, settings.courses_home.as_deref(), home))
                .collect();
            settings.courses_home = home.map(str::to_owned);
            if !settings.courses.is_empty() {
                settings.write(paths, account_id)?;
            }
        }
        Ok(settings.courses)
    }

    /// Remembers `folder` (a path of `space`) as a course; naming one twice keeps one.
    pub fn add_course(
        paths: &AppPaths,
        account_id: &str,
        space: &Space,
        folder: &str,
    ) -> Result<Vec<String>, CoreError> {
        let _turn = one_change_at_a_time();
        let mut courses = Self::courses_in_turn(paths, account_id, space)?;
        if !courses
            .iter()
            .any(|c| c.to_lowercase() == folder.to_lowercase())
        {
            courses.push(folder.to_owned());
        }
        let settings = Self::change_in_turn(paths, account_id, |s| {
            s.courses = courses;
            s.courses_home = space.own_folder().map(str::to_owned);
        })?;
        Ok(settings.courses)
    }
}

/// Changes to the files go one at a time. The window's commands run at once, and two of
/// them changing different things (the place and the selected request, which the window
/// remembers within moments of each other) would each write back what it had read, and the
/// first change would be lost.
static CHANGES: Mutex<()> = Mutex::new(());

fn one_change_at_a_time() -> MutexGuard<'static, ()> {
    CHANGES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `folder`, written for the own folder `from`, as a path for the own folder `to` (`None`:
/// the account's top). A team folder stays as it is.
fn moved(folder: &str, from: Option<&str>, to: Option<&str>) -> String {
    let relative = match from {
        None => Some(folder),
        Some(home) => strip_folder(folder, home),
    };
    match (relative, to) {
        (Some(rest), Some(home)) => format!("{home}{rest}"),
        (Some(rest), None) => rest.to_owned(),
        (None, _) => folder.to_owned(),
    }
}

/// What follows `home` in `folder` (`""` for `home` itself), ignoring case as Dropbox does.
fn strip_folder<'a>(folder: &'a str, home: &str) -> Option<&'a str> {
    let head = folder.get(..home.len())?;
    let rest = &folder[home.len()..];
    (head.to_lowercase() == home.to_lowercase() && (rest.is_empty() || rest.starts_with('/')))
        .then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whereabouts::RequestSort;

    fn team(home: &str) -> Space {
        Space::Team { home: home.into() }
    }

    #[test]
    fn changes_made_at_once_are_all_kept() {
        // The window remembers the place, the request and the doc within moments of each
        // other; each command runs on its own thread.
        for round in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let paths = AppPaths::under(dir.path());
            let changes = [
                Whereabouts {
                    place: Some(Place::Paper),
                    ..Whereabouts::default()
                },
                Whereabouts {
                    request_id: Some("id:request".into()),
                    ..Whereabouts::default()
                },
                Whereabouts {
                    doc_id: Some("id:doc".into()),
                    ..Whereabouts::default()
                },
                Whereabouts {
                    request_sort: Some(RequestSort::Created),
                    ..Whereabouts::default()
                },
            ];
            std::thread::scope(|scope| {
                for change in &changes {
                    let paths = &paths;
                    scope
                        .spawn(move || AccountSettings::remember(paths, "dbid:a", change).unwrap());
                }
                scope.spawn(|| {
                    AccountSettings::set_notifies_arrivals(&paths, "dbid:a", false).unwrap()
                });
            });
            let kept = AccountSettings::whereabouts(&paths, "dbid:a");
            assert_eq!(
                kept,
                Whereabouts {
                    place: Some(Place::Paper),
                    request_id: Some("id:request".into()),
                    doc_id: Some("id:doc".into()),
                    request_filter: None,
                    request_sort: Some(RequestSort::Created),
                },
                "round {round}"
            );
            assert!(
                !AccountSettings::notifies_arrivals(&paths, "dbid:a"),
                "round {round}"
            );
        }
    }

    #[test]
    fn courses_kept_before_settings_were_per_account_go_to_the_first_account() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        std::fs::create_dir_all(&paths.config_dir).unwrap();
        std::fs::write(
            paths.settings_file(),
            r#"{"courses": ["/Courses/CS101", "/Courses/MA201"]}"#,
        )
        .unwrap();
        let ada = AccountSettings::courses_in(&paths, "dbid:ada", &Space::Personal).unwrap();
        assert_eq!(ada, ["/Courses/CS101", "/Courses/MA201"]);
        let grace = AccountSettings::courses_in(&paths, "dbid:grace", &Space::Personal).unwrap();
        assert!(grace.is_empty(), "another account's courses: {grace:?}");
        assert!(Settings::load_file(&paths).unwrap().courses.is_empty());
        // Still the first account's after a restart.
        let again = AccountSettings::courses_in(&paths, "dbid:ada", &Space::Personal).unwrap();
        assert_eq!(again.len(), 2);
    }

    #[test]
    fn named_courses_follow_the_account_into_and_out_of_a_team_space() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        let id = "dbid:ada";
        AccountSettings::add_course(&paths, id, &Space::Personal, "/Courses/CS101").unwrap();

        // Joined a team: the folder is inside their own folder now.
        let in_team = AccountSettings::courses_in(&paths, id, &team("/Ada Lovelace")).unwrap();
        assert_eq!(in_team, ["/Ada Lovelace/Courses/CS101"]);
        let named =
            AccountSettings::add_course(&paths, id, &team("/Ada Lovelace"), "/CS Department/CS102")
                .unwrap();
        assert_eq!(
            named,
            ["/Ada Lovelace/Courses/CS101", "/CS Department/CS102"]
        );
        let twice =
            AccountSettings::add_course(&paths, id, &team("/Ada Lovelace"), "/cs department/cs102")
                .unwrap();
        assert_eq!(twice.len(), 2);

        // Their own folder renamed, then the team left: team folders stay as they were.
        let renamed = AccountSettings::courses_in(&paths, id, &team("/Ada King")).unwrap();
        assert_eq!(renamed, ["/Ada King/Courses/CS101", "/CS Department/CS102"]);
        let left = AccountSettings::courses_in(&paths, id, &Space::Personal).unwrap();
        assert_eq!(left, ["/Courses/CS101", "/CS Department/CS102"]);
    }

    #[test]
    fn each_account_has_its_download_folder_and_last_place() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        let (ada, grace) = ("dbid:ada", "dbid:grace");
        // Before folders were per account, one was chosen for all: both start there.
        let before = dir.path().join("Before");
        std::fs::create_dir_all(&before).unwrap();
        Settings::set_download_folder(&paths, &before).unwrap();
        assert_eq!(
            AccountSettings::download_folder_ready(&paths, ada).unwrap(),
            before
        );
        let mine = dir.path().join("Ada's");
        std::fs::create_dir_all(&mine).unwrap();
        AccountSettings::set_download_folder(&paths, ada, &mine).unwrap();
        assert_eq!(
            AccountSettings::download_folder_ready(&paths, ada).unwrap(),
            mine
        );
        assert_eq!(
            AccountSettings::download_folder_ready(&paths, grace).unwrap(),
            before
        );
        let missing = AccountSettings::set_download_folder(&paths, grace, &dir.path().join("nope"));
        assert_eq!(missing.unwrap_err().field(), Some("downloadFolder"));

        let courses = Whereabouts {
            place: Some(Place::Courses),
            ..Whereabouts::default()
        };
        AccountSettings::remember(&paths, ada, &courses).unwrap();
        assert_eq!(AccountSettings::whereabouts(&paths, ada), courses);
        assert!(AccountSettings::whereabouts(&paths, grace).is_empty());
        let sorted = Whereabouts {
            request_id: Some("id:hw3".into()),
            request_sort: Some(RequestSort::Created),
            ..Whereabouts::default()
        };
        AccountSettings::remember(&paths, ada, &sorted).unwrap();
        // Naming a course keeps the rest.
        AccountSettings::add_course(&paths, ada, &Space::Personal, "/Courses/CS101").unwrap();
        assert_eq!(
            AccountSettings::download_folder_ready(&paths, ada).unwrap(),
            mine
        );
        let kept = AccountSettings::whereabouts(&paths, ada);
        assert_eq!(kept.place, Some(Place::Courses));
        assert_eq!(kept.request_id.as_deref(), Some("id:hw3"));
        assert_eq!(kept.request_sort, Some(RequestSort::Created));
    }

    #[test]
    fn a_place_kept_before_the_rest_of_the_window_is_read_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        let file = AccountSettings::file(&paths, "dbid:ada");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, r#"{"courses":["/CS101"],"last_place":"paper"}"#).unwrap();
        assert_eq!(
            AccountSettings::whereabouts(&paths, "dbid:ada").place,
            Some(Place::Paper)
        );
        let sorted = Whereabouts {
            request_sort: Some(RequestSort::Deadline),
            ..Whereabouts::default()
        };
        AccountSettings::remember(&paths, "dbid:ada", &sorted).unwrap();
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(!written.contains("last_place"), "{written}");
        let kept = AccountSettings::whereabouts(&paths, "dbid:ada");
        assert_eq!(kept.place, Some(Place::Paper));
        assert_eq!(kept.request_sort, Some(RequestSort::Deadline));
    }

    #[test]
    fn arrival_notices_are_on_until_turned_off_per_account() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::under(dir.path());
        assert!(AccountSettings::notifies_arrivals(&paths, "dbid:ada"));
        AccountSettings::set_notifies_arrivals(&paths, "dbid:ada", false).unwrap();
        assert!(!AccountSettings::notifies_arrivals(&paths, "dbid:ada"));
        assert!(AccountSettings::notifies_arrivals(&paths, "dbid:grace"));
        let written = std::fs::read_to_string(AccountSettings::file(&paths, "dbid:ada")).unwrap();
        assert!(written.contains("\"mute_arrivals\": true"), "{written}");
        AccountSettings::set_notifies_arrivals(&paths, "dbid:ada", true).unwrap();
        assert!(AccountSettings::notifies_arrivals(&paths, "dbid:ada"));
        let written = std::fs::read_to_string(AccountSettings::file(&paths, "dbid:ada")).unwrap();
        assert!(
            !written.contains("mute_arrivals"),
            "on is not written: {written}"
        );
    }

    #[test]
    fn a_folder_is_only_inside_the_own_folder_at_a_path_boundary() {
        assert_eq!(strip_folder("/Ada Lovelace/x", "/ada lovelace"), Some("/x"));
        assert_eq!(strip_folder("/Ada Lovelace", "/Ada Lovelace"), Some(""));
        assert_eq!(strip_folder("/Ada Lovelaces/x", "/Ada Lovelace"), None);
        assert_eq!(strip_folder("/Ad", "/Ada Lovelace"), None);
        assert_eq!(strip_folder("/Müller/x", "/Mü"), None);
        // A cut inside a character is not a match (nor a panic).
        assert_eq!(strip_folder("/Mü", "/Mx"), None);
    }
}
