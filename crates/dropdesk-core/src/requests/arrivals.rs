//! Files arriving in open requests while the app runs, for the desktop's notifications.
//!
//! One longpoll watches every open request: a recursive cursor on the deepest folder that
//! holds all their folders (the top of Dropbox when they have nothing in common). What comes
//! in is told a request at a time, grouped, and at most once a minute per request
//! ([`Notices`]).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use dropbox_client::types::files::{ListFolderArg, ListFolderError, Metadata};
use dropbox_client::{Client, Error, routes::files};
use jiff::Timestamp;

use super::RequestView;
use super::deadline::from_dropbox;
use crate::error::CoreError;
use crate::text::is_bidi_control;

/// Dropbox answers a longpoll without changes after this long.
const LONGPOLL_SECS: u64 = 30;
/// Quiet longpolls between two readings of the request list (a request opened, closed or
/// made elsewhere is watched, or no longer, within about five minutes).
const QUIET_POLLS_PER_REFRESH: u32 = 10;
/// With nothing open to watch, the list is read again this often.
const IDLE_REFRESH: Duration = Duration::from_secs(300);
/// A request is told about at most once in this time; what comes in meanwhile waits.
pub const NOTICE_EVERY: Duration = Duration::from_secs(60);
/// File names a notice lists before "and N more".
const NAMES_SHOWN: usize = 3;

/// A file that arrived in an open request's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub request_id: String,
    pub title: String,
    pub file_name: String,
    /// After the deadline (within the grace period).
    pub late: bool,
}

#[derive(Clone, Debug)]
struct Watched {
    id: String,
    title: String,
    deadline: Option<Timestamp>,
}

/// Open requests by their folder (lower case, as Dropbox compares paths).
fn watched(requests: &[RequestView]) -> HashMap<String, Watched> {
    let mut by_folder = HashMap::new();
    for request in requests.iter().filter(|r| r.is_open) {
        let Some(folder) = &request.destination else {
            continue;
        };
        // Two requests into one folder: the files are told as the newest one's.
        by_folder
            .entry(folder.to_lowercase())
            .or_insert_with(|| Watched {
                id: request.id.clone(),
                title: request.title.clone(),
                deadline: request.deadline.as_deref().and_then(from_dropbox),
            });
    }
    by_folder
}

/// The deepest folder that holds every one of `folders` (lower-case Dropbox paths); `""`, the
/// top of Dropbox, when they share nothing; `None` without folders.
pub fn covering_folder<'a>(folders: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut common: Option<Vec<&str>> = None;
    for folder in folders {
        let parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        common = Some(match common {
            None => parts,
            Some(so_far) => so_far
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common.map(|parts| {
        parts
            .iter()
            .map(|part| format!("/{part}"))
            .collect::<String>()
    })
}

/// Watches every open request of one account with a single longpoll.
pub struct ArrivalWatch {
    watched: HashMap<String, Watched>,
    /// The folder the cursor covers, and the cursor; `None` with nothing open.
    cursor: Option<(String, String)>,
    quiet_polls: u32,
}

impl ArrivalWatch {
    /// Reads the open requests and takes a cursor that sees what arrives from now on.
    pub async fn start(client: &Client) -> Result<Self, CoreError> {
        let mut watch = Self {
            watched: HashMap::new(),
            cursor: None,
            quiet_polls: 0,
        };
        watch.refresh(client).await?;
        Ok(watch)
    }

    /// How many requests are watched, and the one folder their longpoll covers.
    pub fn covering(&self) -> (usize, Option<&str>) {
        (
            self.watched.len(),
            self.cursor.as_ref().map(|(folder, _)| folder.as_str()),
        )
    }

    /// Reads the request list again; takes a new cursor when the covering folder moved.
    async fn refresh(&mut self, client: &Client) -> Result<(), CoreError> {
        let list = super::list(client).await?;
        self.watched = watched(&list.requests);
        self.quiet_polls = 0;
        let covering = covering_folder(self.watched.keys().map(String::as_str));
        match (covering, &self.cursor) {
            (None, _) => self.cursor = None,
            (Some(folder), Some((now, _))) if *now == folder => {}
            (Some(folder), _) => {
                let cursor = latest_cursor(client, &folder).await?;
                self.cursor = Some((folder, cursor));
            }
        }
        Ok(())
    }

    /// Waits (up to Dropbox's longpoll time, or a few minutes with nothing open) and answers
    /// what arrived meanwhile, usually nothing. An error (no network, a sleeping machine
    /// waking) keeps the cursor: called again, it answers what arrived while it was away.
    pub async fn next(&mut self, client: &Client) -> Result<Vec<Arrival>, CoreError> {
        let Some((folder, cursor)) = self.cursor.clone() else {
            tokio::time::sleep(IDLE_REFRESH).await;
            self.refresh(client).await?;
            return Ok(Vec::new());
        };
        let polled = match files::list_folder_longpoll(client, &cursor, LONGPOLL_SECS).await {
            Ok(polled) => polled,
            Err(Error::Route(ListFolderError::Reset)) => return self.start_again(client).await,
            Err(other) => return Err(other.into()),
        };
        if !polled.changes {
            if let Some(secs) = polled.backoff {
                tokio::time::sleep(Duration::from_secs(secs)).await;
            }
            self.quiet_polls += 1;
            if self.quiet_polls >= QUIET_POLLS_PER_REFRESH {
                self.refresh(client).await?;
            }
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        let mut cursor = cursor;
        loop {
            let page = match files::list_folder_continue(client, &cursor).await {
                Ok(page) => page,
                Err(Error::Route(ListFolderError::Reset)) => return self.start_again(client).await,
                Err(other) => return Err(other.into()),
            };
            files.extend(page.entries.into_iter().filter_map(|entry| match entry {
                Metadata::File(file) => Some(file),
                _ => None,
            }));
            cursor = page.cursor;
            if !page.has_more {
                break;
            }
        }
        self.cursor = Some((folder, cursor));
        // A file in a folder no watched request collects into may be a request made since.
        let unknown = files.iter().any(|file| {
            !self
                .watched
                .contains_key(parent(file.path_lower.as_deref()))
        });
        if unknown {
            self.refresh(client).await?;
        }
        Ok(files
            .into_iter()
            .filter_map(|file| {
                let request = self.watched.get(parent(file.path_lower.as_deref()))?;
                let uploaded = from_dropbox(&file.server_modified);
                Some(Arrival {
                    request_id: request.id.clone(),
                    title: request.title.clone(),
                    late: matches!((uploaded, request.deadline), (Some(at), Some(due)) if at > due),
                    file_name: file.name,
                })
            })
            .collect())
    }

    /// Dropbox can no longer say what changed since the cursor: watching starts again from
    /// now (what arrived in between is in the request's list, not in a notice).
    async fn start_again(&mut self, client: &Client) -> Result<Vec<Arrival>, CoreError> {
        self.cursor = None;
        self.refresh(client).await?;
        Ok(Vec::new())
    }
}

fn parent(path_lower: Option<&str>) -> &str {
    let path = path_lower.unwrap_or_default();
    path.rfind('/').map_or("", |slash| &path[..slash])
}

async fn latest_cursor(client: &Client, folder: &str) -> Result<String, CoreError> {
    let mut arg = ListFolderArg::new(folder.to_owned());
    arg.recursive = true;
    files::list_folder_get_latest_cursor(client, &arg)
        .await
        .map_err(|error| match error {
            Error::Route(ListFolderError::Path { path }) => crate::lookup::lookup_refused(&path),
            other => other.into(),
        })
}

/// A desktop notification about one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub request_id: String,
    /// Plain text: "4 new submissions to Homework 3 · 1 late".
    pub summary: String,
    /// The files' names, escaped for the servers that read markup in a body.
    pub body: String,
}

#[derive(Debug, Default)]
struct Group {
    title: String,
    files: Vec<String>,
    late: usize,
}

/// What arrived and has not been told yet, a request at a time, at most once a minute each.
#[derive(Debug, Default)]
pub struct Notices {
    pending: BTreeMap<String, Group>,
    told: HashMap<String, Instant>,
}

impl Notices {
    pub fn add(&mut self, arrivals: Vec<Arrival>) {
        for arrival in arrivals {
            let group = self.pending.entry(arrival.request_id).or_default();
            group.title = arrival.title;
            group.late += usize::from(arrival.late);
            group.files.push(arrival.file_name);
        }
    }

    /// The notices that may be shown at `now`: every waiting request not told of in the last
    /// minute. They count as told.
    pub fn due(&mut self, now: Instant) -> Vec<Notice> {
        self.told
            .retain(|_, at| now.saturating_duration_since(*at) < NOTICE_EVERY);
        let ready: Vec<String> = self
            .pending
            .keys()
            .filter(|id| self.may_tell(id, now))
            .cloned()
            .collect();
        ready
            .into_iter()
            .filter_map(|id| {
                let group = self.pending.remove(&id)?;
                self.told.insert(id.clone(), now);
                Some(notice(id, group))
            })
            .collect()
    }

    /// When the next waiting notice may be shown (`now` or later); `None` when none waits.
    pub fn next_due(&self, now: Instant) -> Option<Instant> {
        self.pending
            .keys()
            .map(|id| {
                self.told
                    .get(id)
                    .map_or(now, |at| (*at + NOTICE_EVERY).max(now))
            })
            .min()
    }

    fn may_tell(&self, id: &str, now: Instant) -> bool {
        self.told
            .get(id)
            .is_none_or(|at| now.saturating_duration_since(*at) >= NOTICE_EVERY)
    }
}

fn notice(request_id: String, group: Group) -> Notice {
    let count = group.files.len();
    let what = if count == 1 {
        "1 new submission".to_owned()
    } else {
        format!("{count} new submissions")
    };
    let late = match group.late {
        0 => String::new(),
        n if n == count && n > 1 => " · all late".to_owned(),
        n => format!(" · {n} late"),
    };
    let summary = format!("{what} to {}{late}", isolated(&group.title));
    let mut names: Vec<String> = group
        .files
        .iter()
        .take(NAMES_SHOWN)
        .map(|name| escaped(&isolated(name)))
        .collect();
    if count > NAMES_SHOWN {
        names.push(format!("and {} more", count - NAMES_SHOWN));
    }
    Notice {
        request_id,
        summary,
        body: names.join("\n"),
    }
}

/// Someone else's text inside ours: without control or direction characters of its own, and
/// isolated, so a right-to-left title does not turn the words around it.
fn isolated(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    format!("\u{2068}{clean}\u{2069}")
}

/// The body may be read as markup (the notification spec's `body-markup`).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrival(id: &str, name: &str, late: bool) -> Arrival {
        Arrival {
            request_id: id.into(),
            title: format!("Homework {id}"),
            file_name: name.into(),
            late,
        }
    }

    #[test]
    fn the_covering_folder_is_the_deepest_one_holding_all() {
        let cover = |folders: &[&str]| covering_folder(folders.iter().copied());
        assert_eq!(cover(&[]), None);
        assert_eq!(cover(&["/cs101/hw1"]).as_deref(), Some("/cs101/hw1"));
        assert_eq!(
            cover(&[
                "/courses/cs101/hw1",
                "/courses/cs101/hw2",
                "/courses/cs101/hw10"
            ])
            .as_deref(),
            Some("/courses/cs101")
        );
        // Whole names, not letters: /hw1 and /hw10 share the top only.
        assert_eq!(cover(&["/hw1", "/hw10"]).as_deref(), Some(""));
        assert_eq!(
            cover(&["/courses/a/x", "/courses/b"]).as_deref(),
            Some("/courses")
        );
        assert_eq!(cover(&["/cs101/hw1", "/ma201/hw1"]).as_deref(), Some(""));
    }

    #[test]
    fn arrivals_are_told_grouped_per_request_with_the_late_ones_counted() {
        let mut notices = Notices::default();
        notices.add(vec![
            arrival("3", "a.pdf", false),
            arrival("3", "b.pdf", true),
            arrival("3", "c.pdf", false),
            arrival("3", "d.pdf", false),
            arrival("5", "e.pdf", false),
        ]);
        let now = Instant::now();
        let told = notices.due(now);
        assert_eq!(told.len(), 2);
        assert_eq!(
            told[0].summary,
            "4 new submissions to \u{2068}Homework 3\u{2069} · 1 late"
        );
        assert_eq!(
            told[0].body,
            "\u{2068}a.pdf\u{2069}\n\u{2068}b.pdf\u{2069}\n\u{2068}c.pdf\u{2069}\nand 1 more"
        );
        assert_eq!(
            told[1].summary,
            "1 new submission to \u{2068}Homework 5\u{2069}"
        );
        assert!(notices.due(now).is_empty(), "nothing waits");
        assert_eq!(notices.next_due(now), None);
    }

    #[test]
    fn a_request_is_told_at_most_once_a_minute_and_what_waits_is_told_after() {
        let mut notices = Notices::default();
        let start = Instant::now();
        notices.add(vec![arrival("3", "a.pdf", false)]);
        assert_eq!(notices.due(start).len(), 1);

        notices.add(vec![
            arrival("3", "b.pdf", true),
            arrival("3", "c.pdf", true),
        ]);
        assert!(notices.due(start + Duration::from_secs(59)).is_empty());
        let soon = start + Duration::from_secs(59);
        assert_eq!(notices.next_due(soon), Some(start + NOTICE_EVERY));
        // Another request is not held back by this one.
        notices.add(vec![arrival("4", "z.pdf", false)]);
        assert_eq!(
            notices.next_due(soon),
            Some(soon),
            "a request never told is due now"
        );
        let other = notices.due(start + Duration::from_secs(59));
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].request_id, "4");

        let later = notices.due(start + NOTICE_EVERY);
        assert_eq!(later.len(), 1);
        assert_eq!(
            later[0].summary,
            "2 new submissions to \u{2068}Homework 3\u{2069} · all late"
        );
    }

    #[test]
    fn names_from_dropbox_cannot_mark_up_or_turn_the_notice_around() {
        let mut notices = Notices::default();
        notices.add(vec![Arrival {
            request_id: "1".into(),
            title: "HW\u{202E}1\n<b>".into(),
            file_name: "<img src=x>&\u{202E}fdp.exe".into(),
            late: false,
        }]);
        let told = notices.due(Instant::now()).remove(0);
        assert_eq!(told.summary, "1 new submission to \u{2068}HW1<b>\u{2069}");
        assert_eq!(told.body, "\u{2068}&lt;img src=x&gt;&amp;fdp.exe\u{2069}");
    }

    #[test]
    fn files_belong_to_the_request_whose_folder_holds_them() {
        assert_eq!(parent(Some("/cs101/hw3/a - ada.pdf")), "/cs101/hw3");
        assert_eq!(parent(Some("/top.pdf")), "");
        assert_eq!(parent(None), "");
    }
}
